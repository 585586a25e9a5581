"""``cms-sim validate``: the baseline against published figures it was not
fitted to (shares, and every money row of data/targets.csv not fitted), and
what the model covers (``validation_report.md`` and CSVs); and DWP's static
method for the single collection service beside the model's estimate
(``reform_estimates.csv``)."""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator.cli.options import load_scenarios, run_options, run_settings

__all__ = ["add_parser", "run"]


def add_parser(commands) -> None:
    validate = commands.add_parser(
        "validate",
        help="compare the baseline with published figures it was not fitted to",
        description="Run the baseline scenario and write validation_report.md/.csv: published "
        "figures not used in fitting against the simulated ones, and what the model "
        "simulates, partly simulates, imputes or excludes.",
    )
    validate.add_argument(
        "--scenario",
        type=Path,
        default=None,
        help="baseline scenario (default scenarios/baseline.yaml)",
    )
    run_options(validate, replications=False)


#: Every file ``validate`` writes to ``--out``.
OUTPUT_FILES = (
    "validation_report.csv",
    "coverage.csv",
    "validation_money.csv",
    "reform_estimates.csv",
    "validation_report.md",
)


def run(args: argparse.Namespace) -> int:
    from simulator.experiments.reform_estimates import reform_estimates
    from simulator.experiments.runs import run_scenario
    from simulator.experiments.validation import coverage_table, money_table, validation_table
    from simulator.population import full_gb_population, synthesise_population
    from simulator.reports.files import (
        check_output_folder,
        output_folder,
        write_csv_atomic,
        write_text_atomic,
    )
    from simulator.reports.validation import validation_markdown
    from simulator.scenarios.load import SCENARIO_FOLDER

    path = args.scenario or SCENARIO_FOLDER / "baseline.yaml"
    (scenario,) = load_scenarios([path], args.months)
    families, population = run_settings(args)
    check_output_folder(args.out, OUTPUT_FILES)
    if population is None:
        population = (
            full_gb_population(scenario.seed, scenario.start, entrant_months=scenario.months)
            if families is None
            else synthesise_population(
                families, scenario.seed, scenario.start, entrant_months=scenario.months
            )
        )
    result = run_scenario(population, scenario)
    table = validation_table(population, result)
    money = money_table(population, result)
    coverage = coverage_table()
    estimates = reform_estimates(population, scenario)
    text = validation_markdown(
        table,
        coverage,
        scenario.file,
        population.families_at_date(),
        scenario.seed,
        scenario.months,
        scenario.start,
        money,
        estimates,
    )
    with output_folder(args.out, OUTPUT_FILES) as new:  # all-or-nothing
        write_csv_atomic(table, new / "validation_report.csv")
        write_csv_atomic(coverage, new / "coverage.csv")
        write_csv_atomic(money, new / "validation_money.csv")
        write_csv_atomic(estimates, new / "reform_estimates.csv")
        write_text_atomic(text + "\n", new / "validation_report.md")
    print(text)
    return 0
