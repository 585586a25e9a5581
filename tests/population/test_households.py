"""Both households' housing costs and incomes: rents and the Local Housing
Allowance cap by household size, and the HBAI net incomes before maintenance."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.parameters import load_parameters
from simulator.population import NOT_WORKING, PP_EMPLOYMENT
from simulator.population.frame import ENGLAND, NIL_RATE
from simulator.population.households import housing_costs
from simulator.randomness import KeyedRandom
from simulator.rules.taxben import OWNER_MORTGAGE, OWNER_OUTRIGHT, PRIVATE_RENT, SOCIAL_RENT

DATE = dt.date(2026, 4, 1)
HOUSING = load_assumptions().values().population.housing


def _housing(tenure, children, date=DATE):
    n = len(tenure)
    return housing_costs(
        KeyedRandom(1),
        "rp",
        np.arange(n, dtype=np.int64),
        np.asarray(tenure, dtype=np.int8),
        np.full(n, ENGLAND),
        np.asarray(children),
        HOUSING,
        date,
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
    ("children", "same_as", "bedrooms"),
    [
        pytest.param(2, 1, 2, id="1 or 2 children: two bedrooms"),
        pytest.param(4, 3, 3, id="3 or 4 children: three bedrooms"),
        pytest.param(8, 5, 4, id="5 or more children: four bedrooms at most"),
    ],
)
def test_the_lha_cap_rises_with_the_bedrooms_needed(children, same_as, bedrooms):
    cap = _housing([PRIVATE_RENT] * 3, [0, same_as, children])["lha_cap_monthly"]
    assert cap[2] == cap[1], "children sharing a room need no more bedrooms"
    factors = np.asarray(HOUSING.rent_bedroom_factors)
    assert cap[2] / cap[0] == pytest.approx(factors[bedrooms - 1] / factors[0])


def test_the_lha_cap_stays_frozen_while_rents_grow():
    year_later = dt.date(2027, 4, 1)
    now, later = (_housing([PRIVATE_RENT], [1], d)["lha_cap_monthly"] for d in (DATE, year_later))
    growth = (1 + HOUSING.private_rent_growth_annual) ** ((year_later - DATE).days / 365.25)
    assert later[0] == pytest.approx(now[0] / growth)


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
