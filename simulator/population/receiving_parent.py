"""Synthesis, third section: each family's receiving parent and household.

The receiving parent's sex (and so the paying parent's), age (from the eldest
child's age and the age at first birth), country, new partner, work (hours,
pay, self-employment profit), children of a new relationship, tenure and
housing costs.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from simulator.inputs.parameters import Parameters
from simulator.population.arrangements import Linkage
from simulator.population.children import Children
from simulator.population.draws import (
    WEEKS_IN_YEAR,
    PayScale,
    lognormal,
    new_partner,
    younger_children,
)
from simulator.population.frame import (
    FEMALE,
    MALE,
    OLDEST_QUALIFYING_AGE,
    RP_FULL_TIME,
    RP_NOT_WORKING,
    RP_PART_TIME,
    RP_SELF_EMPLOYED,
)
from simulator.population.households import housing_costs
from simulator.randomness import KeyedRandom

__all__ = ["ReceivingParents", "draw_receiving_parents", "hourly_pay", "works_part_time"]

#: A receiving parent is at least this much older than their eldest child, and
#: at most this old (assumptions of the outline).
YOUNGEST_AGE_AT_FIRST_BIRTH = 16
OLDEST_RECEIVING_PARENT = 70


@dataclass(frozen=True)
class ReceivingParents:
    """Per family: the paying parent's ``pp_sex`` and the receiving parent's
    ``rp_sex``, ``rp_age`` (years, not yet whole), ``rp_country``,
    ``rp_employment``, ``rp_hours``, ``rp_earnings`` and ``rp_profit`` (annual),
    ``rp_partner``, the partner's age (-1 without) and earnings,
    ``rp_other_ages`` (children of a new relationship) and ``rp_housing``
    (the household's housing columns, without their "rp_" prefix)."""

    pp_sex: np.ndarray
    rp_sex: np.ndarray
    rp_age: np.ndarray
    rp_country: np.ndarray
    rp_employment: np.ndarray
    rp_hours: np.ndarray
    rp_earnings: np.ndarray
    rp_profit: np.ndarray
    rp_partner: np.ndarray
    rp_partner_age: np.ndarray
    rp_partner_earnings: np.ndarray
    rp_other_ages: np.ndarray
    rp_housing: dict[str, np.ndarray]


def works_part_time(rng: KeyedRandom, families: np.ndarray, rp) -> np.ndarray:
    """Whether each receiving parent works part-time when employed (draw
    "rp_part_time"; ``rp``: ``population.receiving_parent``)."""
    return rng.bernoulli("rp_part_time", families, rp.part_time_share)


def hourly_pay(rng: KeyedRandom, families: np.ndarray, rp, pay: PayScale) -> np.ndarray:
    """Each receiving parent's hourly pay as an employee (draw "rp_pay"):
    lognormal around ASHE's median hourly pay times the receiving parents'
    pay ratio, at least the minimum wage."""
    return np.maximum(
        lognormal(pay.ashe_hourly * rp.pay_ratio, rp.pay_sd_log, rng.normal("rp_pay", families)),
        pay.minimum_wage,
    )


def draw_receiving_parents(
    rng: KeyedRandom,
    families: np.ndarray,
    links: Linkage,
    children: Children,
    a,
    pay: PayScale,
    date: dt.date,
    p: Parameters,
) -> ReceivingParents:
    """The receiving parents of ``families``; ``a`` holds the population
    assumptions, ``pay`` the earnings levels on ``date``, ``p`` the statutory
    parameters then (for the rental areas' Local Housing Allowance)."""
    rp = a.receiving_parent
    eldest, n_children = children.eldest, children.n_children
    unit_pp_male = rng.bernoulli("pp_sex", links.unit_ids, rp.female_share)
    pp_sex = np.where(unit_pp_male, MALE, FEMALE).astype(np.int8)[links.pp]
    rp_sex = (1 - pp_sex).astype(np.int8)
    rp_age = np.clip(
        eldest
        + rp.age_at_first_birth_mean
        + rp.age_at_first_birth_sd * rng.normal("rp_age", families),
        eldest + YOUNGEST_AGE_AT_FIRST_BIRTH,
        OLDEST_RECEIVING_PARENT,
    )
    rp_country = rng.choice("rp_country", families, rp.country_shares)
    rp_partner = rng.bernoulli("rp_partner", families, rp.repartnered_share)
    working = rng.bernoulli(
        "rp_working",
        families,
        np.where(rp_partner, rp.employment_rate_partnered, rp.employment_rate_lone),
    )
    self_employed = working & rng.bernoulli("rp_self_employed", families, rp.self_employed_share)
    part_time = working & ~self_employed & works_part_time(rng, families, rp)
    rp_employment = np.select(
        [~working, self_employed, part_time],
        [RP_NOT_WORKING, RP_SELF_EMPLOYED, RP_PART_TIME],
        RP_FULL_TIME,
    ).astype(np.int8)
    rp_hours = np.where(
        working & ~self_employed,
        np.where(part_time, pay.part_time_hours, pay.full_time_hours),
        0.0,
    )
    rp_earnings = hourly_pay(rng, families, rp, pay) * rp_hours * WEEKS_IN_YEAR
    rp_profit = np.where(
        self_employed,
        lognormal(
            pay.ashe_hourly
            * rp.pay_ratio
            * pay.full_time_hours
            * WEEKS_IN_YEAR
            * rp.self_employed_profit_ratio,
            a.paying_parent.self_employed_sd_log,
            rng.normal("rp_profit", families),
        ),
        0.0,
    )
    ppa = a.paying_parent
    rp_partner_age, rp_partner_earnings = new_partner(
        rng,
        "rp",
        families,
        rp_partner,
        rp_age,
        ppa.age_gap_mean,
        ppa.age_gap_sd,
        rp.partner_employment_rate,
        pay.ashe_annual * rp.partner_pay_ratio,
        ppa.pay_sd_log,
        pay.minimum_wage * pay.part_time_hours * WEEKS_IN_YEAR,
    )
    rp_other = rp_partner & rng.bernoulli("rp_other_children", families, rp.other_children_share)
    rp_other_count = np.where(
        rp_other, 1 + rng.bernoulli("rp_other_two", families, rp.other_children_two_share), 0
    )
    # Children of the new relationship are younger than the youngest qualifying child.
    youngest_qc = np.where(children.has_child, children.child_age, OLDEST_QUALIFYING_AGE).min(
        axis=1
    )
    rp_other_ages = younger_children(rng, "rp_other_ages", families, youngest_qc, rp_other_count)
    rp_tenure = np.where(
        rp_partner,
        rng.choice("rp_tenure", families, rp.tenure_partnered),
        rng.choice("rp_tenure", families, rp.tenure_lone),
    ).astype(np.int8)
    rp_children_total = n_children + rp_other_count
    rp_housing = housing_costs(
        rng, "rp", families, rp_tenure, rp_country, rp_children_total, a.housing, p
    )
    return ReceivingParents(
        pp_sex=pp_sex,
        rp_sex=rp_sex,
        rp_age=rp_age,
        rp_country=rp_country,
        rp_employment=rp_employment,
        rp_hours=rp_hours,
        rp_earnings=rp_earnings,
        rp_profit=rp_profit,
        rp_partner=rp_partner,
        rp_partner_age=rp_partner_age,
        rp_partner_earnings=rp_partner_earnings,
        rp_other_ages=rp_other_ages,
        rp_housing=rp_housing,
    )
