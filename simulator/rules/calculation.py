"""The maintenance calculation in statutory order, for one block of cases.

Order of operations (CSA 1991, Sch. 1, para. 1(2)): choose the rate ->
relevant non-resident children (para. 5A) -> apportion between receiving
parents (para. 6) -> shared care for each receiving parent (paras. 7-8) ->
the £7 aggregate floor (para. 7(7)) -> round each receiving parent's amount
to the penny (reg. 6, see rules.rounding).

:func:`calculate_block` works out a block of cases and returns every
intermediate step, or only what the model needs (the rate, the income used
and the amounts). Inside, arrays per receiving parent are laid out receiving
parent first, (P, n): the short loops and sums over receiving parents then run
on contiguous rows. The results' types are :class:`MaintenanceCalculation` and
:class:`Liability`; :mod:`simulator.rules.engine` runs large batches in blocks
and gives the public functions.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from simulator.inputs.parameters import Parameters
from simulator.rules.apportionment import apportion_by_children
from simulator.rules.rates import (
    BASIC,
    BASIC_PLUS,
    DEFAULT,
    FLAT,
    RATE_NAMES,
    REDUCED,
    basic_rate_weekly,
    default_rate_weekly,
    flat_rate_weekly,
    income_after_relevant_other_children,
    rate_band,
    reduced_rate_weekly,
    relevant_non_resident_children_weekly,
)
from simulator.rules.rounding import round_shares
from simulator.rules.shared_care import (
    benefit_flat_rate_shared_care,
    shared_care_adjustment,
    shared_care_by_receiving_parent,
)
from simulator.rules.variations import (
    diverted_income_allowed_weekly,
    flat_rate_income_variation_applies,
    income_after_variations,
    lifestyle_income_allowed_weekly,
    notional_income_from_assets_weekly,
    special_expenses_allowed_weekly,
    unearned_income_weekly,
)

__all__ = ["Liability", "MaintenanceCalculation", "calculate_block"]


@dataclass(frozen=True)
class Liability:
    """Result of :func:`maintenance_liability`; arrays aligned on cases.

    Shapes: (n,) per case, (n, P) per receiving parent. Money in £ a week.
    """

    rate: np.ndarray  # int8 codes, see rules.rates.RATE_NAMES
    weekly_liability: np.ndarray  # (n,) rounded to the penny
    weekly_liability_by_receiving_parent: np.ndarray  # (n, P) rounded; add up to the total
    income_used_weekly: np.ndarray  # (n,) after variations and the cap

    @property
    def rate_name(self) -> np.ndarray:
        return np.asarray(RATE_NAMES, dtype=object)[self.rate]

    def __len__(self) -> int:
        return self.rate.shape[0]

    def case(self, i: int):
        """The calculation for case ``i`` alone (arrays of length 1)."""
        return type(self)(**{f.name: getattr(self, f.name)[i : i + 1] for f in fields(self)})


@dataclass(frozen=True)
class MaintenanceCalculation(Liability):
    """Result of :func:`maintenance_calculation`: the liability and every step."""

    qualifying_children: np.ndarray  # (n,)
    children_by_receiving_parent: np.ndarray  # (n, P)
    children_for_rate: np.ndarray  # (n,) qualifying + relevant non-resident children
    flat_rate_because_of_benefit: np.ndarray  # (n,) bool
    variations_considered: np.ndarray  # (n,) bool: False where reg. 57 rules them out
    unearned_income_weekly: np.ndarray  # (n,) counted after the threshold
    notional_income_weekly: np.ndarray  # (n,)
    special_expenses_weekly: np.ndarray  # (n,) allowed after the threshold
    income_after_other_children_weekly: np.ndarray  # (n,) para. 2(3) reduction
    amount_at_rate_weekly: np.ndarray  # (n,) before para. 5A
    amount_before_apportionment_weekly: np.ndarray  # (n,) after para. 5A
    shares_before_shared_care_weekly: np.ndarray  # (n, P)
    average_shared_care_fraction: np.ndarray  # (n, P)
    shares_after_shared_care_weekly: np.ndarray  # (n, P) before the para. 7(7) floor
    children_175_plus: np.ndarray  # (n, P)
    floor_applied: np.ndarray  # (n,) bool
    exact_by_receiving_parent_weekly: np.ndarray  # (n, P) unrounded


def _per_case(value, n: int, dtype) -> np.ndarray:
    array = np.asarray(value, dtype=dtype)
    if array.ndim == 0:
        return np.full(n, array, dtype=dtype)
    if array.shape != (n,):
        raise ValueError(f"expected {n} values (one per case), got shape {array.shape}")
    return array


def _where_considered(considered: np.ndarray, value, variation) -> np.ndarray | float:
    """``variation(value)`` where variations are considered, else 0. A single
    0 for all cases (no variation asked for) is 0 without any arithmetic."""
    if np.ndim(value) == 0 and value == 0:
        return 0.0
    return np.where(considered, variation(np.asarray(value, dtype=float)), 0.0)


def calculate_block(
    nights: np.ndarray,
    p: Parameters,
    steps: bool,
    *,
    gross_weekly_income,
    relevant_other_children,
    relevant_non_resident_children,
    flat_rate_benefit,
    partner_also_paying_parent,
    nil_rate_person,
    default_rate,
    unearned_income_annual,
    notional_assets,
    special_expenses_weekly,
    lifestyle_income_weekly,
    diverted_income_weekly=0.0,
    flat_rate_income_weekly=0.0,
) -> dict[str, np.ndarray]:
    """The calculation for one block of cases, in statutory order: (n,)
    arrays per case and (P, n) arrays per receiving parent. ``steps``: keep
    every intermediate step (for explanations), not only the liability."""
    n = nights.shape[0]
    income = _per_case(gross_weekly_income, n, float)
    roc = _per_case(relevant_other_children, n, np.int64)
    rnrc = _per_case(relevant_non_resident_children, n, np.int64)
    benefit = _per_case(flat_rate_benefit, n, bool)
    partner = _per_case(partner_also_paying_parent, n, bool)
    nil_person = _per_case(nil_rate_person, n, bool)
    default = _per_case(default_rate, n, bool)

    shared_care = shared_care_by_receiving_parent(nights, p)
    children = shared_care.children
    qualifying = children.sum(axis=0, dtype=np.int64)
    if n and qualifying.min() < 1:
        raise ValueError("every case needs at least one qualifying child")

    # A variation bringing in income over £100 a week displaces a
    # benefit-based flat rate (reg. 70); the income is then assessed as usual.
    if not (np.ndim(flat_rate_income_weekly) == 0 and flat_rate_income_weekly == 0):
        flat_income = _per_case(flat_rate_income_weekly, n, float)
        displaced = (
            flat_rate_income_variation_applies(benefit, flat_income, p) & ~nil_person & ~default
        )
        income = np.where(displaced, flat_income, income)
        benefit = benefit & ~displaced

    # Variations (Part 5): not for benefit-based flat or nil rates or default
    # decisions (reg. 57(1)).
    considered = ~(benefit | nil_person | default)
    unearned = _where_considered(
        considered, unearned_income_annual, lambda v: unearned_income_weekly(v, p)
    )
    notional = _where_considered(
        considered, notional_assets, lambda v: notional_income_from_assets_weekly(v, p)
    )
    expenses = _where_considered(
        considered, special_expenses_weekly, lambda v: special_expenses_allowed_weekly(v, p)
    )
    lifestyle = _where_considered(
        considered, lifestyle_income_weekly, lambda v: lifestyle_income_allowed_weekly(v, p)
    )
    diverted = _where_considered(
        considered, diverted_income_weekly, lambda v: diverted_income_allowed_weekly(v, p)
    )
    income_used = income_after_variations(
        income, unearned + notional + lifestyle + diverted, expenses, p
    )

    rate = rate_band(income_used, income, benefit, nil_person, default, p)
    children_for_rate = qualifying + rnrc
    after_other_children = income_after_relevant_other_children(income_used, roc, p)
    formula = (rate == REDUCED) | (rate == BASIC) | (rate == BASIC_PLUS)
    amount_at_rate = np.select(
        [rate == FLAT, rate == REDUCED, (rate == BASIC) | (rate == BASIC_PLUS), rate == DEFAULT],
        [
            flat_rate_weekly(benefit & partner, p),
            reduced_rate_weekly(income_used, children_for_rate, roc, p),
            basic_rate_weekly(after_other_children, children_for_rate, p),
            default_rate_weekly(qualifying, p),
        ],
        default=0.0,
    )
    amount = np.where(
        formula,
        relevant_non_resident_children_weekly(amount_at_rate, qualifying, rnrc, p),
        amount_at_rate,
    )

    shares = apportion_by_children(amount, children)
    shared = shared_care_adjustment(shares, shared_care, p)
    benefit_flat = (rate == FLAT) & benefit
    exact = np.where(
        formula,
        shared["amount"],
        np.where(benefit_flat, benefit_flat_rate_shared_care(shares, shared_care), shares),
    )
    total, by_receiving_parent = round_shares(exact, children > 0)
    liability = {
        "rate": rate,
        "weekly_liability": total,
        "weekly_liability_by_receiving_parent": by_receiving_parent,
        "income_used_weekly": income_used,
    }
    if not steps:
        return liability
    return {
        **liability,
        "qualifying_children": qualifying,
        "children_by_receiving_parent": children.astype(np.int64),
        "children_for_rate": children_for_rate,
        "flat_rate_because_of_benefit": benefit_flat,
        "variations_considered": considered,
        "unearned_income_weekly": np.broadcast_to(unearned, (n,)).copy(),
        "notional_income_weekly": np.broadcast_to(notional, (n,)).copy(),
        "special_expenses_weekly": np.broadcast_to(expenses, (n,)).copy(),
        "income_after_other_children_weekly": np.where(formula, after_other_children, income_used),
        "amount_at_rate_weekly": amount_at_rate,
        "amount_before_apportionment_weekly": amount,
        "shares_before_shared_care_weekly": shares,
        "average_shared_care_fraction": np.where(formula, shared_care.average_fraction, 0.0),
        "shares_after_shared_care_weekly": np.where(formula, shared["before_floor"], exact),
        "children_175_plus": np.where(formula, shared_care.children_175_plus, 0).astype(np.int64),
        "floor_applied": formula & shared["floor_applied"],
        "exact_by_receiving_parent_weekly": exact,
    }
