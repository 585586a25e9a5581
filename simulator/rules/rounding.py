"""Rounding to the penny, and apportioning a rounded total.

Open point (cms-rules.md §1.10, §8.1): SI 2012/2677 reg. 6 ("Rounding") has not
been read. The documented choice: carry exact arithmetic through the whole
calculation; round each receiving parent's weekly amount to the nearest penny
with halves rounded up; if the rounded shares do not add up to the rounded
total, move single pennies (largest remainder first; ties in favour of the
receiving parent listed first) so that they do — as the NI default-rate rule
SR 2001/17 reg. 7(3)-(4) requires.
"""

from __future__ import annotations

import numpy as np

PENCE_PER_POUND = 100
#: Half-up rounding works on binary floating point: a value that is exactly
#: x.xx5 in decimal may be stored as x.xx4999999999. This tolerance (in pence,
#: far above float error at these magnitudes and far below any real amount)
#: makes such values round up as exact arithmetic would.
_PENNY_TOLERANCE = 1e-6
#: Decimal places (of a penny) kept when comparing rounding remainders.
_REMAINDER_DECIMALS = 6


def round_half_up_pence(amount: np.ndarray) -> np.ndarray:
    """Whole pence of ``amount`` (£), halves rounded up (int64)."""
    pence = np.asarray(amount, dtype=float) * PENCE_PER_POUND
    return np.floor(pence + 0.5 + _PENNY_TOLERANCE).astype(np.int64)


def round_half_up(amount: np.ndarray) -> np.ndarray:
    """``amount`` (£) rounded to the penny, halves up."""
    return round_half_up_pence(amount) / PENCE_PER_POUND


def round_shares(exact_shares: np.ndarray, active: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Round each share to the penny so that the shares add up to the rounded total.

    Parameters
    ----------
    exact_shares : array of shape (n_cases, n_receiving_parents), £ unrounded.
    active : bool array of the same shape; inactive slots stay 0 and are never adjusted.

    Returns
    -------
    total : (n_cases,) £, the rounded sum of the exact shares.
    shares : (n_cases, n_receiving_parents) £, each rounded half-up, then adjusted
        by single pence (largest remainder first) to add up to ``total``.
    """
    exact = np.where(active, exact_shares, 0.0) * PENCE_PER_POUND
    total_pence = np.floor(exact.sum(axis=1) + 0.5 + _PENNY_TOLERANCE).astype(np.int64)
    share_pence = np.floor(exact + 0.5 + _PENNY_TOLERANCE).astype(np.int64)
    share_pence[~active] = 0
    gap = total_pence - share_pence.sum(axis=1)
    rows = np.flatnonzero(gap)
    if rows.size:
        # Remainders equal in exact arithmetic can differ in the last bits of a
        # float; rounding them lets ties fall to the documented tie-break.
        remainder = np.round(exact[rows] - share_pence[rows], _REMAINDER_DECIMALS)
        live = active[rows]
        up = gap[rows] > 0
        # Rank the shares: for a shortfall, those rounded down the most first;
        # for an excess, those rounded up the most first. Ties go in favour of
        # the earlier receiving parent (first to gain a penny, last to lose one).
        key = np.where(up[:, None], -remainder, remainder)
        key = np.where(live, key, np.inf)
        width = key.shape[1]
        order = np.argsort(key, axis=1, kind="stable")
        reverse = width - 1 - np.argsort(key[:, ::-1], axis=1, kind="stable")
        order = np.where(up[:, None], order, reverse)
        rank = np.empty_like(order)
        np.put_along_axis(rank, order, np.arange(order.shape[1])[None, :], axis=1)
        pick = (rank < np.abs(gap[rows])[:, None]) & live
        share_pence[rows] += np.where(up[:, None], 1, -1) * pick
    return total_pence / PENCE_PER_POUND, share_pence / PENCE_PER_POUND
