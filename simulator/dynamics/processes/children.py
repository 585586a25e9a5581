"""Children: every child in both households grows older month by month, and a
qualifying child leaves qualifying status as the statute says.

A *qualifying child* is a child under 16, or under 20 in full-time
non-advanced education or approved training (Child Support Act 1991 s. 55;
Child Support Maintenance Calculation Regulations 2012 reg. 76, which follow
Child Benefit's definition). HBAI counts the same children as *dependent
children* (tax-benefit-hbai.md §4); Universal Credit and Child Benefit use
the same ages. Modelled as: each child leaves at the end of August after a
birthday (the end of the school year: the Child Benefit "terminal date"), the
16th for those who do not stay on in full-time non-advanced education, the
18th for those who stay to the end of upper-secondary education, the 19th for
those who stay a year more (shares in ``behaviour.family``; keyed draws per
child; the rule: :mod:`simulator.rules.qualifying_child`).

Dates of birth are whole months: a child aged ``a`` whole years at the
population date was born 12a to 12a + 11 months before it (a keyed draw per
child). Every child of the population qualifies at its date (it holds
qualifying children aged 0-19, :func:`simulator.population.children.eldest_age_probabilities`),
so a child of 16 or over has a leaving age and a month of birth that keep it
qualifying then: drawn from the shares given that (a 16-year-old who has not
stayed on turned 16 since the last September; an 18-year-old leaving at 18
turned 18 since then; a 19-year-old stays a year more and turned 19 since
then). Children under 16 all qualify, whatever the draws.

State per family (rows of the population) and per child slot; -1 marks an
empty slot.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from simulator.dynamics.frame import Arrays
from simulator.dynamics.timing import MONTHS_IN_YEAR
from simulator.randomness import KeyedRandom
from simulator.rules.qualifying_child import (
    LAST_MONTH_OF_SCHOOL_YEAR,
    LEAVING_AGES,
    leaving_age_shares,
    month_index,
    qualifies,
)

__all__ = [
    "LAST_MONTH_OF_SCHOOL_YEAR",
    "LEAVING_AGES",
    "ChildChanges",
    "Children",
    "age_years",
    "birth_months",
    "initial",
    "leaving_ages",
    "month_index",
    "step",
]

EMPTY = -1
#: The months before the population date's month in which a child of a given
#: whole-year age may have been born (0 to 11 more than 12 times the age).
_OFFSETS = np.arange(MONTHS_IN_YEAR)


def _qualifying_offsets(ages: np.ndarray, leaving: np.ndarray, date: dt.date) -> np.ndarray:
    """(..., 12) bool: for each child (``ages`` at ``date``, leaving age
    ``leaving``), the birth-month offsets with which it qualifies then."""
    now = month_index(date)
    born = now - MONTHS_IN_YEAR * np.asarray(ages, dtype=np.int64)[..., None] - _OFFSETS
    return qualifies(born, np.asarray(leaving)[..., None], now)


def birth_months(
    rng: KeyedRandom,
    name: str,
    ids: np.ndarray,
    ages: np.ndarray,
    date: dt.date,
    leaving_age: np.ndarray | None = None,
) -> np.ndarray:
    """Months of birth (:func:`month_index`) of children whose whole-year ages
    at ``date`` are ``ages`` ((rows, slots), -1 where empty), each drawn
    uniformly among the 12 months that give that age (draw ``name``, keyed to
    ``ids`` and the slot) or, given the children's ``leaving_age``, among
    those of them with which the child qualifies on ``date`` (all 12 under
    16)."""
    ages = np.asarray(ages)
    offset = np.zeros(ages.shape, dtype=np.int64)
    for k in range(ages.shape[1]):
        u = rng.uniform(name, ids, step=k)
        if leaving_age is None:
            offset[:, k] = np.floor(MONTHS_IN_YEAR * u)
            continue
        offset[:, k] = np.floor(MONTHS_IN_YEAR * u)
        # children under 16 qualify whatever their month of birth; for the
        # others, the j-th allowed month (j uniform among them; all if none)
        older = np.flatnonzero(ages[:, k] >= LEAVING_AGES[0])
        allowed = _qualifying_offsets(ages[older, k], leaving_age[older, k], date)
        allowed |= ~allowed.any(axis=1, keepdims=True)
        j = np.floor(u[older] * allowed.sum(axis=1)).astype(np.int64)
        offset[older, k] = (np.cumsum(allowed, axis=1) <= j[:, None]).sum(axis=1)
    born = month_index(date) - MONTHS_IN_YEAR * ages.astype(np.int64) - offset
    return np.where(ages >= 0, born, EMPTY).astype(np.int64)


def age_years(birth_month: np.ndarray, when: dt.date) -> np.ndarray:
    """Whole-year ages on the first of ``when``'s month (-1 where empty)."""
    born = np.asarray(birth_month)
    return np.where(born >= 0, (month_index(when) - born) // MONTHS_IN_YEAR, EMPTY)


def leaving_ages(
    rng: KeyedRandom,
    name: str,
    ids: np.ndarray,
    ages: np.ndarray,
    fam,
    date: dt.date | None = None,
) -> np.ndarray:
    """The birthday after which each child stops qualifying (one of
    :data:`LEAVING_AGES`; -1 where empty). ``fam``: ``behaviour.family``
    (``education_after_16_share``, ``education_after_18_share``). A child
    of 16 or over (``ages``) qualifies on ``date`` (the population's): its
    leaving age is drawn from the shares given that (each leaving age weighted
    by the months of birth with which the child still qualifies); without a
    ``date``, a child of 16 or over stays on to 18 at least."""
    ages = np.asarray(ages)
    probabilities = leaving_age_shares(fam.education_after_16_share, fam.education_after_18_share)
    past_16 = probabilities.copy()
    past_16[0] = 0.0
    out = np.full(ages.shape, EMPTY, dtype=np.int64)
    for k in range(ages.shape[1]):
        older = ages[:, k] >= LEAVING_AGES[0]
        rows = np.broadcast_to(probabilities, (len(ages), len(LEAVING_AGES))).copy()
        if date is None:
            given = np.broadcast_to(past_16, (int(older.sum()), len(LEAVING_AGES)))
        else:
            months = np.stack(
                [
                    _qualifying_offsets(
                        ages[older, k], np.full(int(older.sum()), leaving), date
                    ).sum(axis=1)
                    for leaving in LEAVING_AGES
                ],
                axis=1,
            )
            given = probabilities * months
            given = np.where(given.sum(axis=1, keepdims=True) > 0, given, past_16)
        rows[older] = given / given.sum(axis=1, keepdims=True)
        choice = rng.choice(name, ids, rows, step=k)
        out[:, k] = np.where(ages[:, k] >= 0, np.asarray(LEAVING_AGES)[choice], EMPTY)
    return out


def _qualifying(birth_month: np.ndarray, leaving_age: np.ndarray, when: dt.date) -> np.ndarray:
    """Whether each child qualifies on the first of ``when``'s month."""
    return qualifies(birth_month, leaving_age, month_index(when))


@dataclass
class Children(Arrays):
    """The qualifying children of each family (rows: families; columns: the
    population's child slots): month of birth, leaving age and whether they
    qualify this month."""

    birth_month: np.ndarray  # (families, slots) int64, month_index; -1 empty
    leaving_age: np.ndarray  # (families, slots) int64, LEAVING_AGES; -1 empty
    qualifying: np.ndarray  # (families, slots) bool, as of the current month

    def ages(self, when: dt.date) -> np.ndarray:
        """Whole-year ages on the first of ``when``'s month (-1 where empty)."""
        return age_years(self.birth_month, when)

    def count(self) -> np.ndarray:
        """(families,) qualifying children this month."""
        return self.qualifying.sum(axis=1)


@dataclass(frozen=True)
class ChildChanges:
    """This month's changes: ``aged_out`` (families, slots) bool, the
    children who stopped qualifying this month; ``families`` (families,)
    bool, the families with any."""

    aged_out: np.ndarray
    families: np.ndarray


def initial(pop, rng: KeyedRandom, fam, when: dt.date) -> Children:
    """The families' qualifying children as synthesised (ages at the
    population date), qualifying on ``when``."""
    ids = pop.family_id.astype(np.int64)
    leaving = leaving_ages(rng, "child_leaving_age", ids, pop.child_age, fam, pop.date)
    born = birth_months(rng, "child_birth_month", ids, pop.child_age, pop.date, leaving)
    return Children(born, leaving, _qualifying(born, leaving, when))


def step(children: Children, when: dt.date) -> ChildChanges:
    """Children on the first of ``when``'s month: those past their leaving
    date stop qualifying (a child never qualifies again). A child stops
    qualifying only on the first of September, so other months change nothing."""
    if when.month != LAST_MONTH_OF_SCHOOL_YEAR + 1:
        nobody = np.zeros_like(children.qualifying)
        return ChildChanges(aged_out=nobody, families=np.zeros(len(nobody), dtype=bool))
    now = _qualifying(children.birth_month, children.leaving_age, when) & children.qualifying
    aged_out = children.qualifying & ~now
    children.qualifying = now
    return ChildChanges(aged_out=aged_out, families=aged_out.any(axis=1))
