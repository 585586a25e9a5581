"""The lifestyle ground (a reform): income a paying parent hides from HMRC,
deemed part of their income once found.

Only where the law makes the ground available
(``variations.lifestyle_income.available``): paying parents whose hidden
income is at least the unearned-income threshold are referred (by the
receiving parent or the CMS's own checks, ``behaviour.reform``), a share of
the referrals succeed, and after the decision delay a share of the gap
between true and declared income is deemed income in the calculation. A new
application starts the case afresh.

HMRC data matching (a reform, the switch ``hmrc_data_matching``) is the other
route: the CMS matches HMRC and DWP data against the HMRC figure, finds a
self-employed paying parent's undeclared profit at
``behaviour.reform.data_matching_detection_annual`` and, once HMRC's figure is
corrected, adds ``data_matching_share_of_gap`` of the gap to the historic
income the calculation uses (SI 2012/2677 regs. 35-36: the CMS uses the
figure HMRC holds). It is income, not a variation, so the flat rate of a
paying parent on benefit is unaffected (their profit gap is nil).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.dynamics.frame import Arrays, Frame
from simulator.dynamics.processes.incomes import PayingParents
from simulator.dynamics.timing import monthly_completion, per_month
from simulator.randomness import KeyedRandom
from simulator.rules.income import weekly_from_annual

__all__ = ["Lifestyle", "data_matching_step", "initial", "reset", "step"]


@dataclass
class Lifestyle(Arrays):
    """The lifestyle ground for each paying parent (arrays per paying parent)."""

    pending: np.ndarray  # bool, referred and successful, awaiting the decision
    applied: np.ndarray  # bool, deemed income counted
    weekly: np.ndarray  # £ a week of deemed income
    matched: np.ndarray  # bool, hidden profit found by HMRC data matching (a reform)
    matched_weekly: np.ndarray  # £ a week added to the historic income by it


def initial(n_units: int) -> Lifestyle:
    return Lifestyle(
        pending=np.zeros(n_units, dtype=bool),
        applied=np.zeros(n_units, dtype=bool),
        weekly=np.zeros(n_units),
        matched=np.zeros(n_units, dtype=bool),
        matched_weekly=np.zeros(n_units),
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
    # the parent's own income less what reaches HMRC: diverted income is
    # left out (legally someone else's; the reg. 71 ground is its route)
    gap = np.maximum(
        people.true_earnings[k]
        + people.true_profit[k]
        - people.diverted_annual(k)
        - people.declared_annual()[k],
        0.0,
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


def hidden_profit_annual(people: PayingParents, units: np.ndarray) -> np.ndarray:
    """Self-employed profit missing from what reaches HMRC (£ a year): the
    parent's own profit, after any diversion (diverted income is legally
    someone else's, so HMRC data matching does not see it)."""
    own = people.true_profit[units] * (1 - people.diverted_share[units])
    return own * (1 - people.declared_share_profit[units])


def data_matching_step(
    life: Lifestyle,
    people: PayingParents,
    frame: Frame,
    cms_units: np.ndarray,
    b,
    p,
    switches,
    rng: KeyedRandom,
    t: int,
) -> np.ndarray:
    """One month of HMRC data matching (a reform, ``switches.hmrc_data_matching``)
    for the paying parents with CMS cases (``cms_units``): those with hidden
    profit not yet found are found at ``behaviour.reform.data_matching_detection_annual``
    and ``data_matching_share_of_gap`` of it is added to their historic income.
    Returns the paying parents (bool per unit) found this month."""
    found_units = np.zeros(frame.n_units, dtype=bool)
    if not switches.hmrc_data_matching:
        return found_units
    k = cms_units
    ids = frame.unit_ids[k]
    ref = b.reform
    gap = hidden_profit_annual(people, k)
    open_ = (gap > 0) & ~life.matched[k]
    found = open_ & (
        rng.uniform_where("data_matching_detection", ids, open_, t)
        < per_month(ref.data_matching_detection_annual)
    )
    life.matched_weekly[k] = np.where(
        found, weekly_from_annual(ref.data_matching_share_of_gap * gap, p), life.matched_weekly[k]
    )
    life.matched[k] |= found
    found_units[k] = found
    return found_units


def reset(life: Lifestyle, applied: np.ndarray) -> None:
    """New applications (``applied``: paying parents, bool) start without a
    lifestyle decision or data-matching finding."""
    life.applied &= ~applied
    life.pending &= ~applied
    life.weekly = np.where(applied, 0.0, life.weekly)
    life.matched &= ~applied
    life.matched_weekly = np.where(applied, 0.0, life.matched_weekly)
