"""Who the separated families are, month by month, as the run reports them:
the families separated by the month (entrants included) with a qualifying
child, their children, those with no arrangement, the month's separations
and the month's applications to the CMS (and the application fees paid).

A family is a separated family in a month when it has separated (an
entrant, :mod:`simulator.population.entrants`, from its month) and has a
qualifying child: a family whose children have all aged out is no longer
one, nor is an entrant before its month."""

from __future__ import annotations

import numpy as np

from simulator.dynamics.month import MonthFlows
from simulator.dynamics.state import State
from simulator.population.frame import CMS, NO_ARRANGEMENT

__all__ = ["POPULATION_SERIES", "monthly_population"]

#: The monthly table's columns on the separated families -> their meaning.
POPULATION_SERIES = {
    "no_arrangement": "separated families (with a qualifying child) with no arrangement",
    "separated_families": (
        "separated families: separated by this month (entrants included) and with a "
        "qualifying child"
    ),
    "qualifying_children": "qualifying children of the separated families",
    "cms_applications": "families whose paying parent's case was opened this month",
    "cms_applications_domestic_abuse": (
        "of those, families whose receiving parent has disclosed domestic abuse"
    ),
    "families_separating": "families who separated this month (entrants)",
    "application_fees_paid": "application fees paid by receiving parents this month (£)",
}


def monthly_population(state: State, month: MonthFlows) -> dict[str, float]:
    """The month's :data:`POPULATION_SERIES` (GB, weighted)."""
    w, arr = state.frame.weight, state.arrangements
    count = state.children.count()
    separated = count > 0
    # a case opened this month: CMS with no month open yet (every other CMS
    # case has one more each month)
    opened = (arr.arrangement == CMS) & (arr.months_open == 0)
    entered = month.families_entered
    values = {
        "no_arrangement": separated & (arr.arrangement == NO_ARRANGEMENT),
        "separated_families": separated,
        "qualifying_children": count,
        "cms_applications": opened,
        "cms_applications_domestic_abuse": opened & state.frame.domestic_abuse,
        "families_separating": np.zeros(len(w), bool) if entered is None else entered,
        "application_fees_paid": arr.application_fee,
    }
    return {name: float(np.multiply(w, v).sum()) for name, v in values.items()}
