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
4. with an order: recovery through enforcement agents (taking control of
   goods, s. 35), or one of the named powers applied for, each with its own
   rate a year, court delay, chance the court makes the order and payment
   response (:data:`POWERS`): a **charging order** on the parent's property
   (s. 36), repaid in full when the property is sold or re-mortgaged; or a
   **sanction**: disqualification from **driving** (s. 40B) or from holding a
   **passport** (ss. 39B-39G), or **committal** to prison (s. 40). A sanction
   threatened makes some pay the whole debt at once
   (``sanction_threat_payment_response``); of the rest, the court makes the
   order with its own chance, and some pay when it is made (a disqualification
   or committal suspended on terms of payment).

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
from simulator.rules.taxben import OWNER_MORTGAGE, OWNER_OUTRIGHT

__all__ = [
    "CONTACT",
    "DEDUCTION",
    "ENFORCEMENT_COLLECTED",
    "ENFORCEMENT_FLOWS",
    "ENFORCEMENT_STAGES",
    "LIABILITY_ORDER_APPLIED",
    "LIABILITY_ORDER_GRANTED",
    "NONE",
    "POWERS",
    "POWER_CODE",
    "SANCTIONS",
    "Enforcement",
    "Escalation",
    "JobMoves",
    "Recovery",
    "bank_order_reach",
    "escalate",
    "follow_jobs",
    "initial",
    "orders_in_place",
    "owns_home",
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
#: The named powers after a liability order (``Enforcement.power``; 0: none
#: applied for) -> the register's entries (behaviour.enforcement) for its rate
#: of application a year, the court's delay (months), the chance the order is
#: made, and the chance the parent pays the whole debt when it is made (for a
#: charging order: a year, once the order is made, until the debt is repaid).
POWERS = {
    "driving_licence": (
        "driving_licence_referral_prob_given_lo",
        "driving_licence_hearing_delay",
        "driving_licence_order_rate",
        "driving_licence_order_payment_response",
    ),
    "passport": (
        "passport_referral_prob_given_lo",
        "passport_hearing_delay",
        "passport_order_rate",
        "passport_order_payment_response",
    ),
    "committal": (
        "committal_referral_prob_given_lo",
        "committal_hearing_delay",
        "committal_order_rate",
        "committal_order_payment_response",
    ),
    "charging_order": (
        "charging_order_prob_given_lo",
        "charging_order_delay",
        "charging_order_success",
        "charging_order_repayment_prob",
    ),
}
POWER_CODE = {name: code for code, name in enumerate(POWERS, start=1)}
#: the tenures with a home a charging order can secure (simulator.rules.taxben)
HOME_OWNER = (OWNER_OUTRIGHT, OWNER_MORTGAGE)
#: the powers that are sanctions (threatened before the court decides)
SANCTIONS = ("driving_licence", "passport", "committal")

#: Enforcement: the monthly flow into each stage (families, from MonthFlows
#: masks) -> the meaning of its column.
ENFORCEMENT_FLOWS = {
    "contact": "missed-payment contacts made",
    "deo_made": "deduction from earnings orders made through enforcement",
    "deo_reissued": "deduction from earnings orders re-issued after a lapse",
    "deo_lapsed": "deduction from earnings orders lapsed (job ended or changed)",
    "regular_deduction_order": "regular deduction orders made (bank account)",
    "lump_sum_deduction_order": "lump-sum deduction orders made (bank account)",
    "liability_order_applied": "liability orders applied for",
    "liability_order_granted": "liability orders granted",
    "sanction_referred": "cases referred for a court sanction (licence, passport, committal)",
    "sanction_paid": "cases paying the whole debt when a sanction was threatened or made",
    "driving_licence_disqualification": "disqualifications from driving ordered by a court",
    "passport_disqualification": "disqualifications from holding a passport ordered by a court",
    "committal": "committals to prison ordered by a court (immediate or suspended)",
    "charging_order_applied": "charging orders applied for",
    "charging_order": "charging orders made",
    "charging_order_repaid": "debts secured by a charging order repaid",
    "agents_recovered": "cases with a recovery by enforcement agents after a liability order",
    "bank_order_recovered": "cases with a recovery by a bank deduction order",
}
#: What each enforcement route collected (£, MonthFlows local arrays).
ENFORCEMENT_COLLECTED = {
    "collected_by_deo": "collected by deduction from earnings orders (£)",
    "recovered_by_bank_order": "recovered by bank deduction orders (£)",
    "recovered_by_agents": "recovered by enforcement agents after liability orders (£)",
    "recovered_by_sanction": "recovered when a court sanction was threatened or made (£)",
    "recovered_by_charging_order": "recovered when a charging order was repaid (£)",
}


@dataclass
class Enforcement(Arrays):
    """Each family's enforcement (arrays per family)."""

    stage: np.ndarray  # int8, ENFORCEMENT_STAGES
    stage_months: np.ndarray  # int64, months at the stage
    deo_active: np.ndarray  # bool, a deduction from earnings order is in place
    deo_job: np.ndarray  # int64, the job it binds (the paying parent's job counter)
    deo_effective: np.ndarray  # bool, the order collects (decided once per order)
    deo_reissue: np.ndarray  # bool, a lapsed order waits to be re-issued
    power: np.ndarray  # int8, the named power applied for (POWER_CODE; 0 none)
    power_made: np.ndarray  # bool, the court has made it (a charging order in force)


def initial(n: int) -> Enforcement:
    return Enforcement(
        stage=np.zeros(n, dtype=np.int8),
        stage_months=np.zeros(n, dtype=np.int64),
        deo_active=np.zeros(n, dtype=bool),
        deo_job=np.full(n, -1, dtype=np.int64),
        deo_effective=np.zeros(n, dtype=bool),
        deo_reissue=np.zeros(n, dtype=bool),
        power=np.zeros(n, dtype=np.int8),
        power_made=np.zeros(n, dtype=bool),
    )


def stop(enf: Enforcement, closed: np.ndarray, returned: np.ndarray) -> None:
    """Closed cases end enforcement and their deduction orders; cases returned
    to Direct Pay end enforcement (families, bool)."""
    enf.stage = np.where(closed | returned, NONE, enf.stage).astype(np.int8)
    enf.deo_active &= ~closed
    _end_powers(enf, closed | returned)


def _end_powers(enf: Enforcement, ended: np.ndarray) -> None:
    """The named powers of ``ended`` (families, bool) end with their liability
    order's enforcement."""
    enf.power = np.where(ended, 0, enf.power).astype(np.int8)
    enf.power_made &= ~ended


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
    (bool per family, at most one route each), and the named powers applied
    for and made this month (bool per family)."""

    share: np.ndarray
    bank_order: np.ndarray  # a bank deduction order collected
    agents: np.ndarray  # after a liability order: enforcement agents
    referred: np.ndarray  # referred for a sanction (licence, passport, committal)
    sanction: np.ndarray  # paid when a sanction was threatened or made
    charging_order_repaid: np.ndarray  # a charging order repaid
    charging_order_applied: np.ndarray  # a charging order applied for
    driving_licence: np.ndarray  # disqualification from driving ordered
    passport: np.ndarray  # disqualification from holding a passport ordered
    committal: np.ndarray  # committal to prison ordered (immediate or suspended)
    charging_order: np.ndarray  # charging order made

    def flows(self) -> dict[str, np.ndarray]:
        """The month's flows after a liability order, by the names of
        :data:`ENFORCEMENT_FLOWS```."""
        return {
            "sanction_referred": self.referred,
            "sanction_paid": self.sanction,
            "driving_licence_disqualification": self.driving_licence,
            "passport_disqualification": self.passport,
            "committal": self.committal,
            "charging_order_applied": self.charging_order_applied,
            "charging_order": self.charging_order,
            "charging_order_repaid": self.charging_order_repaid,
            "agents_recovered": self.agents,
            "bank_order_recovered": self.bank_order,
        }


def owns_home(tenure: np.ndarray) -> np.ndarray:
    """Paying parents who own their home, outright or with a mortgage (a
    charging order needs property to secure; families, bool)."""
    return _one_of(tenure, HOME_OWNER)


def _by_power(power: np.ndarray, e, field: int) -> np.ndarray:
    """Each family's value of a power's register entry (``field``: its index
    in :data:`POWERS`; 0 where no power is applied for)."""
    values = np.array([0.0, *(float(getattr(e, names[field])) for names in POWERS.values())])
    return values[power]


def recovery(
    enf: Enforcement,
    *,
    fids: np.ndarray,
    cp: np.ndarray,
    bank_order_collects: np.ndarray,
    arrears_total: np.ndarray,
    reach_by_bank_order: np.ndarray,
    owner: np.ndarray,
    b,
    switches,
    rng: KeyedRandom,
    t: int,
) -> Recovery:
    """The share of the debt recovered this month: through a bank order that
    collects, or after a liability order by enforcement agents, what the
    paying parent's money can reach (``reach_by_bank_order``: the register's
    assumption is the chance of *any* recovery, not of the whole debt); or the
    whole debt (the parent finds the money) when a sanction is threatened or
    made, or a charging order is repaid. A liability order case applies for at
    most one named power at a time; the court decides after the power's delay;
    a power refused, or a sanction made and not paid, ends (the case may be
    referred again). With ``switches.administrative_disqualification`` the
    CMS decides a disqualification itself, after its own delay (the same test
    of wilful refusal or culpable neglect: the same chance of an order). A
    debt recovered in full ends enforcement.
    ``arrears_total``: the debt after this month's payments and charges;
    ``owner``: the paying parent owns a home (charging orders only then)."""
    e = b.enforcement
    order = enf.stage == LIABILITY_ORDER_GRANTED
    _end_powers(enf, ~order)
    after_lo = order & (
        rng.uniform_where("lo_recovery", fids, order, t)
        < per_month_within(e.lo_recovery_prob_6m, RECOVERY_WINDOW_MONTHS)
    )
    charging = enf.power == POWER_CODE["charging_order"]
    in_force = order & enf.power_made
    repaid = in_force & (
        rng.uniform_where("charging_order_repaid", fids, in_force, t)
        < per_month(e.charging_order_repayment_prob)
    )
    # the court decides the powers applied for
    pending = order & (enf.power > 0) & ~enf.power_made
    delay = _by_power(enf.power, e, 1)
    if switches.administrative_disqualification:
        by_cms = _one_of(enf.power, (POWER_CODE["driving_licence"], POWER_CODE["passport"]))
        delay = np.where(by_cms, e.administrative_disqualification_delay, delay)
    heard = pending & (
        rng.uniform_where("power_hearing", fids, pending, t) < 1.0 / (1.0 + np.maximum(delay, 0.0))
    )
    made = heard & (rng.uniform_where("power_order", fids, heard, t) < _by_power(enf.power, e, 2))
    sanction_made = made & ~charging
    pays_on_order = sanction_made & (
        rng.uniform_where("sanction_order_response", fids, sanction_made, t)
        < _by_power(enf.power, e, 3)
    )
    made_now = {name: made & (enf.power == code) for name, code in POWER_CODE.items()}
    enf.power_made |= made & charging
    enf.power = np.where(heard & ~(made & charging), 0, enf.power).astype(np.int8)
    # a new application: at most one power, each at its own rate a year
    free = order & ~after_lo & (enf.power == 0) & ~heard
    u = rng.uniform_where("sanction_referral", fids, free, t)
    chosen = np.zeros(len(fids), dtype=np.int8)
    below = 0.0
    for name, code in POWER_CODE.items():  # over the four powers, not families
        rate = per_month(getattr(e, POWERS[name][0]))
        if name == "charging_order":  # the last band: none without a home
            rate = np.where(owner, rate, 0.0)
        chosen = np.where(free & (u >= below) & (u < below + rate), code, chosen).astype(np.int8)
        below += rate
    threatened = _one_of(chosen, [POWER_CODE[name] for name in SANCTIONS])
    pays_on_threat = threatened & (
        rng.uniform_where("sanction_response", fids, threatened, t)
        < e.sanction_threat_payment_response
    )
    enf.power = np.where((chosen > 0) & ~pays_on_threat, chosen, enf.power).astype(np.int8)

    sanction = pays_on_threat | pays_on_order
    whole = sanction | repaid
    bank = cp & bank_order_collects
    recover = cp & (bank | after_lo | whole)
    total = arrears_total
    reach = np.where(whole, total, reach_by_bank_order)
    share = np.where(recover & (total > 0), np.minimum(reach / np.maximum(total, 1e-9), 1.0), 0.0)
    cleared = recover & (share >= 1.0)
    enf.stage = np.where(cleared, NONE, enf.stage).astype(np.int8)
    _end_powers(enf, cleared)
    some = share > 0
    return Recovery(
        share=share,
        bank_order=some & bank & ~after_lo & ~whole,
        agents=some & after_lo & ~whole,
        referred=threatened,
        sanction=some & sanction,
        charging_order_repaid=some & repaid & ~sanction,
        charging_order_applied=chosen == POWER_CODE["charging_order"],
        **made_now,
    )


def _one_of(codes: np.ndarray, among) -> np.ndarray:
    """``codes`` equal to one of the few codes ``among`` (as np.isin, without
    its sorting: a comparison per code)."""
    out = np.zeros(codes.shape, dtype=bool)
    for code in among:  # over a few codes, not families
        out |= codes == code
    return out
