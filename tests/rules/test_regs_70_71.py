"""Variations for income the HMRC figure misses (SI 2012/2677): income
diverted to others (reg. 71) is added to gross weekly income within the cap;
a paying parent on the flat rate because of a benefit whose income is over
£100 a week (reg. 70) is assessed on that income at the ordinary rates, and at
£100 or less the flat rate stands. One child, no shared care, 2026 rates."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.inputs.parameters import load_parameters
from simulator.rules import maintenance_calculation
from simulator.rules.variations import flat_rate_income_variation_applies

P = load_parameters().at(dt.date(2026, 4, 1))

REG_70 = [
    # (on a flat-rate benefit, income £ a week, the variation displaces the flat rate)
    (True,  0.0,    False),
    (True,  99.99,  False),
    (True,  100.0,  False),  # "over £100": equal to is not enough (SI 2013/1654)
    (True,  100.01, True),
    (True,  300.0,  True),
    (False, 300.0,  False),  # not on the flat rate because of a benefit: nothing to displace
]  # fmt: skip


@pytest.mark.parametrize("benefit, income, applies", REG_70)
def test_reg_70_displaces_a_benefit_flat_rate_only_over_100_a_week(benefit, income, applies):
    assert flat_rate_income_variation_applies(np.array([benefit]), np.array([income]), P)[0] == (
        applies
    )


CASES = [
    # (what, income £/wk, benefit, cash-in-hand brought in £/wk, diverted brought in £/wk,
    #  rate, income used £/wk)
    ("on benefit, no variation",           0.0,    True,  0.0,   0.0,    "flat",       0.0),
    ("on benefit, £100 brought in",        0.0,    True,  100.0, 0.0,    "flat",       0.0),
    ("on benefit, £150 brought in",        0.0,    True,  150.0, 0.0,    "reduced",    150.0),
    ("on benefit, £400 brought in",        0.0,    True,  400.0, 0.0,    "basic",      400.0),
    ("diverter, no variation",             500.0,  False, 0.0,   0.0,    "basic",      500.0),
    ("diverter, £200 a week brought in",   500.0,  False, 0.0,   200.0,  "basic",      700.0),
    ("diverter near the cap",              2900.0, False, 0.0,   500.0,  "basic_plus", 3000.0),
    ("on benefit, diversion not considered", 0.0,  True,  0.0,   200.0,  "flat",       0.0),
]  # fmt: skip


@pytest.mark.parametrize(
    "what, income, benefit, cash, diverted, rate, used", CASES, ids=[c[0] for c in CASES]
)
def test_variations_for_hidden_income_in_the_calculation(
    what, income, benefit, cash, diverted, rate, used
):
    r = maintenance_calculation(
        np.array([income]),
        np.zeros((1, 1)),
        P,
        flat_rate_benefit=np.array([benefit]),
        flat_rate_income_weekly=np.array([cash]),
        diverted_income_weekly=np.array([diverted]),
    )
    assert r.rate_name[0] == rate
    assert r.income_used_weekly[0] == pytest.approx(used)


def test_a_diversion_variation_raises_the_liability_by_the_rate_on_the_diverted_amount():
    without = maintenance_calculation(np.array([500.0]), np.zeros((1, 1)), P)
    varied = maintenance_calculation(
        np.array([500.0]), np.zeros((1, 1)), P, diverted_income_weekly=np.array([200.0])
    )
    same = maintenance_calculation(np.array([700.0]), np.zeros((1, 1)), P)
    assert varied.weekly_liability[0] > without.weekly_liability[0]
    assert varied.weekly_liability[0] == pytest.approx(same.weekly_liability[0])
