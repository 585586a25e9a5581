"""Replications: the same seed gives the same results, each figure's range is
the lowest and highest value across fewer than 20 replications (the 5th-95th
percentiles, widened to include the central run, from 20), the behavioural and
population assumptions move within their ranges by draws keyed to the seed,
the replication and the assumption, and a given population is resampled."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from simulator.experiments.compare import compare
from simulator.experiments.replication import (
    MIN_FOR_PERCENTILES,
    VARIED_GROUPS,
    Draw,
    assumption_positions,
    bootstrap_weights,
    calibration_targets,
    percentile_range,
    range_label,
    replication_paths,
    replication_positions,
    replication_range,
    varied_assumptions,
    with_positions,
)
from simulator.inputs.assumptions import load_assumptions
from tests.scenario_files import population, short

NAN = float("nan")


def test_same_seed_same_results_and_ranges_contain_the_central_run():
    scenarios = [short("baseline", 4), short("scrap-receiving-parent-fee", 4)]
    one = compare(scenarios, families=1_500, replications=3, workers=1)
    two = compare(scenarios, families=1_500, replications=3, workers=1)
    pd.testing.assert_frame_equal(one.metrics, two.metrics)
    m = one.metrics.dropna(subset=["value"])
    assert (m.low <= m.value + 1e-9).all() and (m.value <= m.high + 1e-9).all()
    assert (m.high > m.low).any()
    # changes against the baseline have ranges too (replication by replication)
    changes = m[m.metric.str.endswith("_change")]
    assert not changes.empty and (changes.high > changes.low).any()
    assert set(m.range) == {"min-max of 3 replications"}
    assert one.run["range"] == "min-max of 3 replications"
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


FEW = [3.0, 1.0, 4.0, 1.5, 9.0]
SPREAD = [50.0, *(v for v in range(101) if v != 50)]  # 0 to 100, the central 50 first
MINMAX = [
    # (what, values across replications (the first is the central run), low, high)
    ("one replication: low = value = high", [3.0], 3.0, 3.0),
    ("five replications: the lowest and the highest, not percentiles", FEW, 1.0, 9.0),
    ("a replication that gave no number is left out", [3.0, NAN, 1.0], 1.0, 3.0),
    ("no replication gave a number", [NAN, NAN], NAN, NAN),
    ("twenty or more replications: the 5th and 95th percentiles", SPREAD, 5.0, 95.0),
]


@pytest.mark.parametrize("what, values, low, high", MINMAX, ids=[r[0] for r in MINMAX])
def test_the_range_is_the_extremes_until_replications_support_percentiles(what, values, low, high):
    data = np.asarray(values, dtype=float)
    got = replication_range(data, data[0])
    for value, expected in zip(got, (low, high), strict=True):
        assert (math.isnan(value) and math.isnan(expected)) or value == pytest.approx(expected)


LABELS = [
    ("one run has no range", 1, "none (one run: low = value = high)"),
    ("five replications give the extremes", 5, "min-max of 5 replications"),
    ("nineteen still the extremes", MIN_FOR_PERCENTILES - 1, "min-max of 19 replications"),
    (
        "twenty give percentiles",
        MIN_FOR_PERCENTILES,
        "5th-95th percentiles of 20 replications (widened to include the central run)",
    ),
]


@pytest.mark.parametrize("what, replications, label", LABELS, ids=[r[0] for r in LABELS])
def test_what_the_range_is_says_so(what, replications, label):
    assert range_label(replications) == label


def test_behavioural_and_population_assumptions_with_a_range_are_varied():
    assumptions = load_assumptions()
    varied = varied_assumptions(assumptions)
    held = calibration_targets()
    assert held == {
        "behaviour.compliance.cp_paid_some_qtr",
        "behaviour.compliance.dp_paid_all_share",
        "behaviour.enforcement.initial_deo_share_due_to_pay",
    }
    for path in varied:
        item = assumptions[path]
        assert path.startswith(VARIED_GROUPS)
        assert item.basis != "fitted" and path not in held
        assert np.any(np.asarray(item.low, dtype=float) != np.asarray(item.high, dtype=float))
    assert sum(p.startswith("behaviour.") for p in varied) > 20
    assert sum(p.startswith("population.") for p in varied) > 20
    # fitted values are re-fitted (behaviour) or held (population), never drawn
    assert not any(p.startswith("behaviour_fitted.") for p in varied)
    assert "population.paying_parent.pay_ratio" not in varied


def test_on_given_families_only_the_behaviour_is_drawn():
    assumptions = load_assumptions()
    built = replication_paths(assumptions, given_population=False)
    given = replication_paths(assumptions, given_population=True)
    assert given == [p for p in built if p.startswith("behaviour.")]
    assert len(given) < len(built)


def test_a_replication_builds_its_families_with_its_population_draws():
    paths = ["population.receiving_parent.female_share", "behaviour.income.job_change_prob"]
    draw = Draw(1, {paths[0]: 0.0, paths[1]: 1.0})
    moved = draw.population_assumptions()
    assert moved.value(paths[0]) == moved[paths[0]].low
    # the behaviour is moved in the runs, not in the population's assumptions
    assert moved.value(paths[1]) == moved[paths[1]].central
    assert Draw(0).population_assumptions() is None


def test_a_given_population_is_resampled_by_paying_parent_in_each_replication():
    pop = population()
    assert bootstrap_weights(pop, 20260401, 0) is pop
    one = bootstrap_weights(pop, 20260401, 1)
    again = bootstrap_weights(pop, 20260401, 1)
    two = bootstrap_weights(pop, 20260401, 2)
    np.testing.assert_array_equal(one.weight, again.weight)  # keyed: the same every time
    assert not np.array_equal(one.weight, two.weight)
    counts = one.weight / pop.weight
    np.testing.assert_allclose(counts, np.round(counts), atol=1e-9)  # whole copies
    assert (counts == 0).mean() == pytest.approx(np.exp(-1), abs=0.03)  # Poisson(1)
    # a paying parent's families are drawn together (one income, one unit)
    ids = pop.paying_parent_id
    for unit in np.unique(ids)[:200]:
        assert len(np.unique(counts[ids == unit])) == 1
    assert one.weight.sum() == pytest.approx(pop.weight.sum(), rel=0.05)


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
