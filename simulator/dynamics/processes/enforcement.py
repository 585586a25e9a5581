"""Enforcement on Collect and Pay: missed-payment contact, deduction orders,
liability orders, what they recover, and the charges they add to the debt.

A Collect and Pay case that misses a payment, or owes arrears, escalates:

1. **missed-payment contact** (unless a deduction order is already in place);
2. after the set-up delay, a **deduction order**: from earnings (DEO) where the
   parent is employed and the CMS reaches the employer (``deduction_order_reach``),
   otherwise from a bank account (regular, or lump sum where the account holds
   the debt);
3. where deductions do not clear the debt, after the exhaustion period, an
   application for a **liability order** (court, or administrative where the law
   allows), granted after its delay;
4. with an order: recovery through enforcement agents and charging orders, or a
   **sanction** threatened (driving licence, passport, committal) to which some
   pay the whole debt.

A deduction from earnings order binds one job: it lapses when the job ends, and
on a job change unless it follows the parent to the new employer; the CMS
re-issues it after a delay (automatically, in a reform). Enforcement charges
come from the rules (SI 2012/2677 reg. 12, ``simulator.rules.fees``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.dynamics.frame import Arrays
from simulator.dynamics.timing import monthly_completion, per_month, per_month_within
from simulator.randomness import KeyedRandom
from simulator.rules.fees import (
    DEDUCTION_FROM_EARNINGS_ORDER,
    LIABILITY_ORDER,
    LUMP_SUM_DEDUCTION_ORDER,
    REGULAR_DEDUCTION_ORDER,
    enforcement_charge,
)

__all__ = [
    "CONTACT",
    "DEDUCTION",
    "ENFORCEMENT_STAGES",
    "LIABILITY_ORDER_APPLIED",
    "LIABILITY_ORDER_GRANTED",
    "NONE",
    "Enforcement",
    "Escalation",
    "JobMoves",
    "Recovery",
    "bank_order_reach",
    "escalate",
    "follow_jobs",
    "initial",
    "orders_in_place",
    "recovery",
    "stop",
]

# Enforcement stages of a Collect and Pay case
NONE, CONTACT, DEDUCTION, LIABILITY_ORDER_APPLIED, LIABILITY_ORDER_GRANTED = range(5)
ENFORCEMENT_STAGES = (
    "none",
    "missed_payment_contact",
    "deduction_order",
    "liability_order_applied",
    "liability_order_granted",
)
#: lo_recovery_prob_6m is a probability within six months.
RECOVERY_WINDOW_MONTHS = 6


@dataclass
class Enforcement(Arrays):
    """Each family's enforcement (arrays per family)."""

    stage: np.ndarray  # int8, ENFORCEMENT_STAGES
    stage_months: np.ndarray  # int64, months at the stage
    deo_active: np.ndarray  # bool, a deduction from earnings order is in place
    deo_job: np.ndarray  # int64, the job it binds (the paying parent's job counter)
    deo_effective: np.ndarray  # bool, the order collects (decided once per order)
    deo_reissue: np.ndarray  # bool, a lapsed order waits to be re-issued


def initial(n: int) -> Enforcement:
    return Enforcement(
        stage=np.zeros(n, dtype=np.int8),
        stage_months=np.zeros(n, dtype=np.int64),
        deo_active=np.zeros(n, dtype=bool),
        deo_job=np.full(n, -1, dtype=np.int64),
        deo_effective=np.zeros(n, dtype=bool),
        deo_reissue=np.zeros(n, dtype=bool),
    )


def stop(enf: Enforcement, closed: np.ndarray, returned: np.ndarray) -> None:
    """Closed cases end enforcement and their deduction orders; cases returned
    to Direct Pay end enforcement (families, bool)."""
    enf.stage = np.where(closed | returned, NONE, enf.stage).astype(np.int8)
    enf.deo_active &= ~closed


def orders_in_place(
    enf: Enforcement, in_place: np.ndarray, job: np.ndarray, effective: np.ndarray
) -> None:
    """Deduction from earnings orders in place at the population date
    (``in_place``: families, bool; drawn once per paying parent, fitted to
    A12b), and no others: bound to the current ``job``; ``effective``: the
    order collects. An order in place puts a case not yet there at the
    deduction stage; a case whose order is taken away starts the route again
    (no stage), as a case without an order would."""
    removed = enf.deo_active & ~in_place
    enf.stage = np.where(removed, NONE, enf.stage).astype(np.int8)
    enf.stage_months = np.where(removed, 0, enf.stage_months)
    enf.deo_active[:] = in_place
    enf.deo_reissue &= ~in_place
    enf.deo_job = np.where(in_place, job, enf.deo_job)
    enf.deo_effective = np.where(in_place, effective, enf.deo_effective)
    start = in_place & (enf.stage < DEDUCTION)
    enf.stage = np.where(start, DEDUCTION, enf.stage).astype(np.int8)
    enf.stage_months = np.where(start, 0, enf.stage_months)


@dataclass(frozen=True)
class JobMoves:
    """Deduction from earnings orders that lapsed and were re-issued this month
    (families, bool)."""

    lapsed: np.ndarray
    reissued: np.ndarray


def follow_jobs(
    enf: Enforcement,
    *,
    fids: np.ndarray,
    job: np.ndarray,
    employed: np.ndarray,
    cp: np.ndarray,
    b,
    switches,
    rng: KeyedRandom,
    t: int,
) -> JobMoves:
    """Deduction from earnings orders lapse when the job ends, and when it
    changes (with probability deo_lapse_on_job_change; otherwise the order
    follows the parent to the new employer), and are re-issued after a delay
    (no charge for a re-issue, reg. 12); the earliest re-issue is the month
    after the lapse. ``job``: each family's paying parent's job counter."""
    e = b.enforcement
    new_job = enf.deo_active & employed & (job != enf.deo_job)
    follows = new_job & (
        rng.uniform_where("deo_follows_job", fids, new_job, t) >= e.deo_lapse_on_job_change
    )
    enf.deo_job = np.where(follows, job, enf.deo_job)
    lapsed = enf.deo_active & ((job != enf.deo_job) | ~employed)
    enf.deo_active &= ~lapsed
    waiting = enf.deo_reissue.copy()
    enf.deo_reissue |= lapsed & cp
    reissued = (
        waiting
        & employed
        & cp
        & (
            rng.uniform_where("deo_reissue", fids, waiting, t)
            < monthly_completion(
                e.deo_reestablish_delay_reform
                if switches.automatic_deo_reissue
                else e.deo_reestablish_delay_baseline
            )
        )
    )
    _make_deo(enf, reissued, job, fids, b, rng, t)
    enf.deo_reissue &= ~reissued & cp
    return JobMoves(lapsed=lapsed, reissued=reissued)


@dataclass(frozen=True)
class Escalation:
    """This month's enforcement actions that cost or collect money."""

    charges: np.ndarray  # £ of enforcement charges added to the debt
    bank_order_collects: np.ndarray  # bool, a bank deduction order that collects
    # the flow into each stage this month (bool per family)
    contact: np.ndarray  # missed-payment contact
    deo_made: np.ndarray  # deduction from earnings order made
    regular_order: np.ndarray  # regular deduction order (bank account)
    lump_sum_order: np.ndarray  # lump-sum deduction order (bank account)
    lo_applied: np.ndarray  # liability order applied for
    lo_granted: np.ndarray  # liability order granted


def escalate(
    enf: Enforcement,
    *,
    fids: np.ndarray,
    job: np.ndarray,
    assets: np.ndarray,
    cp: np.ndarray,
    shortfall: np.ndarray,
    employed: np.ndarray,
    on_benefit: np.ndarray,
    arrears_total: np.ndarray,
    b,
    fitted,
    p,
    rng: KeyedRandom,
    t: int,
    make_orders: bool = True,
) -> Escalation:
    """Advance the enforcement of the families worked on (``enf``: their
    rows): contact, deduction orders, liability orders, with their charges.
    ``make_orders``: False in a warm-up month, where the deduction from
    earnings orders in place are held at their initial condition (the cases
    go on by bank orders and liability orders).
    ``shortfall``: less than was due paid this month; ``arrears_total``: what
    was owed before this month's payments; ``job``, ``assets``: the paying
    parent's."""
    e = b.enforcement
    charges = np.zeros(len(fids))
    owing = cp & (shortfall | (arrears_total > 0))
    # arrears cleared, or not on Collect and Pay: enforcement stops (a
    # deduction order stays)
    stage = np.where(owing, enf.stage, NONE)
    months = np.where(stage == NONE, 0, enf.stage_months + 1)

    # missed payment: contact first
    start = owing & (stage == NONE) & shortfall & ~enf.deo_active
    stage = np.where(start, CONTACT, stage)
    months = np.where(start, 0, months)

    # after contact: a deduction order (earnings, bank) once set up
    waiting = owing & (stage == CONTACT) & (months >= 1)
    to_deduction = waiting & (
        rng.uniform_where("deduction_setup", fids, waiting, t)
        < monthly_completion(
            max(e.deduction_order_setup_delay - e.first_contact_after_missed_payment, 0.0)
        )
    )
    deo = (
        to_deduction
        & make_orders
        & employed
        & ~enf.deo_active
        & ~enf.deo_reissue  # a lapsed order comes back by re-issue, after its delay
        & (rng.uniform_where("deo_possible", fids, to_deduction, t) < fitted.deduction_order_reach)
    )
    _make_deo(enf, deo, job, fids, b, rng, t)
    charges += enforcement_charge(np.where(deo, DEDUCTION_FROM_EARNINGS_ORDER, 0), False, p)
    bank = to_deduction & ~deo & ~on_benefit
    lump = bank & (assets >= arrears_total)
    charges += enforcement_charge(
        np.where(lump, LUMP_SUM_DEDUCTION_ORDER, np.where(bank, REGULAR_DEDUCTION_ORDER, 0)),
        False,
        p,
    )
    bank_collects = bank & (rng.uniform_where("bank_order", fids, bank, t) < e.bank_order_success)
    stage = np.where(to_deduction, DEDUCTION, stage)
    months = np.where(to_deduction, 0, months)

    # deductions that do not clear the debt: a liability order (court, or
    # administrative where the law allows), but only where a deduction from
    # earnings order is inappropriate or has proved ineffective (Child Support
    # Act 1991 s. 33(1)): a paying parent now employed without an order gets
    # one first where the CMS reaches the employer
    exhausted = (
        owing
        & (stage == DEDUCTION)
        & ~(enf.deo_active & enf.deo_effective)
        & ~on_benefit
        & (months >= e.pre_lo_exhaustion_period)
    )
    try_deo = exhausted & make_orders & employed & ~enf.deo_active & ~enf.deo_reissue
    deo_first = try_deo & (
        rng.uniform_where("deo_before_lo", fids, try_deo, t) < fitted.deduction_order_reach
    )
    _make_deo(enf, deo_first, job, fids, b, rng, t)
    charges += enforcement_charge(np.where(deo_first, DEDUCTION_FROM_EARNINGS_ORDER, 0), False, p)
    months = np.where(deo_first, 0, months)
    deo |= deo_first
    apply_lo = exhausted & ~deo_first
    charges += enforcement_charge(np.where(apply_lo, LIABILITY_ORDER, 0), False, p)
    stage = np.where(apply_lo, LIABILITY_ORDER_APPLIED, stage)
    months = np.where(apply_lo, 0, months)
    duration = e.alo_duration if p.service.liability_orders.administrative else e.court_lo_duration
    applied = stage == LIABILITY_ORDER_APPLIED
    granted = applied & (
        rng.uniform_where("lo_granted", fids, applied, t) < monthly_completion(duration)
    )
    enf.stage = np.where(granted, LIABILITY_ORDER_GRANTED, stage).astype(np.int8)
    enf.stage_months = months
    return Escalation(
        charges=charges,
        bank_order_collects=bank_collects,
        contact=start,
        deo_made=deo,
        regular_order=bank & ~lump,
        lump_sum_order=lump,
        lo_applied=apply_lo,
        lo_granted=granted,
    )


def _make_deo(enf: Enforcement, made: np.ndarray, job, fids, b, rng: KeyedRandom, t: int):
    """Deduction from earnings orders made for ``made`` (bound to the current
    job; whether each collects is drawn once per order)."""
    enf.deo_active |= made
    enf.deo_job = np.where(made, job, enf.deo_job)
    enf.deo_effective = np.where(
        made,
        rng.uniform_where("deo_effective", fids, made, t)
        < b.compliance.deo_payment_prob_while_employed,
        enf.deo_effective,
    )


def bank_order_reach(assets: np.ndarray, net_income_monthly: np.ndarray, e) -> np.ndarray:
    """What a bank deduction order can take this month (£): the account's
    balance (the paying parent's assets) and up to the maximum share of a
    month's net income (``arrears_max_share_net_income``)."""
    return assets + e.arrears_max_share_net_income * np.maximum(net_income_monthly, 0.0)


@dataclass(frozen=True)
class Recovery:
    """This month's recovery of the debt: the share recovered and the route
    (bool per family, at most one route each)."""

    share: np.ndarray
    bank_order: np.ndarray  # a bank deduction order collected
    agents: np.ndarray  # after a liability order: enforcement agents, charging orders
    referred: np.ndarray  # referred for a court sanction (licence, passport, committal)
    sanction: np.ndarray  # paid when the sanction was threatened


def recovery(
    enf: Enforcement,
    *,
    fids: np.ndarray,
    cp: np.ndarray,
    bank_order_collects: np.ndarray,
    arrears_total: np.ndarray,
    reach_by_bank_order: np.ndarray,
    b,
    rng: KeyedRandom,
    t: int,
) -> Recovery:
    """The share of the debt recovered this month: through a bank order that
    collects, or after a liability order (enforcement agents, charging orders),
    what the paying parent's money can reach (``reach_by_bank_order``: the
    register's assumption is the chance of *any* recovery, not of the whole
    debt), or when a sanction is threatened (the whole debt: the parent finds
    the money). A debt recovered in full ends enforcement.
    ``arrears_total``: the debt after this month's payments and charges."""
    e = b.enforcement
    order = enf.stage == LIABILITY_ORDER_GRANTED
    after_lo = order & (
        rng.uniform_where("lo_recovery", fids, order, t)
        < per_month_within(e.lo_recovery_prob_6m, RECOVERY_WINDOW_MONTHS)
    )
    threatened = (
        order
        & ~after_lo
        & (
            rng.uniform_where("sanction_referral", fids, order, t)
            < per_month(e.sanction_referral_prob_given_lo)
        )
    )
    sanction = threatened & (
        rng.uniform_where("sanction_response", fids, threatened, t)
        < e.sanction_threat_payment_response
    )
    bank = cp & bank_order_collects
    recover = cp & (bank | after_lo | sanction)
    total = arrears_total
    reach = np.where(sanction, total, reach_by_bank_order)
    share = np.where(recover & (total > 0), np.minimum(reach / np.maximum(total, 1e-9), 1.0), 0.0)
    enf.stage = np.where(recover & (share >= 1.0), NONE, enf.stage).astype(np.int8)
    some = share > 0
    return Recovery(
        share=share,
        bank_order=some & bank & ~after_lo & ~sanction,
        agents=some & after_lo,
        referred=threatened,
        sanction=some & sanction,
    )
