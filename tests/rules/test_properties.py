"""Invariants of the rules engine, checked on random cases (hypothesis)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simulator.inputs.parameters import load_parameters
from simulator.rules import maintenance_calculation

PARAMS = load_parameters()
DATES = ["2013-06-01", "2013-11-25", "2016-01-01", "2019-01-01", "2026-04-01"]
BOUNDARIES = [0, 6.99, 7, 100, 100.01, 199.99, 200, 800, 800.01, 3000, 3000.01]

incomes = st.one_of(st.sampled_from(BOUNDARIES), st.floats(0, 5000, allow_nan=False))
nights = st.one_of(
    st.sampled_from([0, 51, 52, 103, 104, 155, 156, 174, 175, 365]), st.integers(0, 365)
)
groups = st.lists(st.lists(nights, min_size=1, max_size=4), min_size=1, max_size=3)


@st.composite
def cases(draw, formula_only=False):
    """One case as keyword arguments of maintenance_calculation (scalars)."""
    benefit = False if formula_only else draw(st.booleans())
    return {
        "gross_weekly_income": draw(incomes),
        "care_nights": draw(groups),
        "relevant_other_children": draw(st.integers(0, 5)),
        "relevant_non_resident_children": draw(st.integers(0, 3)),
        "flat_rate_benefit": benefit,
        "partner_also_paying_parent": draw(st.booleans()),
        "nil_rate_person": False if formula_only else draw(st.booleans()) and draw(st.booleans()),
        "default_rate": False if formula_only else draw(st.booleans()) and draw(st.booleans()),
        "unearned_income_annual": draw(st.sampled_from([0, 0, 2499.99, 2500, 20000])),
        "notional_assets": draw(st.sampled_from([0, 0, 31250, 31250.01, 500000])),
        "special_expenses_weekly": draw(st.sampled_from([0, 0, 9.99, 10, 60])),
    }


def nights_array(list_of_groups: list[list[list[int]]]) -> np.ndarray:
    p = max(len(g) for g in list_of_groups)
    c = max(len(kids) for g in list_of_groups for kids in g)
    out = np.full((len(list_of_groups), p, c), -1, dtype=np.int64)
    for i, g in enumerate(list_of_groups):
        for j, kids in enumerate(g):
            out[i, j, : len(kids)] = kids
    return out


def run(batch: list[dict], date: str):
    columns = {k: np.array([case[k] for case in batch]) for k in batch[0] if k != "care_nights"}
    income = columns.pop("gross_weekly_income").astype(float)
    return maintenance_calculation(
        income, nights_array([case["care_nights"] for case in batch]), PARAMS.at(date), **columns
    )


def maximum_liability(date: str) -> float:
    """The most anyone can pay: 3+ children at the cap with nothing deducted."""
    p = PARAMS.at(date)
    basic = p.rates.basic_rate
    return basic.percentages[-1] * basic.plus_threshold + basic.plus_percentages[-1] * (
        p.income.capped_amount - basic.plus_threshold
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(cases(), min_size=1, max_size=30), st.sampled_from(DATES))
def test_never_negative_and_never_above_the_maximum(batch, date):
    calc = run(batch, date)
    assert (calc.weekly_liability >= 0).all()
    assert (calc.weekly_liability_by_receiving_parent >= 0).all()
    assert (calc.weekly_liability <= maximum_liability(date) + 1e-9).all()


@settings(max_examples=200, deadline=None)
@given(st.lists(cases(), min_size=1, max_size=30), st.sampled_from(DATES))
def test_total_is_the_sum_of_the_receiving_parents_shares(batch, date):
    calc = run(batch, date)
    pence = np.rint(calc.weekly_liability_by_receiving_parent * 100).sum(axis=1)
    np.testing.assert_array_equal(pence, np.rint(calc.weekly_liability * 100))


@settings(max_examples=100, deadline=None)
@given(st.lists(cases(), min_size=1, max_size=30), st.sampled_from(DATES))
def test_deterministic_and_independent_of_the_other_cases(batch, date):
    together = run(batch, date)
    again = run(batch, date)
    np.testing.assert_array_equal(together.weekly_liability, again.weekly_liability)
    for i, case in enumerate(batch):
        alone = run([case], date)
        assert alone.weekly_liability[0] == together.weekly_liability[i]
        assert alone.rate[0] == together.rate[i]


@settings(max_examples=200, deadline=None)
@given(cases(formula_only=True), st.floats(200, 3500), st.floats(200, 3500), st.sampled_from(DATES))
def test_non_decreasing_in_income_within_the_basic_band(case, a, b, date):
    low, high = sorted((a, b))
    calc = run([{**case, "gross_weekly_income": low}, {**case, "gross_weekly_income": high}], date)
    assert calc.weekly_liability[0] <= calc.weekly_liability[1]


@settings(max_examples=200, deadline=None)
@given(cases(), st.data(), st.sampled_from(DATES))
def test_non_increasing_in_shared_care_nights(case, data, date):
    groups_before = case["care_nights"]
    j = data.draw(st.integers(0, len(groups_before) - 1))
    k = data.draw(st.integers(0, len(groups_before[j]) - 1))
    extra = data.draw(st.integers(1, 365))
    groups_after = [list(g) for g in groups_before]
    groups_after[j][k] = min(365, groups_after[j][k] + extra)
    calc = run([case, {**case, "care_nights": groups_after}], date)
    assert calc.weekly_liability[1] <= calc.weekly_liability[0]


@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("block", [7, 1000])
def test_blocks_and_threads_change_nothing(monkeypatch, block, threads):
    """A large batch is worked out in blocks, on several threads: every result
    of both engines (every step, and the liability only) is the same as in one
    block, and the liability path gives the full calculation's figures."""
    from simulator.rules import engine, maintenance_liability

    rng = np.random.default_rng(5)
    n = 5_003
    has_child = np.arange(3)[None, None, :] < rng.integers(1, 4, size=(n, 2, 1))
    has_child[:, 1] &= rng.random((n, 1)) < 0.3  # a second receiving parent now and then
    nights = np.where(has_child, rng.choice([0, 52, 104, 156, 175, 200], size=(n, 2, 3)), -1)
    inputs = {
        "relevant_other_children": rng.integers(0, 4, n),
        "relevant_non_resident_children": rng.choice([0, 0, 0, 1], n),
        "flat_rate_benefit": rng.random(n) < 0.15,
        "default_rate": rng.random(n) < 0.02,
        "unearned_income_annual": np.where(rng.random(n) < 0.05, 9000.0, 0.0),
        "special_expenses_weekly": 12.5,  # one value for every case
    }
    income = rng.lognormal(6.0, 0.8, n)
    p = PARAMS.at("2026-04-01")
    whole = maintenance_calculation(income, nights, p, **inputs)
    monkeypatch.setattr(engine, "CHUNK_CASES", block)
    blocked = maintenance_calculation(income, nights, p, **inputs, threads=threads)
    lean = maintenance_liability(income, nights, p, **inputs, threads=threads)
    for field in dataclasses.fields(whole):
        a, b = getattr(whole, field.name), getattr(blocked, field.name)
        assert a.dtype == b.dtype and a.shape == b.shape, field.name
        np.testing.assert_array_equal(a, b, err_msg=field.name)
    for field in dataclasses.fields(lean):
        np.testing.assert_array_equal(
            getattr(lean, field.name), getattr(whole, field.name), err_msg=field.name
        )
    assert set(np.unique(whole.rate)) >= {1, 2, 3, 5}  # flat, reduced, basic, default
