"""The CMS liabilities on the population date: each CMS family's weekly
maintenance from the statutory calculation.

The rules engine works per paying parent, with the qualifying children grouped
by receiving parent; the population has one row per family. This module
builds the engine's arrays from the population's paying-parent units
(:attr:`~simulator.population.frame.Population.units`) and hands each family
its receiving parent's share back.
"""

from __future__ import annotations

import numpy as np

from simulator.inputs.parameters import ParameterSet, load_parameters
from simulator.population.frame import CMS, Population
from simulator.rules import RATE_NAMES, maintenance_liability
from simulator.rules.income import historic_gross_weekly_income

__all__ = ["INCOME_BANDS", "cms_liabilities", "group_by_paying_parent"]

#: Bands of gross weekly income (£) used to describe the calculation mix; the
#: edges are the statutory thresholds (flat-rate limit, basic rate, basic plus, cap).
INCOME_BANDS = ("under 100", "100 to 200", "200 to 800", "800 to 3,000", "3,000 or more")


def group_by_paying_parent(pop: Population, mask: np.ndarray) -> dict[str, np.ndarray]:
    """For the families in ``mask`` (whole paying-parent units): the families'
    rows, their units (indices into ``pop.units``), each family's position
    among those units and its receiving-parent slot, the (units, P, C) nights
    array and each unit's first family."""
    families = np.flatnonzero(mask)
    units, unit_of = pop.units.select(families)
    rank = pop.receiving_parent_rank[families].astype(np.int64)
    width = int(rank.max(initial=0)) + 1
    nights = np.full(
        (len(units), width, pop.child_nights.shape[1]), -1, dtype=pop.child_nights.dtype
    )
    nights[unit_of, rank] = pop.child_nights[families]
    return {
        "families": families,
        "units": units,
        "unit_of": unit_of,
        "rank": rank,
        "nights": nights,
        "first_family": pop.units.first_family[units],
    }


def cms_liabilities(
    pop: Population, parameters: ParameterSet | None = None
) -> dict[str, np.ndarray]:
    """Weekly liability of every CMS family on the population date, from the
    paying parent's historic income (the HMRC figure of declared earnings and
    profit of the latest tax year available, ``pp_hmrc_declared_annual``
    (:mod:`simulator.population.hmrc_record`), less evidenced pension
    contributions: SI 2012/2677, regs. 35-36)
    through the statutory rules engine. Variations are not applied (they need
    an application; the monthly dynamics handle them). Arrears-only cases have
    no ongoing liability and are not in the result."""
    parameters = parameters or load_parameters()
    p = parameters.at(pop.date)
    groups = group_by_paying_parent(pop, (pop.arrangement == CMS) & ~pop.arrears_only)
    first = groups["first_family"]
    income = historic_gross_weekly_income(
        pop.pp_hmrc_declared_annual[first],
        pop.pp_pension_contributions[first],
        p,
    )
    calc = maintenance_liability(
        income,
        groups["nights"],
        p,
        relevant_other_children=pop.pp_relevant_other_children[first],
        relevant_non_resident_children=pop.pp_relevant_non_resident_children[first],
        flat_rate_benefit=pop.pp_flat_rate_benefit[first],
        nil_rate_person=pop.pp_nil_rate[first],
    )
    unit_of, rank = groups["unit_of"], groups["rank"]
    edges = [
        p.rates.reduced_rate.lower_income_limit,
        p.rates.reduced_rate.upper_income_limit,
        p.rates.basic_rate.plus_threshold,
        p.income.capped_amount,
    ]
    band = np.searchsorted(edges, calc.income_used_weekly, side="right")
    return {
        "family_index": groups["families"],
        "weekly_liability": calc.weekly_liability_by_receiving_parent[unit_of, rank],
        "rate": np.asarray(RATE_NAMES, dtype=object)[calc.rate[unit_of]],
        "income_band": np.asarray(INCOME_BANDS, dtype=object)[band[unit_of]],
        "gross_weekly_income": income[unit_of],
    }
