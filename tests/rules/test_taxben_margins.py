"""The benefits that decide poverty at the margin (issue 14 item 3), as tables
of hand-worked cases: Scottish Child Payment, the Universal Credit minimum
income floor, the shared accommodation rate, Local Housing Allowance by Broad
Rental Market Area (with the London benefit cap) and the Warm Home Discount."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.inputs.parameters import load_parameters
from simulator.inputs.rental_areas import load_rental_areas
from simulator.rules.taxben import (
    PRIVATE_RENT,
    SOCIAL_RENT,
    Households,
    HouseholdsError,
    household_incomes,
    minimum_income_floor_annual,
)
from tests.rules.households import household as one_household

PARAMS = load_parameters()
DATES = {2024: dt.date(2024, 10, 1), 2025: dt.date(2025, 10, 1), 2026: dt.date(2026, 10, 1)}
AREAS = load_rental_areas()
BIRMINGHAM, CENTRAL_LONDON, LOTHIAN = AREAS.code(["BIRMINGHAM", "CENTRAL_LONDON", "LOTHIAN"])


def household(**kw) -> Households:
    """One household (tests/rules/households.py) with this table's defaults."""
    return one_household(**{"rental_area": BIRMINGHAM, "in_start_up_period": False, **kw})


def incomes(year: int, **kw):
    return household_incomes(household(**kw), PARAMS.at(DATES[year]), DATES[year])


SCOTTISH_CHILD_PAYMENT = [
    # (year, household, annual SCP, working)
    (2026, dict(scottish=True, child_ages=[15, 16, 3]), 2 * 28.20 * 52, "two children under 16"),
    (2025, dict(scottish=True, child_ages=[8]), 27.15 * 52, "one child, 2025-26 rate"),
    (2024, dict(scottish=True, child_ages=[0]), 26.70 * 52, "a baby, 2024-25 rate"),
    (2026, dict(scottish=True, child_ages=[16, 17]), 0.0, "no child under 16"),
    (2026, dict(child_ages=[4, 6]), 0.0, "England: no Scottish Child Payment"),
    (
        2026,
        dict(scottish=True, child_ages=[4], employment_income_1=60_000.0),
        0.0,
        "earns too much for Universal Credit",
    ),
    (
        2026,
        dict(scottish=True, child_ages=[4], takes_up_benefits=False),
        0.0,
        "does not claim Universal Credit",
    ),
]


@pytest.mark.parametrize(
    ("year", "kw", "expected", "why"),
    SCOTTISH_CHILD_PAYMENT,
    ids=[c[3] for c in SCOTTISH_CHILD_PAYMENT],
)
def test_scottish_child_payment(year, kw, expected, why):
    r = incomes(year, **kw)
    assert r.scottish_child_payment[0] == pytest.approx(expected, abs=0.01), why


def test_scottish_child_payment_is_counted_in_net_income_not_in_universal_credit():
    kw = dict(child_ages=[4, 6], employment_income_1=10_000.0)
    england, scotland = incomes(2026, **kw), incomes(2026, scottish=True, **kw)
    assert scotland.universal_credit[0] == pytest.approx(england.universal_credit[0])
    scp = 2 * 28.20 * 52
    # England has the Warm Home Discount, Scotland the Scottish Child Payment;
    # Scottish income tax differs too (both below the personal allowance here)
    assert scotland.net_income_bhc[0] - england.net_income_bhc[0] == pytest.approx(scp - 150)


# 2025-26: 35 hours at £12.21 = £22,222.20 a year; less tax 20% x 9,652.20 and
# Class 4 6% x 9,652.20 leaves £19,712.63, i.e. £1,642.72 a month (the figure
# DWP gave the University of Bath IPR for 2025-26).
FLOOR_2526 = 22_222.20 - 0.26 * (22_222.20 - 12_570)
MINIMUM_INCOME_FLOOR = [
    # (year, household, assumed net earnings a year, working)
    (2025, dict(self_employment_income_1=5_000.0), FLOOR_2526 - 5_000, "single, profit 5,000"),
    (
        2025,
        dict(self_employment_income_1=30_000.0),
        0.0,
        "profit above the floor: actual earnings count",
    ),
    (
        2025,
        dict(self_employment_income_1=5_000.0, in_start_up_period=True),
        0.0,
        "in the 12-month start-up period",
    ),
    (
        2025,
        dict(age_1=20, self_employment_income_1=2_000.0),
        10.00 * 35 * 52 - 0.26 * (10.00 * 35 * 52 - 12_570) - 2_000,
        "aged 20: the 18-20 minimum wage",
    ),
    (
        2025,
        dict(self_employment_income_1=2_000.0, child_ages=[2]),
        0.0,
        "lone parent of a 2-year-old: no work-related requirements beyond preparation",
    ),
    (
        2025,
        dict(self_employment_income_1=0.0, employment_income_1=8_000.0),
        0.0,
        "an employee: no floor",
    ),
    (
        2024,
        dict(self_employment_income_1=1_000.0, child_ages=[4]),
        11.44 * 16 * 52 - 1_000,
        "2024-25, youngest aged 4: 16 hours, below the personal allowance",
    ),
    (
        2025,
        dict(self_employment_income_1=1_000.0, child_ages=[7]),
        12.21 * 30 * 52 - 0.26 * (12.21 * 30 * 52 - 12_570) - 1_000,
        "2025-26, youngest aged 7: 30 hours",
    ),
    (
        2025,
        dict(
            self_employment_income_1=5_000.0,
            has_partner=True,
            age_2=30,
            employment_income_2=50_000.0,
        ),
        0.0,
        "couple earning above both thresholds together (reg. 62(3))",
    ),
    (
        2025,
        dict(
            self_employment_income_1=5_000.0,
            has_partner=True,
            age_2=30,
            employment_income_2=40_000.0,
        ),
        # partner nets 40,000 - 5,486 - 2,194.40 = 32,319.60, 12,606.97 above
        # their own threshold, which comes off the floor
        FLOOR_2526 - (32_319.60 - FLOOR_2526) - 5_000,
        "couple: the partner's earnings above their threshold reduce the floor",
    ),
]


@pytest.mark.parametrize(
    ("year", "kw", "expected", "why"),
    MINIMUM_INCOME_FLOOR,
    ids=[c[3] for c in MINIMUM_INCOME_FLOOR],
)
def test_minimum_income_floor(year, kw, expected, why):
    r = incomes(year, tenure=SOCIAL_RENT, rent_monthly=600.0, **kw)
    assert r.uc_assumed_earnings[0] == pytest.approx(expected, abs=0.01), why


def test_the_floor_is_1642_72_a_month_in_2025_26():
    p = PARAMS.at(DATES[2025])
    floor = minimum_income_floor_annual(np.array([30]), np.array([35]), np.array([False]), p)
    assert floor[0] / 12 == pytest.approx(1_642.72, abs=0.01)


def test_the_floor_cuts_universal_credit():
    r = incomes(2025, self_employment_income_1=5_000.0, tenure=SOCIAL_RENT, rent_monthly=600.0)
    # 400.14 + 600 less 55% of the floor (no work allowance without children)
    assert r.universal_credit[0] / 12 == pytest.approx(400.14 + 600 - 0.55 * 1_642.72, abs=0.01)


# Birmingham (2024-25 rates, frozen since): shared 341.58, 1 bed 695, 2 beds 750
LOCAL_HOUSING_ALLOWANCE = [
    # (household, monthly cap, working)
    (dict(age_1=34), 341.58, "single aged 34: shared accommodation rate"),
    (dict(age_1=35), 695.00, "single aged 35: one-bedroom rate"),
    (dict(age_1=22, child_ages=[3]), 750.00, "lone parent aged 22: two bedrooms"),
    (dict(age_1=24, has_partner=True, age_2=24), 695.00, "couple under 35: one bedroom"),
    (
        dict(rental_area=LOTHIAN, child_ages=[3, 5, 9]),
        1_375.00,
        "Lothian, three children: 3 bedrooms",
    ),
    (dict(rental_area=-1, eligible_rent_cap_monthly=500.0), 500.0, "no area: the given cap"),
]


@pytest.mark.parametrize(
    ("kw", "cap", "why"), LOCAL_HOUSING_ALLOWANCE, ids=[c[2] for c in LOCAL_HOUSING_ALLOWANCE]
)
def test_local_housing_allowance(kw, cap, why):
    r = incomes(2026, tenure=PRIVATE_RENT, rent_monthly=3_000.0, **kw)
    assert r.eligible_rent_cap_monthly[0] == pytest.approx(cap), why
    assert r.uc_housing_element[0] == pytest.approx(12 * cap), why


def test_a_young_single_renter_pays_the_shared_rate_gap():
    at_34, at_35 = (
        incomes(2026, age_1=a, tenure=PRIVATE_RENT, rent_monthly=700.0) for a in (34, 35)
    )
    gap = (695.00 - 341.58) * 12
    assert at_35.universal_credit[0] - at_34.universal_credit[0] == pytest.approx(gap)


def test_the_london_benefit_cap():
    kw = dict(child_ages=[1, 3, 5, 7], tenure=PRIVATE_RENT, rent_monthly=3_000.0)
    london = incomes(2026, rental_area=CENTRAL_LONDON, **kw)
    cb = (27.05 + 3 * 17.90) * 52  # 2026-27 Child Benefit
    assert london.universal_credit[0] + cb == pytest.approx(25_323, abs=0.5)
    assert london.benefit_cap_reduction[0] > 0


def test_an_unknown_rental_area_is_a_clear_error():
    with pytest.raises(HouseholdsError, match="rental_area"):
        incomes(2026, rental_area=len(AREAS), tenure=PRIVATE_RENT, rent_monthly=500.0)


WARM_HOME_DISCOUNT = [
    # (year, household, rebate, working)
    (2025, dict(), 150.0, "England, on Universal Credit, 2025-26"),
    (2026, dict(child_ages=[3]), 150.0, "England, on Universal Credit, 2026-27"),
    (2024, dict(), 0.0, "2024-25: the high-cost-to-heat test is not modelled"),
    (2026, dict(scottish=True), 0.0, "Scotland: its own scheme, not modelled"),
    (2026, dict(employment_income_1=40_000.0), 0.0, "not on Universal Credit"),
]


@pytest.mark.parametrize(
    ("year", "kw", "rebate", "why"), WARM_HOME_DISCOUNT, ids=[c[3] for c in WARM_HOME_DISCOUNT]
)
def test_warm_home_discount(year, kw, rebate, why):
    r = incomes(year, **kw)
    assert r.warm_home_discount[0] == rebate, why
