"""Benchmark: a baseline and one reform compared on the same families (not
part of the test suite).

    python benchmarks/bench_compare.py --full-gb          # issue 5 target
    python benchmarks/bench_compare.py --families 200000

Synthesises the population in a separate process and saves it to a temporary
parquet file; then, in this process, loads it and runs ``compare`` on
scenarios/baseline.yaml and scenarios/scrap-receiving-parent-fee.yaml (24 months
each, one replication: metrics, deciles, poverty transitions). Prints one JSON
object: the comparison's wall time and the peak memory of loading plus
comparing (this process and its workers, proportional set size).
Target (issue 5): full GB, baseline + one reform, 24 months, under 60 seconds on
a 2-core machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from _measure import TreeMemory, report, timed
from bench_dynamics import MAKE

from simulator.experiments.compare import compare
from simulator.population import Population
from simulator.scenarios.load import SCENARIO_FOLDER, load_scenario


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=200_000)
    parser.add_argument("--full-gb", action="store_true")
    parser.add_argument("--reform", default="scrap-receiving-parent-fee")
    args = parser.parse_args()
    scenarios = [
        load_scenario(SCENARIO_FOLDER / "baseline.yaml"),
        load_scenario(SCENARIO_FOLDER / f"{args.reform}.yaml"),
    ]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "population.parquet"
        families = 0 if args.full_gb else args.families
        seed = scenarios[0].seed
        subprocess.run(
            [sys.executable, "-c", MAKE, str(families), str(seed), str(path)], check=True
        )
        with TreeMemory() as memory:
            pop = Population.load(path)
            seconds, result = timed(lambda: compare(scenarios, population=pop))
    report(
        "compare_full_gb" if args.full_gb else "compare_sample",
        families=len(pop),
        scenarios=[s.key for s in scenarios],
        months=scenarios[0].months,
        seconds=round(seconds, 2),
        timings=result.run["timings_seconds"],
        peak_memory_load_and_compare_mb=round(memory.peak_mb),
    )


if __name__ == "__main__":
    main()
