"""Income rules the monthly dynamics will call (historic vs current income, the
25% tolerance), collection fees, enforcement charges, the application fee and
penny rounding — as tables of cases a policy reviewer can check."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.inputs.parameters import load_parameters
from simulator.rules import fees, income
from simulator.rules.rounding import round_half_up, round_shares

PARAMS = load_parameters()
NOW = PARAMS.at("2026-04-01")


@pytest.mark.parametrize(
    ("annual", "weekly", "why"),
    [
        (36500, 700.00, "36,500 / 365 x 7"),
        (26000, 498.63, "26,000 / 365 x 7 = 498.630..."),
        (0, 0.0, "nil"),
    ],
)
def test_weekly_from_annual(annual, weekly, why):
    assert round_half_up(income.weekly_from_annual(annual, NOW)) == pytest.approx(weekly), why


def test_historic_income_deducts_evidenced_pension_contributions():
    # reg 35(3): HMRC figure 30,000 less 2,000 relief-at-source contributions
    got = income.historic_gross_weekly_income(np.array([30000.0]), np.array([2000.0]), NOW)
    assert got[0] == pytest.approx(28000 / 365 * 7)


TOLERANCE_CASES = [
    # (income in use £/wk, new current income £/wk, relevant?, why)
    (400.0, 500.0, True, "up by exactly 25%"),
    (400.0, 499.99, False, "up by just under 25%"),
    (400.0, 300.0, True, "down by exactly 25%"),
    (400.0, 300.01, False, "down by just under 25%"),
    (400.0, 0.0, True, "income lost"),
    (0.0, 50.0, True, "nil historic income, positive current income (reg 34(2A))"),
    (0.0, 0.0, False, "still nil"),
]


@pytest.mark.parametrize(
    ("in_use", "new", "relevant", "why"), TOLERANCE_CASES, ids=[c[3] for c in TOLERANCE_CASES]
)
def test_twenty_five_percent_tolerance(in_use, new, relevant, why):
    assert (
        bool(income.income_change_is_relevant(np.array([in_use]), np.array([new]), NOW)[0])
        is relevant
    ), why


def test_twenty_five_percent_holds_through_annual_conversion():
    # £26,000 a year historic; current £32,500 a year is exactly 25% more.
    historic = income.weekly_from_annual(26000.0, NOW)
    current = income.weekly_from_annual(32500.0, NOW)
    assert income.income_change_is_relevant(historic, current, NOW)


@pytest.mark.parametrize(
    ("historic", "current", "available", "use_current", "why"),
    [
        (400.0, 450.0, True, False, "12.5% difference: historic income"),
        (400.0, 520.0, True, True, "30% difference: current income"),
        (400.0, 400.0, False, True, "no HMRC figure: current income"),
    ],
)
def test_current_income_applies(historic, current, available, use_current, why):
    got = income.current_income_applies(
        np.array([historic]), np.array([current]), np.array([available]), NOW
    )
    assert bool(got[0]) is use_current, why


def test_cap():
    got = income.capped_gross_weekly_income(np.array([2999.99, 3000.0, 4500.0]), NOW)
    np.testing.assert_array_equal(got, [2999.99, 3000.0, 3000.0])


COLLECTION_FEE_CASES = [
    # (date, weekly liability £, days, paying-parent fee £, why)
    ("2026-04-01", 70.00, 7, 14.00, "20% of £10 a day = £2 a day"),
    ("2026-04-01", 36.00, 7, 7.21, "20% of 36/7 = 1.02857 -> £1.03 a day x 7"),
    ("2026-04-01", 36.00, 30, 30.90, "£1.03 a day for a 30-day month"),
    ("2014-08-10", 70.00, 7, 0.00, "before collection fees began"),
]


@pytest.mark.parametrize(
    ("date", "weekly", "days", "fee", "why"),
    COLLECTION_FEE_CASES,
    ids=[c[4] for c in COLLECTION_FEE_CASES],
)
def test_paying_parent_collection_fee(date, weekly, days, fee, why):
    got = fees.paying_parent_collection_fee(np.array([weekly]), days, PARAMS.at(date))
    assert got[0] == pytest.approx(fee), why


def test_paying_parent_fee_is_per_receiving_parent():
    # Two receiving parents of £18 each: 20% of 18/7 = 0.5143 -> 0.51 each per day.
    got = fees.paying_parent_collection_fee(np.array([[18.0, 18.0]]), 7, NOW)
    np.testing.assert_allclose(got, [[3.57, 3.57]])


@pytest.mark.parametrize(
    ("collected", "fee", "why"),
    [
        (100.0, 4.00, "4% of £100"),
        (36.0, 1.44, "4% of £36"),
        (12.5, 0.50, "4% of 12.50 = 0.50"),
        (0.125 * 100, 0.5, "exact"),
        (10.63, 0.43, "0.4252 -> 0.43"),
    ],
)
def test_receiving_parent_collection_fee(collected, fee, why):
    assert fees.receiving_parent_collection_fee(np.array([collected]), NOW)[0] == pytest.approx(
        fee
    ), why


def test_enforcement_charges():
    actions = np.array(
        [
            fees.NO_ACTION,
            fees.DEDUCTION_FROM_EARNINGS_ORDER,
            fees.REGULAR_DEDUCTION_ORDER,
            fees.LUMP_SUM_DEDUCTION_ORDER,
            fees.LIABILITY_ORDER,
            fees.DEDUCTION_FROM_EARNINGS_ORDER,
        ]
    )
    waived = np.array([False, False, False, False, False, True])
    np.testing.assert_array_equal(
        fees.enforcement_charge(actions, waived, NOW), [0, 50, 50, 200, 300, 0]
    )
    before = PARAMS.at("2014-01-01")
    assert fees.enforcement_charge(np.array([fees.LIABILITY_ORDER]), False, before)[0] == 0


@pytest.mark.parametrize(
    ("date", "age", "abuse", "fee", "why"),
    [
        ("2020-01-01", 30, False, 20, "£20 fee in 2020"),
        ("2020-01-01", 18, False, 0, "waived under 19"),
        ("2020-01-01", 30, True, 0, "waived for domestic abuse"),
        ("2024-02-26", 30, False, 0, "abolished from 26 Feb 2024"),
        ("2014-06-29", 30, False, 0, "not yet introduced"),
    ],
)
def test_application_fee(date, age, abuse, fee, why):
    got = fees.application_fee(np.array([age]), np.array([abuse]), PARAMS.at(date))
    assert got[0] == fee, why


def test_round_half_up():
    np.testing.assert_array_equal(
        round_half_up(np.array([0.125, 0.135, 24.495, 1.004999])), [0.13, 0.14, 24.50, 1.00]
    )


@pytest.mark.parametrize(
    ("exact", "total", "shares", "why"),
    [
        ([7 / 3, 7 / 3, 7 / 3], 7.00, [2.34, 2.33, 2.33], "£7 three ways: one penny up"),
        (
            [1.005, 1.005, 1.005, 0.0],
            3.02,
            [1.01, 1.01, 1.00, 0.0],
            "halves round up but the total is 3.015 -> 3.02: one share gives a penny back",
        ),
        ([10.0, 5.0], 15.00, [10.00, 5.00], "nothing to adjust"),
    ],
)
def test_round_shares_add_up(exact, total, shares, why):
    exact_array = np.array([exact]).T  # one case; receiving parents first
    got_total, got_shares = round_shares(exact_array, exact_array > 0)
    assert got_total[0] == pytest.approx(total), why
    np.testing.assert_allclose(got_shares[:, 0], shares, err_msg=why)
