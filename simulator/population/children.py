"""Synthesis, second section: each family's qualifying children.

The number of children (one to MAX_CHILDREN, with the published mean for CMS
and for other families), the eldest's age and the gaps between siblings, and
the nights a year each child spends with the paying parent: none for most,
otherwise within one of the shared-care bands (the same for every child of
the family). CMS children share care more often than others, by an odds
ratio, with the overall share the published one.

The eldest's whole-year age (0 to ``OLDEST_QUALIFYING_AGE``, 19) follows the
share of children of each age whose parents live apart
(``population.children.separated_share_by_age``: separations accumulate
through childhood, so the share rises with age; cohorts taken as equal),
times the share of children of that age who are qualifying children on the
population's date
(:func:`simulator.rules.qualifying_child.qualifying_share_by_age`, with the
shares staying on in education, ``behaviour.family.education_after_*``): all
under 16, fewer at 16-19 as the terminal dates pass; the children no longer
qualifying are not in the population. A younger sibling aged 16-18 is taken
to be in education (a qualifying child). Siblings are younger by the drawn
gaps, narrowed where they would take the youngest below 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from simulator.population.draws import shares_for, truncated_geometric
from simulator.population.frame import MAX_CHILDREN, OLDEST_QUALIFYING_AGE
from simulator.randomness import KeyedRandom
from simulator.rules.qualifying_child import qualifying_share_by_age

__all__ = [
    "NIGHT_BANDS",
    "Children",
    "draw_children",
    "eldest_age_probabilities",
    "separated_share_by_age",
]

#: The ages at which ``population.children.separated_share_by_age`` is given.
SEPARATED_SHARE_AGES = (0, 3, 5, 7, 11, 14, 17)
#: Nights are drawn within these bands (a year has at most 182 nights of the
#: paying parent's care before they become the main carer; reg. 50).
NIGHT_BANDS = ((31, 51), (52, 103), (104, 155), (156, 174), (175, 182))


@dataclass(frozen=True)
class Children:
    """Per family: ``n_children``, the ``eldest``'s age (years, whole), and per
    child slot ``child_age`` (int8), ``child_nights`` (int16; both -1 in an
    empty slot) and ``has_child``."""

    n_children: np.ndarray
    eldest: np.ndarray
    child_age: np.ndarray
    child_nights: np.ndarray
    has_child: np.ndarray


def separated_share_by_age(ch) -> np.ndarray:
    """The share of children whose parents live apart at each whole-year age
    0 to ``OLDEST_QUALIFYING_AGE`` (``ch``: the children assumptions;
    straight lines between the register's ages, flat beyond the last)."""
    ages = np.arange(OLDEST_QUALIFYING_AGE + 1)
    return np.interp(ages, SEPARATED_SHARE_AGES, ch.separated_share_by_age)


def eldest_age_probabilities(ch, fam, date: dt.date) -> np.ndarray:
    """The distribution of the eldest qualifying child's whole-year age, 0 to
    ``OLDEST_QUALIFYING_AGE`` (``ch``: the children assumptions; ``fam``:
    ``behaviour.family``, the shares staying on in education), on ``date``."""
    apart = separated_share_by_age(ch)
    share = qualifying_share_by_age(
        date, fam.education_after_16_share, fam.education_after_18_share
    )
    probabilities = apart * share
    return probabilities / probabilities.sum()


def draw_children(
    rng: KeyedRandom,
    families: np.ndarray,
    is_cms: np.ndarray,
    size,
    ch,
    fam,
    date: dt.date,
    eldest_probabilities: np.ndarray | None = None,
) -> Children:
    """The children of ``families`` (``is_cms``: those with a CMS arrangement)
    on ``date``; ``size`` and ``ch`` hold the population-size and children
    assumptions, ``fam`` the shares staying on in education
    (``behaviour.family``). ``eldest_probabilities``: the distribution of the
    eldest's age (default :func:`eldest_age_probabilities`, the stock's; the
    entrants' is :func:`simulator.population.entrants.entry_age_probabilities`)."""
    if eldest_probabilities is None:
        eldest_probabilities = eldest_age_probabilities(ch, fam, date)
    n = len(families)
    cms_children_mean = size.cms_children / size.cms_arrangements
    other_children_mean = (size.children - size.cms_children) / (
        size.separated_families - size.cms_arrangements
    )
    child_probs = np.array(
        [
            truncated_geometric(cms_children_mean, MAX_CHILDREN),
            truncated_geometric(other_children_mean, MAX_CHILDREN),
        ]
    )
    n_children = 1 + rng.choice("children_number", families, child_probs[np.where(is_cms, 0, 1)])
    eldest = rng.choice("children_eldest_age", families, eldest_probabilities).astype(float)
    slot = np.arange(MAX_CHILDREN)
    # (families, slots) arrays of 8 bytes a value are large at full GB: each
    # step below is worked out in place (the same operations, in the same order)
    # gaps = max(1, rint(mean + sd x normal))
    gaps = np.empty((n, MAX_CHILDREN))
    for k in range(MAX_CHILDREN):
        gaps[:, k] = rng.normal("children_gap", families, step=k)
    np.multiply(ch.sibling_gap_sd, gaps, out=gaps)
    np.add(ch.sibling_gap_mean, gaps, out=gaps)
    np.rint(gaps, out=gaps)
    np.maximum(1.0, gaps, out=gaps)
    # offsets: 0, then the running sums of the gaps after the first
    offsets = np.zeros((n, MAX_CHILDREN))
    np.cumsum(gaps[:, 1:], axis=1, out=offsets[:, 1:])
    del gaps
    # where the gaps would take the youngest below 0, they are narrowed so that
    # the children spread between the eldest's age and 0 (no heap of babies)
    youngest_offset = np.take_along_axis(offsets, (n_children - 1)[:, None], axis=1)[:, 0]
    narrowed = np.divide(eldest, youngest_offset, out=np.ones(n), where=youngest_offset > eldest)
    # child_age = max(rint(eldest - offsets x narrowed), 0)
    child_age = np.multiply(offsets, narrowed[:, None], out=offsets)
    np.subtract(eldest[:, None], child_age, out=child_age)
    np.rint(child_age, out=child_age)
    np.maximum(child_age, 0, out=child_age)
    has_child = slot[None, :] < n_children[:, None]
    child_age = np.where(has_child, child_age, -1).astype(np.int8)

    cms_child_weight = size.cms_children / size.children
    p_over_30_cms, p_over_30_other = shares_for(
        ch.over_30_nights_share, ch.shared_care_cms_relative, cms_child_weight
    )
    over_30 = rng.bernoulli(
        "care_over_30", families, np.where(is_cms, p_over_30_cms, p_over_30_other)
    )
    band = rng.choice("care_band", families, ch.band_shares_over_30)
    low = np.array([b[0] for b in NIGHT_BANDS])[band]
    high = np.array([b[1] for b in NIGHT_BANDS])[band]
    nights = np.floor(low + (high - low + 1) * rng.uniform("care_nights", families))
    child_nights = np.where(has_child, np.where(over_30, nights, 0)[:, None], -1).astype(np.int16)
    return Children(n_children, eldest, child_age, child_nights, has_child)
