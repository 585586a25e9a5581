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
    exact_shares : array of shape (n_receiving_parents, n_cases), £ unrounded
        (receiving parent first, as in the rest of the engine).
    active : bool array of the same shape; inactive slots stay 0 and are never adjusted.

    Returns
    -------
    total : (n_cases,) £, the rounded sum of the exact shares.
    shares : (n_receiving_parents, n_cases) £, each rounded half-up, then
        adjusted by single pence (largest remainder first) to add up to ``total``.
    """
    exact = np.asarray(exact_shares, dtype=float) * (np.asarray(active) * PENCE_PER_POUND)
    # Whole pence held as floats (exact for any amount of money); an inactive
    # slot is 0 and rounds to 0.
    total_pence = np.floor(exact.sum(axis=0) + (0.5 + _PENNY_TOLERANCE))
    share_pence = np.floor(exact + (0.5 + _PENNY_TOLERANCE))
    gap = total_pence - share_pence.sum(axis=0)
    cases = np.flatnonzero(gap != 0)
    if cases.size:
        # Work on the few cases with a gap: (P, n_gap) arrays.
        gap = gap[cases]
        pence = share_pence.take(cases, axis=1)
        # Remainders equal in exact arithmetic can differ in the last bits of a
        # float; rounding them lets ties fall to the documented tie-break.
        remainder = np.round(exact.take(cases, axis=1) - pence, _REMAINDER_DECIMALS)
        live = np.asarray(active).take(cases, axis=1)
        up = gap > 0
        # Rank the shares: for a shortfall, those rounded down the most first;
        # for an excess, those rounded up the most first. Ties go in favour of
        # the earlier receiving parent (first to gain a penny, last to lose one).
        # A share's rank is the number of shares ahead of it.
        key = np.where(live, np.where(up, -remainder, remainder), np.inf)
        rank = np.zeros(key.shape, dtype=np.int64)
        for j in range(key.shape[0]):
            for i in range(key.shape[0]):
                if i != j:
                    earlier_wins = up if i < j else ~up
                    rank[j] += (key[i] < key[j]) | ((key[i] == key[j]) & earlier_wins)
        pick = (rank < np.abs(gap)) & live
        adjusted = pence + np.where(up, 1.0, -1.0) * pick
        for row, value in zip(share_pence, adjusted, strict=True):
            row[cases] = value
    return total_pence / PENCE_PER_POUND, share_pence / PENCE_PER_POUND
