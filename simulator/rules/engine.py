"""The rules engine: the statutory calculation for any number of cases.

:func:`maintenance_calculation` returns every intermediate step, so that the
explanation of a case (``simulator.calculator.explain``) narrates this
calculation rather than repeating it. :func:`maintenance_liability` runs the
same calculation and keeps only what the model needs (the rate, the income
used and the amounts): the path the population, the monthly dynamics and
``cms-sim calc`` take.

The calculation itself (:mod:`simulator.rules.calculation`) is pure; this
module only decides how it is run. Large batches are worked out in blocks of
``CHUNK_CASES`` cases, on several threads (numpy releases the interpreter lock
for its arithmetic), each writing its rows of preallocated results; every case
is worked out on its own, so the result does not depend on the blocks or
threads. Results are returned case first, (n, P).
"""

from __future__ import annotations

import inspect
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from simulator.inputs.parameters import Parameters
from simulator.rules.calculation import Liability, MaintenanceCalculation, calculate_block

__all__ = ["CHUNK_CASES", "maintenance_calculation", "maintenance_liability"]


#: Batches larger than this are worked out in blocks of this many cases.
CHUNK_CASES = 65_536
#: Threads working on blocks at once by default (numpy arithmetic runs outside
#: the interpreter lock): the cores this process may use. Callers whose
#: processes already share the cores pass ``threads=1``.
DEFAULT_THREADS = (
    len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
)


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
    diverted_income_weekly: np.ndarray | float = 0.0,
    flat_rate_income_weekly: np.ndarray | float = 0.0,
    threads: int | None = None,
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
        diverted_income_weekly: income diverted to reduce liability, brought
        in by a variation (reg. 71). flat_rate_income_weekly: the income of a
        paying parent on a benefit-based flat rate, brought in by a variation
        (reg. 70): over £100 a week it replaces the flat rate.
        Variations are not considered where the rate is nil or flat because of
        who the paying parent is, or a default decision is in force (reg. 57).
    threads : how many threads work out the blocks of a large batch (default:
        the cores this process may use); never changes a result.
    """
    inputs = {name: value for name, value in locals().items() if name in _CASE_INPUTS}
    return MaintenanceCalculation(
        **_in_blocks(gross_weekly_income, care_nights, p, True, threads, **inputs)
    )


def maintenance_liability(
    gross_weekly_income: np.ndarray,
    care_nights: np.ndarray,
    p: Parameters,
    threads: int | None = None,
    **inputs,
) -> Liability:
    """The same calculation as :func:`maintenance_calculation`, with the same
    inputs and defaults, keeping only the rate, the income used and the weekly
    amounts."""
    unknown = sorted(set(inputs) - set(_CASE_INPUTS))
    if unknown:
        raise TypeError(f"maintenance_liability() got unexpected arguments: {', '.join(unknown)}")
    inputs = {**_CASE_INPUTS, **inputs}
    return Liability(**_in_blocks(gross_weekly_income, care_nights, p, False, threads, **inputs))


#: The inputs given per case (or one value for all), with their defaults: the
#: keyword arguments of maintenance_calculation.
_CASE_INPUTS = {
    name: parameter.default
    for name, parameter in inspect.signature(maintenance_calculation).parameters.items()
    if parameter.kind is inspect.Parameter.KEYWORD_ONLY and name != "threads"
}
maintenance_liability.__signature__ = inspect.signature(maintenance_calculation).replace(
    return_annotation=Liability
)


def _in_blocks(
    gross_weekly_income, care_nights, p: Parameters, steps: bool, threads: int | None, **inputs
) -> dict:
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
        return _case_first(calculate_block(nights, p, steps, **inputs))

    def block(start: int, stop: int) -> tuple[slice, dict]:
        part = slice(start, stop)
        values = {k: v if np.ndim(v) == 0 else np.asarray(v)[part] for k, v in inputs.items()}
        return part, calculate_block(nights[part], p, steps, **values)

    # The first case alone gives the type and shape of every result.
    _, probe = block(0, 1)
    results = {k: np.empty((n, *v.shape[:-1]), dtype=v.dtype) for k, v in probe.items()}

    # Blocks of at most CHUNK_CASES cases, as many as a multiple of the threads
    # (so that the threads finish together), of equal size.
    threads = max(1, DEFAULT_THREADS if threads is None else threads)
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
