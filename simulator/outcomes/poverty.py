"""Household incomes over the window and poverty status, HBAI style.

Household net income before maintenance comes from the population (taxes and
benefits at the population date; maintenance is disregarded by Universal
Credit and not taxed), plus maintenance received over the window (receiving
households) or less maintenance, fees and charges paid (paying households),
annualised. A household is poor below 60% ("relative") or 50% ("deep") of the
contemporary median, before (BHC) and after (AHC) housing costs; incomes and
poverty lines are held at the population date. Each paying household is
counted once, on its first family's row.
"""

from __future__ import annotations

import numpy as np

from simulator.dynamics import SimulationResult
from simulator.population.frame import Population

__all__ = [
    "MONTHS_IN_YEAR",
    "WEEKS_IN_YEAR",
    "family_incomes",
    "paying_household_rows",
    "poverty_status",
    "qualifying_children_at_end",
    "separated_at_end",
]

WEEKS_IN_YEAR = 52
MONTHS_IN_YEAR = 12


def paying_household_rows(pop: Population) -> np.ndarray:
    """True on each paying parent's first family (receiving_parent_rank 0),
    the row that stands for the paying household."""
    return pop.receiving_parent_rank == 0


def qualifying_children_at_end(pop: Population, result: SimulationResult) -> np.ndarray:
    """(families,) each family's qualifying children in the run's last month
    (0 for an entrant not yet separated and for a family whose children have
    all aged out); for a result without that end state (made by hand), the
    children of the families at the population date."""
    f = result.families
    if "qualifying_children_end" in f:
        return np.asarray(f["qualifying_children_end"])
    there = pop.enters == 0
    return np.where(there, pop.n_children, 0) if "n_children" in pop.columns else there * 1


def separated_at_end(pop: Population, result: SimulationResult) -> tuple[np.ndarray, np.ndarray]:
    """The families that are separated families at the end of the run (they
    have separated, entrants included, and have a qualifying child: a family
    whose children have all aged out is no longer one), and the paying
    households with one: True on the first family row of each paying parent
    with any such family. What every count of families, children, receiving
    and paying households is taken over."""
    families = qualifying_children_at_end(pop, result) > 0
    units = pop.units
    unit_there = np.bincount(units.of, weights=families, minlength=units.count) > 0
    return families, paying_household_rows(pop) & unit_there[units.of]


def family_incomes(
    pop: Population, result: SimulationResult, without_maintenance: bool = False
) -> dict[str, np.ndarray]:
    """Annual net incomes (BHC, AHC) of each family's receiving household and,
    on each paying parent's first family row, of the paying household, after
    maintenance over the window (annualised)."""
    f = result.families
    scale = MONTHS_IN_YEAR / result.metadata["window_months"]
    received = (
        0.0
        if without_maintenance
        else (f["received_window"] + f["family_based_paid_window"]) * scale
    )
    paid = (f["paid_window"] + f["family_based_paid_window"]) * scale
    units = pop.units
    paid_by_unit = np.bincount(units.of, weights=paid, minlength=units.count)[units.of]
    paid_out = 0.0 if without_maintenance else paid_by_unit
    return {
        "rp_bhc": pop.rp_net_income_bhc + received,
        "rp_ahc": pop.rp_net_income_ahc + received,
        "pp_bhc": pop.pp_net_income_bhc - paid_out,
        "pp_ahc": pop.pp_net_income_ahc - paid_out,
    }


def poverty_status(pop: Population, incomes: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Whether each receiving household (and each paying household, on its first
    family row) is below the relative (60%) and deep (50%) poverty lines."""
    meta = pop.metadata
    out = {}
    for side in ("rp", "pp"):
        for basis in ("bhc", "ahc"):
            weekly = (
                incomes[f"{side}_{basis}"]
                / WEEKS_IN_YEAR
                / getattr(pop, f"{side}_equivalence_{basis}")
            )
            out[f"{side}_poor_{basis}"] = weekly < meta[f"poverty_line_{basis}_weekly"]
            out[f"{side}_deep_{basis}"] = weekly < meta[f"deep_poverty_line_{basis}_weekly"]
    return out
