"""Sensitivity: one assumption at a time at the ends of its range, ranked by
how much it moves the chosen metric."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.experiments.sensitivity import sensitivity
from simulator.population import synthesise_population
from tests.scenario_files import short


def test_sensitivity_ranks_assumptions_by_their_effect():
    table = sensitivity(
        short("baseline", 3),
        "collect_and_pay_paid_some_share",
        population=synthesise_population(800, 3, "2026-05-01"),
        workers=1,
    )
    assert len(table) > 20
    swings = table.swing.abs().to_numpy()
    assert (np.diff(swings) <= 1e-12).all()
    assert swings[0] > 0
    with pytest.raises(ValueError, match="unknown metric"):
        sensitivity(short("baseline", 3), "happiness", families=100)


def test_the_topics_cover_every_assumption_once_in_parts_a_run_can_afford():
    from simulator.experiments.sensitivity import TOPIC_SIZE, sensitivity_paths, sensitivity_topics

    scenario = short("baseline", 3)
    topics = sensitivity_topics(scenario)
    moved = [p for paths in topics.values() for p in paths]
    assert sorted(moved) == sorted(sensitivity_paths(scenario))  # each once, none left out
    assert max(len(paths) for paths in topics.values()) <= TOPIC_SIZE
    assert all("_" not in name and "." not in name for name in topics)  # plain names
    assert "Enforcement, part 1 of 3" in topics


def test_sensitivity_moves_only_the_assumptions_asked_for():
    from simulator.experiments.sensitivity import sensitivity_topics

    scenario = short("baseline", 3)
    topic = sensitivity_topics(scenario)["Paying parents' jobs and incomes"]
    table = sensitivity(
        scenario,
        "collect_and_pay_paid_some_share",
        population=synthesise_population(300, 3, "2026-05-01"),
        workers=1,
        only=topic,
    )
    assert sorted(table.assumption) == sorted(topic)
