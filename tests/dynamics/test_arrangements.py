"""Arrangements, one family and one month at a time, as a table: the service
before, the payment history and the law, the chances that come off, and the
service after (with whether the parents keep the Direct Pay shift of parents
who chose to pay each other)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.dynamics.processes import arrangements
from simulator.dynamics.shared import SharedRates
from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.parameters import load_parameters
from simulator.population import CMS, COLLECT_AND_PAY, DIRECT_PAY, FAMILY_BASED, NO_ARRANGEMENT
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
STEADY = SharedRates(
    closure_rates=(0.5, 0.5),
    long_term_finding=0.0,
    median_earnings=0.0,
    family_based_form_rate=0.5,
    width=1,
)


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


@pytest.mark.parametrize(
    "before, streak, breakdown, abuse, law, draws, after",
    [r[1:] for r in MOVES],
    ids=[r[0] for r in MOVES],
)
def test_arrangements_move(before, streak, breakdown, abuse, law, draws, after):
    arrangement, service, shift = before
    arr = arrangements.Arrangements(
        arrangement=np.array([arrangement], dtype=np.int8),
        service=np.array([service], dtype=np.int8),
        cooperative=np.array([shift]),
        family_based_weekly=np.zeros(1),
        arrears_only=np.zeros(1, dtype=bool),
    )
    rng = ForcedDraws(**draws)
    moves = arrangements.step(
        arr,
        one_family(abuse),
        np.array([streak]),
        np.array([breakdown]),
        STEADY,
        B,
        FITTED,
        law,
        rng,
        0,
    )
    assert not rng.unknown()
    assert (arr.arrangement[0], arr.service[0], arr.cooperative[0]) == after
    assert moves.moved_to_collect_and_pay[0] == (
        service == DIRECT_PAY and after[1] == COLLECT_AND_PAY
    )
    assert moves.returned_to_direct_pay[0] == (
        service == COLLECT_AND_PAY and after[1] == DIRECT_PAY and arrangement == CMS
    )
    assert moves.closed[0] == (arrangement == CMS and after[0] != CMS)
    assert moves.applied[0] == (arrangement != CMS and after[0] == CMS)
