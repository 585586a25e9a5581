"""The CMS liabilities on the population date: hand-built paying parents
through the statutory calculation, against hand-worked amounts (SI 2012/2677
and Child Support Act 1991 Sch. 1, parameters in force on 1 April 2026)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.population import CMS, FAMILY_BASED, MAX_CHILDREN, Population
from simulator.population.liabilities import cms_liabilities

DATE = dt.date(2026, 4, 1)


def _paying_parent(
    nights: list[list[int]],
    earnings: float = 0.0,
    profit: float = 0.0,
    pension: float = 0.0,
    other_children: int = 0,
    non_resident_children: int = 0,
    benefit: bool = False,
    nil_rate: bool = False,
) -> dict[str, np.ndarray]:
    """The columns of one paying parent's families: ``nights`` gives, for each
    receiving parent, the nights a year each child spends with the paying parent."""
    n = len(nights)
    slots = np.full((n, MAX_CHILDREN), -1, dtype=np.int16)
    for row, children in enumerate(nights):
        slots[row, : len(children)] = children
    return {
        "receiving_parent_rank": np.arange(n, dtype=np.int8),
        "arrangement": np.full(n, CMS, dtype=np.int8),
        "arrears_only": np.zeros(n, dtype=bool),
        "child_nights": slots,
        "pp_declared_earnings": np.full(n, float(earnings)),
        "pp_declared_profit": np.full(n, float(profit)),
        # the HMRC figure: the same year's income (no change since)
        "pp_hmrc_declared_annual": np.full(n, float(earnings + profit)),
        "pp_pension_contributions": np.full(n, float(pension)),
        "pp_relevant_other_children": np.full(n, other_children, dtype=np.int8),
        "pp_relevant_non_resident_children": np.full(n, non_resident_children, dtype=np.int8),
        "pp_flat_rate_benefit": np.full(n, benefit),
        "pp_nil_rate": np.full(n, nil_rate),
    }


def _population(*paying_parents: dict[str, np.ndarray]) -> Population:
    columns = {
        name: np.concatenate([pp[name] for pp in paying_parents]) for name in paying_parents[0]
    }
    sizes = [len(pp["arrangement"]) for pp in paying_parents]
    columns["paying_parent_id"] = np.repeat(np.arange(len(sizes), dtype=np.int64), sizes)
    columns["family_id"] = np.arange(sum(sizes), dtype=np.int64)
    return Population(columns, seed=1, date=DATE)


# A year's income becomes weekly x 7/365 (reg. 35(1)): £36,500 a year is £700 a week.
CASES = [
    pytest.param(
        dict(nights=[[0]], earnings=36_500), [84.00], "basic", "200 to 800", 700.0,
        id="£700 a week, 1 child, no shared care: basic rate 12% (para. 2(1)) = 84.00",
    ),
    pytest.param(
        dict(nights=[[0]], earnings=36_500, pension=1_825), [79.80], "basic", "200 to 800", 665.0,
        id="£1,825 evidenced pension taken off first (reg. 35(3)): £665 x 12% = 79.80",
    ),
    pytest.param(
        dict(nights=[[0, 0]], profit=18_250), [56.00], "basic", "200 to 800", 350.0,
        id="self-employed, £18,250 profit = £350 a week, 2 children: 16% = 56.00",
    ),
    pytest.param(
        dict(nights=[[0]], earnings=9_125, profit=9_125), [42.00], "basic", "200 to 800", 350.0,
        id="earnings and profit add up in the HMRC figure: £350 x 12% = 42.00",
    ),
    pytest.param(
        dict(nights=[[0]], earnings=73_000), [150.00], "basic_plus", "800 to 3,000", 1400.0,
        id="£1,400 a week: 12% of £800 + 9% of £600 (basic plus, para. 2(2)) = 150.00",
    ),
    pytest.param(
        dict(nights=[[0]], earnings=36_500, other_children=1), [74.76], "basic", "200 to 800",
        700.0,
        id="1 relevant other child: income less 11% (para. 2(3)) = £623 x 12% = 74.76",
    ),
    pytest.param(
        dict(nights=[[104]], earnings=36_500), [60.00], "basic", "200 to 800", 700.0,
        id="104 nights of shared care: 2/7 off (para. 7) = 84.00 x 5/7 = 60.00",
    ),
    pytest.param(
        dict(nights=[[0], [0]], earnings=36_500), [56.00, 56.00], "basic", "200 to 800", 700.0,
        id="two receiving parents, 1 child each: 16% = 112.00, shared by children (para. 6)",
    ),
    pytest.param(
        dict(nights=[[0]], earnings=36_500, non_resident_children=1), [56.00], "basic",
        "200 to 800", 700.0,
        id="1 relevant non-resident child: 16% as for 2 children, this child's half = 56.00",
    ),
    pytest.param(
        dict(nights=[[0]], earnings=1_000, pension=2_000), [0.00], "nil", "under 100", 0.0,
        id="pension above earnings: income nil, not negative; below £7: nil rate (para. 5(b))",
    ),
    pytest.param(
        dict(nights=[[0]], benefit=True), [7.00], "flat", "under 100", 0.0,
        id="on a flat-rate benefit (para. 4(1)(b)): 7.00",
    ),
    pytest.param(
        dict(nights=[[0]], earnings=36_500, nil_rate=True), [0.00], "nil", "200 to 800", 700.0,
        id="nil-rate person, e.g. in prison (reg. 45): nil whatever the income",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("paying_parent", "weekly", "rate", "band", "income"), CASES)
def test_population_date_liabilities(paying_parent, weekly, rate, band, income):
    out = cms_liabilities(_population(_paying_parent(**paying_parent)))
    np.testing.assert_array_equal(out["family_index"], np.arange(len(weekly)))
    np.testing.assert_allclose(out["weekly_liability"], weekly, atol=1e-9)
    assert list(out["rate"]) == [rate] * len(weekly)
    assert list(out["income_band"]) == [band] * len(weekly)
    np.testing.assert_allclose(out["gross_weekly_income"], income, atol=1e-9)


def test_only_cms_families_have_a_liability_each_from_their_own_paying_parent():
    family_based = _paying_parent([[0]], earnings=73_000)
    family_based["arrangement"][:] = FAMILY_BASED
    pop = _population(
        _paying_parent([[0], [0, 0]], earnings=36_500),  # 3 children: 19%, split 1/3 and 2/3
        family_based,
        _paying_parent([[0]], profit=18_250),
    )
    out = cms_liabilities(pop)
    np.testing.assert_array_equal(out["family_index"], [0, 1, 3])
    # 19% of £700 = 133.00: 1/3 = 44.33 and 2/3 = 88.67 (rounded to the penny,
    # the pennies adding up to the whole); the self-employed parent's 12% of £350
    np.testing.assert_allclose(out["weekly_liability"], [44.33, 88.67, 42.00], atol=1e-9)
