"""Household incomes over the window and poverty status, HBAI style.

Each household's net income before maintenance is the mean over the window
of its monthly net incomes as the dynamics work them out
(:mod:`simulator.dynamics.processes.households`: taxes and benefits from each
month's circumstances and law); maintenance is disregarded by Universal Credit
and not taxed, so maintenance received over the window (receiving households)
is added, and maintenance, fees, arrears and charges paid (paying households)
subtracted, annualised. The household's composition — its equivalence scale
and its dependent children (qualifying children and other children still
dependent) — is the window's last month's. A household is poor below 60%
("relative") or 50% ("deep") of the median, before (BHC) and after (AHC)
housing costs, the poverty line being the mean of the window's months' lines
(the HBAI median uprated by the register's median growth). Each paying
household is counted once, on its first family's row.

A result without the simulated incomes (one made before they existed) falls
back on the population's: incomes, compositions and lines at the population
date.
"""

from __future__ import annotations

import numpy as np

from simulator.dynamics import SimulationResult
from simulator.population.frame import Population

__all__ = [
    "MONTHS_IN_YEAR",
    "WEEKS_IN_YEAR",
    "equivalence_scales",
    "family_incomes",
    "household_composition",
    "paying_household_rows",
    "poverty_lines",
    "poverty_status",
    "qualifying_children_at_end",
    "separated_at_end",
]

WEEKS_IN_YEAR = 52
MONTHS_IN_YEAR = 12
SIDES = ("rp", "pp")
BASES = ("bhc", "ahc")


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


def _simulated(result: SimulationResult | None) -> bool:
    return result is not None and "rp_net_income_bhc_window" in result.families


def family_incomes(
    pop: Population, result: SimulationResult, without_maintenance: bool = False
) -> dict[str, np.ndarray]:
    """Annual net incomes (BHC, AHC) of each family's receiving household and,
    on each paying parent's first family row, of the paying household: the
    mean of the window's monthly net incomes, after maintenance over the
    window (annualised); ``without_maintenance``: before it."""
    f = result.families
    window = result.metadata["window_months"]
    scale = MONTHS_IN_YEAR / window
    received = (
        0.0
        if without_maintenance
        else (f["received_window"] + f["family_based_paid_window"]) * scale
    )
    paid = (f["paid_window"] + f["family_based_paid_window"]) * scale
    units = pop.units
    paid_by_unit = np.bincount(units.of, weights=paid, minlength=units.count)[units.of]
    paid_out = 0.0 if without_maintenance else paid_by_unit
    out = {}
    for side in SIDES:
        for basis in BASES:
            if _simulated(result):
                before = f[f"{side}_net_income_{basis}_window"] / window
                if side == "pp":  # the paying household on its first family's row
                    before = before[units.first_family][units.of]
            else:
                before = getattr(pop, f"{side}_net_income_{basis}")
            out[f"{side}_{basis}"] = before + (received if side == "rp" else -paid_out)
    return out


def household_composition(pop: Population, result: SimulationResult | None) -> dict:
    """Each household's dependent children (``rp_children``; ``pp_children``
    on each paying parent's first family row, 0 elsewhere) and equivalence
    scales (:func:`equivalence_scales`) in the window's last month; children
    only in the households of the separated families then
    (:func:`separated_at_end`: an entrant not yet separated, or a family whose
    children have all aged out, has none counted)."""
    there, first = separated_at_end(pop, result) if result is not None else (True, None)
    if first is None:
        first = paying_household_rows(pop)
    if _simulated(result):
        f = result.families
        children = {
            "rp_children": f["rp_children_end"],
            "pp_children": np.where(first, f["pp_children_end"], 0),
        }
    else:
        children = {
            "rp_children": pop.n_children + (pop.rp_other_child_age >= 0).sum(axis=1),
            "pp_children": np.where(first, (pop.pp_other_child_age >= 0).sum(axis=1), 0),
        }
    children["rp_children"] = np.where(there, children["rp_children"], 0)
    return {**children, **equivalence_scales(pop, result)}


def equivalence_scales(
    pop: Population, result: SimulationResult | None, bases: tuple[str, ...] = BASES
) -> dict:
    """Each household's HBAI equivalence scales (``rp_equivalence_bhc``,
    ``pp_equivalence_ahc`` ...; the paying household's on each of its
    families' rows) in the window's last month."""
    out = {}
    for side in SIDES:
        for basis in bases:
            if _simulated(result):
                scale = result.families[f"{side}_equivalence_{basis}_end"]
                if side == "pp":
                    scale = scale[pop.units.first_family][pop.units.of]
            else:
                scale = getattr(pop, f"{side}_equivalence_{basis}")
            out[f"{side}_equivalence_{basis}"] = scale
    return out


def poverty_lines(pop: Population, result: SimulationResult | None) -> dict[str, float]:
    """The poverty lines (£ a week, equivalised; ``poverty_line_bhc_weekly``,
    ``deep_poverty_line_ahc_weekly`` ...) over the window, or at the
    population date for a result without them."""
    if result is not None and result.metadata.get("poverty_lines"):
        return result.metadata["poverty_lines"]
    return {
        k: pop.metadata[k]
        for k in (f"{depth}poverty_line_{b}_weekly" for depth in ("", "deep_") for b in BASES)
    }


def poverty_status(
    pop: Population, incomes: dict[str, np.ndarray], result: SimulationResult | None = None
) -> dict[str, np.ndarray]:
    """Whether each receiving household (and each paying household, on its first
    family row) is below the relative (60%) and deep (50%) poverty lines
    (``result``: the run the incomes come from, for its compositions and lines)."""
    composition = equivalence_scales(pop, result)
    lines = poverty_lines(pop, result)
    out = {}
    for side in SIDES:
        for basis in BASES:
            weekly = (
                incomes[f"{side}_{basis}"]
                / WEEKS_IN_YEAR
                / composition[f"{side}_equivalence_{basis}"]
            )
            out[f"{side}_poor_{basis}"] = weekly < lines[f"poverty_line_{basis}_weekly"]
            out[f"{side}_deep_{basis}"] = weekly < lines[f"deep_poverty_line_{basis}_weekly"]
    return out
