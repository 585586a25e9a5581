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

from collections.abc import Callable, Iterable

import pandas as pd

from simulator.experiments.replication import SENSITIVITY_GROUPS, varied_assumptions
from simulator.experiments.runs import CompareError, run_population, run_scenario
from simulator.outcomes.metrics import METRIC_UNITS, metrics
from simulator.population import Population
from simulator.scenarios.load import Scenario

__all__ = ["TOPIC_NAMES", "sensitivity", "sensitivity_paths", "sensitivity_topics"]

#: The topics the dashboard offers the tornado by: the register's behaviour
#: groups (the second part of an assumption's path) -> the topic's name.
TOPIC_NAMES = {
    "compliance": "Paying parents' compliance",
    "enforcement": "Enforcement",
    "service": "Applications, moves between services and closures",
    "income": "Paying parents' jobs and incomes",
    "family": "Families and households",
    "households": "Families and households",
    "hidden_income": "Reporting, hidden income and variations",
    "reporting": "Reporting, hidden income and variations",
    "reform": "How reforms work, costs and the warm-up",
    "cost": "How reforms work, costs and the warm-up",
    "dwp_static": "How reforms work, costs and the warm-up",
    "simulation": "How reforms work, costs and the warm-up",
}
#: At most this many assumptions to a topic: two runs each and the central
#: one, 25 runs, 5.5 s on 5,000 families over 12 months on this project's
#: 2-core machine (0.22 s a run; 0.37 s with the machine busy), where all 122
#: behavioural assumptions take 245 runs (42-90 s). Larger topics are split.
TOPIC_SIZE = 12


def sensitivity(
    scenario: Scenario,
    metric: str,
    families: int | None = 20_000,
    population: Population | None = None,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
    only: Iterable[str] | None = None,
) -> pd.DataFrame:
    """One assumption at a time at the low and the high end of its range (the
    rest central): the metric at each end and the swing, largest first.
    ``only``: move only these assumptions (e.g. one of
    :func:`sensitivity_topics`)."""
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
    paths = sensitivity_paths(scenario)
    if only is not None:
        wanted = set(only)
        paths = [p for p in paths if p in wanted]
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


def sensitivity_paths(scenario: Scenario) -> list[str]:
    """The assumptions sensitivity moves: the behavioural ones with a range,
    less those the scenario sets itself."""
    own = {c.target for c in scenario.changes if c.kind == "assumption"}
    return [p for p in varied_assumptions(scenario.assumptions, SENSITIVITY_GROUPS) if p not in own]


def sensitivity_topics(scenario: Scenario, size: int = TOPIC_SIZE) -> dict[str, list[str]]:
    """The assumptions sensitivity moves, by topic (:data:`TOPIC_NAMES`), a
    topic of more than ``size`` split into parts of even size ("Enforcement,
    part 1 of 3"), so that each can be run in a few seconds."""
    grouped: dict[str, list[str]] = {}
    for path in sensitivity_paths(scenario):
        group = path.split(".")[1] if path.count(".") >= 2 else path
        grouped.setdefault(TOPIC_NAMES.get(group, group.replace("_", " ").capitalize()), []).append(
            path
        )
    topics = {}
    for name, paths in grouped.items():
        parts = -(-len(paths) // size)  # ceiling division
        if parts == 1:
            topics[name] = paths
            continue
        per = -(-len(paths) // parts)
        for i in range(parts):
            topics[f"{name}, part {i + 1} of {parts}"] = paths[i * per : (i + 1) * per]
    return topics
