"""Replications: the same run again with new luck and the assumptions moved
within their ranges, and the interval reported across them.

Replication 0 is the central run (the scenarios' seed, central assumptions);
replication k draws a new population and behaviour (seed + k) and moves every
behavioural assumption with a range to a point of it drawn uniformly, keyed to
the seed, the replication and the assumption, so the same in every scenario and
at every point of a sweep. Each figure then has a low and a high: the 5th and
95th percentiles across replications, widened if need be to include the central
run. With one replication, low = value = high.
"""

from __future__ import annotations

import hashlib

import numpy as np

from simulator.inputs.assumptions import AssumptionSet
from simulator.randomness import KeyedRandom
from simulator.scenarios.load import Scenario

__all__ = [
    "INTERVAL",
    "VARIED_GROUPS",
    "assumption_positions",
    "percentile_range",
    "replication_positions",
    "varied_assumptions",
    "with_positions",
]

#: The interval reported for each metric across replications (percentiles).
INTERVAL = (5.0, 95.0)
#: Assumption groups whose ranges are sampled in replications and sensitivity.
VARIED_GROUPS = ("behaviour.", "behaviour_fitted.")


def varied_assumptions(assumptions: AssumptionSet) -> list[str]:
    """Behavioural assumptions with a range (low differs from high)."""
    out = []
    for path in assumptions:
        item = assumptions[path]
        if path.startswith(VARIED_GROUPS) and np.any(
            np.asarray(item.low, dtype=float) != np.asarray(item.high, dtype=float)
        ):
            out.append(path)
    return out


def assumption_positions(seed: int, replication: int, paths: list[str]) -> dict[str, float]:
    """A point in each range, keyed to (seed, replication, assumption)."""
    rng = KeyedRandom(seed)
    ids = np.array(
        [
            int.from_bytes(hashlib.blake2b(p.encode(), digest_size=7).digest(), "little")
            for p in paths
        ],
        dtype=np.int64,
    )
    return dict(zip(paths, rng.uniform("replication_assumptions", ids, replication), strict=True))


def replication_positions(seed: int, replication: int, paths: list[str]) -> dict[str, float]:
    """Where replication ``replication`` puts each assumption in its range:
    nowhere for the central run (replication 0), else :func:`assumption_positions`."""
    return assumption_positions(seed, replication, paths) if replication else {}


def with_positions(scenario: Scenario, positions: dict[str, float]) -> AssumptionSet:
    """The scenario's assumptions moved to ``positions``, except the ones the
    scenario itself sets (a scenario's override is a policy choice, not an
    uncertainty); its own assumptions as they are if ``positions`` is empty."""
    if not positions:
        return scenario.assumptions
    own = {c.target for c in scenario.changes if c.kind == "assumption"}
    return scenario.assumptions.at_positions({p: v for p, v in positions.items() if p not in own})


def percentile_range(values: np.ndarray, central: float) -> tuple[float, float]:
    """The low and high of a figure across replications: the :data:`INTERVAL`
    percentiles of its finite values, widened to include the ``central`` run
    (not widened if ``central`` is not a number; NaN if no value is finite)."""
    finite = values[np.isfinite(values)]
    if finite.size == 1:  # one replication: its value is every percentile
        low = high = finite[0]
    else:
        low, high = np.percentile(finite, INTERVAL) if finite.size else (np.nan, np.nan)
    return float(min(low, central)), float(max(high, central))
