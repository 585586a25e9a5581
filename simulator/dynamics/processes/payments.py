"""Payments and collection fees: what each paying parent pays this month, how
the CMS allocates it, what the receiving parent gets, and the payment history.

On Collect and Pay a paying parent with a deduction from earnings order in
place pays by deduction (while the order collects), as does one on a
flat-rate benefit (deduction from benefit); everyone else pays voluntarily or
not (:mod:`.compliance`). A payment in full covers the liability, the
paying parent's collection fee and the arrears instalment; a part payment a
share of the liability and fee (of the instalment in an arrears-only case,
which has no liability). Direct Pay carries no fees and no arrears. The
CMS allocates a payment to the ongoing maintenance, then the ongoing fee, then
maintenance arrears, fee arrears and enforcement charges; the receiving
parent's collection fee comes off the maintenance collected. The fees are the
statutory ones (SI 2014/612 regs. 6-8, :mod:`simulator.rules.fees`).

Family-based arrangements pay the agreed amount in full, or nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.dynamics.frame import HALF_PENNY, Arrays
from simulator.dynamics.timing import DAYS_IN_WEEK
from simulator.randomness import KeyedRandom
from simulator.rules.fees import receiving_parent_collection_fee

__all__ = [
    "Allocation",
    "PaymentHistory",
    "allocate",
    "amount_paid",
    "carry_direct_pay_record",
    "family_based",
    "initial",
    "record",
]


@dataclass
class PaymentHistory(Arrays):
    """What each family's past payments tell the CMS (arrays per family)."""

    full_streak: np.ndarray  # int64, months in a row paid in full on Collect and Pay
    # bool, a broken Direct Pay arrangement: a Direct Pay month fell short and
    # the arrangement has not mended since (:func:`record`)
    dp_breakdown: np.ndarray
    # int64, months in a row paid in full on Direct Pay (the record a case takes
    # to the collection service: :func:`carry_direct_pay_record`)
    dp_full_streak: np.ndarray


def initial(n: int) -> PaymentHistory:
    return PaymentHistory(
        full_streak=np.zeros(n, dtype=np.int64),
        dp_breakdown=np.zeros(n, dtype=bool),
        dp_full_streak=np.zeros(n, dtype=np.int64),
    )


def family_based(
    weekly: np.ndarray, fids: np.ndarray, days: int, b, rng: KeyedRandom, t: int
) -> dict[str, np.ndarray]:
    """Family-based arrangements (``weekly``: their agreed amounts): due this
    month, and paid in full or not at all."""
    due = weekly * days / DAYS_IN_WEEK
    pays = rng.uniform("family_based_pay", fids, t) < b.compliance.family_based_full_payment_share
    return {"family_based_due": due, "family_based_paid": np.where(pays, due, 0.0)}


def amount_paid(
    *,
    due: np.ndarray,
    fee_due: np.ndarray,
    instalment: np.ndarray,
    dp: np.ndarray,
    mechanical: np.ndarray,
    deduction_collects: np.ndarray,
    voluntary,
) -> np.ndarray:
    """What each paying parent pays this month (£). ``mechanical``: paying by
    deduction (order or benefit), which pays everything owed where it
    collects (``deduction_collects``); otherwise ``voluntary``
    (:class:`.compliance.VoluntaryPayment`). No fees on Direct Pay."""
    owed = due + fee_due + instalment
    full = np.where(mechanical, deduction_collects, voluntary.full)
    part = ~mechanical & voluntary.pays & ~voluntary.full
    # a part payment: a share of the liability and fee, or of the instalment
    # where only arrears are collected (an arrears-only case)
    part_of = np.where(due > 0, due + fee_due, instalment)
    paid = np.where(full, owed, np.where(part, voluntary.partial_share * part_of, 0.0))
    paid = np.where((due > 0) | (instalment > 0), paid, 0.0)
    return np.where(dp, np.minimum(paid, due), paid)


@dataclass(frozen=True)
class Allocation:
    """A month's payments as the CMS allocates them (£ per family)."""

    maintenance: np.ndarray  # ongoing maintenance
    fee: np.ndarray  # ongoing paying parent's fee
    arrears_maintenance: np.ndarray
    arrears_fees: np.ndarray
    charges: np.ndarray  # enforcement charges
    rp_fee: np.ndarray  # receiving parent's fee, off the maintenance collected
    received: np.ndarray  # what the receiving parent gets


def allocate(
    paid: np.ndarray,
    *,
    due: np.ndarray,
    fee_due: np.ndarray,
    arrears_maintenance: np.ndarray,
    arrears_fees: np.ndarray,
    arrears_charges: np.ndarray,
    cp: np.ndarray,
    domestic_abuse: np.ndarray,
    p,
) -> Allocation:
    """Allocate ``paid``: ongoing maintenance, ongoing fee, arrears, then
    charges; the receiving parent's fee on Collect and Pay (waived after
    domestic abuse where the rules say so)."""
    maintenance = np.minimum(paid, due)
    rest = paid - maintenance
    fee = np.minimum(rest, fee_due)
    rest -= fee
    on_arrears = np.minimum(rest, arrears_maintenance)
    rest -= on_arrears
    on_fees = np.minimum(rest, arrears_fees)
    rest -= on_fees
    charges = np.minimum(rest, arrears_charges)
    collected = maintenance + on_arrears
    rp_fee = np.where(cp, receiving_parent_collection_fee(collected, p, domestic_abuse), 0.0)
    return Allocation(
        maintenance=maintenance,
        fee=fee,
        arrears_maintenance=on_arrears,
        arrears_fees=on_fees,
        charges=charges,
        rp_fee=rp_fee,
        received=np.where(cp, collected - rp_fee, maintenance),
    )


def carry_direct_pay_record(history: PaymentHistory, moved: np.ndarray) -> None:
    """Cases moved from Direct Pay to the collection service (``moved``, per
    family) take their Direct Pay record with them: months in a row paid in full
    on Direct Pay count towards the streak that decides the paying parent's
    collection fee (a case whose payments were kept up is a compliant payer from
    its first month on collection). A case that moves after a breakdown has no
    such months and keeps the streak it had."""
    carried = moved & (history.dp_full_streak > 0)
    history.full_streak = np.where(
        carried, np.maximum(history.full_streak, history.dp_full_streak), history.full_streak
    )
    history.dp_full_streak = np.where(moved, 0, history.dp_full_streak)


def record(
    history: PaymentHistory,
    *,
    due: np.ndarray,
    paid_maintenance: np.ndarray,
    cp: np.ndarray,
    dp: np.ndarray,
    shortfall: np.ndarray,
    mend_months: int,
) -> None:
    """The month in the payment history. On Direct Pay a month with less than
    was due breaks the arrangement (the cooperation Direct Pay rests on has
    failed: B10, cms-rules 5), and a broken arrangement mends after
    ``mend_months`` months in a row paid in full on Direct Pay (the rule by
    which a Collect and Pay case counts as reliable and may return to Direct
    Pay, ``service.reliable_months_before_direct_pay``); months in full add to
    the Direct Pay streak and a short month ends it. On Collect and Pay a
    month in full adds to the streak and a shortfall ends it."""
    dp_due = dp & (due > 0)
    short = paid_maintenance < due - HALF_PENNY
    history.dp_full_streak = np.where(
        dp_due, np.where(short, 0, history.dp_full_streak + 1), history.dp_full_streak
    )
    mended = history.dp_full_streak >= mend_months
    history.dp_breakdown = np.where(
        dp_due, short | (history.dp_breakdown & ~mended), history.dp_breakdown & dp
    )
    history.full_streak = np.where(
        cp & (due > 0) & ~shortfall,
        history.full_streak + 1,
        np.where(shortfall, 0, history.full_streak),
    )
