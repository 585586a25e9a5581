"""What the CMS knows, one paying parent and one month at a time, as a table:
the income it assessed before, the parent's true circumstances now, the
chances that come off (processing, reporting), and what it assesses after.

An employee earning £36,500 a year (£700 a week: 36,500 / 365 x 7), all of it
declared, no pension contributions, assessed on £700 a week; HMRC's latest
tax years at the same pay. The tolerance is 25% (SI 2012/2677 reg. 23); at a
review, current income replaces the HMRC figure if it differs by 25% or more
(reg. 34(2)).
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.dynamics.processes import knowledge
from simulator.dynamics.processes.incomes import IncomeChanges, PayingParents, TaxRecord
from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.parameters import load_parameters
from simulator.inputs.switches import Switches
from simulator.population import EMPLOYEE, FLAT_RATE_BENEFIT
from tests.dynamics.tables import LOW, ForcedDraws, one_family

WHEN = dt.date(2026, 6, 1)  # June: review month index 5
P = load_parameters().at(WHEN)
B = load_assumptions().values().behaviour
PAY = 36_500.0
WEEKLY = 700.0


def one_parent(earnings=PAY, employment=EMPLOYEE):
    frame = one_family()
    one = np.ones(1)
    people = PayingParents(
        employment=np.array([employment], dtype=np.int8),
        true_earnings=np.array([earnings]),
        true_profit=np.zeros(1),
        declared_share_earnings=one.copy(),
        declared_share_profit=one.copy(),
        potential_earnings=np.array([PAY]),
        pension=np.zeros(1),
        unearned=np.zeros(1),
        assets=np.zeros(1),
        partner=np.array([False]),
        roc=np.zeros(1, dtype=np.int64),
        rnrc=np.zeros(1, dtype=np.int64),
        nil_rate=np.array([False]),
        job=np.zeros(1, dtype=np.int64),
        out_months=np.zeros(1, dtype=np.int64),
        net_income_monthly=np.array([2_000.0]),
        diverted_share=np.zeros(1),
        cash_in_hand=np.zeros(1),
    )
    record = TaxRecord(
        tax_years=np.full((1, 4), PAY), tax_year_total=np.array([PAY / 2]), tax_year_months=6
    )
    return frame, people, record


def assessment(review_month=0, reported=False, known_benefit=False):
    return knowledge.Assessment(
        assessed_weekly=np.array([WEEKLY]),
        known_benefit=np.array([known_benefit]),
        reported=np.array([reported]),
        variation_pending=np.array([False]),
        variation_applied=np.array([False]),
        diversion_pending=np.array([False]),
        diversion_applied=np.array([False]),
        diverted_weekly=np.zeros(1),
        flat_income_pending=np.array([False]),
        flat_income_applied=np.array([False]),
        diversion_decided=np.array([False]),
        flat_income_decided=np.array([False]),
        review_month=np.array([review_month], dtype=np.int64),
        months_since_change=np.array([-1], dtype=np.int64),
    )


KNOWLEDGE = [
    # (case, true pay now £/year, employment, assessment before, draws,
    #  assessed after £/week, the CMS knows of a benefit after, recalculated)
    (
        "a parent now on a flat-rate benefit: the CMS learns of it once processed",
        0.0, FLAT_RATE_BENEFIT, {}, {"processing": LOW}, WEEKLY, True, True,
    ),
    (
        "... and not before the change is processed",
        0.0, FLAT_RATE_BENEFIT, {}, {}, WEEKLY, False, False,
    ),
    (
        "off the benefit and back in work: assessed on current pay once processed",
        PAY * 1.1, EMPLOYEE, {"known_benefit": True}, {"processing": LOW}, WEEKLY * 1.1, False,
        True,
    ),
    (
        "a rise of 40%, reported and processed: assessed on the new pay",
        PAY * 1.4, EMPLOYEE, {}, {"report": LOW, "processing": LOW}, WEEKLY * 1.4, False, True,
    ),
    (
        "a rise of 40%, reported, not yet processed: waits",
        PAY * 1.4, EMPLOYEE, {}, {"report": LOW}, WEEKLY, False, False,
    ),
    (
        "a fall of 30% the parent does not report: nothing changes",
        PAY * 0.7, EMPLOYEE, {}, {"processing": LOW}, WEEKLY, False, False,
    ),
    (
        "a rise of 10%, reported: below the 25% tolerance, nothing changes",
        PAY * 1.1, EMPLOYEE, {}, {"report": LOW, "processing": LOW}, WEEKLY, False, False,
    ),
    (
        "the annual review, pay within 25% of the HMRC figure: the HMRC figure",
        PAY * 1.1, EMPLOYEE, {"review_month": WHEN.month - 1}, {}, WEEKLY, False, True,
    ),
    (
        "the annual review, current pay 40% above the HMRC figure: current pay",
        PAY * 1.4, EMPLOYEE, {"review_month": WHEN.month - 1}, {}, WEEKLY * 1.4, False, True,
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    "pay, employment, before, draws, assessed, benefit, recalculated",
    [r[1:] for r in KNOWLEDGE],
    ids=[r[0] for r in KNOWLEDGE],
)
def test_what_the_cms_knows(pay, employment, before, draws, assessed, benefit, recalculated):
    frame, people, record = one_parent(pay, employment)
    a = assessment(**before)
    rng = ForcedDraws(**draws)
    out = knowledge.step(
        a,
        people,
        record,
        IncomeChanges(changed=np.array([False]), other_children=np.array([False])),
        frame,
        np.array([0]),
        B,
        Switches(),
        P,
        rng,
        0,
        WHEN,
    )
    assert not rng.unknown()
    assert a.assessed_weekly[0] == pytest.approx(assessed)
    assert a.known_benefit[0] == benefit
    assert out.recalculate[0] == recalculated


@pytest.mark.parametrize(
    "rti, assessed",
    [(False, WEEKLY), (True, WEEKLY * 1.1)],
    ids=["current practice: a 10% rise waits for the review", "payroll data: it is seen"],
)
def test_payroll_data_sees_changes_below_the_tolerance(rti, assessed):
    """A reform (``rti_reassessment``): employees' pay reaches the CMS from
    monthly payroll data, with no 25% threshold, once processed."""
    frame, people, record = one_parent(PAY * 1.1)
    a = assessment()
    knowledge.step(
        a,
        people,
        record,
        IncomeChanges(changed=np.array([False]), other_children=np.array([False])),
        frame,
        np.array([0]),
        B,
        Switches(rti_reassessment=rti),
        P,
        ForcedDraws(rti_processing=LOW),
        0,
        WHEN,
    )
    assert a.assessed_weekly[0] == pytest.approx(assessed)


def test_a_new_case_is_assessed_on_current_pay_where_it_differs_by_a_quarter():
    """An application: historic income (the HMRC figure), or current pay where
    it differs by 25% or more (reg. 34(2)); reviewed in the month it applied."""
    _, people, record = one_parent(PAY * 1.4)
    a = assessment(review_month=0)
    knowledge.assess_new_cases(a, people, record, np.array([True]), B, P, WHEN)
    assert a.assessed_weekly[0] == pytest.approx(WEEKLY * 1.4)
    assert a.review_month[0] == WHEN.month - 1
