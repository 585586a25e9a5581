"""Both households' housing costs, taxes, benefits and HBAI net incomes.

Housing costs are drawn per household (rent by tenure, country and size,
mortgage interest, the Local Housing Allowance cap, the council tax bill).
Taxes, National Insurance, Universal Credit and Child Benefit come from
:mod:`simulator.rules.taxben` at the population date; net incomes follow the
HBAI definitions, before (BHC) and after (AHC) housing costs, before any
maintenance is paid or received.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from scipy import special

from simulator.population.draws import age_years, lognormal
from simulator.population.frame import NIL_RATE, NOT_WORKING, SCOTLAND
from simulator.randomness import KeyedRandom
from simulator.rules.taxben import (
    OWNER_MORTGAGE,
    PRIVATE_RENT,
    SOCIAL_RENT,
    Households,
    household_incomes,
)

__all__ = [
    "CHILDREN_PER_BEDROOM",
    "LHA_LAST_SET",
    "LHA_PERCENTILE_Z",
    "MOST_BEDROOMS",
    "housing_costs",
    "net_incomes",
]

#: Local Housing Allowance rates were reset to the 30th percentile of local
#: rents in April 2024 and frozen from April 2025 (tax-benefit-hbai.md §3.4).
LHA_LAST_SET = dt.date(2024, 4, 1)
LHA_PERCENTILE_Z = float(special.ndtri(0.30))
#: Bedrooms needed: one for the adults and one for each two children, up to the
#: largest the Local Housing Allowance rates cover.
CHILDREN_PER_BEDROOM = 2
MOST_BEDROOMS = 4


def housing_costs(
    rng: KeyedRandom,
    prefix: str,
    ids: np.ndarray,
    tenure: np.ndarray,
    country: np.ndarray,
    children: np.ndarray,
    h,
    date: dt.date,
) -> dict[str, np.ndarray]:
    """Rent, LHA cap, mortgage interest and council tax bill for a household
    (``prefix`` "rp" or "pp" names the draws) of the given tenures and
    countries, with ``children`` to house; ``h`` holds the housing assumptions."""
    bedrooms = np.clip(
        1 + np.ceil(np.asarray(children) / CHILDREN_PER_BEDROOM), 1, MOST_BEDROOMS
    ).astype(int)
    level = np.where(
        tenure == SOCIAL_RENT,
        np.asarray(h.social_rent_monthly)[country],
        np.asarray(h.private_rent_monthly)[country],
    )
    rent = np.where(
        (tenure == SOCIAL_RENT) | (tenure == PRIVATE_RENT),
        lognormal(
            level * np.asarray(h.rent_bedroom_factors)[bedrooms - 1],
            h.rent_sd_log,
            rng.normal(f"{prefix}_rent", ids),
        ),
        0.0,
    )
    mortgage = np.where(
        tenure == OWNER_MORTGAGE,
        lognormal(
            h.mortgage_interest_monthly, h.mortgage_sd_log, rng.normal(f"{prefix}_mortgage", ids)
        ),
        0.0,
    )
    # Local Housing Allowance: the 30th percentile of local private rents when it
    # was last set (April 2024; frozen since), so below today's rents by the
    # growth since then (outline: one rent distribution per country and size).
    years_frozen = max(age_years((date - LHA_LAST_SET).days), 0.0)
    private = (
        np.asarray(h.private_rent_monthly)[country]
        * np.asarray(h.rent_bedroom_factors)[bedrooms - 1]
    )
    lha = (
        private
        * np.exp(LHA_PERCENTILE_Z * h.rent_sd_log)
        / (1 + h.private_rent_growth_annual) ** years_frozen
    )
    return {
        "tenure": tenure.astype(np.int8),
        "rent_monthly": rent,
        "lha_cap_monthly": lha,
        "mortgage_interest_monthly": mortgage,
        "council_tax_bill": np.full(len(ids), float(h.council_tax_annual)),
    }


def net_incomes(c: dict[str, np.ndarray], p, date: dt.date, h) -> dict[str, np.ndarray]:
    """Taxes, benefits and HBAI net incomes of both households, before maintenance.

    Tax, NI and Universal Credit are assessed on income as declared; HBAI
    income counts true income (hidden income is still spent by the household).
    Council tax is the bill less the single-person discount and, for
    households on Universal Credit, Council Tax Reduction.
    """
    n = len(c["family_id"])
    zero = np.zeros(n)
    rp_children = np.concatenate([c["child_age"], c["rp_other_child_age"]], axis=1)
    rp = Households(
        scottish=c["rp_country"] == SCOTLAND,
        age_1=c["rp_age"],
        employment_income_1=c["rp_earnings"],
        self_employment_income_1=c["rp_self_employment_income"],
        other_income_1=zero,
        has_partner=c["rp_partner"],
        age_2=c["rp_partner_age"],
        employment_income_2=c["rp_partner_earnings"],
        self_employment_income_2=zero,
        other_income_2=zero,
        child_ages=rp_children,
        tenure=c["rp_tenure"],
        rent_monthly=c["rp_rent_monthly"],
        eligible_rent_cap_monthly=c["rp_lha_cap_monthly"],
        mortgage_interest_monthly=c["rp_mortgage_interest_monthly"],
        council_tax_annual=zero,
        takes_up_benefits=np.ones(n, dtype=bool),
    )
    pp = Households(
        scottish=c["pp_country"] == SCOTLAND,
        age_1=c["pp_age"],
        employment_income_1=c["pp_declared_earnings"],
        self_employment_income_1=c["pp_declared_profit"],
        other_income_1=c["pp_unearned_income"],
        has_partner=c["pp_partner"],
        age_2=c["pp_partner_age"],
        employment_income_2=c["pp_partner_earnings"],
        self_employment_income_2=zero,
        other_income_2=zero,
        child_ages=c["pp_other_child_age"],
        tenure=c["pp_tenure"],
        rent_monthly=c["pp_rent_monthly"],
        eligible_rent_cap_monthly=c["pp_lha_cap_monthly"],
        mortgage_interest_monthly=c["pp_mortgage_interest_monthly"],
        council_tax_annual=zero,
        # Paying parents not working and not on benefits (supported by a partner,
        # studying) and nil-rate persons (e.g. prisoners) do not claim.
        takes_up_benefits=~np.isin(c["pp_employment"], (NOT_WORKING, NIL_RATE)),
    )
    out: dict[str, np.ndarray] = {}
    hidden_pp = (
        c["pp_true_earnings"]
        - c["pp_declared_earnings"]
        + c["pp_true_profit"]
        - c["pp_declared_profit"]
    )
    for prefix, hh, hidden in (("rp", rp, zero), ("pp", pp, hidden_pp)):
        final = household_incomes(hh, p, date)  # council tax is deducted below
        single = ~np.asarray(hh.has_partner, dtype=bool)
        bill = c[f"{prefix}_council_tax_bill"] * np.where(
            single, 1 - p.council_tax.single_person_discount, 1.0
        )
        council_tax = bill * np.where(
            final.universal_credit > 0, 1 - h.council_tax_support_share, 1.0
        )
        # HBAI resets a negative income to zero before housing costs; council tax
        # (and any hidden income) is applied to the reset figure, then reset again.
        bhc = np.maximum(final.net_income_bhc + hidden - council_tax, 0.0)
        out.update(
            {
                f"{prefix}_income_tax": final.income_tax,
                f"{prefix}_national_insurance": final.national_insurance,
                f"{prefix}_universal_credit": final.universal_credit,
                f"{prefix}_child_benefit": final.child_benefit - final.child_benefit_charge,
                f"{prefix}_council_tax": council_tax,
                f"{prefix}_housing_costs": final.housing_costs,
                f"{prefix}_net_income_bhc": bhc,
                f"{prefix}_net_income_ahc": bhc - final.housing_costs,
                f"{prefix}_equivalence_bhc": final.equivalence_bhc,
                f"{prefix}_equivalence_ahc": final.equivalence_ahc,
            }
        )
    out["pp_in_private_household"] = c["pp_employment"] != NIL_RATE
    return out
