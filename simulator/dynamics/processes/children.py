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
child). Children already 16 or over at the population date are in education
(they are qualifying), so they leave at 18 or 19.

Dates of birth are whole months: a child aged ``a`` whole years at the
population date was born 12a to 12a + 11 months before it (a keyed draw per
child). The population has no children aged 18-19 (``OLDEST_QUALIFYING_AGE``:
16-19-year-olds in education are taken to be 16-17), so the few who stay on
past 18 are represented only by those who turn 18 during a run.

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

__all__ = [
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

#: The birthdays after which a child stops qualifying at the end of August:
#: not staying on in education; staying to the end of upper-secondary
#: education; staying a year more (the statute's limit is the 20th birthday).
LEAVING_AGES = (16, 18, 19)
#: August: a child leaves qualifying status at the end of it (the school year).
LAST_MONTH_OF_SCHOOL_YEAR = 8
EMPTY = -1


def month_index(when: dt.date) -> int:
    """Months since year 0 (January of year 0 is 0): the calendar as integers."""
    return when.year * MONTHS_IN_YEAR + when.month - 1


def birth_months(
    rng: KeyedRandom, name: str, ids: np.ndarray, ages: np.ndarray, date: dt.date
) -> np.ndarray:
    """Months of birth (:func:`month_index`) of children whose whole-year ages
    at ``date`` are ``ages`` ((rows, slots), -1 where empty), each drawn
    uniformly among the 12 months that give that age (draw ``name``, keyed to
    ``ids`` and the slot)."""
    ages = np.asarray(ages)
    offset = np.zeros(ages.shape, dtype=np.int64)
    for k in range(ages.shape[1]):
        offset[:, k] = np.floor(MONTHS_IN_YEAR * rng.uniform(name, ids, step=k))
    born = month_index(date) - MONTHS_IN_YEAR * ages.astype(np.int64) - offset
    return np.where(ages >= 0, born, EMPTY).astype(np.int64)


def age_years(birth_month: np.ndarray, when: dt.date) -> np.ndarray:
    """Whole-year ages on the first of ``when``'s month (-1 where empty)."""
    born = np.asarray(birth_month)
    return np.where(born >= 0, (month_index(when) - born) // MONTHS_IN_YEAR, EMPTY)


def leaving_ages(rng: KeyedRandom, name: str, ids: np.ndarray, ages: np.ndarray, fam) -> np.ndarray:
    """The birthday after which each child stops qualifying (one of
    :data:`LEAVING_AGES`; -1 where empty). ``fam``: ``behaviour.family``
    (``education_after_16_share``, ``education_after_18_share``). A child
    already 16 or over stays on to 18 at least (drawn from the shares given
    that)."""
    ages = np.asarray(ages)
    stay_16 = fam.education_after_16_share
    stay_19 = fam.education_after_18_share
    # the leaving age's distribution, and given that the child is past 16
    probabilities = np.array([1 - stay_16, stay_16 * (1 - stay_19), stay_16 * stay_19])
    past_16 = probabilities.copy()
    past_16[0] = 0.0
    out = np.full(ages.shape, EMPTY, dtype=np.int64)
    for k in range(ages.shape[1]):
        older = ages[:, k] >= LEAVING_AGES[0]
        rows = np.where(older[:, None], past_16 / past_16.sum(), probabilities)
        choice = rng.choice(name, ids, rows, step=k)
        out[:, k] = np.where(ages[:, k] >= 0, np.asarray(LEAVING_AGES)[choice], EMPTY)
    return out


def _qualifying(birth_month: np.ndarray, leaving_age: np.ndarray, when: dt.date) -> np.ndarray:
    """Whether each child qualifies on the first of ``when``'s month: born,
    and not yet past the end of August after their leaving birthday."""
    born = np.asarray(birth_month)
    now = month_index(when)
    leaving_birthday = born + MONTHS_IN_YEAR * np.asarray(leaving_age)
    birthday_year = leaving_birthday // MONTHS_IN_YEAR
    birthday_month = leaving_birthday % MONTHS_IN_YEAR + 1
    end_year = np.where(
        birthday_month <= LAST_MONTH_OF_SCHOOL_YEAR, birthday_year, birthday_year + 1
    )
    # the first month on which the child no longer qualifies: September of end_year
    ends = end_year * MONTHS_IN_YEAR + LAST_MONTH_OF_SCHOOL_YEAR
    return (born >= 0) & (born <= now) & (now < ends)


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
    born = birth_months(rng, "child_birth_month", ids, pop.child_age, pop.date)
    leaving = leaving_ages(rng, "child_leaving_age", ids, pop.child_age, fam)
    return Children(born, leaving, _qualifying(born, leaving, when))


def step(children: Children, when: dt.date) -> ChildChanges:
    """Children on the first of ``when``'s month: those past their leaving
    date stop qualifying (a child never qualifies again)."""
    now = _qualifying(children.birth_month, children.leaving_age, when) & children.qualifying
    aged_out = children.qualifying & ~now
    children.qualifying = now
    return ChildChanges(aged_out=aged_out, families=aged_out.any(axis=1))
