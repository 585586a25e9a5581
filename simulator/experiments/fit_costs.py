"""The baseline's volumes of the CMS's cost drivers, to which the cost base
is split (:mod:`simulator.outcomes.costs`).

The CMS's administrative cost, C06 in ``data/targets.csv`` (a row of role
``input``: a cost base taken as given), is shared between the drivers by the
register's shares (``behaviour.cost``); a driver's cost per unit is its share
of C06 over the baseline's volume of it. :func:`measure_volumes` runs the
baseline and measures those volumes over its last year (Direct Pay,
Collect and Pay and arrears-only cases open; applications; missed-payment
contacts, deduction orders, liability orders and court sanctions a year);
:func:`write_volumes` writes them to ``cost_fitted.yaml`` in the register, so
that the baseline's administrative cost reproduces C06 and a reform's moves
with its own volumes::

    cms-sim fit-costs --families 200000 --write simulator/inputs/register/cost_fitted.yaml
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from simulator.experiments.fit_behaviour import check_destination
from simulator.experiments.runs import run_population, run_scenario
from simulator.outcomes.costs import COST_BASE, COST_DRIVERS, FITTED_VOLUMES, cost_volumes
from simulator.scenarios.load import load_scenario

__all__ = ["COST_FITTED_FILE", "measure_volumes", "volumes_yaml", "write_volumes"]

COST_FITTED_FILE = Path(__file__).resolve().parents[1] / "inputs" / "register" / "cost_fitted.yaml"


def measure_volumes(families: int, scenario: str = "baseline") -> tuple[dict[str, float], dict]:
    """The baseline's cost-driver volumes over its last year (GB), and how
    they were measured (families, seed, start)."""
    base = load_scenario(scenario)
    pop = run_population(families, base.seed, base.start, base.months)
    result = run_scenario(pop, base)
    how = {
        "families": len(pop.at_date()),
        "seed": base.seed,
        "start": base.start.isoformat(),
        "months": base.months,
    }
    return cost_volumes(result), how


def volumes_yaml(volumes: dict[str, float], how: dict) -> str:
    """The register file of the volumes (basis fitted: measured on the baseline
    so that the cost account reproduces C06 there; not varied)."""
    lines = [
        "# The baseline's volumes of the CMS's cost drivers over its last year, to which the",
        f"# cost base {COST_BASE} is split (simulator/outcomes/costs.py). Regenerate with:",
        f"#     cms-sim fit-costs --families {how['families']} \\",
        "#         --write simulator/inputs/register/cost_fitted.yaml",
        "description: >-",
        "  Volumes of the CMS's cost drivers in the baseline, so that the administrative",
        f"  cost account reproduces the cost base ({COST_BASE}) at the baseline's volumes.",
        "",
    ]
    for driver, (_, meaning) in COST_DRIVERS.items():
        value = round(volumes[driver], 1)
        lines += [
            f"{FITTED_VOLUMES[driver]}:",
            f"  label: Baseline volume, {meaning.split(' (')[0]}",
            "  description: >-",
            f"    The baseline's {meaning} over the last 12 of {how['months']} months (GB).",
            "  unit: count",
            "  exclusive: min",
            f"  central: {value}",
            f"  low: {value}",
            f"  high: {value}",
            "  basis: fitted",
            f"  targets: [{COST_BASE}]",
            "  reasoning: >-",
            f"    Measured on the baseline by `cms-sim fit-costs` on {dt.date.today().isoformat()}",
            f"    ({how['families']:,} families, seed {how['seed']}, start {how['start']}), so",
            f"    that the baseline's administrative cost is {COST_BASE}; not varied (the",
            "    uncertainty of the split is in the shares, behaviour.cost).",
        ]
    return "\n".join(lines) + "\n"


def write_volumes(volumes: dict[str, float], how: dict, destination: str | Path) -> Path:
    """Write :func:`volumes_yaml` to ``destination`` (all or nothing)."""
    from simulator.reports.files import write_text_atomic

    destination = check_destination(destination)
    write_text_atomic(volumes_yaml(volumes, how), destination)
    return destination
