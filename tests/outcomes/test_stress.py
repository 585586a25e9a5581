"""The stress test of issue 14: more job loss among paying parents (the
register's high for leaving work, its low for finding it) raises child
poverty in paying and in receiving households and paying parents' own
poverty against the baseline; less job loss (the other ends) lowers them.

Why the receiving households: paying parents out of work pay less
maintenance (a flat rate, or less on a lower income), so receiving
households receive less; their own work is not exposed to the paying
parents' job hazard (tests/dynamics/test_households.py). 30,000 families,
24 months, the same draws in every run; checked at 100,000 by hand."""

from __future__ import annotations

from functools import cache

import pytest

from simulator.dynamics import simulate_runs
from simulator.dynamics.runner import Run
from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.parameters import load_parameters
from simulator.outcomes.metrics import metrics
from simulator.population import synthesise_population

EXIT = "behaviour.income.employment_exit_prob"
FIND = "behaviour.income.reemployment_prob"


@cache
def stressed() -> dict[str, dict[str, float]]:
    pop = synthesise_population(30_000, 20260401, "2026-04-01")
    a, p = load_assumptions(), load_parameters()
    runs = {
        "baseline": a,
        "more job loss": a.with_overrides({EXIT: a[EXIT].high, FIND: a[FIND].low}),
        "less job loss": a.with_overrides({EXIT: a[EXIT].low, FIND: a[FIND].high}),
    }
    results = simulate_runs(
        pop, [Run(p, x) for x in runs.values()], months=24, start="2026-05-01", history=a
    )
    return {name: metrics(pop, r) for name, r in zip(runs, results, strict=True)}


MEASURES = [
    pytest.param("children_in_relative_poverty_bhc", id="children in receiving households, BHC"),
    pytest.param("children_in_relative_poverty_ahc", id="children in receiving households, AHC"),
    pytest.param(
        "children_in_relative_poverty_paying_households_bhc",
        id="children in paying households, BHC",
    ),
    pytest.param(
        "children_in_relative_poverty_paying_households_ahc",
        id="children in paying households, AHC",
    ),
    pytest.param("paying_parents_in_relative_poverty_bhc", id="paying parents themselves, BHC"),
    pytest.param("paying_parents_in_relative_poverty_ahc", id="paying parents themselves, AHC"),
]


@pytest.mark.parametrize("measure", MEASURES)
def test_more_job_loss_raises_poverty_and_less_lowers_it(measure):
    m = stressed()
    assert m["more job loss"][measure] > m["baseline"][measure]
    assert m["less job loss"][measure] < m["baseline"][measure]


def test_the_receiving_side_moves_through_maintenance():
    m = stressed()
    received = "maintenance_received_all_arrangements_annual_gbp"
    assert m["more job loss"][received] < m["baseline"][received] < m["less job loss"][received]
