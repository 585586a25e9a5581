"""The tax-benefit module against an independent model: PolicyEngine UK's
results for 300 reference households (tests/fixtures/policyengine_uk/, with
how they were produced, by hand, with the scripts in crosscheck/policyengine_uk/,
and what a like-for-like comparison allows for).

Tolerances (annual £): National Insurance, Child Benefit and the equivalence
scales exact to the penny; income tax plus the High Income Child Benefit
Charge within £2 (PolicyEngine rounds the Child Benefit and the charge down to
whole pounds, the simulator does not); Universal Credit and HBAI net income before and after housing
costs within £2, except for self-employed Universal Credit claimants (the
minimum income floor is not modelled).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simulator.inputs.parameters import load_parameters
from simulator.rules.taxben import (
    OWNER_MORTGAGE,
    OWNER_OUTRIGHT,
    PRIVATE_RENT,
    SOCIAL_RENT,
    Households,
    household_incomes,
)

FIXTURES = Path(__file__).parents[1] / "fixtures" / "policyengine_uk"
TENURES = {
    "owner_outright": OWNER_OUTRIGHT,
    "owner_mortgage": OWNER_MORTGAGE,
    "social_rent": SOCIAL_RENT,
    "private_rent": PRIVATE_RENT,
}
NOT_MODELLED = ["warm_home_discount", "scottish_child_payment", "free_school_meals"]
POUNDS = 2.0


def _simulate(households: pd.DataFrame, reference: pd.DataFrame) -> pd.DataFrame:
    """The simulator's results for the reference households, one tax year at a time."""
    parameters = load_parameters()
    out = []
    for year, group in households.groupby("fiscal_year"):
        pe = reference.loc[group.household_id]
        n = len(group)

        def number(column, group=group):
            return pd.to_numeric(group[column].replace("", 0)).to_numpy(dtype=float)

        ages = np.full((n, 6), -1)
        for i, text in enumerate(group.child_ages):
            if text:
                values = [int(a) for a in str(text).split(";")]
                ages[i, : len(values)] = values
        tenure = group.tenure.map(TENURES).to_numpy()
        cap = np.where(tenure == PRIVATE_RENT, pe.uc_housing_costs_element.to_numpy() / 12, np.inf)
        households_arrays = Households(
            scottish=(group.country == "scotland").to_numpy(),
            age_1=number("adult1_age"),
            employment_income_1=number("adult1_employment_income"),
            self_employment_income_1=number("adult1_self_employment_income"),
            other_income_1=np.zeros(n),
            has_partner=(group.adult2_age != "").to_numpy(),
            age_2=number("adult2_age"),
            employment_income_2=number("adult2_employment_income"),
            self_employment_income_2=number("adult2_self_employment_income"),
            other_income_2=np.zeros(n),
            child_ages=ages,
            tenure=tenure,
            rent_monthly=number("rent_monthly"),
            eligible_rent_cap_monthly=cap,
            mortgage_interest_monthly=number("mortgage_interest_monthly"),
            council_tax_annual=number("council_tax_annual"),
            takes_up_benefits=np.ones(n, dtype=bool),
        )
        when = dt.date(int(year), 10, 1)
        result = household_incomes(households_arrays, parameters.at(when), when)
        frame = pd.DataFrame(result.as_dict(), index=group.household_id.to_numpy())
        frame["self_employed"] = (
            number("adult1_self_employment_income") + number("adult2_self_employment_income")
        ) > 0
        out.append(frame)
    return pd.concat(out).sort_index()


@pytest.fixture(scope="module")
def comparison():
    households = pd.read_csv(FIXTURES / "households.csv", keep_default_na=False)
    reference = pd.read_csv(FIXTURES / "results.csv").set_index("household_id")
    ours = _simulate(households, reference)
    return ours, reference.loc[ours.index]


def test_fixture_is_complete(comparison):
    ours, pe = comparison
    assert len(ours) == 300
    assert set(pe.fiscal_year) == {2024, 2025, 2026}
    assert (pe.universal_credit > 0).sum() > 100, "many households get Universal Credit"
    assert (pe.CB_HITC > 0).sum() > 10 and (pe.benefit_cap_reduction > 0).sum() > 3


def test_national_insurance(comparison):
    ours, pe = comparison
    np.testing.assert_allclose(ours.national_insurance, pe.national_insurance, atol=0.01)


def test_income_tax_including_the_child_benefit_charge(comparison):
    ours, pe = comparison
    np.testing.assert_allclose(
        ours.income_tax + ours.child_benefit_charge, pe.income_tax, atol=POUNDS
    )


def test_child_benefit(comparison):
    ours, pe = comparison
    np.testing.assert_allclose(ours.child_benefit, pe.child_benefit, atol=0.01)


def _comparable(ours: pd.DataFrame, pe: pd.DataFrame) -> pd.Series:
    """Households outside the minimum income floor, which is not modelled."""
    return ~(ours.self_employed & (pe.universal_credit > 0))


def test_universal_credit(comparison):
    ours, pe = comparison
    keep = _comparable(ours, pe)
    assert keep.sum() > 280
    np.testing.assert_allclose(ours.universal_credit[keep], pe.universal_credit[keep], atol=POUNDS)
    np.testing.assert_allclose(
        ours.benefit_cap_reduction[keep], pe.benefit_cap_reduction[keep], atol=POUNDS
    )


@pytest.mark.parametrize(
    ("ours_column", "pe_column"),
    [
        ("net_income_bhc", "hbai_household_net_income"),
        ("net_income_ahc", "hbai_household_net_income_ahc"),
    ],
)
def test_hbai_net_income(comparison, ours_column, pe_column):
    ours, pe = comparison
    keep = _comparable(ours, pe)
    like_for_like = pe[pe_column] - pe[NOT_MODELLED].sum(axis=1)
    np.testing.assert_allclose(ours[ours_column][keep], like_for_like[keep], atol=POUNDS)


def test_equivalence_scales(comparison):
    ours, pe = comparison
    np.testing.assert_allclose(ours.equivalence_bhc, pe.household_equivalisation_bhc, atol=1e-9)
    np.testing.assert_allclose(ours.equivalence_ahc, pe.household_equivalisation_ahc, atol=1e-9)
