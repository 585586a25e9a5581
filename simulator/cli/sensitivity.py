"""``cms-sim sensitivity``: each assumption at the ends of its range, ranked
by how much a metric moves."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.cli.options import load_scenarios, run_options, run_settings

__all__ = ["add_parser", "run"]

#: The assumptions printed (the file has them all).
SHOWN = 15


def add_parser(commands) -> None:
    sens = commands.add_parser(
        "sensitivity",
        help="one assumption at a time: which moves a metric most",
        description="Run a scenario with each behavioural assumption at the low and the high "
        "end of its range (the others central) and rank them by how much METRIC moves.",
    )
    sens.add_argument("scenario", type=Path, help="scenario file, or a shipped scenario's name")
    sens.add_argument("--metric", required=True, help="a metric name from metrics.csv")
    run_options(sens, replications=False)


#: Every file ``sensitivity`` writes to ``--out``.
OUTPUT_FILES = ("sensitivity.csv",)


def run(args: argparse.Namespace) -> int:
    from simulator.cli.options import stderr_progress
    from simulator.experiments.sensitivity import sensitivity
    from simulator.reports.files import check_output_folder, output_folder, write_csv_atomic

    (scenario,) = load_scenarios([args.scenario], args.months)
    families, population = run_settings(args)
    check_output_folder(args.out, OUTPUT_FILES)
    table = sensitivity(scenario, args.metric, families, population, stderr_progress)
    print(file=sys.stderr)
    with output_folder(args.out, OUTPUT_FILES) as new:  # all-or-nothing
        write_csv_atomic(table, new / "sensitivity.csv")
    print(table.head(SHOWN)[["assumption", "metric_at_low", "metric_at_high", "swing"]].to_string())
    print(f"written to {args.out}/sensitivity.csv", file=sys.stderr)
    return 0
