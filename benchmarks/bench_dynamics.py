"""Benchmark: the monthly dynamics (not part of the test suite).

    python benchmarks/bench_dynamics.py --full-gb            # issue 4 target
    python benchmarks/bench_dynamics.py --families 200000

Synthesises the population in a separate process (its own memory peak is the
population benchmark's business) and saves it to a temporary parquet file;
then, in this process, loads it and runs 24 months of :func:`simulate` with
aggregates only. Prints one JSON object: the simulation's wall time and the
peak memory of loading plus simulating, for this process and its worker
processes together (proportional set size, sampled every 0.25 s).
Target (issue 4): full GB, 24 months, under 20 seconds and under 4 GB on a
2-core machine.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

from _measure import TreeMemory, report, timed

from simulator.dynamics import simulate
from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.parameters import load_parameters
from simulator.population import Population

DATE = "2026-04-01"
MAKE = f"""
import sys
from simulator.population import full_gb_population, synthesise_population
families, seed, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
pop = full_gb_population(seed, "{DATE}") if families == 0 else synthesise_population(
    families, seed, "{DATE}")
pop.save(out)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=200_000)
    parser.add_argument("--full-gb", action="store_true")
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=None)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "population.parquet"
        families = 0 if args.full_gb else args.families
        subprocess.run(
            [sys.executable, "-c", MAKE, str(families), str(args.seed), str(path)], check=True
        )
        parameters, assumptions = load_parameters(), load_assumptions()
        with TreeMemory() as memory:
            load_seconds, pop = timed(lambda: Population.load(path))
            seconds, result = timed(
                lambda: simulate(
                    pop, parameters, args.months, assumptions=assumptions, workers=args.workers
                )
            )
    report(
        "dynamics_full_gb" if args.full_gb else "dynamics_sample",
        families=len(pop),
        months=args.months,
        seconds=round(seconds, 2),
        load_seconds=round(load_seconds, 2),
        chunks=result.metadata["chunks"],
        peak_memory_load_and_simulate_mb=round(memory.peak_mb),
    )


if __name__ == "__main__":
    main()
