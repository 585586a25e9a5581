"""``cms-sim sweep``: every point of a sweep file with its replications,
locally or on a Dask cluster, resumable in the same ``--out`` folder."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from simulator.cli.options import UserError, refuse_a_file_as_folder

__all__ = ["add_parser", "run"]

#: ``--scheduler`` values that are not a Dask address.
LOCAL_SCHEDULERS = ("serial", "dask-local")
#: Width of the progress bar on standard error, in characters.
BAR_WIDTH = 40
#: Failed tasks listed on standard error (all are in failures.csv).
FAILURES_SHOWN = 10


def add_parser(commands) -> None:
    sweep = commands.add_parser(
        "sweep",
        help="run a reform at many settings (a sweep file), locally or on a Dask cluster",
        description="Run every point of a sweep file with its replications and write "
        "sweep.csv (point x replication x metric) and summary.csv (central value and "
        "range: 5th-95th percentiles from 20 replications, else min-max) to --out. "
        "Rerunning with the same --out skips finished points.",
    )
    sweep.add_argument(
        "sweep", type=Path, help="sweep file, or a shipped sweep's name (e.g. receiving-parent-fee)"
    )
    sweep.add_argument("--out", type=Path, required=True, help="output folder")
    sweep.add_argument(
        "--scheduler",
        default=None,
        help="where to run: local processes (default), 'serial', 'dask-local' (a local Dask "
        "cluster) or a Dask scheduler address such as tcp://host:8786",
    )
    sweep.add_argument("--workers", type=int, default=None, help="local workers (default: cores)")


def check_scheduler(scheduler: str | None) -> None:
    """Refuse a ``--scheduler`` that is neither local nor a Dask address."""
    if scheduler is None or scheduler in LOCAL_SCHEDULERS or "://" in scheduler:
        return
    raise UserError(
        f"--scheduler '{scheduler}' is not a scheduler. Fix: leave it out (local "
        "processes), or give 'serial', 'dask-local' or an address such as tcp://host:8786"
    )


def check_out_holds_this_sweep(out: Path, sweep) -> None:
    """Refuse an ``--out`` folder holding another sweep's results (its
    ``sweep.json`` records the sweep it holds; a folder without one is new)."""
    marker = out / "sweep.json"
    try:
        saved = json.loads(marker.read_text())
    except (OSError, ValueError):
        return  # no readable record: the sweep itself decides
    if isinstance(saved, dict) and saved.get("digest") != sweep.digest:
        raise UserError(
            f"{out} holds the results of another sweep ({saved.get('file')}). Fix: give "
            "another --out, or delete that folder to start again"
        )


def _progress(done: int, total: int) -> None:
    filled = int(BAR_WIDTH * done / total) if total else BAR_WIDTH
    print(
        f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} tasks",
        end="",
        file=sys.stderr,
        flush=True,
    )


def run(args: argparse.Namespace) -> int:
    from simulator.experiments.sweep import check_workers, load_sweep, run_sweep

    check_workers(args.workers)  # before any file is created
    refuse_a_file_as_folder(args.out)
    sweep = load_sweep(args.sweep)  # every point validated before anything runs
    check_out_holds_this_sweep(args.out, sweep)
    check_scheduler(args.scheduler)
    outcome = run_sweep(
        sweep, args.out, scheduler=args.scheduler, workers=args.workers, progress=_progress
    )
    print(file=sys.stderr)
    print(
        f"{sweep.name}: {len(sweep.points)} points x {sweep.replications} replications; "
        f"{outcome['run']} run, {outcome['skipped']} already done, {outcome['failed']} failed; "
        f"written to {args.out}/sweep.csv and summary.csv"
    )
    for failure in outcome["failures"][:FAILURES_SHOWN]:
        print(
            f"failed: point {failure['point']} replication {failure['replication']}: "
            f"{failure['error']}",
            file=sys.stderr,
        )
    return 1 if outcome["failed"] else 0
