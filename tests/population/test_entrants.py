"""Entrants: families who separate during a run, drawn by the same sections as
the families at the population date, after them, and invisible until they
separate (simulator/population/entrants.py)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.dynamics.processes import children
from simulator.inputs.assumptions import load_assumptions
from simulator.population import (
    NO_ARRANGEMENT,
    NOT_CMS,
    PopulationError,
    measure,
    synthesise_population,
)
from simulator.population.children import separated_share_by_age
from simulator.population.entrants import entry_age_probabilities
from simulator.randomness import KeyedRandom
from simulator.rules.qualifying_child import month_index, qualifies

DATE = "2026-04-01"
N = 20_000
VALUES = load_assumptions().values()
MONTHLY = VALUES.population.entrants.families_monthly
GB = VALUES.population.size.separated_families


@pytest.fixture(scope="module")
def pop():
    return synthesise_population(N, 7, DATE)


# ------------------------------------------ the families at the date unchanged

HORIZONS = [
    # (case, entrants for runs of this many months)
    ("no entrants at all", 0),
    ("a year of entrants", 12),
    ("ten years of entrants (the longest scenario)", 120),
]


@pytest.mark.parametrize("months", [r[1] for r in HORIZONS], ids=[r[0] for r in HORIZONS])
def test_the_families_at_the_date_are_the_same_whatever_the_entrants(pop, months):
    """Column by column and row by row, weights included (the calibration
    leaves the entrants out): the entrants change nothing that was there."""
    other = synthesise_population(N, 7, DATE, entrant_months=months)
    there, again = pop.at_date(), other.at_date()
    assert len(there) == len(again) == N
    assert there.columns.keys() == again.columns.keys()
    for name in there.columns:
        np.testing.assert_array_equal(there.columns[name], again.columns[name], err_msg=name)
    assert other.metadata["entrant_months"] == months
    assert (other.enters == 0).sum() == N and other.enters.max() == months


def test_the_families_at_the_date_come_first_and_the_entrants_after(pop):
    e = pop.enters > 0
    assert not e[:N].any() and e[N:].all()
    assert pop.family_id[e].min() == N  # ids beyond the stock's
    assert pop.paying_parent_id[e].min() > pop.paying_parent_id[~e].max()


# ------------------------------------------------------------- who the entrants are


def test_an_entrant_has_no_arrangement_and_no_case(pop):
    e = pop.enters > 0
    assert (pop.arrangement[e] == NO_ARRANGEMENT).all()
    assert (pop.service[e] == NOT_CMS).all()
    assert np.isnat(pop.case_start[e]).all()


def test_a_paying_parents_families_separate_in_the_same_month(pop):
    e = pop.enters > 0
    ids, months = pop.paying_parent_id[e], pop.enters[e]
    for pp in np.unique(ids)[:: max(1, len(np.unique(ids)) // 300)]:
        assert len(set(months[ids == pp])) == 1


RATE = [
    # (case, what is counted, its expected value)
    ("every month from 1 to 24 has entrants", "months", 24),
    ("over 24 months: 24 x the register's families a month", "total", 24 * MONTHLY),
]


@pytest.mark.parametrize("what, expected", [r[1:] for r in RATE], ids=[r[0] for r in RATE])
def test_the_entry_rate_reproduces_its_register_value(pop, what, expected):
    e = pop.enters > 0
    by_month = np.bincount(pop.enters[e], weights=pop.weight[e])[1:]
    if what == "months":
        assert (by_month > 0).sum() == expected
        # each month within 5% of the register's (paying parents of one to three families)
        assert np.abs(by_month / MONTHLY - 1).max() < 0.05
    else:
        assert by_month.sum() == pytest.approx(expected, rel=1e-9)


def test_the_calibration_targets_are_met_by_the_families_at_the_date_alone(pop):
    """The published 2.4 million families are those at the date: the
    measures leave the entrants out (they do not exist then)."""
    assert measure(pop, "separated_families") == pytest.approx(GB, rel=1e-6)
    assert pop.weight.sum() == pytest.approx(GB + 24 * MONTHLY, rel=1e-6)


def test_a_population_asking_for_negative_months_of_entrants_is_refused():
    with pytest.raises(PopulationError, match="entrant_months"):
        synthesise_population(100, 1, DATE, entrant_months=-1)


# ------------------------------------------------- the children's ages at separation

ch, fam = VALUES.population.children, VALUES.behaviour.family
SHARE = separated_share_by_age(ch)
ENTRY = entry_age_probabilities(ch, fam, dt.date.fromisoformat(DATE))
AGES = [
    # (case, age a, age b): P(a) / P(b) is the rise of the share apart at a over that at b
    ("a baby (born apart or separating in the first year) against age 2", 0, 2),
    ("age 2 against age 9: the share apart rises faster in the early years", 2, 9),
    ("age 6 against age 13", 6, 13),
]


@pytest.mark.parametrize("a, b", [r[1:] for r in AGES], ids=[r[0] for r in AGES])
def test_separations_follow_the_rise_of_the_share_apart_by_age(a, b):
    """Of a cohort, s(a) - s(a - 1) separate in the year of age a (the
    hazard of separation, that rise over those still together, applied to
    them); all under 16 qualify."""
    rise = np.diff(np.concatenate([[0.0], SHARE]))
    assert ENTRY[a] / ENTRY[b] == pytest.approx(rise[a] / rise[b])


def test_entrants_children_are_younger_than_the_stocks_and_follow_the_entry_ages(pop):
    e = pop.enters > 0
    eldest = pop.child_age.max(axis=1)
    assert eldest[e].mean() < eldest[~e].mean() - 3
    seen = np.bincount(eldest[e], minlength=len(ENTRY)) / e.sum()
    error = 4 * np.sqrt(ENTRY * (1 - ENTRY) / e.sum()) + 1e-12
    assert (np.abs(seen - ENTRY) <= error).all()


def test_the_register_rate_is_the_stocks_outflow_of_families_whose_last_child_ages_out():
    """The register's derivation, on a calibrated population of the baseline
    (2026-05-01): the families at the date whose last qualifying child ages
    out within a year, over twelve months (entrants leaving within their first
    year are about 0.1%), within 5% of the register's central value."""
    pop = synthesise_population(60_000, 20260401, "2026-05-01", entrant_months=0)
    kids = children.initial(pop, KeyedRandom(pop.seed), fam, pop.date)
    now = month_index(pop.date)
    with_child = qualifies(kids.birth_month, kids.leaving_age, now).any(axis=1)
    later = qualifies(kids.birth_month, kids.leaving_age, now + 12).any(axis=1)
    ending = float(np.sum(pop.weight * (with_child & ~later)))
    assert ending / 12 == pytest.approx(MONTHLY, rel=0.05)
