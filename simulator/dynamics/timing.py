"""Months and hazards: the calendar of a run, and the register's annual
probabilities and mean delays turned into chances per month."""

from __future__ import annotations

import calendar
import datetime as dt

import numpy as np

__all__ = [
    "DAYS_IN_WEEK",
    "MONTHS_IN_YEAR",
    "add_months",
    "days_in_month",
    "month_starts",
    "monthly_completion",
    "per_month",
    "per_month_within",
]

MONTHS_IN_YEAR = 12
DAYS_IN_WEEK = 7


def per_month(probability_per_year: float | np.ndarray) -> np.ndarray:
    """A probability per year as one per month: 1 - (1 - a)^(1/12)."""
    return 1.0 - (1.0 - np.asarray(probability_per_year, dtype=float)) ** (1 / MONTHS_IN_YEAR)


def per_month_within(probability: float, months: float) -> float:
    """The monthly hazard that reaches ``probability`` within ``months``."""
    return 1.0 - (1.0 - probability) ** (1 / max(months, 1e-9))


def monthly_completion(mean_delay_months: float) -> float:
    """Probability per month that something with a geometric delay of mean
    ``mean_delay_months`` (in whole months, 0 = this month) completes."""
    return 1.0 / (1.0 + max(mean_delay_months, 0.0))


def add_months(when: dt.date, months: int) -> dt.date:
    """The first of the month ``months`` after (or before) ``when``'s month."""
    index = when.year * MONTHS_IN_YEAR + when.month - 1 + months
    return dt.date(index // MONTHS_IN_YEAR, index % MONTHS_IN_YEAR + 1, 1)


def month_starts(start: dt.date, months: int) -> list[dt.date]:
    """The first day of ``months`` consecutive months from ``start``'s."""
    out, year, month = [], start.year, start.month
    for _ in range(months):
        out.append(dt.date(year, month, 1))
        month += 1
        if month > MONTHS_IN_YEAR:
            year, month = year + 1, 1
    return out


def days_in_month(when: dt.date) -> int:
    return calendar.monthrange(when.year, when.month)[1]
