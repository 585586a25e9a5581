"""Running scenarios: the one place where scenarios meet the dynamics.

Every run, of any kind (a comparison, a sensitivity run, a sweep's point, the
validation report), starts from current law's history
(:func:`current_law_history`): the warm-up months before the start run under the
assumption register's behaviour (at the replication's or sensitivity run's
points of the ranges) and no switches, with each scenario's own parameters (the
same as current law's unless a scenario dates a change before its start). So a
reform acts only from its start, and a reform's figures are the same whether it
is run alone, compared with the baseline or swept.
"""

from __future__ import annotations

import datetime as dt

from simulator.dynamics import Run, simulate_runs
from simulator.errors import SimulatorError
from simulator.inputs.assumptions import AssumptionSet, load_assumptions
from simulator.inputs.switches import Switches
from simulator.population import Population, full_gb_population, synthesise_population
from simulator.population.entrants import DEFAULT_ENTRANT_MONTHS
from simulator.scenarios.load import Scenario

__all__ = [
    "CompareError",
    "current_law_history",
    "run_population",
    "run_scenario",
    "run_scenarios",
    "scenario_runs",
]


class CompareError(SimulatorError):
    """Scenarios that cannot be compared, or bad run settings; says why."""


def current_law_history(
    positions: dict[str, float] | None = None, fitted: dict[str, float] | None = None
):
    """Behaviour and switches for the months before a run's start: the
    assumption register's (moved to ``positions`` in their ranges, and with a
    replication's re-fitted intercepts ``fitted``, if given) and no switches.
    Returns ``(assumptions, switches)``."""
    law = load_assumptions()
    law = law.at_positions(positions) if positions else law
    return (law.with_overrides(fitted, source="refit") if fitted else law), Switches()


def run_scenario(
    population: Population,
    scenario: Scenario,
    seed: int | None = None,
    assumptions: AssumptionSet | None = None,
    workers: int | None = None,
    positions: dict[str, float] | None = None,
    fitted: dict[str, float] | None = None,
):
    """Simulate ``scenario`` on ``population`` (its parameters, horizon, seed,
    assumptions and switches, unless given) from current law's history (at
    ``positions``, the points in the ranges the run's assumptions were moved
    to, with a replication's re-fitted intercepts ``fitted``); for
    sensitivity, sweeps and validation."""
    seed = scenario.seed if seed is None else seed
    return run_scenarios(
        population,
        [scenario],
        seed,
        [assumptions or scenario.assumptions],
        workers,
        positions,
        fitted,
    )[0]


def scenario_runs(scenarios: list[Scenario], assumptions: list[AssumptionSet]) -> list[Run]:
    """Each scenario's run: its parameters and switches, with ``assumptions``."""
    return [Run(s.parameters, a, s.switches) for s, a in zip(scenarios, assumptions, strict=True)]


def run_scenarios(
    population: Population,
    scenarios: list[Scenario],
    seed: int,
    assumptions: list[AssumptionSet],
    workers: int | None = None,
    positions: dict[str, float] | None = None,
    fitted: dict[str, float] | None = None,
    extra: list[Run] | None = None,
):
    """Simulate scenarios that share a start, horizon and seed on the same
    families from current law's history, with its warm-up worked out once: the
    one place scenarios meet the dynamics. ``fitted``: the replication's
    re-fitted intercepts (for the history too); ``extra``: more runs on the
    same families after the scenarios' (a decomposition's counterfactual runs,
    :mod:`simulator.experiments.channels`); their results follow."""
    history, history_switches = current_law_history(positions, fitted)
    first = scenarios[0]
    return simulate_runs(
        population,
        scenario_runs(scenarios, assumptions) + list(extra or []),
        first.months,
        first.start,
        seed,
        history=history,
        history_switches=history_switches,
        workers=workers,
    )


def run_population(
    families: int | None,
    seed: int,
    start: dt.date,
    months: int = DEFAULT_ENTRANT_MONTHS,
    assumptions: AssumptionSet | None = None,
) -> Population:
    """The families a run of ``months`` months from ``start`` is on: a
    synthetic sample of ``families`` (weighted to GB), or the full GB
    population (weight one each) if ``families`` is None; with the families
    who separate during the run (entrants). ``assumptions``: the population
    assumptions to build it with (default the register's)."""
    if families is None:
        return full_gb_population(seed, start, assumptions=assumptions, entrant_months=months)
    return synthesise_population(
        families, seed, start, assumptions=assumptions, entrant_months=months
    )
