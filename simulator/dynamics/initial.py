"""The state at the population date that a snapshot does not carry: the
arrears stock and the deduction from earnings orders in place.

Both are initial conditions worked out once on the whole population (so that
neither depends on how the run is cut into chunks) and handed to the chunks
as two extra population columns:

* ``initial_arrears``: each family's maintenance arrears (GBP), the published
  stock at the population date (B22, ``enforcement.initial_arrears_stock``)
  allocated by :func:`simulator.dynamics.processes.arrears.initial_claims`:
  arrears-only cases hold arrears by construction; ongoing Collect and Pay
  cases hold them with the monthly probability of falling short implied by
  their payment propensity; the amount follows the weekly liability, the
  months on the caseload and that probability.
* ``initial_deo``: a deduction from earnings order in place, drawn once per
  paying parent among the employed Collect and Pay paying parents due to pay
  (not on a flat-rate benefit) with the probability that makes the share of
  all Collect and Pay paying parents due to pay who pay by DEO the published
  one (A12b, ``enforcement.initial_deo_share_due_to_pay``).
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from simulator.dynamics.processes.arrears import initial_claims
from simulator.dynamics.processes.compliance import lasting_latent, logistic
from simulator.errors import SimulatorError
from simulator.inputs.parameters import ParameterSet
from simulator.population import CMS, COLLECT_AND_PAY, EMPLOYEE, Population
from simulator.population.liabilities import cms_liabilities
from simulator.randomness import KeyedRandom

__all__ = ["AVERAGE_DAYS_IN_MONTH", "COLUMNS", "InitialConditionError", "with_initial_conditions"]

#: The extra population columns this module adds.
COLUMNS = ("initial_arrears", "initial_deo", "initial_deo_effective")
#: Days in an average month (365.25 / 12), for months on the caseload.
AVERAGE_DAYS_IN_MONTH = 365.25 / 12


class InitialConditionError(SimulatorError):
    """An initial condition cannot be met by the population."""


def with_initial_conditions(
    pop: Population, values, parameters: ParameterSet, rng: KeyedRandom, law_date: dt.date
) -> Population:
    """``pop`` with the :data:`COLUMNS` added (``values``: the assumption
    register's values of the history; ``rng``: the run's draws). Liabilities
    are worked out under the law in force at ``law_date`` (the last month of
    the history, before any reform starts), so that every run of a comparison
    starts from the same arrears and orders."""
    b, fitted = values.behaviour, values.behaviour_fitted.compliance_fitted
    e, c = b.enforcement, b.compliance
    units = pop.units
    cp = (pop.arrangement == CMS) & (pop.service == COLLECT_AND_PAY)
    arrears_only = cp & pop.arrears_only.astype(bool)
    weekly = np.zeros(len(pop))
    calc = cms_liabilities(Population(dict(pop.columns), pop.seed, law_date), parameters)
    weekly[calc["family_index"]] = calc["weekly_liability"]

    # payment propensity -> the monthly probability of falling short
    latent = c.latent_sd * lasting_latent(rng, units.ids, units.of)
    shortfall_prob = 1.0 - logistic(fitted.collect_and_pay_paying_logit + latent) * logistic(
        c.full_payment_logit + latent
    )
    months = (np.datetime64(pop.date, "D") - pop.case_start.astype("datetime64[D]")).astype(
        float
    ) / AVERAGE_DAYS_IN_MONTH
    arrears = initial_claims(
        weight=pop.weight.astype(float),
        collect_and_pay=cp,
        arrears_only=arrears_only,
        weekly_liability=weekly,
        months_on_caseload=np.where(cp, np.nan_to_num(months), 0.0),
        shortfall_prob=shortfall_prob,
        holder_draw=rng.uniform("initial_arrears_holder", pop.family_id.astype(np.int64)),
        e=e,
    )

    # deduction from earnings orders in place, per paying parent
    first = units.first_family
    unit_weight = pop.weight.astype(float)[first]
    due_unit = np.zeros(units.count, dtype=bool)
    due_unit[units.of[cp & ~arrears_only & (weekly > 0)]] = True
    employed = (pop.pp_employment[first] == EMPLOYEE) & ~pop.pp_flat_rate_benefit[first].astype(
        bool
    )
    eligible = due_unit & employed
    due_weight, eligible_weight = unit_weight[due_unit].sum(), unit_weight[eligible].sum()
    share = e.initial_deo_share_due_to_pay * due_weight / eligible_weight if eligible_weight else 0
    if share > 1.0:
        raise InitialConditionError(
            f"initial_deo_share_due_to_pay ({e.initial_deo_share_due_to_pay:.0%}) is more than "
            f"the employed share of Collect and Pay paying parents due to pay "
            f"({eligible_weight / due_weight:.0%}); lower it in "
            "simulator/inputs/register/behaviour.yaml (enforcement)"
        )
    deo_unit = eligible & (rng.uniform("initial_deo", units.ids) < share)
    effective_unit = (
        rng.uniform("initial_deo_effective", units.ids) < c.deo_payment_prob_while_employed
    )
    deo = deo_unit[units.of] & cp & ~arrears_only & (weekly > 0)
    return pop.with_columns(
        initial_arrears=arrears,
        initial_deo=deo,
        initial_deo_effective=effective_unit[units.of],
    )
