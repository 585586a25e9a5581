"""The HMRC figure behind each paying parent's CMS calculation at the
population date (simulator/population/hmrc_record.py): today's declared
income unless it changed by 25% or more since the tax year HMRC holds; and
the one figure both the population's liabilities and the dynamics' first
assessment use."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest

from simulator.dynamics.shared import SharedRates
from simulator.dynamics.state import State
from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.parameters import load_parameters
from simulator.population import (
    EMPLOYEE,
    FLAT_RATE_BENEFIT,
    NOT_WORKING,
    SELF_EMPLOYED,
    synthesise_population,
)
from simulator.population.hmrc_record import hmrc_declared_annual
from simulator.randomness import KeyedRandom
from simulator.rules.income import historic_gross_weekly_income

N = 20_000
TOLERANCE = 0.25  # a change of 25% or more (SI 2012/2677 reg. 23)


def behaviour(annual: float, age_months: float = 18.0):
    income = SimpleNamespace(
        income_change_ge25_annual_employee=annual,
        income_change_ge25_annual_selfemployed=annual,
        large_change_excess_log_mean=0.3,
        large_change_rise_share=0.5,
    )
    return SimpleNamespace(
        income=income, reporting=SimpleNamespace(hmrc_income_age_at_review=age_months)
    )


def figure(employment: int, annual: float, age_months: float = 18.0) -> np.ndarray:
    return hmrc_declared_annual(
        KeyedRandom(3),
        np.arange(N),
        np.full(N, employment, dtype=np.int8),
        np.full(N, 30_000.0),
        np.full(N, 24_000.0),
        behaviour(annual, age_months),
        TOLERANCE,
    )


@pytest.mark.parametrize(
    "employment, annual, expected_changed_share",
    [
        pytest.param(EMPLOYEE, 0.0, 0.0, id="employee, no changes of 25% or more: today's income"),
        pytest.param(
            EMPLOYEE,
            0.2,
            1 - 0.8**1.5,
            id="employee, 20% a year over 18 months: 28% have another figure",
        ),
        pytest.param(SELF_EMPLOYED, 0.4, 1 - 0.6**1.5, id="self-employed, 40% a year: 54% differ"),
        pytest.param(
            FLAT_RATE_BENEFIT, 0.2, 1 - 0.8**1.5, id="on benefit, 20% a year: 28% were in work"
        ),
    ],
)
def test_the_figure_differs_from_today_as_often_as_a_large_change_happens(
    employment, annual, expected_changed_share
):
    changed = figure(employment, annual) != 30_000.0
    assert changed.mean() == pytest.approx(expected_changed_share, abs=0.015)


def test_a_changed_figure_differs_by_25_percent_or_more():
    past = figure(EMPLOYEE, 0.5)
    ratio = past[past != 30_000.0] / 30_000.0
    assert ((ratio >= 1.25 - 1e-9) | (ratio <= 1 / 1.25 + 1e-9)).all()


@pytest.mark.parametrize("employment", [FLAT_RATE_BENEFIT, NOT_WORKING], ids=["benefit", "none"])
def test_a_parent_out_of_work_now_was_in_work_then_at_their_employee_pay(employment):
    past = figure(employment, 1.0)
    assert (past == 24_000.0).all()


def test_the_dynamics_assess_the_figure_the_population_date_liabilities_use():
    """The money due at the population date (fitted to A14) is the money the
    monthly dynamics start from: the first assessment is the same HMRC
    figure (less pension contributions, reg. 35)."""
    pop = synthesise_population(4_000, 9, "2026-05-01")
    assumptions = load_assumptions()
    parameters = load_parameters()
    state = State.start_of(
        pop,
        parameters,
        assumptions,
        KeyedRandom(pop.seed),
        pop.date,
        SharedRates.of(pop, assumptions.values()),
    )
    first = state.frame.first
    expected = historic_gross_weekly_income(
        pop.pp_hmrc_declared_annual[first],
        pop.pp_pension_contributions[first],
        parameters.at(pop.date),
    )
    np.testing.assert_allclose(state.assessment.assessed_weekly, expected)
    assert (pop.pp_hmrc_declared_annual != pop.pp_declared_earnings + pop.pp_declared_profit).any()
