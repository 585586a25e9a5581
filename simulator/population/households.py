"""Both households' housing costs, taxes, benefits and HBAI net incomes.

Housing costs are drawn per household (the Broad Rental Market Area, rent by
tenure, country, area and size, mortgage interest, the council tax bill).
Taxes, National Insurance, Universal Credit (with the Local Housing Allowance
of the household's area), Child Benefit, Scottish Child Payment and the Warm
Home Discount come from :mod:`simulator.rules.taxben` at the population date;
net incomes follow the HBAI definitions, before (BHC) and after (AHC) housing
costs, before any maintenance is paid or received.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from simulator.inputs.parameters import Parameters
from simulator.inputs.rental_areas import load_rental_areas
from simulator.population.draws import lognormal
from simulator.population.frame import COUNTRIES, NIL_RATE, NOT_WORKING, SCOTLAND
from simulator.randomness import KeyedRandom
from simulator.rules.engine import DEFAULT_THREADS
from simulator.rules.taxben import (
    CHILDREN_PER_BEDROOM,
    MOST_BEDROOMS,
    OWNER_MORTGAGE,
    PRIVATE_RENT,
    SOCIAL_RENT,
    Households,
    household_incomes,
)

__all__ = [
    "CHILDREN_PER_BEDROOM",
    "MOST_BEDROOMS",
    "SIDES",
    "area_rent_factor",
    "draw_rental_area",
    "housing_costs",
    "net_incomes",
]

#: The two households of a family: the receiving household, the paying household.
SIDES = ("rp", "pp")
#: Rows worked out at a time by :func:`net_incomes` (speed only).
NET_INCOMES_BLOCK = 200_000


def draw_rental_area(rng: KeyedRandom, prefix: str, ids: np.ndarray, country: np.ndarray):
    """Each household's Broad Rental Market Area: a keyed draw within its
    country, in proportion to the areas' private-rented households (census
    2021/2022; a proxy for where separated families live, since most of them
    who rent do so privately or socially in the same places)."""
    areas = load_rental_areas()
    u = rng.uniform(f"{prefix}_rental_area", ids)
    out = np.zeros(len(ids), dtype=np.int16)
    for nation in range(len(COUNTRIES)):
        codes = np.flatnonzero(areas.nation == nation)
        cumulative = np.cumsum(areas.households[codes])
        here = np.asarray(country) == nation
        pick = np.searchsorted(cumulative / cumulative[-1], u[here], side="right")
        out[here] = codes[np.minimum(pick, len(codes) - 1)]
    return out


def area_rent_factor(
    area: np.ndarray, bedrooms: np.ndarray, p: Parameters, elasticity: float
) -> np.ndarray:
    """How much dearer private rents are in each household's area than in its
    nation as a whole: the area's Local Housing Allowance for the bedrooms
    needed over the nation's household-weighted mean of it, to the power
    ``elasticity`` (the LHA is the 30th percentile of local rents)."""
    areas = load_rental_areas()
    rates = np.asarray(p.local_housing_allowance.monthly_rates, dtype=float)[:, 1:]
    mean = np.zeros((len(COUNTRIES), rates.shape[1]))
    for nation in range(len(COUNTRIES)):
        here = areas.nation == nation
        mean[nation] = np.average(rates[here], axis=0, weights=areas.households[here])
    column = np.asarray(bedrooms) - 1
    ratio = rates[area, column] / mean[areas.nation[area], column]
    return ratio**elasticity


def housing_costs(
    rng: KeyedRandom,
    prefix: str,
    ids: np.ndarray,
    tenure: np.ndarray,
    country: np.ndarray,
    children: np.ndarray,
    h,
    p: Parameters,
) -> dict[str, np.ndarray]:
    """Rental area, rent, mortgage interest and council tax bill for a
    household (``prefix`` "rp" or "pp" names the draws) of the given tenures
    and countries, with ``children`` to house; ``h`` holds the housing
    assumptions, ``p`` the statutory parameters at the population date (the
    Local Housing Allowance itself is worked out by taxben from the area)."""
    bedrooms = np.clip(
        1 + np.ceil(np.asarray(children) / CHILDREN_PER_BEDROOM), 1, MOST_BEDROOMS
    ).astype(int)
    area = draw_rental_area(rng, prefix, ids, country)
    private = np.asarray(h.private_rent_monthly)[country] * area_rent_factor(
        area, bedrooms, p, h.private_rent_area_elasticity
    )
    level = np.where(tenure == SOCIAL_RENT, np.asarray(h.social_rent_monthly)[country], private)
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
    return {
        "tenure": tenure.astype(np.int8),
        "rental_area": area,
        "rent_monthly": rent,
        "mortgage_interest_monthly": mortgage,
        "council_tax_bill": np.full(len(ids), float(h.council_tax_annual)),
    }


def _receiving_household(c, n: int, zero: np.ndarray) -> Households:
    """The receiving household of each row of ``c``."""
    rp_children = np.concatenate([c["child_age"], c["rp_other_child_age"]], axis=1)
    return Households(
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
        eligible_rent_cap_monthly=np.full(n, np.inf),
        rental_area=c["rp_rental_area"],
        mortgage_interest_monthly=c["rp_mortgage_interest_monthly"],
        council_tax_annual=zero,
        takes_up_benefits=np.ones(n, dtype=bool),
    )


def _paying_household(c, n: int, zero: np.ndarray) -> Households:
    """The paying household of each row of ``c`` (tax, NI and UC on income as declared)."""
    return Households(
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
        eligible_rent_cap_monthly=np.full(n, np.inf),
        rental_area=c["pp_rental_area"],
        mortgage_interest_monthly=c["pp_mortgage_interest_monthly"],
        council_tax_annual=zero,
        # Paying parents not working and not on benefits (supported by a partner,
        # studying) and nil-rate persons (e.g. prisoners) do not claim.
        takes_up_benefits=~np.isin(c["pp_employment"], (NOT_WORKING, NIL_RATE)),
    )


class _Block(Mapping):
    """Rows ``start:stop`` of the columns ``c``, sliced when read."""

    def __init__(self, c, start: int, stop: int):
        self.c, self.start, self.stop = c, start, stop

    def __getitem__(self, key):
        return np.asarray(self.c[key])[self.start : self.stop]

    def __iter__(self):
        return iter(self.c)

    def __len__(self) -> int:
        return len(self.c)


def net_incomes(
    c: dict[str, np.ndarray], p, date: dt.date, h, sides: tuple[str, ...] = SIDES
) -> dict[str, np.ndarray]:
    """:func:`_net_incomes` (below) in blocks of :data:`NET_INCOMES_BLOCK`
    rows: the same results, without the page faults of arrays of millions
    of rows (the full GB population in half the time)."""
    n = len(c["family_id"])
    if n <= NET_INCOMES_BLOCK:
        return _net_incomes(c, p, date, h, sides)

    def block(start: int) -> dict[str, np.ndarray]:
        return _net_incomes(_Block(c, start, start + NET_INCOMES_BLOCK), p, date, h, sides)

    # the first block gives the results' types; each block is written into
    # its rows of the results, the blocks after the first on all cores
    # (numpy releases the interpreter lock; each row's figures are its own)
    first = block(0)
    out = {k: np.empty((n, *v.shape[1:]), dtype=v.dtype) for k, v in first.items()}

    def keep(start: int, part: dict[str, np.ndarray] | None = None) -> None:
        for key, values in (block(start) if part is None else part).items():
            out[key][start : start + len(values)] = values

    keep(0, first)
    starts = range(NET_INCOMES_BLOCK, n, NET_INCOMES_BLOCK)
    with ThreadPoolExecutor(max(1, DEFAULT_THREADS)) as pool:
        for done in pool.map(keep, starts):
            del done
    return out


def _net_incomes(
    c: dict[str, np.ndarray], p, date: dt.date, h, sides: tuple[str, ...] = SIDES
) -> dict[str, np.ndarray]:
    """Taxes, benefits and HBAI net incomes of both households, before maintenance.

    Tax, NI and Universal Credit are assessed on income as declared; HBAI
    income counts true income (hidden income is still spent by the household).
    Council tax is the bill less the single-person discount and, for
    households on Universal Credit, Council Tax Reduction. Everyone with
    self-employment income counts as gainfully self-employed and past the
    12-month start-up period, so the minimum income floor applies to them
    (``in_start_up_period`` is left unset); the eligible rent is capped only
    by the Local Housing Allowance of the household's rental area.
    ``sides``: the households worked out ("rp", the receiving household;
    "pp", the paying household), both by default.
    """
    n = len(c["family_id"])
    zero = np.zeros(n)
    out: dict[str, np.ndarray] = {}
    for prefix in sides:
        if prefix == "rp":
            hh, hidden = _receiving_household(c, n, zero), zero
        else:
            hh = _paying_household(c, n, zero)
            hidden = (
                c["pp_true_earnings"]
                - c["pp_declared_earnings"]
                + c["pp_true_profit"]
                - c["pp_declared_profit"]
                # cash in hand on a benefit (diverted income is in true - declared)
                + c.get("pp_cash_in_hand_annual", zero)
            )
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
                f"{prefix}_scottish_child_payment": final.scottish_child_payment,
                f"{prefix}_warm_home_discount": final.warm_home_discount,
                f"{prefix}_uc_assumed_earnings": final.uc_assumed_earnings,
                f"{prefix}_lha_cap_monthly": np.where(
                    np.isfinite(final.eligible_rent_cap_monthly),
                    final.eligible_rent_cap_monthly,
                    0.0,
                ),
                f"{prefix}_council_tax": council_tax,
                f"{prefix}_housing_costs": final.housing_costs,
                f"{prefix}_net_income_bhc": bhc,
                f"{prefix}_net_income_ahc": bhc - final.housing_costs,
                f"{prefix}_equivalence_bhc": final.equivalence_bhc,
                f"{prefix}_equivalence_ahc": final.equivalence_ahc,
            }
        )
    if "pp" in sides:
        out["pp_in_private_household"] = c["pp_employment"] != NIL_RATE
    return out
