"""Who is a qualifying child, by date: the statute's ages as a rule on months.

A *qualifying child* is a child under 16, or under 20 in full-time
non-advanced education or approved training (Child Support Act 1991 s. 55;
Child Support Maintenance Calculation Regulations 2012 reg. 76, which follow
Child Benefit's definition: Child Benefit (General) Regulations 2006 regs. 3
and 7, the terminal dates). Modelled on whole months: a child stops
qualifying at the end of August (the end of the school year, the terminal
date) after a *leaving birthday*: the 16th for a child who does not stay on in
education, the 18th for one who stays to the end of upper-secondary
education, the 19th for one who stays a year more (:data:`LEAVING_AGES`).
The population (ages at its date) and the dynamics (children growing older)
both use this rule.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

__all__ = [
    "LAST_MONTH_OF_SCHOOL_YEAR",
    "LEAVING_AGES",
    "MONTHS_IN_YEAR",
    "leaving_age_shares",
    "month_index",
    "qualifies",
    "qualifying_share_by_age",
]

#: The birthdays after which a child stops qualifying at the end of August:
#: not staying on in education; staying to the end of upper-secondary
#: education; staying a year more (the statute's limit is the 20th birthday).
LEAVING_AGES = (16, 18, 19)
#: August: a child leaves qualifying status at the end of it (the school year).
LAST_MONTH_OF_SCHOOL_YEAR = 8
MONTHS_IN_YEAR = 12


def month_index(when: dt.date) -> int:
    """Months since year 0 (January of year 0 is 0): the calendar as integers."""
    return when.year * MONTHS_IN_YEAR + when.month - 1


def qualifies(birth_month, leaving_age, now: int) -> np.ndarray:
    """Whether each child (months of birth, :func:`month_index`; -1 for no
    child) qualifies on the first of month ``now`` (a :func:`month_index`):
    born, and not yet past the end of August after their leaving birthday."""
    born = np.asarray(birth_month)
    leaving_birthday = born + MONTHS_IN_YEAR * np.asarray(leaving_age)
    birthday_year = leaving_birthday // MONTHS_IN_YEAR
    birthday_month = leaving_birthday % MONTHS_IN_YEAR + 1
    end_year = np.where(
        birthday_month <= LAST_MONTH_OF_SCHOOL_YEAR, birthday_year, birthday_year + 1
    )
    # the first month on which the child no longer qualifies: September of end_year
    ends = end_year * MONTHS_IN_YEAR + LAST_MONTH_OF_SCHOOL_YEAR
    return (born >= 0) & (born <= now) & (now < ends)


def leaving_age_shares(stay_16: float, stay_19: float) -> np.ndarray:
    """The shares of children with each of :data:`LEAVING_AGES`: ``stay_16``
    stay on in education after 16; of those, ``stay_19`` stay a year past 18."""
    return np.array([1 - stay_16, stay_16 * (1 - stay_19), stay_16 * stay_19])


def qualifying_share_by_age(date: dt.date, stay_16: float, stay_19: float) -> np.ndarray:
    """For each whole-year age 0-19 on ``date``, the share of children of that
    age who qualify then (months of birth spread evenly over the 12 that give
    the age; leaving ages in the shares of :func:`leaving_age_shares`): one
    under 16, less from 16 as the terminal dates pass."""
    ages = np.arange(LEAVING_AGES[-1] + 1)
    offsets = np.arange(MONTHS_IN_YEAR)
    now = month_index(date)
    born = now - MONTHS_IN_YEAR * ages[:, None, None] - offsets[None, :, None]
    q = qualifies(born, np.asarray(LEAVING_AGES)[None, None, :], now)
    return (q * leaving_age_shares(stay_16, stay_19)).sum(axis=2).mean(axis=1)
