"""Arrears and payments, one month at a time, as tables: the arrears
instalment, write-offs on closure, what a paying parent pays, how the CMS
allocates it, the receiving parent's 4% fee, and the payment history.

Register values the rows rely on: arrears are paid off over 24 months, within
40% of the paying household's net income.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.dynamics.processes import arrears, payments
from simulator.dynamics.processes.compliance import VoluntaryPayment
from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.parameters import load_parameters

E = load_assumptions().values().behaviour.enforcement
P = load_parameters().at(dt.date(2026, 6, 1))


def test_the_register_values_these_tables_assume():
    assert (E.arrears_target_recovery, E.arrears_max_share_net_income) == (24.0, 0.4)


INSTALMENTS = [
    # (case, debt £, on Collect and Pay, due £, fee £, net income £/month, instalment £)
    ("£1,200 over 24 months, room in the budget", 1_200.0, True, 300.0, 60.0, 2_000.0, 50.0),
    (
        "the budget allows only 40% of £1,000 less £300 due and £60 fee",
        12_000.0, True, 300.0, 60.0, 1_000.0, 40.0,
    ),
    ("no room left after the liability and fee", 12_000.0, True, 400.0, 80.0, 1_000.0, 0.0),
    ("a small debt is spread over the 24 months too", 12.0, True, 0.0, 0.0, 2_000.0, 0.5),
    ("no debt, no instalment", 0.0, True, 300.0, 60.0, 2_000.0, 0.0),
    ("Direct Pay: the CMS collects no arrears", 1_200.0, False, 300.0, 0.0, 2_000.0, 0.0),
]  # fmt: skip


@pytest.mark.parametrize(
    "debt, cp, due, fee, net, expected",
    [r[1:] for r in INSTALMENTS],
    ids=[r[0] for r in INSTALMENTS],
)
def test_arrears_instalment(debt, cp, due, fee, net, expected):
    got = arrears.instalment(
        np.array([debt]), np.array([cp]), np.array([due]), np.array([fee]), np.array([net]), E
    )
    assert got[0] == pytest.approx(expected)


WRITE_OFFS = [
    # (case, case closed, debt £, written off £)
    ("a closed case with small arrears: written off", True, 5.0, 5.0),
    ("a closed case with arrears above the threshold: kept", True, 40.0, 0.0),
    ("an open case: kept", False, 5.0, 0.0),
]


@pytest.mark.parametrize(
    "closed, debt, written", [r[1:] for r in WRITE_OFFS], ids=[r[0] for r in WRITE_OFFS]
)
def test_small_arrears_of_closed_cases_are_written_off(closed, debt, written):
    """SI 2024/87: arrears below the threshold are written off when a case
    closes (split here between maintenance, fees and charges)."""
    threshold = P.service.write_off.small_arrears_threshold
    assert 5.0 < threshold < 40.0
    owed = arrears.Arrears(
        maintenance=np.array([debt * 0.5]),
        fees=np.array([debt * 0.25]),
        charges=np.array([debt * 0.25]),
        direct_pay_shortfall=np.zeros(1),
    )
    out = arrears.write_off(owed, np.array([closed]), threshold)
    assert out.total[0] == pytest.approx(written)
    assert owed.total()[0] == pytest.approx(debt - written)


def _voluntary(pays=False, full=False, share=0.0) -> VoluntaryPayment:
    return VoluntaryPayment(np.array([pays]), np.array([full]), np.array([share]))


AMOUNTS = [
    # (case, on Direct Pay, by deduction, the deduction collects, voluntary payment, paid £)
    # due £300, fee £60, instalment £50 throughout
    ("a deduction that collects pays everything owed", False, True, True, _voluntary(), 410.0),
    ("a deduction that fails pays nothing", False, True, False, _voluntary(True, True), 0.0),
    ("voluntary, in full: everything owed", False, False, False, _voluntary(True, True), 410.0),
    (
        "voluntary, in part: a share of the liability and fee (not the instalment)",
        False, False, False, _voluntary(True, False, 0.5), 180.0,
    ),
    ("does not pay", False, False, False, _voluntary(), 0.0),
    ("Direct Pay in full: no fee", True, False, False, _voluntary(True, True), 300.0),
]  # fmt: skip


@pytest.mark.parametrize(
    "dp, mechanical, collects, voluntary, paid",
    [r[1:] for r in AMOUNTS],
    ids=[r[0] for r in AMOUNTS],
)
def test_what_a_paying_parent_pays(dp, mechanical, collects, voluntary, paid):
    got = payments.amount_paid(
        due=np.array([300.0]),
        fee_due=np.array([0.0 if dp else 60.0]),
        instalment=np.array([0.0 if dp else 50.0]),
        dp=np.array([dp]),
        mechanical=np.array([mechanical]),
        deduction_collects=np.array([collects]),
        voluntary=voluntary,
    )
    assert got[0] == pytest.approx(paid)


ALLOCATIONS = [
    # (case, paid £, maintenance, fee, maintenance arrears, fee arrears, charges, 4% fee, received)
    # due £300, fee £60; owed before: £100 maintenance, £40 fees, £50 charges
    ("everything owed", 550.0, 300.0, 60.0, 100.0, 40.0, 50.0, 16.0, 384.0),
    ("maintenance first", 200.0, 200.0, 0.0, 0.0, 0.0, 0.0, 8.0, 192.0),
    ("then the ongoing fee", 330.0, 300.0, 30.0, 0.0, 0.0, 0.0, 12.0, 288.0),
    ("then maintenance arrears", 400.0, 300.0, 60.0, 40.0, 0.0, 0.0, 13.6, 326.4),
    ("then fee arrears, then charges", 520.0, 300.0, 60.0, 100.0, 40.0, 20.0, 16.0, 384.0),
]


@pytest.mark.parametrize(
    "paid, maintenance, fee, on_arrears, on_fees, charges, rp_fee, received",
    [r[1:] for r in ALLOCATIONS],
    ids=[r[0] for r in ALLOCATIONS],
)
def test_the_cms_allocates_a_payment(
    paid, maintenance, fee, on_arrears, on_fees, charges, rp_fee, received
):
    """Ongoing maintenance, the ongoing fee, maintenance arrears, fee arrears,
    then enforcement charges; the receiving parent's 4% comes off the
    maintenance collected (ongoing and arrears), rounded to the penny
    (SI 2014/612 reg. 8)."""
    a = payments.allocate(
        np.array([paid]),
        due=np.array([300.0]),
        fee_due=np.array([60.0]),
        arrears_maintenance=np.array([100.0]),
        arrears_fees=np.array([40.0]),
        arrears_charges=np.array([50.0]),
        cp=np.array([True]),
        domestic_abuse=np.array([False]),
        p=P,
    )
    got = (a.maintenance, a.fee, a.arrears_maintenance, a.arrears_fees, a.charges, a.rp_fee)
    assert [x[0] for x in got] == pytest.approx(
        [maintenance, fee, on_arrears, on_fees, charges, rp_fee]
    )
    assert a.received[0] == pytest.approx(received)


def test_on_direct_pay_the_receiving_parent_gets_what_is_paid():
    a = payments.allocate(
        np.array([250.0]),
        due=np.array([300.0]),
        fee_due=np.array([0.0]),
        arrears_maintenance=np.array([0.0]),
        arrears_fees=np.array([0.0]),
        arrears_charges=np.array([0.0]),
        cp=np.array([False]),
        domestic_abuse=np.array([False]),
        p=P,
    )
    assert (a.received[0], a.rp_fee[0]) == (250.0, 0.0)


#: months in a row paid in full on Direct Pay after which a broken arrangement mends
MEND = int(load_assumptions().values().behaviour.service.reliable_months_before_direct_pay)

HISTORY = [
    # (case, service, due £, paid £, shortfall,
    #  streak, breakdown and Direct Pay streak before -> after)
    ("Collect and Pay in full: streak grows", "cp", 300.0, 300.0, False,
     (2, False, 0), (3, False, 0)),
    ("Collect and Pay short: the streak ends", "cp", 300.0, 100.0, True,
     (5, False, 0), (0, False, 0)),
    ("nothing due: the streak stands", "cp", 0.0, 0.0, False, (5, False, 0), (5, False, 0)),
    ("Direct Pay short: a breakdown, the Direct Pay streak ends", "dp", 300.0, 100.0, False,
     (0, False, 4), (0, True, 0)),
    ("Direct Pay in full, not broken: the Direct Pay streak grows", "dp", 300.0, 300.0, False,
     (0, False, 0), (0, False, 1)),
    ("Direct Pay in full after a breakdown: still broken, the Direct Pay streak grows", "dp",
     300.0, 300.0, False, (0, True, 0), (0, True, 1)),
    ("broken, in full for the reliable months: the arrangement mends", "dp", 300.0, 300.0,
     False, (0, True, MEND - 1), (0, False, MEND)),
    ("broken, one month short of the reliable months: not yet mended", "dp", 300.0, 300.0,
     False, (0, True, MEND - 2), (0, True, MEND - 1)),
    ("mended, short again: broken again", "dp", 300.0, 299.0, False,
     (0, False, MEND), (0, True, 0)),
    ("Direct Pay, nothing due: the breakdown and the Direct Pay streak stand", "dp", 0.0, 0.0,
     False, (0, True, 3), (0, True, 3)),
]  # fmt: skip


@pytest.mark.parametrize(
    "service, due, paid, shortfall, before, after",
    [r[1:] for r in HISTORY],
    ids=[r[0] for r in HISTORY],
)
def test_the_payment_history(service, due, paid, shortfall, before, after):
    history = payments.PaymentHistory(
        full_streak=np.array([before[0]], dtype=np.int64),
        dp_breakdown=np.array([before[1]]),
        dp_full_streak=np.array([before[2]], dtype=np.int64),
    )
    payments.record(
        history,
        due=np.array([due]),
        paid_maintenance=np.array([paid]),
        cp=np.array([service == "cp"]),
        dp=np.array([service == "dp"]),
        shortfall=np.array([shortfall]),
        mend_months=MEND,
    )
    got = (history.full_streak[0], history.dp_breakdown[0], history.dp_full_streak[0])
    assert got == after


ARREARS_ONLY = [
    # (case, by deduction, the deduction collects, voluntary payment, paid £)
    # an arrears-only case: nothing due, no fee, an instalment of £50
    ("a deduction that collects pays the instalment", True, True, _voluntary(), 50.0),
    ("voluntary, in full: the instalment", False, False, _voluntary(True, True), 50.0),
    (
        "voluntary, in part: a share of the instalment",
        False, False, _voluntary(True, False, 0.4), 20.0,
    ),
    ("does not pay", False, False, _voluntary(), 0.0),
]  # fmt: skip


@pytest.mark.parametrize(
    "mechanical, collects, voluntary, paid",
    [r[1:] for r in ARREARS_ONLY],
    ids=[r[0] for r in ARREARS_ONLY],
)
def test_an_arrears_only_case_pays_its_instalment(mechanical, collects, voluntary, paid):
    """A Collect and Pay case open for arrears only has no liability: what it
    pays is the arrears instalment (in full, in part or not at all)."""
    got = payments.amount_paid(
        due=np.array([0.0]),
        fee_due=np.array([0.0]),
        instalment=np.array([50.0]),
        dp=np.array([False]),
        mechanical=np.array([mechanical]),
        deduction_collects=np.array([collects]),
        voluntary=voluntary,
    )
    assert got[0] == pytest.approx(paid)


WRITE_OFFS_BY_CAUSE = [
    # (case, receiving parent asks, paying parent died, written off: maintenance, fees, charges)
    # owed: £1,000 maintenance, £200 fees, £50 charges
    ("the receiving parent asks: the maintenance arrears go", True, False, 1_000.0, 0.0, 0.0),
    ("the paying parent died: every debt goes", False, True, 1_000.0, 200.0, 50.0),
    ("neither: nothing is written off", False, False, 0.0, 0.0, 0.0),
]  # fmt: skip


@pytest.mark.parametrize(
    "asks, death, maintenance, fees, charges",
    [r[1:] for r in WRITE_OFFS_BY_CAUSE],
    ids=[r[0] for r in WRITE_OFFS_BY_CAUSE],
)
def test_arrears_written_off_at_request_or_on_death(asks, death, maintenance, fees, charges):
    """2012-scheme arrears are written off only at the receiving parent's
    request (the maintenance owed to them; fees and charges are owed to the
    government) or on the paying parent's death (PQ 98425)."""
    owed = arrears.Arrears(
        maintenance=np.array([1_000.0]),
        fees=np.array([200.0]),
        charges=np.array([50.0]),
        direct_pay_shortfall=np.array([75.0]),
    )
    out = arrears.write_off_on_request_or_death(owed, np.array([asks]), np.array([death]))
    assert (out.maintenance[0], out.fees[0], out.charges[0]) == (maintenance, fees, charges)
    assert owed.total()[0] == pytest.approx(1_250.0 - maintenance - fees - charges)
    assert owed.direct_pay_shortfall[0] == 75.0  # not CMS arrears: never written off


def _claims(**changes):
    """Four Collect and Pay families of weight 1: a holder paying £50 a week
    for 12 months with a 50% monthly chance of a shortfall, a non-holder (its
    draw above that chance), an arrears-only case, and a Direct Pay family."""
    columns = dict(
        weight=np.ones(4),
        collect_and_pay=np.array([True, True, True, False]),
        arrears_only=np.array([False, False, True, False]),
        weekly_liability=np.array([50.0, 50.0, 0.0, 50.0]),
        months_on_caseload=np.array([12.0, 12.0, 24.0, 12.0]),
        shortfall_prob=np.array([0.5, 0.5, 0.5, 0.5]),
        holder_draw=np.array([0.1, 0.9, 0.9, 0.1]),
    )
    columns.update(changes)
    return arrears.initial_claims(**columns, e=E)


def test_the_initial_stock_is_the_published_one_allocated_by_the_rule():
    """B22 (the register's initial_arrears_stock) in total; held by the
    arrears-only case (by construction, at the holders' average liability)
    and the ongoing case whose draw falls below its chance of a shortfall; in
    proportion to liability x months on the caseload x that chance."""
    got = _claims()
    assert got.sum() == pytest.approx(E.initial_arrears_stock)
    assert got[1] == 0.0 and got[3] == 0.0  # no draw below the chance; Direct Pay
    # the arrears-only case: twice the months at the holder's liability
    assert got[2] == pytest.approx(2 * got[0])
    # weights: the weighted total is the published stock
    weighted = _claims(weight=np.array([2.0, 1.0, 1.0, 1.0]))
    assert 2 * weighted[0] + weighted[2] == pytest.approx(E.initial_arrears_stock)
