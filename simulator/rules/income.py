"""Gross weekly income: weekly conversion, historic and current income, the
25% tolerance and the cap (SI 2012/2677 Part 4 Chapter 1; CSA 1991 Sch. 1
para. 10(3)). Pure functions of numpy arrays and a Parameters snapshot."""

from __future__ import annotations

import numpy as np

from simulator.inputs.parameters import Parameters

#: Floating-point slack (in £ a week) when testing the 25% tolerance, so that a
#: change of exactly 25% computed through 7/365 conversions still counts.
_TOLERANCE_SLACK = 1e-9


def weekly_from_annual(amount_annual: np.ndarray, p: Parameters) -> np.ndarray:
    """An annual figure as a weekly one: divided by 365 and multiplied by 7.

    SI 2012/2677, reg. 35(1) (historic income); the same conversion is used for
    unearned and notional income (regs. 69, 69A).
    """
    return np.asarray(amount_annual, dtype=float) * (p.income.days_in_week / p.income.days_in_year)


def annual_from_weekly(amount_weekly: np.ndarray, p: Parameters) -> np.ndarray:
    """The inverse of :func:`weekly_from_annual`."""
    return np.asarray(amount_weekly, dtype=float) * (p.income.days_in_year / p.income.days_in_week)


def gross_weekly_income_less_pension(
    income_annual: np.ndarray, pension_contributions_annual: np.ndarray, p: Parameters
) -> np.ndarray:
    """An annual income less the relievable pension contributions the paying
    parent has evidenced, never below nil, as a weekly amount (divided by 365,
    times 7). SI 2012/2677, reg. 35(1) and (3)."""
    taxable = np.asarray(income_annual, dtype=float) - np.asarray(
        pension_contributions_annual, dtype=float
    )
    return weekly_from_annual(np.maximum(taxable, 0.0), p)


def historic_gross_weekly_income(
    hmrc_figure_annual: np.ndarray, pension_contributions_annual: np.ndarray, p: Parameters
) -> np.ndarray:
    """Historic income: the HMRC figure for the latest available tax year, less
    relievable pension contributions the paying parent has evidenced, as a
    weekly amount. SI 2012/2677, regs. 35-36 (reg. 35(3) for pensions)."""
    return gross_weekly_income_less_pension(hmrc_figure_annual, pension_contributions_annual, p)


def current_gross_weekly_income(
    employment_income_annual: np.ndarray, pension_contributions_annual: np.ndarray, p: Parameters
) -> np.ndarray:
    """Current income from employment (SI 2012/2677, regs. 37-38) as a weekly
    amount, less relievable pension contributions as for historic income
    (reg. 35(3)): the model's reading, so that a change between the two
    figures is a change of pay, not of how pensions are counted."""
    return gross_weekly_income_less_pension(
        employment_income_annual, pension_contributions_annual, p
    )


def differs_by_tolerance(
    new_weekly: np.ndarray, reference_weekly: np.ndarray, p: Parameters
) -> np.ndarray:
    """True where ``new_weekly`` differs from ``reference_weekly`` by at least the
    tolerance share (25%) of the reference; a nil reference with a positive new
    income always counts. SI 2012/2677, regs. 23, 34(2)(a) and 34(2A)."""
    new = np.asarray(new_weekly, dtype=float)
    reference = np.asarray(reference_weekly, dtype=float)
    threshold = p.income.change_tolerance * reference
    return np.where(reference > 0, np.abs(new - reference) >= threshold - _TOLERANCE_SLACK, new > 0)


def current_income_applies(
    historic_weekly: np.ndarray,
    current_weekly: np.ndarray,
    historic_available: np.ndarray,
    p: Parameters,
) -> np.ndarray:
    """Whether current income is used instead of historic income: it differs by
    at least 25%, or no historic figure is available. SI 2012/2677, reg. 34(2)."""
    return ~np.asarray(historic_available, dtype=bool) | differs_by_tolerance(
        current_weekly, historic_weekly, p
    )


def income_change_is_relevant(
    income_in_use_weekly: np.ndarray, current_weekly: np.ndarray, p: Parameters
) -> np.ndarray:
    """Whether a change of income between annual reviews alters the calculation:
    only if current income differs from the income in use by at least 25%.
    SI 2012/2677, reg. 23 (a smaller change waits for the annual review, regs. 19-20)."""
    return differs_by_tolerance(current_weekly, income_in_use_weekly, p)


def capped_gross_weekly_income(gross_weekly_income: np.ndarray, p: Parameters) -> np.ndarray:
    """Gross weekly income with anything above the capped amount ignored.
    CSA 1991, Sch. 1, para. 10(3); SI 2012/2677, reg. 2."""
    return np.minimum(np.asarray(gross_weekly_income, dtype=float), p.income.capped_amount)
