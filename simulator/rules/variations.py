"""Variations: additional income added to, and special expenses deducted from,
gross weekly income (CSA 1991 ss. 28A-28G, Sch. 4B; SI 2012/2677 Part 5)."""

from __future__ import annotations

import numpy as np

from simulator.inputs.parameters import Parameters
from simulator.rules.income import weekly_from_annual


def unearned_income_weekly(unearned_income_annual: np.ndarray, p: Parameters) -> np.ndarray:
    """Unearned income (property, savings, dividends, miscellaneous) of at least
    £2,500 a year, as a weekly amount; below the threshold, nothing.
    SI 2012/2677, reg. 69."""
    annual = np.asarray(unearned_income_annual, dtype=float)
    threshold = p.variations.unearned_income.threshold_annual
    return np.where(annual >= threshold, weekly_from_annual(annual, p), 0.0)


def notional_income_from_assets_weekly(assets: np.ndarray, p: Parameters) -> np.ndarray:
    """Notional income from assets: if their value exceeds £31,250, the whole
    value is treated as yielding 8% a year, as a weekly amount.
    SI 2012/2677, reg. 69A (from 13 Dec 2018; before that, nothing)."""
    value = np.asarray(assets, dtype=float)
    ground = p.variations.notional_income_from_assets
    if not ground.available:
        return np.zeros_like(value)
    return np.where(
        value > ground.asset_threshold, weekly_from_annual(value * ground.yield_annual, p), 0.0
    )


def lifestyle_income_allowed_weekly(deemed_income_weekly: np.ndarray, p: Parameters) -> np.ndarray:
    """Income brought in under a lifestyle-inconsistent-income ground, where such
    a ground is in force (a reform; none in the 2012 scheme, SI 2012/2677 Part 5):
    the deemed weekly income the variation decision establishes."""
    deemed = np.asarray(deemed_income_weekly, dtype=float)
    if not p.variations.lifestyle_income.available:
        return np.zeros_like(deemed)
    return np.maximum(deemed, 0.0)


def diverted_income_allowed_weekly(diverted_income_weekly: np.ndarray, p: Parameters) -> np.ndarray:
    """Income the paying parent has diverted to another person or purpose (a
    partner, relative or company) so as to reduce their liability, brought in
    by a variation: the weekly amount diverted, added to gross weekly income
    (SI 2012/2677, reg. 71; no threshold; the cap still applies, reg. 73)."""
    return np.maximum(np.asarray(diverted_income_weekly, dtype=float), 0.0)


def flat_rate_income_variation_applies(
    flat_rate_benefit: np.ndarray, income_weekly: np.ndarray, p: Parameters
) -> np.ndarray:
    """Whether a variation displaces a benefit-based flat rate: the paying parent
    is on the flat rate because of a benefit (CSA 1991 Sch. 1 para. 4(1)(b)-(c))
    and has gross weekly income over £100 (SI 2012/2677, reg. 70, "equal to or"
    removed by SI 2013/1654). The calculation then uses that income at the
    ordinary rates; at £100 or less the flat rate stands."""
    income = np.asarray(income_weekly, dtype=float)
    threshold = p.variations.flat_rate_with_income.threshold_weekly
    return np.asarray(flat_rate_benefit, dtype=bool) & (income > threshold)


def special_expenses_allowed_weekly(expenses_weekly: np.ndarray, p: Parameters) -> np.ndarray:
    """Special expenses that count: the whole weekly amount once it reaches the
    £10 threshold, otherwise nothing. SI 2012/2677, regs. 63-68.

    Open point (cms-rules.md §2.2, §8.3): reg. 68 was not read. Documented
    choice, following the CMS leaflet: the whole amount is deducted once it is
    at least £10, not only the excess over £10.
    """
    expenses = np.asarray(expenses_weekly, dtype=float)
    return np.where(expenses >= p.variations.special_expenses.threshold_weekly, expenses, 0.0)


def income_after_variations(
    gross_weekly_income: np.ndarray,
    additional_income_weekly: np.ndarray,
    special_expenses_weekly: np.ndarray,
    p: Parameters,
) -> np.ndarray:
    """Gross weekly income used in the calculation: actual income plus
    additional income less allowed special expenses, then capped, never below 0.

    SI 2012/2677, reg. 72(1)-(2) (expenses come off *actual* income when the cap
    is in use, so the result is min(cap, actual - expenses)) and reg. 73
    (additional income is added; the total stays within the cap).
    """
    varied = (
        np.asarray(gross_weekly_income, dtype=float)
        + np.asarray(additional_income_weekly, dtype=float)
        - np.asarray(special_expenses_weekly, dtype=float)
    )
    return np.maximum(np.minimum(varied, p.income.capped_amount), 0.0)
