"""Benchmark: the rules engine on synthetic cases (not part of the test suite).

    python benchmarks/bench_rules.py [--cases 1000000] [--repeat 5] [--steps]

Prints one JSON object: the best wall time of one vectorised call of the
engine over all cases, cases per second, peak memory of the process, and the
machine. By default the call is `maintenance_liability` (the rate, the income
used and the amounts: what the population, the dynamics and `cms-sim calc`
use); with ``--steps`` it is `maintenance_calculation`, which also keeps every
intermediate step for explanations. Cases are drawn at random across all
rates, with 1-3 receiving parents, up to 3 children each and shared care, so
every branch of the engine runs. Target (issue 7): 10 million cases a second
on a 2-core machine.
"""

from __future__ import annotations

import argparse

import numpy as np
from _measure import report, timed

from simulator.inputs.parameters import load_parameters
from simulator.rules import maintenance_calculation, maintenance_liability


def synthetic_cases(n: int, seed: int = 1) -> dict:
    rng = np.random.default_rng(seed)
    parents, children = 3, 3
    nights = rng.choice([0, 0, 0, 0, 52, 104, 156, 175, 182], size=(n, parents, children))
    has_parent = np.arange(parents)[None, :] < rng.integers(1, parents + 1, size=n)[:, None]
    has_child = (
        np.arange(children)[None, None, :]
        < rng.integers(1, children + 1, size=(n, parents))[:, :, None]
    )
    nights = np.where(has_parent[:, :, None] & has_child, nights, -1).astype(np.int16)
    return {
        "gross_weekly_income": rng.lognormal(6.0, 0.8, size=n),
        "care_nights": nights,
        "relevant_other_children": rng.choice([0, 0, 0, 1, 2, 3], size=n),
        "relevant_non_resident_children": rng.choice([0] * 19 + [1], size=n),
        "flat_rate_benefit": rng.random(n) < 0.15,
        "partner_also_paying_parent": rng.random(n) < 0.02,
        "nil_rate_person": rng.random(n) < 0.01,
        "unearned_income_annual": np.where(rng.random(n) < 0.03, rng.uniform(0, 20000, n), 0.0),
        "special_expenses_weekly": np.where(rng.random(n) < 0.02, rng.uniform(0, 50, n), 0.0),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument(
        "--steps", action="store_true", help="keep every intermediate step (explanations)"
    )
    args = parser.parse_args()
    engine = maintenance_calculation if args.steps else maintenance_liability
    p = load_parameters().at("2026-04-01")
    cases = synthetic_cases(args.cases)
    income = cases.pop("gross_weekly_income")
    nights = cases.pop("care_nights")
    engine(income[:1000], nights[:1000], p, **{k: v[:1000] for k, v in cases.items()})  # warm-up
    seconds, _ = timed(lambda: engine(income, nights, p, **cases), repeat=args.repeat)
    report(
        "rules_engine_with_steps" if args.steps else "rules_engine",
        engine=engine.__name__,
        cases=args.cases,
        best_seconds=round(seconds, 4),
        cases_per_second=round(args.cases / seconds),
    )


if __name__ == "__main__":
    main()
