"""Synthesis, first section: paying parents and their arrangements.

Paying parents are drawn one by one (ids 0, 1, 2...) until there are ``n``
families: each has an arrangement (CMS, family-based or none; a CMS case on
Direct Pay or Collect and Pay) and one to MAX_RECEIVING_PARENTS receiving
parents, with the mean number per paying parent the published one for each
kind of arrangement. Every family of a paying parent shares the arrangement.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.population.draws import truncated_geometric
from simulator.population.frame import (
    CMS,
    COLLECT_AND_PAY,
    DIRECT_PAY,
    MAX_RECEIVING_PARENTS,
    NOT_CMS,
    PopulationError,
)
from simulator.randomness import KeyedRandom

__all__ = ["Linkage", "link_families"]


@dataclass(frozen=True)
class Linkage:
    """Which families belong to which paying parent, and their arrangements.

    Per family: ``pp`` (the paying parent's unit, 0..units-1), ``rank``
    (receiving_parent_rank), ``arrangement`` and ``service``. Per unit:
    ``unit_ids`` (the ``paying_parent_id``, the id its draws are keyed to),
    ``first`` (its first family), ``unit_arrangement``, ``unit_service``;
    ``units`` is their number.
    """

    pp: np.ndarray
    rank: np.ndarray
    arrangement: np.ndarray
    service: np.ndarray
    units: int
    unit_ids: np.ndarray
    first: np.ndarray
    unit_arrangement: np.ndarray
    unit_service: np.ndarray


def link_families(rng: KeyedRandom, n: int, size, first_unit: int = 0) -> Linkage:
    """The paying parents of ``n`` families and their arrangements; ``size``
    holds the population-size assumptions (families, CMS arrangements and
    paying parents, the Direct Pay share...). ``first_unit``: the id of the
    first paying parent (their draws are keyed to ids ``first_unit``,
    ``first_unit`` + 1...; 0 for the families at the population date, beyond
    theirs for the entrants)."""
    families = np.arange(n, dtype=np.int64)
    cms_share = size.cms_arrangements / size.separated_families
    family_shares = np.array(
        [cms_share, size.any_arrangement_share - cms_share, 1.0 - size.any_arrangement_share]
    )
    if family_shares.min() < 0:
        raise PopulationError(
            "assumptions give more CMS arrangements than families with any "
            "arrangement; check population.size"
        )
    mean_parents = np.array(
        [
            size.cms_arrangements / size.cms_paying_parents,
            size.receiving_parents_per_paying_parent_other,
            size.receiving_parents_per_paying_parent_other,
        ]
    )
    unit_shares = family_shares / mean_parents
    # at most n paying parents are needed
    candidates = first_unit + np.arange(n, dtype=np.int64)
    unit_arrangement = rng.choice("pp_arrangement", candidates, unit_shares)
    parent_probs = np.array([truncated_geometric(m, MAX_RECEIVING_PARENTS) for m in mean_parents])
    unit_families = 1 + rng.choice(
        "pp_receiving_parents", candidates, parent_probs[unit_arrangement]
    )
    ends = np.cumsum(unit_families)
    units = int(np.searchsorted(ends, n)) + 1
    pp = np.repeat(np.arange(units), unit_families[:units])[:n]
    starts = ends[:units] - unit_families[:units]
    rank = (families - starts[pp]).astype(np.int8)
    unit_ids = first_unit + np.arange(units, dtype=np.int64)
    unit_service = np.where(
        unit_arrangement[:units] == CMS,
        np.where(
            rng.bernoulli("pp_service", unit_ids, size.direct_pay_share),
            DIRECT_PAY,
            COLLECT_AND_PAY,
        ),
        NOT_CMS,
    ).astype(np.int8)
    arrangement = unit_arrangement[:units][pp].astype(np.int8)
    service = unit_service[pp]
    return Linkage(
        pp=pp,
        rank=rank,
        arrangement=arrangement,
        service=service,
        units=units,
        unit_ids=unit_ids,
        first=starts,
        unit_arrangement=unit_arrangement[:units],
        unit_service=unit_service,
    )
