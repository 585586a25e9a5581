"""Diverted income (SI 2012/2677 reg. 71) and cash-in-hand work on a
flat-rate benefit (reg. 70) in the monthly model: the CMS assesses neither
until a variation on the receiving parent's application is decided; then a
diverter's liability is the calculation on assessed plus diverted income
(within the cap), and a parent on benefit with cash-in-hand income over £100 a
week leaves the flat rate. Draws are keyed to the paying parent."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from simulator.dynamics.processes import knowledge, liabilities
from simulator.population import CMS, FLAT_RATE_BENEFIT
from simulator.rules import maintenance_liability
from simulator.rules.income import weekly_from_annual
from simulator.rules.rates import FLAT
from tests.dynamics.test_runs import still_model

ALWAYS = {
    "behaviour.hidden_income.rp_diversion_application_annual": 1.0,
    "behaviour.hidden_income.rp_flat_rate_income_application_annual": 1.0,
    "behaviour.hidden_income.variation_success_given_application": 1.0,
    "behaviour.hidden_income.hidden_income_detection_lag": 0.0,
}
NEVER = {
    "behaviour.hidden_income.rp_diversion_application_annual": 0.0,
    "behaviour.hidden_income.rp_flat_rate_income_application_annual": 0.0,
}


def cms_units(state) -> np.ndarray:
    cms = np.zeros(state.frame.n_units, dtype=bool)
    cms[state.frame.unit_of[state.arrangements.arrangement == CMS]] = True
    return np.flatnonzero(cms)


def one_month(state, units=None):
    """Liabilities of the CMS paying parents before and after a month of the
    hidden-income variations."""
    k = cms_units(state) if units is None else units
    a, people, life, p = state.assessment, state.people, state.lifestyle, state.law
    before = liabilities.calculate(k, state.frame, people, a, life, p)
    knowledge._hidden_income_variations(
        a, people, k, state.frame.unit_ids[k], a.known_benefit[k],
        state.values.behaviour.hidden_income, p, state.rng, 0,
    )  # fmt: skip
    after = liabilities.calculate(k, state.frame, people, a, life, p)
    return k, before, after


@pytest.fixture(scope="module")
def always():
    state = still_model(ALWAYS)
    return state, *one_month(state)


@pytest.fixture(scope="module")
def never():
    state = still_model(NEVER)
    return state, *one_month(state)


def test_a_diverters_liability_after_the_variation_is_on_assessed_plus_diverted_income(always):
    state, k, before, after = always
    people, a, p = state.people, state.assessment, state.law
    diverts = (people.diverted_annual(k) > 0) & ~a.known_benefit[k] & ~people.nil_rate[k]
    assert diverts.sum() > 0, "the population has diverters in CMS cases"
    assert a.diversion_applied[k][diverts].all()
    income = np.minimum(
        before.income_used_weekly + weekly_from_annual(people.diverted_annual(k), p),
        p.income.capped_amount,
    )
    assert after.income_used_weekly[diverts] == pytest.approx(income[diverts])
    assert (after.weekly_liability[diverts] >= before.weekly_liability[diverts]).all()
    assert (after.weekly_liability[diverts] > before.weekly_liability[diverts]).any()


CASH_IN_HAND = [
    # (what, the rule for the cases, the flat rate after a month)
    ("cash in hand over £100 a week, detected", lambda w: w > 100, False),
    ("cash in hand of £100 a week or less", lambda w: (w > 0) & (w <= 100), True),
]  # fmt: skip


@pytest.mark.parametrize("what, which, flat", CASH_IN_HAND, ids=[c[0] for c in CASH_IN_HAND])
def test_cash_in_hand_on_a_benefit_leaves_the_flat_rate_only_over_100_a_week(
    always, what, which, flat
):
    state, k, before, after = always
    people, p = state.people, state.law
    weekly = weekly_from_annual(people.cash_in_hand_annual(k), p)
    on_benefit = state.assessment.known_benefit[k] & (people.employment[k] == FLAT_RATE_BENEFIT)
    cases = on_benefit & which(weekly)
    if not cases.any():
        pytest.skip(f"no {what} in this population")
    assert (before.rate[cases] == FLAT).all()
    assert ((after.rate[cases] == FLAT) == flat).all()


def test_undetected_cash_in_hand_and_diversion_leave_the_liability_alone(never):
    state, k, before, after = never
    people = state.people
    hidden = (people.cash_in_hand_annual(k) > 0) | (people.diverted_annual(k) > 0)
    assert hidden.sum() > 0
    assert (after.weekly_liability == before.weekly_liability).all()
    assert (after.rate[people.cash_in_hand_annual(k) > 0] == FLAT).all()


def test_the_variations_are_keyed_to_the_paying_parent():
    half = {**ALWAYS, "behaviour.hidden_income.variation_success_given_application": 0.5}
    state = still_model(half)
    k = cms_units(state)
    a = copy.deepcopy(state.assessment)
    one_month(state, k)
    forward = state.assessment.diversion_applied[k].copy()
    state.assessment = a
    one_month(state, k[::-1])
    assert (state.assessment.diversion_applied[k] == forward).all()
    assert forward.any() and not forward[people_with_diversion(state, k)].all()


def people_with_diversion(state, k) -> np.ndarray:
    return state.people.diverted_annual(k) > 0


def test_the_liability_is_what_the_rules_engine_gives(always):
    state, k, _, after = always
    people, a, p = state.people, state.assessment, state.law
    direct = maintenance_liability(
        a.assessed_weekly[k] + state.lifestyle.matched_weekly[k],
        state.frame.nights[k],
        p,
        relevant_other_children=people.roc[k],
        relevant_non_resident_children=people.rnrc[k],
        flat_rate_benefit=a.known_benefit[k],
        nil_rate_person=people.nil_rate[k],
        unearned_income_annual=np.where(a.variation_applied[k], people.unearned[k], 0.0),
        notional_assets=np.where(a.variation_applied[k], people.assets[k], 0.0),
        lifestyle_income_weekly=state.lifestyle.weekly[k],
        diverted_income_weekly=np.where(a.diversion_applied[k], a.diverted_weekly[k], 0.0),
        flat_rate_income_weekly=np.where(
            a.flat_income_applied[k], weekly_from_annual(people.cash_in_hand_annual(k), p), 0.0
        ),
    )
    assert (direct.weekly_liability == after.weekly_liability).all()
