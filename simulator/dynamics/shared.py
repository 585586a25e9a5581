"""Rates set once from the whole population at the start of a run, then held.

A family's path depends only on its paying parent's families, the seed and
these rates, never on which other families are simulated with it (so that the
population can be cut into chunks run apart).

Two of them are balancing rates: closures per service and the formation of
family-based arrangements are set so that the caseload and its split stay
where the population starts. They are a known weakness (they hold the stocks
steady whatever a reform does to the flows) and are marked as such where they
are used.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.dynamics.processes.incomes import out_of_work
from simulator.population import (
    CMS,
    COLLECT_AND_PAY,
    DIRECT_PAY,
    EMPLOYEE,
    FAMILY_BASED,
    NO_ARRANGEMENT,
    Population,
)

__all__ = ["SharedRates"]


@dataclass(frozen=True)
class SharedRates:
    """Rates set from the whole population at the start and then held, so that
    families in different chunks never affect each other (a family's path
    depends only on its paying parent's families, the seed and these)."""

    closure_rates: tuple[float, float]
    long_term_finding: float
    median_earnings: float
    family_based_form_rate: float
    width: int

    @classmethod
    def of(cls, pop: Population, values) -> SharedRates:
        b = values.behaviour
        s, inc = b.service, b.income
        w = pop.weight.astype(float)
        arrangement, service = pop.arrangement, pop.service
        first = pop.receiving_parent_rank == 0

        # closures that keep the caseload and its service split steady:
        # applications (the new-application rate times the families outside
        # the CMS) replace closures, and each service's inflow (its share of new
        # cases plus moves in) equals its outflow (closures plus moves out)
        direct = w[(arrangement == CMS) & (service == DIRECT_PAY)].sum()
        collect = w[(arrangement == CMS) & (service == COLLECT_AND_PAY)].sum()
        applications = s.new_application_monthly * w[arrangement != CMS].sum()
        move, back = s.dp_to_cp_transition, s.collect_and_pay_to_direct_pay_monthly
        new_cp = s.new_case_collect_and_pay_share
        dp_rate = ((1 - new_cp) * applications + back * collect) / direct - move if direct else 0.0
        cp_rate = (new_cp * applications + move * direct) / collect - back if collect else 0.0

        # long-term re-employment that keeps the stock of long-term out-of-work
        # paying parents steady: those leaving work who are still out of work at
        # the long-term mark replace those leaving it
        employment = pop.pp_employment[first]
        employed = w[first][employment == EMPLOYEE].sum()
        out = w[first][out_of_work(employment)].sum()
        if out > 0:
            inflow = (
                inc.employment_exit_prob
                * employed
                * (1 - inc.reemployment_prob) ** (inc.long_term_after_months)
            )
            long_term = float(min(inflow / out, inc.reemployment_prob))
        else:
            long_term = inc.reemployment_prob

        earnings = pop.pp_true_earnings[first]
        median = float(np.median(earnings[earnings > 0])) if (earnings > 0).any() else 0.0

        # family-based arrangements form at the rate that balances breakdowns
        w_fb = w[arrangement == FAMILY_BASED].sum()
        w_none = w[arrangement == NO_ARRANGEMENT].sum()
        form = s.family_based_breakdown_monthly * (w_fb / w_none) if w_none > 0 else 0.0
        return cls(
            closure_rates=(max(dp_rate, 0.0), max(cp_rate, 0.0)),
            long_term_finding=long_term,
            median_earnings=median,
            family_based_form_rate=float(form),
            width=int(pop.receiving_parent_rank.max(initial=0)) + 1,
        )
