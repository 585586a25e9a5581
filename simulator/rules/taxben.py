"""Taxes, benefits and HBAI net income for the households of separated families.

Pure vectorised functions of numpy arrays and a :class:`~simulator.inputs.parameters.Parameters`
snapshot (tax years 2024-25 to 2026-27; values in ``simulator/inputs/statutory/``).
Covers income tax (rest of UK and Scottish rates), employee Class 1 and
self-employed Class 4 National Insurance, Universal Credit (standard allowance,
child elements with the two-child limit as dated, work allowance, taper, the
minimum income floor for the gainfully self-employed, housing costs element
with the Local Housing Allowance of the household's Broad Rental Market Area
and the shared accommodation rate, benefit cap with the London cap), Child
Benefit and the High Income Child Benefit Charge, Scottish Child Payment, the
Warm Home Discount (England and Wales), and HBAI household net income before
and after housing costs with the HBAI equivalence scales.

Child maintenance is left out on purpose: it is disregarded by Universal Credit
and untaxed (UC Regs 2013 reg. 66; tax-benefit-hbai.md §3.6), so it changes
HBAI income by exactly the amount received or paid, and the caller adds it.

Simplifications (documented in the README): all taxable income is treated as
non-savings income; no pension contributions, capital, childcare costs,
disability or carer elements, non-dependant deductions, size criteria in
social housing or Council Tax Reduction (council tax is an input, net of any
reduction); full take-up of Universal Credit (and so of Scottish Child Payment
and the Warm Home Discount, which follow it) unless a household is marked as
not claiming; no qualifying benefit other than Universal Credit (no legacy
benefits or Pension Credit); a child's birth date is taken as half a year
before their next birthday when testing the 6 April 2017 cut-off.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, fields

import numpy as np

from simulator.inputs.parameters import Parameters

__all__ = [
    "NO_RENTAL_AREA",
    "OWNER_MORTGAGE",
    "OWNER_OUTRIGHT",
    "PRIVATE_RENT",
    "SHARED_ACCOMMODATION",
    "SOCIAL_RENT",
    "HouseholdIncomes",
    "Households",
    "HouseholdsError",
    "child_benefit_annual",
    "equivalence_scale",
    "high_income_child_benefit_charge",
    "household_incomes",
    "income_tax_annual",
    "lha_category",
    "local_housing_allowance_monthly",
    "minimum_income_floor_annual",
    "national_insurance_annual",
    "poverty_line_weekly",
    "scottish_child_payment_annual",
    "universal_credit_maintenance_change",
    "universal_credit_monthly",
    "warm_home_discount_annual",
]

# Tenure codes
OWNER_OUTRIGHT, OWNER_MORTGAGE, SOCIAL_RENT, PRIVATE_RENT = 0, 1, 2, 3
TENURES = ("owner_outright", "owner_mortgage", "social_rent", "private_rent")
MONTHS_IN_YEAR = 12
WEEKS_IN_YEAR = 52  # the minimum income floor's hours a week over a year (reg. 90)
DAYS_IN_YEAR = 365.25  # for ages and birth dates only
NO_RENTAL_AREA = -1
#: LHA categories: the shared accommodation rate, then 1 to 4 bedrooms.
SHARED_ACCOMMODATION = 0
#: Bedrooms allowed: one for the adults and one for each two children, up to the
#: largest the Local Housing Allowance rates cover (an outline of the size
#: criteria of UC Regs 2013 Sch. 4 paras. 8-12, which pair children by age and sex).
CHILDREN_PER_BEDROOM = 2
MOST_BEDROOMS = 4


class HouseholdsError(ValueError):
    """A household field the tax-benefit rules cannot use (named in the message).
    A ValueError, as the other rules raise: rules import nothing but numpy and
    the parameters (tests/test_architecture.py)."""


@dataclass(frozen=True)
class Households:
    """Households (one benefit unit each), as arrays aligned on households.

    Money is annual £ unless the name says otherwise. ``child_ages`` is
    (n, K) whole years with -1 for an empty slot.
    """

    scottish: np.ndarray  # bool: Scottish taxpayers
    age_1: np.ndarray
    employment_income_1: np.ndarray
    self_employment_income_1: np.ndarray
    other_income_1: np.ndarray  # taxable unearned income (not counted by UC)
    has_partner: np.ndarray  # bool
    age_2: np.ndarray
    employment_income_2: np.ndarray
    self_employment_income_2: np.ndarray
    other_income_2: np.ndarray
    child_ages: np.ndarray  # (n, K)
    tenure: np.ndarray  # codes above
    rent_monthly: np.ndarray
    eligible_rent_cap_monthly: np.ndarray  # Local Housing Allowance cap (private renters)
    mortgage_interest_monthly: np.ndarray
    council_tax_annual: np.ndarray
    takes_up_benefits: np.ndarray  # bool: claims Universal Credit if entitled
    # Broad Rental Market Area code (row of local_housing_allowance.yaml; see
    # simulator/inputs/statutory/lha_areas.csv), or NO_RENTAL_AREA (-1): then
    # only eligible_rent_cap_monthly caps a private rent. None: no areas.
    rental_area: np.ndarray | None = None
    # bool: the self-employed adults are in a 12-month start-up period (UC Regs
    # 2013 reg. 63), so no minimum income floor. None: everyone is past it.
    in_start_up_period: np.ndarray | None = None

    def __len__(self) -> int:
        return self.age_1.shape[0]


@dataclass(frozen=True)
class HouseholdIncomes:
    """Results of :func:`household_incomes`: annual £ per household."""

    gross_income: np.ndarray
    income_tax: np.ndarray
    national_insurance: np.ndarray
    universal_credit: np.ndarray
    uc_housing_element: np.ndarray
    benefit_cap_reduction: np.ndarray
    child_benefit: np.ndarray
    child_benefit_charge: np.ndarray
    scottish_child_payment: np.ndarray
    warm_home_discount: np.ndarray
    uc_assumed_earnings: np.ndarray  # net earnings added by the minimum income floor
    eligible_rent_cap_monthly: np.ndarray  # the LHA that caps a private rent (inf if none)
    council_tax: np.ndarray
    housing_costs: np.ndarray
    net_income_bhc: np.ndarray  # HBAI, before maintenance; negatives reset to 0
    net_income_ahc: np.ndarray  # from the reset BHC figure; may be negative
    equivalence_bhc: np.ndarray
    equivalence_ahc: np.ndarray

    def as_dict(self) -> dict[str, np.ndarray]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


# --------------------------------------------------------------------------- tax


def _banded(income: np.ndarray, thresholds: np.ndarray, rates: np.ndarray) -> np.ndarray:
    """Tax on ``income`` with ``rates`` starting at ``thresholds`` (ascending, first 0)."""
    tax = np.zeros_like(income)
    for k, rate in enumerate(rates):
        lower = thresholds[k]
        upper = thresholds[k + 1] if k + 1 < len(thresholds) else np.inf
        tax += rate * np.clip(income - lower, 0.0, upper - lower)
    return tax


def income_tax_annual(total_income: np.ndarray, scottish: np.ndarray, p: Parameters) -> np.ndarray:
    """Income tax on one person's annual non-savings income, with the personal
    allowance tapered away above £100,000 (£1 per £2). Scottish taxpayers pay
    the Scottish rates and bands. Income Tax Act 2007 ss. 6-10, 35."""
    income = np.maximum(np.asarray(total_income, dtype=float), 0.0)
    allowance = p.income_tax.personal_allowance
    pa = np.maximum(
        allowance.amount - allowance.taper_rate * np.maximum(income - allowance.taper_threshold, 0),
        0.0,
    )
    taxable = np.maximum(income - pa, 0.0)
    ruk = _banded(taxable, p.income_tax.rest_of_uk.thresholds, p.income_tax.rest_of_uk.rates)
    scot = _banded(taxable, p.income_tax.scotland.thresholds, p.income_tax.scotland.rates)
    return np.where(np.asarray(scottish, dtype=bool), scot, ruk)


def national_insurance_annual(
    employment_income: np.ndarray, self_employment_income: np.ndarray, p: Parameters
) -> np.ndarray:
    """Employee Class 1 NI on earnings plus Class 4 NI on self-employed profits
    (annual thresholds). Class 2 is no longer a liability from 6 April 2024."""
    c1 = p.national_insurance.class_1
    c4 = p.national_insurance.class_4
    earnings = np.maximum(np.asarray(employment_income, dtype=float), 0.0)
    profits = np.maximum(np.asarray(self_employment_income, dtype=float), 0.0)
    class_1 = c1.main_rate * np.clip(
        earnings - c1.primary_threshold, 0.0, c1.upper_earnings_limit - c1.primary_threshold
    ) + c1.additional_rate * np.maximum(earnings - c1.upper_earnings_limit, 0.0)
    class_4 = c4.main_rate * np.clip(
        profits - c4.lower_profits_limit, 0.0, c4.upper_profits_limit - c4.lower_profits_limit
    ) + c4.additional_rate * np.maximum(profits - c4.upper_profits_limit, 0.0)
    return class_1 + class_4


# --------------------------------------------------------------------------- child benefit


def child_benefit_annual(children: np.ndarray, p: Parameters) -> np.ndarray:
    """Child Benefit: the eldest-child rate plus the additional rate for each
    other child, a week, times 52."""
    n = np.asarray(children)
    cb = p.child_benefit
    weekly = np.where(n > 0, cb.eldest_child + cb.additional_child * np.maximum(n - 1, 0), 0.0)
    return weekly * cb.weeks_in_year


def high_income_child_benefit_charge(
    child_benefit: np.ndarray, higher_adjusted_net_income: np.ndarray, p: Parameters
) -> np.ndarray:
    """1% of the Child Benefit for every complete £200 of the higher earner's
    adjusted net income above £60,000, up to all of it. ITEPA 2003 s. 681C."""
    charge = p.child_benefit.high_income_charge
    steps = np.floor(
        np.maximum(np.asarray(higher_adjusted_net_income, dtype=float) - charge.threshold, 0.0)
        / charge.step
    )
    return np.asarray(child_benefit, dtype=float) * np.minimum(steps * charge.share_per_step, 1.0)


# --------------------------------------------------------------------------- universal credit


def _born_before(child_ages: np.ndarray, when: dt.date, cutoff: dt.date) -> np.ndarray:
    """Whether each child was born before ``cutoff``, taking the birth date as
    half a year before the child's next birthday (ages are whole years)."""
    years_before = (when - cutoff).days / DAYS_IN_YEAR
    return np.asarray(child_ages) + 0.5 > years_before


def universal_credit_monthly(
    *,
    adults: np.ndarray,
    oldest_adult_age: np.ndarray,
    child_ages: np.ndarray,
    net_earnings_monthly: np.ndarray,
    housing_costs_monthly: np.ndarray,
    child_benefit_monthly: np.ndarray,
    p: Parameters,
    when: dt.date,
    london: np.ndarray | None = None,
) -> dict[str, np.ndarray]:
    """Universal Credit for a benefit unit, £ a month.

    Maximum amount (standard allowance, child elements, housing costs) less 55%
    of net earnings above the work allowance (UC Regs 2013 regs. 22, 36), then
    the benefit cap (reg. 79-83; the Greater London cap where ``london``)
    unless net earnings reach the earnings exception. Child elements: the
    eldest child's higher rate if born before 6 April 2017; while the
    two-child limit applies (to 5 April 2026), children born on or after that
    date attract the element only within the first two (reg. 24A).
    """
    uc = p.universal_credit
    ages = np.asarray(child_ages)
    present = ages >= 0
    n_children = present.sum(axis=1)
    couple = np.asarray(adults) >= 2
    older = np.asarray(oldest_adult_age) >= uc.standard_allowance.age_threshold
    sa = uc.standard_allowance
    standard = np.where(
        couple,
        np.where(older, sa.couple_25_plus, sa.couple_under_25),
        np.where(older, sa.single_25_plus, sa.single_under_25),
    )

    before = present & _born_before(ages, when, uc.child_element.birth_date_cutoff)
    n_before = before.sum(axis=1)
    n_after = n_children - n_before
    if uc.two_child_limit.applies:
        covered = uc.two_child_limit.children
        eligible = n_before + np.minimum(n_after, np.maximum(covered - n_before, 0))
    else:
        eligible = n_children
    eldest_age = np.where(present, ages, -1).max(axis=1, initial=-1)
    eldest_before = (n_children > 0) & _born_before(
        eldest_age, when, uc.child_element.birth_date_cutoff
    )
    child_elements = np.where(
        eligible > 0,
        np.where(
            eldest_before,
            uc.child_element.first_child_born_before_cutoff,
            uc.child_element.other_children,
        )
        + uc.child_element.other_children * np.maximum(eligible - 1, 0),
        0.0,
    )
    housing = np.maximum(np.asarray(housing_costs_monthly, dtype=float), 0.0)
    maximum = standard + child_elements + housing

    earnings = np.maximum(np.asarray(net_earnings_monthly, dtype=float), 0.0)
    allowance = np.where(
        n_children > 0,
        np.where(housing > 0, uc.work_allowance.with_housing, uc.work_allowance.without_housing),
        0.0,
    )
    before_cap = np.maximum(maximum - uc.taper_rate * np.maximum(earnings - allowance, 0.0), 0.0)

    cap = uc.benefit_cap
    in_london = np.zeros(len(couple), dtype=bool) if london is None else np.asarray(london)
    family = couple | (n_children > 0)
    cap_monthly = (
        np.where(
            in_london,
            np.where(
                family,
                uc.benefit_cap_london.couple_or_with_children,
                uc.benefit_cap_london.single_no_children,
            ),
            np.where(family, cap.couple_or_with_children, cap.single_no_children),
        )
        / MONTHS_IN_YEAR
    )
    capped = earnings < cap.earnings_exception
    excess = np.maximum(before_cap + np.asarray(child_benefit_monthly) - cap_monthly, 0.0)
    reduction = np.where(capped, np.minimum(excess, before_cap), 0.0)
    return {
        "maximum": maximum,
        "child_elements": child_elements,
        "housing_element": housing,
        "benefit_cap_reduction": reduction,
        "award": before_cap - reduction,
    }


def universal_credit_maintenance_change(
    *,
    award: np.ndarray,
    maintenance: np.ndarray,
    receiving: bool,
    p: Parameters,
) -> np.ndarray:
    """The change in a Universal Credit award (the same period as ``award``
    and ``maintenance``, £) that child maintenance received (``receiving``) or
    paid makes, by the law's treatment of it (universal_credit.child_maintenance):
    the share received that counts as unearned income reduces the award pound
    for pound (reg. 66), the share paid that is deducted from earnings raises
    it by the taper (reg. 22), neither beyond what the award allows (an award
    cannot fall below zero; a rise is at most the taper on what is paid). Zero
    under current law, which counts none and deducts none; ``award``: the
    award before maintenance (0 for a household not on UC)."""
    cm = p.universal_credit.child_maintenance
    award = np.maximum(np.asarray(award, dtype=float), 0.0)
    amount = np.maximum(np.asarray(maintenance, dtype=float), 0.0)
    on_uc = award > 0
    if receiving:
        return -np.where(on_uc, np.minimum(cm.received_counted_share * amount, award), 0.0)
    return np.where(on_uc, p.universal_credit.taper_rate * cm.paid_deducted_share * amount, 0.0)


# --------------------------------------------------------------------------- housing


def lha_category(
    adults: np.ndarray, children: np.ndarray, age_1: np.ndarray, p: Parameters
) -> np.ndarray:
    """Local Housing Allowance category: ``SHARED_ACCOMMODATION`` (0) for a
    single claimant under 35 without children, else the bedrooms allowed (1 to
    4: one for the adults and one for each two children). UC Regs 2013 Sch. 4
    paras. 8-12 and 27-29 (outline). None of the shared-rate exemptions of
    para. 29 is modelled (care leavers under 25, hostel residents, severe
    disability, victims of domestic abuse, MAPPA offenders): no one in the
    population is marked as one."""
    n = np.asarray(children)
    bedrooms = np.clip(1 + np.ceil(n / CHILDREN_PER_BEDROOM), 1, MOST_BEDROOMS).astype(int)
    young_single = (
        (np.asarray(adults) < 2)
        & (n == 0)
        & (np.asarray(age_1) < p.universal_credit.shared_accommodation.age_threshold)
    )
    return np.where(young_single, SHARED_ACCOMMODATION, bedrooms)


def _area_rows(rental_area: np.ndarray, p: Parameters) -> tuple[np.ndarray, np.ndarray]:
    """(row of the LHA table to read, whether the household has an area)."""
    areas = np.asarray(p.local_housing_allowance.monthly_rates).shape[0]
    area = np.asarray(rental_area)
    if area.size and (area.max() >= areas or area.min() < NO_RENTAL_AREA):
        raise HouseholdsError(
            f"Households.rental_area: codes run from 0 to {areas - 1} "
            f"(simulator/inputs/statutory/lha_areas.csv), or {NO_RENTAL_AREA} for none; "
            f"got {area.min()} to {area.max()}"
        )
    known = area >= 0
    return np.where(known, area, 0).astype(int), known


def local_housing_allowance_monthly(
    rental_area: np.ndarray, category: np.ndarray, p: Parameters
) -> np.ndarray:
    """The monthly Local Housing Allowance of each household's Broad Rental
    Market Area for its category (:func:`lha_category`); infinite where the
    household has no area. Rent Officers (Universal Credit Functions) Order
    2013 (SI 2013/382) Sch. 1; UC Regs 2013 Sch. 4 para. 25."""
    rates = np.asarray(p.local_housing_allowance.monthly_rates, dtype=float)
    rows, known = _area_rows(rental_area, p)
    return np.where(known, rates[rows, np.asarray(category, dtype=int)], np.inf)


def in_greater_london(rental_area: np.ndarray | None, n: int, p: Parameters) -> np.ndarray:
    """Whether each household's rental area is in Greater London (all False
    without areas)."""
    if rental_area is None:
        return np.zeros(n, dtype=bool)
    rows, known = _area_rows(rental_area, p)
    london = np.asarray(p.local_housing_allowance.in_greater_london)
    return known & (london[rows] == 1)


# --------------------------------------------------------------------------- minimum income floor


def minimum_income_floor_annual(
    age: np.ndarray, hours: np.ndarray, scottish: np.ndarray, p: Parameters
) -> np.ndarray:
    """The minimum income floor (annual, net): ``hours`` a week at the minimum
    wage for the person's age (the National Living Wage from 21, else the 18-20
    rate), less the income tax (standard personal allowance only) and Class 4
    NI that earnings of that amount as self-employed profits would bear. UC
    Regs 2013 regs. 62(2)-(4) and 90(2)."""
    wage = p.minimum_wage
    rate = np.where(
        np.asarray(age) >= wage.living_wage_age, wage.national_living_wage, wage.age_18_to_20
    )
    gross = rate * np.asarray(hours, dtype=float) * WEEKS_IN_YEAR
    tax = income_tax_annual(gross, scottish, p)
    ni = national_insurance_annual(np.zeros_like(gross), gross, p)
    return np.maximum(gross - tax - ni, 0.0)


def _floor_hours(carer: np.ndarray, youngest: np.ndarray, p: Parameters) -> np.ndarray:
    """Expected hours a week behind the floor (0 where it does not apply).

    The floor applies only to a claimant with all work-related requirements
    (reg. 62(1)(b)): not to the responsible carer of a child under 3. The
    responsible carer of a child under 13 is expected to work fewer hours
    (reg. 88(2)(b)); everyone else 35."""
    f = p.universal_credit.minimum_income_floor
    carer = np.asarray(carer, dtype=bool)
    school_age = youngest >= f.compulsory_school_age
    reduced = np.where(school_age, f.carer_hours_school_age, f.carer_hours_below_school_age)
    hours = np.where(
        carer & (youngest < f.carer_child_age_limit),
        np.minimum(reduced, f.expected_hours),
        f.expected_hours,
    )
    return np.where(carer & (youngest < f.all_requirements_child_age), 0.0, hours)


# --------------------------------------------------------------------------- Scotland, energy


def scottish_child_payment_annual(
    child_ages: np.ndarray, in_scotland: np.ndarray, on_universal_credit: np.ndarray, p: Parameters
) -> np.ndarray:
    """Scottish Child Payment: the weekly rate for each child under 16, times
    52, for a family in Scotland getting Universal Credit (the only qualifying
    benefit modelled; the others are legacy benefits and Pension Credit).
    Scottish Child Payment Regulations 2020 (SSI 2020/351) regs. 18 and 20. Not
    counted by Universal Credit or the benefit cap."""
    scp = p.scottish_child_payment
    ages = np.asarray(child_ages)
    eligible = ((ages >= 0) & (ages < scp.age_limit)).sum(axis=1)
    paid = np.asarray(in_scotland, dtype=bool) & np.asarray(on_universal_credit, dtype=bool)
    return np.where(paid, eligible * scp.weekly_amount * scp.weeks_in_year, 0.0)


def warm_home_discount_annual(
    in_scotland: np.ndarray, on_universal_credit: np.ndarray, p: Parameters
) -> np.ndarray:
    """Warm Home Discount: the rebate for a household in England or Wales
    getting Universal Credit, in the scheme years where Universal Credit alone
    qualifies (from 2025-26; Warm Home Discount (England and Wales) Regulations
    2022 and 2026, reg. 3, and the eligibility statements). Scotland's scheme
    (Pension Credit, and a Broader Group on application) is not modelled."""
    w = p.warm_home_discount
    paid = ~np.asarray(in_scotland, dtype=bool) & np.asarray(on_universal_credit, dtype=bool)
    return np.where(paid & bool(w.universal_credit_qualifies), float(w.amount), 0.0)


# --------------------------------------------------------------------------- HBAI


def equivalence_scale(
    adults: np.ndarray, child_ages: np.ndarray, weights: np.ndarray, older_child_age: float
) -> np.ndarray:
    """HBAI equivalence scale: first adult, each other adult or child aged 14+,
    each child under 14 (``weights`` in that order)."""
    ages = np.asarray(child_ages)
    older = ((ages >= older_child_age) & (ages >= 0)).sum(axis=1)
    younger = ((ages < older_child_age) & (ages >= 0)).sum(axis=1)
    others = np.maximum(np.asarray(adults) - 1, 0) + older
    return weights[0] + weights[1] * others + weights[2] * younger


def _net_earnings(earned, total, tax, ni):
    """Earnings less the tax and NI on them (tax shared pro rata where there is
    also unearned income), the net earned income Universal Credit tapers."""
    share = np.divide(earned, total, out=np.zeros_like(earned), where=total > 0)
    return np.maximum(earned - ni - tax * share, 0.0)


def _assumed_earnings(hh: Households, ages: np.ndarray, net_1, net_2, partner, p) -> np.ndarray:
    """Net earnings the minimum income floor adds (annual).

    A gainfully self-employed adult (any self-employment income; reg. 64)
    outside a start-up period (reg. 63) whose net earnings are below their
    floor is treated as earning it (reg. 62(2)); in a couple, only while the
    couple's earnings are below the sum of both adults' thresholds, and the
    floor is reduced by what the partner earns above their own (reg. 62(3)).
    Adult 1 is the responsible carer of the children."""
    n = len(hh)
    start_up = (
        np.zeros(n, dtype=bool)
        if hh.in_start_up_period is None
        else np.asarray(hh.in_start_up_period, dtype=bool)
    )
    se_1 = np.asarray(hh.self_employment_income_1) != 0
    se_2 = partner & (np.asarray(hh.self_employment_income_2) != 0)
    out = np.zeros(n)
    # only households with a self-employed adult outside a start-up period
    rows = np.flatnonzero((se_1 | se_2) & ~start_up)
    if rows.size == 0:
        return out
    present = ages[rows] >= 0
    youngest = np.where(present, ages[rows], np.inf).min(axis=1, initial=np.inf)
    in_couple = partner[rows]
    scottish = np.asarray(hh.scottish, dtype=bool)[rows]
    hours_1 = _floor_hours(present.any(axis=1), youngest, p)
    hours_2 = np.where(in_couple, _floor_hours(np.zeros(rows.size, dtype=bool), youngest, p), 0.0)
    threshold_1 = minimum_income_floor_annual(np.asarray(hh.age_1)[rows], hours_1, scottish, p)
    threshold_2 = np.where(
        in_couple,
        minimum_income_floor_annual(np.asarray(hh.age_2)[rows], hours_2, scottish, p),
        0.0,
    )
    couple_threshold = threshold_1 + threshold_2
    own_1, own_2 = np.asarray(net_1)[rows], np.asarray(net_2)[rows]
    adults = (
        (se_1[rows], hours_1, threshold_1, own_1, own_2, threshold_2),
        (se_2[rows], hours_2, threshold_2, own_2, own_1, threshold_1),
    )
    assumed = np.zeros(rows.size)
    for self_employed, hours, threshold, own, other, other_threshold in adults:
        floor = threshold - np.maximum(other - other_threshold, 0.0)
        applies = self_employed & (hours > 0) & (own < threshold) & (own + other < couple_threshold)
        assumed += np.where(applies, np.maximum(floor - own, 0.0), 0.0)
    out[rows] = assumed
    return out


def _eligible_rent_cap(hh: Households, adults, n_children, p: Parameters) -> np.ndarray:
    """The monthly cap on a private renter's eligible rent: the LHA of the
    rental area for the household's category, and any cap the caller gives."""
    cap = np.asarray(hh.eligible_rent_cap_monthly, dtype=float)
    if hh.rental_area is None:
        return cap
    category = lha_category(adults, n_children, hh.age_1, p)
    return np.minimum(cap, local_housing_allowance_monthly(hh.rental_area, category, p))


def household_incomes(hh: Households, p: Parameters, when: dt.date) -> HouseholdIncomes:
    """Taxes, benefits and HBAI net income (annual £) for each household,
    before any child maintenance."""
    partner = np.asarray(hh.has_partner, dtype=bool)
    zero = np.zeros(len(hh))
    emp_1 = np.asarray(hh.employment_income_1, dtype=float)
    se_1 = np.asarray(hh.self_employment_income_1, dtype=float)
    oth_1 = np.asarray(hh.other_income_1, dtype=float)
    emp_2 = np.where(partner, hh.employment_income_2, zero)
    se_2 = np.where(partner, hh.self_employment_income_2, zero)
    oth_2 = np.where(partner, hh.other_income_2, zero)

    income_1 = emp_1 + se_1 + oth_1
    income_2 = emp_2 + se_2 + oth_2
    tax_1 = income_tax_annual(income_1, hh.scottish, p)
    tax_2 = np.where(partner, income_tax_annual(income_2, hh.scottish, p), 0.0)
    ni_1 = national_insurance_annual(emp_1, se_1, p)
    ni_2 = np.where(partner, national_insurance_annual(emp_2, se_2, p), 0.0)

    ages = np.asarray(hh.child_ages)
    n_children = (ages >= 0).sum(axis=1)
    cb = child_benefit_annual(n_children, p)
    charge = high_income_child_benefit_charge(cb, np.maximum(income_1, income_2), p)

    net_1 = _net_earnings(np.maximum(emp_1 + se_1, 0.0), np.maximum(income_1, 0), tax_1, ni_1)
    net_2 = _net_earnings(np.maximum(emp_2 + se_2, 0.0), np.maximum(income_2, 0), tax_2, ni_2)
    assumed = _assumed_earnings(hh, ages, net_1, net_2, partner, p)

    tenure = np.asarray(hh.tenure)
    rent = np.asarray(hh.rent_monthly, dtype=float)
    renter = (tenure == SOCIAL_RENT) | (tenure == PRIVATE_RENT)
    adults = 1 + partner.astype(int)
    rent_cap = _eligible_rent_cap(hh, adults, n_children, p)
    eligible_rent = np.where(
        tenure == PRIVATE_RENT,
        np.minimum(rent, rent_cap),
        np.where(tenure == SOCIAL_RENT, rent, 0.0),
    )
    uc = universal_credit_monthly(
        adults=adults,
        oldest_adult_age=np.maximum(hh.age_1, np.where(partner, hh.age_2, 0)),
        child_ages=ages,
        net_earnings_monthly=(net_1 + net_2 + assumed) / MONTHS_IN_YEAR,
        housing_costs_monthly=eligible_rent,
        child_benefit_monthly=cb / MONTHS_IN_YEAR,
        p=p,
        when=when,
        london=in_greater_london(hh.rental_area, len(hh), p),
    )
    uc_annual = np.where(hh.takes_up_benefits, uc["award"], 0.0) * MONTHS_IN_YEAR
    on_uc = uc_annual > 0
    scp = scottish_child_payment_annual(ages, hh.scottish, on_uc, p)
    whd = warm_home_discount_annual(hh.scottish, on_uc, p)

    gross = income_1 + income_2
    council_tax = np.asarray(hh.council_tax_annual, dtype=float)
    bhc = gross - tax_1 - tax_2 - ni_1 - ni_2 + uc_annual + cb - charge + scp + whd - council_tax
    bhc = np.maximum(bhc, 0.0)  # HBAI resets negative incomes to zero
    housing_costs = (
        np.where(renter, rent, 0.0) + np.asarray(hh.mortgage_interest_monthly, dtype=float)
    ) * MONTHS_IN_YEAR
    scale = p.hbai.equivalence_scale
    return HouseholdIncomes(
        gross_income=gross,
        income_tax=tax_1 + tax_2,
        national_insurance=ni_1 + ni_2,
        universal_credit=uc_annual,
        uc_housing_element=np.where(on_uc, uc["housing_element"] * MONTHS_IN_YEAR, 0.0),
        benefit_cap_reduction=np.where(hh.takes_up_benefits, uc["benefit_cap_reduction"], 0.0)
        * MONTHS_IN_YEAR,
        child_benefit=cb,
        child_benefit_charge=charge,
        scottish_child_payment=scp,
        warm_home_discount=whd,
        uc_assumed_earnings=np.where(hh.takes_up_benefits, assumed, 0.0),
        eligible_rent_cap_monthly=np.where(tenure == PRIVATE_RENT, rent_cap, np.inf),
        council_tax=council_tax,
        housing_costs=housing_costs,
        net_income_bhc=bhc,
        net_income_ahc=bhc - housing_costs,
        equivalence_bhc=equivalence_scale(adults, ages, scale.bhc, scale.older_child_age),
        equivalence_ahc=equivalence_scale(adults, ages, scale.ahc, scale.older_child_age),
    )


def poverty_line_weekly(
    p: Parameters, when: dt.date, median_growth_annual: float, share: float | None = None
) -> tuple[float, float]:
    """The relative poverty lines (BHC, AHC) in £ a week for a couple without
    children on ``when``: ``share`` (default 60%) of the HBAI national median,
    uprated from its reference year by ``median_growth_annual`` a year."""
    share = p.hbai.poverty_line_share if share is None else share
    reference = p.entry("hbai.median_income.bhc_weekly").start
    # The FYE median refers to the middle of its financial year.
    middle = reference + dt.timedelta(days=DAYS_IN_YEAR / 2)
    years = (when - middle).days / DAYS_IN_YEAR
    factor = (1.0 + median_growth_annual) ** years
    median = p.hbai.median_income
    return share * median.bhc_weekly * factor, share * median.ahc_weekly * factor
