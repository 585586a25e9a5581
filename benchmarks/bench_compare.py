"""Benchmark: a baseline and one reform compared on the same families (not
part of the test suite).

    python benchmarks/bench_compare.py --full-gb          # issue 5 target
    python benchmarks/bench_compare.py --families 200000

Synthesises the population in a separate process and saves it to a temporary
parquet file; then, in this process, loads it and runs ``compare`` on
scenarios/baseline.yaml and scenarios/scrap-receiving-parent-fee.yaml (24 months
each, one replication: metrics, deciles, poverty transitions). Prints one JSON
object: the comparison's wall time (the median of ``--repeat`` runs, each
listed) and the peak memory of loading plus comparing (this process and its
workers, proportional set size), measured in a run of its own: sampling the
processes' memory slows them, so the timed runs are not sampled.
Targets: full GB, baseline + one reform, 24 months, under 60 seconds on a
2-core machine (issue 5); 100,000 families under 2 seconds (issues 13 and 14).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import numpy as np
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
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed comparisons (the median is reported)"
    )
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
        # memory in one run, with the sampler; times in others, without it
        # (reading every process's memory map holds up its page faults: about
        # 0.15-0.3 s at 100,000 families)
        with TreeMemory() as memory:
            pop = Population.load(path)
            compare(scenarios, population=pop)
        times, result = [], None
        for _ in range(args.repeat):
            seconds, result = timed(lambda: compare(scenarios, population=pop))
            times.append(round(seconds, 2))
    report(
        "compare_full_gb" if args.full_gb else "compare_sample",
        families=len(pop),
        scenarios=[s.key for s in scenarios],
        months=scenarios[0].months,
        seconds=float(np.median(times)),
        seconds_each=times,
        timings=result.run["timings_seconds"],
        peak_memory_load_and_compare_mb=round(memory.peak_mb),
    )


if __name__ == "__main__":
    main()
