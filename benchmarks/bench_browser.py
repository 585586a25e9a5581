"""Benchmark: the dashboard's speed as a person feels it, in a real browser
(not part of the test suite; timed tests are not used, machines are noisy).

    python benchmarks/bench_browser.py [--runs 3]

Starts ``streamlit run app.py`` (a fresh server: nothing cached) and headless
Chromium (tests/app/chromium.py), and prints one JSON object with, each the
median of ``--runs`` fresh servers:

- ``cold_first_metric_s``: from opening the page on a new server to the first
  headline metric with a number (the population built, current law and the
  default reform compared, the page drawn);
- ``cold_done_s``: to the end of that run (Streamlit's running indicator gone);
- ``cached_first_metric_s`` / ``cached_done_s``: the same page opened again in
  a new tab of the same server (the comparison cached);
- ``new_scenario_s``: another shipped scenario opened by its link (a new
  comparison on the cached population) to its metrics;
- ``blocked_main_thread_s``: the seconds the browser's main thread spent in
  long tasks (over 50 ms) during the cached load — the time a page cannot
  respond to a click.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _measure import report  # noqa: E402

from tests.app.chromium import (  # noqa: E402
    blocked_seconds,
    body_text,
    chromium,
    dashboard_server,
    numbers_shown,
    running,
    wait_for,
    watch_main_thread,
)

#: Seconds any one wait may take before the benchmark gives up.
LIMIT_SECONDS = 300
#: A second shipped scenario and the words its results show.
OTHER = ("single-collection-service", "Single collection service")


def _load(driver, url: str, words: str | None = None) -> tuple[float, float]:
    """Seconds from opening ``url`` to the first metric, and to the run's end."""
    start = time.perf_counter()
    driver.get(url)
    wait_for(
        lambda: numbers_shown(driver) and (words is None or words in body_text(driver)),
        "the first metric",
        LIMIT_SECONDS,
        poll=0.05,
    )
    first = time.perf_counter() - start
    wait_for(lambda: not running(driver), "the run's end", LIMIT_SECONDS, poll=0.05)
    return first, time.perf_counter() - start


def one_server() -> dict:
    with dashboard_server() as url, chromium() as driver:
        watch_main_thread(driver)
        cold_first, cold_done = _load(driver, url)
        driver.switch_to.new_window("tab")
        watch_main_thread(driver)  # a new tab: register the observer again
        cached_first, cached_done = _load(driver, url)
        time.sleep(1.0)  # let the charts finish drawing
        blocked = blocked_seconds(driver)
        new_first, _ = _load(driver, f"{url}/?scenarios={OTHER[0]}", OTHER[1])
    return {
        "cold_first_metric_s": cold_first,
        "cold_done_s": cold_done,
        "cached_first_metric_s": cached_first,
        "cached_done_s": cached_done,
        "blocked_main_thread_s": blocked,
        "new_scenario_s": new_first,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    runs = [one_server() for _ in range(parser.parse_args().runs)]
    medians = {k: round(statistics.median(r[k] for r in runs), 2) for k in runs[0]}
    report("browser", runs=len(runs), **medians)


if __name__ == "__main__":
    main()
