"""Sensitivity: which assumptions move a result most.

:func:`sensitivity` moves one behavioural assumption at a time to the low and
the high end of its range (the rest central; the scenario's own overrides, the
fitted intercepts and the published figures they are fitted to are left alone)
and reports how much a chosen metric moves, largest swing first:
the table behind the dashboard's tornado chart and ``cms-sim sensitivity``.
Every run starts from current law's history at the same points of the ranges
(:mod:`simulator.experiments.runs`).
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from simulator.experiments.replication import SENSITIVITY_GROUPS, varied_assumptions
from simulator.experiments.runs import CompareError, run_population, run_scenario
from simulator.outcomes.metrics import METRIC_UNITS, metrics
from simulator.population import Population
from simulator.scenarios.load import Scenario

__all__ = ["sensitivity"]


def sensitivity(
    scenario: Scenario,
    metric: str,
    families: int | None = 20_000,
    population: Population | None = None,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> pd.DataFrame:
    """One assumption at a time at the low and the high end of its range (the
    rest central): the metric at each end and the swing, largest first."""
    if metric not in METRIC_UNITS:
        raise CompareError(f"unknown metric '{metric}'; choose one of {', '.join(METRIC_UNITS)}")
    pop = (
        population
        if population is not None
        else run_population(families, scenario.seed, scenario.start, scenario.months)
    )
    say = progress or (lambda _message: None)

    def run(positions: dict[str, float]) -> float:
        assumptions = scenario.assumptions.at_positions(positions)
        result = run_scenario(pop, scenario, None, assumptions, workers, positions)
        return metrics(pop, result)[metric]

    central = run({})
    own = {c.target for c in scenario.changes if c.kind == "assumption"}
    paths = [
        p for p in varied_assumptions(scenario.assumptions, SENSITIVITY_GROUPS) if p not in own
    ]
    rows = []
    for i, path in enumerate(paths, start=1):
        say(f"{i}/{len(paths)}: {path}")
        item = scenario.assumptions[path]
        low = run({path: 0.0})
        high = run({path: 1.0})
        rows.append(
            {
                "assumption": path,
                "low": str(item.low),
                "central": str(scenario.assumptions.value(path)),
                "high": str(item.high),
                "metric": metric,
                "metric_at_low": low,
                "metric_central": central,
                "metric_at_high": high,
                "swing": high - low,
            }
        )
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    return table.reindex(table.swing.abs().sort_values(ascending=False).index).reset_index(
        drop=True
    )
