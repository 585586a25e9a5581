"""Shared helpers for the benchmark scripts: time a call, report peak memory
and the machine, print one JSON object."""

from __future__ import annotations

import json
import os
import platform
import resource
import time
from collections.abc import Callable

import numpy as np

from simulator.allocator import tune_allocator

# the benchmarks measure the model as its entry points run it (cms-sim, the
# dashboard): with the allocator tuned (speed only; simulator.allocator)
tune_allocator()


def machine() -> dict:
    return {
        "python": platform.python_version(),
        "numpy": np.__version__,
        "cpu_count": os.cpu_count(),
        "platform": platform.platform(),
    }


def peak_memory_mb() -> float:
    """Peak resident memory of this process so far (Linux reports kB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def timed(call: Callable[[], object], repeat: int = 1) -> tuple[float, object]:
    """Best wall time of ``repeat`` calls, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        best = min(best, time.perf_counter() - start)
    return best, result


def report(name: str, **fields) -> None:
    print(
        json.dumps(
            {
                "benchmark": name,
                **fields,
                "peak_memory_mb": round(peak_memory_mb()),
                "machine": machine(),
            },
            indent=2,
        )
    )


def _proportional_set_size_kb(pid: int) -> int:
    """Proportional set size of a process (shared pages split between the
    processes sharing them), in kB; 0 if it has gone."""
    try:
        with open(f"/proc/{pid}/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return 0


def _children(pid: int) -> list[int]:
    out = []
    try:
        for task in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{task}/children") as handle:
                out += [int(c) for c in handle.read().split()]
    except (FileNotFoundError, ProcessLookupError, PermissionError):
        pass
    return out


class TreeMemory:
    """Peak memory of this process and its worker processes together, sampled
    every ``interval`` seconds in a background thread (reading a process's
    memory map briefly holds up its page faults, so not too often) (Linux: the sum of the
    processes' proportional set sizes, so pages a forked worker shares with its
    parent count once). Use as a context manager; ``peak_mb`` afterwards."""

    def __init__(self, interval: float = 0.25):
        import threading

        self.interval = interval
        self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def sample(self) -> float:
        """The tree's memory now (this process, its children, theirs...)."""
        total, todo = 0, [os.getpid()]
        while todo:
            pid = todo.pop()
            total += _proportional_set_size_kb(pid)
            todo += _children(pid)
        return total / 1024

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak_mb = max(self.peak_mb, self.sample())
            self._stop.wait(self.interval)

    def __enter__(self) -> TreeMemory:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, self.sample())
