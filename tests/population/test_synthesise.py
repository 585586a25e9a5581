"""Synthesis: determinism, keyed draws, internal consistency of the families
and paying parents, and clear errors for requests that cannot be met."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.population import (
    CMS,
    NOT_CMS,
    PopulationError,
    synthesise_population,
)

DATE = dt.date(2026, 4, 1)
N = 20_000


def test_same_inputs_give_the_same_population(uniform, assert_same):
    again = synthesise_population(N, 7, DATE, weights="uniform")
    assert_same(uniform, again, skip=())


def test_another_seed_gives_another_population(uniform):
    other = synthesise_population(N, 8, DATE, weights="uniform")
    assert not np.array_equal(uniform.rp_earnings, other.rp_earnings)


def test_a_family_keeps_its_draws_whatever_the_population_size(uniform, assert_same):
    small = synthesise_population(5_000, 7, DATE, weights="uniform").at_date()
    # every paying parent complete in the small population is identical in the
    # large one (the families at the date; the entrants' ids follow them)
    last_unit = small.paying_parent_id[-1]
    complete = small.paying_parent_id < last_unit
    assert_same(small, uniform.at_date(), rows=np.flatnonzero(complete))


def test_children_are_consistent(uniform):
    ages, nights = uniform.child_age, uniform.child_nights
    present = ages >= 0
    assert (present.sum(axis=1) == uniform.n_children).all()
    assert ((nights >= 0) == present).all(), "a child has nights exactly when it exists"
    assert (nights[present] <= 365).all() and (ages[present] <= 19).all()
    assert (uniform.n_children >= 1).all()
    assert (uniform.rp_age >= ages.max(axis=1) + 16).all()


def test_incomes_are_not_negative(uniform):
    for name in (
        "rp_earnings",
        "rp_self_employment_income",
        "rp_partner_earnings",
        "pp_true_earnings",
        "pp_true_profit",
        "pp_declared_earnings",
        "pp_declared_profit",
        "pp_hmrc_declared_annual",
        "pp_unearned_income",
        "pp_assets",
        "rp_universal_credit",
        "pp_universal_credit",
        "rp_net_income_bhc",
        "pp_net_income_bhc",
    ):
        assert (uniform.columns[name] >= 0).all(), name


def test_declared_income_never_exceeds_true_income(uniform):
    assert (uniform.pp_declared_earnings <= uniform.pp_true_earnings + 1e-9).all()
    assert (uniform.pp_declared_profit <= uniform.pp_true_profit + 1e-9).all()
    assert (uniform.pp_declared_profit < uniform.pp_true_profit).any(), "some under-declare"


PP_COLUMNS = [
    c
    for c in (
        "pp_sex",
        "pp_age",
        "pp_employment",
        "pp_true_earnings",
        "pp_declared_profit",
        "pp_hmrc_declared_annual",
        "pp_unearned_income",
        "pp_partner",
        "pp_relevant_other_children",
        "pp_net_income_bhc",
        "arrangement",
        "service",
    )
]


@pytest.mark.parametrize("column", PP_COLUMNS)
def test_several_receiving_parents_share_one_paying_parent(uniform, column):
    ids, values = uniform.paying_parent_id, uniform.columns[column]
    first = np.unique(ids, return_index=True)[1]
    _, unit = np.unique(ids, return_inverse=True)
    np.testing.assert_array_equal(values, values[first][unit])


def test_paying_parents_with_several_receiving_parents_exist(uniform):
    assert (uniform.receiving_parent_rank > 0).mean() > 0.03
    # ranks run 0, 1, 2 within each paying parent
    _, counts = np.unique(uniform.paying_parent_id, return_counts=True)
    assert counts.max() <= 3
    assert uniform.receiving_parent_rank.max() == counts.max() - 1


def test_arrangement_service_and_case_dates_agree(uniform):
    cms = uniform.arrangement == CMS
    assert ((uniform.service != NOT_CMS) == cms).all()
    assert not np.isnat(uniform.case_start[cms]).any()
    assert np.isnat(uniform.case_start[~cms]).all()
    assert (uniform.case_start[cms] <= np.datetime64(DATE)).all()


@pytest.mark.parametrize(
    ("n", "date", "message"),
    [
        (0, DATE, "1 or more"),
        (10, dt.date(2020, 1, 1), "before the tax-benefit parameters"),
        (10, "2026-13-01", "is not a date"),
    ],
)
def test_bad_requests_get_clear_errors(n, date, message):
    with pytest.raises(PopulationError, match=message):
        synthesise_population(n, 1, date)


def test_the_eldest_childs_age_has_no_heap_and_reaches_19(uniform):
    """The eldest's ages follow the normal of the register times the share
    still qualifying at the population's date (within four standard errors
    at each age): children of 16-19 in education are there, and the top age
    is no heap."""
    from simulator.inputs.assumptions import load_assumptions
    from simulator.population.children import eldest_age_probabilities

    values = load_assumptions().values()
    expected = eldest_age_probabilities(values.population.children, values.behaviour.family, DATE)
    eldest = uniform.at_date().child_age.max(axis=1)
    seen = np.bincount(eldest, minlength=len(expected)) / len(eldest)
    error = 4 * np.sqrt(expected * (1 - expected) / len(eldest)) + 1e-12
    assert (np.abs(seen - expected) <= error).all()
    assert seen[18] > 0 and seen[19] > 0
    assert seen[19] < seen[18] < seen[17] < seen[16]
