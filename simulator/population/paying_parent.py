"""Synthesis, fourth section: the paying parents, one per unit.

A paying parent's attributes are drawn once (keyed to the unit) and shared by
all their families: age (from the first receiving parent's), country, work
(the employment mix differs by arrangement), earnings or self-employment
profit, income as declared to HMRC (some self-employed under-report; employee
income hidden from the CMS in a small share), unearned income, assets,
pension contributions, a new partner and their children (relevant other
children), relevant non-resident children, tenure and housing costs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from simulator.inputs.parameters import Parameters
from simulator.population.arrangements import Linkage
from simulator.population.draws import (
    WEEKS_IN_YEAR,
    PayScale,
    lognormal,
    new_partner,
    younger_children,
)
from simulator.population.frame import (
    ADULT_AGES,
    COLLECT_AND_PAY,
    DIRECT_PAY,
    EMPLOYEE,
    FAMILY_BASED,
    FLAT_RATE_BENEFIT,
    SELF_EMPLOYED,
)
from simulator.population.hmrc_record import hmrc_declared_annual
from simulator.population.households import housing_costs
from simulator.population.receiving_parent import ReceivingParents
from simulator.randomness import KeyedRandom

__all__ = ["PayingParents", "draw_paying_parents"]

#: The children of the paying parent's new household are drawn younger than
#: this (whole years, uniformly below it): the children of a new relationship,
#: as before qualifying children could be 18-19 in the population (an
#: assumption; no published ages).
OTHER_CHILDREN_BELOW_AGE = 18


@dataclass(frozen=True)
class PayingParents:
    """Per paying-parent unit: ``age`` (years, not yet whole), ``country``,
    ``employment``, the annual ``true_earnings``, ``true_profit``, their
    ``declared_*`` values, ``unearned``, ``assets`` and ``pension``
    contributions, the new ``partner`` (age -1 without, earnings), relevant
    other children (``other_children``, ``other_child_ages``), relevant
    non-resident children and ``housing`` (columns without the "pp_" prefix)."""

    age: np.ndarray
    country: np.ndarray
    employment: np.ndarray
    true_earnings: np.ndarray
    true_profit: np.ndarray
    declared_earnings: np.ndarray
    declared_profit: np.ndarray
    # declared income of the tax year behind the HMRC figure (£ a year)
    hmrc_declared: np.ndarray
    # income diverted to others (reg. 71; £ a year, missing from declared_*)
    diverted: np.ndarray
    # cash-in-hand earnings of parents on a flat-rate benefit (£ a year)
    cash_in_hand: np.ndarray
    unearned: np.ndarray
    assets: np.ndarray
    pension: np.ndarray
    partner: np.ndarray
    partner_age: np.ndarray
    partner_earnings: np.ndarray
    other_children: np.ndarray
    other_child_ages: np.ndarray
    non_resident_children: np.ndarray
    housing: dict[str, np.ndarray]


def draw_paying_parents(
    rng: KeyedRandom,
    links: Linkage,
    receiving: ReceivingParents,
    a,
    pay: PayScale,
    date: dt.date,
    p: Parameters,
    b,
) -> PayingParents:
    """The paying parents of the units in ``links``; ``a`` holds the
    population assumptions, ``pay`` the earnings levels on ``date``, ``p`` the statutory
    parameters then (for the rental areas' Local Housing Allowance and the 25%
    that makes a change of income large), ``b`` the behavioural assumptions
    (for the HMRC figure, :mod:`simulator.population.hmrc_record`)."""
    ppa = a.paying_parent
    unit_ids, units, first = links.unit_ids, links.units, links.first
    unit_age = np.clip(
        receiving.rp_age[first]
        + ppa.age_gap_mean
        + ppa.age_gap_sd * rng.normal("pp_age", unit_ids),
        *ADULT_AGES,
    )
    unit_country = np.where(
        rng.bernoulli("pp_same_country", unit_ids, ppa.same_country_share),
        receiving.rp_country[first],
        rng.choice("pp_country", unit_ids, a.receiving_parent.country_shares),
    )
    mix = ppa.employment_mix
    mixes = np.array([mix.direct_pay, mix.collect_and_pay, mix.family_based, mix.none])
    group = np.select(
        [
            links.unit_service == DIRECT_PAY,
            links.unit_service == COLLECT_AND_PAY,
            links.unit_arrangement == FAMILY_BASED,
        ],
        [0, 1, 2],
        3,
    )
    unit_employment = rng.choice("pp_employment", unit_ids, mixes[group]).astype(np.int8)
    income = _incomes(rng, links, unit_employment, ppa, pay)
    in_work = income.pop("pay")
    income["hmrc_declared"] = hmrc_declared_annual(
        rng,
        unit_ids,
        unit_employment,
        income["declared_earnings"] + income["declared_profit"],
        in_work * (1 - ppa.employee_hidden_share),
        b,
        p.income.change_tolerance,
    )
    income["cash_in_hand"] = _cash_in_hand(rng, unit_ids, unit_employment, ppa)
    unit_partner = rng.bernoulli("pp_partner", unit_ids, ppa.repartnered_share)
    unit_partner_age, unit_partner_earnings = new_partner(
        rng,
        "pp",
        unit_ids,
        unit_partner,
        unit_age,
        -ppa.age_gap_mean,
        ppa.age_gap_sd,
        ppa.partner_employment_rate,
        pay.ashe_annual * ppa.partner_pay_ratio,
        ppa.pay_sd_log,
        pay.minimum_wage * pay.part_time_hours * WEEKS_IN_YEAR,
    )
    unit_roc = np.where(
        unit_partner, rng.choice("pp_other_children", unit_ids, ppa.other_children), 0
    )
    unit_roc_ages = younger_children(
        rng, "pp_other_ages", unit_ids, np.full(units, OTHER_CHILDREN_BELOW_AGE), unit_roc
    )
    unit_rnrc = rng.bernoulli("pp_rnrc", unit_ids, ppa.non_resident_children_share).astype(np.int8)
    unit_tenure = np.where(
        unit_partner,
        rng.choice("pp_tenure", unit_ids, ppa.tenure_partnered),
        rng.choice("pp_tenure", unit_ids, ppa.tenure_single),
    ).astype(np.int8)
    unit_housing = housing_costs(
        rng, "pp", unit_ids, unit_tenure, unit_country, unit_roc, a.housing, p
    )
    return PayingParents(
        age=unit_age,
        country=unit_country,
        employment=unit_employment,
        **income,
        partner=unit_partner,
        partner_age=unit_partner_age,
        partner_earnings=unit_partner_earnings,
        other_children=unit_roc,
        other_child_ages=unit_roc_ages,
        non_resident_children=unit_rnrc,
        housing=unit_housing,
    )


def _incomes(
    rng: KeyedRandom, links: Linkage, unit_employment: np.ndarray, ppa, pay: PayScale
) -> dict[str, np.ndarray]:
    """Each unit's annual earnings or profit, as true and as declared, and its
    unearned income, assets and pension contributions. Pay is lognormal
    around ASHE's median times the ratio for the arrangement, at least the
    minimum wage for the hours."""
    unit_ids = links.unit_ids
    pay_group = np.select(
        [
            links.unit_service == COLLECT_AND_PAY,
            links.unit_service == DIRECT_PAY,
            links.unit_arrangement == FAMILY_BASED,
        ],
        [0, 1, 2],
        3,
    )
    unit_part_time = rng.bernoulli("pp_part_time", unit_ids, ppa.part_time_share)
    hours_share = np.where(unit_part_time, pay.part_time_hours / pay.full_time_hours, 1.0)
    unit_pay = np.maximum(
        lognormal(
            pay.ashe_annual * ppa.pay_ratio[pay_group],
            ppa.pay_sd_log,
            rng.normal("pp_pay", unit_ids),
        )
        * hours_share,
        pay.minimum_wage * pay.full_time_hours * hours_share * WEEKS_IN_YEAR,
    )
    employee = unit_employment == EMPLOYEE
    self_emp = unit_employment == SELF_EMPLOYED
    unit_true_earnings = np.where(employee, unit_pay, 0.0)
    unit_true_profit = np.where(
        self_emp,
        lognormal(
            ppa.self_employed_profit_median * pay.uprating,
            ppa.self_employed_sd_log,
            rng.normal("pp_profit", unit_ids),
        ),
        0.0,
    )
    under = self_emp & rng.bernoulli("pp_underreports", unit_ids, ppa.underreporting_share)
    # diversion to a partner, relative or company (reg. 71): what is diverted
    # is not the parent's income for HMRC or the CMS; the rest is declared
    # as before
    diverts = rng.bernoulli(
        "pp_diverts",
        unit_ids,
        np.select(
            [self_emp, employee],
            [ppa.diversion_share_self_employed, ppa.diversion_share_employee],
            0.0,
        ),
    )
    kept = np.where(diverts, 1 - ppa.diverted_income_share, 1.0)
    unit_declared_profit = unit_true_profit * kept * np.where(under, 1 - ppa.hidden_share, 1.0)
    unit_declared_earnings = unit_true_earnings * kept * (1 - ppa.employee_hidden_share)
    unit_unearned = np.where(
        rng.bernoulli("pp_unearned", unit_ids, ppa.unearned_income_share),
        lognormal(
            ppa.unearned_income_median,
            ppa.unearned_income_sd_log,
            rng.normal("pp_unearned_amount", unit_ids),
        ),
        0.0,
    )
    unit_assets = np.where(
        rng.bernoulli("pp_assets", unit_ids, ppa.assets_share),
        lognormal(ppa.assets_median, ppa.assets_sd_log, rng.normal("pp_assets_amount", unit_ids)),
        0.0,
    )
    unit_pension = np.where(
        employee & rng.bernoulli("pp_pension", unit_ids, ppa.pension_relief_at_source_share),
        ppa.pension_contribution_rate * unit_true_earnings,
        0.0,
    )
    return {
        "true_earnings": unit_true_earnings,
        "true_profit": unit_true_profit,
        "declared_earnings": unit_declared_earnings,
        "declared_profit": unit_declared_profit,
        "unearned": unit_unearned,
        "assets": unit_assets,
        "pension": unit_pension,
        "diverted": (unit_true_earnings + unit_true_profit) * (1 - kept),
        # what they earn, or would earn, as an employee
        "pay": unit_pay,
    }


def _cash_in_hand(rng: KeyedRandom, unit_ids, unit_employment: np.ndarray, ppa) -> np.ndarray:
    """Cash-in-hand earnings (£ a year) of the paying parents on a flat-rate
    benefit who work for cash: a share of them, lognormal weekly amounts
    around the register's median. Neither HMRC nor the CMS sees them."""
    on_benefit = unit_employment == FLAT_RATE_BENEFIT
    works = on_benefit & rng.bernoulli(
        "pp_cash_in_hand", unit_ids, ppa.cash_in_hand_share_on_benefit
    )
    weekly = lognormal(
        ppa.cash_in_hand_weekly_median,
        ppa.cash_in_hand_sd_log,
        rng.normal("pp_cash_in_hand_amount", unit_ids),
    )
    return np.where(works, weekly * WEEKS_IN_YEAR, 0.0)
