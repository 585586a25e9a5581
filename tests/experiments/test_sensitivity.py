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
