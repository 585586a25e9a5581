"""``cms-sim fit-costs``: the baseline's volumes of the CMS's cost drivers
(cases open by service, applications, enforcement actions), to which the
cost base C06 is split; with ``--write PATH``, the register file written there."""

from __future__ import annotations

import argparse
from pathlib import Path

from simulator.cli.options import family_count

__all__ = ["add_parser", "run"]


def add_parser(commands) -> None:
    fit = commands.add_parser(
        "fit-costs",
        help="measure the baseline's cost-driver volumes the CMS's cost base is split to",
        description="Run the baseline and measure, over its last year, the volumes of the "
        "CMS's cost drivers (Direct Pay, Collect and Pay and arrears-only cases open; "
        "applications; contacts, deduction orders, liability orders, sanctions), so that the "
        "administrative cost account reproduces the cost base C06 at the baseline's volumes "
        "(simulator/inputs/register/cost_fitted.yaml).",
    )
    fit.add_argument(
        "--families",
        type=family_count,
        default=200_000,
        help="synthetic families (default 200,000)",
    )
    fit.add_argument(
        "--write",
        type=Path,
        default=None,
        metavar="PATH",
        help="write cost_fitted.yaml there (e.g. simulator/inputs/register/cost_fitted.yaml)",
    )


def run(args: argparse.Namespace) -> int:
    from simulator.cli.options import require_one_or_more
    from simulator.experiments.fit_behaviour import check_destination
    from simulator.experiments.fit_costs import measure_volumes, write_volumes

    require_one_or_more("--families", args.families)
    if args.write is not None:
        check_destination(args.write)
    volumes, how = measure_volumes(args.families)
    for driver, value in volumes.items():
        print(f"  {driver:<24} {value:>14,.0f}")
    if args.write is not None:
        print(f"written to {write_volumes(volumes, how, args.write)}")
    return 0
