"""Arrangements: families come to the CMS and leave it, and move between
Direct Pay and Collect and Pay; family-based arrangements break down and form.

Each month: paying parents outside the CMS apply (a new case goes on Collect
and Pay with the register's share, higher where the paying parent is on a
flat-rate benefit, whose deduction from benefit only the collection service
arranges, or always when Direct Pay is not available); CMS cases close at a
hazard that depends on the case (:func:`closure_hazard`: new cases close more,
as do Collect and Pay cases where nothing has been paid for months, cases
with nothing due, and Direct Pay cases of working parents who cooperate), to
a family-based arrangement (more often for parents who cooperate, less often
after domestic abuse or months of non-payment) or none. A Collect and Pay
case whose liability ends while it owes arrears of at least the write-off
threshold stays on the caseload for arrears only; an arrears-only case closes
when its arrears are cleared, or at the hazard at which receiving parents ask
for the arrears not to be collected (they are then written off). Broken
Direct Pay arrangements are reported and move to Collect and Pay (at a fitted
rate, raised when the receiving parent's fee is scrapped), as every Direct
Pay case does when Direct Pay is abolished, and, where the law allows
collection without consent after domestic abuse, on request; Collect and Pay
cases that have paid reliably return to Direct Pay. Family-based arrangements
break down and form at fixed documented hazards.

A case ends, whatever the hazards, when its family has no qualifying child
left (:mod:`.children`: the calculation ceases when there is no longer a
qualifying child, CSA 1991 Sch. 1 para. 16(1)(d)): a Collect and Pay case
owing arrears stays on for arrears only, as when a liability ends for any
other reason; any other CMS case closes, to no arrangement; a family-based
arrangement ends. Such a family never applies again nor forms a family-based
arrangement (nothing can be due), and a paying parent applies only for the
families that have a qualifying child. These moves are flagged
(:attr:`Moves.aged_out`) so that closures by ageing are counted apart from
those at the hazards.

No rate is set from the population to hold a stock steady: one overall
closure intercept (``behaviour_fitted.compliance_fitted.closure_monthly_intercept``)
is fitted once by ``cms-sim fit-behaviour`` so that the baseline caseload
stays at its published level (A04a) given the published applications (A09a);
a reform that changes the flows changes the caseload.

The moves are returned as :class:`Moves` for the processes that react to
them (knowledge assesses new cases, arrears are written off, enforcement
stops, the Direct Pay breakdown is cleared).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.dynamics.frame import HALF_PENNY, Arrays, Frame
from simulator.population import (
    CMS,
    COLLECT_AND_PAY,
    DIRECT_PAY,
    EMPLOYEE,
    FAMILY_BASED,
    FLAT_RATE_BENEFIT,
    NO_ARRANGEMENT,
    NOT_CMS,
    SELF_EMPLOYED,
    Population,
)
from simulator.randomness import KeyedRandom
from simulator.rules.fees import application_fee

__all__ = [
    "Arrangements",
    "Circumstances",
    "Moves",
    "application_response",
    "closure_hazard",
    "closure_to_family_based",
    "collection_fee_points",
    "initial",
    "migrating",
    "record_payments",
    "step",
]


@dataclass
class Arrangements(Arrays):
    """Each family's maintenance arrangement (arrays per family)."""

    arrangement: np.ndarray  # int8: CMS, FAMILY_BASED, NO_ARRANGEMENT
    service: np.ndarray  # int8: DIRECT_PAY, COLLECT_AND_PAY, NOT_CMS
    # Parents who pay each other directly: the Direct Pay compliance shift
    # belongs to the arrangement (selection: parents who can cooperate choose
    # Direct Pay), so it is kept if Direct Pay is abolished or the case moves
    # to collection on request, and lost when a Direct Pay arrangement breaks
    # down.
    cooperative: np.ndarray  # bool
    family_based_weekly: np.ndarray  # £ a week agreed in a family-based arrangement
    # On the caseload for arrears only: the ongoing liability has ended and
    # nothing is due; the CMS collects what is owed.
    arrears_only: np.ndarray  # bool
    months_open: np.ndarray  # int64, months on the CMS caseload (0 outside it)
    unpaid_months: np.ndarray  # int64, months in a row nothing paid on Collect and Pay
    # an arrears-only case seen owing at least the write-off threshold (so
    # that arrears falling below it mean they were cleared)
    owed_arrears: np.ndarray  # bool
    # the application fee the receiving parent paid on applying this month
    # (£; nil in every other month and while the fee is nil)
    application_fee: np.ndarray
    # receiving parents who would not report a broken Direct Pay arrangement
    # (a fixed keyed draw per family, ``service.dp_breakdown_never_reported_share``)
    never_reports: np.ndarray  # bool


@dataclass(frozen=True)
class Circumstances:
    """What the arrangements read from the other processes this month."""

    owed: np.ndarray  # (families,) arrears owed to the CMS (£, Arrears.total())
    weekly: np.ndarray  # (families,) last month's weekly liability (£)
    employment: np.ndarray  # (units,) the paying parents' employment codes
    full_streak: np.ndarray  # (families,) months in a row paid in full on Collect and Pay
    dp_breakdown: np.ndarray  # (families,) the last Direct Pay month fell short
    # (families,) paying by deduction from benefit, which only the collection
    # service can arrange (the CMS asks DWP to pay it over)
    by_deduction: np.ndarray
    write_off_threshold: float  # £, the small-arrears write-off threshold in force
    # (families,) bool: the family has a qualifying child this month (Children.count() > 0)
    has_child: np.ndarray
    # (families,) the receiving parent's age in whole years (as synthesised),
    # for the application fee's exemption below 19
    rp_age: np.ndarray
    # the population's share of families outside the CMS with abuse disclosed
    # (population.case.domestic_abuse_share_other), which new applications
    # over-represent (:func:`abuse_relative`)
    abuse_share_outside: float


@dataclass(frozen=True)
class Moves:
    """This month's moves, for the processes that react to them."""

    applied: np.ndarray  # (units,) bool: paying parents who applied to the CMS
    closed: np.ndarray  # (families,) bool: CMS cases closed (leaving the caseload)
    new_family_based: np.ndarray  # (families,) indices of new family-based arrangements
    moved_to_collect_and_pay: np.ndarray  # (families,) bool
    # (families,) bool: of those, moved on request after disclosed domestic
    # abuse (not on a reported breakdown)
    moved_on_request: np.ndarray
    returned_to_direct_pay: np.ndarray  # (families,) bool
    # (families,) bool: Collect and Pay cases whose liability ended, kept for arrears only
    to_arrears_only: np.ndarray
    # (families,) bool: arrears-only cases closed at the receiving parent's
    # request, their arrears no longer collected (written off)
    arrears_abandoned: np.ndarray
    # (families,) bool: arrears-only cases closed because their arrears were cleared
    arrears_cleared: np.ndarray
    # (families,) bool: arrangements ended because no qualifying child is left
    # (CMS cases closed or kept for arrears only, family-based arrangements ended)
    aged_out: np.ndarray


def initial(pop: Population) -> Arrangements:
    arrangement = pop.arrangement.astype(np.int8).copy()
    service = pop.service.astype(np.int8).copy()
    cms = arrangement == CMS
    started = pop.case_start.astype("datetime64[M]")
    months = (np.datetime64(pop.date, "M") - started).astype(np.int64)
    return Arrangements(
        arrangement=arrangement,
        service=service,
        cooperative=cms & (service == DIRECT_PAY),
        family_based_weekly=np.zeros(len(pop)),
        arrears_only=cms & pop.arrears_only,
        months_open=np.where(cms & ~np.isnat(started), np.maximum(months, 0), 0),
        unpaid_months=np.zeros(len(pop), dtype=np.int64),
        owed_arrears=np.zeros(len(pop), dtype=bool),
        application_fee=np.zeros(len(pop)),
        never_reports=np.zeros(len(pop), dtype=bool),
    )


def application_response(
    rp_age: np.ndarray,
    abuse: np.ndarray,
    has_child: np.ndarray,
    unit_of: np.ndarray,
    n_units: int,
    abuse_share_outside: float,
    s,
    p,
) -> tuple[np.ndarray, np.ndarray]:
    """The application fee each family's receiving parent would pay on applying
    (:func:`simulator.rules.fees.application_fee`: nil under 19 or where abuse is
    disclosed, nil since 26 Feb 2024), and each paying parent's monthly chance of
    an application (the register's rate times (1 + the fee response x the fee),
    floored at zero; the fee of the paying parent's families with a qualifying
    child, the largest where they differ), times :func:`abuse_relative` (the
    paying parent's families with a qualifying child disclosing abuse: survivors
    are steered to the CMS and exempt from its fee; ``abuse_share_outside``: the
    population's share of families outside the CMS with abuse disclosed).
    Returns (fee per family, rate per paying parent)."""
    fee = application_fee(rp_age, abuse, p)
    unit_fee = np.zeros(n_units)
    np.maximum.at(unit_fee, unit_of, np.where(has_child, fee, 0.0))
    relative = np.maximum(1.0 + s.application_fee_response_per_gbp * unit_fee, 0.0)
    unit_abuse = np.zeros(n_units, dtype=bool)
    unit_abuse[unit_of[abuse & has_child]] = True
    return fee, s.new_application_monthly * relative * abuse_relative(
        unit_abuse, s.new_application_abuse_share, abuse_share_outside
    )


def abuse_relative(abuse: np.ndarray, share_applying: float, share_outside: float) -> np.ndarray:
    """How much likelier than the average family outside the CMS a family
    with abuse disclosed is to apply (``share_applying`` / ``share_outside``),
    and a family without (the rest over the rest), so that applications keep
    their overall rate and ``share_applying`` of them disclose abuse while
    ``share_outside`` of the families outside the CMS have."""
    return np.where(
        abuse, share_applying / share_outside, (1 - share_applying) / (1 - share_outside)
    )


def migrating(fids: np.ndarray, p, rng: KeyedRandom) -> np.ndarray:
    """The Direct Pay cases moved to the collection service by now while Direct
    Pay is closed down: each family's fixed place in the order of migration (one
    draw per family, the same every month) within the share migrated so far
    (``service.direct_pay.migrated_share``; none while it is zero)."""
    share = p.service.direct_pay.migrated_share
    if share <= 0:
        return np.zeros(len(fids), dtype=bool)
    return rng.uniform("direct_pay_migration_order", fids) < share


def collection_fee_points(
    cp: np.ndarray, compliant: np.ndarray, abuse: np.ndarray, p
) -> np.ndarray:
    """The collection fees charged on each case, in percentage points of the
    maintenance: on Collect and Pay the receiving parent's rate (nil where it is
    waived after domestic abuse) plus the paying parent's (the compliant rate
    where it is lower and ``compliant``, the last month paid in full: SI 2014/612
    regs. 6-8, :mod:`simulator.rules.fees`); nil on Direct Pay."""
    rates = p.fees.collection
    waived = abuse & bool(rates.receiving_parent_fee_waived_domestic_abuse)
    rp = np.where(waived, 0.0, rates.receiving_parent_rate)
    pp = np.where(
        compliant,
        min(rates.compliant_paying_parent_rate, rates.paying_parent_rate),
        rates.paying_parent_rate,
    )
    return np.where(cp, 100.0 * (rp + pp), 0.0)


def closure_hazard(
    months_open: np.ndarray,
    unpaid_months: np.ndarray,
    nothing_due: np.ndarray,
    cooperative_working: np.ndarray,
    s,
    intercept: float,
    fee_points: np.ndarray | float = 0.0,
) -> np.ndarray:
    """Each CMS case's monthly chance of closing (its ongoing liability ending):
    the fitted ``intercept`` times the relative hazards of the register
    (``behaviour.service.closure_*``) for a case in its first months, one on
    Collect and Pay with nothing paid for months, one with nothing due, a
    Direct Pay case of a working paying parent whose parents cooperate, and
    the collection fees charged (``fee_points``, :func:`collection_fee_points`:
    1 + ``closure_per_collection_fee_point`` x the points, floored at 0)."""
    fees = np.maximum(1.0 + s.closure_per_collection_fee_point * fee_points, 0.0)
    hazard = (
        intercept
        * fees
        * np.where(months_open < s.closure_new_case_months, s.closure_new_case_relative, 1.0)
        * np.where(unpaid_months >= s.closure_unpaid_months, s.closure_unpaid_relative, 1.0)
        * np.where(nothing_due, s.closure_nothing_due_relative, 1.0)
        * np.where(cooperative_working, s.closure_cooperative_working_relative, 1.0)
    )
    return np.minimum(hazard, 1.0)


def closure_to_family_based(
    cooperative_working: np.ndarray, unpaid: np.ndarray, abuse: np.ndarray, s
) -> np.ndarray:
    """The chance that a closing case goes on as a family-based arrangement:
    higher for working parents who cooperate, lower where nothing has been
    paid for months (the receiving parent gives up) or abuse is disclosed."""
    share = np.where(
        cooperative_working,
        s.closure_to_family_based_share_cooperative,
        np.where(unpaid, s.closure_unpaid_to_family_based_share, s.closure_to_family_based_share),
    )
    return share * np.where(abuse, s.closure_to_family_based_abuse_relative, 1.0)


def step(
    arr: Arrangements,
    frame: Frame,
    c: Circumstances,
    b,
    fitted,
    p,
    rng: KeyedRandom,
    t: int,
) -> Moves:
    """One month of applications, closures, arrears-only cases, family-based
    arrangements and moves between services."""
    s = b.service
    fids, uids = frame.family_ids, frame.unit_ids
    unit_of = frame.unit_of
    employment = c.employment[unit_of]
    working = (employment == EMPLOYEE) | (employment == SELF_EMPLOYED)
    cms = arr.arrangement == CMS
    arr.months_open = np.where(cms, arr.months_open + 1, 0)

    # new applications (paying-parents with no ongoing CMS case, for their
    # families with a qualifying child)
    in_cms = np.zeros(frame.n_units, dtype=bool)
    in_cms[unit_of[cms & ~arr.arrears_only]] = True
    with_child = np.zeros(frame.n_units, dtype=bool)
    with_child[unit_of[c.has_child]] = True
    outside = ~in_cms & with_child
    fee_f, rate = application_response(
        c.rp_age,
        frame.domestic_abuse,
        c.has_child,
        unit_of,
        frame.n_units,
        c.abuse_share_outside,
        s,
        p,
    )
    apply = outside & (rng.uniform("application", uids, t) < rate)
    apply_f = apply[unit_of] & c.has_child
    arr.application_fee = np.where(apply_f, fee_f, 0.0)
    benefit = employment == FLAT_RATE_BENEFIT
    cp_share = np.where(
        benefit, s.new_case_collect_and_pay_share_benefit, s.new_case_collect_and_pay_share
    )
    new_service = np.where(
        (rng.uniform_where("new_case_service", fids, apply_f, t) < cp_share)
        | (not p.service.direct_pay.available)
        | (p.service.direct_pay.migrated_share > 0),
        COLLECT_AND_PAY,
        DIRECT_PAY,
    ).astype(np.int8)

    # closures of cases with an ongoing liability (per family)
    ongoing = cms & ~arr.arrears_only
    cp = arr.service == COLLECT_AND_PAY
    unpaid = cp & (arr.unpaid_months >= s.closure_unpaid_months)
    cooperative_working = (arr.service == DIRECT_PAY) & arr.cooperative & working
    hazard = closure_hazard(
        arr.months_open,
        arr.unpaid_months * cp,
        ongoing & (c.weekly <= 0),
        cooperative_working,
        s,
        fitted.closure_monthly_intercept,
        collection_fee_points(cp, c.full_streak > 0, frame.domestic_abuse, p),
    )
    # no qualifying child left: the calculation ceases (not a draw)
    aged_out = ongoing & ~c.has_child
    ends = (ongoing & (rng.uniform_where("closure", fids, ongoing, t) < hazard)) | aged_out
    # a Collect and Pay case owing arrears stays on for arrears only
    # (arrears below the threshold are written off when a case closes; before
    # the write-off power, any arrears of half a penny or more count)
    owes = c.owed >= max(c.write_off_threshold, HALF_PENNY)
    keep = ends & cp & owes
    arr.owed_arrears |= arr.arrears_only & owes
    cleared = arr.arrears_only & arr.owed_arrears & ~owes
    abandoned = (
        arr.arrears_only
        & ~cleared
        & (
            rng.uniform_where("arrears_only_closure", fids, arr.arrears_only, t)
            < fitted.arrears_only_exit_monthly
        )
    )
    leave = (ends & ~keep) | cleared | abandoned
    # (an arrears-only case closing has no ongoing arrangement to go on with)
    to_family = (
        ends
        & ~keep
        & ~aged_out
        & (
            rng.uniform_where("closure_destination", fids, ends & ~keep, t)
            < closure_to_family_based(cooperative_working, unpaid, frame.domestic_abuse, s)
        )
    )
    arr.arrears_only = (arr.arrears_only & ~leave) | keep
    arr.owed_arrears &= arr.arrears_only

    arr.arrangement = np.where(apply_f, CMS, arr.arrangement).astype(np.int8)
    arr.service = np.where(apply_f, new_service, arr.service).astype(np.int8)
    arr.cooperative = np.where(apply_f, new_service == DIRECT_PAY, arr.cooperative)
    arr.months_open = np.where(apply_f, 0, arr.months_open)
    arr.unpaid_months = np.where(apply_f | leave | keep, 0, arr.unpaid_months)
    arr.arrears_only &= ~apply_f
    closed_to = np.where(to_family, FAMILY_BASED, NO_ARRANGEMENT)
    arr.arrangement = np.where(leave, closed_to, arr.arrangement).astype(np.int8)
    arr.service = np.where(leave, NOT_CMS, arr.service).astype(np.int8)
    arr.months_open = np.where(leave, 0, arr.months_open)

    # family-based arrangements break down and form, at fixed hazards
    # (and end when no qualifying child is left)
    family_based = arr.arrangement == FAMILY_BASED
    none = arr.arrangement == NO_ARRANGEMENT
    family_based_aged_out = family_based & ~to_family & ~c.has_child
    break_up = (
        family_based
        & ~to_family
        & (
            rng.uniform_where("family_based_breakdown", fids, family_based, t)
            < s.family_based_breakdown_monthly
        )
    ) | family_based_aged_out
    form = (
        none
        & ~leave
        & c.has_child
        & (rng.uniform_where("family_based_form", fids, none, t) < s.family_based_formation_monthly)
    )
    arr.arrangement = np.where(
        break_up, NO_ARRANGEMENT, np.where(form, FAMILY_BASED, arr.arrangement)
    ).astype(np.int8)
    new_family_based = np.flatnonzero(form | to_family)

    moved, returned, on_request = _service_moves(arr, frame, c, s, fitted, p, rng, t)
    return Moves(
        applied=apply,
        closed=leave,
        new_family_based=new_family_based,
        moved_to_collect_and_pay=moved,
        moved_on_request=on_request,
        returned_to_direct_pay=returned,
        to_arrears_only=keep,
        arrears_abandoned=abandoned,
        arrears_cleared=cleared,
        aged_out=aged_out | family_based_aged_out,
    )


def record_payments(
    arr: Arrangements, index: np.ndarray, cp_due: np.ndarray, paid_nothing: np.ndarray
) -> None:
    """After the month's payments: months in a row nothing was paid on
    Collect and Pay (``index``: the CMS families; ``cp_due``: on Collect and
    Pay with something due; ``paid_nothing``: nothing paid or recovered)."""
    arr.unpaid_months[index] = np.where(cp_due & paid_nothing, arr.unpaid_months[index] + 1, 0)


def _service_moves(
    arr: Arrangements, frame: Frame, c: Circumstances, s, fitted, p, rng, t
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Direct Pay cases moving to Collect and Pay (breakdowns reported, Direct
    Pay abolished, collection on request after domestic abuse) and Collect and
    Pay cases returning to Direct Pay (reliable payers, not those paying by
    deduction from benefit, which needs the collection service); returns
    (moved, returned, moved on request after abuse) per family."""
    fids = frame.family_ids
    full_streak, dp_breakdown = c.full_streak, c.dp_breakdown
    direct = arr.service == DIRECT_PAY
    # A broken Direct Pay arrangement moves only when the receiving parent
    # reports it (cms-rules 5: on Direct Pay the receiving parent must report
    # missed payments): some never do (B10: 36% had not reported missed or
    # late payments); the others report at a fitted monthly rate (holding the
    # service mix at baseline), raised when the receiving parent's fee is
    # scrapped.
    arr.never_reports = (
        rng.uniform_where("dp_never_report", fids, direct) < s.dp_breakdown_never_reported_share
    )
    uplift = 1.0 + s.cp_switch_uplift_if_rp_fee_removed * (
        p.fees.collection.receiving_parent_rate == 0
    )
    report = min(fitted.dp_breakdown_move_rate * uplift, 1.0)
    reports = direct & dp_breakdown & ~arr.never_reports
    move = reports & (rng.uniform_where("dp_report", fids, reports, t) < report)
    broke = move.copy()
    # without Direct Pay every case is on the collection service; while it is
    # closed down, the cases whose place in the order is within the share
    # migrated so far
    move |= direct & (not p.service.direct_pay.available)
    move |= direct & migrating(fids, p, rng)
    # where abuse is disclosed and the law allows it, collection on request
    # (requested at a take-up relative to the monthly rate at which broken
    # arrangements are reported and moved: an assumption, no evidence on take-up)
    abuse = frame.domestic_abuse
    request = min(report * s.da_collection_request_relative, 1.0)
    abuse_route = (
        direct
        & abuse
        & p.service.collect_and_pay.domestic_abuse_without_consent
        & (rng.uniform_where("da_collection_request", fids, direct & abuse, t) < request)
    )
    # moved on request: not already moved by a reported breakdown or abolition
    on_request = abuse_route & ~move
    move |= abuse_route
    reliable = (
        (full_streak >= s.reliable_months_before_direct_pay) & ~c.by_deduction & ~arr.arrears_only
    )
    back = (
        (arr.service == COLLECT_AND_PAY)
        & reliable
        & p.service.direct_pay.available
        & (p.service.direct_pay.migrated_share == 0)
        & ~abuse
        & (
            rng.uniform_where("cp_to_dp", fids, reliable, t)
            < s.collect_and_pay_to_direct_pay_monthly
        )
    )
    arr.service = np.where(move, COLLECT_AND_PAY, np.where(back, DIRECT_PAY, arr.service)).astype(
        np.int8
    )
    # a move on request (domestic abuse) is not a breakdown: the propensity stays
    arr.cooperative = (arr.cooperative & ~broke) | back
    return move, back, on_request
