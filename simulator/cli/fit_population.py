"""``cms-sim fit-population``: the population's levers (the arrears-only share
of Collect and Pay, the paying parents' pay ratio on each service) solved for
so that the population reproduces the money due by service and the Collect
and Pay paying parents due to pay; prints each value before and after, for the
register (simulator/inputs/register/population.yaml)."""

from __future__ import annotations

import argparse
import datetime as _dt

from simulator.cli.options import population_options

__all__ = ["add_parser", "run"]


def add_parser(commands) -> None:
    fit = commands.add_parser(
        "fit-population",
        help="fit the population's pay ratios and arrears-only share to the money due",
        description="Solve for the Collect and Pay arrears-only share and the Direct Pay and "
        "Collect and Pay pay ratios so that the population reproduces the generator_fitted "
        "rows of data/targets.csv (A12c, A14b, A14c) at its date, and print the values "
        "before and after, to be written into the assumption register.",
    )
    population_options(fit)


def run(args: argparse.Namespace) -> int:
    from simulator.inputs.assumptions import load_assumptions
    from simulator.population.fit import LEVERS, fit_population

    before = load_assumptions()
    date = args.date or _dt.date.today()
    after, gaps = fit_population(args.families, args.seed, date, before)
    for lever in LEVERS:
        name = lever.path + ("" if lever.element is None else f"[{lever.element}]")
        print(
            f"{name:56s} {lever.value(before):.4f} -> {lever.value(after):.4f} "
            f"({lever.target} gap {gaps[lever.target]:+.2%})"
        )
    return 0
