"""``cms-sim fit-behaviour``: the compliance model fitted to the published
compliance figures at the central, low and high ends of their ranges; with
``--write PATH``, the fitted-values file written there."""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path

from simulator.cli.options import population_options

__all__ = ["add_parser", "run"]

ENDS = ("central", "low", "high")


def add_parser(commands) -> None:
    fit = commands.add_parser(
        "fit-behaviour",
        help="fit the compliance model to the published compliance figures",
        description="Fit the five fitted behavioural parameters "
        "(simulator/inputs/register/behaviour_fitted.yaml) so that the baseline reproduces the "
        "published Collect and Pay and Direct Pay compliance figures and the Direct Pay to "
        "Collect and Pay move rate, at the central, low and high ends of their ranges, and "
        "the closure intercept so that the CMS caseload holds steady.",
    )
    population_options(fit)
    fit.add_argument(
        "--write",
        type=Path,
        default=None,
        metavar="PATH",
        help="write behaviour_fitted.yaml with the fitted values to PATH (e.g. "
        "simulator/inputs/register/behaviour_fitted.yaml, the package's own)",
    )


def run(args: argparse.Namespace) -> int:
    from simulator.experiments.fit_behaviour import (
        CASELOAD_MONTHS,
        FITTED,
        check_destination,
        compliance_measures,
        fit_compliance,
        write_fitted,
    )
    from simulator.inputs.assumptions import load_assumptions
    from simulator.population import synthesise_population

    if args.write is not None:
        check_destination(args.write)  # before the fit, which takes minutes
    pop = synthesise_population(args.families, args.seed, args.date or _dt.date.today())
    assumptions = load_assumptions()
    fits = {end: fit_compliance(pop, assumptions, end) for end in ENDS}
    achieved = compliance_measures(pop, assumptions.with_overrides(fits["central"]))
    achieved.update(
        cms_arrangements_change=compliance_measures(
            pop, assumptions.with_overrides(fits["central"]), CASELOAD_MONTHS
        )["cms_arrangements_change"]
    )
    for path, (target, measure) in FITTED.items():
        goal = 0.0 if target is None else assumptions[target].central
        print(
            f"{path.rsplit('.', 1)[-1]:32s} central {fits['central'][path]:8.4f} "
            f"(low {fits['low'][path]:.4f}, high {fits['high'][path]:.4f}): "
            f"{measure} {achieved[measure]:.4f}, published {goal:.4f}"
        )
    if args.write is not None:
        write_fitted(fits["central"], fits["low"], fits["high"], pop, args.write)
        print(f"written to {args.write}", file=sys.stderr)
    return 0
