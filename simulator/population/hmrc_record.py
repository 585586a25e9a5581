"""The HMRC figure behind each paying parent's CMS calculation at the
population date.

The CMS calculates on the paying parent's historic income: the gross income
HMRC holds for the latest tax year available, typically one to two years old
(SI 2012/2677 regs. 34-36). A snapshot population carries today's income; the
figure HMRC holds differs from it when the parent's income changed by 25% or
more since that tax year, which happens with the register's annual
probability of such a change (``behaviour.income.income_change_ge25_annual_*``)
over the figure's age (``behaviour.reporting.hmrc_income_age_at_review``).
A parent out of work today who had such a change was in work then, at the
pay the generator gives them as an employee (their own draw of earnings,
declared less the hidden share).

The population's liabilities (:mod:`simulator.population.liabilities`, fitted
to the CMS's published money due) and the monthly dynamics' HMRC record
(:mod:`simulator.dynamics.processes.incomes`) both start from this column
(``pp_hmrc_declared_annual``), so that the money due at the population date is
the money the dynamics assess. Draws are keyed to the paying parent.
"""

from __future__ import annotations

import numpy as np

from simulator.population.frame import EMPLOYEE, FLAT_RATE_BENEFIT, NOT_WORKING, SELF_EMPLOYED
from simulator.randomness import KeyedRandom

__all__ = ["MONTHS_IN_YEAR", "hmrc_declared_annual", "large_change_factor"]

#: Months in a year (the figure's age is in months, the hazards are annual).
MONTHS_IN_YEAR = 12


def large_change_factor(
    rng: KeyedRandom,
    inc,
    tolerance: float,
    name: str,
    ids: np.ndarray,
    step: int,
    mask: np.ndarray | None = None,
) -> np.ndarray:
    """Factors for income changes of 25% or more: a log size beyond the
    ``tolerance`` (25%) drawn from an exponential, up or down (1 outside
    ``mask``)."""
    mask = np.ones(len(ids), dtype=bool) if mask is None else mask
    threshold = np.log(1 + tolerance)
    size = threshold - inc.large_change_excess_log_mean * np.log(
        rng.uniform_where(name, ids, mask, step)
    )
    rise = rng.uniform_where(name + "_sign", ids, mask, step) < inc.large_change_rise_share
    return np.where(mask, np.exp(np.where(rise, size, -size)), 1.0)


def hmrc_declared_annual(
    rng: KeyedRandom,
    unit_ids: np.ndarray,
    employment: np.ndarray,
    declared: np.ndarray,
    declared_in_work: np.ndarray,
    b,
    tolerance: float,
) -> np.ndarray:
    """Each paying parent's declared income (earnings and profit, £ a year)
    of the tax year behind the HMRC figure: today's (``declared``), or, with
    the probability of a change of 25% or more (``tolerance``) over the
    figure's age, a different one; for those out of work now, in work then
    (``declared_in_work``: what they would declare as employees). ``b``: the
    behavioural register (``income``, ``reporting``)."""
    inc = b.income
    employed = employment == EMPLOYEE
    self_employed = employment == SELF_EMPLOYED
    annual = np.where(
        self_employed,
        inc.income_change_ge25_annual_selfemployed,
        inc.income_change_ge25_annual_employee,
    )
    age = b.reporting.hmrc_income_age_at_review
    changed = rng.uniform("initial_lag", unit_ids) < 1 - (1 - annual) ** (age / MONTHS_IN_YEAR)
    factor = large_change_factor(rng, inc, tolerance, "initial_lag_size", unit_ids, 0)
    past = np.where(changed & (employed | self_employed), declared / factor, declared)
    out_of_work = (employment == FLAT_RATE_BENEFIT) | (employment == NOT_WORKING)
    return np.where(changed & out_of_work, declared_in_work, past)
