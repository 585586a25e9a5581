"""Both households' housing costs and incomes: rental areas, rents by area and
household size, and the HBAI net incomes before maintenance."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.parameters import load_parameters
from simulator.inputs.rental_areas import load_rental_areas
from simulator.population import NOT_WORKING, PP_EMPLOYMENT
from simulator.population.frame import ENGLAND, NIL_RATE, SCOTLAND, WALES
from simulator.population.households import area_rent_factor, draw_rental_area, housing_costs
from simulator.randomness import KeyedRandom
from simulator.rules.taxben import OWNER_MORTGAGE, OWNER_OUTRIGHT, PRIVATE_RENT, SOCIAL_RENT

DATE = dt.date(2026, 4, 1)
HOUSING = load_assumptions().values().population.housing
P = load_parameters().at(DATE)
AREAS = load_rental_areas()


def _housing(tenure, children, p=P):
    n = len(tenure)
    return housing_costs(
        KeyedRandom(1),
        "rp",
        np.arange(n, dtype=np.int64),
        np.asarray(tenure, dtype=np.int8),
        np.full(n, ENGLAND),
        np.asarray(children),
        HOUSING,
        p,
    )


@pytest.mark.parametrize(
    ("tenure", "pays_rent", "pays_mortgage"),
    [
        pytest.param(OWNER_OUTRIGHT, False, False, id="owns outright: no rent, no mortgage"),
        pytest.param(OWNER_MORTGAGE, False, True, id="buying with a mortgage: interest only"),
        pytest.param(SOCIAL_RENT, True, False, id="social tenant: rent"),
        pytest.param(PRIVATE_RENT, True, False, id="private tenant: rent"),
    ],
)
def test_housing_costs_follow_tenure(tenure, pays_rent, pays_mortgage):
    costs = _housing([tenure] * 50, [1] * 50)
    assert ((costs["rent_monthly"] > 0) == pays_rent).all()
    assert ((costs["mortgage_interest_monthly"] > 0) == pays_mortgage).all()
    assert (costs["council_tax_bill"] == HOUSING.council_tax_annual).all()
    assert (costs["tenure"] == tenure).all()


@pytest.mark.parametrize(
    "country", [ENGLAND, WALES, SCOTLAND], ids=["England", "Wales", "Scotland"]
)
def test_rental_areas_are_drawn_within_the_country_by_households(country):
    n = 40_000
    area = draw_rental_area(KeyedRandom(3), "rp", np.arange(n), np.full(n, country))
    assert (AREAS.nation[area] == country).all()
    here = AREAS.nation == country
    expected = AREAS.households[here] / AREAS.households[here].sum()
    drawn = np.bincount(area, minlength=len(AREAS))[here] / n
    # each area's share within 4 standard errors of its share of homes
    assert np.abs(drawn - expected).max() < 4 * np.sqrt(expected.max() / n)


def test_rents_are_dearer_where_the_lha_is_higher():
    london, tyneside = AREAS.code(["CENTRAL_LONDON", "TYNESIDE"])
    factor = area_rent_factor(np.array([london, tyneside]), np.array([2, 2]), P, 1.0)
    assert factor[0] > 1.5 > 1 > factor[1]
    # across a nation's areas, weighted by homes, the factor averages one
    england = np.flatnonzero(AREAS.nation == ENGLAND)
    all_england = area_rent_factor(england, np.full(len(england), 2), P, 1.0)
    weights = AREAS.households[england]
    assert np.average(all_england, weights=weights) == pytest.approx(1.0)
    assert area_rent_factor(np.array([london]), np.array([2]), P, 0.0)[0] == 1.0


def test_the_rental_area_is_a_household_column():
    costs = _housing([PRIVATE_RENT, OWNER_OUTRIGHT], [1, 1])
    assert set(AREAS.nation[costs["rental_area"]]) == {ENGLAND}


@pytest.mark.parametrize("side", ["rp", "pp"], ids=["receiving household", "paying household"])
def test_income_after_housing_costs_is_income_before_less_housing_costs(uniform, side):
    bhc, ahc = uniform.columns[f"{side}_net_income_bhc"], uniform.columns[f"{side}_net_income_ahc"]
    np.testing.assert_array_equal(ahc, bhc - uniform.columns[f"{side}_housing_costs"])
    assert (bhc >= 0).all(), "HBAI income before housing costs is never negative"


@pytest.mark.parametrize(
    "employment",
    [NOT_WORKING, NIL_RATE],
    ids=[f"{PP_EMPLOYMENT[NOT_WORKING]}: not claiming", f"{PP_EMPLOYMENT[NIL_RATE]}: in prison"],
)
def test_paying_parents_who_do_not_claim_get_no_universal_credit(uniform, employment):
    rows = uniform.pp_employment == employment
    assert rows.any()
    assert (uniform.pp_universal_credit[rows] == 0).all()


def test_nil_rate_paying_parents_are_not_in_private_households(uniform):
    np.testing.assert_array_equal(
        uniform.pp_in_private_household, uniform.pp_employment != NIL_RATE
    )


@pytest.mark.parametrize("side", ["rp", "pp"], ids=["receiving household", "paying household"])
def test_council_tax_is_the_bill_less_the_single_person_discount_and_support(uniform, side):
    p = load_parameters().at(DATE)
    single = ~uniform.columns[f"{side}_partner"].astype(bool)
    on_uc = uniform.columns[f"{side}_universal_credit"] > 0
    bill = uniform.columns[f"{side}_council_tax_bill"]
    discount = np.where(single, 1 - p.council_tax.single_person_discount, 1.0)
    support = np.where(on_uc, 1 - HOUSING.council_tax_support_share, 1.0)
    np.testing.assert_allclose(uniform.columns[f"{side}_council_tax"], bill * discount * support)


@pytest.mark.parametrize("side", ["rp", "pp"], ids=["receiving household", "paying household"])
def test_scottish_child_payment_and_the_warm_home_discount_go_where_the_law_says(uniform, side):
    c = uniform.columns
    on_uc = c[f"{side}_universal_credit"] > 0
    scotland = c[f"{side}_country"] == SCOTLAND
    scp, whd = c[f"{side}_scottish_child_payment"], c[f"{side}_warm_home_discount"]
    assert (scp > 0).any() and (whd > 0).any()
    assert not ((scp > 0) & ~(scotland & on_uc)).any(), "only families in Scotland on UC"
    assert not ((whd > 0) & ~(~scotland & on_uc)).any(), "only England and Wales, on UC"


@pytest.mark.parametrize("side", ["rp", "pp"], ids=["receiving household", "paying household"])
def test_the_lha_cap_is_the_rate_of_the_households_rental_area(uniform, side):
    c = uniform.columns
    private = c[f"{side}_tenure"] == PRIVATE_RENT
    cap = c[f"{side}_lha_cap_monthly"]
    assert (cap[private] > 0).all() and (cap[~private] == 0).all()
    rates = np.asarray(P.local_housing_allowance.monthly_rates)[c[f"{side}_rental_area"]]
    assert (np.isclose(cap[:, None], rates).any(axis=1) | ~private).all()
