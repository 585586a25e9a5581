"""The money ledger per family and month (simulator.dynamics): each debt's
stock moves only by what accrues, is paid off, recovered or written off; what
is paid is the allocated pieces; what the receiving parent gets is the
maintenance collected less the 4% fee; Direct Pay shortfalls are a separate,
unrecorded stock; the arrears stock and the deduction orders start at the
published figures (B22, A12b). One recorded 24-month run (tests/dynamics/test_runs.py).
"""

from __future__ import annotations

import numpy as np
import pytest

from simulator.dynamics.processes.arrears import DEBTS
from simulator.inputs.assumptions import load_assumptions
from simulator.population import CMS, COLLECT_AND_PAY, DIRECT_PAY
from simulator.population.targets import load_targets
from tests.dynamics.test_runs import recorded

E = load_assumptions().values().behaviour.enforcement


def _before(result, key: str, start: str) -> np.ndarray:
    r = result.records
    return np.vstack([result.families[start][None, :], r[key][:-1]])


@pytest.mark.parametrize("debt", DEBTS, ids=[f"arrears of {d}" for d in DEBTS])
def test_each_debt_is_conserved_per_family_and_month(debt):
    """stock at the end = stock at the start + accrued - paid off by payments
    - recovered by enforcement - written off (every family, every month)."""
    _, result = recorded()
    r = result.records
    start = _before(result, f"arrears_{debt}", f"arrears_{debt}_start")
    expected = (
        start
        + r[f"accrued_{debt}"]
        - r[f"paid_off_{debt}"]
        - r[f"recovered_{debt}"]
        - r[f"written_off_{debt}"]
    )
    np.testing.assert_allclose(r[f"arrears_{debt}"], expected, atol=1e-6)
    assert r[f"accrued_{debt}"].sum() > 0 and r[f"paid_off_{debt}"].sum() > 0
    assert (r[f"arrears_{debt}"] >= -1e-6).all()


def test_written_off_is_the_sum_of_the_debts_written_off():
    _, result = recorded()
    r = result.records
    np.testing.assert_allclose(
        r["written_off"], sum(r[f"written_off_{d}"] for d in DEBTS), atol=1e-9
    )
    assert r["written_off"].sum() > 0


def test_what_is_paid_is_the_allocated_pieces():
    """paid = ongoing maintenance + maintenance arrears (payments and
    recoveries) + collection fees (ongoing and arrears) + enforcement charges."""
    _, result = recorded()
    r = result.records
    np.testing.assert_allclose(
        r["paid"],
        r["paid_maintenance"] + r["paid_arrears_maintenance"] + r["paid_fee"] + r["paid_charges"],
        atol=1e-6,
    )
    np.testing.assert_allclose(
        r["paid_arrears_maintenance"],
        r["paid_off_maintenance"] + r["recovered_maintenance"],
        atol=1e-6,
    )


def test_received_is_the_maintenance_collected_less_the_receiving_parents_fee():
    _, result = recorded()
    r = result.records
    cp = r["service"] == COLLECT_AND_PAY
    collected = r["paid_maintenance"] + r["paid_arrears_maintenance"]
    np.testing.assert_allclose(r["received"][cp], (collected - r["rp_fee"])[cp], atol=1e-6)
    assert r["rp_fee"][cp].sum() == pytest.approx(0.04 * collected[cp].sum(), rel=0.01)
    dp = r["service"] == DIRECT_PAY
    np.testing.assert_allclose(r["received"][dp], r["paid_maintenance"][dp], atol=1e-9)


def test_direct_pay_shortfalls_are_a_separate_unrecorded_stock():
    """What Direct Pay families were due and did not receive, month by month,
    adds up to a stock of its own; it is not CMS arrears."""
    _, result = recorded()
    r = result.records
    dp = r["service"] == DIRECT_PAY
    np.testing.assert_allclose(
        r["direct_pay_shortfall"],
        np.where(dp, np.maximum(r["due"] - r["paid_maintenance"], 0.0), 0.0),
        atol=1e-9,
    )
    assert r["direct_pay_shortfall"].sum() > 0
    np.testing.assert_allclose(
        r["direct_pay_shortfall_stock"], np.cumsum(r["direct_pay_shortfall"], axis=0), atol=1e-6
    )
    assert (r["accrued_maintenance"][dp] == 0).all()


def test_the_arrears_stock_starts_from_the_published_figure():
    """At the population date the maintenance arrears are B22 (GB total, the
    register's initial condition), held by Collect and Pay cases only, every
    arrears-only case among them."""
    pop, result = recorded()
    start = result.families["arrears_maintenance_start"]
    assert pop.weight @ start == pytest.approx(E.initial_arrears_stock, rel=1e-9)
    b22 = {t.id: t for t in load_targets()}.get("B22")
    if b22 is not None:
        assert E.initial_arrears_stock == pytest.approx(b22.value * 1e6)
    cp = (pop.arrangement == CMS) & (pop.service == COLLECT_AND_PAY)
    assert (start[~cp] == 0).all()
    assert (start[cp & pop.arrears_only] > 0).all()
    # the paying parent's 20% fee on the unpaid maintenance
    np.testing.assert_allclose(result.families["arrears_fees_start"], 0.2 * start)


def test_deduction_orders_in_place_at_the_start_are_the_published_share():
    """The orders in place are drawn so that A12b's share of Collect and Pay
    paying parents due to pay pay by DEO/DER (the register's initial
    condition); the first quarter is close to it (a small population)."""
    _, result = recorded()
    first = result.quarterly.iloc[0]
    assert first.collect_and_pay_paying_by_deo_share == pytest.approx(
        E.initial_deo_share_due_to_pay, abs=0.05
    )


def test_enforcement_volumes_along_the_route():
    """Every stage has its monthly flow, and what enforcement collects is the
    sum of what its routes collect."""
    from simulator.dynamics.reporting import ENFORCEMENT_COLLECTED, ENFORCEMENT_FLOWS

    _, result = recorded()
    m = result.monthly
    for name in ENFORCEMENT_FLOWS:
        assert (m[f"enforcement_flow_{name}"] >= 0).all(), name
    for name in ("contact", "deo_made", "regular_deduction_order", "liability_order_applied"):
        assert m[f"enforcement_flow_{name}"].sum() > 0, name
    np.testing.assert_allclose(
        m.enforcement_collected, sum(m[name] for name in ENFORCEMENT_COLLECTED), rtol=1e-12
    )
    # a liability order is granted only after it is applied for
    granted = m.enforcement_flow_liability_order_granted.cumsum()
    applied = m.enforcement_flow_liability_order_applied.cumsum()
    assert (granted <= applied + m.enforcement_liability_order_applied.iloc[0] * 2).all()
