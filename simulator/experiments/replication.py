"""Replications: the same run again with new luck, new families and the
assumptions moved within their ranges, and the range reported across them.

Replication 0 is the central run (the scenarios' seed, central assumptions).
Replication k (:func:`replication_draw`):

* moves every behavioural and population assumption with a range
  (:func:`varied_assumptions`) to a point of it drawn uniformly, keyed to the
  seed, the replication and the assumption, so the same in every scenario and
  at every point of a sweep. Not drawn: the fitted values (basis ``fitted``
  and ``behaviour_fitted``) and the published figures the behaviour's fitted
  intercepts reproduce (they are the calibration);
* builds its own families with seed + k *and* its drawn population
  assumptions, with the population's fitted levers (the pay ratios and the
  arrears-only share, basis ``fitted``: not drawn) re-fitted at them so that
  its money due and Collect and Pay payers hold (A14b, A14c, A12c): the
  population's sampling error and its assumptions' uncertainty are in the
  range. On a population the user gives, the families are resampled instead
  (:func:`bootstrap_weights`: a Poisson bootstrap of paying-parent units keyed
  to the replication);
* re-fits the behaviour's fitted intercepts at its own draws on its own
  families (:mod:`simulator.experiments.refit`), so the calibrated figures hold
  in every replication (:mod:`simulator.experiments.replication_setup` puts
  the two together).

Each figure then has a low and a high (:func:`replication_range`): with
:data:`MIN_FOR_PERCENTILES` replications or more the 5th and 95th percentiles,
widened if need be to include the central run; with fewer, which cannot support
percentiles, the lowest and highest value. With one replication, low = value =
high. :func:`range_label` says which, for metrics.csv and run.json.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field

import numpy as np

from simulator.experiments.fit_behaviour import FITTED
from simulator.inputs.assumptions import AssumptionSet, load_assumptions
from simulator.population import Population
from simulator.randomness import KeyedRandom
from simulator.scenarios.load import Scenario

__all__ = [
    "INTERVAL",
    "MIN_FOR_PERCENTILES",
    "SENSITIVITY_GROUPS",
    "VARIED_GROUPS",
    "Draw",
    "assumption_positions",
    "bootstrap_weights",
    "calibration_targets",
    "percentile_range",
    "range_label",
    "replication_draw",
    "replication_paths",
    "replication_positions",
    "replication_range",
    "varied_assumptions",
    "with_positions",
]

#: The percentiles reported for each metric across replications, where there
#: are enough of them (:data:`MIN_FOR_PERCENTILES`).
INTERVAL = (5.0, 95.0)
#: Fewest replications whose 5th and 95th percentiles are reported: with 20,
#: the 5th and 95th percentiles are about the second lowest and second highest
#: values; with fewer, the lowest and highest values are reported instead, and
#: labelled as such.
MIN_FOR_PERCENTILES = 20
#: Assumption groups whose ranges are sampled in replications.
VARIED_GROUPS = ("behaviour.", "population.")
#: Groups moved one at a time by sensitivity (a population assumption needs a
#: new population, which a sensitivity run on given families does not build).
SENSITIVITY_GROUPS = ("behaviour.",)


def calibration_targets() -> set[str]:
    """The published figures in the register that the behaviour's fitted
    intercepts reproduce (:data:`~simulator.experiments.fit_behaviour.FITTED`):
    held at their central values, since every replication re-fits to them."""
    return {target for target, _ in FITTED.values() if target is not None}


def varied_assumptions(
    assumptions: AssumptionSet, groups: tuple[str, ...] = VARIED_GROUPS
) -> list[str]:
    """Assumptions of ``groups`` with a range (low differs from high), except
    fitted values (basis ``fitted``: re-fitted or held, never drawn) and the
    calibration targets (:func:`calibration_targets`)."""
    held = calibration_targets()
    out = []
    for path in assumptions:
        item = assumptions[path]
        if (
            path.startswith(groups)
            and item.basis != "fitted"
            and path not in held
            and np.any(np.asarray(item.low, dtype=float) != np.asarray(item.high, dtype=float))
        ):
            out.append(path)
    return out


def replication_paths(assumptions: AssumptionSet, given_population: bool) -> list[str]:
    """The assumptions replications draw: behavioural and population ones
    (:func:`varied_assumptions`), or only the behavioural ones on a
    population the user gives (its families are data, not built from the
    population assumptions; they are resampled instead)."""
    groups = SENSITIVITY_GROUPS if given_population else VARIED_GROUPS
    return varied_assumptions(assumptions, groups)


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


def with_positions(
    scenario: Scenario, positions: dict[str, float], fitted: dict[str, float] | None = None
) -> AssumptionSet:
    """The scenario's assumptions moved to ``positions`` and with the
    replication's re-fitted intercepts ``fitted``, except the ones the scenario
    itself sets (a scenario's override is a policy choice, not an uncertainty);
    its own assumptions as they are if both are empty."""
    if not positions and not fitted:
        return scenario.assumptions
    own = {c.target for c in scenario.changes if c.kind == "assumption"}
    moved = scenario.assumptions.at_positions({p: v for p, v in positions.items() if p not in own})
    refitted = {p: v for p, v in (fitted or {}).items() if p not in own}
    return moved.with_overrides(refitted, source="refit") if refitted else moved


@dataclass(frozen=True)
class Draw:
    """What replication ``replication`` changes: the points of the ranges
    (``positions``) and the re-fitted intercepts (``fitted``, empty until
    :func:`simulator.experiments.refit.refit` has been run on its families)."""

    replication: int
    positions: dict[str, float] = field(default_factory=dict)
    fitted: dict[str, float] = field(default_factory=dict)

    def population_assumptions(self) -> AssumptionSet | None:
        """The register with the drawn population assumptions, to build this
        replication's families with (None for the central run: the register)."""
        moved = {p: v for p, v in self.positions.items() if p.startswith("population.")}
        return load_assumptions().at_positions(moved) if moved else None

    def assumptions(self, scenario: Scenario) -> AssumptionSet:
        """``scenario``'s assumptions in this replication (:func:`with_positions`)."""
        return with_positions(scenario, self.positions, self.fitted)


def replication_draw(seed: int, replication: int, paths: list[str]) -> Draw:
    """Replication ``replication``'s points of the ranges of ``paths`` (none
    for the central run, replication 0), before its re-fit."""
    return Draw(replication, replication_positions(seed, replication, paths))


#: Poisson(1) cumulative probabilities for counts 0, 1, ...: a family unit's
#: bootstrap count is the first whose cumulative probability exceeds its draw.
_POISSON_CDF = np.cumsum([np.exp(-1.0) / np.prod(np.arange(1, k + 1)) for k in range(12)])


def bootstrap_weights(population: Population, seed: int, replication: int) -> Population:
    """``population`` resampled for replication ``replication``: each paying
    parent's families (a unit: one income, several receiving parents) count
    a Poisson(1) number of times, keyed to the unit's id, the seed and the
    replication (a Poisson bootstrap: with many units, a resample with
    replacement of them, without changing the rows). Replication 0: as given."""
    if replication == 0:
        return population
    units = population.units
    draw = KeyedRandom(seed).uniform("bootstrap_units", units.ids.astype(np.int64), replication)
    counts = np.searchsorted(_POISSON_CDF, draw, side="right").astype(float)
    return population.with_columns(weight=np.asarray(population.weight) * counts[units.of])


def percentile_range(values: np.ndarray, central: float) -> tuple[float, float]:
    """The :data:`INTERVAL` percentiles of the finite ``values``, widened to
    include the ``central`` run (not widened if ``central`` is not a number;
    NaN if no value is finite)."""
    finite = values[np.isfinite(values)]
    if finite.size == 1:  # one replication: its value is every percentile
        low = high = finite[0]
    else:
        low, high = np.percentile(finite, INTERVAL) if finite.size else (np.nan, np.nan)
    return float(min(low, central)), float(max(high, central))


def replication_range(values: np.ndarray, central: float) -> tuple[float, float]:
    """The low and high of a figure across replications: the
    :func:`percentile_range` with :data:`MIN_FOR_PERCENTILES` replications or
    more, else the lowest and highest finite value (with the central run among
    them; NaN if no value is finite)."""
    if len(values) >= MIN_FOR_PERCENTILES:
        return percentile_range(values, central)
    finite = values[np.isfinite(values)]
    if not finite.size:
        return np.nan, np.nan
    return float(finite.min()), float(finite.max())


def range_label(replications: int) -> str:
    """What a figure's low and high are, for metrics.csv and run.json."""
    if replications <= 1:
        return "none (one run: low = value = high)"
    if replications < MIN_FOR_PERCENTILES:
        return f"min-max of {replications} replications"
    return (
        f"{INTERVAL[0]:g}th-{INTERVAL[1]:g}th percentiles of {replications} replications "
        "(widened to include the central run)"
    )
