"""``cms-sim``: the command-line interface.

    cms-sim calc INPUT.csv [-o OUTPUT.csv] [--date YYYY-MM-DD]
    cms-sim calc --explain INPUT.csv [--case-id ID]
    cms-sim calc --explain --gross-weekly-income 450 --care-nights 0,104 [...]
    cms-sim parameters [--date YYYY-MM-DD] [--csv]
    cms-sim population --families N --seed S [--date D] --out FILE.parquet  (or --full-gb)
    cms-sim calibration-report [--families N] [--seed S] [--date D] [--out DIR] [--no-dynamics]
    cms-sim simulate [--families N | --population FILE] [--months M] [--out DIR]
    cms-sim run SCENARIO.yaml [--families N | --full-gb | --population F] [--replications K]
    cms-sim compare BASELINE.yaml REFORM.yaml [...] [--families N] [--months M]
            [--replications K] [--out DIR]
    cms-sim sensitivity SCENARIO.yaml --metric M [--families N] [--out DIR]
    cms-sim validate [--families N] [--out DIR]
    cms-sim sweep SWEEP.yaml --out DIR [--scheduler serial|dask-local|tcp://HOST:PORT]
    cms-sim fit-behaviour [--families N] [--seed S] [--date D] [--write]

User mistakes get a clear message on stderr and exit status 2; nothing is
written unless everything succeeded.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from simulator import __version__
from simulator.allocator import tune_allocator
from simulator.calculator.batch import (
    COLUMNS,
    FLAG,
    cases_from_frame,
    format_results,
    read_cases,
    write_csv_atomic,
)
from simulator.calculator.explain import explain_case, format_explanation
from simulator.errors import SimulatorError
from simulator.inputs.parameters import load_parameters

EXIT_USER_ERROR = 2
#: The default interactive population: a weighted sample of this many families.
DEFAULT_FAMILIES = 100_000
DEFAULT_SEED = 20260401


class UserError(SimulatorError):
    """A mistake in how the command was used; printed without a traceback."""


def _date(text: str) -> _dt.date:
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date; write it as YYYY-MM-DD"
        ) from None


def _flag_name(column: str) -> str:
    return "--" + column.replace("_", "-")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cms-sim",
        description="Child Maintenance Service reform simulator (GB 2012 scheme).",
    )
    parser.add_argument("--version", action="version", version=f"cms-sim {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

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
        "--date", type=_date, help="effective date for rows without one (default: today)"
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

    params = commands.add_parser("parameters", help="list the statutory parameters in force")
    params.add_argument("--date", type=_date, help="date (default: today)")
    params.add_argument("--csv", action="store_true", help="print as CSV")

    population = commands.add_parser(
        "population",
        help="synthesise a population of separated families and save it as parquet",
        description="Synthesise separated families in GB (both households, net incomes, "
        "arrangements), weighted to the calibration targets.",
    )
    _population_options(population)
    population.add_argument(
        "--full-gb",
        action="store_true",
        help="the whole of GB, one family per real family (weight 1 each)",
    )
    population.add_argument(
        "--uniform-weights", action="store_true", help="equal weights instead of calibrated ones"
    )
    population.add_argument("--out", type=Path, required=True, help="output .parquet file")

    report = commands.add_parser(
        "calibration-report",
        help="compare the population with every published target (CSV and Markdown)",
    )
    _population_options(report)
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

    sim = commands.add_parser(
        "simulate",
        help="run the monthly dynamics on a population (current law) and save monthly totals",
        description="Move a population forward month by month under current law: incomes, "
        "what the CMS knows, arrangements, payments, enforcement and arrears. Writes "
        "monthly.csv (weighted GB totals per month) and quarterly.csv (compliance shares).",
    )
    _population_options(sim)
    sim.add_argument(
        "--population", type=Path, help="use a population saved by 'cms-sim population' instead"
    )
    sim.add_argument("--months", type=int, default=24, help="months to simulate (default 24)")
    sim.add_argument(
        "--out", type=Path, default=Path("simulation"), help="output folder (default simulation)"
    )

    run = commands.add_parser(
        "run",
        help="run one scenario and write its metrics (with ranges if --replications > 1)",
        description="Run a scenario file on a synthetic population and write metrics.csv, "
        "monthly.csv, scenario.yaml and run.json to --out.",
    )
    run.add_argument("scenario", type=Path, help="scenario file (scenarios/*.yaml)")
    _run_options(run)

    compare = commands.add_parser(
        "compare",
        help="run a baseline and reforms on the same families and compare them",
        description="Run BASELINE and each REFORM on the same families with the same random "
        "draws; write metrics.csv (levels and changes against the baseline, with low-high "
        "ranges), deciles.csv, monthly.csv, scenario.yaml and run.json to --out.",
    )
    compare.add_argument(
        "scenarios",
        type=Path,
        nargs="+",
        metavar="SCENARIO.yaml",
        help="the baseline first, then one or more reforms",
    )
    _run_options(compare)

    sens = commands.add_parser(
        "sensitivity",
        help="one assumption at a time: which moves a metric most",
        description="Run a scenario with each behavioural assumption at the low and the high "
        "end of its range (the others central) and rank them by how much METRIC moves.",
    )
    sens.add_argument("scenario", type=Path, help="scenario file")
    sens.add_argument("--metric", required=True, help="a metric name from metrics.csv")
    _run_options(sens, replications=False)

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
    _run_options(validate, replications=False)

    sweep = commands.add_parser(
        "sweep",
        help="run a reform at many settings (a sweep file), locally or on a Dask cluster",
        description="Run every point of a sweep file with its replications and write "
        "sweep.csv (point x replication x metric) and summary.csv (central value and "
        "5th-95th percentiles) to --out. Rerunning with the same --out skips finished points.",
    )
    sweep.add_argument("sweep", type=Path, help="sweep file (sweeps/*.yaml)")
    sweep.add_argument("--out", type=Path, required=True, help="output folder")
    sweep.add_argument(
        "--scheduler",
        default=None,
        help="where to run: local processes (default), 'serial', 'dask-local' (a local Dask "
        "cluster) or a Dask scheduler address such as tcp://host:8786",
    )
    sweep.add_argument("--workers", type=int, default=None, help="local workers (default: cores)")

    fit = commands.add_parser(
        "fit-behaviour",
        help="fit the compliance model to the published compliance figures",
        description="Fit the four fitted behavioural parameters "
        "(simulator/inputs/register/behaviour_fitted.yaml) so that the baseline reproduces the "
        "published Collect and Pay and Direct Pay compliance figures and the Direct Pay to "
        "Collect and Pay move rate, at the central, low and high ends of their ranges.",
    )
    _population_options(fit)
    fit.add_argument(
        "--write", action="store_true", help="write the fitted values into behaviour_fitted.yaml"
    )
    return parser


def _run_options(sub: argparse.ArgumentParser, replications: bool = True) -> None:
    size = sub.add_mutually_exclusive_group()
    size.add_argument(
        "--families",
        type=int,
        default=DEFAULT_FAMILIES,
        help=f"synthetic families (default {DEFAULT_FAMILIES:,})",
    )
    size.add_argument(
        "--full-gb",
        action="store_true",
        help="the whole of GB, one record per family (about 2.4 million)",
    )
    size.add_argument(
        "--population",
        type=Path,
        help="a population saved by 'cms-sim population' (used for every run)",
    )
    sub.add_argument(
        "--months", type=int, default=None, help="override the scenarios' horizon (months)"
    )
    if replications:
        sub.add_argument(
            "--replications",
            type=int,
            default=1,
            help="runs with other seeds and assumptions drawn from their ranges "
            "(default 1: no ranges)",
        )
    sub.add_argument(
        "--out", type=Path, default=Path("results"), help="output folder (default results)"
    )


def _population_options(sub: argparse.ArgumentParser) -> None:
    sub.add_argument(
        "--families",
        type=int,
        default=DEFAULT_FAMILIES,
        help=f"number of families to synthesise (default {DEFAULT_FAMILIES:,})",
    )
    sub.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    sub.add_argument(
        "--date", type=_date, default=None, help="population date (default: today; from 2024-04-06)"
    )


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


def run_calc(args: argparse.Namespace) -> int:
    today = args.date or _dt.date.today()
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


def run_parameters(args: argparse.Namespace) -> int:
    from simulator.scenarios.levers import parameter_table

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


def run_population(args: argparse.Namespace) -> int:
    from simulator.population import full_gb_population, synthesise_population

    when = args.date or _dt.date.today()
    if args.out.suffix != ".parquet":
        raise UserError(f"--out should be a .parquet file, not '{args.out}'")
    if not args.out.parent.exists():
        raise UserError(f"folder {args.out.parent} does not exist; create it first")
    if args.full_gb:
        pop = full_gb_population(args.seed, when)
    else:
        pop = synthesise_population(
            args.families,
            args.seed,
            when,
            weights="uniform" if args.uniform_weights else "calibrated",
        )
    pop.save(args.out)
    print(
        f"{len(pop):,} families ({pop.metadata['weights']} weights, seed {pop.seed}, "
        f"date {pop.date}) written to {args.out}",
        file=sys.stderr,
    )
    return 0


def run_calibration_report(args: argparse.Namespace) -> int:
    from simulator.population import Population, synthesise_population
    from simulator.population.calibrate import calibration_report
    from simulator.reports.files import write_csv_atomic, write_text_atomic

    if args.population is not None:
        pop = Population.load(args.population)
    else:
        pop = synthesise_population(args.families, args.seed, args.date or _dt.date.today())
    report = calibration_report(pop)
    if not args.no_dynamics:
        from simulator.experiments.fit_behaviour import behaviour_calibration

        report["behaviour"] = behaviour_calibration(pop)
    if not args.out.exists():
        args.out.mkdir(parents=True)
    elif not args.out.is_dir():
        raise UserError(f"--out {args.out} is a file; give a folder")
    targets = report["targets"]
    shown = targets[targets.treatment.isin(["fitted", "compared"])]
    text = _report_markdown(pop, report, shown)
    write_csv_atomic(targets, args.out / "calibration_report.csv")
    write_csv_atomic(report["assumptions"], args.out / "unfitted_assumptions.csv")
    write_csv_atomic(report["calculation_mix"], args.out / "calculation_mix.csv")
    if "behaviour" in report:
        write_csv_atomic(report["behaviour"], args.out / "behaviour_calibration.csv")
    write_text_atomic(text, args.out / "calibration_report.md")
    fitted = targets[targets.treatment == "fitted"]
    worst = fitted.relative_gap.abs().max()
    print(text)
    print(
        f"{len(fitted)} fitted targets (largest gap {worst:.2%}), "
        f"{(targets.treatment == 'compared').sum()} compared, "
        f"{len(report['assumptions'])} unfitted assumptions; written to {args.out}/",
        file=sys.stderr,
    )
    return 0


def _report_markdown(pop, report, shown) -> str:
    from simulator.reports.files import markdown_table

    columns = [
        "id",
        "quantity",
        "period",
        "target",
        "achieved",
        "relative_gap",
        "treatment",
        "note",
    ]
    shown = shown.assign(
        target=[_format_value(v, u) for v, u in zip(shown.target, shown.unit, strict=True)],
        achieved=[_format_value(v, u) for v, u in zip(shown.achieved, shown.unit, strict=True)],
        relative_gap=[f"{g:+.1%}" if g == g and g is not None else "" for g in shown.relative_gap],
    )
    mix = report["calculation_mix"].assign(
        share=[f"{v:.1%}" for v in report["calculation_mix"].share]
    )
    out = [
        "# Calibration report",
        "",
        f"Population: {len(pop):,} families, seed {pop.seed}, date {pop.date}, "
        f"{pop.metadata.get('weights')} weights; model {pop.metadata.get('model_version')}, "
        f"parameters {pop.metadata.get('parameters_digest')}, "
        f"assumptions {pop.metadata.get('assumptions_digest')}.",
        "",
        "Fitted targets are matched by the calibration weights (within 2%); compared ones are "
        "not fitted (other vintages, conflicting sources, or validation rows) and their gaps "
        "are reported as they are. Shares are 0-1. The full list, with sources, is in "
        "calibration_report.csv.",
        "",
        markdown_table(shown[columns]),
        "## Model outputs with no published figure: the CMS calculation mix",
        "",
        "Shares of CMS arrangements by rate and by gross weekly income (declared); these rest "
        "on the assumptions below, since the calculation mix is not published in the sources "
        "available.",
        "",
        markdown_table(mix),
        *_behaviour_markdown(report.get("behaviour")),
        "## Unfitted assumptions (no published source)",
        "",
        markdown_table(
            report["assumptions"][["assumption", "central", "low", "high", "unit", "reasoning"]]
        ),
    ]
    return "\n".join(out)


def _behaviour_markdown(behaviour) -> list[str]:
    from simulator.reports.files import markdown_table

    if behaviour is None:
        return []
    shown = behaviour.assign(
        published=[_format_value(v, "share") for v in behaviour.published],
        simulated_fit_window=[_format_value(v, "share") for v in behaviour.simulated_fit_window],
        simulated_last_year=[_format_value(v, "share") for v in behaviour.simulated_last_year],
    )
    return [
        "## Behaviour: compliance and service moves (monthly dynamics)",
        "",
        "Four parameters of the compliance model are fitted (`cms-sim fit-behaviour`) so that "
        "the baseline reproduces the published Collect and Pay compliance shares, the Direct "
        "Pay survey share and the Direct Pay to Collect and Pay move rate (per month). These "
        "figures are therefore inputs, not validation. Other quarters of the same series and "
        "the payment-method mix are compared, not fitted. 'Fit window': the whole quarters "
        "of the first months the fit uses; 'last year': the last four quarters of a 24-month "
        "run, showing how far the baseline drifts from the fitted level as cases age.",
        "",
        markdown_table(
            shown[
                [
                    "id",
                    "measure",
                    "published",
                    "published_range",
                    "simulated_fit_window",
                    "simulated_last_year",
                    "treatment",
                ]
            ]
        ),
    ]


def _format_value(value, unit: str) -> str:
    if value is None or value != value:
        return ""
    if unit == "share":
        return f"{value:.1%}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def run_simulate(args: argparse.Namespace) -> int:
    from simulator.dynamics import simulate
    from simulator.population import Population, synthesise_population
    from simulator.reports.files import write_csv_atomic

    if args.months < 1:
        raise UserError(f"--months must be 1 or more, not {args.months}")
    if args.out.exists() and not args.out.is_dir():
        raise UserError(f"--out {args.out} is a file; give a folder")
    if args.population is not None:
        pop = Population.load(args.population)
    else:
        pop = synthesise_population(args.families, args.seed, args.date or _dt.date.today())
    result = simulate(pop, months=args.months)
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv_atomic(result.monthly, args.out / "monthly.csv")
    write_csv_atomic(result.quarterly, args.out / "quarterly.csv")
    last = result.monthly.iloc[-12:]
    print(
        f"{len(pop):,} families, {args.months} months from {result.metadata['start']}; "
        f"last {len(last)} months (GB): due £{last.due.sum() / 1e6:,.0f}m, "
        f"paid £{last.paid.sum() / 1e6:,.0f}m, received £{last.received.sum() / 1e6:,.0f}m, "
        f"arrears at the end £{last.arrears_stock.iloc[-1] / 1e6:,.0f}m"
    )
    print(f"written to {args.out}/monthly.csv and quarterly.csv", file=sys.stderr)
    return 0


def _load_scenarios(paths: list[Path], months: int | None):
    from simulator.scenarios.load import load_scenario

    scenarios = [load_scenario(p) for p in paths]  # every file validated before any run
    if months is not None:
        if months < 1:
            raise UserError(f"--months must be 1 or more, not {months}")
        scenarios = [s.with_horizon(s.start, months, s.seed) for s in scenarios]
    return scenarios


def _run_settings(args: argparse.Namespace):
    from simulator.population import Population

    if args.out.exists() and not args.out.is_dir():
        raise UserError(f"--out {args.out} is a file; give a folder")
    if args.families is not None and args.families < 1:
        raise UserError(f"--families must be 1 or more, not {args.families}")
    population = Population.load(args.population) if args.population else None
    families = None if args.full_gb else args.families
    return families, population


def _write_comparison(comparison, out: Path) -> None:
    import json

    import yaml

    from simulator.reports.files import write_csv_atomic, write_text_atomic

    out.mkdir(parents=True, exist_ok=True)
    write_csv_atomic(comparison.metrics, out / "metrics.csv")
    write_csv_atomic(comparison.deciles, out / "deciles.csv")
    write_csv_atomic(comparison.monthly, out / "monthly.csv")
    write_csv_atomic(comparison.quarterly, out / "quarterly.csv")
    resolved = {s.key: s.resolved() for s in comparison.scenarios}
    write_text_atomic(
        yaml.safe_dump(resolved, sort_keys=False, allow_unicode=True), out / "scenario.yaml"
    )
    write_text_atomic(json.dumps(comparison.run, indent=2) + "\n", out / "run.json")


#: Metrics shown on screen after a run (all are in metrics.csv).
HEADLINE = (
    "children_in_relative_poverty_bhc",
    "children_in_relative_poverty_ahc",
    "children_kept_out_of_poverty_by_maintenance_ahc",
    "maintenance_received_all_arrangements_annual_gbp",
    "collection_fees_receiving_parents_annual_gbp",
    "collect_and_pay_paid_some_share",
    "arrears_stock_end_gbp",
)


def _headline(metrics) -> str:
    lines = []
    for scenario, rows in metrics.groupby("scenario", sort=False):
        lines.append(scenario)
        for name in HEADLINE:
            for metric in (name, f"{name}_change"):
                row = rows[rows.metric == metric]
                if row.empty:
                    continue
                r = row.iloc[0]
                unit = "share" if r.unit == "share" else ""
                shown = _format_value(r.value, unit)
                if r.low != r.high:
                    shown += f" ({_format_value(r.low, unit)} to {_format_value(r.high, unit)})"
                lines.append(f"  {metric:58s} {shown}")
    return "\n".join(lines)


def run_compare(args: argparse.Namespace) -> int:
    from simulator.experiments.compare import compare, stderr_progress

    paths = [args.scenario] if args.command == "run" else args.scenarios
    scenarios = _load_scenarios(paths, args.months)
    families, population = _run_settings(args)
    comparison = compare(
        scenarios,
        families=families,
        replications=args.replications,
        population=population,
        progress=stderr_progress,
    )
    print(file=sys.stderr)
    _write_comparison(comparison, args.out)
    print(_headline(comparison.metrics))
    print(
        f"written to {args.out}/ (metrics.csv, deciles.csv, monthly.csv, quarterly.csv, "
        f"scenario.yaml, run.json) in {comparison.run['timings_seconds']['total']:.1f} s",
        file=sys.stderr,
    )
    return 0


def run_sensitivity(args: argparse.Namespace) -> int:
    from simulator.experiments.compare import sensitivity, stderr_progress
    from simulator.reports.files import write_csv_atomic

    (scenario,) = _load_scenarios([args.scenario], args.months)
    families, population = _run_settings(args)
    table = sensitivity(scenario, args.metric, families, population, stderr_progress)
    print(file=sys.stderr)
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv_atomic(table, args.out / "sensitivity.csv")
    print(table.head(15)[["assumption", "metric_at_low", "metric_at_high", "swing"]].to_string())
    print(f"written to {args.out}/sensitivity.csv", file=sys.stderr)
    return 0


def run_validate(args: argparse.Namespace) -> int:
    from simulator.experiments.compare import run_scenario
    from simulator.experiments.validation import coverage_table, validation_table
    from simulator.population import full_gb_population, synthesise_population
    from simulator.reports.files import markdown_table, write_csv_atomic, write_text_atomic
    from simulator.scenarios.load import SCENARIO_FOLDER

    path = args.scenario or SCENARIO_FOLDER / "baseline.yaml"
    (scenario,) = _load_scenarios([path], args.months)
    families, population = _run_settings(args)
    if population is None:
        population = (
            full_gb_population(scenario.seed, scenario.start)
            if families is None
            else synthesise_population(families, scenario.seed, scenario.start)
        )
    result = run_scenario(population, scenario)
    table = validation_table(population, result)
    coverage = coverage_table()
    shown = table.assign(
        published=[_format_value(v, "share") for v in table.published],
        simulated=[_format_value(v, "share") for v in table.simulated],
        gap=[f"{g * 100:+.1f} points" for g in table.gap],
    )
    text = "\n".join(
        [
            "# Validation report",
            "",
            f"Baseline: {scenario.file}, {len(population):,} families (seed {scenario.seed}), "
            f"{scenario.months} months from {scenario.start}; simulated values over the last "
            "four quarters. These published figures were **not** used to fit the population "
            "or the behaviour (those are in the calibration report); the gaps are as they are.",
            "",
            markdown_table(
                shown[["id", "quantity", "period", "published", "simulated", "gap", "comparison"]]
            ),
            "## What is simulated (S), partly simulated (PS), imputed (I) or excluded (E)",
            "",
            markdown_table(coverage),
        ]
    )
    args.out.mkdir(parents=True, exist_ok=True)
    write_csv_atomic(table, args.out / "validation_report.csv")
    write_csv_atomic(coverage, args.out / "coverage.csv")
    write_text_atomic(text + "\n", args.out / "validation_report.md")
    print(text)
    return 0


def run_sweep_command(args: argparse.Namespace) -> int:
    from simulator.experiments.sweep import load_sweep, run_sweep

    if args.out.exists() and not args.out.is_dir():
        raise UserError(f"--out {args.out} is a file; give a folder")
    sweep = load_sweep(args.sweep)  # every point validated before anything runs

    def progress(done: int, total: int) -> None:
        width = 40
        filled = int(width * done / total) if total else width
        print(
            f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} tasks",
            end="",
            file=sys.stderr,
            flush=True,
        )

    outcome = run_sweep(
        sweep, args.out, scheduler=args.scheduler, workers=args.workers, progress=progress
    )
    print(file=sys.stderr)
    print(
        f"{sweep.name}: {len(sweep.points)} points x {sweep.replications} replications; "
        f"{outcome['run']} run, {outcome['skipped']} already done, {outcome['failed']} failed; "
        f"written to {args.out}/sweep.csv and summary.csv"
    )
    for failure in outcome["failures"][:10]:
        print(
            f"failed: point {failure['point']} replication {failure['replication']}: "
            f"{failure['error']}",
            file=sys.stderr,
        )
    return 1 if outcome["failed"] else 0


def run_fit_behaviour(args: argparse.Namespace) -> int:
    from simulator.experiments.fit_behaviour import (
        FITTED,
        compliance_measures,
        fit_compliance,
        write_fitted,
    )
    from simulator.inputs.assumptions import load_assumptions
    from simulator.population import synthesise_population

    pop = synthesise_population(args.families, args.seed, args.date or _dt.date.today())
    assumptions = load_assumptions()
    fits = {end: fit_compliance(pop, assumptions, end) for end in ("central", "low", "high")}
    achieved = compliance_measures(pop, assumptions.with_overrides(fits["central"]))
    for path, (target, measure) in FITTED.items():
        print(
            f"{path.rsplit('.', 1)[-1]:32s} central {fits['central'][path]:8.4f} "
            f"(low {fits['low'][path]:.4f}, high {fits['high'][path]:.4f}): "
            f"{measure} {achieved[measure]:.4f}, published {assumptions[target].central:.4f}"
        )
    if args.write:
        write_fitted(fits["central"], fits["low"], fits["high"], pop)
        print("written to simulator/inputs/register/behaviour_fitted.yaml", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None) -> int:
    tune_allocator()  # speed only (simulator.allocator)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USER_ERROR
    commands = {
        "calc": run_calc,
        "parameters": run_parameters,
        "population": run_population,
        "calibration-report": run_calibration_report,
        "simulate": run_simulate,
        "run": run_compare,
        "compare": run_compare,
        "sensitivity": run_sensitivity,
        "validate": run_validate,
        "sweep": run_sweep_command,
        "fit-behaviour": run_fit_behaviour,
    }
    try:
        return commands[args.command](args)
    except SimulatorError as exc:  # a user mistake anywhere: its message, no traceback
        print(f"cms-sim {args.command}: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    except OSError as exc:  # e.g. an output folder that cannot be written
        print(f"cms-sim {args.command}: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR


if __name__ == "__main__":
    sys.exit(main())
