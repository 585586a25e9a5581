"""HMRC data matching (a reform, switch ``hmrc_data_matching``): the CMS finds
self-employed profit missing from the HMRC figure at the register's rate and
adds the register's share of it to the historic income it calculates on
(SI 2012/2677 regs. 35-36). Tables of cases: who is found, what is brought in,
and what that does to the liability."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.dynamics.processes import liabilities, lifestyle
from simulator.dynamics.processes.incomes import PayingParents
from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.parameters import load_parameters
from simulator.inputs.switches import Switches
from simulator.population import EMPLOYEE, FLAT_RATE_BENEFIT, SELF_EMPLOYED
from simulator.randomness import KeyedRandom
from simulator.rules.income import weekly_from_annual
from tests.dynamics.tables import HIGH, LOW, ForcedDraws, one_family
from tests.dynamics.test_knowledge import assessment

WHEN = dt.date(2026, 6, 1)
P = load_parameters().at(WHEN)
B = load_assumptions().values().behaviour
SHARE = B.reform.data_matching_share_of_gap
ON, OFF = Switches(hmrc_data_matching=True), Switches()


def parent(employment=SELF_EMPLOYED, earnings=0.0, profit=40_000.0, declared_profit=0.75):
    one = np.ones(1)
    return PayingParents(
        employment=np.array([employment], dtype=np.int8),
        true_earnings=np.array([earnings]),
        true_profit=np.array([profit]),
        declared_share_earnings=np.array([0.99]),
        declared_share_profit=np.array([declared_profit]),
        potential_earnings=np.array([30_000.0]),
        pension=np.zeros(1),
        unearned=np.zeros(1),
        assets=np.zeros(1),
        partner=np.array([False]),
        roc=np.zeros(1, dtype=np.int64),
        rnrc=np.zeros(1, dtype=np.int64),
        nil_rate=np.array([False]),
        job=np.zeros(1, dtype=np.int64),
        out_months=np.zeros(1, dtype=np.int64),
        net_income_monthly=one * 2_000.0,
        diverted_share=np.zeros_like(one),
        cash_in_hand=np.zeros_like(one),
    )


MATCHING = [
    # (case, paying parent, switch, detection draw, found, £ a year brought in)
    ("self-employed, hides a quarter of £40,000, found", parent(), ON, LOW, True, SHARE * 10_000),
    ("the same, not found this month", parent(), ON, HIGH, False, 0.0),
    ("the same without the reform: never found", parent(), OFF, LOW, False, 0.0),
    ("self-employed declaring all profit: nothing to find", parent(declared_profit=1.0), ON, LOW,
     False, 0.0),
    ("employee with the PAYE gap: not profit, not found", parent(EMPLOYEE, 30_000.0, 0.0), ON, LOW,
     False, 0.0),
    ("on a flat-rate benefit, no profit: not found", parent(FLAT_RATE_BENEFIT, 0.0, 0.0), ON, LOW,
     False, 0.0),
]  # fmt: skip


@pytest.mark.parametrize(
    "case, people, switches, draw, found, annual", MATCHING, ids=[r[0] for r in MATCHING]
)
def test_data_matching_finds_hidden_profit_at_its_rate(case, people, switches, draw, found, annual):
    life = lifestyle.initial(1)
    rng = ForcedDraws(data_matching_detection=draw)
    got = lifestyle.data_matching_step(
        life, people, one_family(), np.array([0]), B, P, switches, rng, 0
    )
    assert got.tolist() == [found] and life.matched.tolist() == [found]
    assert life.matched_weekly[0] == pytest.approx(float(weekly_from_annual(np.array(annual), P)))


def test_a_found_parent_is_not_found_twice_and_a_new_application_starts_afresh():
    life, people = lifestyle.initial(1), parent()
    args = (people, one_family(), np.array([0]), B, P, ON)
    lifestyle.data_matching_step(life, *args, ForcedDraws(data_matching_detection=LOW), 0)
    again = lifestyle.data_matching_step(life, *args, ForcedDraws(data_matching_detection=LOW), 1)
    assert not again.any() and life.matched.all()
    lifestyle.reset(life, np.array([True]))
    assert not life.matched.any() and life.matched_weekly[0] == 0.0


LIABILITY = [
    # (case, assessed £ a week, benefit known, brought in £ a week, liability rises)
    ("a found self-employed parent pays on the corrected figure", 500.0, False, 100.0, True),
    ("nothing found: the liability is as before", 500.0, False, 0.0, False),
    ("on a flat-rate benefit the flat rate stands, whatever is added", 0.0, True, 100.0, False),
]  # fmt: skip


@pytest.mark.parametrize(
    "case, assessed, benefit, added, rises", LIABILITY, ids=[r[0] for r in LIABILITY]
)
def test_the_liability_uses_the_corrected_historic_income(case, assessed, benefit, added, rises):
    a = assessment(known_benefit=benefit)
    a.assessed_weekly[:] = assessed
    people, frame = parent(), one_family()
    before = liabilities.calculate(np.array([0]), frame, people, a, lifestyle.initial(1), P)
    life = lifestyle.initial(1)
    life.matched_weekly[:] = added
    after = liabilities.calculate(np.array([0]), frame, people, a, life, P)
    assert (after.weekly_liability.sum() > before.weekly_liability.sum()) == rises


def test_detection_draws_are_keyed_to_the_paying_parent():
    """The same paying parent gets the same draw whatever other families run
    (baseline and reform see the same families)."""
    rng = KeyedRandom(20260401)
    ids = np.array([7, 11, 13])
    alone = rng.uniform_where("data_matching_detection", ids[1:2], np.array([True]), 3)
    together = rng.uniform_where("data_matching_detection", ids, np.ones(3, dtype=bool), 3)
    assert alone[0] == together[1]
