"""The formula review's derivation: the rates of child support maintenance
set from the cost of a child, given the paying parent's share of it.

The one-child basic rate is the share of CPAG's lone-parent basic cost of a
child a week that a paying parent on median full-time earnings pays; the
rates for two and three or more children and the basic-plus rates keep
today's proportions (SI 2012/2677 reg. 44 and Sch.); the reduced rate keeps
the statute's design (reg. 43): it joins the flat rate at the lower income
limit and the basic rate at the upper one, for each number of relevant other
children (the reduced-rate table is this rule). The published figures are in
``cost_of_a_child.yaml`` beside this file.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from simulator.inputs.yamlio import read_yaml

__all__ = ["CostOfAChild", "cost_of_a_child", "implied_share", "rates_for_share"]

#: Rates are stated to a tenth of a percentage point, as the statute states them.
DECIMALS = 3
#: Days in a year over days in a week: weeks in an average year (leap years included).
WEEKS_IN_YEAR = 365.25 / 7


@dataclass(frozen=True)
class CostOfAChild:
    """The published figures (``cost_of_a_child.yaml``)."""

    cost_gbp: float
    years: float
    median_weekly_earnings_gbp: float

    @property
    def weekly_gbp(self) -> float:
        """The cost of a child a week over its years."""
        return self.cost_gbp / self.years / WEEKS_IN_YEAR


@functools.cache
def cost_of_a_child() -> CostOfAChild:
    path = Path(str(resources.files("simulator.scenarios") / "cost_of_a_child.yaml"))
    tree = read_yaml(path)
    return CostOfAChild(
        cost_gbp=float(tree["cost_of_a_child_gbp"]["value"]),
        years=float(tree["years"]["value"]),
        median_weekly_earnings_gbp=float(tree["median_weekly_earnings_gbp"]["value"]),
    )


def implied_share(law) -> float:
    """The share of the cost of a child that ``law``'s one-child basic rate
    takes from median full-time earnings (today 12% x GBP 766.60 = 71% of
    GBP 129.90 a week)."""
    c = cost_of_a_child()
    return float(law.rates.basic_rate.percentages[0]) * c.median_weekly_earnings_gbp / c.weekly_gbp


def rates_for_share(law, share: float) -> dict[str, list]:
    """The basic, basic-plus and reduced rates (as the statutory parameters
    ``rates.basic_rate.percentages``, ``rates.basic_rate.plus_percentages`` and
    ``rates.reduced_rate.percentages`` store them) at which a paying parent on
    median earnings with one child pays ``share`` of the cost of a child,
    keeping ``law``'s proportions, flat rate, income limits and
    relevant-other-children reductions."""
    c = cost_of_a_child()
    r = law.rates
    one_child = share * c.weekly_gbp / c.median_weekly_earnings_gbp
    factor = one_child / r.basic_rate.percentages[0]
    basic = np.round(np.asarray(r.basic_rate.percentages) * factor, DECIMALS)
    plus = np.round(np.asarray(r.basic_rate.plus_percentages) * factor, DECIMALS)
    low, high = r.reduced_rate.lower_income_limit, r.reduced_rate.upper_income_limit
    roc = np.concatenate([[0.0], r.relevant_other_children.reductions])
    reduced = (high * (1 - roc)[None, :] * basic[:, None] - r.flat_rate.amount) / (high - low)
    return {
        "rates.basic_rate.percentages": [float(x) for x in basic],
        "rates.basic_rate.plus_percentages": [float(x) for x in plus],
        "rates.reduced_rate.percentages": [
            [float(x) for x in row] for row in np.round(reduced, DECIMALS)
        ],
    }
