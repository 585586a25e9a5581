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
