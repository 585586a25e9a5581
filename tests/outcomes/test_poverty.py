"""Household incomes over the window and poverty status: maintenance added to
the receiving household, taken from the paying household once, and the HBAI
poverty lines applied to equivalised weekly income."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from simulator.dynamics import SimulationResult
from simulator.outcomes import family_incomes, paying_household_rows, poverty_status
from simulator.population import Population

LINES = {
    "poverty_line_bhc_weekly": 400.0,
    "poverty_line_ahc_weekly": 350.0,
    "deep_poverty_line_bhc_weekly": 1000 / 3,
    "deep_poverty_line_ahc_weekly": 875 / 3,
}


def _population(**columns) -> Population:
    n = len(next(iter(columns.values())))
    return Population(
        {"family_id": np.arange(n), **{k: np.asarray(v) for k, v in columns.items()}},
        seed=1,
        date=dt.date(2026, 4, 1),
        metadata=LINES,
    )


def _result(window_months: int, **families) -> SimulationResult:
    return SimulationResult(
        monthly=pd.DataFrame(),
        quarterly=pd.DataFrame(),
        families={k: np.asarray(v, dtype=float) for k, v in families.items()},
        records=None,
        metadata={"window_months": window_months},
    )


@pytest.fixture
def three_families() -> Population:
    """Paying parent 1 with two receiving parents (rows 0 and 1); paying parent
    2 with a family-based arrangement (row 2)."""
    return _population(
        paying_parent_id=[1, 1, 2],
        receiving_parent_rank=np.array([0, 1, 0], dtype=np.int8),
        rp_net_income_bhc=[10_000.0, 12_000.0, 8_000.0],
        rp_net_income_ahc=[8_000.0, 9_000.0, 6_000.0],
        pp_net_income_bhc=[30_000.0, 30_000.0, 20_000.0],
        pp_net_income_ahc=[25_000.0, 25_000.0, 15_000.0],
    )


# six months of window, annualised x 2: CMS received 100, 50, 0; family-based 0, 0, 30;
# paid by paying parents (with fees) 120, 60, 0
SIX_MONTHS = {
    "received_window": [100, 50, 0],
    "family_based_paid_window": [0, 0, 30],
    "paid_window": [120, 60, 0],
}


@pytest.mark.parametrize(
    ("income", "expected"),
    [
        pytest.param("rp_bhc", [10_200, 12_100, 8_060],
                     id="receiving: + (received + family-based) x 2"),
        pytest.param("rp_ahc", [8_200, 9_100, 6_060], id="receiving, after housing costs: same"),
        pytest.param("pp_bhc", [29_640, 29_640, 19_940],
                     id="paying: - all their families' payments x 2 (120 + 60 -> 360 a year)"),
        pytest.param("pp_ahc", [24_640, 24_640, 14_940], id="paying, after housing costs: same"),
    ],
)  # fmt: skip
def test_maintenance_moves_income_between_the_households(three_families, income, expected):
    incomes = family_incomes(three_families, _result(6, **SIX_MONTHS))
    np.testing.assert_allclose(incomes[income], expected)


def test_without_maintenance_the_incomes_are_the_populations(three_families):
    incomes = family_incomes(three_families, _result(6, **SIX_MONTHS), without_maintenance=True)
    for name in ("rp_bhc", "rp_ahc", "pp_bhc", "pp_ahc"):
        side, basis = name.split("_")
        np.testing.assert_array_equal(
            incomes[name], three_families.columns[f"{side}_net_income_{basis}"]
        )


def test_each_paying_household_stands_on_its_first_family(three_families):
    np.testing.assert_array_equal(paying_household_rows(three_families), [True, False, True])


# annual income, equivalence scale (BHC and AHC the same here) -> poor, deep (BHC);
# the lines are £400 (60%) and £333.33 (50%) a week
STATUS = [
    pytest.param(401 * 52, 1.0, False, False, id="£401 a week: above the 60% line"),
    pytest.param(400 * 52, 1.0, False, False, id="exactly on the line: not below it, not poor"),
    pytest.param(399 * 52, 1.0, True, False, id="£399 a week: poor, above the 50% line"),
    pytest.param(333 * 52, 1.0, True, True, id="£333 a week: below the 50% line, deep poverty"),
    pytest.param(600 * 52, 1.6, True, False,
                 id="£600 a week for a larger household (scale 1.6): £375 equivalised, poor"),
]  # fmt: skip


@pytest.mark.parametrize(("annual", "scale", "poor", "deep"), STATUS)
def test_poverty_is_equivalised_weekly_income_below_the_line(annual, scale, poor, deep):
    pop = _population(
        rp_equivalence_bhc=[scale], rp_equivalence_ahc=[scale],
        pp_equivalence_bhc=[1.0], pp_equivalence_ahc=[1.0],
    )  # fmt: skip
    incomes = {"rp_bhc": [annual], "rp_ahc": [annual], "pp_bhc": [1e6], "pp_ahc": [1e6]}
    status = poverty_status(pop, {k: np.asarray(v, dtype=float) for k, v in incomes.items()})
    assert status["rp_poor_bhc"][0] == poor
    assert status["rp_deep_bhc"][0] == deep
    assert not status["pp_poor_bhc"][0]
