"""``cms-sim calc``: weekly child maintenance for the cases of a CSV file, or
one case described by flags, optionally explained step by step."""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.calculator.batch import (
    COLUMNS,
    FLAG,
    cases_from_frame,
    format_results,
    read_cases,
    write_csv_atomic,
)
from simulator.calculator.explain import explain_case, format_explanation
from simulator.cli.options import UserError, parse_date
from simulator.inputs.parameters import SCHEME_START, load_parameters

__all__ = ["add_parser", "run"]


def add_parser(commands) -> None:
    calc = commands.add_parser(
        "calc",
        help="work out weekly child maintenance for cases in a CSV file (or one case from flags)",
        description=(
            "Work out weekly child maintenance under the statutory rules. Input columns: "
            + ", ".join(COLUMNS)
            + ". Optional columns default to 0. care_nights groups the qualifying children by "
            "receiving parent: '|' between receiving parents, ',' between children, each value "
            "the nights a year with the paying parent (e.g. 0,104|52)."
        ),
    )
    calc.add_argument("input", nargs="?", type=Path, help="input CSV file (one row per case)")
    calc.add_argument(
        "-o", "--output", type=Path, help="output CSV file (default: print the results)"
    )
    calc.add_argument(
        "--date", type=parse_date, help="effective date for rows without one (default: today)"
    )
    calc.add_argument(
        "--explain",
        action="store_true",
        help="print the calculation of one case step by step with legal references",
    )
    calc.add_argument("--case-id", help="with --explain and a file: the case to explain")
    single = calc.add_argument_group(
        "one case from flags (instead of INPUT)",
        "Give at least --gross-weekly-income and --care-nights.",
    )
    for column, (kind, _, meaning) in COLUMNS.items():
        if column == "case_id":
            continue
        if kind == FLAG:
            single.add_argument(_flag_name(column), dest=column, action="store_true", help=meaning)
        else:
            single.add_argument(_flag_name(column), dest=column, metavar="VALUE", help=meaning)


def _flag_name(column: str) -> str:
    return "--" + column.replace("_", "-")


def _cases_from_flags(args: argparse.Namespace, today: _dt.date):
    given = {c: getattr(args, c) for c in COLUMNS if c != "case_id"}
    if given["gross_weekly_income"] is None or given["care_nights"] is None:
        raise UserError(
            "give an INPUT file, or describe one case with at least --gross-weekly-income and "
            "--care-nights (e.g. cms-sim calc --explain --gross-weekly-income 450 --care-nights 0)"
        )
    row = {"case_id": "command-line case"}
    for column, value in given.items():
        if COLUMNS[column][0] == FLAG:
            row[column] = "1" if value else "0"
        elif value is None:
            row[column] = "0" if column == "relevant_other_children" else ""
        else:
            row[column] = str(value)
    names = {c: _flag_name(c) for c in COLUMNS}
    return cases_from_frame(
        pd.DataFrame([row]), "command line", np.array([0]), today, column_names=names
    )


def _any_case_flags(args: argparse.Namespace) -> bool:
    return any(getattr(args, c) not in (None, False) for c in COLUMNS if c != "case_id")


def run(args: argparse.Namespace) -> int:
    today = args.date or _dt.date.today()
    if args.date is not None and args.date < SCHEME_START:
        raise UserError(
            f"--date {args.date} is before the 2012 scheme began ({SCHEME_START}); the "
            "simulator does not model the earlier schemes. Fix: give a date on or after it"
        )
    parameters = load_parameters()
    if args.input is not None:
        if _any_case_flags(args):
            raise UserError("give either an INPUT file or flags describing one case, not both")
        cases = read_cases(args.input, today)
    else:
        cases = _cases_from_flags(args, today)

    if args.explain:
        if args.case_id is not None:
            index = np.flatnonzero(cases.case_id == args.case_id)
            if index.size == 0:
                raise UserError(f"no case with case_id '{args.case_id}' in {args.input}")
            cases = cases.select(index)
        elif len(cases) != 1:
            raise UserError(
                f"--explain takes one case; {args.input} has {len(cases)}. "
                "Choose one with --case-id ID."
            )
        _, steps = explain_case(cases, parameters)
        print(f"Case '{cases.case_id[0]}', rules in force on {cases.effective_date[0]}")
        print()
        print(format_explanation(steps), end="")
        return 0

    results = format_results(cases, parameters)
    if args.output is None:
        results.to_csv(sys.stdout, index=False)
        return 0
    if args.input is not None and args.output.resolve() == args.input.resolve():
        raise UserError(
            "the output file is the input file; choose another name so the input is not overwritten"
        )
    try:
        write_csv_atomic(results, args.output)
    except OSError as exc:
        raise UserError(f"cannot write {args.output}: {exc.strerror or exc}") from None
    print(f"Calculated {len(results)} case(s); results written to {args.output}", file=sys.stderr)
    return 0
