"""One family under current law and a reform: the maintenance calculation
(with the calculator's step-by-step explanation), collection fees, what each
household ends up with a week, and whether it is above the poverty line.

Used by the dashboard's household view; the calculation is the rules engine's
(through :func:`simulator.calculator.explain.explain_case`), the fees the rules' fee
functions, the equivalence scales and poverty lines the HBAI parameters.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.calculator.batch import cases_from_frame
from simulator.calculator.explain import explain_case
from simulator.inputs.parameters import ParameterSet
from simulator.rules.fees import paying_parent_collection_fee, receiving_parent_collection_fee
from simulator.rules.taxben import equivalence_scale

__all__ = ["Household", "HouseholdResult", "household_outcome"]

DAYS_IN_WEEK = 7


@dataclass(frozen=True)
class Household:
    """Both households' weekly net incomes before maintenance (BHC) and housing
    costs, and who lives in them (for the equivalence scale)."""

    receiving_net_weekly: float
    receiving_housing_weekly: float
    receiving_adults: int
    receiving_child_ages: tuple[int, ...]
    paying_net_weekly: float
    paying_housing_weekly: float
    paying_adults: int
    paying_child_ages: tuple[int, ...]
    collect_and_pay: bool
    domestic_abuse: bool = False


@dataclass(frozen=True)
class HouseholdResult:
    weekly_liability: float
    rate: str
    steps: list
    paying_parent_fee_weekly: float
    receiving_parent_fee_weekly: float
    received_weekly: float
    paid_weekly: float
    receiving: dict  # basis -> {"income", "equivalised", "line", "poor"}
    paying: dict


def household_outcome(
    case_row: dict[str, str],
    parameters: ParameterSet,
    household: Household,
    poverty_lines: dict[str, float],
) -> HouseholdResult:
    """The case (a calculator row, as text) and the two households under
    ``parameters``. ``poverty_lines``: weekly equivalised lines, keys ``bhc``
    and ``ahc`` (the dashboard takes them from its population)."""
    import pandas as pd

    from simulator.rules import RATE_NAMES

    cases = cases_from_frame(pd.DataFrame([case_row]), "the household", np.array([0]))
    calc, steps = explain_case(cases, parameters)
    p = parameters.at(cases.effective_date[0])
    weekly = float(calc.weekly_liability[0])
    shares = calc.weekly_liability_by_receiving_parent[0]
    first = float(shares[0]) if len(shares) else weekly
    if household.collect_and_pay:
        pp_fee = float(paying_parent_collection_fee(np.array([first]), DAYS_IN_WEEK, p)[0])
        rp_fee = float(
            receiving_parent_collection_fee(np.array([first]), p, household.domestic_abuse)[0]
        )
    else:
        pp_fee = rp_fee = 0.0
    received = first - rp_fee
    paid = weekly + (pp_fee / first * weekly if first else 0.0)
    scales = p.hbai.equivalence_scale

    def side(net: float, housing: float, adults: int, ages: tuple[int, ...], change: float):
        ages_array = np.array([list(ages) or [-1]])
        out = {}
        for basis in ("bhc", "ahc"):
            weights = np.asarray(getattr(scales, basis), dtype=float)
            scale = float(
                equivalence_scale(np.array([adults]), ages_array, weights, scales.older_child_age)[
                    0
                ]
            )
            income = net + change - (housing if basis == "ahc" else 0.0)
            out[basis] = {
                "income": income,
                "equivalised": income / scale,
                "line": poverty_lines[basis],
                "poor": income / scale < poverty_lines[basis],
            }
        return out

    return HouseholdResult(
        weekly_liability=weekly,
        rate=RATE_NAMES[int(calc.rate[0])].replace("_", " "),
        steps=steps,
        paying_parent_fee_weekly=pp_fee,
        receiving_parent_fee_weekly=rp_fee,
        received_weekly=received,
        paid_weekly=paid,
        receiving=side(
            household.receiving_net_weekly,
            household.receiving_housing_weekly,
            household.receiving_adults,
            household.receiving_child_ages,
            received,
        ),
        paying=side(
            household.paying_net_weekly,
            household.paying_housing_weekly,
            household.paying_adults,
            household.paying_child_ages,
            -paid,
        ),
    )
