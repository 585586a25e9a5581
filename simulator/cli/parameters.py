"""``cms-sim parameters``: the statutory parameters in force on a date."""

from __future__ import annotations

import argparse
import datetime as _dt
import sys

import pandas as pd

from simulator.cli.options import parse_date
from simulator.inputs.parameters import load_parameters

__all__ = ["add_parser", "run"]


def add_parser(commands) -> None:
    params = commands.add_parser("parameters", help="list the statutory parameters in force")
    params.add_argument("--date", type=parse_date, help="date (default: today)")
    params.add_argument("--csv", action="store_true", help="print as CSV")


def run(args: argparse.Namespace) -> int:
    from simulator.reports.sources import parameter_table

    parameters = load_parameters()
    when = args.date or _dt.date.today()
    p = parameters.at(when)
    table = parameter_table(parameters, when).drop(columns=["link"])
    if args.csv:
        table.to_csv(sys.stdout, index=False)
    else:
        print(f"Statutory parameters in force on {when} (period from {p.date}):")
        with pd.option_context("display.max_colwidth", 60, "display.width", 200):
            print(table.drop(columns=["reference"]).to_string(index=False))
    return 0
