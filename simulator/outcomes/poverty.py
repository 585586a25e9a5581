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

import contextlib
from collections.abc import Callable, Iterator

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
    "shared_outcomes",
]

WEEKS_IN_YEAR = 52
MONTHS_IN_YEAR = 12
SIDES = ("rp", "pp")
BASES = ("bhc", "ahc")


#: The results worked out inside :func:`shared_outcomes`: key -> (value, the
#: objects the key names by id, kept alive so that no id is reused meanwhile).
_shared: dict[tuple, tuple] | None = None


@contextlib.contextmanager
def shared_outcomes() -> Iterator[None]:
    """Inside, :func:`family_incomes`, :func:`household_composition`,
    :func:`separated_at_end` and :func:`poverty_status` work each result out
    once for the same population and run (and, for the status, the same
    incomes) and hand every later caller the same arrays, which no caller
    modifies: the tables of a comparison (metrics, poverty transitions,
    distribution, deciles) read them several times. Only speed changes."""
    global _shared
    if _shared is not None:  # already inside
        yield
        return
    _shared = {}
    try:
        yield
    finally:
        _shared = None


def _once(key: tuple, anchors: tuple, compute: Callable[[], object]):
    """``compute()``, or inside :func:`shared_outcomes` the value already
    worked out for ``key`` (which names ``anchors`` by id)."""
    if _shared is None:
        return compute()
    if key not in _shared:
        _shared[key] = (compute(), anchors)
    return _shared[key][0]


def _shared_value(value: object) -> bool:
    """Whether ``value`` is one of the values :func:`shared_outcomes` holds."""
    return _shared is not None and any(v is value for v, _ in _shared.values())


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
    return _once(("separated", id(pop), id(result)), (pop, result), lambda: _separated(pop, result))


def _separated(pop: Population, result: SimulationResult) -> tuple[np.ndarray, np.ndarray]:
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
    return _once(
        ("incomes", id(pop), id(result), without_maintenance),
        (pop, result),
        lambda: _family_incomes(pop, result, without_maintenance),
    )


def _family_incomes(
    pop: Population, result: SimulationResult, without_maintenance: bool
) -> dict[str, np.ndarray]:
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
    return _once(
        ("composition", id(pop), id(result)), (pop, result), lambda: _composition(pop, result)
    )


def _composition(pop: Population, result: SimulationResult | None) -> dict:
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
    if not _shared_value(incomes):  # incomes of the caller's own: worked out here
        return _poverty_status(pop, incomes, result)
    return _once(
        ("status", id(pop), id(incomes), id(result)),
        (pop, incomes, result),
        lambda: _poverty_status(pop, incomes, result),
    )


def _poverty_status(
    pop: Population, incomes: dict[str, np.ndarray], result: SimulationResult | None
) -> dict[str, np.ndarray]:
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
