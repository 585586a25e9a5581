"""``cms-sim simulate``: a population moved forward month by month under
current law; monthly and quarterly totals."""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path

from simulator.cli.options import (
    UserError,
    check_months,
    population_options,
    refuse_a_file_as_folder,
    whole_number,
)

__all__ = ["add_parser", "run"]

#: The summary printed covers this many months at the end of the run.
SUMMARY_MONTHS = 12


def add_parser(commands) -> None:
    sim = commands.add_parser(
        "simulate",
        help="run the monthly dynamics on a population (current law) and save monthly totals",
        description="Move a population forward month by month under current law: incomes, "
        "what the CMS knows, arrangements, payments, enforcement and arrears. Writes "
        "monthly.csv (weighted GB totals per month) and quarterly.csv (compliance shares).",
    )
    population_options(sim)
    sim.add_argument(
        "--population", type=Path, help="use a population saved by 'cms-sim population' instead"
    )
    sim.add_argument(
        "--months", type=whole_number, default=24, help="months to simulate (default 24)"
    )
    sim.add_argument(
        "--out", type=Path, default=Path("simulation"), help="output folder (default simulation)"
    )


#: Every file ``simulate`` writes to ``--out``.
OUTPUT_FILES = ("monthly.csv", "quarterly.csv")


def run(args: argparse.Namespace) -> int:
    from simulator.dynamics import simulate
    from simulator.population import Population, synthesise_population
    from simulator.reports.files import check_output_folder, output_folder, write_csv_atomic
    from simulator.scenarios.load import horizon_problem

    check_months("--months", args.months)
    problem = horizon_problem(args.date or _dt.date.today(), args.months)
    if problem:
        raise UserError(f"--months {args.months}: {problem[0]}; {problem[1]}")
    refuse_a_file_as_folder(args.out)
    check_output_folder(args.out, OUTPUT_FILES)
    if args.population is not None:
        pop = Population.load(args.population)
    else:
        # the run starts the month after the population date: entrants to its end
        pop = synthesise_population(
            args.families, args.seed, args.date or _dt.date.today(), entrant_months=args.months
        )
    result = simulate(pop, months=args.months)
    with output_folder(args.out, OUTPUT_FILES) as new:  # all-or-nothing
        write_csv_atomic(result.monthly, new / "monthly.csv")
        write_csv_atomic(result.quarterly, new / "quarterly.csv")
    last = result.monthly.iloc[-SUMMARY_MONTHS:]
    print(
        f"{pop.families_at_date():,} families, {args.months} months from "
        f"{result.metadata['start']}; "
        f"last {len(last)} months (GB): due £{last.due.sum() / 1e6:,.0f}m, "
        f"paid £{last.paid.sum() / 1e6:,.0f}m, received £{last.received.sum() / 1e6:,.0f}m, "
        f"arrears at the end £{last.arrears_stock.iloc[-1] / 1e6:,.0f}m"
    )
    print(f"written to {args.out}/monthly.csv and quarterly.csv", file=sys.stderr)
    return 0
