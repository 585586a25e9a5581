"""The maintenance calculation: one vectorised call for many cases.

Order of operations (CSA 1991, Sch. 1, para. 1(2)): choose the rate ->
relevant non-resident children (para. 5A) -> apportion between receiving
parents (para. 6) -> shared care for each receiving parent (paras. 7-8) ->
the £7 aggregate floor (para. 7(7)) -> round each receiving parent's amount
to the penny (reg. 6, see rules.rounding).

:func:`maintenance_calculation` returns every intermediate step, so that the
explanation of a case (``simulator.calculator.explain``) narrates this calculation rather
than repeating it. :func:`maintenance_liability` runs the same calculation and
keeps only what the model needs (the rate, the income used and the amounts):
the path the population, the monthly dynamics and ``cms-sim calc`` take.

Inside, arrays per receiving parent are laid out receiving parent first,
(P, n): the engine's short loops and sums over receiving parents then run on
contiguous rows. Results are returned case first, (n, P). Large batches are
worked out in blocks of ``CHUNK_CASES`` cases, on all cores (numpy releases
the interpreter lock for its arithmetic); every case is worked out on its own,
so the result does not depend on the blocks or threads.
"""

from __future__ import annotations

import inspect
import os
from concurrent.futures import ThreadPoolExecutor
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
    income_after_variations,
    lifestyle_income_allowed_weekly,
    notional_income_from_assets_weekly,
    special_expenses_allowed_weekly,
    unearned_income_weekly,
)

__all__ = [
    "Liability",
    "MaintenanceCalculation",
    "maintenance_calculation",
    "maintenance_liability",
]


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


#: Batches larger than this are worked out in blocks of this many cases.
CHUNK_CASES = 65_536
#: Threads working on blocks at once (numpy arithmetic runs outside the
#: interpreter lock). Set to 1 where processes already share the cores.
THREADS = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()


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
    """Weekly child maintenance under the GB 2012 scheme for many cases at once,
    with every step of the calculation.

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
    inputs = {name: value for name, value in locals().items() if name in _CASE_INPUTS}
    return MaintenanceCalculation(
        **_in_blocks(gross_weekly_income, care_nights, p, steps=True, **inputs)
    )


def maintenance_liability(
    gross_weekly_income: np.ndarray, care_nights: np.ndarray, p: Parameters, **inputs
) -> Liability:
    """The same calculation as :func:`maintenance_calculation`, with the same
    inputs and defaults, keeping only the rate, the income used and the weekly
    amounts."""
    unknown = sorted(set(inputs) - set(_CASE_INPUTS))
    if unknown:
        raise TypeError(f"maintenance_liability() got unexpected arguments: {', '.join(unknown)}")
    inputs = {**_CASE_INPUTS, **inputs}
    return Liability(**_in_blocks(gross_weekly_income, care_nights, p, steps=False, **inputs))


#: The inputs given per case (or one value for all), with their defaults: the
#: keyword arguments of maintenance_calculation.
_CASE_INPUTS = {
    name: parameter.default
    for name, parameter in inspect.signature(maintenance_calculation).parameters.items()
    if parameter.kind is inspect.Parameter.KEYWORD_ONLY
}
maintenance_liability.__signature__ = inspect.signature(maintenance_calculation).replace(
    return_annotation=Liability
)


def _in_blocks(gross_weekly_income, care_nights, p: Parameters, steps: bool, **inputs) -> dict:
    """Check the shapes, then work the cases out block by block on all cores,
    each block writing into its rows of the (preallocated) results."""
    nights = np.asarray(care_nights)
    if nights.ndim == 2:
        nights = nights[:, None, :]
    if nights.ndim != 3:
        raise ValueError("care_nights must have shape (cases, receiving parents, children)")
    n = nights.shape[0]
    income = np.asarray(gross_weekly_income, dtype=float)
    inputs = {"gross_weekly_income": income, **inputs}
    for name, value in inputs.items():
        if np.ndim(value) and np.shape(value) != (n,):
            raise ValueError(
                f"{name}: expected {n} values (one per case), got shape {np.shape(value)}"
            )
    if n <= CHUNK_CASES:
        return _case_first(_calculate(nights, p, steps, **inputs))

    def block(start: int, stop: int) -> tuple[slice, dict]:
        part = slice(start, stop)
        values = {k: v if np.ndim(v) == 0 else np.asarray(v)[part] for k, v in inputs.items()}
        return part, _calculate(nights[part], p, steps, **values)

    # The first case alone gives the type and shape of every result.
    _, probe = block(0, 1)
    results = {k: np.empty((n, *v.shape[:-1]), dtype=v.dtype) for k, v in probe.items()}

    # Blocks of at most CHUNK_CASES cases, as many as a multiple of the threads
    # (so that the threads finish together), of equal size.
    threads = max(1, THREADS)
    count = -(-n // CHUNK_CASES)
    count = -(-count // threads) * threads
    size = -(-n // count)
    starts = range(0, n, size)

    def keep(start: int) -> None:
        part, values = block(start, min(start + size, n))
        for k, v in values.items():
            results[k][part] = v.T

    if threads == 1:
        for start in starts:
            keep(start)
    else:
        with ThreadPoolExecutor(threads) as pool:
            for done in pool.map(keep, starts):
                del done
    return results


def _case_first(values: dict) -> dict:
    """Per-receiving-parent results (P, n) returned case first, (n, P)."""
    return {k: np.ascontiguousarray(v.T) if v.ndim == 2 else v for k, v in values.items()}


def _where_considered(considered: np.ndarray, value, variation) -> np.ndarray | float:
    """``variation(value)`` where variations are considered, else 0. A single
    0 for all cases (no variation asked for) is 0 without any arithmetic."""
    if np.ndim(value) == 0 and value == 0:
        return 0.0
    return np.where(considered, variation(np.asarray(value, dtype=float)), 0.0)


def _calculate(
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
) -> dict[str, np.ndarray]:
    """The calculation for one block of cases: (n,) arrays per case and
    (P, n) arrays per receiving parent."""
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
