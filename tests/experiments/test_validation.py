"""The validation table: the baseline against published figures it was not
fitted to, with the gaps as they are; and what the model covers (UKMOD's
S / PS / I / E). (``cms-sim validate``: tests/cli/test_validate.py.)"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from simulator.experiments.runs import run_scenario
from simulator.experiments.validation import VALIDATION, coverage_table, validation_table
from simulator.population.targets import load_targets
from tests.scenario_files import population, short


@cache
def table():
    pop = population()
    return validation_table(pop, run_scenario(pop, short("baseline", 12)))


def test_only_figures_the_model_was_not_fitted_to():
    targets = {t.id: t for t in load_targets()}
    rows = table()
    assert len(rows) > 5
    assert set(rows.id) <= set(VALIDATION)
    for id_ in rows.id:
        assert targets[id_].treatment not in ("fitted", "dynamics_input"), id_


def test_each_row_is_the_published_figure_beside_the_simulated_one():
    targets = {t.id: t for t in load_targets()}
    for row in table().itertuples():
        assert row.published == targets[row.id].value
        assert 0.0 <= row.simulated <= 1.0, row.id  # every figure compared is a share
        assert row.gap == pytest.approx(row.simulated - row.published)
        assert row.source_url.startswith("http")


def test_one_simulated_value_per_measure_whatever_the_period_compared():
    """Earlier quarters of a series are compared with the same simulated share
    (the model has no trend): the gaps differ only by the published values."""
    rows = table()
    some = rows[rows.measure == "collect_and_pay_paid_some_share"]
    assert len(some) >= 3
    assert np.ptp(some.simulated) == 0.0


def test_coverage_says_what_is_simulated_imputed_or_excluded():
    coverage = coverage_table()
    assert set(coverage.status) <= {"S", "PS", "I", "E"}
    assert {"S", "E"} <= set(coverage.status)
    assert coverage.component.is_unique


UNITS = [
    # (case, value, unit in targets.csv, GBP (a year for flows), or None)
    ("a quarter's flow in millions, to a year", 405.1, "GBP million per quarter", 1_620.4e6),
    ("a year's flow in billions", 1.0, "GBP billion per year", 1e9),
    ("a stock in millions", 791.2, "GBP million", 791.2e6),
    ("an amount per person a week: no total", 547.0, "GBP per week", None),
]


@pytest.mark.parametrize("value, unit, gbp", [r[1:] for r in UNITS], ids=[r[0] for r in UNITS])
def test_money_rows_are_read_in_their_units(value, unit, gbp):
    from simulator.experiments.validation import _in_model_units

    got = _in_model_units(value, unit)
    assert got == (None if gbp is None else pytest.approx(gbp))


@cache
def money():
    from simulator.experiments.validation import money_table

    pop = population()
    return money_table(pop, run_scenario(pop, short("baseline", 12)))


def test_every_money_row_is_compared_pointed_to_calibration_or_explained():
    from simulator.experiments.validation import FITTED_TREATMENTS, MONEY

    targets = {t.id: t for t in load_targets()}
    rows = money()
    money_ids = {t.id for t in targets.values() if "GBP" in t.unit and t.value is not None}
    assert money_ids <= set(rows.id)
    for row in rows.itertuples():
        if row.id not in targets:  # a mapped row the table does not have yet
            assert row.status.startswith("skipped") and row.id in MONEY
            continue
        t = targets[row.id]
        if t.treatment in FITTED_TREATMENTS:
            assert "calibration report" in row.status
        elif row.status == "compared":
            assert row.id in MONEY
            assert row.ratio == pytest.approx(row.simulated_gbp / row.published_gbp)
        else:
            assert row.status.startswith("not compared"), row.id


def test_a_money_row_not_fitted_is_compared_and_a_fitted_one_is_pointed_to_calibration():
    """Rows other engineers add to data/targets.csv are read by id and unit:
    here C02 (compared) and A14b (fitted), as they would be."""
    import dataclasses

    from simulator.experiments.validation import money_table

    targets = load_targets()
    template = next(t for t in targets if "GBP" in t.unit)
    added = [
        dataclasses.replace(
            template, id="C02", value=1.0, unit="GBP billion per year", treatment="compared"
        ),
        dataclasses.replace(
            template, id="A14b", value=292.3, unit="GBP million per quarter", treatment="fitted"
        ),
    ]
    pop = population()
    rows = money_table(pop, run_scenario(pop, short("baseline", 12)), targets + added)
    rows = rows.set_index("id")
    assert rows.loc["C02", "status"] == "compared"
    assert rows.loc["C02", "published_gbp"] == pytest.approx(1e9)
    assert rows.loc["C02", "metric"] == "maintenance_paid_cms_annual_gbp"
    assert rows.loc["C02", "simulated_gbp"] > 0
    assert "calibration report" in rows.loc["A14b", "status"]
    if "B22" not in {t.id for t in targets}:  # until the row is in data/targets.csv
        assert rows.loc["B22", "status"].startswith("skipped")
