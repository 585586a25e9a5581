"""A comparison over another period: every scenario text it builds or ships
is rewritten to run from the chosen start for the chosen months (the rest of
the text, comments too, kept), and a custom reform is named and takes effect
from the comparison's first month."""

from __future__ import annotations

import datetime as dt

import pytest

from simulator.scenarios.levers import (
    lever_scenario_text,
    shipped_scenarios,
    with_horizon_text,
)
from simulator.scenarios.load import SCENARIO_FOLDER, load_scenario_text

FEE = (SCENARIO_FOLDER / "scrap-receiving-parent-fee.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "start, months",
    [
        (dt.date(2026, 5, 1), 12),
        (dt.date(2024, 4, 6), 120),
        (dt.date(2030, 12, 31), 3),
    ],
)
def test_a_shipped_scenario_runs_over_the_period_given(start, months):
    scenario = load_scenario_text(with_horizon_text(FEE, start, months), "fee.yaml")
    assert (scenario.start, scenario.months) == (start, months)
    assert scenario.changes == load_scenario_text(FEE, "fee.yaml").changes


def test_the_same_period_leaves_the_text_as_it_is():
    base = shipped_scenarios()["baseline"]
    assert with_horizon_text(FEE, base.start, base.months) == FEE


@pytest.mark.parametrize(
    "given, expected",
    [
        ("start: 2026-05-01\nmonths: 24\n", "start: 2027-01-01\nmonths: 6\n"),
        ("start: '2026-05-01'\nmonths: 24\n", "start: 2027-01-01\nmonths: 6\n"),
        (
            "start: 2026-05-01   # first month\nmonths: 24 # horizon\n",
            "start: 2027-01-01  # first month\nmonths: 6  # horizon\n",
        ),
        # a nested 'start:' (indented) is not the scenario's own
        ("changes:\n  start: 1\nmonths: 24\n", "changes:\n  start: 1\nmonths: 6\n"),
        ("name: no period\n", "name: no period\n"),
    ],
    ids=["plain", "quoted", "comments kept", "nested field", "no such fields"],
)
def test_only_the_top_level_start_and_months_lines_change(given, expected):
    assert with_horizon_text(given, dt.date(2027, 1, 1), 6) == expected


def test_a_custom_reform_is_named_and_takes_effect_from_the_given_date():
    base = shipped_scenarios()["baseline"]
    text = lever_scenario_text(
        base, {"rp_fee": 0.0}, "Scrap the 4% fee, my way", effective=dt.date(2025, 1, 1)
    )
    text = with_horizon_text(text, dt.date(2025, 1, 1), 12)
    scenario = load_scenario_text(text, "custom-reform.yaml")
    assert scenario.name == "Scrap the 4% fee, my way"
    assert [(c.target, c.start, c.value) for c in scenario.changes] == [
        ("fees.collection.receiving_parent_rate", dt.date(2025, 1, 1), 0.0)
    ]
    # by default the changes take effect at the baseline's start, as before
    plain = load_scenario_text(lever_scenario_text(base, {"rp_fee": 0.0}), "c.yaml")
    assert plain.changes[0].start == base.start and plain.name == "Custom reform"
