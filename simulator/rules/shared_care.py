"""Shared care: nights a qualifying child is expected to spend with the paying
parent. CSA 1991, Sch. 1, paras. 7 (basic and reduced rates) and 8 (flat rate
because of a benefit); SI 2012/2677, regs. 46-47.

Nights arrays have shape (n_cases, n_receiving_parents, max_children); a
negative entry marks "no child in this slot". :func:`shared_care_by_receiving_parent`
summarises them once per call of the engine; the adjustments then work on
per-receiving-parent arrays of shape (n_receiving_parents, n_cases), receiving
parent first (contiguous rows are much faster than a short trailing axis).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.inputs.parameters import Parameters
from simulator.rules.apportionment import apportion_by_children

#: Band code of an empty child slot.
NO_CHILD = -1


def _band_table(p: Parameters, most_nights: int) -> np.ndarray:
    """Band code for every possible number of nights 0..most_nights, with the
    last entry (reached by the index -1) for an empty slot."""
    nights = np.arange(most_nights + 1)
    bands = np.searchsorted(p.shared_care.band_minimum_nights, nights, side="right")
    return np.append(bands, NO_CHILD).astype(np.int8)


def shared_care_band(care_nights: np.ndarray, p: Parameters) -> np.ndarray:
    """Band of each child: 0 (under 52 nights), 1 (52-103), 2 (104-155),
    3 (156-174), 4 (175 or more); NO_CHILD for an empty slot.
    CSA 1991, Sch. 1, para. 7(3)-(4)."""
    nights = np.asarray(care_nights)
    most = max(int(nights.max(initial=0)), 366)
    return _band_table(p, most)[np.where(nights < 0, -1, nights)]


@dataclass(frozen=True)
class SharedCare:
    """Shared care summarised per receiving parent; arrays of shape (P, n),
    receiving parent first (see :mod:`simulator.rules.calculation`)."""

    children: np.ndarray  # int8: qualifying children of each receiving parent
    average_fraction: np.ndarray  # mean of the children's para. 7(4) fractions
    children_175_plus: np.ndarray  # int8: children in the top band
    any_shared: np.ndarray  # bool: some child has 52 or more nights


def shared_care_by_receiving_parent(care_nights: np.ndarray, p: Parameters) -> SharedCare:
    """Count each receiving parent's children and their shared-care fractions.

    The fraction for a child is 0 below 52 nights, then 1/7, 2/7, 3/7 and 1/2 at
    175 nights or more (CSA 1991, Sch. 1, para. 7(4)); the receiving parent's
    amount falls by the average fraction over their qualifying children
    (para. 7(5)). ``care_nights`` has shape (n, P, C); the summaries (P, n).
    """
    nights = np.asarray(care_nights)
    n, parents, _slots = nights.shape
    # Band k (1, 2, ...) starts at band_minimum_nights[k - 1]: count, for each
    # receiving parent, the children with at least that many nights.
    starts = p.shared_care.band_minimum_nights
    # Child slot by child slot on contiguous (P, n) arrays: a short loop over the
    # few slots (not over cases) beats numpy reductions over a small trailing axis.
    by_slot = np.ascontiguousarray(nights.transpose(2, 1, 0))  # (C, P, n)
    shape = (parents, n)
    children = np.zeros(shape, dtype=np.int8)
    at_least = np.zeros((len(starts), *shape), dtype=np.int8)
    for slot in by_slot:
        # (counting with the comparisons' bytes as 0/1 integers)
        children += (slot >= 0).view(np.int8)
        for k, first_night in enumerate(starts):
            at_least[k] += (slot >= first_night).view(np.int8)
    # Children in each band times the band's fraction, added up band by band.
    in_band = at_least - np.append(at_least[1:], np.zeros((1, *shape), np.int8), axis=0)
    fractions = np.zeros(shape)
    for fraction, count in zip(p.shared_care.band_fractions, in_band, strict=True):
        fractions += fraction * count.astype(float)
    # No children: fractions is 0, and 0 / 1 keeps it 0.
    average = fractions / np.maximum(children, 1)
    return SharedCare(
        children=children,
        average_fraction=average,
        children_175_plus=at_least[-1],
        any_shared=at_least[0] > 0,
    )


def shared_care_adjustment(
    shares_weekly: np.ndarray, shared: SharedCare, p: Parameters
) -> dict[str, np.ndarray]:
    """Basic- or reduced-rate amounts per receiving parent after shared care.

    For each receiving parent: the amount is divided equally between their
    qualifying children, each child's part reduced by its fraction (i.e. the
    amount falls by the average of the fractions), then a further £7 comes off
    for each child with 175 nights or more (para. 7(5)-(6)). If shared care
    would take the total for all receiving parents below £7, £7 is payable,
    apportioned between them by number of children (para. 7(7); £5 before
    25 Nov 2013).

    Documented choice (cms-rules.md §1.6): a receiving parent's amount cannot go
    below nil; the floor is tested on the sum of those non-negative amounts, and
    only where some child has shared care (para. 7(7) applies to a decrease by
    "the preceding paragraphs").

    Arrays are (P, n), receiving parent first. Returns a dict with ``amount``
    (P, n) unrounded, ``before_floor`` (P, n) and ``floor_applied`` (n,).
    """
    amount = np.maximum(
        np.asarray(shares_weekly, dtype=float) * (1.0 - shared.average_fraction)
        - p.shared_care.equal_care_reduction_per_child * shared.children_175_plus,
        0.0,
    )
    floor = p.shared_care.minimum_liability
    floor_applied = shared.any_shared.any(axis=0) & (amount.sum(axis=0) < floor)
    floored = amount
    cases = np.flatnonzero(floor_applied)
    if cases.size:
        floored = amount.copy()
        at_floor = apportion_by_children(
            np.full(cases.size, floor), shared.children.take(cases, axis=1)
        )
        for row, value in zip(floored, at_floor, strict=True):
            row[cases] = value
    return {"amount": floored, "before_floor": amount, "floor_applied": floor_applied}


def benefit_flat_rate_shared_care(shares_weekly: np.ndarray, shared: SharedCare) -> np.ndarray:
    """A flat rate payable because of a benefit (para. 4(1)(b)-(c) or the half
    rate of para. 4(2)) becomes nil where a qualifying child stays 52 or more
    nights a year with the paying parent. CSA 1991, Sch. 1, para. 8.

    Open point (cms-rules.md §1.7, §8.5): with several receiving parents the
    amount is nil only for the receiving parent whose child has that shared care
    (CMS wording: nil "for that child" and the other children in that household).
    There is no floor.
    """
    # Multiplying by "no shared care" (0 or 1) keeps the amount or makes it nil.
    return np.asarray(shares_weekly, dtype=float) * ~shared.any_shared
