"""The maintenance calculation: one vectorised call for many cases.

Order of operations (CSA 1991, Sch. 1, para. 1(2)): choose the rate ->
relevant non-resident children (para. 5A) -> apportion between receiving
parents (para. 6) -> shared care for each receiving parent (paras. 7-8) ->
the £7 aggregate floor (para. 7(7)) -> round each receiving parent's amount
to the penny (reg. 6, see rules.rounding).

Every intermediate step is returned, so that the explanation of a case
(``simulator.explain``) narrates this calculation rather than repeating it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from simulator.params import Parameters
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
    income_after_variations,
    lifestyle_income_allowed_weekly,
    notional_income_from_assets_weekly,
    special_expenses_allowed_weekly,
    unearned_income_weekly,
)

__all__ = ["MaintenanceCalculation", "maintenance_calculation"]


@dataclass(frozen=True)
class MaintenanceCalculation:
    """Result of :func:`maintenance_calculation`; arrays aligned on cases.

    Shapes: (n,) per case, (n, P) per receiving parent. Money in £ a week.
    """

    rate: np.ndarray  # int8 codes, see rules.rates.RATE_NAMES
    weekly_liability: np.ndarray  # (n,) rounded to the penny
    weekly_liability_by_receiving_parent: np.ndarray  # (n, P) rounded; add up to the total
    # --- the steps, for explanations and checks
    qualifying_children: np.ndarray  # (n,)
    children_by_receiving_parent: np.ndarray  # (n, P)
    children_for_rate: np.ndarray  # (n,) qualifying + relevant non-resident children
    flat_rate_because_of_benefit: np.ndarray  # (n,) bool
    variations_considered: np.ndarray  # (n,) bool: False where reg. 57 rules them out
    unearned_income_weekly: np.ndarray  # (n,) counted after the threshold
    notional_income_weekly: np.ndarray  # (n,)
    special_expenses_weekly: np.ndarray  # (n,) allowed after the threshold
    income_used_weekly: np.ndarray  # (n,) after variations and the cap
    income_after_other_children_weekly: np.ndarray  # (n,) para. 2(3) reduction
    amount_at_rate_weekly: np.ndarray  # (n,) before para. 5A
    amount_before_apportionment_weekly: np.ndarray  # (n,) after para. 5A
    shares_before_shared_care_weekly: np.ndarray  # (n, P)
    average_shared_care_fraction: np.ndarray  # (n, P)
    shares_after_shared_care_weekly: np.ndarray  # (n, P) before the para. 7(7) floor
    children_175_plus: np.ndarray  # (n, P)
    floor_applied: np.ndarray  # (n,) bool
    exact_by_receiving_parent_weekly: np.ndarray  # (n, P) unrounded

    @property
    def rate_name(self) -> np.ndarray:
        return np.asarray(RATE_NAMES, dtype=object)[self.rate]

    def __len__(self) -> int:
        return self.rate.shape[0]

    def case(self, i: int) -> MaintenanceCalculation:
        """The calculation for case ``i`` alone (arrays of length 1)."""
        return MaintenanceCalculation(
            **{f.name: getattr(self, f.name)[i : i + 1] for f in fields(self)}
        )


#: Batches larger than this are worked out in blocks of this many cases.
CHUNK_CASES = 65_536


def _per_case(value, n: int, dtype) -> np.ndarray:
    array = np.asarray(value, dtype=dtype)
    if array.ndim == 0:
        return np.full(n, array, dtype=dtype)
    if array.shape != (n,):
        raise ValueError(f"expected {n} values (one per case), got shape {array.shape}")
    return array


def maintenance_calculation(
    gross_weekly_income: np.ndarray,
    care_nights: np.ndarray,
    p: Parameters,
    *,
    relevant_other_children: np.ndarray | int = 0,
    relevant_non_resident_children: np.ndarray | int = 0,
    flat_rate_benefit: np.ndarray | bool = False,
    partner_also_paying_parent: np.ndarray | bool = False,
    nil_rate_person: np.ndarray | bool = False,
    default_rate: np.ndarray | bool = False,
    unearned_income_annual: np.ndarray | float = 0.0,
    notional_assets: np.ndarray | float = 0.0,
    special_expenses_weekly: np.ndarray | float = 0.0,
    lifestyle_income_weekly: np.ndarray | float = 0.0,
) -> MaintenanceCalculation:
    """Weekly child maintenance under the GB 2012 scheme for many cases at once.

    Parameters
    ----------
    gross_weekly_income : (n,) £ a week, the paying parent's income before the
        cap and before variations (historic or current, as the caller decides).
    care_nights : (n, P, C) nights a year each qualifying child is expected to
        spend with the paying parent, grouped by receiving parent (P) and child
        (C); negative where there is no child in a slot. A (n, C) array means
        one receiving parent. Every case needs at least one child.
    p : the parameters in force (``load_parameters().at(date)``).
    relevant_other_children, relevant_non_resident_children : counts.
    flat_rate_benefit : the paying parent (or, for the means-tested list, the
        partner) gets a benefit that triggers the flat rate (para. 4(1)(b)-(c)).
    partner_also_paying_parent : for the half flat rate (para. 4(2)).
    nil_rate_person : a prescribed nil-rate person (reg. 45), e.g. a prisoner.
    default_rate : a default maintenance decision (s. 12, reg. 49).
    unearned_income_annual, notional_assets, special_expenses_weekly : grounds
        for a variation (regs. 63-69A). lifestyle_income_weekly: deemed income
        under a lifestyle ground, counted only where a reform brings one in.
        Variations are not considered where the rate is nil or flat because of
        who the paying parent is, or a default decision is in force (reg. 57).
    """
    nights = np.asarray(care_nights)
    if nights.ndim == 2:
        nights = nights[:, None, :]
    if nights.ndim != 3:
        raise ValueError("care_nights must have shape (cases, receiving parents, children)")
    n = nights.shape[0]
    if n > CHUNK_CASES:
        # Large batches in blocks: the same arithmetic case by case, on arrays
        # small enough to stay in the processor's cache (and less memory).
        inputs = {
            "relevant_other_children": relevant_other_children,
            "relevant_non_resident_children": relevant_non_resident_children,
            "flat_rate_benefit": flat_rate_benefit,
            "partner_also_paying_parent": partner_also_paying_parent,
            "nil_rate_person": nil_rate_person,
            "default_rate": default_rate,
            "unearned_income_annual": unearned_income_annual,
            "notional_assets": notional_assets,
            "special_expenses_weekly": special_expenses_weekly,
            "lifestyle_income_weekly": lifestyle_income_weekly,
        }
        income_all = np.asarray(gross_weekly_income, dtype=float)
        for name, value in {"gross_weekly_income": income_all, **inputs}.items():
            if np.ndim(value) and np.shape(value) != (n,):
                raise ValueError(
                    f"{name}: expected {n} values (one per case), got shape {np.shape(value)}"
                )
        blocks = []
        for start in range(0, n, CHUNK_CASES):
            part = slice(start, min(start + CHUNK_CASES, n))
            blocks.append(
                maintenance_calculation(
                    income_all if income_all.ndim == 0 else income_all[part],
                    nights[part],
                    p,
                    **{k: v if np.ndim(v) == 0 else np.asarray(v)[part] for k, v in inputs.items()},
                )
            )
        return MaintenanceCalculation(
            **{
                f.name: np.concatenate([getattr(b, f.name) for b in blocks])
                for f in fields(blocks[0])
            }
        )
    income = _per_case(gross_weekly_income, n, float)
    roc = _per_case(relevant_other_children, n, np.int64)
    rnrc = _per_case(relevant_non_resident_children, n, np.int64)
    benefit = _per_case(flat_rate_benefit, n, bool)
    partner = _per_case(partner_also_paying_parent, n, bool)
    nil_person = _per_case(nil_rate_person, n, bool)
    default = _per_case(default_rate, n, bool)

    shared_care = shared_care_by_receiving_parent(nights, p)
    children = shared_care.children
    qualifying = children.sum(axis=1)
    if n and qualifying.min() < 1:
        raise ValueError("every case needs at least one qualifying child")

    # Variations (Part 5): not for benefit-based flat or nil rates or default
    # decisions (reg. 57(1)).
    considered = ~(benefit | nil_person | default)
    unearned = np.where(
        considered, unearned_income_weekly(_per_case(unearned_income_annual, n, float), p), 0.0
    )
    notional = np.where(
        considered, notional_income_from_assets_weekly(_per_case(notional_assets, n, float), p), 0.0
    )
    expenses = np.where(
        considered,
        special_expenses_allowed_weekly(_per_case(special_expenses_weekly, n, float), p),
        0.0,
    )
    deemed = _per_case(lifestyle_income_weekly, n, float)
    lifestyle = np.where(considered, lifestyle_income_allowed_weekly(deemed, p), 0.0)
    income_used = income_after_variations(income, unearned + notional + lifestyle, expenses, p)

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
        formula[:, None],
        shared["amount"],
        np.where(benefit_flat[:, None], benefit_flat_rate_shared_care(shares, shared_care), shares),
    )
    total, by_receiving_parent = round_shares(exact, children > 0)

    return MaintenanceCalculation(
        rate=rate,
        weekly_liability=total,
        weekly_liability_by_receiving_parent=by_receiving_parent,
        qualifying_children=qualifying,
        children_by_receiving_parent=children,
        children_for_rate=children_for_rate,
        flat_rate_because_of_benefit=benefit_flat,
        variations_considered=considered,
        unearned_income_weekly=unearned,
        notional_income_weekly=notional,
        special_expenses_weekly=expenses,
        income_used_weekly=income_used,
        income_after_other_children_weekly=np.where(formula, after_other_children, income_used),
        amount_at_rate_weekly=amount_at_rate,
        amount_before_apportionment_weekly=amount,
        shares_before_shared_care_weekly=shares,
        average_shared_care_fraction=np.where(formula[:, None], shared_care.average_fraction, 0.0),
        shares_after_shared_care_weekly=np.where(formula[:, None], shared["before_floor"], exact),
        children_175_plus=np.where(formula[:, None], shared_care.children_175_plus, 0),
        floor_applied=formula & shared["floor_applied"],
        exact_by_receiving_parent_weekly=exact,
    )
