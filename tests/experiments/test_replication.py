"""Replications: the same seed gives the same results, each figure's range is
the 5th-95th percentiles across replications widened to include the central
run, and the assumptions move within their ranges by draws keyed to the seed,
the replication and the assumption."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from simulator.experiments.compare import compare
from simulator.experiments.replication import (
    VARIED_GROUPS,
    assumption_positions,
    percentile_range,
    replication_positions,
    varied_assumptions,
    with_positions,
)
from simulator.inputs.assumptions import load_assumptions
from tests.scenario_files import short

NAN = float("nan")


def test_same_seed_same_results_and_ranges_contain_the_central_run():
    scenarios = [short("baseline", 4), short("scrap-receiving-parent-fee", 4)]
    one = compare(scenarios, families=1_500, replications=3, workers=1)
    two = compare(scenarios, families=1_500, replications=3, workers=1)
    pd.testing.assert_frame_equal(one.metrics, two.metrics)
    m = one.metrics.dropna(subset=["value"])
    assert (m.low <= m.value + 1e-9).all() and (m.value <= m.high + 1e-9).all()
    assert (m.high > m.low).any()
    assert len(one.run["varied_assumptions"]) > 20


RANGES = [
    # (what, values across replications, central run, low, high)
    ("one replication: low = value = high", [3.0], 3.0, 3.0, 3.0),
    ("the central run inside: the 5th and 95th percentiles", list(range(101)), 50.0, 5.0, 95.0),
    ("a central run below the 5th percentile widens the low", list(range(101)), -1.0, -1.0, 95.0),
    ("a central run above the 95th widens the high", list(range(101)), 200.0, 5.0, 200.0),
    ("a replication that gave no number is left out", [1.0, NAN, 3.0], 1.0, 1.0, 2.9),
    ("no central number: the percentiles as they are", [NAN, 1.0, 3.0], NAN, 1.1, 2.9),
    ("no replication gave a number", [NAN, NAN], NAN, NAN, NAN),
]


@pytest.mark.parametrize("what, values, central, low, high", RANGES, ids=[r[0] for r in RANGES])
def test_the_range_of_a_figure_across_replications(what, values, central, low, high):
    got = percentile_range(np.asarray(values, dtype=float), central)
    for value, expected in zip(got, (low, high), strict=True):
        assert isinstance(value, float)
        assert (math.isnan(value) and math.isnan(expected)) or value == pytest.approx(expected)


def test_only_behavioural_assumptions_with_a_range_are_varied():
    assumptions = load_assumptions()
    varied = varied_assumptions(assumptions)
    assert len(varied) > 20
    for path in varied:
        item = assumptions[path]
        assert path.startswith(VARIED_GROUPS)
        assert np.any(np.asarray(item.low, dtype=float) != np.asarray(item.high, dtype=float))
    assert not any(p.startswith("population.") for p in varied)


def test_the_central_run_moves_nothing_and_other_replications_draw_points_in_the_ranges():
    paths = varied_assumptions(load_assumptions())
    assert replication_positions(20260401, 0, paths) == {}
    first = replication_positions(20260401, 1, paths)
    assert first == assumption_positions(20260401, 1, paths)  # the same draws every time
    assert set(first) == set(paths)
    assert all(0 <= v < 1 for v in first.values())
    assert first != replication_positions(20260401, 2, paths)
    assert first != replication_positions(7, 1, paths)
    # keyed to the assumption: drawing for fewer assumptions changes none of the others
    assert replication_positions(20260401, 1, paths[::2]) == {p: first[p] for p in paths[::2]}


def test_a_scenarios_own_assumptions_are_a_policy_choice_and_do_not_move():
    scenario = short("stronger-enforcement", 1)
    own = "behaviour.enforcement.deduction_order_setup_delay"
    other = "behaviour.income.job_change_prob"
    moved = with_positions(scenario, {own: 0.0, other: 0.0})
    assert moved.value(own) == scenario.assumptions.value(own)
    low = scenario.assumptions[other].low
    assert moved.value(other) == low != scenario.assumptions.value(other)
    assert with_positions(scenario, {}) is scenario.assumptions
