"""Helpers shared by the scenario and experiment tests: a small population,
the shipped scenarios on a short horizon, and scenario files written to a
temporary folder."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from simulator.population import synthesise_population
from simulator.scenarios.load import SCENARIO_FOLDER, load_scenario

SHIPPED = sorted(SCENARIO_FOLDER.glob("*.yaml"))
FAMILIES = 4_000
MONTHS = 6

#: One valid change, for files that test something else.
GOOD = """  - parameter: fees.collection.receiving_parent_rate
    from: 2026-05-01
    value: 0.0
"""


@cache
def population():
    return synthesise_population(FAMILIES, 20260401, "2026-05-01")


def short(name: str, months: int = MONTHS):
    """A shipped scenario on a shorter horizon."""
    s = load_scenario(SCENARIO_FOLDER / f"{name}.yaml")
    return s.with_horizon(s.start, months, s.seed)


def write(folder: Path, name: str, changes: str, extra: str = "") -> Path:
    """A scenario file ``folder/name.yaml`` with ``changes`` (and ``extra``
    top-level lines before them); its first change is on line 9."""
    path = folder / f"{name}.yaml"
    path.write_text(
        f"""name: {name}
description: a test scenario
author: tests
reference: tests
start: 2026-05-01
months: {MONTHS}
seed: 20260401
{extra}changes:
{changes}"""
    )
    return path
