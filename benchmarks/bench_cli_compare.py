"""Benchmark: ``cms-sim compare`` end to end, as a user runs it (not part of
the test suite).

    python benchmarks/bench_cli_compare.py --full-gb      # issue 14 target
    python benchmarks/bench_cli_compare.py --families 100000

Runs ``cms-sim compare baseline scrap-receiving-parent-fee`` (24 months, one
replication) in a child process, building the population included, writing
its outputs to a temporary folder: timed with the channels (their extra
runs) and with ``--no-channels`` (the two-run comparison), then once more
with ``--no-channels`` for the peak memory of the command and its worker
processes together (proportional set size; sampling it slows the run, so the
timed runs are not sampled). Prints one JSON object per run: the command's
wall time and the run's own timings (from run.json).
Target (issues 13 and 14): the two-run comparison at full GB under 60
seconds and 6 GB on a 2-core machine.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _measure import TreeMemory, report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=100_000)
    parser.add_argument("--full-gb", action="store_true")
    parser.add_argument("--reform", default="scrap-receiving-parent-fee")
    args = parser.parse_args()
    size = ["--full-gb"] if args.full_gb else ["--families", str(args.families)]
    for channels in ([], ["--no-channels"]):
        _time(args, [*size, *channels], "with_channels" if not channels else "no_channels")
    # the peak memory in a run of its own: sampling every process's memory map
    # holds up its page faults (at full GB it added about 20 s of system time),
    # so the timed runs above are not sampled
    _time(args, [*size, "--no-channels"], "no_channels_memory", sample=True)


def _time(args: argparse.Namespace, size: list[str], label: str, sample: bool = False) -> None:
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "results"
        command = [
            sys.executable,
            "-m",
            "simulator.cli",
            "compare",
            "baseline",
            args.reform,
            *size,
            "--out",
            str(out),
        ]
        memory = TreeMemory() if sample else None
        with memory or contextlib.nullcontext():
            start = time.perf_counter()
            subprocess.run(command, check=True, capture_output=True)
            seconds = time.perf_counter() - start
        run = json.loads((out / "run.json").read_text())
    fields = {"peak_memory_command_and_workers_mb": round(memory.peak_mb)} if memory else {}
    report(
        ("cli_compare_full_gb" if args.full_gb else "cli_compare_sample") + f"_{label}",
        command=" ".join(["cms-sim", *command[3:-2]]),
        seconds=round(seconds, 2),
        timings=run.get("timings_seconds"),
        **fields,
    )


if __name__ == "__main__":
    main()
