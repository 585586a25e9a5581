"""Arrangements: families come to the CMS and leave it, and move between
Direct Pay and Collect and Pay; family-based arrangements break down and form.

Each month: paying parents outside the CMS apply (a new case goes on Collect
and Pay with the register's share, or always when Direct Pay is not
available); CMS cases close (to a family-based arrangement or none); broken
Direct Pay arrangements are reported and move to Collect and Pay (at a fitted
rate, raised when the receiving parent's fee is scrapped), as every Direct Pay
case does when Direct Pay is abolished, and, where the law allows collection
without consent after domestic abuse, on request; Collect and Pay cases that
have paid reliably return to Direct Pay.

Closures and the formation of family-based arrangements run at balancing rates
(:class:`simulator.dynamics.shared.SharedRates`) that keep the starting
caseload steady: an assumption, not evidence, and a known weakness.

The moves are returned as :class:`Moves` for the processes that react to
them (knowledge assesses new cases, arrears are written off, enforcement
stops, the Direct Pay breakdown is cleared).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.dynamics.frame import Arrays, Frame
from simulator.dynamics.shared import SharedRates
from simulator.population import (
    CMS,
    COLLECT_AND_PAY,
    DIRECT_PAY,
    FAMILY_BASED,
    NO_ARRANGEMENT,
    NOT_CMS,
    Population,
)
from simulator.randomness import KeyedRandom

__all__ = ["Arrangements", "Moves", "initial", "step"]


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


@dataclass(frozen=True)
class Moves:
    """This month's moves, for the processes that react to them."""

    applied: np.ndarray  # (units,) bool: paying parents who applied to the CMS
    closed: np.ndarray  # (families,) bool: CMS cases closed
    new_family_based: np.ndarray  # (families,) indices of new family-based arrangements
    moved_to_collect_and_pay: np.ndarray  # (families,) bool
    returned_to_direct_pay: np.ndarray  # (families,) bool


def initial(pop: Population) -> Arrangements:
    arrangement = pop.arrangement.astype(np.int8).copy()
    service = pop.service.astype(np.int8).copy()
    return Arrangements(
        arrangement=arrangement,
        service=service,
        cooperative=(arrangement == CMS) & (service == DIRECT_PAY),
        family_based_weekly=np.zeros(len(pop)),
        arrears_only=(pop.arrangement == CMS) & pop.arrears_only,
    )


def step(
    arr: Arrangements,
    frame: Frame,
    full_streak: np.ndarray,
    dp_breakdown: np.ndarray,
    shared: SharedRates,
    b,
    fitted,
    p,
    rng: KeyedRandom,
    t: int,
) -> Moves:
    """One month of applications, closures, family-based arrangements and
    moves between services. ``full_streak``, ``dp_breakdown``: the families'
    payment history (months paid in full on Collect and Pay; a broken Direct
    Pay arrangement)."""
    s = b.service
    fids, uids = frame.family_ids, frame.unit_ids
    first_arrangement = arr.arrangement[frame.first]

    # new applications (whole paying-parent units) and closures
    outside = first_arrangement != CMS
    apply = outside & (rng.uniform("application", uids, t) < s.new_application_monthly)
    closure_rate = np.where(
        arr.service[frame.first] == COLLECT_AND_PAY,
        shared.closure_rates[1],
        shared.closure_rates[0],
    )
    close = (first_arrangement == CMS) & (
        rng.uniform_where("closure", uids, first_arrangement == CMS, t) < closure_rate
    )
    to_family = (
        rng.uniform_where("closure_destination", uids, close, t) < s.closure_to_family_based_share
    )
    apply_f, close_f = apply[frame.unit_of], close[frame.unit_of]
    new_service = np.where(
        (rng.uniform_where("new_case_service", fids, apply_f, t) < s.new_case_collect_and_pay_share)
        | (not p.service.direct_pay.available),
        COLLECT_AND_PAY,
        DIRECT_PAY,
    ).astype(np.int8)
    arr.arrangement = np.where(apply_f, CMS, arr.arrangement).astype(np.int8)
    arr.service = np.where(apply_f, new_service, arr.service).astype(np.int8)
    arr.cooperative = np.where(apply_f, new_service == DIRECT_PAY, arr.cooperative)
    arr.arrears_only &= ~apply_f
    closed_to = np.where(to_family, FAMILY_BASED, NO_ARRANGEMENT)[frame.unit_of]
    arr.arrangement = np.where(close_f, closed_to, arr.arrangement).astype(np.int8)
    arr.service = np.where(close_f, NOT_CMS, arr.service).astype(np.int8)
    arr.arrears_only &= ~close_f

    # family-based arrangements break down; new ones form (balancing, so the
    # shares stay steady)
    family_based = arr.arrangement == FAMILY_BASED
    none = arr.arrangement == NO_ARRANGEMENT
    break_up = family_based & (
        rng.uniform_where("family_based_breakdown", fids, family_based, t)
        < s.family_based_breakdown_monthly
    )
    form = (
        none
        & ~close_f
        & (rng.uniform_where("family_based_form", fids, none, t) < shared.family_based_form_rate)
    )
    arr.arrangement = np.where(
        break_up, NO_ARRANGEMENT, np.where(form, FAMILY_BASED, arr.arrangement)
    ).astype(np.int8)
    new_family_based = np.flatnonzero(form | (close_f & (closed_to == FAMILY_BASED)))

    moved, returned = _service_moves(arr, frame, full_streak, dp_breakdown, s, fitted, p, rng, t)
    return Moves(
        applied=apply,
        closed=close_f,
        new_family_based=new_family_based,
        moved_to_collect_and_pay=moved,
        returned_to_direct_pay=returned,
    )


def _service_moves(
    arr: Arrangements, frame: Frame, full_streak, dp_breakdown, s, fitted, p, rng, t
) -> tuple[np.ndarray, np.ndarray]:
    """Direct Pay cases moving to Collect and Pay (breakdowns reported, Direct
    Pay abolished, collection on request after domestic abuse) and Collect and
    Pay cases returning to Direct Pay; returns (moved, returned) per family."""
    fids = frame.family_ids
    direct = arr.service == DIRECT_PAY
    # Broken Direct Pay cases move at a fitted rate (giving the observed move
    # rate for Direct Pay as a whole at baseline), raised when the receiving
    # parent's fee is scrapped.
    uplift = 1.0 + s.cp_switch_uplift_if_rp_fee_removed * (
        p.fees.collection.receiving_parent_rate == 0
    )
    report = min(fitted.dp_breakdown_move_rate * uplift, 1.0)
    move = (
        direct
        & dp_breakdown
        & (rng.uniform_where("dp_report", fids, direct & dp_breakdown, t) < report)
    )
    broke = move.copy()
    # without Direct Pay every case is on the collection service
    move |= direct & (not p.service.direct_pay.available)
    # where abuse is disclosed and the law allows it, collection on request
    # (requested at the monthly rate at which broken arrangements are
    # reported and moved: an assumption, no evidence on take-up)
    abuse = frame.domestic_abuse
    abuse_route = (
        direct
        & abuse
        & p.service.collect_and_pay.domestic_abuse_without_consent
        & (rng.uniform_where("da_collection_request", fids, direct & abuse, t) < report)
    )
    move |= abuse_route
    reliable = full_streak >= s.reliable_months_before_direct_pay
    back = (
        (arr.service == COLLECT_AND_PAY)
        & reliable
        & p.service.direct_pay.available
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
    return move, back
