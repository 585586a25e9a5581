"""Who is affected: child poverty, paying parents' poverty and maintenance
received by nation, by number of children and by service, as a tidy table
(``group_by, group, measure, value``) the dashboard can chart.

Receiving households are grouped by their own family (the receiving parent's
nation, the family's qualifying children at the population date, the
family's arrangement at the end of the run); a paying household by its first
family (the paying parent's nation, that family's children and arrangement).
Incomes, lines and compositions are those of :mod:`simulator.outcomes.poverty`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.dynamics import SimulationResult
from simulator.outcomes.poverty import (
    MONTHS_IN_YEAR,
    family_incomes,
    household_composition,
    paying_household_rows,
    poverty_status,
    separated_at_end,
)
from simulator.population.frame import (
    CMS,
    COLLECT_AND_PAY,
    COUNTRIES,
    DIRECT_PAY,
    FAMILY_BASED,
    Population,
)

__all__ = ["GROUPINGS", "MEASURES", "distribution"]

#: The groupings and their groups, in the table's order.
GROUPINGS = {
    "nation": list(COUNTRIES),
    "children": ["1", "2", "3 or more"],
    "service": ["direct_pay", "collect_and_pay", "family_based", "none"],
}
#: The measures given for every group -> their unit.
MEASURES = {
    "families": "families",
    "children_in_receiving_households": "children",
    "child_poverty_rate_bhc": "share",
    "child_poverty_rate_ahc": "share",
    "children_in_relative_poverty_ahc": "children",
    "child_poverty_rate_paying_households_ahc": "share",
    "paying_parents_in_relative_poverty_ahc": "paying parents",
    "paying_parents_in_relative_poverty_ahc_share": "share",
    "maintenance_received_mean_annual_gbp": "GBP a year",
}
#: Three or more qualifying children make one group.
MOST_CHILDREN_GROUP = 3


def _groups(pop: Population, result: SimulationResult, side: str) -> dict[str, np.ndarray]:
    """Each row's group in each grouping (the paying parent's nation for ``side`` "pp")."""
    f = result.families
    country = np.asarray(pop.rp_country if side == "rp" else pop.pp_country)
    children = np.minimum(np.asarray(pop.n_children), MOST_CHILDREN_GROUP) - 1
    arrangement = f["arrangement_end"]
    service = np.select(
        [
            (arrangement == CMS) & (f["service_end"] == DIRECT_PAY),
            (arrangement == CMS) & (f["service_end"] == COLLECT_AND_PAY),
            arrangement == FAMILY_BASED,
        ],
        [0, 1, 2],
        3,
    )
    return {"nation": country, "children": children, "service": service}


def distribution(pop: Population, result: SimulationResult) -> pd.DataFrame:
    """The tidy table for one run: ``group_by, group, measure, value, unit``."""
    w = pop.weight.astype(float)
    composition = household_composition(pop, result)
    status = poverty_status(pop, family_incomes(pop, result), result)
    first = paying_household_rows(pop)
    # the separated families at the end of the run and their paying parents
    there, paying = separated_at_end(pop, result)
    private = paying & np.asarray(pop.pp_in_private_household, dtype=bool)
    rp_children, pp_children = composition["rp_children"], composition["pp_children"]
    f = result.families
    received = (f["received_window"] + f["family_based_paid_window"]) * (
        MONTHS_IN_YEAR / result.metadata["window_months"]
    )
    rp_groups, pp_groups = _groups(pop, result, "rp"), _groups(pop, result, "pp")
    # each measure's weighted sums by group, one pass over the rows per grouping
    rp_sums = {
        "families": w * there,
        "kids": w * rp_children,
        "poor_bhc": w * rp_children * status["rp_poor_bhc"],
        "poor_ahc": w * rp_children * status["rp_poor_ahc"],
        "received": w * received * there,
    }
    pp_sums = {
        "pp_kids": (w * pp_children)[first],
        "pp_poor_kids": (w * pp_children * status["pp_poor_ahc"])[first],
        "parents": (w * private)[first],
        "poor_parents": (w * (private & status["pp_poor_ahc"]))[first],
    }
    rows = []
    for group_by, names in GROUPINGS.items():
        size = len(names)
        by_rp, by_pp = rp_groups[group_by], pp_groups[group_by][first]
        sums = {k: np.bincount(by_rp, weights=v, minlength=size) for k, v in rp_sums.items()}
        sums.update({k: np.bincount(by_pp, weights=v, minlength=size) for k, v in pp_sums.items()})
        for code, name in enumerate(names):
            g = {k: float(v[code]) for k, v in sums.items()}
            kids, families, parents = g["kids"], g["families"], g["parents"]
            values = {
                "families": families,
                "children_in_receiving_households": kids,
                "child_poverty_rate_bhc": g["poor_bhc"] / kids if kids else np.nan,
                "child_poverty_rate_ahc": g["poor_ahc"] / kids if kids else np.nan,
                "children_in_relative_poverty_ahc": g["poor_ahc"],
                "child_poverty_rate_paying_households_ahc": (
                    g["pp_poor_kids"] / g["pp_kids"] if g["pp_kids"] else np.nan
                ),
                "paying_parents_in_relative_poverty_ahc": g["poor_parents"],
                "paying_parents_in_relative_poverty_ahc_share": (
                    g["poor_parents"] / parents if parents else np.nan
                ),
                "maintenance_received_mean_annual_gbp": (
                    g["received"] / families if families else np.nan
                ),
            }
            rows.extend(
                {"group_by": group_by, "group": name, "measure": m, "value": v, "unit": MEASURES[m]}
                for m, v in values.items()
            )
    return pd.DataFrame(rows)
