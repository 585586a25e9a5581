"""Re-fitting the fitted intercepts in a replication, fast.

A replication moves the behavioural and population assumptions within their
ranges; the intercepts of ``behaviour_fitted.compliance_fitted`` were fitted
(:mod:`simulator.experiments.fit_behaviour`) so that the baseline reproduces
published figures *at the central assumptions*. Drawn from their own ranges, or
held at the central fit, they would miss those figures (Collect and Pay
paid-something anywhere from 58% to 67% against the published 68%). So each
replication re-fits them at its own draws, on its own families, to the same
targets (:data:`~simulator.experiments.fit_behaviour.FITTED`): the calibrated
figures hold in every replication and the range shows what the calibration
leaves uncertain.

The full fit (Brent's method on each intercept in turn) takes minutes. Here:
Newton steps from the central fitted values with the central fit's
sensitivities, a Jacobian (each fitted measure's change per unit of each
intercept) worked out once per process by finite differences on a smaller
population (:data:`JACOBIAN_FAMILIES`, the same seed and date), then
:data:`NEWTON_STEPS` steps, each one run of
:data:`~simulator.experiments.fit_behaviour.CASELOAD_MONTHS` months on the
replication's families. :func:`refit_gaps` measures how close a replication
lands; a comparison records it in ``run.json``.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass

import numpy as np

from simulator.experiments.fit_behaviour import (
    BRACKETS,
    CASELOAD_MONTHS,
    FITTED,
    GROWS_WITH,
    STEADY,
    fitted_measures,
    fitted_measures_of,
)
from simulator.inputs.assumptions import AssumptionSet, load_assumptions
from simulator.population import Population, synthesise_population
from simulator.population.fit import LEVERS, fitted_gaps

__all__ = [
    "JACOBIAN_FAMILIES",
    "NEWTON_STEPS",
    "POPULATION_STEPS",
    "PopulationSensitivities",
    "Sensitivities",
    "central_sensitivities",
    "fit_goals",
    "gaps_at",
    "population_sensitivities",
    "refit",
    "refit_gaps",
    "refit_population",
]

#: Families of the population on which the central fit's sensitivities are
#: worked out (finite differences on the same families and draws: smooth
#: enough at this size, and seconds, not minutes).
JACOBIAN_FAMILIES = 20_000
#: Newton steps per replication (each one 24-month run on its families).
NEWTON_STEPS = 2
#: Newton steps for the population's fitted levers (each one synthesis of the
#: replication's families at the population date, without entrants).
POPULATION_STEPS = 2
#: Finite-difference steps: logit intercepts move by an absolute amount, the
#: deduction-order reach (a share) too, the hazards by a share of their value.
LOGIT_STEP = 0.25
SHARE_STEP = 0.05
HAZARD_RELATIVE_STEP = 0.15
#: A Newton step moves an intercept by at most this many finite-difference
#: steps (a guard against a step far outside where the sensitivities hold).
MAX_STEP_MULTIPLE = 6.0


@dataclass(frozen=True)
class Sensitivities:
    """The central fit and how its measures move: ``jacobian[i, j]`` is the
    change of intercept ``paths[i]``'s measure per unit of intercept
    ``paths[j]``, at the central values ``centre``."""

    paths: tuple[str, ...]
    centre: tuple[float, ...]
    steps: tuple[float, ...]
    jacobian: np.ndarray


def fit_goals(assumptions: AssumptionSet) -> np.ndarray:
    """What each fitted measure should be, in :data:`FITTED`'s order: the
    published figure's value in ``assumptions`` (central: a replication does not
    draw the figures the intercepts are fitted to), 0 for a steady stock's drift."""
    return np.array(
        [
            0.0 if target is None else float(assumptions.value(target))
            for target, _ in FITTED.values()
        ]
    )


def _step(path: str, value: float) -> float:
    if path in STEADY:
        return HAZARD_RELATIVE_STEP * value
    return LOGIT_STEP if path.endswith(("logit", "shift")) else SHARE_STEP


def _vector(
    population: Population, assumptions: AssumptionSet, start: dt.date | None = None
) -> np.ndarray:
    measured = fitted_measures(population, assumptions, start)
    return np.array([measured[path] for path in FITTED])


@functools.lru_cache(maxsize=4)
def central_sensitivities(
    seed: int, start: dt.date, families: int = JACOBIAN_FAMILIES
) -> Sensitivities:
    """The Jacobian of the fitted measures at the register's central values, on
    ``families`` families of ``seed`` at ``start``, on runs from ``start``
    (forward differences: one run at the centre and one per intercept)."""
    law = load_assumptions()
    pop = synthesise_population(families, seed, start, entrant_months=CASELOAD_MONTHS)
    paths = tuple(FITTED)
    centre = tuple(float(law.value(p)) for p in paths)
    steps = tuple(_step(p, c) for p, c in zip(paths, centre, strict=True))
    base = _vector(pop, law, start)
    columns = [
        (_vector(pop, law.with_overrides({p: c + h}, source="refit"), start) - base) / h
        for p, c, h in zip(paths, centre, steps, strict=True)
    ]
    return Sensitivities(paths, centre, steps, np.column_stack(columns))


def _bounds(path: str) -> tuple[float, float]:
    if path in STEADY and path not in GROWS_WITH:
        low, high = BRACKETS["hazard"]
    elif path.endswith(("logit", "shift")):
        low, high = BRACKETS["logit"]
    else:
        low, high = BRACKETS["share"]
    return low, high


def refit(
    population: Population,
    assumptions: AssumptionSet,
    sensitivities: Sensitivities,
    steps: int = NEWTON_STEPS,
    start: dt.date | None = None,
) -> dict[str, float]:
    """The fitted intercepts re-fitted on ``population`` at ``assumptions``
    (a replication's draws), on runs from ``start`` (the comparison's):
    ``steps`` Newton steps from the central fit with its sensitivities, each
    step bounded and kept within the fit's search ranges. Returns
    ``{path: value}`` for every intercept of :data:`FITTED`."""
    paths = sensitivities.paths
    values = np.array(sensitivities.centre, dtype=float)
    goals = fit_goals(assumptions)
    limit = MAX_STEP_MULTIPLE * np.asarray(sensitivities.steps)
    bounds = np.array([_bounds(p) for p in paths])
    for _ in range(steps):
        trial = assumptions.with_overrides(dict(zip(paths, values, strict=True)), source="refit")
        gap = goals - _vector(population, trial, start)
        delta = np.linalg.lstsq(sensitivities.jacobian, gap, rcond=None)[0]
        values = np.clip(values + np.clip(delta, -limit, limit), bounds[:, 0], bounds[:, 1])
    return {p: float(v) for p, v in zip(paths, values, strict=True)}


def gaps_at(
    population: Population, assumptions: AssumptionSet, start: dt.date | None = None
) -> dict[str, float]:
    """How far each fitted measure lands from its goal on ``population`` at
    ``assumptions`` (a run of 24 months from ``start``): simulated minus goal."""
    gaps = _vector(population, assumptions, start) - fit_goals(assumptions)
    return {p: float(g) for p, g in zip(FITTED, gaps, strict=True)}


def refit_gaps(result, assumptions: AssumptionSet) -> dict[str, float]:
    """How far each fitted measure of a baseline ``result`` (a run of 24
    months) is from its goal at ``assumptions``: simulated minus goal (shares
    and drifts as fractions), by intercept."""
    measured = fitted_measures_of(result)
    gaps = np.array([measured[p] for p in FITTED]) - fit_goals(assumptions)
    return {p: float(g) for p, g in zip(FITTED, gaps, strict=True)}


# ------------------------------------------------------- the population's levers


@dataclass(frozen=True)
class PopulationSensitivities:
    """The population fit's levers (:data:`simulator.population.fit.LEVERS`)
    at their fitted values and how the generator-fitted targets' relative
    gaps move with them: ``jacobian[i, j]`` is target ``i``'s gap per unit of
    lever ``j``."""

    centre: tuple[float, ...]
    steps: tuple[float, ...]
    jacobian: np.ndarray


def _population_gaps(families: int, seed: int, date: dt.date, assumptions) -> np.ndarray:
    pop = synthesise_population(families, seed, date, assumptions=assumptions, entrant_months=0)
    gaps = fitted_gaps(pop)
    return np.array([gaps[lever.target] for lever in LEVERS])


@functools.lru_cache(maxsize=4)
def population_sensitivities(
    seed: int, date: dt.date, families: int = JACOBIAN_FAMILIES
) -> PopulationSensitivities:
    """The Jacobian of the generator-fitted targets' gaps at the register's
    fitted levers, on ``families`` families of ``seed`` at ``date`` (forward
    differences, a step of :data:`SHARE_STEP` in each lever)."""
    law = load_assumptions()
    centre = tuple(lever.value(law) for lever in LEVERS)
    base = _population_gaps(families, seed, date, law)
    columns = [
        (_population_gaps(families, seed, date, lever.set(law, c + SHARE_STEP)) - base) / SHARE_STEP
        for lever, c in zip(LEVERS, centre, strict=True)
    ]
    steps = (SHARE_STEP,) * len(LEVERS)
    return PopulationSensitivities(centre, steps, np.column_stack(columns))


def refit_population(
    families: int,
    seed: int,
    date: dt.date,
    assumptions: AssumptionSet,
    sensitivities: PopulationSensitivities,
    steps: int = POPULATION_STEPS,
) -> tuple[AssumptionSet, dict[str, float]]:
    """``assumptions`` (a replication's drawn population assumptions) with the
    population's fitted levers re-fitted on ``families`` families of ``seed``:
    ``steps`` Newton steps from the fitted values with the central
    sensitivities, kept inside each lever's bracket. Returns the assumptions
    and the relative gap of each generator-fitted target before the fit (by
    target id)."""
    values = np.asarray(sensitivities.centre, dtype=float)
    limit = MAX_STEP_MULTIPLE * np.asarray(sensitivities.steps)
    brackets = np.array([lever.bracket for lever in LEVERS])
    before = None
    for _ in range(steps):
        gaps = _population_gaps(families, seed, date, assumptions)
        before = gaps if before is None else before
        delta = np.linalg.lstsq(sensitivities.jacobian, -gaps, rcond=None)[0]
        values = np.clip(values + np.clip(delta, -limit, limit), brackets[:, 0], brackets[:, 1])
        for lever, x in zip(LEVERS, values, strict=True):
            assumptions = lever.set(assumptions, float(x))
    return assumptions, {lever.target: float(g) for lever, g in zip(LEVERS, before, strict=True)}
