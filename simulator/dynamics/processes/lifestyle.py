"""The lifestyle ground (a reform): income a paying parent hides from HMRC,
deemed part of their income once found.

Only where the law makes the ground available
(``variations.lifestyle_income.available``): paying parents whose hidden
income is at least the unearned-income threshold are referred (by the
receiving parent or the CMS's own checks, ``behaviour.reform``), a share of
the referrals succeed, and after the decision delay a share of the gap
between true and declared income is deemed income in the calculation. A new
application starts the case afresh.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.dynamics.frame import Arrays, Frame
from simulator.dynamics.processes.incomes import PayingParents
from simulator.dynamics.timing import monthly_completion, per_month
from simulator.randomness import KeyedRandom
from simulator.rules.income import weekly_from_annual

__all__ = ["Lifestyle", "initial", "reset", "step"]


@dataclass
class Lifestyle(Arrays):
    """The lifestyle ground for each paying parent (arrays per paying parent)."""

    pending: np.ndarray  # bool, referred and successful, awaiting the decision
    applied: np.ndarray  # bool, deemed income counted
    weekly: np.ndarray  # £ a week of deemed income


def initial(n_units: int) -> Lifestyle:
    return Lifestyle(
        pending=np.zeros(n_units, dtype=bool),
        applied=np.zeros(n_units, dtype=bool),
        weekly=np.zeros(n_units),
    )


def step(
    life: Lifestyle,
    people: PayingParents,
    frame: Frame,
    cms_units: np.ndarray,
    b,
    p,
    rng: KeyedRandom,
    t: int,
) -> np.ndarray:
    """One month for the paying parents with CMS cases (``cms_units``);
    returns the paying parents (bool per unit) whose deemed income was
    decided this month (their liability is worked out again)."""
    decided_units = np.zeros(frame.n_units, dtype=bool)
    if not p.variations.lifestyle_income.available:
        return decided_units
    k = cms_units
    ids = frame.unit_ids[k]
    ref, hid = b.reform, b.hidden_income
    v = p.variations
    gap = np.maximum(
        people.true_earnings[k] + people.true_profit[k] - people.declared_annual()[k], 0.0
    )
    applied, pending = life.applied[k], life.pending[k]
    open_ = (gap >= v.unearned_income.threshold_annual) & ~applied & ~pending
    referred = open_ & (
        rng.uniform_where("lifestyle_referral", ids, open_, t)
        < per_month(ref.lifestyle_detection_annual)
    )
    pending |= referred & (
        rng.uniform_where("lifestyle_success", ids, referred, t)
        < hid.variation_success_given_application
    )
    decided = pending & (
        rng.uniform_where("lifestyle_decision", ids, pending, t)
        < monthly_completion(hid.hidden_income_detection_lag)
    )
    life.weekly[k] = np.where(
        decided, weekly_from_annual(ref.lifestyle_share_of_gap * gap, p), life.weekly[k]
    )
    life.applied[k] = applied | decided
    life.pending[k] = pending & ~decided
    decided_units[k] = decided
    return decided_units


def reset(life: Lifestyle, applied: np.ndarray) -> None:
    """New applications (``applied``: paying parents, bool) start without a
    lifestyle decision."""
    life.applied &= ~applied
    life.pending &= ~applied
    life.weekly = np.where(applied, 0.0, life.weekly)
