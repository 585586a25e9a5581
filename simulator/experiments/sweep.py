"""Parameter sweeps: one reform at many settings, each with replications.

A sweep file (``sweeps/*.yaml``) names a base scenario, the parameters or
assumptions to vary and their values, how many replications, and the metrics
wanted::

    name: Receiving parent's fee from 0% to 4%
    base: ../scenarios/baseline.yaml        # relative to this file, or a shipped name
    families: 20000                         # synthetic population size
    replications: 20
    grid: true                              # every combination (false: zip lists)
    metrics: [children_in_relative_poverty_ahc, maintenance_received_cms_annual_gbp]
    vary:
      - parameter: fees.collection.receiving_parent_rate
        from: 2026-05-01
        range: {start: 0.0, stop: 0.04, step: 0.005}   # or values: [0, 0.02, 0.04]
      - assumption: behaviour.reform.lifestyle_detection_annual
        values: [0.1, 0.2]

:func:`load_sweep` takes a file, or the bare name of a shipped sweep
(``receiving-parent-fee``: the files of the top-level ``sweeps/``, shipped
inside the package). Every point is a scenario made by the same validation as a
scenario file (a bad value is refused before anything runs). Each (point, replication) is one task:
replication 0 is central; replication k uses seed + k, draws the behavioural and
population assumptions from their ranges and re-fits the fitted intercepts
exactly as ``cms-sim compare`` does, so the same replication sees the same
population and luck at every point. Every point starts
from current law's history, as a reform does in ``cms-sim compare``: a point's
figures are the ones a comparison gives for that reform.

Tasks run serially, in local processes (default: all cores) or on a Dask
cluster (``scheduler="tcp://host:port"`` or ``"dask-local"``); the population is
built once per worker process and replication seed, not per task. Each finished
task is saved at once (``DIR/parts/``), so a rerun with the same ``DIR`` skips
it; a failing task is recorded in ``DIR/failures.csv`` with its parameters and
the others still run. ``DIR/sweep.csv`` holds one row per point x replication x
metric, ``DIR/summary.csv`` the central value and the range across replications
(the 5th-95th percentiles with 20 replications or more, else the lowest and
highest value: :func:`~simulator.experiments.replication.replication_range`).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import os
import re
import traceback
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from simulator import allocator
from simulator.errors import SimulatorError
from simulator.experiments.replication import replication_range, varied_assumptions
from simulator.experiments.replication_setup import replication_families
from simulator.experiments.runs import run_scenario
from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.limits import MAX_FAMILIES
from simulator.inputs.yamlio import LineDict, YamlError, read_yaml
from simulator.outcomes.metrics import METRIC_UNITS, metrics
from simulator.resources import display_path, find_file, not_found, shipped_names, sweep_folder
from simulator.scenarios.load import (
    SCENARIO_FOLDER,
    Scenario,
    ScenarioError,
    load_scenario,
    load_scenario_text,
)
from simulator.workers import stop_workers, worker_start

__all__ = [
    "SWEEP_FOLDER",
    "Sweep",
    "SweepError",
    "limited_sweep",
    "load_sweep",
    "read_sweep_results",
    "run_sweep",
]

#: The shipped sweep files (the top-level ``sweeps/``).
SWEEP_FOLDER = sweep_folder()

FIELDS = {"name", "description", "base", "families", "replications", "grid", "metrics", "vary"}
#: How long to try to reach a Dask scheduler.
CONNECT_TIMEOUT = "20s"
#: Most tasks (points x replications) a sweep may have.
MAX_TASKS = 100_000
#: Characters of a range's number given as text that are converted at most.
MAX_NUMBER_TEXT = 40
#: A sweep run from the dashboard runs in the page's own process while the
#: reader waits: at most this many families (the dashboard's own population)...
PAGE_MAX_FAMILIES = 20_000
#: ...and at most this many tasks (points x replications): about a minute at
#: 20,000 families (measured: 1.2-1.4 s a task, plus 11 s for each
#: replication's re-fit beyond the central one). Bigger sweeps: ``cms-sim sweep``.
PAGE_MAX_TASKS = 30


class SweepError(SimulatorError):
    """A sweep file or run that cannot be used; says where and how to fix it."""


@dataclass(frozen=True)
class Sweep:
    name: str
    file: str
    base: Scenario
    base_text: str
    base_name: str
    folder: str  # where the base scenario lives (its own 'base' files are there)
    families: int
    replications: int
    metrics: tuple[str, ...]
    axes: tuple[dict, ...]  # each: kind, target, from, values
    points: tuple[dict, ...]  # each: {target: value}

    @property
    def digest(self) -> str:
        tree = {
            "base": self.base_text,
            # the whole resolved base, its own bases included: a change to a
            # base's base makes another sweep (resume refuses the old folder)
            "resolved": self.base.resolved(),
            "families": self.families,
            "metrics": self.metrics,
            "axes": self.axes,
        }
        return hashlib.sha256(json.dumps(tree, sort_keys=True, default=str).encode()).hexdigest()[
            :16
        ]

    def point_text(self, index: int) -> str:
        """The scenario YAML of point ``index``: the base and the point's changes."""
        tree = yaml.safe_load(self.base_text)
        changes = list(tree.get("changes") or [])
        for axis in self.axes:
            value = self.points[index][axis["target"]]
            if axis["kind"] == "parameter":
                changes.append({"parameter": axis["target"], "from": axis["from"], "value": value})
            else:
                changes.append({axis["kind"]: axis["target"], "value": value})
        tree["changes"] = changes
        tree["name"] = f"{self.name}, point {index}"
        return yaml.safe_dump(tree, sort_keys=False)


def load_sweep(path: str | Path) -> Sweep:
    """Read and validate a sweep file (``path``, or the name of a shipped
    sweep), and every point's scenario."""
    path, shown = _sweep_file(path)
    try:
        tree = read_yaml(path)
    except YamlError as exc:
        raise SweepError(f"{exc}. Fix: correct the YAML syntax") from None
    if not isinstance(tree, LineDict):
        raise SweepError(f"{shown}: not a mapping of fields. Fix: start with 'name: ...'")

    def fail(key: str, problem: str, fix: str, node: LineDict = tree) -> SweepError:
        line = node.line_of(key) if isinstance(node, LineDict) else None
        where = f"{shown}, line {line}" if line else shown
        return SweepError(f"{where}: '{key}': {problem}. Fix: {fix}")

    for key in tree:
        if key not in FIELDS:
            raise fail(key, "unknown field", f"use only {', '.join(sorted(FIELDS))}")
    for key in ("name", "base", "vary"):
        if key not in tree:
            raise SweepError(f"{shown}: '{key}' is missing. Fix: add '{key}: ...'")
    base_path = _base_file(str(tree["base"]), path, fail)
    try:
        base = load_scenario(base_path)
    except ScenarioError as exc:
        raise SweepError(f"{shown}: base scenario: {exc}") from None
    families = tree.get("families", 20_000)
    replications = tree.get("replications", 1)
    for key, value in (("families", families), ("replications", replications)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise fail(
                key, f"{value!r} is not a whole number of 1 or more", f"write e.g. {key}: 10"
            )
    if families > MAX_FAMILIES:
        raise fail(
            "families",
            f"{families:,} is more than {MAX_FAMILIES:,} (about twice the whole of GB)",
            f"give at most {MAX_FAMILIES:,}",
        )
    wanted = tree.get("metrics") or list(METRIC_UNITS)
    if not isinstance(wanted, list) or not all(isinstance(m, str) for m in wanted):
        raise fail(
            "metrics", "must be a list of metric names", "e.g. metrics: [collect_and_pay_share]"
        )
    unknown = [m for m in wanted if m not in METRIC_UNITS]
    if unknown:
        raise fail(
            "metrics", f"unknown metric '{unknown[0]}'", f"use names from {', '.join(METRIC_UNITS)}"
        )
    entries = _list(tree["vary"], fail)
    axes = tuple(_axis(item, fail, base) for item in entries)
    lines = [_entry_line(item) for item in entries]
    seen: dict[str, int] = {}
    for i, axis in enumerate(axes):
        if axis["target"] in seen:
            raise fail(
                axis["kind"],
                f"'{axis['target']}' is varied twice (entries {seen[axis['target']] + 1} and "
                f"{i + 1})",
                "give each parameter, assumption or switch one entry, with all its values",
                entries[i],
            )
        seen[axis["target"]] = i
    grid = tree.get("grid", True)
    # the number of tasks, worked out from the axes' lengths before any grid is built
    sizes = [len(a["values"]) for a in axes]
    tasks = (math.prod(sizes) if grid else max(sizes)) * replications
    if tasks > MAX_TASKS:
        raise fail(
            "vary",
            f"{tasks:,} tasks (points x replications)",
            f"keep points x replications under {MAX_TASKS:,}",
        )
    if grid:
        combos = list(itertools.product(*(a["values"] for a in axes)))
    else:
        lengths = {len(a["values"]) for a in axes}
        if len(lengths) > 1:
            raise fail(
                "grid",
                "with grid: false every list needs the same length",
                "make them equal or use grid: true",
            )
        combos = list(zip(*(a["values"] for a in axes), strict=True))
    if len(combos) * replications > MAX_TASKS:
        raise fail(
            "vary",
            f"{len(combos) * replications:,} tasks",
            f"keep points x replications under {MAX_TASKS:,}",
        )
    points = tuple({a["target"]: v for a, v in zip(axes, combo, strict=True)} for combo in combos)
    sweep = Sweep(
        name=str(tree["name"]),
        file=shown,
        base=base,
        base_text=base_path.read_text(encoding="utf-8"),
        base_name=base_path.name,
        folder=str(base_path.parent),
        families=families,
        replications=replications,
        metrics=tuple(wanted),
        axes=axes,
        points=points,
    )
    for index in range(len(points)):  # every point validated before anything runs
        try:
            _point_scenario(sweep, index)
        except ScenarioError as exc:
            line = _failing_entry_line(sweep, index, lines)
            where = f"{shown}, line {line}" if line else shown
            # the point's text is generated: its own line numbers mean nothing to the user
            problem = re.sub(rf"^{re.escape(sweep.base_name)}, line \d+: ", "", str(exc))
            raise SweepError(f"{where} (vary): point {points[index]}: {problem}") from None
    return sweep


def limited_sweep(sweep: Sweep, families: int, replications: int) -> Sweep:
    """``sweep`` with ``families`` and ``replications`` of its own, within what
    the dashboard runs (:data:`PAGE_MAX_FAMILIES`, :data:`PAGE_MAX_TASKS`);
    a plain message saying what to choose otherwise."""
    if families > PAGE_MAX_FAMILIES:
        raise SweepError(
            f"{families:,} families is more than the page runs ({PAGE_MAX_FAMILIES:,}). "
            "Fix: choose fewer, or run the sweep with cms-sim sweep"
        )
    tasks = len(sweep.points) * replications
    if tasks > PAGE_MAX_TASKS:
        most = max(PAGE_MAX_TASKS // len(sweep.points), 0)
        fix = (
            f"choose at most {most} replication{'s' if most != 1 else ''}"
            if most
            else "run it with cms-sim sweep"
        )
        raise SweepError(
            f"{len(sweep.points)} settings x {replications} replications is {tasks} runs, "
            f"more than the page runs ({PAGE_MAX_TASKS}). Fix: {fix}"
        )
    return replace(sweep, families=families, replications=replications)


def _entry_line(item: Any) -> int | None:
    """The sweep-file line of a vary entry (its parameter/assumption/switch key)."""
    if not isinstance(item, LineDict):
        return None
    for key in ("parameter", "assumption", "switch"):
        if key in item:
            return item.line_of(key)
    return None


def _failing_entry_line(sweep: Sweep, index: int, lines: list[int | None]) -> int | None:
    """The sweep-file line of the vary entry whose value makes point ``index``
    invalid: the first entry that fails with its value alone (else the first)."""
    for i, axis in enumerate(sweep.axes):
        alone = replace(
            sweep, axes=(axis,), points=({axis["target"]: sweep.points[index][axis["target"]]},)
        )
        try:
            _point_scenario(alone, 0)
        except ScenarioError:
            return lines[i]
    return lines[0] if lines else None


def _sweep_file(given: str | Path) -> tuple[Path, str]:
    """The file a sweep argument names, and how messages show it: ``given``
    itself if it is a file; else, for a bare name (no folder part, with or
    without ``.yaml``), the shipped sweep of that name."""
    path = Path(given)
    found = find_file(given, SWEEP_FOLDER)
    if found is None:
        problem, fix = not_found(given, "sweep", SWEEP_FOLDER)
        raise SweepError(f"{path}: {problem}. Fix: {fix}")
    return found, str(found) if found == path else display_path(found)


def _base_file(base: str, path: Path, fail) -> Path:
    """The sweep's base scenario: a file relative to the sweep file, else a
    shipped scenario of that name."""
    found = find_file(base, SCENARIO_FOLDER, beside=path.parent)
    if found is not None:
        return found.resolve()
    names = ", ".join(shipped_names(SCENARIO_FOLDER))
    raise fail(
        "base",
        f"'{base}' not found",
        f"give a scenario file, relative to this one, or the name of a shipped scenario: {names}",
    )


def _list(raw: Any, fail) -> list:
    if not isinstance(raw, list) or not raw:
        raise fail("vary", "must be a non-empty list", "write '- parameter: ...' entries")
    return raw


def _number(value: Any) -> Any:
    """A range's number; text such as ``1e-12`` (which YAML reads as text)
    converted, if it is short and one; else ``value`` itself."""
    if isinstance(value, str) and len(value) <= MAX_NUMBER_TEXT:
        try:
            return float(value)
        except ValueError:
            return value
    return value


def _axis(item: Any, fail, base: Scenario) -> dict:
    if not isinstance(item, dict):
        raise fail("vary", f"{item!r} is not an entry", "write '- parameter: name' with values")
    kinds = [k for k in ("parameter", "assumption", "switch") if k in item]
    if len(kinds) != 1:
        raise fail(
            "vary",
            "each entry needs exactly one of parameter, assumption, switch",
            "split it",
            item,
        )
    kind = kinds[0]
    allowed = {kind, "from", "values", "range"}
    extra = [k for k in item if k not in allowed]
    if extra:
        raise fail(
            extra[0], "not a field of a vary entry", f"use {', '.join(sorted(allowed))}", item
        )
    if ("values" in item) == ("range" in item):
        raise fail(kind, "give either 'values' or 'range'", "e.g. values: [0, 0.02, 0.04]", item)
    if "values" in item:
        values = item["values"]
        if not isinstance(values, list) or not values:
            raise fail("values", "must be a non-empty list", "e.g. values: [0, 0.02]", item)
    else:
        r = item["range"]
        if not isinstance(r, dict) or set(r) != {"start", "stop", "step"}:
            raise fail(
                "range",
                "needs start, stop and step",
                "e.g. range: {start: 0, stop: 0.04, step: 0.01}",
                item,
            )
        numbers = [_number(r[k]) for k in ("start", "stop", "step")]
        if not all(
            isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)
            for x in numbers
        ):
            raise fail(
                "range",
                "start, stop and step must be finite numbers (not .nan, .inf or text)",
                "e.g. range: {start: 0, stop: 0.04, step: 0.01}",
                item,
            )
        start, stop, step = (float(x) for x in numbers)
        if step <= 0 or stop < start:
            raise fail("range", "needs step > 0 and stop >= start", "check the numbers", item)
        steps = (stop - start) / step
        if not steps < MAX_TASKS:  # counted before any value is made
            raise fail(
                "range",
                f"{steps:,.0f} steps from start to stop: the step is too small",
                f"give a step that makes at most {MAX_TASKS:,} values",
                item,
            )
        count = int(np.floor(steps + 1e-9)) + 1
        values = [round(start + i * step, 12) for i in range(count)]
    start = item.get("from", base.start)
    return {
        "kind": kind,
        "target": str(item[kind]),
        "from": str(start),
        "values": tuple(values),
    }


def _point_scenario(sweep: Sweep, index: int) -> Scenario:
    return load_scenario_text(
        sweep.point_text(index), sweep.base_name, Path(sweep.folder), local_bases=True
    )


# -------------------------------------------------------------------------- tasks

#: Replications' families and draws built in this process:
#: (families, seed, start, months, replication) -> (Population, Draw).
_POPULATIONS: dict[tuple, tuple] = {}


def _replication(families: int, scenario: Scenario, k: int) -> tuple:
    """Replication ``k``'s families and draw (re-fitted once per process, the
    same at every point: the re-fit is to current law)."""
    key = (families, scenario.seed, str(scenario.start), scenario.months, k)
    if key not in _POPULATIONS:
        if len(_POPULATIONS) > 8:  # keep memory bounded on long sweeps
            _POPULATIONS.pop(next(iter(_POPULATIONS)))
        paths = varied_assumptions(load_assumptions())
        _POPULATIONS[key] = replication_families(scenario, k, paths, families)
    return _POPULATIONS[key]


def run_task(spec: dict) -> dict:
    """One (point, replication): the metrics, or the error. A plain function of
    plain data, so it runs the same in a local process or on a Dask worker."""
    try:
        scenario = load_scenario_text(
            spec["text"], spec["name"], Path(spec["folder"]), local_bases=True
        )
        k = spec["replication"]
        seed = scenario.seed + k
        # the same families and draws as a comparison's replication k
        pop, draw = _replication(spec["families"], scenario, k)
        assumptions = draw.assumptions(scenario)
        result = run_scenario(pop, scenario, seed, assumptions, 1, draw.positions, draw.fitted)
        values = metrics(pop, result)
        return {"ok": True, "values": {m: values[m] for m in spec["metrics"]}}
    except Exception as exc:  # a failed point is reported, the others go on
        return {
            "ok": False,
            "error": f"{type(exc).__name__}: {exc}",
            "trace": traceback.format_exc(limit=3),
        }


def _tasks(sweep: Sweep) -> list[dict]:
    out = []
    for index in range(len(sweep.points)):
        text = sweep.point_text(index)
        for k in range(sweep.replications):
            out.append(
                {
                    "point": index,
                    "replication": k,
                    "text": text,
                    "name": sweep.base_name,
                    "folder": sweep.folder,
                    "families": sweep.families,
                    "metrics": list(sweep.metrics),
                }
            )
    return out


def run_sweep(
    sweep: Sweep,
    out: str | Path,
    scheduler: str | None = None,
    workers: int | None = None,
    progress: Callable[[int, int], None] | None = None,
    task: Callable[[dict], dict] = run_task,
) -> dict:
    """Run every unfinished task of ``sweep`` into folder ``out`` and write
    sweep.csv and summary.csv. ``scheduler``: None (local processes), "serial",
    "dask-local" (a local Dask cluster) or a Dask scheduler address."""
    from simulator.reports.files import write_csv_atomic, write_text_atomic

    out = Path(out)
    check_workers(workers)  # before any file is created
    parts = out / "parts"
    parts.mkdir(parents=True, exist_ok=True)
    marker = out / "sweep.json"
    if marker.exists():
        saved = json.loads(marker.read_text())
        if saved.get("digest") != sweep.digest:
            raise SweepError(
                f"{out} holds the results of another sweep ({saved.get('file')}). Fix: give "
                "another output folder, or delete that folder to start again"
            )
    else:
        write_text_atomic(
            json.dumps({"digest": sweep.digest, "file": sweep.file, "name": sweep.name}, indent=2),
            marker,
        )
    tasks = _tasks(sweep)
    todo = [t for t in tasks if not _part(parts, t).exists()]
    skipped = len(tasks) - len(todo)
    failures: list[dict] = []
    done = [skipped]
    say = progress or (lambda _done, _total: None)
    say(done[0], len(tasks))

    def finished(spec: dict, outcome: dict) -> None:
        point = sweep.points[spec["point"]]
        if outcome["ok"]:
            rows = [
                {
                    "point": spec["point"],
                    **point,
                    "replication": spec["replication"],
                    "metric": m,
                    "value": v,
                }
                for m, v in outcome["values"].items()
            ]
            write_csv_atomic(pd.DataFrame(rows), _part(parts, spec))
        else:
            failures.append(
                {
                    "point": spec["point"],
                    **point,
                    "replication": spec["replication"],
                    "error": outcome["error"],
                }
            )
        done[0] += 1
        say(done[0], len(tasks))

    if scheduler == "serial" or not todo:
        for spec in todo:
            finished(spec, task(spec))
    elif scheduler is None:
        count = min(workers or os.cpu_count() or 1, len(todo))
        pool = ProcessPoolExecutor(count, initializer=worker_start, initargs=(os.getpid(),))
        try:
            futures = {pool.submit(task, spec): spec for spec in todo}
            for future in as_completed(futures):
                finished(futures[future], future.result())
        except BaseException:  # Ctrl-C or a failure: no worker outlives the sweep
            stop_workers(pool)
            raise
        pool.shutdown()
    else:
        _run_on_dask(scheduler, todo, task, finished, workers)

    table = _collect(parts)
    summary = summarise(table, sweep)
    _write_summary(out, table, summary, failures)
    return {
        "tasks": len(tasks),
        "run": len(todo),
        "skipped": skipped,
        "failed": len(failures),
        "failures": failures,
    }


#: The files of a sweep's summary, replaced together (:func:`_write_summary`).
SUMMARY_FILES = ("sweep.csv", "summary.csv", "failures.csv")


def _write_summary(out: Path, table: pd.DataFrame, summary: pd.DataFrame, failures) -> None:
    """sweep.csv, summary.csv and (if any task failed) failures.csv, all
    written into a temporary folder inside ``out`` first; then the old ones
    are removed and the new ones renamed in. A failure while writing leaves
    the old summary; a kill during the renames leaves part of the new one,
    never a mix of two runs' (the parts/ are kept either way: rerun to
    finish)."""
    import shutil
    import tempfile

    from simulator.reports.files import write_csv_atomic

    new = Path(tempfile.mkdtemp(prefix=".summary.", suffix=".tmp", dir=out))
    try:
        write_csv_atomic(table, new / "sweep.csv")
        write_csv_atomic(summary, new / "summary.csv")
        if failures:
            write_csv_atomic(pd.DataFrame(failures), new / "failures.csv")
        for name in SUMMARY_FILES:
            (out / name).unlink(missing_ok=True)
        for name in SUMMARY_FILES:
            if (new / name).exists():
                os.replace(new / name, out / name)
    finally:
        shutil.rmtree(new, ignore_errors=True)


def check_workers(workers: Any) -> None:
    """Refuse a worker count that is not a whole number of 1 or more."""
    if workers is None:
        return
    if isinstance(workers, bool) or not isinstance(workers, int) or workers < 1:
        raise SweepError(f"--workers must be a whole number of 1 or more, not {workers!r}")


def _run_on_dask(scheduler: str, todo: list[dict], task, finished, workers: int | None) -> None:
    try:
        from dask.distributed import Client, LocalCluster
        from dask.distributed import as_completed as dask_completed
    except ImportError:
        raise SweepError(
            "a Dask scheduler needs dask.distributed. Fix: pip install -e '.[distributed]'"
        ) from None
    if scheduler != "dask-local" and "://" not in scheduler:
        raise SweepError(
            f"scheduler '{scheduler}' is not a scheduler. Fix: give none (local processes), "
            "'serial', 'dask-local' or an address such as tcp://host:8786"
        )
    cluster = None
    if scheduler == "dask-local":
        import dask

        # Dask starts its worker processes afresh, with an allocator setting of
        # its own (MALLOC_TRIM_THRESHOLD_); give them the model's instead, as
        # cms-sim tunes its own process (speed only; simulator.allocator)
        environ = dask.config.get("distributed.nanny.pre-spawn-environ", {})
        with dask.config.set(
            {"distributed.nanny.pre-spawn-environ": {**environ, **allocator.environment()}}
        ):
            cluster = LocalCluster(
                n_workers=workers or os.cpu_count() or 1,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
            )
        client = Client(cluster)
    else:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as exc:
            raise SweepError(
                f"cannot reach the Dask scheduler at {scheduler} ({exc}). Fix: start it "
                "(dask scheduler) or check the address; finished points are kept"
            ) from None
    try:
        futures = client.map(task, todo, pure=False)
        index = {f.key: spec for f, spec in zip(futures, todo, strict=True)}
        for future in dask_completed(futures):
            finished(index[future.key], future.result())
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _part(parts: Path, spec: dict) -> Path:
    return parts / f"point-{spec['point']:05d}-rep-{spec['replication']:04d}.csv"


def _collect(parts: Path) -> pd.DataFrame:
    frames = [pd.read_csv(p) for p in sorted(parts.glob("point-*.csv"))]
    if not frames:
        return pd.DataFrame(columns=["point", "replication", "metric", "value"])
    return (
        pd.concat(frames, ignore_index=True)
        .sort_values(["point", "replication", "metric"], kind="stable")
        .reset_index(drop=True)
    )


def summarise(table: pd.DataFrame, sweep: Sweep) -> pd.DataFrame:
    """Per point and metric: the central run (replication 0), the range
    across replications (:func:`~simulator.experiments.replication.replication_range`)
    and the number of replications done."""
    if table.empty:
        return pd.DataFrame()
    keys = ["point", *[a["target"] for a in sweep.axes], "metric"]
    rows = []
    for key, group in table.groupby(keys, sort=True):
        values = group.sort_values("replication").value.to_numpy(dtype=float)
        central = group[group.replication == 0].value
        value = float(central.iloc[0]) if len(central) else float("nan")
        low, high = replication_range(values, value)
        rows.append(
            {
                **dict(zip(keys, key, strict=True)),
                "value": value,
                "low": low,
                "high": high,
                "replications": len(values),
                "unit": METRIC_UNITS[key[-1]],
            }
        )
    return pd.DataFrame(rows)


SUMMARY_COLUMNS = ("point", "metric", "value", "low", "high", "replications", "unit")


def read_sweep_results(folder: str | Path) -> tuple[pd.DataFrame, list[str]]:
    """A sweep's summary (written by :func:`run_sweep`) and the swept
    parameters' column names, for plotting; a clear error if ``folder`` holds
    no sweep results."""
    folder = Path(folder)
    summary = folder / "summary.csv"
    if not summary.is_file():
        raise SweepError(
            f"{folder}: no summary.csv here. Fix: give the folder a finished sweep wrote "
            "its results to"
        )
    try:
        table = pd.read_csv(summary)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as exc:
        raise SweepError(f"{summary}: not a sweep summary ({exc})") from None
    missing = [c for c in SUMMARY_COLUMNS if c not in table.columns]
    if missing:
        raise SweepError(f"{summary}: not a sweep summary (no column '{missing[0]}')")
    axes = [c for c in table.columns if c not in SUMMARY_COLUMNS]
    return table, axes
