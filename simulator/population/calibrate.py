"""Calibration: weights matched to the published calibration targets.

Method: entropy calibration (minimum Kullback-Leibler distance from the design
weights) of paying-parent units — all the families of one paying parent keep
one weight, so the paying parent's several receiving parents stay consistent.
The fitted constraints are the rows of ``data/targets.csv`` whose
``treatment`` is ``fitted`` (:mod:`simulator.population.targets`): totals
(families, children, CMS arrangements...) and shares (Direct Pay share,
employment rate...) written as linear constraints on the weights. The dual
problem is solved by Newton's method (convex; the linear algebra written out
in numpy, below), which converges in a few iterations.

For a full-GB population with a weight of one per family, the calibrated
weights are then integerised: each paying-parent unit is kept floor(w) times
plus once more with probability frac(w) (a keyed draw), copies getting new ids.
"""

from __future__ import annotations

import numpy as np

from simulator.population.frame import Population
from simulator.population.targets import (
    FIT_TOLERANCE,
    MEASURES,
    CalibrationError,
    Target,
    load_targets,
    measure,
)
from simulator.randomness import KeyedRandom

__all__ = ["ID_STRIDE", "calibrate", "integerise", "integerise_consuming"]

#: Ids of integerised copies: original id + copy number x this stride.
ID_STRIDE = 10**10


# Linear algebra written out with numpy's elementwise products and pairwise
# sums, not BLAS or LAPACK: their results can differ in the last bits with the
# number of threads or the processor, and the population must be identical on
# every machine (and in every worker process of a sweep).


def _dot(a: np.ndarray, b: np.ndarray, scratch: np.ndarray | None = None) -> float:
    """sum(a x b); ``scratch``: an array of the products' shape to hold them
    (the same products and the same pairwise sum, without a new array)."""
    if scratch is None:
        return float(np.sum(a * b))
    return float(np.sum(np.multiply(a, b, out=scratch)))


def _matvec(x: np.ndarray, v: np.ndarray) -> np.ndarray:
    out = np.zeros(x.shape[0])
    for j in range(x.shape[1]):
        out += x[:, j] * v[j]
    return out


def _xtw(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    scratch = np.empty(x.shape[0])
    return np.array([_dot(x[:, j], w, scratch) for j in range(x.shape[1])])


def _gram(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """x' diag(w) x."""
    k = x.shape[1]
    out = np.empty((k, k))
    wx, scratch = np.empty(x.shape[0]), np.empty(x.shape[0])
    for i in range(k):
        np.multiply(w, x[:, i], out=wx)
        for j in range(i, k):
            out[i, j] = out[j, i] = _dot(wx, x[:, j], scratch)
    return out


def _solve(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Solve a x = b by Gaussian elimination with partial pivoting (a is small);
    a direction with no curvature (a collinear target) gets no step."""
    a = np.array(a, dtype=float)
    b = np.array(b, dtype=float)
    k = len(b)
    scale = max(float(np.max(np.abs(a))), 1e-300)
    for col in range(k):
        pivot = col + int(np.argmax(np.abs(a[col:, col])))
        if pivot != col:
            a[[col, pivot]] = a[[pivot, col]]
            b[[col, pivot]] = b[[pivot, col]]
        if abs(a[col, col]) <= 1e-12 * scale:
            a[col, :] = 0.0
            a[col, col] = 1.0
            b[col] = 0.0
            continue
        factor = a[col + 1 :, col] / a[col, col]
        a[col + 1 :, col:] -= factor[:, None] * a[col, col:][None, :]
        b[col + 1 :] -= factor * b[col]
    x = np.zeros(k)
    for row in range(k - 1, -1, -1):
        x[row] = (b[row] - _dot(a[row, row + 1 :], x[row + 1 :])) / a[row, row]
    return x


def calibrate(
    pop: Population,
    targets: list[Target] | None = None,
    *,
    max_iterations: int = 100,
    tolerance: float = 1e-10,
) -> Population:
    """Weights matched exactly (to ``tolerance``) to every fitted target, as
    close as possible to the current weights. Raises CalibrationError if the
    targets cannot be met (e.g. a share no family can reach).

    The targets describe the families at the population date: entrants
    (families who separate later, ``enters_month`` over 0) are left out of
    the fit and keep their weights."""
    there = pop.enters == 0
    if not there.all():
        fitted = calibrate(
            _families_there(pop, there), targets, max_iterations=max_iterations, tolerance=tolerance
        )
        weight = np.array(pop.weight, dtype=float)
        weight[there] = fitted.weight
        return Population(
            {**pop.columns, "weight": weight},
            pop.seed,
            pop.date,
            {**pop.metadata, "weights": "calibrated"},
        )
    targets = load_targets() if targets is None else targets
    fitted = [t for t in targets if t.treatment == "fitted"]
    index, n_units = pop.units.of, pop.units.count
    columns, goals = [], []
    design = np.bincount(index, weights=pop.weight, minlength=n_units) / np.bincount(
        index, minlength=n_units
    )
    for t in fitted:
        m = MEASURES[t.measure]
        numerator = np.bincount(
            index, weights=np.asarray(m.numerator(pop), dtype=float), minlength=n_units
        )
        if m.denominator is None:
            # a total: scaled so that the goal is 1
            columns.append(numerator / t.value)
            goals.append(1.0)
        else:
            # a share s: sum w (numerator - s denominator) = 0, scaled by the
            # denominator's current total
            denominator = np.bincount(
                index, weights=np.asarray(m.denominator(pop), dtype=float), minlength=n_units
            )
            base = _dot(design, denominator)
            if base <= 0:
                raise CalibrationError(
                    f"target {t.id}: no family is in the denominator of '{t.measure}'"
                )
            columns.append((numerator - t.value * denominator) / base)
            goals.append(0.0)
    x = np.empty((n_units, len(columns)), order="F")  # columns contiguous
    for j, column in enumerate(columns):
        x[:, j] = column
    del columns
    goal = np.asarray(goals)
    lam = np.zeros(x.shape[1])
    for _ in range(max_iterations):
        w = design * np.exp(np.clip(_matvec(x, lam), -50, 50))
        gradient = _xtw(x, w) - goal
        if np.max(np.abs(gradient)) < tolerance:
            break
        step = _solve(_gram(x, w), gradient)
        objective = w.sum() - _dot(lam, goal)
        t = 1.0
        while t > 1e-8:
            trial = lam - t * step
            w_trial = design * np.exp(np.clip(_matvec(x, trial), -50, 50))
            if w_trial.sum() - _dot(trial, goal) <= objective:
                break
            t /= 2
        lam = lam - t * step
    else:
        raise CalibrationError(
            "calibration did not converge; the fitted targets may be "
            "inconsistent with each other or with the population"
        )
    w = design * np.exp(np.clip(_matvec(x, lam), -50, 50))
    gaps = [abs(measure(pop, t.measure, w[index]) / t.value - 1) for t in fitted if t.value]
    if max(gaps, default=0.0) > FIT_TOLERANCE:
        raise CalibrationError(
            "calibration stopped with a fitted target more than 2% away; check data/targets.csv"
        )
    return Population(
        {**pop.columns, "weight": w[index]},
        pop.seed,
        pop.date,
        {**pop.metadata, "weights": "calibrated"},
    )


def _families_there(pop: Population, there: np.ndarray) -> Population:
    """The families at the population date (``there``): views of the columns
    when they come first, as the synthesised populations' do (the entrants
    follow them), else a copy (:meth:`Population.take`). The same values
    either way; the calibration only reads them."""
    count = int(np.count_nonzero(there))
    if there[:count].all():
        return Population(
            {name: values[:count] for name, values in pop.columns.items()},
            pop.seed,
            pop.date,
            pop.metadata,
        )
    return pop.take(there)


def integerise(pop: Population) -> Population:
    """A population with a weight of exactly one per family: each paying-parent
    unit kept floor(w) times and once more with probability frac(w) (keyed,
    so deterministic); copies get ids offset by ID_STRIDE x copy number."""
    return _integerise(dict(pop.columns), pop.units, pop.seed, pop.date, dict(pop.metadata))


def integerise_consuming(pop: Population) -> Population:
    """:func:`integerise` for a caller that drops ``pop`` at once: its columns
    are released one by one as their copies are made (the same population;
    the memory of each column the next ones can reuse). ``pop`` is emptied."""
    columns = dict(pop.columns)
    args = (pop.units, pop.seed, pop.date, dict(pop.metadata))
    object.__setattr__(pop, "columns", {})  # the caller's population holds none of them now
    return _integerise(columns, *args, consume=True)


def _integerise(
    columns: dict, units, seed: int, date, metadata: dict, consume: bool = False
) -> Population:
    """:func:`integerise` on ``columns`` (``units``: their paying-parent units);
    ``consume``: ``columns`` is emptied as each column is copied."""
    index, n_units = units.of, units.count
    weight = columns["weight"]
    unit_weight = np.bincount(index, weights=weight, minlength=n_units) / np.bincount(
        index, minlength=n_units
    )
    unit_ids = units.ids
    extra = KeyedRandom(seed).uniform("integerise", unit_ids) < unit_weight - np.floor(unit_weight)
    copies = (np.floor(unit_weight) + extra).astype(np.int64)
    family_copies = copies[index]
    rows = np.repeat(np.arange(len(weight)), family_copies)
    copy_number = np.arange(len(rows)) - np.repeat(
        np.cumsum(family_copies) - family_copies, family_copies
    )
    # the copies in the order of their paying parents' ids and ranks, found on
    # the two sort keys alone so that every column is gathered once
    paying_parent_id = columns["paying_parent_id"][rows] + copy_number * ID_STRIDE
    order = np.lexsort((columns["receiving_parent_rank"][rows], paying_parent_id))
    rows, copy_number = rows[order], copy_number[order]
    del weight
    out = {}
    for name in list(columns):
        values = columns.pop(name) if consume else columns[name]
        out[name] = values[rows]
        del values
    out["family_id"] = out["family_id"] + copy_number * ID_STRIDE
    out["paying_parent_id"] = paying_parent_id[order]
    out["weight"] = np.ones(len(rows))
    return Population(
        out,
        seed,
        date,
        {**metadata, "weights": "integerised", "families": len(rows)},
    )
