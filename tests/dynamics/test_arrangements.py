"""Arrangements, one family and one month at a time, as a table: the service
before, the payment history and the law, the chances that come off, and the
service after (with whether the parents keep the Direct Pay shift of parents
who chose to pay each other)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.dynamics.processes import arrangements
from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.parameters import load_parameters
from simulator.population import (
    CMS,
    COLLECT_AND_PAY,
    DIRECT_PAY,
    EMPLOYEE,
    FAMILY_BASED,
    NO_ARRANGEMENT,
    NOT_CMS,
)
from tests.dynamics.tables import LOW, ForcedDraws, one_family

WHEN = dt.date(2026, 6, 1)
VALUES = load_assumptions().values()
B, FITTED = VALUES.behaviour, VALUES.behaviour_fitted.compliance_fitted
RELIABLE = int(B.service.reliable_months_before_direct_pay)
LAW = load_parameters()
CURRENT = LAW.at(WHEN)
NO_DIRECT_PAY = LAW.with_value("service.direct_pay.available", WHEN, False).at(WHEN)
ABUSE_ROUTE = LAW.with_value(
    "service.collect_and_pay.domestic_abuse_without_consent", WHEN, True
).at(WHEN)
S = B.service
THRESHOLD = CURRENT.service.write_off.small_arrears_threshold
ABUSE_SHARE_OUTSIDE = VALUES.population.case.domestic_abuse_share_other


MOVES = [
    # (case, arrangement, service and shift before, streak, breakdown, abuse, law, draws,
    #  arrangement, service and shift after)
    (
        "a broken Direct Pay arrangement reported: moves to Collect and Pay, loses the shift",
        (CMS, DIRECT_PAY, True), 0, True, False, CURRENT, {"dp_report": LOW},
        (CMS, COLLECT_AND_PAY, False),
    ),
    (
        "a broken Direct Pay arrangement not reported: stays",
        (CMS, DIRECT_PAY, True), 0, True, False, CURRENT, {}, (CMS, DIRECT_PAY, True),
    ),
    (
        "a broken arrangement the receiving parent never reports (B10): stays on Direct Pay",
        (CMS, DIRECT_PAY, True), 0, True, False, CURRENT,
        {"dp_never_report": LOW, "dp_report": LOW}, (CMS, DIRECT_PAY, True),
    ),
    (
        "an arrangement that has not broken: no report, stays on Direct Pay",
        (CMS, DIRECT_PAY, True), 0, False, False, CURRENT, {"dp_report": LOW},
        (CMS, DIRECT_PAY, True),
    ),
    (
        "Direct Pay abolished: every case moves, parents who cooperate keep the shift",
        (CMS, DIRECT_PAY, True), 0, False, False, NO_DIRECT_PAY, {},
        (CMS, COLLECT_AND_PAY, True),
    ),
    (
        "domestic abuse, the law allows collection without consent, requested: moves, keeps it",
        (CMS, DIRECT_PAY, True), 0, False, True, ABUSE_ROUTE, {"da_collection_request": LOW},
        (CMS, COLLECT_AND_PAY, True),
    ),
    (
        "domestic abuse under current law: no collection without consent",
        (CMS, DIRECT_PAY, True), 0, False, True, CURRENT, {"da_collection_request": LOW},
        (CMS, DIRECT_PAY, True),
    ),
    (
        "paid in full on Collect and Pay for the reliable months: returns to Direct Pay",
        (CMS, COLLECT_AND_PAY, False), RELIABLE, False, False, CURRENT, {"cp_to_dp": LOW},
        (CMS, DIRECT_PAY, True),
    ),
    (
        "one month short of reliable: stays on Collect and Pay",
        (CMS, COLLECT_AND_PAY, False), RELIABLE - 1, False, False, CURRENT, {"cp_to_dp": LOW},
        (CMS, COLLECT_AND_PAY, False),
    ),
    (
        "reliable, but domestic abuse disclosed: stays on Collect and Pay",
        (CMS, COLLECT_AND_PAY, False), RELIABLE, False, True, CURRENT, {"cp_to_dp": LOW},
        (CMS, COLLECT_AND_PAY, False),
    ),
    (
        "a CMS case closes to a family-based arrangement",
        (CMS, COLLECT_AND_PAY, False), 0, False, False, CURRENT,
        {"closure": LOW, "closure_destination": LOW}, (FAMILY_BASED, 2, False),
    ),
    (
        "a family outside the CMS applies: a new Collect and Pay case",
        (NO_ARRANGEMENT, 2, False), 0, False, False, CURRENT,
        {"application": LOW, "new_case_service": LOW}, (CMS, COLLECT_AND_PAY, False),
    ),
    (
        "a family outside the CMS applies: a new Direct Pay case, with the shift",
        (NO_ARRANGEMENT, 2, False), 0, False, False, CURRENT, {"application": LOW},
        (CMS, DIRECT_PAY, True),
    ),
]  # fmt: skip


def arrangements_of(arrangement, service, shift, arrears_only=False, months_open=24, unpaid=0):
    return arrangements.Arrangements(
        arrangement=np.array([arrangement], dtype=np.int8),
        service=np.array([service], dtype=np.int8),
        cooperative=np.array([shift]),
        family_based_weekly=np.zeros(1),
        arrears_only=np.array([arrears_only]),
        months_open=np.array([months_open]),
        unpaid_months=np.array([unpaid]),
        owed_arrears=np.array([arrears_only]),
        application_fee=np.zeros(1),
        never_reports=np.zeros(1, dtype=bool),
    )


def circumstances(
    streak=0, breakdown=False, owed=0.0, weekly=50.0, by_deduction=False, has_child=True, age=30
):
    return arrangements.Circumstances(
        owed=np.array([owed]),
        weekly=np.array([weekly]),
        employment=np.array([EMPLOYEE], dtype=np.int8),
        full_streak=np.array([streak]),
        dp_breakdown=np.array([breakdown]),
        by_deduction=np.array([by_deduction]),
        write_off_threshold=THRESHOLD,
        has_child=np.array([has_child]),
        rp_age=np.array([age]),
        abuse_share_outside=ABUSE_SHARE_OUTSIDE,
    )


@pytest.mark.parametrize(
    "before, streak, breakdown, abuse, law, draws, after",
    [r[1:] for r in MOVES],
    ids=[r[0] for r in MOVES],
)
def test_arrangements_move(before, streak, breakdown, abuse, law, draws, after):
    arrangement, service, shift = before
    arr = arrangements_of(arrangement, service, shift)
    rng = ForcedDraws(**draws)
    moves = arrangements.step(
        arr, one_family(abuse), circumstances(streak, breakdown), B, FITTED, law, rng, 0
    )
    assert not rng.unknown()
    assert (arr.arrangement[0], arr.service[0], arr.cooperative[0]) == after
    assert moves.moved_to_collect_and_pay[0] == (
        service == DIRECT_PAY and after[1] == COLLECT_AND_PAY
    )
    assert moves.returned_to_direct_pay[0] == (
        service == COLLECT_AND_PAY and after[1] == DIRECT_PAY and arrangement == CMS
    )
    assert moves.moved_on_request[0] == (
        abuse and not breakdown and law is ABUSE_ROUTE and after[1] == COLLECT_AND_PAY
    )
    assert moves.closed[0] == (arrangement == CMS and after[0] != CMS)
    assert moves.applied[0] == (arrangement != CMS and after[0] == CMS)


def test_a_reliable_payer_by_deduction_from_benefit_stays_on_collect_and_pay():
    """Paid in full for the reliable months, but by deduction from benefit,
    which only the collection service arranges: no return."""
    arr = arrangements_of(CMS, COLLECT_AND_PAY, False)
    rng = ForcedDraws(cp_to_dp=LOW)
    moves = arrangements.step(
        arr,
        one_family(),
        circumstances(RELIABLE, by_deduction=True),
        B,
        FITTED,
        CURRENT,
        rng,
        0,
    )
    assert arr.service[0] == COLLECT_AND_PAY
    assert not moves.returned_to_direct_pay[0]


#: The monthly closure hazard of a case, relative to a settled case that
#: pays and has something due (the fitted intercept).
NEW = int(S.closure_new_case_months)
UNPAID = int(S.closure_unpaid_months)
HAZARDS = [
    # (case, months open, months with nothing paid, nothing due, Direct Pay
    #  working parents who cooperate, relative hazard)
    ("a settled case, paying, something due", NEW, 0, False, False, 1.0),
    ("a new case", NEW - 1, 0, False, False, S.closure_new_case_relative),
    ("nothing paid for the months after which the receiving parent may give up",
     NEW, UNPAID, False, False, S.closure_unpaid_relative),
    ("nothing paid, one month short of that", NEW, UNPAID - 1, False, False, 1.0),
    ("nothing due (a nil liability)", NEW, 0, True, False, S.closure_nothing_due_relative),
    ("Direct Pay, working parents who cooperate", NEW, 0, False, True,
     S.closure_cooperative_working_relative),
    ("a new case with nothing paid for months", NEW - 1, UNPAID, False, False,
     S.closure_new_case_relative * S.closure_unpaid_relative),
]  # fmt: skip


@pytest.mark.parametrize(
    "months_open, unpaid, nothing_due, cooperative, relative",
    [r[1:] for r in HAZARDS],
    ids=[r[0] for r in HAZARDS],
)
def test_closure_hazard_by_case(months_open, unpaid, nothing_due, cooperative, relative):
    intercept = FITTED.closure_monthly_intercept
    hazard = arrangements.closure_hazard(
        np.array([months_open]), np.array([unpaid]), np.array([nothing_due]),
        np.array([cooperative]), S, intercept,
    )  # fmt: skip
    assert hazard[0] == pytest.approx(min(intercept * relative, 1.0))


DESTINATIONS = [
    # (case, working parents who cooperate, nothing paid for months, abuse, chance)
    ("another case", False, False, False, S.closure_to_family_based_share),
    ("Direct Pay, working parents who cooperate", True, False, False,
     S.closure_to_family_based_share_cooperative),
    ("nothing paid for months: the receiving parent gives up", False, True, False,
     S.closure_unpaid_to_family_based_share),
    ("domestic abuse disclosed", False, False, True,
     S.closure_to_family_based_share * S.closure_to_family_based_abuse_relative),
]  # fmt: skip


@pytest.mark.parametrize(
    "cooperative, unpaid, abuse, chance",
    [r[1:] for r in DESTINATIONS],
    ids=[r[0] for r in DESTINATIONS],
)
def test_closures_into_family_based_arrangements(cooperative, unpaid, abuse, chance):
    share = arrangements.closure_to_family_based(
        np.array([cooperative]), np.array([unpaid]), np.array([abuse]), S
    )
    assert share[0] == pytest.approx(chance)


ARREARS_ONLY = [
    # (case, arrears-only before, arrears owed, draws, (arrangement, service,
    #  arrears-only) after, closed, arrears abandoned)
    ("a Collect and Pay case ends owing arrears: stays on for arrears only",
     False, 500.0, {"closure": LOW}, (CMS, COLLECT_AND_PAY, True), False, False),
    ("a Collect and Pay case ends owing less than the write-off threshold: closes",
     False, THRESHOLD / 2, {"closure": LOW}, (NO_ARRANGEMENT, NOT_CMS, False), True, False),
    ("a Collect and Pay case that does not end: stays, liability ongoing",
     False, 500.0, {}, (CMS, COLLECT_AND_PAY, False), False, False),
    ("an arrears-only case still owing: stays",
     True, 500.0, {}, (CMS, COLLECT_AND_PAY, True), False, False),
    ("an arrears-only case whose arrears are cleared: closes",
     True, 0.0, {}, (NO_ARRANGEMENT, NOT_CMS, False), True, False),
    ("an arrears-only case closed at the receiving parent's request: arrears abandoned",
     True, 500.0, {"arrears_only_closure": LOW}, (NO_ARRANGEMENT, NOT_CMS, False), True, True),
    ("an arrears-only case is not closed by the ongoing-case hazard",
     True, 500.0, {"closure": LOW}, (CMS, COLLECT_AND_PAY, True), False, False),
]  # fmt: skip


@pytest.mark.parametrize(
    "arrears_only, owed, draws, after, closed, abandoned",
    [r[1:] for r in ARREARS_ONLY],
    ids=[r[0] for r in ARREARS_ONLY],
)
def test_arrears_only_cases(arrears_only, owed, draws, after, closed, abandoned):
    arr = arrangements_of(CMS, COLLECT_AND_PAY, False, arrears_only=arrears_only)
    moves = arrangements.step(
        arr, one_family(), circumstances(owed=owed), B, FITTED, CURRENT, ForcedDraws(**draws), 0
    )
    assert (arr.arrangement[0], arr.service[0], arr.arrears_only[0]) == after
    assert moves.closed[0] == closed
    assert moves.arrears_abandoned[0] == abandoned
    assert moves.to_arrears_only[0] == (not arrears_only and after[2])


def test_months_with_nothing_paid_are_counted_on_collect_and_pay():
    arr = arrangements_of(CMS, COLLECT_AND_PAY, False, unpaid=2)
    index = np.array([0])
    arrangements.record_payments(arr, index, np.array([True]), np.array([True]))
    assert arr.unpaid_months[0] == 3
    arrangements.record_payments(arr, index, np.array([True]), np.array([False]))
    assert arr.unpaid_months[0] == 0


AGED_OUT = [
    # (case, (arrangement, service, arrears-only) before, arrears owed, draws,
    #  (arrangement, service, arrears-only) after, closed, kept for arrears only)
    ("a Direct Pay case whose last child ages out closes, to no arrangement",
     (CMS, DIRECT_PAY, False), 0.0, {"closure_destination": LOW},
     (NO_ARRANGEMENT, NOT_CMS, False), True, False),
    ("a Collect and Pay case owing arrears whose last child ages out: kept for arrears only",
     (CMS, COLLECT_AND_PAY, False), 500.0, {}, (CMS, COLLECT_AND_PAY, True), False, True),
    ("a Collect and Pay case owing less than the write-off threshold: closes",
     (CMS, COLLECT_AND_PAY, False), THRESHOLD / 2, {}, (NO_ARRANGEMENT, NOT_CMS, False), True,
     False),
    ("an arrears-only case whose children have aged out: still collected",
     (CMS, COLLECT_AND_PAY, True), 500.0, {}, (CMS, COLLECT_AND_PAY, True), False, False),
    ("a family-based arrangement whose last child ages out ends",
     (FAMILY_BASED, NOT_CMS, False), 0.0, {}, (NO_ARRANGEMENT, NOT_CMS, False), False, False),
    ("no qualifying child: the family never applies to the CMS",
     (NO_ARRANGEMENT, NOT_CMS, False), 0.0, {"application": LOW},
     (NO_ARRANGEMENT, NOT_CMS, False), False, False),
    ("no qualifying child: no family-based arrangement forms",
     (NO_ARRANGEMENT, NOT_CMS, False), 0.0, {"family_based_form": LOW},
     (NO_ARRANGEMENT, NOT_CMS, False), False, False),
]  # fmt: skip


@pytest.mark.parametrize(
    "before, owed, draws, after, closed, to_arrears_only",
    [r[1:] for r in AGED_OUT],
    ids=[r[0] for r in AGED_OUT],
)
def test_an_arrangement_with_no_qualifying_child_left_ends(
    before, owed, draws, after, closed, to_arrears_only
):
    """CSA 1991 Sch. 1 para. 16: the calculation ceases when there is no
    longer a qualifying child; whatever the closure draw, the case ends (and
    the move is flagged as by ageing)."""
    arrangement, service, arrears_only = before
    arr = arrangements_of(arrangement, service, False, arrears_only=arrears_only)
    rng = ForcedDraws(**draws)
    moves = arrangements.step(
        arr, one_family(), circumstances(owed=owed, has_child=False), B, FITTED, CURRENT, rng, 0
    )
    assert (arr.arrangement[0], arr.service[0], arr.arrears_only[0]) == after
    assert moves.closed[0] == closed
    assert moves.to_arrears_only[0] == to_arrears_only
    ended = arrangement != after[0] or to_arrears_only
    assert moves.aged_out[0] == ended
    assert not moves.applied[0]


def test_a_case_with_a_qualifying_child_left_goes_on():
    """The same case with a child still qualifying: nothing ends without a draw."""
    arr = arrangements_of(CMS, COLLECT_AND_PAY, False)
    moves = arrangements.step(
        arr, one_family(), circumstances(owed=500.0), B, FITTED, CURRENT, ForcedDraws(), 0
    )
    assert (arr.arrangement[0], arr.arrears_only[0], moves.aged_out[0]) == (CMS, False, False)


#: Collection on request after domestic abuse: the monthly chance that a Direct
#: Pay case with abuse disclosed asks for it is the take-up (relative) times the
#: fitted rate at which broken arrangements are reported (no evidence on
#: take-up: behaviour.service.da_collection_request_relative, central 1).
REPORT = FITTED.dp_breakdown_move_rate
TAKE_UP = [
    # (case, take-up relative to the report rate, the request draw, moved on request)
    ("central take-up, a draw just under the report rate: moves", 1.0, 0.99 * REPORT, True),
    ("central take-up, a draw just over it: stays", 1.0, 1.01 * REPORT, False),
    ("low take-up (a quarter), a draw at half the report rate: stays", 0.25, 0.5 * REPORT, False),
    ("low take-up, a draw under a quarter of it: moves", 0.25, 0.2 * REPORT, True),
    ("high take-up (three times), a draw at twice the report rate: moves", 3.0, 2 * REPORT, True),
    ("no take-up: never moves", 0.0, 0.0, False),
]  # fmt: skip


@pytest.mark.parametrize(
    "relative, draw, moved", [r[1:] for r in TAKE_UP], ids=[r[0] for r in TAKE_UP]
)
def test_collection_on_request_after_abuse_follows_the_take_up(relative, draw, moved):
    b = (
        load_assumptions()
        .with_overrides({"behaviour.service.da_collection_request_relative": relative})
        .values()
        .behaviour
    )
    arr = arrangements_of(CMS, DIRECT_PAY, True)
    rng = ForcedDraws(da_collection_request=draw)
    moves = arrangements.step(
        arr, one_family(True), circumstances(), b, FITTED, ABUSE_ROUTE, rng, 0
    )
    assert moves.moved_on_request[0] == moved
    assert moves.moved_to_collect_and_pay[0] == moved
    assert arr.service[0] == (COLLECT_AND_PAY if moved else DIRECT_PAY)


def test_a_reported_breakdown_in_an_abuse_case_is_not_a_move_on_request():
    """Abuse disclosed, the law allows collection on request, and both the
    breakdown report and the request come off: the case moves once, counted as
    a reported breakdown (it loses the Direct Pay shift), not on request."""
    arr = arrangements_of(CMS, DIRECT_PAY, True)
    rng = ForcedDraws(dp_report=LOW, da_collection_request=LOW)
    moves = arrangements.step(
        arr, one_family(True), circumstances(breakdown=True), B, FITTED, ABUSE_ROUTE, rng, 0
    )
    assert moves.moved_to_collect_and_pay[0] and not moves.moved_on_request[0]
    assert not arr.cooperative[0]


FEE_POINTS = [
    # (case, service, last month paid in full, abuse, law, fee points charged)
    ("Direct Pay: no collection fees", DIRECT_PAY, False, False, CURRENT, 0.0),
    ("Collect and Pay under current law: 4% + 20%", COLLECT_AND_PAY, False, False, CURRENT, 24.0),
    ("Collect and Pay, paid in full: the compliant rate is the 20% today",
     COLLECT_AND_PAY, True, False, CURRENT, 24.0),
    ("collection fees scrapped", COLLECT_AND_PAY, False, False,
     LAW.with_value("fees.collection.paying_parent_rate", WHEN, 0.0)
     .with_value("fees.collection.receiving_parent_rate", WHEN, 0.0).at(WHEN), 0.0),
    ("receiving parent's fee scrapped: the 20% only", COLLECT_AND_PAY, False, False,
     LAW.with_value("fees.collection.receiving_parent_rate", WHEN, 0.0).at(WHEN), 20.0),
]  # fmt: skip


@pytest.mark.parametrize(
    "service, compliant, abuse, law, points",
    [r[1:] for r in FEE_POINTS],
    ids=[r[0] for r in FEE_POINTS],
)
def test_the_collection_fees_charged_on_a_case(service, compliant, abuse, law, points):
    got = arrangements.collection_fee_points(
        np.array([service == COLLECT_AND_PAY]), np.array([compliant]), np.array([abuse]), law
    )
    assert got[0] == pytest.approx(points)


PER_POINT = S.closure_per_collection_fee_point


@pytest.mark.parametrize(
    "points, relative",
    [(0.0, 1.0), (24.0, 1 + 24 * PER_POINT), (4.0, 1 + 4 * PER_POINT)],
    ids=["no fees: the intercept", "4% + 20%: raised per point", "the 4% only"],
)
def test_closures_of_collect_and_pay_cases_respond_to_the_fees(points, relative):
    """A Collect and Pay case past its first months, paid up, with something
    due: its closure hazard is the intercept times 1 + the per-point response
    x the fee points charged (behaviour.service.closure_per_collection_fee_point)."""
    hazard = arrangements.closure_hazard(
        np.array([24]), np.array([0]), np.array([False]), np.array([False]), S, 0.01,
        np.array([points]),
    )  # fmt: skip
    assert hazard[0] == pytest.approx(0.01 * relative)
