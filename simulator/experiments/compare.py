"""Comparing scenarios on the same families, with uncertainty.

:func:`compare` runs a baseline and any number of reforms on the same families
with the same random draws, so that a difference between them is the policy's
effect and not luck. With ``replications`` K > 1, it reruns everything K times
(:mod:`simulator.experiments.replication`: new luck, assumptions moved within
their ranges, the same in every scenario); each metric's low and high are then
the 5th and 95th percentiles across replications, widened if need be to include
the central run — for levels and for changes against the baseline, which are
computed replication by replication (common random numbers). With one
replication, low = value = high. Every run starts from current law's history
(:mod:`simulator.experiments.runs`).

The :class:`Comparison` also records how it was made (``run``: the model
version, seeds, population, replications, the parameter and assumption digests,
the hashes of the parameter and assumption files, timings), written out as
``run.json``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from simulator import __version__
from simulator.experiments import channels as channel_runs
from simulator.experiments.replication import (
    MIN_FOR_PERCENTILES,
    range_label,
    replication_paths,
    replication_range,
)
from simulator.experiments.replication_setup import refit_record, replication_families
from simulator.experiments.runs import CompareError, run_scenarios
from simulator.inputs.assumptions import load_assumptions
from simulator.outcomes.costs import PER_CHILD, PER_CHILD_UNIT, cost_per_child_lifted
from simulator.outcomes.deciles import deciles
from simulator.outcomes.distribution import distribution
from simulator.outcomes.metrics import (
    METRIC_UNITS,
    TRANSITION_UNITS,
    metrics,
    poverty_transitions,
)
from simulator.outcomes.poverty import shared_outcomes
from simulator.population import Population
from simulator.scenarios.load import Scenario

__all__ = ["Comparison", "compare"]

#: Metrics that describe the families rather than a policy outcome get no change row.
NO_CHANGE = {
    "children_in_separated_families",
    "children_in_receiving_households",
    "children_in_paying_households",
}


@dataclass
class Comparison:
    metrics: pd.DataFrame  # scenario, metric, value, low, high, unit, range
    deciles: pd.DataFrame  # scenario, household, decile, ...
    monthly: pd.DataFrame  # scenario, month, ... (central replication)
    run: dict = field(default_factory=dict)
    scenarios: list[Scenario] = field(default_factory=list)
    quarterly: pd.DataFrame = field(default_factory=pd.DataFrame)  # scenario, quarter_end, ...
    #: scenario, group_by, group, measure, value, unit (central replication)
    distribution: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: scenario, metric, channel, value, low, high, unit: each reform's change
    #: split into channels (:mod:`simulator.experiments.channels`; empty
    #: without them)
    channels: pd.DataFrame = field(
        default_factory=lambda: pd.DataFrame(columns=list(channel_runs.COLUMNS))
    )


def compare(
    scenarios: list[Scenario],
    families: int | None = 20_000,
    replications: int = 1,
    population: Population | None = None,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
    channels: bool = False,
) -> Comparison:
    """Run ``scenarios`` (the first is the baseline) on the same families.
    ``families``: the size of the synthetic population (None = full GB, weight
    one each); ``population``: use this one instead, for every replication.
    ``channels``: split each reform's changes into channels too (extra runs)."""
    _check(scenarios, families, replications)
    base = scenarios[0]
    keys = [s.key for s in scenarios]
    paths = replication_paths(load_assumptions(), given_population=population is not None)
    say = progress or (lambda _message: None)
    timings: dict[str, float] = {}
    values: dict[tuple[str, str], list[float]] = {}
    central_monthly, central_deciles, central_quarterly, central_groups = [], [], [], []
    sizes = []
    channel_store: dict[tuple[str, str, str], list[float]] = {}
    started = time.perf_counter()
    refits: dict[str, dict[str, float]] = {}
    for k in range(replications):
        seed = base.seed + k
        t = time.perf_counter()
        # the replication's families (its seed and population draws, or the
        # given ones resampled) and its intercepts re-fitted on them
        pop, draw = replication_families(base, k, paths, families, population)
        timings[f"population_{k}"] = round(time.perf_counter() - t, 3)
        sizes.append(pop.families_at_date())  # the families at the date (not the entrants)
        say(f"replication {k + 1}/{replications}: {', '.join(keys)}")
        t = time.perf_counter()
        assumptions = [draw.assumptions(s) for s in scenarios]
        plans = channel_runs.channel_plans(scenarios, assumptions) if channels else []
        extra = channel_runs.extra_runs(plans)
        runs = run_scenarios(
            pop, scenarios, seed, assumptions, workers, draw.positions, draw.fitted, extra
        )
        timings[f"simulate_{k}"] = round(time.perf_counter() - t, 3)
        if draw.fitted:
            refits[str(k)] = refit_record(draw, runs[0], base, pop)
        results = dict(zip(keys, runs, strict=False))
        # each run's incomes and statuses worked out once
        with shared_outcomes():
            rows = {}
            for s, at in zip(scenarios, assumptions, strict=True):
                result = results[s.key]
                row = metrics(pop, result, at, s.parameters, s.one_off_costs_gbp)
                rows[s.key] = dict(row)
                if s is base:
                    baseline_row = row
                else:
                    for name, value in list(row.items()):
                        if name not in NO_CHANGE:
                            row[f"{name}_change"] = value - baseline_row[name]
                    row.update(poverty_transitions(pop, results[base.key], result))
                    row.update(cost_per_child_lifted(row))
                for name, value in row.items():
                    values.setdefault((s.key, name), []).append(value)
                if k == 0:
                    central_monthly.append(result.monthly.assign(scenario=s.key))
                    central_quarterly.append(result.quarterly.assign(scenario=s.key))
                    central_groups.append(distribution(pop, result).assign(scenario=s.key))
                    if s is not base:
                        central_deciles.append(
                            deciles(pop, results[base.key], result).assign(scenario=s.key)
                        )
            if plans:
                # a reform's counterfactual runs are costed as the reform is (its
                # cost assumptions, its law, its one-off costs)
                costed = {
                    s.key: (at, s.parameters, s.one_off_costs_gbp)
                    for s, at in zip(scenarios, assumptions, strict=True)
                }
                extra_rows, at_run = [], len(keys)
                for plan in plans:
                    for r in runs[at_run : at_run + len(plan.runs)]:
                        extra_rows.append(metrics(pop, r, *costed[plan.reform]))
                    at_run += len(plan.runs)
                channel_runs.collect(channel_store, plans, rows, base.key, extra_rows)
    table = _metric_table(values)
    monthly = _scenario_first(pd.concat(central_monthly, ignore_index=True))
    decile_table = (
        pd.concat(central_deciles, ignore_index=True)
        if central_deciles
        else pd.DataFrame(columns=["scenario", "household", "decile"])
    )
    if not decile_table.empty:
        decile_table = _scenario_first(decile_table)
    run = {
        "model_version": __version__,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "scenarios": [s.file for s in scenarios],
        "start": base.start.isoformat(),
        "months": base.months,
        "population_seed": base.seed,
        "population_size": sizes[0],
        "population": "given"
        if population is not None
        else ("full GB (weight 1)" if families is None else f"synthetic sample of {families:,}"),
        "replications": replications,
        "range": range_label(replications),
        "range_percentiles_from_replications": MIN_FOR_PERCENTILES,
        "varied_assumptions": paths if replications > 1 else [],
        "refits": refits,
        "parameter_digests": {s.key: s.parameters.digest() for s in scenarios},
        "assumption_digests": {s.key: s.assumptions.digest() for s in scenarios},
        "file_hashes": _file_hashes(),
        "timings_seconds": {"total": round(time.perf_counter() - started, 3), **timings},
    }
    quarterly = _scenario_first(pd.concat(central_quarterly, ignore_index=True))
    groups = _scenario_first(pd.concat(central_groups, ignore_index=True))
    comparison = Comparison(table, decile_table, monthly, run, list(scenarios), quarterly, groups)
    if channels:
        comparison.channels = channel_runs.channel_table(channel_store, replication_range)
        run["channel_order"] = list(channel_runs.CHANNELS)
    return comparison


def _check(scenarios: list[Scenario], families: int | None, replications: int) -> None:
    """Settings and scenarios that cannot be compared: a clear error, before any run."""
    if not scenarios:
        raise CompareError("give at least one scenario")
    if replications < 1:
        raise CompareError(f"replications must be 1 or more, not {replications}")
    if families is not None and families < 1:
        raise CompareError(f"families must be 1 or more, not {families}")
    base = scenarios[0]
    for s in scenarios[1:]:
        if (s.start, s.months, s.seed) != (base.start, base.months, base.seed):
            raise CompareError(
                f"{s.file}: start {s.start}, months {s.months}, seed {s.seed} differ from the "
                f"baseline {base.file} ({base.start}, {base.months}, {base.seed}); scenarios "
                "compared must share them - change the reform file's start, months and seed"
            )
    keys = [s.key for s in scenarios]
    if len(set(keys)) != len(keys):
        raise CompareError(f"a scenario is given twice: {', '.join(keys)}")


def _metric_table(values: dict[tuple[str, str], list[float]]) -> pd.DataFrame:
    """scenario, metric, value (the central run), low, high, unit: one row per
    scenario and metric, from each metric's values in replication order."""
    rows = []
    for (key, name), series in values.items():
        data = np.asarray(series, dtype=float)
        low, high = replication_range(data, data[0])
        rows.append(
            {
                "scenario": key,
                "metric": name,
                "value": data[0],
                "low": low,
                "high": high,
                "unit": _unit(name),
                "range": range_label(len(data)),
            }
        )
    return pd.DataFrame(rows)


def _scenario_first(table: pd.DataFrame) -> pd.DataFrame:
    return table[["scenario", *[c for c in table.columns if c != "scenario"]]]


def _unit(name: str) -> str:
    if name in METRIC_UNITS:
        return METRIC_UNITS[name]
    if name in TRANSITION_UNITS:
        return TRANSITION_UNITS[name]
    if name in PER_CHILD:
        return PER_CHILD_UNIT
    if name.endswith("_change") and name[: -len("_change")] in METRIC_UNITS:
        return METRIC_UNITS[name[: -len("_change")]]
    return "children"


def _file_hashes() -> dict[str, str]:
    """SHA-256 (first 16 hex digits) of every parameter and assumption file."""
    out = {}
    for folder in ("statutory", "register"):
        for entry in sorted(
            resources.files("simulator.inputs").joinpath(folder).iterdir(), key=str
        ):
            if str(entry).endswith(".yaml"):
                data = entry.read_bytes()
                out[f"{folder}/{Path(str(entry)).name}"] = hashlib.sha256(data).hexdigest()[:16]
    return out
