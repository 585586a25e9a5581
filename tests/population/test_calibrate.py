"""Calibration: the weights meet every fitted target, move modestly, refuse
targets no weighting can meet; integer weights keep the fit."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.population import Population
from simulator.population.calibrate import ID_STRIDE, calibrate, integerise
from simulator.population.targets import CalibrationError, load_targets, measure

FITTED = [t for t in load_targets() if t.treatment == "fitted"]


@pytest.mark.parametrize("target", FITTED, ids=[t.id for t in FITTED])
def test_calibrated_weights_meet_each_fitted_target(calibrated, target):
    achieved = measure(calibrated, target.measure)
    assert achieved == pytest.approx(target.value, rel=1e-6), target.quantity


def test_calibration_moves_weights_modestly(uniform, calibrated):
    ratio = calibrated.weight / uniform.weight
    assert ratio.min() > 0.5 and ratio.max() < 2.5


def test_impossible_targets_are_refused(uniform):
    targets = load_targets()
    broken = [t if t.id != "A04b" else t.__class__(**{**t.__dict__, "value": 1.5}) for t in targets]
    with pytest.raises(CalibrationError):
        calibrate(uniform, broken)


def test_integerised_population_has_weight_one_and_meets_the_targets(calibrated):
    n = len(calibrated)
    scaled = calibrated.with_columns(weight=calibrated.weight * (n / calibrated.weight.sum()))
    whole = integerise(scaled)
    assert (whole.weight == 1).all()
    assert len(whole) == pytest.approx(n, rel=0.01)
    assert len(np.unique(whole.family_id)) == len(whole)
    for name in ("direct_pay_share", "rp_female_share", "lone_rp_employment_rate"):
        assert measure(whole, name) == pytest.approx(measure(scaled, name), rel=0.02), name


def test_integer_weights_copy_whole_paying_parents_with_new_ids():
    """A paying parent weighted 2 is kept twice (both families), the copy's ids
    offset by ID_STRIDE; one weighted 1 is kept once."""
    pop = Population(
        {
            "family_id": np.array([0, 1, 2]),
            "paying_parent_id": np.array([1, 1, 2]),
            "receiving_parent_rank": np.array([0, 1, 0], dtype=np.int8),
            "weight": np.array([2.0, 2.0, 1.0]),
        },
        seed=3,
        date=dt.date(2026, 4, 1),
    )
    whole = integerise(pop)
    np.testing.assert_array_equal(whole.paying_parent_id, [1, 1, 2, ID_STRIDE + 1, ID_STRIDE + 1])
    np.testing.assert_array_equal(whole.family_id, [0, 1, 2, ID_STRIDE, ID_STRIDE + 1])
    np.testing.assert_array_equal(whole.receiving_parent_rank, [0, 1, 0, 0, 1])
    assert (whole.weight == 1).all() and whole.metadata["weights"] == "integerised"
