"""The distribution table (distribution.csv): each grouping (nation, number
of children, service) splits the same families, children and poor children
that metrics.csv counts, so its groups add up to the totals."""

from __future__ import annotations

from functools import cache

import pytest

from simulator.dynamics import simulate
from simulator.outcomes.distribution import GROUPINGS, distribution
from simulator.outcomes.metrics import metrics
from simulator.population import synthesise_population


@cache
def run():
    pop = synthesise_population(4_000, 3, "2026-04-01")
    result = simulate(pop, months=12, start="2026-05-01", workers=1)
    return distribution(pop, result), metrics(pop, result)


@pytest.mark.parametrize("group_by", list(GROUPINGS), ids=lambda g: f"by {g}")
@pytest.mark.parametrize(
    ("measure", "total"),
    [
        pytest.param(
            "children_in_receiving_households",
            "children_in_receiving_households",
            id="children in receiving households",
        ),
        pytest.param(
            "children_in_relative_poverty_ahc",
            "children_in_relative_poverty_ahc",
            id="children in poverty (AHC)",
        ),
        pytest.param(
            "paying_parents_in_relative_poverty_ahc",
            "paying_parents_in_relative_poverty_ahc",
            id="paying parents in poverty (AHC)",
        ),
    ],
)
def test_groups_add_up_to_the_totals(group_by, measure, total):
    table, m = run()
    rows = table[(table.group_by == group_by) & (table.measure == measure)]
    assert list(rows.group) == GROUPINGS[group_by]
    assert rows.value.sum() == pytest.approx(m[total], rel=1e-9)
