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
    "count_slots",
    "initial",
    "leaving_ages",
    "month_index",
    "step",
]

EMPTY = -1
#: The months before the population date's month in which a child of a given
#: whole-year age may have been born (0 to 11 more than 12 times the age).
_OFFSETS = np.arange(MONTHS_IN_YEAR)


def _qualifying_offsets(ages: np.ndarray, leaving: np.ndarray, now) -> np.ndarray:
    """(rows, 12) bool: for each child (``ages`` in month ``now``, a
    :func:`month_index` or one per row; leaving age ``leaving``), the
    birth-month offsets with which it qualifies then."""
    now = np.asarray(now, dtype=np.int64)[..., None] if np.ndim(now) else now
    born = now - MONTHS_IN_YEAR * np.asarray(ages, dtype=np.int64)[..., None] - _OFFSETS
    return qualifies(born, np.asarray(leaving)[..., None], now)


def _rows(now, rows: np.ndarray):
    """``now`` (a month, or one per row) for the rows ``rows``."""
    return now[rows] if np.ndim(now) else now


def _months(date: dt.date, shift: np.ndarray | None, rows: int):
    """The month each row's ages are given in: ``date``'s, ``shift`` months
    later (an entrant's ages are those at its entry)."""
    if shift is None:
        return month_index(date)
    return month_index(date) + np.broadcast_to(np.asarray(shift, dtype=np.int64), (rows,))


def birth_months(
    rng: KeyedRandom,
    name: str,
    ids: np.ndarray,
    ages: np.ndarray,
    date: dt.date,
    leaving_age: np.ndarray | None = None,
    shift: np.ndarray | None = None,
) -> np.ndarray:
    """Months of birth (:func:`month_index`) of children whose whole-year ages
    at ``date`` (``shift`` months later, per row, if given) are ``ages``
    ((rows, slots), -1 where empty), each drawn uniformly among the 12 months
    that give that age (draw ``name``, keyed to ``ids`` and the slot) or,
    given the children's ``leaving_age``, among those of them with which the
    child qualifies then (all 12 under 16)."""
    ages = np.asarray(ages)
    now = _months(date, shift, len(ages))
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
        allowed = _qualifying_offsets(ages[older, k], leaving_age[older, k], _rows(now, older))
        allowed |= ~allowed.any(axis=1, keepdims=True)
        j = np.floor(u[older] * allowed.sum(axis=1)).astype(np.int64)
        offset[older, k] = (np.cumsum(allowed, axis=1) <= j[:, None]).sum(axis=1)
    born = np.reshape(now, (-1, 1)) - MONTHS_IN_YEAR * ages.astype(np.int64) - offset
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
    shift: np.ndarray | None = None,
) -> np.ndarray:
    """The birthday after which each child stops qualifying (one of
    :data:`LEAVING_AGES`; -1 where empty). ``fam``: ``behaviour.family``
    (``education_after_16_share``, ``education_after_18_share``). A child
    of 16 or over (``ages``) qualifies on ``date`` (the population's): its
    leaving age is drawn from the shares given that (each leaving age weighted
    by the months of birth with which the child still qualifies); without a
    ``date``, a child of 16 or over stays on to 18 at least. ``shift``: per
    row, the months after ``date`` the ages are given in (an entrant's
    entry)."""
    ages = np.asarray(ages)
    now = None if date is None else _months(date, shift, len(ages))
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
                        ages[older, k], np.full(int(older.sum()), leaving), _rows(now, older)
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


def _qualifying(
    birth_month: np.ndarray, leaving_age: np.ndarray, entry_month: np.ndarray, when: dt.date
) -> np.ndarray:
    """Whether each child qualifies on the first of ``when``'s month: born,
    not past its leaving date, and its family separated (``entry_month``, a
    :func:`month_index` per family)."""
    now = month_index(when)
    entered = (np.asarray(entry_month) <= now)[:, None]
    return qualifies(birth_month, leaving_age, now) & entered


def count_slots(mask: np.ndarray) -> np.ndarray:
    """(rows,) True slots of a (rows, slots) mask, column by column (cheaper
    than a reduction over the short axis)."""
    out = np.zeros(len(mask), dtype=np.int64)
    for k in range(mask.shape[1]):
        out += mask[:, k]
    return out


@dataclass
class Children(Arrays):
    """The qualifying children of each family (rows: families; columns: the
    population's child slots): month of birth, leaving age and whether they
    qualify this month; per family, the month it separates (``entry_month``,
    a :func:`month_index`: the population date's month for the families
    there then, later for the entrants; before it, none of its children
    qualifies)."""

    birth_month: np.ndarray  # (families, slots) int64, month_index; -1 empty
    leaving_age: np.ndarray  # (families, slots) int64, LEAVING_AGES; -1 empty
    qualifying: np.ndarray  # (families, slots) bool, as of the current month
    entry_month: np.ndarray | None = None  # (families,) int64; None: all there

    def __post_init__(self):
        if self.entry_month is None:
            self.entry_month = np.zeros(len(self.birth_month), dtype=np.int64)

    def ages(self, when: dt.date) -> np.ndarray:
        """Whole-year ages on the first of ``when``'s month (-1 where empty)."""
        return age_years(self.birth_month, when)

    def count(self) -> np.ndarray:
        """(families,) qualifying children this month (counted once a month:
        :func:`step` is what changes them; callers only read the counts)."""
        counted = self.__dict__.get("_counted")
        if counted is None or counted[0] is not self.qualifying:
            counted = (self.qualifying, count_slots(self.qualifying))
            self.__dict__["_counted"] = counted
        return counted[1]


@dataclass(frozen=True)
class ChildChanges:
    """This month's changes: ``aged_out`` (families, slots) bool, the
    children who stopped qualifying this month; ``families`` (families,)
    bool, the families with any; ``entered`` (families,) bool, the families
    who separated this month (entrants whose children now qualify)."""

    aged_out: np.ndarray
    families: np.ndarray
    entered: np.ndarray | None = None


def initial(pop, rng: KeyedRandom, fam, when: dt.date) -> Children:
    """The families' qualifying children as synthesised (ages at the
    population date, or for an entrant at its entry, ``pop.enters`` months
    later), qualifying on ``when``."""
    ids = pop.family_id.astype(np.int64)
    shift = pop.enters.astype(np.int64)
    leaving = leaving_ages(rng, "child_leaving_age", ids, pop.child_age, fam, pop.date, shift)
    born = birth_months(rng, "child_birth_month", ids, pop.child_age, pop.date, leaving, shift)
    entry = month_index(pop.date) + shift
    return Children(born, leaving, _qualifying(born, leaving, entry, when), entry)


def step(children: Children, when: dt.date) -> ChildChanges:
    """Children on the first of ``when``'s month: those past their leaving
    date stop qualifying (a child never qualifies again: the rule is
    monotone once born), which happens only on the first of September; an
    entrant's children start qualifying in its month of entry. In other
    months only the entrants of the month are looked at."""
    children.__dict__.pop("_counted", None)  # the qualifying children change here
    now_month = month_index(when)
    entering = children.entry_month == now_month
    rows = np.flatnonzero(entering)
    # (the families there at the population date qualify already)
    before = children.qualifying[rows].any(axis=1)
    if when.month != LAST_MONTH_OF_SCHOOL_YEAR + 1:
        if rows.size:
            children.qualifying[rows] = qualifies(
                children.birth_month[rows], children.leaving_age[rows], now_month
            )
        nobody = np.zeros_like(children.qualifying)
        entered = np.zeros(len(nobody), dtype=bool)
        entered[rows] = ~before & children.qualifying[rows].any(axis=1)
        return ChildChanges(aged_out=nobody, families=np.zeros(len(nobody), bool), entered=entered)
    now = _qualifying(children.birth_month, children.leaving_age, children.entry_month, when)
    aged_out = children.qualifying & ~now
    entered = np.zeros(len(now), dtype=bool)
    entered[rows] = ~before & now[rows].any(axis=1)
    children.qualifying = now
    return ChildChanges(aged_out=aged_out, families=aged_out.any(axis=1), entered=entered)
