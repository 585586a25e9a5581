"""Taxes, benefits and HBAI income, as tables of hand-worked cases."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.inputs.parameters import load_parameters
from simulator.rules.taxben import (
    PRIVATE_RENT,
    SOCIAL_RENT,
    Households,
    child_benefit_annual,
    equivalence_scale,
    high_income_child_benefit_charge,
    household_incomes,
    income_tax_annual,
    national_insurance_annual,
    poverty_line_weekly,
)
from tests.rules.households import household as one_household

PARAMS = load_parameters()
Y2425, Y2526, Y2627 = (PARAMS.at(d) for d in ("2024-10-01", "2025-10-01", "2026-10-01"))


INCOME_TAX = [
    # (year, income, Scottish, tax, working)
    (Y2526, 25_000, False, 2_486.00, "(25,000 - 12,570) x 20%"),
    (Y2526, 60_000, False, 11_432.00, "37,700 x 20% + 9,730 x 40%"),
    (Y2526, 110_000, False, 33_432.00, "PA 7,570; 37,700 x 20% + 64,730 x 40%"),
    (Y2526, 150_000, False, 53_703.00, "no PA; 7,540 + 87,440 x 40% + 24,860 x 45%"),
    (Y2627, 30_000, True, 3_451.07, "19% x 3,967 + 20% x 12,989 + 21% x 474"),
    (Y2425, 30_000, True, 3_497.33, "19% x 2,306 + 20% x 11,685 + 21% x 3,439"),
    (Y2526, 12_570, False, 0.0, "within the personal allowance"),
]


@pytest.mark.parametrize(
    ("p", "income", "scottish", "tax", "why"), INCOME_TAX, ids=[c[4] for c in INCOME_TAX]
)
def test_income_tax(p, income, scottish, tax, why):
    assert income_tax_annual(np.array([income]), np.array([scottish]), p)[0] == pytest.approx(
        tax, abs=0.01
    ), why


@pytest.mark.parametrize(
    ("employment", "profit", "ni", "why"),
    [
        (25_000, 0, 994.40, "8% x 12,430"),
        (60_000, 0, 3_210.60, "8% x 37,700 + 2% x 9,730"),
        (0, 30_000, 1_045.80, "Class 4: 6% x 17,430"),
        (0, 10_000, 0.0, "below the profits limit"),
    ],
)
def test_national_insurance(employment, profit, ni, why):
    got = national_insurance_annual(np.array([employment]), np.array([profit]), Y2526)
    assert got[0] == pytest.approx(ni, abs=0.01), why


def test_child_benefit_and_the_high_income_charge():
    cb = child_benefit_annual(np.array([0, 1, 3]), Y2627)
    np.testing.assert_allclose(cb, [0, 27.05 * 52, (27.05 + 2 * 17.90) * 52])
    incomes = np.array([60_000, 60_199, 60_200, 70_000, 80_000, 95_000])
    charge = high_income_child_benefit_charge(np.full(6, 1000.0), incomes, Y2627)
    np.testing.assert_allclose(charge, [0, 0, 10, 500, 1000, 1000])


def household(**kw) -> Households:
    """One household (tests/rules/households.py) with this table's defaults."""
    return one_household(**{"eligible_rent_cap_monthly": 10_000.0, **kw})


UNIVERSAL_CREDIT = [
    # (year, when, household, monthly UC, working)
    (
        Y2526,
        dt.date(2025, 10, 1),
        household(child_ages=[10, 5, 2]),
        400.14 + 339.00 + 292.81,
        "two-child limit: eldest born before April 2017 (higher rate) plus one more",
    ),
    (
        Y2627,
        dt.date(2026, 10, 1),
        household(child_ages=[10, 5, 2]),
        424.90 + 351.88 + 2 * 303.94,
        "limit abolished from April 2026: all three children",
    ),
    (Y2627, dt.date(2026, 10, 1), household(age_1=23), 338.58, "single under 25, no children"),
    (
        Y2627,
        dt.date(2026, 10, 1),
        household(child_ages=[12, 10, 6, 3], tenure=SOCIAL_RENT, rent_monthly=900.0),
        424.90
        + 351.88
        + 3 * 303.94
        + 900
        - (424.90 + 351.88 + 3 * 303.94 + 900 + (27.05 + 3 * 17.90) * 52 / 12 - 22_020 / 12),
        "benefit cap: awards above £1,835 a month including Child Benefit are cut",
    ),
    (
        Y2526,
        dt.date(2025, 10, 1),
        household(
            child_ages=[4, 7],
            employment_income_1=25_000,
            tenure=PRIVATE_RENT,
            rent_monthly=800.0,
            eligible_rent_cap_monthly=750.0,
        ),
        400.14 + 2 * 292.81 + 750 - 0.55 * ((25_000 - 2_486 - 994.40) / 12 - 411),
        "worked example in tax-benefit-hbai.md §7.3 (LHA-capped rent, lower work allowance)",
    ),
    (
        Y2526,
        dt.date(2025, 10, 1),
        household(child_ages=[4], employment_income_1=60_000),
        0.0,
        "tapered away",
    ),
    (
        Y2526,
        dt.date(2025, 10, 1),
        household(child_ages=[4], takes_up_benefits=False),
        0.0,
        "does not claim",
    ),
]


@pytest.mark.parametrize(
    ("p", "when", "hh", "monthly", "why"), UNIVERSAL_CREDIT, ids=[c[4] for c in UNIVERSAL_CREDIT]
)
def test_universal_credit(p, when, hh, monthly, why):
    got = household_incomes(hh, p, when).universal_credit[0] / 12
    assert got == pytest.approx(monthly, abs=0.01), why


def test_benefit_cap_does_not_apply_above_the_earnings_exception():
    hh = household(
        child_ages=[12, 10, 6, 3],
        tenure=SOCIAL_RENT,
        rent_monthly=900.0,
        employment_income_1=14_000,
    )
    result = household_incomes(hh, Y2627, dt.date(2026, 10, 1))
    assert result.benefit_cap_reduction[0] == 0


def test_hbai_income_before_and_after_housing_costs():
    hh = household(
        child_ages=[4, 7],
        employment_income_1=25_000,
        tenure=PRIVATE_RENT,
        rent_monthly=800.0,
        eligible_rent_cap_monthly=750.0,
        council_tax_annual=1_000.0,
    )
    r = household_incomes(hh, Y2526, dt.date(2025, 10, 1))
    # PolicyEngine gives 35,627.14 including the £150 Warm Home Discount (tax-benefit-hbai.md §7.3)
    assert r.warm_home_discount[0] == 150
    assert r.net_income_bhc[0] + r.council_tax[0] == pytest.approx(35_627.14, abs=0.01)
    assert r.net_income_ahc[0] == pytest.approx(r.net_income_bhc[0] - 9_600)
    assert (r.equivalence_bhc[0], r.equivalence_ahc[0]) == pytest.approx((1.07, 0.98))


def test_negative_income_is_reset_to_zero_before_housing_costs():
    hh = household(
        self_employment_income_1=-5_000.0,
        takes_up_benefits=False,
        tenure=SOCIAL_RENT,
        rent_monthly=500.0,
    )
    r = household_incomes(hh, Y2526, dt.date(2025, 10, 1))
    assert r.net_income_bhc[0] == 0
    assert r.net_income_ahc[0] == -6_000


@pytest.mark.parametrize(
    ("adults", "ages", "bhc", "ahc"),
    [(1, [], 0.67, 0.58), (2, [], 1.00, 1.00), (2, [15], 1.33, 1.42), (1, [4, 7], 1.07, 0.98)],
)
def test_equivalence_scales(adults, ages, bhc, ahc):
    child_ages = np.full((1, 3), -1)
    child_ages[0, : len(ages)] = ages
    scale = Y2526.hbai.equivalence_scale
    assert equivalence_scale(np.array([adults]), child_ages, scale.bhc, 14)[0] == pytest.approx(bhc)
    assert equivalence_scale(np.array([adults]), child_ages, scale.ahc, 14)[0] == pytest.approx(ahc)


def test_poverty_line_is_sixty_percent_of_the_uprated_median():
    p = PARAMS.at("2024-10-05")
    middle = dt.date(2024, 4, 6) + dt.timedelta(days=365.25 / 2)
    bhc, ahc = poverty_line_weekly(p, middle, 0.04)
    assert (bhc, ahc) == pytest.approx((431.688, 373.884), abs=1e-3)
    later, _ = poverty_line_weekly(p, middle + dt.timedelta(days=365.25), 0.04)
    assert later == pytest.approx(431.688 * 1.04, rel=1e-4)  # dates are whole days
