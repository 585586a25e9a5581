"""Liabilities: the weekly maintenance each CMS family is due, from the
statutory rules engine (:func:`simulator.rules.maintenance_liability`) on the
case as the CMS knows it — never re-implemented here.

A paying parent's liability is worked out again only when something it
depends on changed (the assessed income, the benefit status, a variation, the
relevant other children, a new case) or the law changed; otherwise it stands.
Family-based arrangements are priced the same way, on the paying parent's
true income, times the agreed-amount ratio.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.dynamics.frame import Arrays, Frame
from simulator.dynamics.processes.incomes import PayingParents
from simulator.dynamics.processes.knowledge import Assessment
from simulator.dynamics.processes.lifestyle import Lifestyle
from simulator.population import CMS, FLAT_RATE_BENEFIT
from simulator.rules import maintenance_liability
from simulator.rules.income import weekly_from_annual

__all__ = ["Liabilities", "calculate", "family_based_weekly", "initial", "step"]


@dataclass
class Liabilities(Arrays):
    """Each CMS family's weekly liability, and which paying parents need it
    worked out again."""

    weekly: np.ndarray  # (families,) £ a week; 0 outside the CMS
    recalculate: np.ndarray  # (units,) bool
    period: object  # the date from which the law in use is in force


def initial(frame: Frame) -> Liabilities:
    return Liabilities(
        weekly=np.zeros(frame.n), recalculate=np.ones(frame.n_units, dtype=bool), period=None
    )


def calculate(
    units: np.ndarray,
    frame: Frame,
    people: PayingParents,
    a: Assessment,
    life: Lifestyle,
    p,
    true_income: bool = False,
    threads: int | None = None,
    payable: np.ndarray | None = None,
    qualifying: np.ndarray | None = None,
):
    """The statutory calculation for paying parents ``units``: on the case as
    the CMS knows it, or (``true_income``) on true income with no variation.
    ``payable`` (per family, bool): the families with a maintenance
    calculation in force; the children of the others (a closed case, a case
    open for arrears only) are not qualifying children of this calculation
    (CSA 1991 s. 3 and Sch. 1 para. 6: apportionment among the receiving
    parents of the calculation). ``qualifying`` (families, child slots; bool,
    :attr:`Children.qualifying <simulator.dynamics.processes.children.Children>`):
    the children who are still qualifying children (CSA 1991 s. 55); a child
    who has aged out counts neither in the number of children, nor in the
    apportionment, nor in shared care."""
    if true_income:
        income = people.true_income_weekly(p, units)
        benefit = people.employment[units] == FLAT_RATE_BENEFIT
        unearned = np.zeros(len(units))
        assets = np.zeros(len(units))
        lifestyle = np.zeros(len(units))
        diverted = np.zeros(len(units))
        # on true income the CMS would know cash-in-hand work too (reg. 70)
        flat_income = weekly_from_annual(people.cash_in_hand_annual(units), p)
    else:
        # historic income, with any profit HMRC data matching found (a reform)
        income = a.assessed_weekly[units] + life.matched_weekly[units]
        benefit = a.known_benefit[units]
        applied = a.variation_applied[units]
        unearned = np.where(applied, people.unearned[units], 0.0)
        assets = np.where(applied, people.assets[units], 0.0)
        lifestyle = life.weekly[units]
        # income brought in by a diversion (reg. 71) or reg. 70 variation
        diverted = np.where(a.diversion_applied[units], a.diverted_weekly[units], 0.0)
        flat_income = np.where(
            a.flat_income_applied[units],
            weekly_from_annual(people.cash_in_hand_annual(units), p),
            0.0,
        )
    nights = frame.nights[units]
    if payable is not None:
        in_units = np.zeros(frame.n_units, dtype=bool)
        in_units[units] = True
        left_out = np.flatnonzero(in_units[frame.unit_of] & ~payable)
        nights[np.searchsorted(units, frame.unit_of[left_out]), frame.rank[left_out]] = -1
    if qualifying is not None:
        _drop_non_qualifying(nights, units, frame, qualifying)
    return maintenance_liability(
        income,
        nights,
        p,
        relevant_other_children=people.roc[units],
        relevant_non_resident_children=people.rnrc[units],
        flat_rate_benefit=benefit,
        nil_rate_person=people.nil_rate[units],
        unearned_income_annual=unearned,
        notional_assets=assets,
        lifestyle_income_weekly=lifestyle,
        diverted_income_weekly=diverted,
        flat_rate_income_weekly=flat_income,
        threads=threads,
    )


def _drop_non_qualifying(
    nights: np.ndarray, units: np.ndarray, frame: Frame, qualifying: np.ndarray
) -> None:
    """Mark as empty (-1) in ``nights`` (the rows of ``units``) the child slots
    of children who no longer qualify."""
    in_units = np.zeros(frame.n_units, dtype=bool)
    in_units[units] = True
    families = np.flatnonzero(in_units[frame.unit_of])
    local, slots = np.nonzero(~qualifying[families])
    rows = families[local]
    if rows.size:
        position = np.searchsorted(units, frame.unit_of[rows])
        nights[position, frame.rank[rows], slots] = -1


def family_based_weekly(
    families: np.ndarray,
    frame: Frame,
    people: PayingParents,
    a: Assessment,
    life: Lifestyle,
    ratio: float,
    p,
    threads: int | None = None,
    qualifying: np.ndarray | None = None,
) -> np.ndarray:
    """The agreed weekly amount of new family-based arrangements
    (``families``): the statutory calculation on the paying parent's true
    income times the agreed-amount ratio (counting the ``qualifying``
    children only, when given)."""
    if families.size == 0:
        return np.zeros(0)
    units, position = frame.units.select(families)
    calc = calculate(
        units, frame, people, a, life, p, true_income=True, threads=threads, qualifying=qualifying
    )
    return calc.weekly_liability_by_receiving_parent[position, frame.rank[families]] * ratio


def step(
    liab: Liabilities,
    arrangement: np.ndarray,
    arrears_only: np.ndarray,
    frame: Frame,
    people: PayingParents,
    a: Assessment,
    life: Lifestyle,
    p,
    threads: int | None = None,
    qualifying: np.ndarray | None = None,
) -> None:
    """Work out again the liabilities of the CMS paying parents marked for it,
    for their ``qualifying`` children (families, child slots; all when not
    given); nothing is due outside the CMS or on a case open for arrears only."""
    cms = (arrangement == CMS) & ~arrears_only
    cms_unit = np.zeros(frame.n_units, dtype=bool)
    cms_unit[frame.unit_of[cms]] = True
    units = np.flatnonzero(liab.recalculate & cms_unit)
    if units.size:
        calc = calculate(
            units, frame, people, a, life, p, threads=threads, payable=cms, qualifying=qualifying
        )
        slot = calc.weekly_liability_by_receiving_parent
        dirty = np.zeros(frame.n_units, dtype=bool)
        dirty[units] = True
        families = np.flatnonzero(dirty[frame.unit_of] & cms)
        position = np.searchsorted(units, frame.unit_of[families])
        liab.weekly[families] = slot[position, frame.rank[families]]
    liab.weekly[~cms] = 0.0
    liab.recalculate[:] = False
