"""The vectorised engine against the plain reference implementation
(tests/reference_calculation.py) on thousands of random cases, per receiving
parent, to the penny."""

from __future__ import annotations

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.inputs.parameters import load_parameters
from simulator.rules import RATE_NAMES, maintenance_calculation
from tests.reference_calculation import reference_calculation
from tests.rules.test_properties import nights_array

PARAMS = load_parameters()
DATES = [
    dt.date(2013, 6, 1),
    dt.date(2013, 11, 25),
    dt.date(2016, 1, 1),
    dt.date(2018, 6, 1),
    dt.date(2019, 1, 1),
    dt.date(2026, 4, 1),
]


def random_cases(seed: int, n: int) -> list[dict]:
    rng = np.random.default_rng(seed)
    cases = []
    for _ in range(n):
        parents = int(rng.integers(1, 4))
        cases.append(
            {
                "gross_weekly_income": float(
                    np.round(
                        rng.choice(
                            [
                                rng.uniform(0, 250),
                                rng.uniform(0, 1200),
                                rng.uniform(0, 4000),
                                rng.choice([6.99, 7, 100, 100.01, 199.99, 200, 800, 800.01, 3000]),
                            ]
                        ),
                        2,
                    )
                ),
                "care_nights": [
                    [
                        int(
                            rng.choice(
                                [
                                    0,
                                    0,
                                    0,
                                    51,
                                    52,
                                    103,
                                    104,
                                    155,
                                    156,
                                    174,
                                    175,
                                    int(rng.integers(0, 366)),
                                ]
                            )
                        )
                        for _ in range(int(rng.integers(1, 4)))
                    ]
                    for _ in range(parents)
                ],
                "flat_rate_benefit": bool(rng.random() < 0.12),
                "partner_also_paying_parent": bool(rng.random() < 0.1),
                "nil_rate_person": bool(rng.random() < 0.03),
                "default_rate": bool(rng.random() < 0.03),
                "relevant_other_children": int(rng.choice([0, 0, 0, 1, 2, 3, 5])),
                "relevant_non_resident_children": int(rng.choice([0] * 8 + [1, 2])),
                "unearned_income_annual": float(rng.choice([0, 0, 0, 2499.99, 2500, 15000])),
                "notional_assets": float(rng.choice([0, 0, 0, 31250, 31250.01, 250000])),
                "special_expenses_weekly": float(rng.choice([0, 0, 0, 9.99, 10, 45.5])),
            }
        )
    return cases


def engine(cases: list[dict], when: dt.date):
    columns = {k: np.array([c[k] for c in cases]) for k in cases[0] if k != "care_nights"}
    income = columns.pop("gross_weekly_income").astype(float)
    return maintenance_calculation(
        income, nights_array([c["care_nights"] for c in cases]), PARAMS.at(when), **columns
    )


def test_engine_matches_reference_on_thousands_of_random_cases():
    disagreements = []
    for k, when in enumerate(DATES):
        cases = random_cases(k, 1000)
        calc = engine(cases, when)
        for i, case in enumerate(cases):
            rate, total, pence = reference_calculation(**case, when=when)
            got_pence = np.rint(calc.weekly_liability_by_receiving_parent[i] * 100).astype(int)
            got = (
                RATE_NAMES[calc.rate[i]],
                round(float(calc.weekly_liability[i]) * 100),
                got_pence[: len(pence)].tolist(),
            )
            if got != (rate, total, pence):
                disagreements.append((when, case, got, (rate, total, pence)))
    assert not disagreements, f"{len(disagreements)} disagreements, first: {disagreements[0]}"


@settings(max_examples=300, deadline=None)
@given(st.integers(0, 10**6), st.sampled_from(DATES))
def test_engine_matches_reference_on_hypothesis_cases(seed, when):
    case = random_cases(seed, 1)[0]
    calc = engine([case], when)
    rate, total, pence = reference_calculation(**case, when=when)
    assert RATE_NAMES[calc.rate[0]] == rate
    assert round(calc.weekly_liability[0] * 100) == total
    assert (
        np.rint(calc.weekly_liability_by_receiving_parent[0] * 100)[: len(pence)].tolist() == pence
    )
