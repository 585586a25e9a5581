"""Entrants: families who separate during a run.

The population at its date is the stock of separated families. Children
leave qualifying status as they grow older, and a family with no qualifying
child left is no longer a separated family; new families separate all the
time. The entrants are those new families, drawn by the same sections as the
stock (:mod:`simulator.population.synthesise`) with ids beyond the stock's
(so no family of the stock changes any draw), and three differences:

* **when**: ``enters_month``, the month after the population date in which
  the family separates (1, 2, ... up to the horizon; 0 for the families of
  the stock). Until then it is invisible: its children are not
  qualifying children (:func:`simulator.rules.qualifying_child.qualifies`
  with the entry month), so it cannot apply to the CMS, form a family-based
  arrangement or be counted as a separated family. All the families of one
  paying parent enter together (a simplification).
* **how many**: ``population.entrants.families_monthly`` GB families a month
  (derived: in a steady state as many families separate as stop being
  separated families when their last qualifying child ages out; the
  published stock is roughly stable, D01-D05). Their weight in a sample is
  the GB number over the sample's entrants.
* **the eldest child's age at separation**: the rise with age of the share of
  children whose parents live apart (``population.children.separated_share_by_age``,
  cohorts taken as equal): of a cohort, the share s(a) is apart by age a,
  so the share separating in the year of age a is s(a) - s(a - 1) (s(0) at
  age 0: born to parents apart or separating in the first year), the hazard
  (s(a) - s(a - 1)) / (1 - s(a - 1)) applied to those still together.
  Weighted, as for the stock, by the share of children of that age who are
  qualifying children. Entrants' children are therefore younger than the
  stock's. Their ages (``child_age``) are those at entry.

No entrant has an arrangement when it separates (``none``); it then applies
to the CMS and forms family-based arrangements at the hazards every family
outside the CMS has (:mod:`simulator.dynamics.processes.arrangements`).
The population's other columns (the adults' ages, incomes, housing) are
drawn at the population date, as for the stock; the dynamics move them on
from there.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from simulator.population.children import eldest_age_probabilities, separated_share_by_age
from simulator.rules.qualifying_child import qualifying_share_by_age

__all__ = [
    "DEFAULT_ENTRANT_MONTHS",
    "entrant_count",
    "entry_age_probabilities",
    "entry_months",
]

#: By default, entrants cover the months up to this many after the
#: population date (the default horizon of ``cms-sim run``, ``cms-sim
#: simulate`` and the shipped scenarios); a run going further asks for a
#: population built for its horizon (the run refuses one that is not).
DEFAULT_ENTRANT_MONTHS = 24


def entry_age_probabilities(ch, fam, date: dt.date) -> np.ndarray:
    """The distribution of the eldest qualifying child's whole-year age
    (0 to ``OLDEST_QUALIFYING_AGE``) when a family separates: the yearly rise
    of ``separated_share_by_age`` (``ch``: the children assumptions), times
    the share of children of that age who are qualifying children on
    ``date`` (``fam``: the shares staying on in education)."""
    apart = separated_share_by_age(ch)
    rise = np.diff(np.concatenate([[0.0], apart]))
    share = qualifying_share_by_age(
        date, fam.education_after_16_share, fam.education_after_18_share
    )
    probabilities = np.clip(rise, 0.0, None) * share
    if probabilities.sum() <= 0:
        return eldest_age_probabilities(ch, fam, date)
    return probabilities / probabilities.sum()


def entrant_count(families: int, size, entrants, months: int) -> int:
    """The number of entrant families in a sample of ``families`` families at
    the date (``size``: the population-size assumptions; ``entrants``: the
    entrants' assumptions) covering runs to ``months`` months after the
    population date: the GB families entering in months 1 to ``months``, in
    the sample's proportion."""
    gb = entrants.families_monthly * months
    return round(families * gb / size.separated_families)


def entry_months(unit_families: np.ndarray, months: int) -> np.ndarray:
    """(units,) the month each entrant paying parent's families separate
    (``unit_families``: each one's number of families), 1 to ``months``:
    the families spread evenly over the months in id order (the paying
    parents' draws do not depend on their order), a paying parent's families
    together."""
    sizes = np.asarray(unit_families, dtype=np.int64)
    before = np.cumsum(sizes) - sizes
    return (1 + before * months // max(int(sizes.sum()), 1)).astype(np.int16)
