"""Fees and enforcement charges (GB): Child Support Fees Regulations 2014,
SI 2014/612, as amended by SI 2024/87."""

from __future__ import annotations

import numpy as np

from simulator.inputs.parameters import Parameters
from simulator.rules.rounding import round_half_up

# Enforcement actions that carry a charge (codes for int arrays).
NO_ACTION = 0
DEDUCTION_FROM_EARNINGS_ORDER = 1
REGULAR_DEDUCTION_ORDER = 2
LUMP_SUM_DEDUCTION_ORDER = 3
LIABILITY_ORDER = 4
ENFORCEMENT_ACTIONS = (
    "none",
    "deduction_from_earnings_order",
    "regular_deduction_order",
    "lump_sum_deduction_order",
    "liability_order",
)


def paying_parent_collection_fee(
    weekly_liability: np.ndarray,
    days: np.ndarray | int,
    p: Parameters,
    compliant: np.ndarray | bool = False,
) -> np.ndarray:
    """Collection fee a paying parent on Collect and Pay pays on top of the
    maintenance for ``days`` days: 20% of each day's liability (the weekly
    amount divided by 7), per receiving parent, fractions of a penny rounded
    half-up. SI 2014/612, regs. 6-7 (from 11 Aug 2014). Pass the liability per
    receiving parent; the result has the same shape. ``compliant`` (paid in full
    the month before): the compliant rate where a reform makes it lower (in
    current law it equals the 20%)."""
    rates = p.fees.collection
    rate = np.where(
        compliant,
        min(rates.compliant_paying_parent_rate, rates.paying_parent_rate),
        rates.paying_parent_rate,
    )
    daily = np.asarray(weekly_liability, dtype=float) / p.income.days_in_week
    fee_per_day = round_half_up(rate * daily)
    return fee_per_day * np.asarray(days)


def receiving_parent_collection_fee(
    amount_collected: np.ndarray, p: Parameters, domestic_abuse: np.ndarray | bool = False
) -> np.ndarray:
    """Collection fee kept from maintenance collected for a receiving parent on
    Collect and Pay: 4% of the amount, rounded half-up to the penny.
    SI 2014/612, regs. 6 and 8 (from 11 Aug 2014). None where domestic abuse is
    disclosed if a reform waives it (not in current law)."""
    rates = p.fees.collection
    waived = np.asarray(domestic_abuse) & bool(rates.receiving_parent_fee_waived_domestic_abuse)
    fee = round_half_up(rates.receiving_parent_rate * np.asarray(amount_collected))
    return np.where(waived, 0.0, fee)


def enforcement_charge(action: np.ndarray, waived: np.ndarray | bool, p: Parameters) -> np.ndarray:
    """Charge added to what the paying parent owes for an enforcement action
    (codes above): £50 deduction from earnings order, £50 regular deduction order,
    £200 lump sum deduction order, £300 liability order. Waived where reg. 12
    applies (e.g. a re-issued order after a change of employer, several orders
    at once, an order lapsing through CMS error). SI 2014/612, regs. 10 and 12."""
    charges = p.fees.enforcement
    table = np.array(
        [
            0.0,
            charges.deduction_from_earnings_order,
            charges.regular_deduction_order,
            charges.lump_sum_deduction_order,
            charges.liability_order,
        ]
    )
    return np.where(np.asarray(waived, dtype=bool), 0.0, table[np.asarray(action)])


def application_fee(
    applicant_age: np.ndarray, domestic_abuse_reported: np.ndarray, p: Parameters
) -> np.ndarray:
    """Application fee (£20 from 30 Jun 2014 to 25 Feb 2024, nil since), waived
    for applicants under 19 and for those who declare domestic abuse reported to
    an appropriate person. SI 2014/612, regs. 3-4; abolished by SI 2024/87."""
    fee = p.fees.application.fee
    age = np.asarray(applicant_age, dtype=float)
    if fee == 0.0:
        return np.zeros_like(age)
    waived = (age < p.fees.application.waiver_age_below) | np.asarray(
        domestic_abuse_reported, dtype=bool
    )
    return np.where(waived, 0.0, fee)
