"""Calibration: weights matched to the published calibration targets, and the
calibration report.

Method: entropy calibration (minimum Kullback-Leibler distance from the design
weights) of paying-parent units — all the families of one paying parent keep
one weight, so the paying parent's several receiving parents stay consistent.
The fitted constraints are the rows of ``data/targets.csv`` whose
``treatment`` is ``fitted``: totals (families, children, CMS arrangements...)
and shares (Direct Pay share, employment rate...) written as linear
constraints on the weights. The dual problem is solved by Newton's method
(convex; scipy's linear algebra), which converges in a few iterations.

For a full-GB population with a weight of one per family, the calibrated
weights are then integerised: each paying-parent unit is kept floor(w) times
plus once more with probability frac(w) (a keyed draw), copies getting new ids.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from simulator.errors import SimulatorError
from simulator.inputs.assumptions import AssumptionSet, load_assumptions
from simulator.population.frame import (
    CMS,
    COLLECT_AND_PAY,
    DIRECT_PAY,
    FAMILY_BASED,
    FEMALE,
    MALE,
    NO_ARRANGEMENT,
    RP_NOT_WORKING,
    Population,
)
from simulator.randomness import KeyedRandom
from simulator.reports.files import show_value
from simulator.resources import data_file
from simulator.rules.taxben import SOCIAL_RENT

__all__ = [
    "MEASURES",
    "CalibrationError",
    "Target",
    "calibrate",
    "calibration_report",
    "integerise",
    "load_targets",
    "measure",
]

TARGETS_FILE = data_file("targets.csv")
#: fitted: matched by the calibration weights; compared: shown with its gap,
#: not fitted; generator_input: used to set a generator distribution;
#: not_modelled: outside the model; dynamics_input: the same figure enters the
#: behavioural evidence (behaviour_params.csv) that the compliance model is
#: fitted to, so it is reproduced by construction and is not validation;
#: dynamics_compared: an outcome of the monthly dynamics shown with its gap.
TREATMENTS = (
    "fitted",
    "compared",
    "generator_input",
    "not_modelled",
    "dynamics_input",
    "dynamics_compared",
)
#: Fitted targets must be met within this relative gap (the issue's 2%).
FIT_TOLERANCE = 0.02
#: Ids of integerised copies: original id + copy number x this stride.
ID_STRIDE = 10**10


class CalibrationError(SimulatorError):
    """The targets cannot be read or met; the message says which and why."""


# --------------------------------------------------------------------------- measures


@dataclass(frozen=True)
class Measure:
    """A population quantity comparable with a published figure: a weighted
    total of ``numerator``, or (if ``denominator``) a weighted share."""

    description: str
    numerator: Callable[[Population], np.ndarray]
    denominator: Callable[[Population], np.ndarray] | None = None


def _first(pop: Population) -> np.ndarray:
    """Count each paying parent once (their first family)."""
    return pop.receiving_parent_rank == 0


def _lone(pop: Population) -> np.ndarray:
    return ~pop.rp_partner.astype(bool)


def _in_private_household_pp(pop: Population) -> np.ndarray:
    return _first(pop) & pop.pp_in_private_household


def _recent(pop: Population) -> np.ndarray:
    start = pop.case_start
    year_ago = np.datetime64(pop.date, "D") - np.timedelta64(365, "D")
    return (pop.arrangement == CMS) & (start >= year_ago)


def _poor_children_ahc_lone(pop: Population) -> np.ndarray:
    line = pop.metadata.get("poverty_line_ahc_weekly")
    if line is None:
        raise CalibrationError("the population has no poverty line; synthesise it again")
    weekly = pop.rp_net_income_ahc / 52 / pop.rp_equivalence_ahc
    return (weekly < line) * pop.n_children * _lone(pop)


MEASURES: dict[str, Measure] = {
    "separated_families": Measure("separated families", lambda p: np.ones(len(p))),
    "children": Measure("children in separated families", lambda p: p.n_children.astype(float)),
    "any_arrangement_share": Measure(
        "share of families with a CMS or family-based arrangement",
        lambda p: p.arrangement != NO_ARRANGEMENT,
        lambda p: np.ones(len(p)),
    ),
    "cms_arrangements": Measure("CMS arrangements", lambda p: p.arrangement == CMS),
    "cms_children": Measure(
        "children in CMS arrangements", lambda p: p.n_children * (p.arrangement == CMS)
    ),
    "cms_paying_parents": Measure(
        "paying parents with CMS arrangements", lambda p: (p.arrangement == CMS) & _first(p)
    ),
    "direct_pay_share": Measure(
        "share of CMS arrangements on Direct Pay",
        lambda p: p.service == DIRECT_PAY,
        lambda p: p.arrangement == CMS,
    ),
    "collect_and_pay_share": Measure(
        "share of CMS arrangements on Collect and Pay",
        lambda p: p.service == COLLECT_AND_PAY,
        lambda p: p.arrangement == CMS,
    ),
    "direct_pay_arrangements": Measure(
        "Direct Pay arrangements", lambda p: p.service == DIRECT_PAY
    ),
    "collect_and_pay_arrangements": Measure(
        "Collect and Pay arrangements", lambda p: p.service == COLLECT_AND_PAY
    ),
    "direct_pay_children": Measure(
        "children in Direct Pay arrangements", lambda p: p.n_children * (p.service == DIRECT_PAY)
    ),
    "collect_and_pay_children": Measure(
        "children in Collect and Pay arrangements",
        lambda p: p.n_children * (p.service == COLLECT_AND_PAY),
    ),
    "collect_and_pay_paying_parents": Measure(
        "paying parents on Collect and Pay", lambda p: (p.service == COLLECT_AND_PAY) & _first(p)
    ),
    "family_based_share": Measure(
        "share of separated families with a family-based arrangement",
        lambda p: p.arrangement == FAMILY_BASED,
        lambda p: np.ones(len(p)),
    ),
    "no_arrangement_share": Measure(
        "share of separated families with no arrangement",
        lambda p: p.arrangement == NO_ARRANGEMENT,
        lambda p: np.ones(len(p)),
    ),
    "cms_domestic_abuse_share": Measure(
        "share of CMS cases with domestic abuse disclosed",
        lambda p: (p.arrangement == CMS) & p.domestic_abuse,
        lambda p: p.arrangement == CMS,
    ),
    "cms_share_of_families": Measure(
        "share of separated families with a CMS arrangement",
        lambda p: p.arrangement == CMS,
        lambda p: np.ones(len(p)),
    ),
    "rp_female_share": Measure(
        "share of receiving parents who are women",
        lambda p: p.rp_sex == FEMALE,
        lambda p: np.ones(len(p)),
    ),
    "pp_male_share": Measure(
        "share of paying parents who are men (each counted once)",
        lambda p: (p.pp_sex == MALE) & _first(p),
        _first,
    ),
    "pp_under_50_share": Measure(
        "share of paying parents aged under 50 (each counted once)",
        lambda p: (p.pp_age < 50) & _first(p),
        _first,
    ),
    "lone_rp_employment_rate": Measure(
        "share of lone receiving parents in work",
        lambda p: (p.rp_employment != RP_NOT_WORKING) & _lone(p),
        _lone,
    ),
    "lone_rp_universal_credit_share": Measure(
        "share of lone receiving parents entitled to Universal Credit",
        lambda p: (p.rp_universal_credit > 0) & _lone(p),
        _lone,
    ),
    "lone_rp_social_rent_share": Measure(
        "share of lone receiving parents in social housing",
        lambda p: (p.rp_tenure == SOCIAL_RENT) & _lone(p),
        _lone,
    ),
    "lone_rp_female_share": Measure(
        "share of lone receiving parents who are women",
        lambda p: (p.rp_sex == FEMALE) & _lone(p),
        _lone,
    ),
    "collect_and_pay_benefit_share": Measure(
        "share of Collect and Pay paying parents due to pay who are on a flat-rate benefit",
        lambda p: p.pp_flat_rate_benefit & (p.service == COLLECT_AND_PAY) & _first(p),
        lambda p: (p.service == COLLECT_AND_PAY) & _first(p) & ~p.pp_nil_rate,
    ),
    "collect_and_pay_due_to_pay": Measure(
        "Collect and Pay paying parents not nil-rated",
        lambda p: (p.service == COLLECT_AND_PAY) & _first(p) & ~p.pp_nil_rate,
    ),
    "cms_cases_started_last_year": Measure(
        "CMS arrangements started in the last 12 months", _recent
    ),
    "recent_cms_domestic_abuse_share": Measure(
        "share of CMS cases started in the last 12 months with domestic abuse disclosed",
        lambda p: _recent(p) & p.domestic_abuse,
        _recent,
    ),
    "direct_pay_domestic_abuse_share": Measure(
        "share of Direct Pay receiving parents reporting domestic abuse",
        lambda p: (p.service == DIRECT_PAY) & p.domestic_abuse,
        lambda p: p.service == DIRECT_PAY,
    ),
    "children_over_30_nights_share": Measure(
        "share of children in separated families with more than 30 nights a year with the "
        "paying parent",
        lambda p: (p.child_nights > 30).sum(axis=1),
        lambda p: p.n_children.astype(float),
    ),
    "lone_rp_child_poverty_ahc_before_maintenance": Measure(
        "child poverty rate (AHC) in lone receiving parents' households, before maintenance",
        _poor_children_ahc_lone,
        lambda p: p.n_children * _lone(p),
    ),
}


def measure(pop: Population, name: str, weights: np.ndarray | None = None) -> float:
    """The weighted value of measure ``name`` on ``pop``."""
    m = MEASURES[name]
    w = pop.weight if weights is None else weights
    total = float(np.sum(w * np.asarray(m.numerator(pop), dtype=float)))
    if m.denominator is None:
        return total
    base = float(np.sum(w * np.asarray(m.denominator(pop), dtype=float)))
    return total / base if base > 0 else float("nan")


# --------------------------------------------------------------------------- targets


@dataclass(frozen=True)
class Target:
    id: str
    quantity: str
    value: float | None  # in the model's unit (shares as 0-1)
    published: str  # the value as published
    unit: str
    period: str
    source_title: str
    source_url: str
    role: str  # calibration | validation (as published in targets.csv)
    treatment: str
    measure: str | None
    note: str


def load_targets(path: str | Path = TARGETS_FILE) -> list[Target]:
    """Read the project's target table; every row has a source and a period."""
    path = Path(path)
    try:
        rows = list(csv.DictReader(path.open(encoding="utf-8")))
    except FileNotFoundError:
        raise CalibrationError(f"{path}: target table not found") from None
    targets = []
    for line, row in enumerate(rows, start=2):
        treatment = (row.get("treatment") or "").strip()
        if treatment not in TREATMENTS:
            raise CalibrationError(
                f"{path}, line {line}: treatment '{treatment}' must be one of "
                f"{', '.join(TREATMENTS)}"
            )
        name = (row.get("measure") or "").strip() or None
        if name is not None and name not in MEASURES:
            raise CalibrationError(f"{path}, line {line}: unknown measure '{name}'")
        if treatment == "fitted" and (name is None or row.get("role") != "calibration"):
            raise CalibrationError(
                f"{path}, line {line}: only calibration rows with a measure may be fitted"
            )
        for field in ("source_url", "period"):
            if not (row.get(field) or "").strip():
                raise CalibrationError(f"{path}, line {line}: missing {field}")
        try:
            value = float(row["value"])
        except ValueError:
            value = None
        if value is not None and row["unit"].strip() == "percent":
            value /= 100
        targets.append(
            Target(
                id=row["id"],
                quantity=row["quantity"],
                value=value,
                published=row["value"],
                unit=row["unit"],
                period=row["period"],
                source_title=row["source_title"],
                source_url=row["source_url"],
                role=row["role"],
                treatment=treatment,
                measure=name,
                note=(row.get("model_note") or "").strip(),
            )
        )
    return targets


# --------------------------------------------------------------------------- calibration


def _unit_index(pop: Population) -> tuple[np.ndarray, int]:
    units, index = np.unique(pop.paying_parent_id, return_inverse=True)
    return index, len(units)


# Linear algebra written out with numpy's elementwise products and pairwise
# sums, not BLAS or LAPACK: their results can differ in the last bits with the
# number of threads or the processor, and the population must be identical on
# every machine (and in every worker process of a sweep).


def _dot(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.sum(a * b))


def _matvec(x: np.ndarray, v: np.ndarray) -> np.ndarray:
    out = np.zeros(x.shape[0])
    for j in range(x.shape[1]):
        out += x[:, j] * v[j]
    return out


def _xtw(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    return np.array([_dot(x[:, j], w) for j in range(x.shape[1])])


def _gram(x: np.ndarray, w: np.ndarray) -> np.ndarray:
    """x' diag(w) x."""
    k = x.shape[1]
    out = np.empty((k, k))
    for i in range(k):
        wx = w * x[:, i]
        for j in range(i, k):
            out[i, j] = out[j, i] = _dot(wx, x[:, j])
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
    targets cannot be met (e.g. a share no family can reach)."""
    targets = load_targets() if targets is None else targets
    fitted = [t for t in targets if t.treatment == "fitted"]
    index, n_units = _unit_index(pop)
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
    x = np.asfortranarray(np.column_stack(columns))  # columns contiguous
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


def integerise(pop: Population) -> Population:
    """A population with a weight of exactly one per family: each paying-parent
    unit kept floor(w) times and once more with probability frac(w) (keyed,
    so deterministic); copies get ids offset by ID_STRIDE x copy number."""
    index, n_units = _unit_index(pop)
    unit_weight = np.bincount(index, weights=pop.weight, minlength=n_units) / np.bincount(
        index, minlength=n_units
    )
    unit_ids = np.unique(pop.paying_parent_id)
    extra = KeyedRandom(pop.seed).uniform("integerise", unit_ids) < unit_weight - np.floor(
        unit_weight
    )
    copies = (np.floor(unit_weight) + extra).astype(np.int64)
    family_copies = copies[index]
    rows = np.repeat(np.arange(len(pop)), family_copies)
    copy_number = np.arange(len(rows)) - np.repeat(
        np.cumsum(family_copies) - family_copies, family_copies
    )
    columns = {name: values[rows] for name, values in pop.columns.items()}
    columns["family_id"] = columns["family_id"] + copy_number * ID_STRIDE
    columns["paying_parent_id"] = columns["paying_parent_id"] + copy_number * ID_STRIDE
    columns["weight"] = np.ones(len(rows))
    order = np.lexsort((columns["receiving_parent_rank"], columns["paying_parent_id"]))
    columns = {k: v[order] for k, v in columns.items()}
    return Population(
        columns,
        pop.seed,
        pop.date,
        {**pop.metadata, "weights": "integerised", "families": len(rows)},
    )


# --------------------------------------------------------------------------- report


def calibration_report(
    pop: Population, targets: list[Target] | None = None, assumptions: AssumptionSet | None = None
) -> dict[str, pd.DataFrame]:
    """Every target with the population's value, the gap and its treatment;
    the assumptions with no published source; and model outputs the published
    statistics do not give (the calculation mix)."""
    targets = load_targets() if targets is None else targets
    rows = []
    for t in targets:
        achieved = measure(pop, t.measure) if t.measure else None
        gap = None if achieved is None or t.value is None else achieved - t.value
        relative = None if gap is None or not t.value else gap / t.value
        rows.append(
            {
                "id": t.id,
                "quantity": t.quantity,
                "target": t.value,
                "achieved": achieved,
                "gap": gap,
                "relative_gap": relative,
                "treatment": t.treatment,
                "within_2pct": None if relative is None else abs(relative) <= FIT_TOLERANCE,
                "role": t.role,
                "unit": "share" if t.unit.strip() == "percent" else t.unit,
                "period": t.period,
                "source": t.source_title,
                "source_url": t.source_url,
                "note": t.note,
            }
        )
    assumptions = assumptions or load_assumptions()
    unfitted = pd.DataFrame(
        [
            {
                "assumption": a.path,
                "label": a.label,
                "central": show_value(a.central),
                "low": show_value(a.low),
                "high": show_value(a.high),
                "unit": a.unit,
                "reasoning": a.reasoning,
            }
            for a in (assumptions[k] for k in assumptions)
            if a.basis == "assumption"
        ]
    )
    return {
        "targets": pd.DataFrame(rows),
        "assumptions": unfitted,
        "calculation_mix": calculation_mix(pop),
    }


def calculation_mix(pop: Population) -> pd.DataFrame:
    """CMS cases by rate and by band of gross weekly income (declared), from
    the rules engine: model output resting on assumptions, since DWP publishes
    no calculation mix in the sources available (statistics.md A)."""
    from simulator.population.linkage import cms_liabilities

    liability = cms_liabilities(pop)
    weight = pop.weight[liability["family_index"]]
    frame = pd.DataFrame(
        {
            "rate": liability["rate"],
            "band": liability["income_band"],
            "weight": weight,
        }
    )
    by_rate = frame.groupby("rate")["weight"].sum()
    by_band = frame.groupby("band")["weight"].sum()
    total = weight.sum()
    rows = [{"breakdown": "rate", "category": k, "share": v / total} for k, v in by_rate.items()]
    rows += [
        {"breakdown": "gross weekly income", "category": k, "share": v / total}
        for k, v in by_band.items()
    ]
    return pd.DataFrame(rows)
