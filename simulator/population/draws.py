"""The shapes the synthesis draws from, and draws several sections share.

Counts follow a one-parameter truncated geometric shape fitted to a published
mean; money amounts are lognormal around a median; a share known for a whole
group is split between two sub-groups with a given odds ratio. Earnings are
scaled from ASHE (April 2025) to the population date (:func:`pay_scale`).
A new partner and the children of a new relationship are drawn the same way
for receiving and paying parents. Every draw is keyed (name and id), so the
order the sections run in never changes a value.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
from scipy import optimize

from simulator.population.frame import ADULT_AGES, MAX_OTHER_CHILDREN
from simulator.randomness import KeyedRandom

__all__ = [
    "ASHE_REFERENCE",
    "DAYS_IN_YEAR",
    "WEEKS_IN_YEAR",
    "PayScale",
    "age_years",
    "lognormal",
    "new_partner",
    "pay_scale",
    "shares_for",
    "truncated_geometric",
    "younger_children",
]

WEEKS_IN_YEAR = 52
DAYS_IN_YEAR = 365.25
ASHE_REFERENCE = dt.date(2025, 4, 15)  # ASHE survey reference date, April 2025


def truncated_geometric(mean: float, largest: int) -> np.ndarray:
    """Probabilities of 1..largest proportional to r^(k-1), with r chosen so
    that the mean is ``mean`` (a one-parameter shape for counts)."""
    k = np.arange(1, largest + 1)
    if mean <= 1.0:
        probs = np.zeros(largest)
        probs[0] = 1.0
        return probs

    def gap(r: float) -> float:
        w = r ** (k - 1)
        return float((k * w).sum() / w.sum() - mean)

    upper = 1.0
    while gap(upper) < 0:
        upper *= 2
    r = optimize.brentq(gap, 1e-9, upper)
    w = r ** (k - 1)
    return w / w.sum()


def lognormal(median: np.ndarray | float, sd_log: float, z: np.ndarray) -> np.ndarray:
    """Lognormal amounts around ``median`` from standard normal draws ``z``."""
    return np.asarray(median, dtype=float) * np.exp(sd_log * z)


def _odds_scaled(p: float, multiplier: float) -> float:
    odds = p / (1 - p) * multiplier
    return odds / (1 + odds)


def shares_for(base_share: float, multiplier: float, weight_a: float) -> tuple[float, float]:
    """Probabilities (a, b) with odds(a) = multiplier x odds(b) and the
    weighted mean weight_a*a + (1-weight_a)*b equal to ``base_share``."""

    def gap(pb: float) -> float:
        return weight_a * _odds_scaled(pb, multiplier) + (1 - weight_a) * pb - base_share

    pb = optimize.brentq(gap, 1e-9, 1 - 1e-9)
    return _odds_scaled(pb, multiplier), pb


def age_years(days: np.ndarray) -> np.ndarray:
    """A number of days in years (of 365.25 days)."""
    return np.asarray(days) / DAYS_IN_YEAR


@dataclass(frozen=True)
class PayScale:
    """Earnings levels on the population date: ASHE's full-time median uprated
    by earnings growth (``uprating``), its hourly equivalent, the part- and
    full-time weekly hours and the National Living Wage (hourly)."""

    uprating: float
    ashe_annual: float
    ashe_hourly: float
    part_time_hours: float
    full_time_hours: float
    minimum_wage: float


def pay_scale(econ, p, date: dt.date) -> PayScale:
    """The earnings levels on ``date`` from the economy assumptions ``econ``
    and the parameters ``p`` in force."""
    uprating = (1 + econ.earnings_growth_annual) ** age_years((date - ASHE_REFERENCE).days)
    ashe_annual = econ.ashe_median_full_time_annual * uprating
    part_time_hours, full_time_hours = econ.hours
    ashe_hourly = ashe_annual / (WEEKS_IN_YEAR * full_time_hours)
    minimum_wage = p.minimum_wage.national_living_wage
    return PayScale(
        uprating, ashe_annual, ashe_hourly, part_time_hours, full_time_hours, minimum_wage
    )


def new_partner(
    rng: KeyedRandom,
    role: str,
    ids: np.ndarray,
    has_partner: np.ndarray,
    own_age: np.ndarray,
    age_gap_mean: float,
    age_gap_sd: float,
    employment_rate: float,
    median_pay_annual: float,
    pay_sd_log: float,
    lowest_pay_annual: float,
    step: int = 0,
) -> tuple[np.ndarray, np.ndarray]:
    """Age (-1 without a partner) and annual earnings of a parent's new partner;
    ``role`` ("rp" or "pp") names the draws, ``step`` their step (the month, for
    partners met during a run). Earnings are lognormal around the median, at
    least part-time pay at the minimum wage, for partners in work."""
    age = np.where(
        has_partner,
        np.clip(
            own_age + age_gap_mean + age_gap_sd * rng.normal(f"{role}_partner_age", ids, step),
            *ADULT_AGES,
        ),
        -1,
    )
    earnings = np.where(
        has_partner & rng.bernoulli(f"{role}_partner_working", ids, employment_rate, step),
        np.maximum(
            lognormal(median_pay_annual, pay_sd_log, rng.normal(f"{role}_partner_pay", ids, step)),
            lowest_pay_annual,
        ),
        0.0,
    )
    return age, earnings


def younger_children(
    rng: KeyedRandom, name: str, ids: np.ndarray, below: np.ndarray, count: np.ndarray
) -> np.ndarray:
    """Ages of up to MAX_OTHER_CHILDREN children, each younger than the one
    before, the first younger than ``below``; -1 for empty slots."""
    ages = np.full((len(ids), MAX_OTHER_CHILDREN), -1, dtype=np.int8)
    previous = np.asarray(below, dtype=float)
    for k in range(MAX_OTHER_CHILDREN):
        age = np.floor(previous * rng.uniform(name, ids, step=k))
        ages[:, k] = np.where(k < np.asarray(count), age, -1)
        previous = age
    return ages
