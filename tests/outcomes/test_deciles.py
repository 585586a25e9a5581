"""Gains and losses by decile: households ranked by equivalised income in the
baseline, changes relative to their income, a threshold of 0.1%."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from simulator.dynamics import SimulationResult
from simulator.outcomes import deciles
from simulator.population import Population

N = 10


def _population() -> Population:
    """Ten receiving households, incomes £10,000 ... £100,000 (equivalence 1),
    each with its own paying parent on £50,000."""
    income = 10_000.0 * np.arange(1, N + 1)
    return Population(
        {
            "family_id": np.arange(N),
            "paying_parent_id": np.arange(N),
            "receiving_parent_rank": np.zeros(N, dtype=np.int8),
            "weight": np.ones(N),
            "rp_net_income_bhc": income,
            "rp_net_income_ahc": income,
            "rp_equivalence_bhc": np.ones(N),
            "pp_net_income_bhc": np.full(N, 50_000.0),
            "pp_net_income_ahc": np.full(N, 50_000.0),
            "pp_equivalence_bhc": np.ones(N),
        },
        seed=1,
        date=dt.date(2026, 4, 1),
    )


def _result(received: np.ndarray, paid: np.ndarray) -> SimulationResult:
    return SimulationResult(
        monthly=pd.DataFrame(),
        quarterly=pd.DataFrame(),
        families={
            "received_window": np.asarray(received, dtype=float),
            "paid_window": np.asarray(paid, dtype=float),
            "family_based_paid_window": np.zeros(N),
        },
        records=None,
        metadata={"window_months": 12},
    )


@pytest.fixture(scope="module")
def table() -> pd.DataFrame:
    base = _result(np.zeros(N), np.zeros(N))
    # the poorest receiving household gains £100 a year (1% of £10,000), the
    # second £10 (0.05%: under the threshold); every paying household pays £1,000
    received = np.zeros(N)
    received[0], received[1] = 100.0, 10.0
    return deciles(_population(), base, _result(received, np.full(N, 1_000.0)))


@pytest.mark.parametrize(
    ("decile", "mean_change", "winners", "unchanged"),
    [
        pytest.param(1, 100.0, 1.0, 0.0, id="decile 1 (£10,000): gains £100, 1% of income"),
        pytest.param(2, 10.0, 0.0, 1.0, id="decile 2 (£20,000): £10 is under 0.1%, unchanged"),
        pytest.param(10, 0.0, 0.0, 1.0, id="decile 10 (£100,000): no change"),
    ],
)
def test_receiving_households_by_decile(table, decile, mean_change, winners, unchanged):
    row = table[(table.household == "receiving") & (table.decile == decile)].iloc[0]
    assert row.households == 1.0
    assert row.mean_change_gbp_annual == pytest.approx(mean_change)
    assert row.winners_share == winners and row.unchanged_share == unchanged
    assert row.losers_share == 0.0


def test_paying_households_lose_what_they_pay(table):
    """Ten paying households on the same £50,000: ties keep their order, one a
    decile; each loses £1,000, 2% of its income."""
    paying = table[table.household == "paying"]
    assert (paying.households == 1.0).all()
    assert paying.mean_change_gbp_annual.to_numpy() == pytest.approx(-1_000.0)
    assert paying.relative_change.to_numpy() == pytest.approx(-0.02)
    assert (paying.losers_share == 1.0).all()


def test_every_decile_of_both_households_is_listed(table):
    assert len(table) == 2 * 10
    assert set(table.decile) == set(range(1, 11))
