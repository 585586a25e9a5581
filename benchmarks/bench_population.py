"""Benchmark: population synthesis (not part of the test suite).

    python benchmarks/bench_population.py --families 100000
    python benchmarks/bench_population.py --full-gb

Prints one JSON object: wall time (generation, tax-benefit incomes and
calibration included; for --full-gb also integerisation to weight 1), families
per second and the peak memory of the process. Run each size in its own
process so the peak memory is that size's.
"""

from __future__ import annotations

import argparse
import datetime as dt

from _measure import report, timed

from simulator.population import full_gb_population, synthesise_population

DATE = dt.date(2026, 4, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=100_000)
    parser.add_argument("--full-gb", action="store_true")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if args.full_gb:
        seconds, pop = timed(lambda: full_gb_population(args.seed, DATE))
        name = "population_full_gb"
    else:
        seconds, pop = timed(lambda: synthesise_population(args.families, args.seed, DATE))
        name = "population_sample"
    report(
        name,
        families=len(pop),
        seconds=round(seconds, 2),
        families_per_second=round(len(pop) / seconds),
        weights=pop.metadata["weights"],
    )


if __name__ == "__main__":
    main()
