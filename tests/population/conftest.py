"""Populations shared by the population tests: synthesised once per session."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.population import Population, synthesise_population
from simulator.population.calibrate import calibrate

DATE = dt.date(2026, 4, 1)
N = 20_000


@pytest.fixture(scope="session")
def uniform() -> Population:
    """20,000 families on 1 April 2026 (seed 7), every weight the same."""
    return synthesise_population(N, 7, DATE, weights="uniform")


@pytest.fixture(scope="session")
def calibrated(uniform) -> Population:
    """The same families with weights fitted to the calibration targets."""
    return calibrate(uniform)


@pytest.fixture(scope="session")
def assert_same():
    """Check two populations have the same columns and values (``rows`` of
    each column; ``skip`` names columns not compared)."""

    def check(a: Population, b: Population, rows=slice(None), skip=("weight",)):
        assert a.columns.keys() == b.columns.keys()
        for name in a.columns:
            if name in skip:
                continue
            np.testing.assert_array_equal(
                a.columns[name][rows], b.columns[name][rows], err_msg=name
            )

    return check
