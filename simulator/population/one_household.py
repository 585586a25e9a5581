"""Both households of one family, from their circumstances to their net
incomes, by the population's own tax-benefit code.

The dashboard's household view asks for gross earnings and circumstances,
not net incomes, so that the figures hang together: the paying parent's
gross earnings are the figure the maintenance calculation uses, and each
household's taxes, National Insurance, Universal Credit, Child Benefit,
Scottish Child Payment, Warm Home Discount, council tax and housing costs
are worked out by :func:`simulator.population.households.net_incomes` (the
function that gives the synthetic population and the monthly dynamics
theirs), called on a one-row table of the population's columns. Nothing
here re-states a tax or benefit rule.

The gross weekly figures are turned into the annual amounts the tax rules
take as the maintenance calculation converts them (× 365 / 7: SI 2012/2677,
reg. 35(1), :func:`simulator.rules.income.annual_from_weekly`), so that a
paying parent's £450 a week is the same pay on both sides; weekly housing
costs become the monthly rents and mortgage interest the population holds
over the 52 weeks and 12 months the tax-benefit code and the poverty measure
count.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from simulator.calculator.household import NetIncome
from simulator.inputs.parameters import Parameters
from simulator.inputs.rental_areas import NATIONS, load_rental_areas
from simulator.population.draws import WEEKS_IN_YEAR
from simulator.population.frame import EMPLOYEE, FLAT_RATE_BENEFIT, SELF_EMPLOYED
from simulator.population.households import net_incomes
from simulator.rules.income import annual_from_weekly
from simulator.rules.taxben import (
    MONTHS_IN_YEAR,
    NO_RENTAL_AREA,
    OWNER_MORTGAGE,
    OWNER_OUTRIGHT,
    PRIVATE_RENT,
    SOCIAL_RENT,
)

__all__ = [
    "TENURE_NAMES",
    "Circumstances",
    "Place",
    "household_net_incomes",
    "places",
]

#: The tenures in plain words, by the tax-benefit code's codes.
TENURE_NAMES = {
    PRIVATE_RENT: "rents privately",
    SOCIAL_RENT: "rents from a council or housing association",
    OWNER_MORTGAGE: "owns with a mortgage",
    OWNER_OUTRIGHT: "owns outright",
}
#: No child in a slot of the population's child-age columns.
NO_CHILD = -1


@dataclass(frozen=True)
class Place:
    """Where a household lives: a country and, optionally, a Broad Rental
    Market Area (whose Local Housing Allowance caps a private rent for
    Universal Credit)."""

    label: str
    country: int  # simulator.population.frame codes: 0 England, 1 Wales, 2 Scotland
    rental_area: int = NO_RENTAL_AREA


def _area_name(name: str) -> str:
    """An area's name in the file (ABERDEEN_AND_SHIRE) as words (Aberdeen and Shire)."""
    words = str(name).replace("_", " ").title().split()
    return " ".join(
        w.lower() if w in ("And", "Of", "The", "Upon", "On") and i else w
        for i, w in enumerate(words)
    )


def places() -> tuple[Place, ...]:
    """Each country without a particular area (no Local Housing Allowance
    cap), then every rental area of ``lha_areas.csv`` by name."""
    areas = load_rental_areas()
    countries = tuple(
        Place(f"{nation.title()} (no particular area)", code) for code, nation in enumerate(NATIONS)
    )
    named = sorted(
        (
            Place(
                f"{_area_name(areas.name[k])} ({NATIONS[areas.nation[k]].title()})",
                int(areas.nation[k]),
                k,
            )
            for k in range(len(areas))
        ),
        key=lambda place: place.label,
    )
    return countries + tuple(named)


@dataclass(frozen=True)
class Circumstances:
    """One household: its adult's gross earnings (£ a week, as the CMS counts
    them), a partner's, the dependent children's ages, tenure and housing
    costs (rent or mortgage interest, £ a week) and where it is."""

    earnings_weekly: float = 0.0
    self_employed: bool = False
    on_benefit: bool = False  # a paying parent on a flat-rate benefit
    age: int = 35
    partner: bool = False
    partner_earnings_weekly: float = 0.0
    partner_age: int | None = None  # default: the adult's age
    child_ages: tuple[int, ...] = ()
    tenure: int = PRIVATE_RENT
    housing_weekly: float = 0.0
    place: Place = Place("England (no particular area)", 0)


def _ages(ages: tuple[int, ...]) -> np.ndarray:
    return np.array([list(ages) or [NO_CHILD]], dtype=np.int16)


def _side_columns(prefix: str, h: Circumstances, council_tax_bill: float, p: Parameters) -> dict:
    """The population's columns of one household (``prefix`` rp or pp), and
    its adult's annual pay (``_earnings``: earnings or profit, placed by the caller)."""
    one = np.ones(1)
    earnings = float(annual_from_weekly(h.earnings_weekly, p))
    monthly = h.housing_weekly * WEEKS_IN_YEAR / MONTHS_IN_YEAR
    renter = h.tenure in (PRIVATE_RENT, SOCIAL_RENT)
    return {
        f"{prefix}_country": np.array([h.place.country], dtype=np.int8),
        f"{prefix}_age": one * h.age,
        f"{prefix}_partner": np.array([h.partner]),
        f"{prefix}_partner_age": one * (h.age if h.partner_age is None else h.partner_age),
        f"{prefix}_partner_earnings": one
        * (float(annual_from_weekly(h.partner_earnings_weekly, p)) if h.partner else 0.0),
        f"{prefix}_tenure": np.array([h.tenure], dtype=np.int8),
        f"{prefix}_rent_monthly": one * (monthly if renter else 0.0),
        f"{prefix}_mortgage_interest_monthly": one
        * (monthly if h.tenure == OWNER_MORTGAGE else 0.0),
        f"{prefix}_rental_area": np.array([h.place.rental_area], dtype=np.int16),
        f"{prefix}_council_tax_bill": one * council_tax_bill,
        "_earnings": earnings,
    }


def household_columns(
    receiving: Circumstances, paying: Circumstances, p: Parameters, council_tax_bill: float
) -> dict[str, np.ndarray]:
    """The one-row table of population columns :func:`net_incomes` reads:
    the receiving household's children in ``child_age``, the paying
    household's in ``pp_other_child_age``; no hidden, unearned or cash-in-hand
    income (the paying parent declares all they earn)."""
    rp = _side_columns("rp", receiving, council_tax_bill, p)
    pp = _side_columns("pp", paying, council_tax_bill, p)
    rp_pay, pp_pay = rp.pop("_earnings"), pp.pop("_earnings")
    zero = np.zeros(1)
    pp_earnings = zero if paying.self_employed else zero + pp_pay
    pp_profit = zero + pp_pay if paying.self_employed else zero
    work = SELF_EMPLOYED if paying.self_employed else EMPLOYEE
    return {
        "family_id": np.zeros(1, dtype=np.int64),
        **rp,
        **pp,
        "child_age": _ages(receiving.child_ages),
        "rp_other_child_age": _ages(()),
        "rp_earnings": zero if receiving.self_employed else zero + rp_pay,
        "rp_self_employment_income": zero + rp_pay if receiving.self_employed else zero,
        "pp_other_child_age": _ages(paying.child_ages),
        "pp_declared_earnings": pp_earnings,
        "pp_true_earnings": pp_earnings,
        "pp_declared_profit": pp_profit,
        "pp_true_profit": pp_profit,
        "pp_unearned_income": zero,
        "pp_employment": np.array([FLAT_RATE_BENEFIT if paying.on_benefit else work], np.int8),
    }


def household_net_incomes(
    receiving: Circumstances,
    paying: Circumstances,
    p: Parameters,
    when: dt.date,
    housing,
) -> tuple[NetIncome, NetIncome]:
    """Both households' net incomes before maintenance under the law ``p``
    in force on ``when``, by :func:`net_incomes`; ``housing``: the housing
    assumptions (``population.housing``: the council tax bill and the share
    of it Council Tax Reduction meets for a household on Universal Credit)."""
    columns = household_columns(receiving, paying, p, float(housing.council_tax_annual))
    out = net_incomes(columns, p, when, housing)

    def side(prefix: str, h: Circumstances) -> NetIncome:
        value = {k[len(prefix) + 1 :]: float(v[0]) for k, v in out.items() if k.startswith(prefix)}
        earnings = columns[f"{prefix}_partner_earnings"][0] + (
            columns["rp_earnings"][0] + columns["rp_self_employment_income"][0]
            if prefix == "rp"
            else columns["pp_declared_earnings"][0] + columns["pp_declared_profit"][0]
        )
        return NetIncome(
            earnings_annual=float(earnings),
            income_tax_annual=value["income_tax"],
            national_insurance_annual=value["national_insurance"],
            universal_credit_annual=value["universal_credit"],
            child_benefit_annual=value["child_benefit"],
            scottish_child_payment_annual=value["scottish_child_payment"],
            warm_home_discount_annual=value["warm_home_discount"],
            council_tax_annual=value["council_tax"],
            housing_costs_annual=value["housing_costs"],
            assumed_earnings_annual=value["uc_assumed_earnings"],
            bhc_weekly=value["net_income_bhc"] / WEEKS_IN_YEAR,
            ahc_weekly=value["net_income_ahc"] / WEEKS_IN_YEAR,
            equivalence_bhc=value["equivalence_bhc"],
            equivalence_ahc=value["equivalence_ahc"],
            adults=1 + int(h.partner),
            child_ages=tuple(h.child_ages),
            weeks_in_year=WEEKS_IN_YEAR,
        )

    return side("rp", receiving), side("pp", paying)
