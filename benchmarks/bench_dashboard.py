"""Benchmark: the dashboard's response times (not part of the test suite).

    python benchmarks/bench_dashboard.py

Drives app.py with Streamlit's AppTest (the whole script runs, charts and all,
without a browser) and prints one JSON object: the first load (population built,
current law and the default reform compared), a new scenario chosen and run, and
a repeat of a cached scenario. Targets (issue 6): a changed scenario under 3 s,
a cached one under 0.5 s, on the default population.
"""

from __future__ import annotations

import time
from pathlib import Path

from _measure import report
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def main() -> None:
    app = AppTest.from_file(APP, default_timeout=600)
    start = time.perf_counter()
    app.run()
    first = time.perf_counter() - start
    app.sidebar.multiselect[0].set_value(["single-collection-service"])
    app.sidebar.button[0].click()
    start = time.perf_counter()
    app.run()
    changed = time.perf_counter() - start
    app.sidebar.multiselect[0].set_value(["scrap-receiving-parent-fee"])
    app.sidebar.button[0].click()
    start = time.perf_counter()
    app.run()
    cached = time.perf_counter() - start
    assert not app.exception
    report(
        "dashboard",
        first_load_seconds=round(first, 2),
        new_scenario_seconds=round(changed, 2),
        cached_scenario_seconds=round(cached, 2),
    )


if __name__ == "__main__":
    main()
