"""``cms-sim calibration-report``: the population (and the behaviour) against
every published target, as CSV tables and ``calibration_report.md``."""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path

from simulator.cli.options import population_options

__all__ = ["add_parser", "run"]


def add_parser(commands) -> None:
    report = commands.add_parser(
        "calibration-report",
        help="compare the population with every published target (CSV and Markdown)",
    )
    population_options(report)
    report.add_argument(
        "--population", type=Path, help="use a population saved by 'cms-sim population' instead"
    )
    report.add_argument(
        "--no-dynamics",
        action="store_true",
        help="leave out the behaviour section (which runs 24 months of the dynamics)",
    )
    report.add_argument(
        "--out",
        type=Path,
        default=Path("calibration-report"),
        help="folder for calibration_report.csv/.md (default: calibration-report)",
    )


#: Every file ``calibration-report`` writes to ``--out``.
OUTPUT_FILES = (
    "calibration_report.csv",
    "unfitted_assumptions.csv",
    "calculation_mix.csv",
    "liabilities_by_service.csv",
    "benefits_at_the_margin.csv",
    "behaviour_calibration.csv",
    "calibration_report.md",
)


def run(args: argparse.Namespace) -> int:
    from simulator.population import Population, synthesise_population
    from simulator.population.report import calibration_report
    from simulator.reports.calibration import calibration_markdown
    from simulator.reports.files import (
        check_output_folder,
        output_folder,
        write_csv_atomic,
        write_text_atomic,
    )

    check_output_folder(args.out, OUTPUT_FILES)

    if args.population is not None:
        pop = Population.load(args.population)
    else:
        pop = synthesise_population(args.families, args.seed, args.date or _dt.date.today())
    report = calibration_report(pop)
    if not args.no_dynamics:
        from simulator.experiments.fit_behaviour import behaviour_calibration

        report["behaviour"] = behaviour_calibration(pop)
    targets = report["targets"]
    text = calibration_markdown(report, pop.families_at_date(), pop.seed, pop.date, pop.metadata)
    with output_folder(args.out, OUTPUT_FILES) as new:  # all-or-nothing
        write_csv_atomic(targets, new / "calibration_report.csv")
        write_csv_atomic(report["assumptions"], new / "unfitted_assumptions.csv")
        write_csv_atomic(report["calculation_mix"], new / "calculation_mix.csv")
        write_csv_atomic(report["liabilities"], new / "liabilities_by_service.csv")
        write_csv_atomic(report["benefits_at_the_margin"], new / "benefits_at_the_margin.csv")
        if "behaviour" in report:
            write_csv_atomic(report["behaviour"], new / "behaviour_calibration.csv")
        write_text_atomic(text, new / "calibration_report.md")
    fitted = targets[targets.treatment.isin(["fitted", "generator_fitted"])]
    worst = fitted.relative_gap.abs().max()
    print(text)
    print(
        f"{len(fitted)} fitted targets (largest gap {worst:.2%}), "
        f"{(targets.treatment == 'compared').sum()} compared, "
        f"{len(report['assumptions'])} unfitted assumptions; written to {args.out}/",
        file=sys.stderr,
    )
    return 0
