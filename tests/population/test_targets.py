"""The target table and the population measures it is compared with: every
row needs a source, a period and a known treatment; measures are weighted
totals or shares."""

from __future__ import annotations

import csv
import datetime as dt

import numpy as np
import pytest

from simulator.population import (
    CMS,
    COLLECT_AND_PAY,
    DIRECT_PAY,
    NO_ARRANGEMENT,
    NOT_CMS,
    Population,
)
from simulator.population.targets import (
    MEASURES,
    TREATMENTS,
    CalibrationError,
    load_targets,
    measure,
)

GOOD = {
    "id": "T1",
    "quantity": "CMS arrangements",
    "value": "749000",
    "unit": "count",
    "period": "end Sep 2024",
    "geography": "GB",
    "source_url": "https://example.org/cms",
    "source_title": "A source",
    "notes": "",
    "role": "calibration",
    "treatment": "fitted",
    "measure": "cms_arrangements",
    "model_note": "",
}


def _table(tmp_path, **changes):
    path = tmp_path / "targets.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(GOOD))
        writer.writeheader()
        writer.writerow({**GOOD, **changes})
    return path


def test_the_shipped_targets_load_and_name_known_measures():
    targets = load_targets()
    assert len(targets) > 50
    assert {t.treatment for t in targets} <= set(TREATMENTS)
    assert all(t.measure in MEASURES for t in targets if t.measure)
    assert any(t.treatment == "fitted" for t in targets)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        pytest.param({"treatment": "guessed"}, "line 2: treatment 'guessed' must be one of",
                     id="an unknown treatment"),
        pytest.param({"measure": "happiness"}, "line 2: unknown measure 'happiness'",
                     id="an unknown measure"),
        pytest.param({"measure": ""}, "only calibration rows with a measure may be fitted",
                     id="a fitted row with no measure"),
        pytest.param({"role": "validation"}, "only calibration rows with a measure may be fitted",
                     id="a validation row cannot be fitted"),
        pytest.param({"source_url": " "}, "line 2: missing source_url", id="no source"),
        pytest.param({"period": ""}, "line 2: missing period", id="no period"),
    ],
)  # fmt: skip
def test_a_bad_target_row_is_a_clear_error(tmp_path, changes, message):
    with pytest.raises(CalibrationError, match=message):
        load_targets(_table(tmp_path, **changes))


def test_a_missing_target_table_is_a_clear_error(tmp_path):
    with pytest.raises(CalibrationError, match="target table not found"):
        load_targets(tmp_path / "nowhere.csv")


@pytest.mark.parametrize(
    ("changes", "value"),
    [
        pytest.param({}, 749_000.0, id="a count is kept as published"),
        pytest.param({"unit": "percent", "value": "60", "treatment": "compared"}, 0.6,
                     id="a percentage becomes a share"),
        pytest.param({"value": "n/a", "treatment": "compared"}, None,
                     id="a value that is not a number is kept as text only"),
    ],
)  # fmt: skip
def test_target_values_are_in_the_models_units(tmp_path, changes, value):
    (target,) = load_targets(_table(tmp_path, **changes))
    assert target.value == value
    assert target.published == {**GOOD, **changes}["value"]


def _four_families() -> Population:
    """Weights 1, 2, 3, 4: two on Direct Pay, one on Collect and Pay, one with no
    arrangement; each its own paying parent."""
    return Population(
        {
            "family_id": np.arange(4),
            "paying_parent_id": np.arange(4),
            "receiving_parent_rank": np.zeros(4, dtype=np.int8),
            "weight": np.array([1.0, 2.0, 3.0, 4.0]),
            "arrangement": np.array([CMS, CMS, CMS, NO_ARRANGEMENT], dtype=np.int8),
            "service": np.array([DIRECT_PAY, DIRECT_PAY, COLLECT_AND_PAY, NOT_CMS], dtype=np.int8),
            "n_children": np.array([1, 2, 1, 3], dtype=np.int8),
        },
        seed=1,
        date=dt.date(2026, 4, 1),
    )


@pytest.mark.parametrize(
    ("name", "value"),
    [
        pytest.param("separated_families", 10.0, id="families: 1+2+3+4"),
        pytest.param("children", 1 * 1 + 2 * 2 + 3 * 1 + 4 * 3, id="children: weight x children"),
        pytest.param("cms_arrangements", 6.0, id="CMS arrangements: 1+2+3"),
        pytest.param("cms_children", 8.0, id="children in CMS: 1x1 + 2x2 + 3x1"),
        pytest.param("direct_pay_share", 3 / 6, id="Direct Pay share of CMS: (1+2)/(1+2+3)"),
        pytest.param("any_arrangement_share", 6 / 10, id="any arrangement: 6 of 10"),
    ],
)
def test_measures_are_weighted_totals_and_shares(name, value):
    assert measure(_four_families(), name) == pytest.approx(value)


def test_a_measure_takes_other_weights_when_given():
    weights = np.array([1.0, 1.0, 1.0, 1.0])
    assert measure(_four_families(), "direct_pay_share", weights) == pytest.approx(2 / 3)


def _four_cms_cases(uniform) -> Population:
    """Four CMS cases of one child each, no shared care, no other children, each
    its own paying parent, cut from a synthesised population: a Direct Pay
    employee declaring GBP 500 a week (weight 2), a Collect and Pay paying
    parent on a flat-rate benefit (weight 3), a Collect and Pay employee open
    for arrears only (weight 5), a nil-rated Direct Pay paying parent (weight 7)."""
    families = np.bincount(uniform.paying_parent_id.astype(np.int64))
    alone = families[uniform.paying_parent_id] == 1
    rows = np.flatnonzero((uniform.arrangement == CMS) & (uniform.n_children == 1) & alone)[:4]
    columns = {k: np.array(v[rows]) for k, v in uniform.columns.items()}
    weekly_500 = 500 * 365 / 7
    columns.update(
        family_id=np.arange(4),
        paying_parent_id=np.arange(4),
        receiving_parent_rank=np.zeros(4, dtype=np.int8),
        weight=np.array([2.0, 3.0, 5.0, 7.0]),
        service=np.array([DIRECT_PAY, COLLECT_AND_PAY, COLLECT_AND_PAY, DIRECT_PAY], np.int8),
        arrears_only=np.array([False, False, True, False]),
        pp_declared_earnings=np.array([weekly_500, 0.0, weekly_500, 0.0]),
        pp_declared_profit=np.zeros(4),
        pp_hmrc_declared_annual=np.array([weekly_500, 0.0, weekly_500, 0.0]),
        pp_pension_contributions=np.zeros(4),
        pp_relevant_other_children=np.zeros(4, dtype=np.int8),
        pp_relevant_non_resident_children=np.zeros(4, dtype=np.int8),
        pp_flat_rate_benefit=np.array([False, True, False, False]),
        pp_nil_rate=np.array([False, False, False, True]),
    )
    columns["child_nights"][:, 0] = 0
    return Population(columns, uniform.seed, uniform.date)


BASIC_500 = 0.12 * 500 * 13 / 1e6  # basic rate, one child, a quarter, GBP million
FLAT = 7 * 13 / 1e6  # the flat rate for a quarter


@pytest.mark.parametrize(
    ("name", "value"),
    [
        pytest.param("direct_pay_due_quarter", 2 * BASIC_500,
                     id="Direct Pay: 2 x 12% of GBP 500 x 13 weeks; the nil-rated owe nothing"),
        pytest.param("collect_and_pay_due_quarter", 3 * FLAT,
                     id="Collect and Pay: 3 x the flat GBP 7 x 13; arrears-only owes nothing"),
        pytest.param("cms_due_quarter", 2 * BASIC_500 + 3 * FLAT, id="all CMS: the sum"),
        pytest.param("collect_and_pay_due_to_pay", 3.0,
                     id="due to pay on Collect and Pay: the flat-rate payer only"),
    ],
)  # fmt: skip
def test_money_due_in_a_quarter_is_the_weighted_weekly_liability_times_13(uniform, name, value):
    assert measure(_four_cms_cases(uniform), name) == pytest.approx(value)
