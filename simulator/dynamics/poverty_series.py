"""Both households' incomes as the run reports them: the monthly series of
poverty (children in receiving and paying households and paying parents
below the month's line), the window's sums of net incomes and poverty lines,
and the households' composition at the end (what
:mod:`simulator.outcomes.poverty` reads)."""

from __future__ import annotations

import datetime as dt

import numpy as np

from simulator.dynamics.month import MonthFlows
from simulator.dynamics.processes import households
from simulator.dynamics.state import State
from simulator.dynamics.timing import MONTHS_IN_YEAR
from simulator.population.draws import WEEKS_IN_YEAR
from simulator.rules.taxben import poverty_line_weekly

__all__ = [
    "INCOME_SUMS",
    "POVERTY_SERIES",
    "add_incomes",
    "composition",
    "monthly_poverty",
    "poverty_lines",
]

#: Both households' net incomes before maintenance (£ a year, HBAI) summed over
#: the window month by month (the paying household's on its first family's row).
INCOME_SUMS = (
    *(f"{side}_net_income_{basis}" for side in ("rp", "pp") for basis in ("bhc", "ahc")),
    # the households' Universal Credit awards (before maintenance, which it disregards)
    "rp_universal_credit",
    "pp_universal_credit",
)

#: The monthly table's poverty columns -> their meaning.
POVERTY_SERIES = {
    **{
        f"children_in_poverty_{side}_{basis}": (
            f"children in {side} households below 60% of the median ({basis.upper()}; "
            "the month's net income and maintenance, x 12)"
        )
        for side in ("receiving", "paying")
        for basis in ("bhc", "ahc")
    },
    **{
        f"paying_parents_in_poverty_{basis}": (
            f"paying parents whose household is below 60% of the median ({basis.upper()}; "
            "the month's net income less what they paid, x 12)"
        )
        for basis in ("bhc", "ahc")
    },
}


def _weighted(weights: np.ndarray, values: np.ndarray) -> float:
    """Sum of weights x values by numpy's pairwise summation (as the monthly table)."""
    return float(np.multiply(weights, values).sum())


def poverty_lines(state: State, when: dt.date) -> dict[str, float]:
    """The month's relative (60%) and deep (50%) poverty lines, BHC and AHC
    (£ a week, equivalised): the HBAI median uprated by the register's median
    growth (:func:`poverty_line_weekly`) to the middle of the tax year whose
    law is in force (:func:`households.money_date`, the money incomes are in)."""
    p, growth = state.law, state.values.population.economy.median_income_growth_annual
    at = households.money_date(p)
    bhc, ahc = poverty_line_weekly(p, at, growth)
    deep_bhc, deep_ahc = poverty_line_weekly(p, at, growth, share=p.hbai.deep_poverty_line_share)
    return {
        "poverty_line_bhc_weekly": bhc,
        "poverty_line_ahc_weekly": ahc,
        "deep_poverty_line_bhc_weekly": deep_bhc,
        "deep_poverty_line_ahc_weekly": deep_ahc,
    }


def monthly_poverty(state: State, month: MonthFlows, when: dt.date) -> dict[str, float]:
    """Children in receiving and paying households, and paying parents, below
    the month's relative poverty line (BHC, AHC), on the month's net income
    with the month's maintenance (received; or paid, with fees, arrears and
    charges) times 12; the households of the month's separated families only
    (an entrant before it separates, or a family whose children have all
    aged out, is not one)."""
    f, hh = state.frame, state.households
    n = f.n
    received = month.full("received", n) + month.full("family_based_paid", n)
    paid = month.full("paid", n) + month.full("family_based_paid", n)
    paid_unit = np.bincount(f.unit_of, weights=paid, minlength=f.n_units)
    unit_weight = f.weight[f.first]
    # only the separated families this month (separated by now, entrants
    # included, and with a qualifying child) and their paying parents
    separated = state.children.count() > 0
    unit_separated = np.bincount(f.unit_of, weights=separated, minlength=f.n_units) > 0
    # paying parents in private households (HBAI's population), once each
    private = np.asarray(hh.columns["pp_in_private_household"], dtype=bool)[f.first]
    private &= unit_separated
    rp_children = np.where(separated, hh.rp_children(state.children), 0)
    pp_children = np.where(unit_separated, hh.pp_children(), 0)
    lines = poverty_lines(state, when)
    out = {}
    for basis in ("bhc", "ahc"):
        line = lines[f"poverty_line_{basis}_weekly"] * WEEKS_IN_YEAR
        rp = hh.rp_net[f"net_income_{basis}"] + MONTHS_IN_YEAR * received
        pp = hh.pp_net[f"net_income_{basis}"] - MONTHS_IN_YEAR * paid_unit
        rp_poor = rp < line * hh.rp_net[f"equivalence_{basis}"]
        pp_poor = pp < line * hh.pp_net[f"equivalence_{basis}"]
        out[f"children_in_poverty_receiving_{basis}"] = _weighted(f.weight, rp_children * rp_poor)
        out[f"children_in_poverty_paying_{basis}"] = _weighted(unit_weight, pp_children * pp_poor)
        out[f"paying_parents_in_poverty_{basis}"] = _weighted(unit_weight, pp_poor & private)
    return out


def add_incomes(sums: dict, lines: dict, state: State, when: dt.date) -> None:
    """Add the month's net incomes (paying households on their first
    family's row) to ``sums`` (:data:`INCOME_SUMS`) and its poverty lines to
    ``lines``."""
    hh, first = state.households, state.frame.first
    for basis in ("bhc", "ahc"):
        sums[f"rp_net_income_{basis}"] += hh.rp_net[f"net_income_{basis}"]
        sums[f"pp_net_income_{basis}"][first] += hh.pp_net[f"net_income_{basis}"]
    sums["rp_universal_credit"] += hh.rp_net["universal_credit"]
    sums["pp_universal_credit"][first] += hh.pp_net["universal_credit"]
    for key, line in poverty_lines(state, when).items():
        lines[key] = lines.get(key, 0.0) + line


def composition(state: State) -> dict[str, np.ndarray]:
    """Both households at the end of the run (the window's last month):
    equivalence scales and dependent children (the paying household's on
    its first family's row; 0 children and a scale of 1 elsewhere)."""
    f, hh = state.frame, state.households
    out = {
        "rp_children_end": hh.rp_children(state.children).astype(np.int64),
        "pp_children_end": np.zeros(f.n, dtype=np.int64),
    }
    out["pp_children_end"][f.first] = hh.pp_children()
    for basis in ("bhc", "ahc"):
        out[f"rp_equivalence_{basis}_end"] = hh.rp_net[f"equivalence_{basis}"].copy()
        pp = np.ones(f.n)
        pp[f.first] = hh.pp_net[f"equivalence_{basis}"]
        out[f"pp_equivalence_{basis}_end"] = pp
    return out
