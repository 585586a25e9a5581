"""Running scenarios against each other, with uncertainty.

:func:`compare` runs a baseline and any number of reforms on the same families
with the same random draws, so that a difference between them is the policy's
effect and not luck. With ``replications`` K > 1, it reruns everything K times:
replication 0 is the central run (the scenarios' seed, central assumptions);
replication k draws a new population and behaviour (seed + k) and moves every
behavioural assumption with a range to a point of it drawn uniformly (keyed to
the seed, the replication and the assumption, and the same in every scenario).
Each metric then has a low and high: the 5th and 95th percentiles across
replications, widened if need be to include the central run — for levels and
for changes against the baseline, which are computed replication by replication
(common random numbers). With one replication, low = value = high.

:func:`sensitivity` moves one assumption at a time to the low and high ends of
its range and reports how much a chosen metric moves.

Every run, of any kind, starts from current law's history
(:func:`current_law_history`): the warm-up months before the start run under the
assumption register's behaviour (at the replication's or sensitivity run's
points of the ranges) and no switches, with each scenario's own parameters (the
same as current law's unless a scenario dates a change before its start). So a
reform acts only from its start, and a reform's figures are the same whether it
is run alone, compared with the baseline or swept.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from simulator import __version__
from simulator.dynamics import Run, simulate_runs
from simulator.errors import SimulatorError
from simulator.inputs.assumptions import AssumptionSet, load_assumptions
from simulator.inputs.switches import Switches
from simulator.outcomes.metrics import METRIC_UNITS, deciles, metrics, poverty_transitions
from simulator.population import Population, full_gb_population, synthesise_population
from simulator.randomness import KeyedRandom
from simulator.scenarios.load import Scenario

__all__ = [
    "CompareError",
    "Comparison",
    "assumption_positions",
    "compare",
    "run_scenario",
    "sensitivity",
    "varied_assumptions",
    "with_positions",
]

#: The interval reported for each metric across replications (percentiles).
INTERVAL = (5.0, 95.0)
#: Assumption groups whose ranges are sampled in replications and sensitivity.
VARIED_GROUPS = ("behaviour.", "behaviour_fitted.")
#: Metrics that describe the families rather than a policy outcome get no change row.
NO_CHANGE = {
    "children_in_separated_families",
    "children_in_receiving_households",
    "children_in_paying_households",
}


class CompareError(SimulatorError):
    """Scenarios that cannot be compared, or bad run settings; says why."""


@dataclass
class Comparison:
    metrics: pd.DataFrame  # scenario, metric, value, low, high, unit
    deciles: pd.DataFrame  # scenario, household, decile, ...
    monthly: pd.DataFrame  # scenario, month, ... (central replication)
    run: dict = field(default_factory=dict)
    scenarios: list[Scenario] = field(default_factory=list)
    quarterly: pd.DataFrame = field(default_factory=pd.DataFrame)  # scenario, quarter_end, ...


def current_law_history(positions: dict[str, float] | None = None):
    """Behaviour and switches for the months before a run's start: the
    assumption register's (moved to ``positions`` in their ranges, if given)
    and no switches. Returns ``(assumptions, switches)``."""
    law = load_assumptions()
    return (law.at_positions(positions) if positions else law), Switches()


def run_scenario(
    population: Population,
    scenario: Scenario,
    seed: int | None = None,
    assumptions: AssumptionSet | None = None,
    workers: int | None = None,
    positions: dict[str, float] | None = None,
):
    """Simulate ``scenario`` on ``population`` (its parameters, horizon, seed,
    assumptions and switches, unless given) from current law's history (at
    ``positions``, the points in the ranges the run's assumptions were moved
    to); for sensitivity, sweeps and validation."""
    seed = scenario.seed if seed is None else seed
    return run_scenarios(
        population, [scenario], seed, [assumptions or scenario.assumptions], workers, positions
    )[0]


def run_scenarios(
    population: Population,
    scenarios: list[Scenario],
    seed: int,
    assumptions: list[AssumptionSet],
    workers: int | None = None,
    positions: dict[str, float] | None = None,
):
    """Simulate scenarios that share a start, horizon and seed on the same
    families from current law's history, with its warm-up worked out once: the
    one place scenarios meet the dynamics."""
    history, history_switches = current_law_history(positions)
    first = scenarios[0]
    return simulate_runs(
        population,
        [Run(s.parameters, a, s.switches) for s, a in zip(scenarios, assumptions, strict=True)],
        first.months,
        first.start,
        seed,
        history=history,
        history_switches=history_switches,
        workers=workers,
    )


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


def with_positions(scenario: Scenario, positions: dict[str, float]) -> AssumptionSet:
    """The scenario's assumptions moved to ``positions``, except the ones the
    scenario itself sets (a scenario's override is a policy choice, not an
    uncertainty)."""
    own = {c.target for c in scenario.changes if c.kind == "assumption"}
    return scenario.assumptions.at_positions({p: v for p, v in positions.items() if p not in own})


def _population(families: int | None, seed: int, start: dt.date) -> Population:
    if families is None:
        return full_gb_population(seed, start)
    return synthesise_population(families, seed, start)


def compare(
    scenarios: list[Scenario],
    families: int | None = 20_000,
    replications: int = 1,
    population: Population | None = None,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> Comparison:
    """Run ``scenarios`` (the first is the baseline) on the same families.
    ``families``: the size of the synthetic population (None = full GB, weight
    one each); ``population``: use this one instead, for every replication."""
    if not scenarios:
        raise CompareError("give at least one scenario")
    if replications < 1:
        raise CompareError(f"--replications must be 1 or more, not {replications}")
    if families is not None and families < 1:
        raise CompareError(f"--families must be 1 or more, not {families}")
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
    paths = varied_assumptions(load_assumptions())
    say = progress or (lambda _message: None)
    timings: dict[str, float] = {}
    values: dict[tuple[str, str], list[float]] = {}
    central_monthly, central_deciles, central_quarterly = [], [], []
    sizes = []
    started = time.perf_counter()
    for k in range(replications):
        seed = base.seed + k
        t = time.perf_counter()
        pop = population if population is not None else _population(families, seed, base.start)
        timings[f"population_{k}"] = round(time.perf_counter() - t, 3)
        sizes.append(len(pop))
        positions = assumption_positions(base.seed, k, paths) if k else {}
        say(f"replication {k + 1}/{replications}: {', '.join(keys)}")
        t = time.perf_counter()
        assumptions = [
            with_positions(s, positions) if positions else s.assumptions for s in scenarios
        ]
        runs = run_scenarios(pop, scenarios, seed, assumptions, workers, positions)
        timings[f"simulate_{k}"] = round(time.perf_counter() - t, 3)
        results = dict(zip(keys, runs, strict=True))
        for s in scenarios:
            result = results[s.key]
            row = metrics(pop, result)
            if s is base:
                baseline_row = row
            else:
                for name, value in list(row.items()):
                    if name not in NO_CHANGE:
                        row[f"{name}_change"] = value - baseline_row[name]
                row.update(poverty_transitions(pop, results[base.key], result))
            for name, value in row.items():
                values.setdefault((s.key, name), []).append(value)
            if k == 0:
                central_monthly.append(result.monthly.assign(scenario=s.key))
                central_quarterly.append(result.quarterly.assign(scenario=s.key))
                if s is not base:
                    central_deciles.append(
                        deciles(pop, results[base.key], result).assign(scenario=s.key)
                    )
    rows = []
    for (key, name), series in values.items():
        data = np.asarray(series, dtype=float)
        finite = data[np.isfinite(data)]
        low, high = np.percentile(finite, INTERVAL) if finite.size else (float("nan"), float("nan"))
        rows.append(
            {
                "scenario": key,
                "metric": name,
                "value": data[0],
                "low": float(min(low, data[0])),
                "high": float(max(high, data[0])),
                "unit": _unit(name),
            }
        )
    monthly = pd.concat(central_monthly, ignore_index=True)
    monthly = monthly[["scenario", *[c for c in monthly.columns if c != "scenario"]]]
    decile_table = (
        pd.concat(central_deciles, ignore_index=True)
        if central_deciles
        else pd.DataFrame(columns=["scenario", "household", "decile"])
    )
    if not decile_table.empty:
        decile_table = decile_table[
            ["scenario", *[c for c in decile_table.columns if c != "scenario"]]
        ]
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
        "interval_percentiles": list(INTERVAL),
        "varied_assumptions": paths if replications > 1 else [],
        "parameter_digests": {s.key: s.parameters.digest() for s in scenarios},
        "assumption_digests": {s.key: s.assumptions.digest() for s in scenarios},
        "file_hashes": _file_hashes(),
        "timings_seconds": {"total": round(time.perf_counter() - started, 3), **timings},
    }
    quarterly = pd.concat(central_quarterly, ignore_index=True)
    quarterly = quarterly[["scenario", *[c for c in quarterly.columns if c != "scenario"]]]
    return Comparison(pd.DataFrame(rows), decile_table, monthly, run, list(scenarios), quarterly)


def _unit(name: str) -> str:
    if name in METRIC_UNITS:
        return METRIC_UNITS[name]
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


def sensitivity(
    scenario: Scenario,
    metric: str,
    families: int | None = 20_000,
    population: Population | None = None,
    progress: Callable[[str], None] | None = None,
    workers: int | None = None,
) -> pd.DataFrame:
    """One assumption at a time at the low and the high end of its range (the
    rest central): the metric at each end and the swing, largest first."""
    if metric not in METRIC_UNITS:
        raise CompareError(f"unknown metric '{metric}'; choose one of {', '.join(METRIC_UNITS)}")
    pop = (
        population
        if population is not None
        else _population(families, scenario.seed, scenario.start)
    )
    say = progress or (lambda _message: None)

    def run(positions: dict[str, float]) -> float:
        assumptions = scenario.assumptions.at_positions(positions)
        result = run_scenario(pop, scenario, None, assumptions, workers, positions)
        return metrics(pop, result)[metric]

    central = run({})
    own = {c.target for c in scenario.changes if c.kind == "assumption"}
    paths = [p for p in varied_assumptions(scenario.assumptions) if p not in own]
    rows = []
    for i, path in enumerate(paths, start=1):
        say(f"{i}/{len(paths)}: {path}")
        item = scenario.assumptions[path]
        low = run({path: 0.0})
        high = run({path: 1.0})
        rows.append(
            {
                "assumption": path,
                "low": str(item.low),
                "central": str(scenario.assumptions.value(path)),
                "high": str(item.high),
                "metric": metric,
                "metric_at_low": low,
                "metric_central": central,
                "metric_at_high": high,
                "swing": high - low,
            }
        )
    table = pd.DataFrame(rows)
    if table.empty:
        return table
    return table.reindex(table.swing.abs().sort_values(ascending=False).index).reset_index(
        drop=True
    )


def stderr_progress(message: str) -> None:
    """A one-line progress display on standard error."""
    print(f"\r{message[:100]:100s}", end="", file=sys.stderr, flush=True)
