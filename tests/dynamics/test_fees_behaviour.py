"""Fees that change behaviour (issue 16), as tables: the application fee a
receiving parent pays on applying and the applications it deters at the
register's fee response; the paying parent's collection fee under the announced
single collection service by the case's payment record (a case moved from
Direct Pay takes its Direct Pay record with it); and the phasing of Direct
Pay's closure (the share of the Direct Pay caseload moved by each month)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.dynamics.processes import arrangements, payments
from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.parameters import load_parameters
from simulator.population import CMS, COLLECT_AND_PAY, DIRECT_PAY, NO_ARRANGEMENT
from simulator.randomness import KeyedRandom
from simulator.rules.fees import paying_parent_collection_fee
from simulator.scenarios.load import load_scenario
from tests.dynamics.tables import ForcedDraws, one_family
from tests.dynamics.test_arrangements import arrangements_of, circumstances

WHEN = dt.date(2026, 6, 1)
VALUES = load_assumptions().values()
B, FITTED = VALUES.behaviour, VALUES.behaviour_fitted.compliance_fitted
S = B.service
LAW = load_parameters()
TODAY = LAW.at(WHEN)
FEE_20 = LAW.with_value("fees.application.fee", WHEN, 20.0).at(WHEN)
FEE_200 = LAW.with_value("fees.application.fee", WHEN, 200.0).at(WHEN)
RATE = S.new_application_monthly
RESPONSE = S.application_fee_response_per_gbp
OUTSIDE = VALUES.population.case.domestic_abuse_share_other
ABUSED = S.new_application_abuse_share / OUTSIDE  # abuse disclosed: likelier to apply
OTHER = (1 - S.new_application_abuse_share) / (1 - OUTSIDE)  # no abuse disclosed

APPLICATIONS = [
    # (case, law, receiving parent's age, abuse disclosed, fee paid on applying,
    #  chance of applying as a share of the register's rate for families with
    #  or without abuse disclosed, ABUSED or OTHER)
    ("today: no fee, the register's rate", TODAY, 30, False, 0.0, 1.0),
    ("£20 fee: a receiving parent of 30 pays it, fewer apply", FEE_20, 30, False, 20.0,
     1 + 20 * RESPONSE),
    ("£20 fee: a receiving parent of 18 is exempt, the full rate", FEE_20, 18, False, 0.0, 1.0),
    ("£20 fee: exactly 19 pays", FEE_20, 19, False, 20.0, 1 + 20 * RESPONSE),
    ("£20 fee: domestic abuse disclosed, exempt, the full rate", FEE_20, 30, True, 0.0, 1.0),
    ("a fee so high the response passes 100%: nobody applies, not a negative chance",
     FEE_200, 30, False, 200.0, max(1 + 200 * RESPONSE, 0.0)),
]  # fmt: skip


@pytest.mark.parametrize(
    "law, age, abuse, fee, relative",
    [r[1:] for r in APPLICATIONS],
    ids=[r[0] for r in APPLICATIONS],
)
def test_application_fee_and_applications(law, age, abuse, fee, relative):
    got_fee, rate = arrangements.application_response(
        np.array([age]), np.array([abuse]), np.array([True]), np.array([0]), 1, OUTSIDE, S, law
    )
    assert got_fee[0] == fee
    base = RATE * (ABUSED if abuse else OTHER)
    assert rate[0] == pytest.approx(base * relative)
    # one month for a family outside the CMS whose draw falls just inside the
    # register's rate (a deterred family does not apply) or just inside the
    # deterred rate (it applies and pays the fee)
    for draw, applies in ((base * relative * 0.99, relative > 0), (base * 0.99, relative == 1.0)):
        arr = arrangements_of(NO_ARRANGEMENT, 2, False)
        arrangements.step(
            arr, one_family(abuse), circumstances(age=age), B, FITTED, law,
            ForcedDraws(application=draw), 0,
        )  # fmt: skip
        assert (arr.arrangement[0] == CMS) == applies
        assert arr.application_fee[0] == (fee if applies else 0.0)


APPLYING = [
    # (case, disclosed abuse among applicants, among families outside the CMS,
    #  relative chance of applying with abuse, without)
    ("the register: 54.9% of applicants, 30% outside", 0.549, 0.30, 1.83, 0.644),
    ("no over-representation: everyone at the overall rate", 0.30, 0.30, 1.0, 1.0),
    ("every applicant a survivor: nobody else applies", 1.0, 0.30, 3.333, 0.0),
]


@pytest.mark.parametrize(
    "applying, outside, abused, other", [r[1:] for r in APPLYING], ids=[r[0] for r in APPLYING]
)
def test_survivors_are_likelier_to_apply_and_the_overall_rate_stays(
    applying, outside, abused, other
):
    got = arrangements.abuse_relative(np.array([True, False]), applying, outside)
    assert got == pytest.approx([abused, other], abs=0.001)
    # over the families outside the CMS, the average family applies at the overall rate
    assert outside * got[0] + (1 - outside) * got[1] == pytest.approx(1.0)
    # and applicants disclose abuse at the share applying
    assert outside * got[0] == pytest.approx(applying)


def test_the_register_response_is_a_deterrent_within_the_2014_evidence():
    """A £20 fee cuts a fee-paying family's applications by no more than the
    largest fall observed in 2014 (38%) and does not raise them."""
    assert -0.38 <= 20 * RESPONSE <= 0.0


SCS = load_scenario("single-collection-service").parameters
MIGRATING = dt.date(2027, 6, 1)
ANNOUNCED = SCS.at(MIGRATING)
WEEKLY, DAYS = 70.0, 7  # £10 a day: the fee is the rate x £70 for the week

RECORDS = [
    # (case, service before, months due on Direct Pay (share paid each month),
    #  streak on Collect and Pay, moved to collection, law, paying parent's fee rate)
    ("Direct Pay kept up for 6 months, moved at migration: compliant, 2%",
     DIRECT_PAY, [1.0] * 6, 0, True, ANNOUNCED, 0.02),
    ("Direct Pay kept up, then the last month short (a breakdown), moved: 20%",
     DIRECT_PAY, [1.0, 1.0, 0.5], 0, True, ANNOUNCED, 0.20),
    ("Direct Pay short, then kept up last month, moved: compliant, 2%",
     DIRECT_PAY, [0.5, 1.0], 0, True, ANNOUNCED, 0.02),
    ("a new Direct Pay case with nothing yet due, moved: no record, 20%",
     DIRECT_PAY, [], 0, True, ANNOUNCED, 0.20),
    ("on Collect and Pay, paid in full last month: 2%",
     COLLECT_AND_PAY, [], 1, False, ANNOUNCED, 0.02),
    ("on Collect and Pay, short last month: 20%",
     COLLECT_AND_PAY, [], 0, False, ANNOUNCED, 0.20),
    ("current law: a kept-up Direct Pay case moved pays the one rate, 20%",
     DIRECT_PAY, [1.0] * 6, 0, True, TODAY, 0.20),
]  # fmt: skip


@pytest.mark.parametrize(
    "service, dp_months, streak, moved, law, rate",
    [r[1:] for r in RECORDS],
    ids=[r[0] for r in RECORDS],
)
def test_paying_parent_fee_by_payment_record(service, dp_months, streak, moved, law, rate):
    history = payments.initial(1)
    history.full_streak[:] = streak
    dp = np.array([service == DIRECT_PAY])
    for share in dp_months:
        payments.record(
            history, due=np.array([100.0]), paid_maintenance=np.array([100.0 * share]),
            cp=~dp, dp=dp, shortfall=np.array([False]),
            mend_months=int(S.reliable_months_before_direct_pay),
        )  # fmt: skip
    payments.carry_direct_pay_record(history, np.array([moved]))
    compliant = history.full_streak > 0  # paid in full the month before (the rules' test)
    fee = paying_parent_collection_fee(np.array([WEEKLY]), DAYS, law, compliant)
    assert fee[0] == pytest.approx(rate * WEEKLY)


PHASING = [
    # (month, share of the Direct Pay caseload moved by then)
    (dt.date(2027, 3, 1), 0.0),
    (dt.date(2027, 4, 1), 1 / 12),
    (dt.date(2027, 9, 1), 6 / 12),
    (dt.date(2028, 2, 1), 11 / 12),
    (dt.date(2028, 3, 1), 1.0),
]
FAMILIES = np.arange(20_000)


@pytest.mark.parametrize("month, share", PHASING, ids=[f"{m:%B %Y}" for m, _ in PHASING])
def test_direct_pay_phased_out_as_announced(month, share):
    """The announced single collection service moves a twelfth of the Direct Pay
    caseload each month of 2027-28, in a fixed order (those moved by a month are
    still moved the next), and no new case starts on Direct Pay once it begins."""
    rng = KeyedRandom(20260401)
    law = SCS.at(month)
    moved = arrangements.migrating(FAMILIES, law, rng)
    assert moved.mean() == pytest.approx(share, abs=0.01)
    later = arrangements.migrating(FAMILIES, SCS.at(dt.date(2028, 3, 1)), rng)
    assert np.all(later[moved])
    arr = arrangements_of(NO_ARRANGEMENT, 2, False)
    arrangements.step(
        arr, one_family(), circumstances(), B, FITTED, law, ForcedDraws(application=0.0), 0
    )
    assert arr.service[0] == (DIRECT_PAY if share == 0 else COLLECT_AND_PAY)


def test_no_return_to_direct_pay_while_it_is_closed_down():
    reliable = int(S.reliable_months_before_direct_pay)
    arr = arrangements_of(CMS, COLLECT_AND_PAY, False)
    moves = arrangements.step(
        arr, one_family(), circumstances(streak=reliable), B, FITTED, ANNOUNCED,
        ForcedDraws(cp_to_dp=0.0), 0,
    )  # fmt: skip
    assert arr.service[0] == COLLECT_AND_PAY and not moves.returned_to_direct_pay[0]
