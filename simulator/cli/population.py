"""``cms-sim population``: synthesise separated families and save them."""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path

from simulator.cli.options import UserError, check_months, population_options, whole_number

__all__ = ["add_parser", "run"]


def add_parser(commands) -> None:
    population = commands.add_parser(
        "population",
        help="synthesise a population of separated families and save it as parquet",
        description="Synthesise separated families in GB (both households, net incomes, "
        "arrangements), weighted to the calibration targets.",
    )
    population_options(population)
    population.add_argument(
        "--full-gb",
        action="store_true",
        help="the whole of GB, one family per real family (weight 1 each)",
    )
    population.add_argument(
        "--uniform-weights", action="store_true", help="equal weights instead of calibrated ones"
    )
    population.add_argument(
        "--months",
        type=whole_number,
        default=None,
        help="the longest run (months after the date) the families who separate during it "
        "are drawn for (default 24)",
    )
    population.add_argument("--out", type=Path, required=True, help="output .parquet file")


def run(args: argparse.Namespace) -> int:
    from simulator.population import full_gb_population, synthesise_population
    from simulator.population.entrants import DEFAULT_ENTRANT_MONTHS

    months = DEFAULT_ENTRANT_MONTHS if args.months is None else args.months
    check_months("--months", months)
    when = args.date or _dt.date.today()
    if args.out.suffix != ".parquet":
        raise UserError(f"--out should be a .parquet file, not '{args.out}'")
    if not args.out.parent.exists():
        raise UserError(f"folder {args.out.parent} does not exist; create it first")
    if args.full_gb:
        pop = full_gb_population(args.seed, when, entrant_months=months)
    else:
        pop = synthesise_population(
            args.families,
            args.seed,
            when,
            weights="uniform" if args.uniform_weights else "calibrated",
            entrant_months=months,
        )
    pop.save(args.out)
    print(
        f"{pop.families_at_date():,} families and {pop.metadata['entrants']:,} who separate in "
        f"the {months} months after ({pop.metadata['weights']} weights, seed {pop.seed}, "
        f"date {pop.date}) written to {args.out}",
        file=sys.stderr,
    )
    return 0
