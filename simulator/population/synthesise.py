"""A synthetic population of separated families in Great Britain.

One row per separated family: a receiving parent and the qualifying children
who live with them, linked to a paying parent's household. A paying parent with
several receiving parents appears once per family, all rows sharing a
``paying_parent_id`` and the same paying-parent attributes (one income).

Every family has a maintenance arrangement: with the Child Maintenance Service
(Direct Pay or Collect and Pay), family-based, or none — reforms move families
between them. Both households' net incomes before maintenance are worked out
with :mod:`simulator.rules.taxben` (HBAI definitions, before and after housing costs).

All distributions come from the assumption register
(``simulator/inputs/register/population.yaml``: central value, range, source or
reasoning) and the statutory parameters; draws are keyed to paying-parent and
family ids (:class:`simulator.randomness.KeyedRandom`), so the same ``n``,
``seed`` and ``date`` give an identical population on any machine, and a
family keeps its draws whatever else changes.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
from scipy import optimize, special

from simulator import __version__
from simulator.inputs.assumptions import AssumptionSet, load_assumptions
from simulator.inputs.parameters import ParameterSet, load_parameters
from simulator.population.frame import (
    ADULT_AGES,
    CMS,
    COLLECT_AND_PAY,
    DIRECT_PAY,
    EMPLOYEE,
    FAMILY_BASED,
    FEMALE,
    FLAT_RATE_BENEFIT,
    MALE,
    MAX_CHILDREN,
    MAX_OTHER_CHILDREN,
    MAX_RECEIVING_PARENTS,
    NIL_RATE,
    NOT_CMS,
    NOT_WORKING,
    OLDEST_QUALIFYING_AGE,
    RP_FULL_TIME,
    RP_NOT_WORKING,
    RP_PART_TIME,
    RP_SELF_EMPLOYED,
    SCOTLAND,
    SELF_EMPLOYED,
    Population,
    PopulationError,
)
from simulator.randomness import KeyedRandom
from simulator.rules.taxben import (
    OWNER_MORTGAGE,
    PRIVATE_RENT,
    SOCIAL_RENT,
    Households,
    household_incomes,
    poverty_line_weekly,
)

__all__ = ["full_gb_population", "synthesise_population"]

#: Nights are drawn within these bands (a year has at most 182 nights of the
#: paying parent's care before they become the main carer; reg. 50).
NIGHT_BANDS = ((31, 51), (52, 103), (104, 155), (156, 174), (175, 182))
#: New 2012-scheme cases could start from this date (SI 2013/2947).
NEW_CASES_FROM = dt.date(2013, 11, 25)
#: Local Housing Allowance rates were reset to the 30th percentile of local
#: rents in April 2024 and frozen from April 2025 (tax-benefit-hbai.md §3.4).
LHA_LAST_SET = dt.date(2024, 4, 1)
LHA_PERCENTILE_Z = float(special.ndtri(0.30))

WEEKS_IN_YEAR = 52
DAYS_IN_YEAR = 365.25
ASHE_REFERENCE = dt.date(2025, 4, 15)  # ASHE survey reference date, April 2025


# --------------------------------------------------------------------------- helpers


def truncated_geometric(mean: float, largest: int) -> np.ndarray:
    """Probabilities of 1..largest proportional to r^(k-1), with r chosen so
    that the mean is ``mean`` (a one-parameter shape for counts)."""
    k = np.arange(1, largest + 1)
    if mean <= 1.0:
        probs = np.zeros(largest)
        probs[0] = 1.0
        return probs

    def gap(r: float) -> float:
        w = r ** (k - 1)
        return float((k * w).sum() / w.sum() - mean)

    upper = 1.0
    while gap(upper) < 0:
        upper *= 2
    r = optimize.brentq(gap, 1e-9, upper)
    w = r ** (k - 1)
    return w / w.sum()


def _lognormal(median: np.ndarray | float, sd_log: float, z: np.ndarray) -> np.ndarray:
    return np.asarray(median, dtype=float) * np.exp(sd_log * z)


def _new_partner(
    rng,
    role: str,
    ids: np.ndarray,
    has_partner: np.ndarray,
    own_age: np.ndarray,
    age_gap_mean: float,
    age_gap_sd: float,
    employment_rate: float,
    median_pay_annual: float,
    pay_sd_log: float,
    lowest_pay_annual: float,
) -> tuple[np.ndarray, np.ndarray]:
    """Age (-1 without a partner) and annual earnings of a parent's new partner;
    ``role`` ("rp" or "pp") names the draws. Earnings are lognormal around the
    median, at least part-time pay at the minimum wage, for partners in work."""
    age = np.where(
        has_partner,
        np.clip(
            own_age + age_gap_mean + age_gap_sd * rng.normal(f"{role}_partner_age", ids),
            *ADULT_AGES,
        ),
        -1,
    )
    earnings = np.where(
        has_partner & rng.bernoulli(f"{role}_partner_working", ids, employment_rate),
        np.maximum(
            _lognormal(median_pay_annual, pay_sd_log, rng.normal(f"{role}_partner_pay", ids)),
            lowest_pay_annual,
        ),
        0.0,
    )
    return age, earnings


def _odds_scaled(p: float, multiplier: float) -> float:
    odds = p / (1 - p) * multiplier
    return odds / (1 + odds)


def _shares_for(base_share: float, multiplier: float, weight_a: float) -> tuple[float, float]:
    """Probabilities (a, b) with odds(a) = multiplier x odds(b) and the
    weighted mean weight_a*a + (1-weight_a)*b equal to ``base_share``."""

    def gap(pb: float) -> float:
        return weight_a * _odds_scaled(pb, multiplier) + (1 - weight_a) * pb - base_share

    pb = optimize.brentq(gap, 1e-9, 1 - 1e-9)
    return _odds_scaled(pb, multiplier), pb


def _age_years(days: np.ndarray) -> np.ndarray:
    return np.asarray(days) / DAYS_IN_YEAR


# --------------------------------------------------------------------------- synthesis


def synthesise_population(
    n: int,
    seed: int,
    date: dt.date | str,
    *,
    weights: str = "calibrated",
    assumptions: AssumptionSet | None = None,
    parameters: ParameterSet | None = None,
) -> Population:
    """``n`` separated families for GB on ``date``.

    ``weights``: ``"calibrated"`` (default) matches the weighted population to
    the fitted calibration targets (:func:`simulator.population.calibrate.calibrate`);
    ``"uniform"`` gives every family the same weight (families in GB / n).
    For the full GB population with one family per real family, see
    :func:`full_gb_population`.

    Raises :class:`PopulationError` for an unusable request (n < 1, a date
    outside the tax years the tax-benefit parameters cover).
    """
    if weights not in ("calibrated", "uniform"):
        raise PopulationError(f"weights must be 'calibrated' or 'uniform', not {weights!r}")
    pop = _synthesise(n, seed, date, assumptions, parameters)
    if weights == "uniform":
        return pop
    from simulator.population.calibrate import calibrate  # calibration sits on top of the generator

    return calibrate(pop)


def full_gb_population(
    seed: int,
    date: dt.date | str,
    *,
    assumptions: AssumptionSet | None = None,
    parameters: ParameterSet | None = None,
) -> Population:
    """The whole of GB: about 2.4 million families with a weight of one each,
    calibrated and then integerised (see :func:`simulator.population.calibrate.integerise`)."""
    from simulator.population.calibrate import calibrate, integerise

    assumptions = assumptions or load_assumptions()
    size = round(assumptions.value("population.size.separated_families"))
    return integerise(calibrate(_synthesise(size, seed, date, assumptions, parameters)))


def _synthesise(
    n: int,
    seed: int,
    date: dt.date | str,
    assumptions: AssumptionSet | None,
    parameters: ParameterSet | None,
) -> Population:
    if isinstance(date, str):
        try:
            date = dt.date.fromisoformat(date)
        except ValueError:
            raise PopulationError(f"'{date}' is not a date; write it as YYYY-MM-DD") from None
    if not isinstance(n, int | np.integer) or n < 1:
        raise PopulationError(
            f"the number of families must be a whole number of 1 or more, not {n!r}"
        )
    assumptions = assumptions or load_assumptions()
    parameters = parameters or load_parameters()
    p = parameters.at(date)
    if p.income_tax.personal_allowance.amount is None:
        raise PopulationError(
            f"{date} is before the tax-benefit parameters start (2024-04-06); choose a date "
            "in tax year 2024-25 or later"
        )
    a = assumptions.values().population
    rng = KeyedRandom(seed)
    n = int(n)
    families = np.arange(n, dtype=np.int64)

    # ------------------------------------------------ paying parents and arrangements
    size = a.size
    cms_share = size.cms_arrangements / size.separated_families
    family_shares = np.array(
        [cms_share, size.any_arrangement_share - cms_share, 1.0 - size.any_arrangement_share]
    )
    if family_shares.min() < 0:
        raise PopulationError(
            "assumptions give more CMS arrangements than families with any "
            "arrangement; check population.size"
        )
    mean_parents = np.array(
        [
            size.cms_arrangements / size.cms_paying_parents,
            size.receiving_parents_per_paying_parent_other,
            size.receiving_parents_per_paying_parent_other,
        ]
    )
    unit_shares = family_shares / mean_parents
    candidates = np.arange(n, dtype=np.int64)  # at most n paying parents are needed
    unit_arrangement = rng.choice("pp_arrangement", candidates, unit_shares)
    parent_probs = np.array([truncated_geometric(m, MAX_RECEIVING_PARENTS) for m in mean_parents])
    unit_families = 1 + rng.choice(
        "pp_receiving_parents", candidates, parent_probs[unit_arrangement]
    )
    ends = np.cumsum(unit_families)
    units = int(np.searchsorted(ends, n)) + 1
    pp = np.repeat(np.arange(units), unit_families[:units])[:n]
    starts = ends[:units] - unit_families[:units]
    rank = (families - starts[pp]).astype(np.int8)
    unit_ids = np.arange(units, dtype=np.int64)
    unit_service = np.where(
        unit_arrangement[:units] == CMS,
        np.where(
            rng.bernoulli("pp_service", unit_ids, size.direct_pay_share),
            DIRECT_PAY,
            COLLECT_AND_PAY,
        ),
        NOT_CMS,
    ).astype(np.int8)
    arrangement = unit_arrangement[:units][pp].astype(np.int8)
    service = unit_service[pp]

    # ------------------------------------------------ children
    ch = a.children
    cms_children_mean = size.cms_children / size.cms_arrangements
    other_children_mean = (size.children - size.cms_children) / (
        size.separated_families - size.cms_arrangements
    )
    child_probs = np.array(
        [
            truncated_geometric(cms_children_mean, MAX_CHILDREN),
            truncated_geometric(other_children_mean, MAX_CHILDREN),
        ]
    )
    is_cms = arrangement == CMS
    n_children = 1 + rng.choice("children_number", families, child_probs[np.where(is_cms, 0, 1)])
    eldest = np.clip(
        np.rint(
            ch.eldest_age_mean + ch.eldest_age_sd * rng.normal("children_eldest_age", families)
        ),
        0,
        OLDEST_QUALIFYING_AGE,
    )
    slot = np.arange(MAX_CHILDREN)
    gaps = np.maximum(
        1.0,
        np.rint(
            ch.sibling_gap_mean
            + ch.sibling_gap_sd
            * np.column_stack(
                [rng.normal("children_gap", families, step=k) for k in range(MAX_CHILDREN)]
            )
        ),
    )
    offsets = np.concatenate([np.zeros((n, 1)), np.cumsum(gaps[:, 1:], axis=1)], axis=1)
    child_age = np.maximum(eldest[:, None] - offsets, 0)
    has_child = slot[None, :] < n_children[:, None]
    child_age = np.where(has_child, child_age, -1).astype(np.int8)

    cms_child_weight = size.cms_children / size.children
    p_over_30_cms, p_over_30_other = _shares_for(
        ch.over_30_nights_share, ch.shared_care_cms_relative, cms_child_weight
    )
    over_30 = rng.bernoulli(
        "care_over_30", families, np.where(is_cms, p_over_30_cms, p_over_30_other)
    )
    band = rng.choice("care_band", families, ch.band_shares_over_30)
    low = np.array([b[0] for b in NIGHT_BANDS])[band]
    high = np.array([b[1] for b in NIGHT_BANDS])[band]
    nights = np.floor(low + (high - low + 1) * rng.uniform("care_nights", families))
    child_nights = np.where(has_child, np.where(over_30, nights, 0)[:, None], -1).astype(np.int16)

    # ------------------------------------------------ receiving parent
    rp = a.receiving_parent
    unit_pp_male = rng.bernoulli("pp_sex", unit_ids, rp.female_share)
    pp_sex = np.where(unit_pp_male, MALE, FEMALE).astype(np.int8)[pp]
    rp_sex = (1 - pp_sex).astype(np.int8)
    rp_age = np.clip(
        eldest
        + rp.age_at_first_birth_mean
        + rp.age_at_first_birth_sd * rng.normal("rp_age", families),
        eldest + 16,
        70,
    )
    rp_country = rng.choice("rp_country", families, rp.country_shares)
    rp_partner = rng.bernoulli("rp_partner", families, rp.repartnered_share)
    working = rng.bernoulli(
        "rp_working",
        families,
        np.where(rp_partner, rp.employment_rate_partnered, rp.employment_rate_lone),
    )
    self_employed = working & rng.bernoulli("rp_self_employed", families, rp.self_employed_share)
    part_time = (
        working & ~self_employed & rng.bernoulli("rp_part_time", families, rp.part_time_share)
    )
    rp_employment = np.select(
        [~working, self_employed, part_time],
        [RP_NOT_WORKING, RP_SELF_EMPLOYED, RP_PART_TIME],
        RP_FULL_TIME,
    ).astype(np.int8)
    econ = a.economy
    uprating = (1 + econ.earnings_growth_annual) ** _age_years((date - ASHE_REFERENCE).days)
    ashe_annual = econ.ashe_median_full_time_annual * uprating
    part_time_hours, full_time_hours = econ.hours
    ashe_hourly = ashe_annual / (WEEKS_IN_YEAR * full_time_hours)
    minimum_wage = p.minimum_wage.national_living_wage
    rp_hours = np.where(
        working & ~self_employed, np.where(part_time, part_time_hours, full_time_hours), 0.0
    )
    hourly = np.maximum(
        _lognormal(ashe_hourly * rp.pay_ratio, rp.pay_sd_log, rng.normal("rp_pay", families)),
        minimum_wage,
    )
    rp_earnings = hourly * rp_hours * WEEKS_IN_YEAR
    rp_profit = np.where(
        self_employed,
        _lognormal(
            ashe_hourly
            * rp.pay_ratio
            * full_time_hours
            * WEEKS_IN_YEAR
            * rp.self_employed_profit_ratio,
            a.paying_parent.self_employed_sd_log,
            rng.normal("rp_profit", families),
        ),
        0.0,
    )
    ppa = a.paying_parent
    rp_partner_age, rp_partner_earnings = _new_partner(
        rng,
        "rp",
        families,
        rp_partner,
        rp_age,
        ppa.age_gap_mean,
        ppa.age_gap_sd,
        rp.partner_employment_rate,
        ashe_annual * rp.partner_pay_ratio,
        ppa.pay_sd_log,
        minimum_wage * part_time_hours * WEEKS_IN_YEAR,
    )
    rp_other = rp_partner & rng.bernoulli("rp_other_children", families, rp.other_children_share)
    rp_other_count = np.where(
        rp_other, 1 + rng.bernoulli("rp_other_two", families, rp.other_children_two_share), 0
    )
    np.arange(MAX_OTHER_CHILDREN)
    # Children of the new relationship are younger than the youngest qualifying child.
    youngest_qc = np.where(has_child, child_age, OLDEST_QUALIFYING_AGE).min(axis=1)
    rp_other_ages = _younger_children(rng, "rp_other_ages", families, youngest_qc, rp_other_count)
    rp_tenure = np.where(
        rp_partner,
        rng.choice("rp_tenure", families, rp.tenure_partnered),
        rng.choice("rp_tenure", families, rp.tenure_lone),
    ).astype(np.int8)
    rp_children_total = n_children + rp_other_count
    rp_housing = _housing(
        rng, "rp", families, rp_tenure, rp_country, rp_children_total, a.housing, date
    )

    # ------------------------------------------------ paying parent (one per unit)
    first = starts  # each unit's first family
    unit_age = np.clip(
        rp_age[first] + ppa.age_gap_mean + ppa.age_gap_sd * rng.normal("pp_age", unit_ids),
        *ADULT_AGES,
    )
    unit_country = np.where(
        rng.bernoulli("pp_same_country", unit_ids, ppa.same_country_share),
        rp_country[first],
        rng.choice("pp_country", unit_ids, a.receiving_parent.country_shares),
    )
    mix = ppa.employment_mix
    mixes = np.array([mix.direct_pay, mix.collect_and_pay, mix.family_based, mix.none])
    group = np.select(
        [
            unit_service == DIRECT_PAY,
            unit_service == COLLECT_AND_PAY,
            unit_arrangement[:units] == FAMILY_BASED,
        ],
        [0, 1, 2],
        3,
    )
    unit_employment = rng.choice("pp_employment", unit_ids, mixes[group]).astype(np.int8)
    pay_group = np.select(
        [
            unit_service == COLLECT_AND_PAY,
            unit_service == DIRECT_PAY,
            unit_arrangement[:units] == FAMILY_BASED,
        ],
        [0, 1, 2],
        3,
    )
    unit_part_time = rng.bernoulli("pp_part_time", unit_ids, ppa.part_time_share)
    hours_share = np.where(unit_part_time, part_time_hours / full_time_hours, 1.0)
    unit_pay = np.maximum(
        _lognormal(
            ashe_annual * ppa.pay_ratio[pay_group], ppa.pay_sd_log, rng.normal("pp_pay", unit_ids)
        )
        * hours_share,
        minimum_wage * full_time_hours * hours_share * WEEKS_IN_YEAR,
    )
    employee = unit_employment == EMPLOYEE
    self_emp = unit_employment == SELF_EMPLOYED
    unit_true_earnings = np.where(employee, unit_pay, 0.0)
    unit_true_profit = np.where(
        self_emp,
        _lognormal(
            ppa.self_employed_profit_median * uprating,
            ppa.self_employed_sd_log,
            rng.normal("pp_profit", unit_ids),
        ),
        0.0,
    )
    under = self_emp & rng.bernoulli("pp_underreports", unit_ids, ppa.underreporting_share)
    unit_declared_profit = unit_true_profit * np.where(under, 1 - ppa.hidden_share, 1.0)
    unit_declared_earnings = unit_true_earnings * (1 - ppa.employee_hidden_share)
    unit_unearned = np.where(
        rng.bernoulli("pp_unearned", unit_ids, ppa.unearned_income_share),
        _lognormal(
            ppa.unearned_income_median,
            ppa.unearned_income_sd_log,
            rng.normal("pp_unearned_amount", unit_ids),
        ),
        0.0,
    )
    unit_assets = np.where(
        rng.bernoulli("pp_assets", unit_ids, ppa.assets_share),
        _lognormal(ppa.assets_median, ppa.assets_sd_log, rng.normal("pp_assets_amount", unit_ids)),
        0.0,
    )
    unit_pension = np.where(
        employee & rng.bernoulli("pp_pension", unit_ids, ppa.pension_relief_at_source_share),
        ppa.pension_contribution_rate * unit_true_earnings,
        0.0,
    )
    unit_partner = rng.bernoulli("pp_partner", unit_ids, ppa.repartnered_share)
    unit_partner_age, unit_partner_earnings = _new_partner(
        rng,
        "pp",
        unit_ids,
        unit_partner,
        unit_age,
        -ppa.age_gap_mean,
        ppa.age_gap_sd,
        ppa.partner_employment_rate,
        ashe_annual * ppa.partner_pay_ratio,
        ppa.pay_sd_log,
        minimum_wage * part_time_hours * WEEKS_IN_YEAR,
    )
    unit_roc = np.where(
        unit_partner, rng.choice("pp_other_children", unit_ids, ppa.other_children), 0
    )
    unit_roc_ages = _younger_children(
        rng, "pp_other_ages", unit_ids, np.full(units, OLDEST_QUALIFYING_AGE + 1), unit_roc
    )
    unit_rnrc = rng.bernoulli("pp_rnrc", unit_ids, ppa.non_resident_children_share).astype(np.int8)
    unit_tenure = np.where(
        unit_partner,
        rng.choice("pp_tenure", unit_ids, ppa.tenure_partnered),
        rng.choice("pp_tenure", unit_ids, ppa.tenure_single),
    ).astype(np.int8)
    unit_housing = _housing(
        rng, "pp", unit_ids, unit_tenure, unit_country, unit_roc, a.housing, date
    )

    # ------------------------------------------------ case
    case = a.case
    recent = is_cms & rng.bernoulli("case_recent", families, case.recent_share)
    year_ago = date - dt.timedelta(days=365)
    span_old = max((year_ago - NEW_CASES_FROM).days, 1)
    u_start = rng.uniform("case_start", families)
    days_back = np.where(
        recent, np.floor(365 * u_start), (date - year_ago).days + np.floor(span_old * u_start)
    )
    case_start = np.where(
        is_cms, np.datetime64(date, "D") - days_back.astype("timedelta64[D]"), np.datetime64("NaT")
    )
    domestic_abuse = rng.bernoulli(
        "domestic_abuse",
        families,
        np.where(is_cms, case.domestic_abuse_share_cms, case.domestic_abuse_share_other),
    )

    # ------------------------------------------------ broadcast the paying parent
    pp_employment = unit_employment[pp]
    columns: dict[str, np.ndarray] = {
        "family_id": families,
        "paying_parent_id": pp.astype(np.int64),
        "receiving_parent_rank": rank,
        "weight": np.full(n, size.separated_families / n),
        "arrangement": arrangement,
        "service": service,
        "case_start": case_start.astype("datetime64[D]"),
        "domestic_abuse": domestic_abuse,
        "n_children": n_children.astype(np.int8),
        "child_age": child_age,
        "child_nights": child_nights,
        "rp_sex": rp_sex,
        "rp_age": np.floor(rp_age).astype(np.int16),
        "rp_country": rp_country,
        "rp_employment": rp_employment,
        "rp_hours": rp_hours,
        "rp_earnings": rp_earnings,
        "rp_self_employment_income": rp_profit,
        "rp_partner": rp_partner,
        "rp_partner_age": np.floor(rp_partner_age).astype(np.int16),
        "rp_partner_earnings": rp_partner_earnings,
        "rp_other_child_age": rp_other_ages,
        **{f"rp_{k}": v for k, v in rp_housing.items()},
        "pp_sex": pp_sex,
        "pp_age": np.floor(unit_age[pp]).astype(np.int16),
        "pp_country": unit_country[pp].astype(np.int8),
        "pp_employment": pp_employment,
        "pp_flat_rate_benefit": pp_employment == FLAT_RATE_BENEFIT,
        "pp_nil_rate": pp_employment == NIL_RATE,
        "pp_true_earnings": unit_true_earnings[pp],
        "pp_true_profit": unit_true_profit[pp],
        "pp_declared_earnings": unit_declared_earnings[pp],
        "pp_declared_profit": unit_declared_profit[pp],
        "pp_unearned_income": unit_unearned[pp],
        "pp_assets": unit_assets[pp],
        "pp_pension_contributions": unit_pension[pp],
        "pp_partner": unit_partner[pp],
        "pp_partner_age": np.floor(unit_partner_age[pp]).astype(np.int16),
        "pp_partner_earnings": unit_partner_earnings[pp],
        "pp_other_child_age": unit_roc_ages[pp],
        "pp_relevant_other_children": unit_roc[pp].astype(np.int8),
        "pp_relevant_non_resident_children": unit_rnrc[pp],
        **{f"pp_{k}": v[pp] for k, v in unit_housing.items()},
    }
    columns.update(_net_incomes(columns, p, date, a.housing))
    line_bhc, line_ahc = poverty_line_weekly(p, date, econ.median_income_growth_annual)
    deep_bhc, deep_ahc = poverty_line_weekly(
        p, date, econ.median_income_growth_annual, share=p.hbai.deep_poverty_line_share
    )
    metadata = {
        "families": n,
        "poverty_line_bhc_weekly": line_bhc,
        "poverty_line_ahc_weekly": line_ahc,
        "deep_poverty_line_bhc_weekly": deep_bhc,
        "deep_poverty_line_ahc_weekly": deep_ahc,
        "model_version": __version__,
        "parameters_digest": parameters.digest(),
        "assumptions_digest": assumptions.digest(),
        "weights": "uniform",
    }
    return Population(columns, int(seed), date, metadata)


def _younger_children(
    rng: KeyedRandom, name: str, ids: np.ndarray, below: np.ndarray, count: np.ndarray
) -> np.ndarray:
    """Ages of up to MAX_OTHER_CHILDREN children, each younger than the one
    before, the first younger than ``below``; -1 for empty slots."""
    ages = np.full((len(ids), MAX_OTHER_CHILDREN), -1, dtype=np.int8)
    previous = np.asarray(below, dtype=float)
    for k in range(MAX_OTHER_CHILDREN):
        age = np.floor(previous * rng.uniform(name, ids, step=k))
        ages[:, k] = np.where(k < np.asarray(count), age, -1)
        previous = age
    return ages


def _housing(
    rng: KeyedRandom,
    prefix: str,
    ids: np.ndarray,
    tenure: np.ndarray,
    country: np.ndarray,
    children: np.ndarray,
    h,
    date: dt.date,
) -> dict[str, np.ndarray]:
    """Rent, LHA cap, mortgage interest and council tax bill for a household."""
    bedrooms = np.clip(1 + np.ceil(np.asarray(children) / 2), 1, 4).astype(int)
    level = np.where(
        tenure == SOCIAL_RENT,
        np.asarray(h.social_rent_monthly)[country],
        np.asarray(h.private_rent_monthly)[country],
    )
    rent = np.where(
        (tenure == SOCIAL_RENT) | (tenure == PRIVATE_RENT),
        _lognormal(
            level * np.asarray(h.rent_bedroom_factors)[bedrooms - 1],
            h.rent_sd_log,
            rng.normal(f"{prefix}_rent", ids),
        ),
        0.0,
    )
    mortgage = np.where(
        tenure == OWNER_MORTGAGE,
        _lognormal(
            h.mortgage_interest_monthly, h.mortgage_sd_log, rng.normal(f"{prefix}_mortgage", ids)
        ),
        0.0,
    )
    # Local Housing Allowance: the 30th percentile of local private rents when it
    # was last set (April 2024; frozen since), so below today's rents by the
    # growth since then (outline: one rent distribution per country and size).
    years_frozen = max(_age_years((date - LHA_LAST_SET).days), 0.0)
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


def _net_incomes(c: dict[str, np.ndarray], p, date: dt.date, h) -> dict[str, np.ndarray]:
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
