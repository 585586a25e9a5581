"""The population fitted to the CMS's money due and Collect and Pay payers
(simulator/population/fit.py): the shipped register reproduces the
generator-fitted targets on a population it was not fitted on, the fit finds
its levers back from the values before the fit, and a target no value of a
lever can meet is refused with a clear message."""

from __future__ import annotations

import dataclasses

import pytest

from simulator.inputs.assumptions import load_assumptions
from simulator.population import synthesise_population
from simulator.population.fit import (
    LEVERS,
    SOLVE_TOLERANCE,
    TOLERANCES,
    fit_population,
    fitted_gaps,
)
from simulator.population.report import liabilities_by_service
from simulator.population.targets import CalibrationError, load_targets


@pytest.fixture(scope="module")
def shipped():
    """60,000 families with another seed than the fit's, on the fit's date."""
    return synthesise_population(60_000, 11, "2026-05-01")


@pytest.mark.parametrize(
    "target",
    [
        pytest.param("A14b", id="maintenance due through Direct Pay: GBP 292.3m a quarter, 3%"),
        pytest.param("A14c", id="maintenance due through Collect and Pay: GBP 112.8m, 3%"),
        pytest.param("A12c", id="Collect and Pay paying parents due to pay: 180,000, 5%"),
    ],
)
def test_the_shipped_register_reproduces_the_money_due_and_payers(shipped, target):
    assert abs(fitted_gaps(shipped)[target]) <= TOLERANCES[target]


def test_collect_and_pay_paying_parents_have_the_lower_incomes(shipped):
    table = liabilities_by_service(shipped).set_index("service")
    income = table.median_gross_weekly_income
    assert income["Collect and Pay"] < income["Direct Pay"]


BEFORE = {  # the register's values before issue 13's fit
    "population.case.collect_and_pay_arrears_only_share": 0.22,
    "population.paying_parent.pay_ratio": (0.75, 0.95, 1.00, 0.85),
}


def test_the_fit_finds_its_levers_from_the_values_before_it():
    shipped_values = load_assumptions()
    start = shipped_values.with_overrides(BEFORE)
    fitted, gaps = fit_population(40_000, 20260401, "2026-05-01", start)
    assert all(abs(g) <= SOLVE_TOLERANCE for g in gaps.values())
    for lever in LEVERS:
        found, shipped_value = lever.value(fitted), lever.value(shipped_values)
        assert found == pytest.approx(shipped_value, rel=0.05), lever.target
        item = shipped_values[lever.path]
        low, high = (
            v if lever.element is None else v[lever.element] for v in (item.low, item.high)
        )
        assert low <= found <= high, lever.target


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        pytest.param({"A14b": {"value": 2923.0}}, "no value in",
                     id="ten times the money due through Direct Pay cannot be met"),
        pytest.param({"A12c": {"treatment": "compared"}}, "A12c must have treatment",
                     id="a lever's target that is not generator-fitted"),
    ],
)  # fmt: skip
def test_a_fit_that_cannot_be_made_is_refused(edit, message):
    targets = [dataclasses.replace(t, **edit.get(t.id, {})) for t in load_targets()]
    with pytest.raises(CalibrationError, match=message):
        fit_population(10_000, 1, "2026-05-01", targets=targets)
