"""Run the reference households through PolicyEngine UK (by hand, offline).

PolicyEngine UK is an independent, AGPL-licensed model; it is NOT a dependency
of the simulator. Install it in a throwaway environment and run:

    python3 -m venv /tmp/pe-venv && /tmp/pe-venv/bin/pip install policyengine-uk
    unshare -n /tmp/pe-venv/bin/python crosscheck/policyengine_uk/run_policyengine.py

(``unshare -n`` runs it with no network, proving nothing is downloaded.)
Reads tests/fixtures/policyengine_uk/households.csv and writes
tests/fixtures/policyengine_uk/results.csv: PolicyEngine's taxes, benefits and
HBAI incomes for each household (annual £). Only these outputs are stored.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import policyengine_uk
from policyengine_uk import Simulation
from policyengine_uk.data.dataset_schema import UKMultiYearDataset, UKSingleYearDataset

FIXTURES = Path(__file__).resolve().parents[2] / "tests" / "fixtures" / "policyengine_uk"
LHA = Path(policyengine_uk.__file__).parent / "parameters" / "gov" / "dwp" / "LHA"
TENURE = {
    "owner_outright": "OWNED_OUTRIGHT",
    "owner_mortgage": "OWNED_WITH_MORTGAGE",
    "social_rent": "RENT_FROM_COUNCIL",
    "private_rent": "RENT_PRIVATELY",
}
PERSON_SUMS = ["income_tax", "national_insurance", "CB_HITC"]
HOUSEHOLD = [
    "universal_credit",
    "uc_housing_costs_element",
    "benefit_cap_reduction",
    "child_benefit",
    "hbai_household_net_income",
    "hbai_household_net_income_ahc",
    "household_equivalisation_bhc",
    "household_equivalisation_ahc",
    "warm_home_discount",
    "scottish_child_payment",
    "free_school_meals",
    "council_tax",
    "LHA_allowed_bedrooms",
]


def area_regions() -> dict[str, str]:
    """Each BRMA's region: the one with most of its private-rented homes (as
    crosscheck/policyengine_uk/make_lha_table.py assigns nations)."""
    homes = pd.read_csv(LHA / "brma_private_rented_households.csv.gz")
    by_region = homes.groupby(["brma", "region"]).households.sum().reset_index()
    return by_region.sort_values("households").groupby("brma").region.last().to_dict()


def frames(households: pd.DataFrame):
    regions = area_regions()
    people, benunits, homes = [], [], []
    pid = 0
    for h in households.itertuples():
        members = [(h.adult1_age, h.adult1_employment_income, h.adult1_self_employment_income)]
        if pd.notna(h.adult2_age) and h.adult2_age != "":
            members.append(
                (h.adult2_age, h.adult2_employment_income, h.adult2_self_employment_income)
            )
        ages = (
            [int(a) for a in str(h.child_ages).split(";")]
            if pd.notna(h.child_ages) and str(h.child_ages)
            else []
        )
        members += [(a, 0.0, 0.0) for a in ages]
        adults = 2 if len(members) - len(ages) == 2 else 1
        for k, (age, employment, self_employment) in enumerate(members):
            pid += 1
            people.append(
                {
                    "person_id": pid,
                    "person_benunit_id": h.household_id,
                    "person_household_id": h.household_id,
                    "age": int(age),
                    "employment_income": float(employment),
                    "self_employment_income": float(self_employment),
                    # say who the couple is rather than let PolicyEngine infer it
                    "is_claimant_or_partner": k < adults,
                    "is_parent": k < adults and bool(ages),
                    # full take-up of Scottish Child Payment (no survey draw)
                    "would_claim_scp": True,
                }
            )
        benunits.append(
            {
                "benunit_id": h.household_id,
                "would_claim_uc": True,
                "would_claim_child_benefit": True,
                # cohabiting, not married: no Marriage Allowance transfer
                "is_married": False,
                # no deductions from the award for debts (a survey-based rate)
                "uc_deduction_rate": 0.0,
            }
        )
        bedrooms = 1 + (len(ages) + 1) // 2
        homes.append(
            {
                "household_id": h.household_id,
                "household_weight": 1.0,
                "region": regions[h.rental_area],
                "brma": h.rental_area,
                # every qualifying household gets the rebate (no receipt-rate draw)
                "would_receive_warm_home_discount": True,
                "tenure_type": TENURE[h.tenure],
                "rent": 12 * float(h.rent_monthly),
                "mortgage_interest_repayment": 12 * float(h.mortgage_interest_monthly),
                "council_tax": float(h.council_tax_annual),
                "num_bedrooms": bedrooms,
            }
        )
    return pd.DataFrame(people), pd.DataFrame(benunits), pd.DataFrame(homes)


def main() -> None:
    households = pd.read_csv(
        FIXTURES / "households.csv",
        keep_default_na=False,
        na_values={
            "adult2_age": [""],
            "adult2_employment_income": [""],
            "adult2_self_employment_income": [""],
        },
    )
    results = []
    for year, group in households.groupby("fiscal_year"):
        person, benunit, household = frames(group)
        dataset = UKSingleYearDataset(
            person=person, benunit=benunit, household=household, fiscal_year=int(year)
        )
        sim = Simulation(dataset=UKMultiYearDataset(datasets=[dataset]))
        out = pd.DataFrame(
            {"household_id": group.household_id.to_numpy(), "fiscal_year": int(year)}
        )
        person_household = person.person_household_id.to_numpy()
        benunit_household = benunit.benunit_id.to_numpy()  # one benefit unit per household
        for name in PERSON_SUMS + HOUSEHOLD:
            values = np.asarray(sim.calculate(name, int(year)), dtype=float)
            if len(values) == len(person):  # a person-level variable: sum over members
                values = (
                    pd.Series(values)
                    .groupby(person_household)
                    .sum()
                    .reindex(group.household_id)
                    .to_numpy()
                )
            elif len(values) == len(benunit) and len(benunit) != len(household):
                values = (
                    pd.Series(values, index=benunit_household)
                    .reindex(group.household_id)
                    .to_numpy()
                )
            out[name] = values
        results.append(out)
    table = pd.concat(results).sort_values("household_id").round(2)
    table.to_csv(FIXTURES / "results.csv", index=False)
    print(f"{len(table)} households written to {FIXTURES / 'results.csv'}")


if __name__ == "__main__":
    main()
