"""The published figures the population is held to, and the population
quantities they are compared with.

``data/targets.csv`` lists each target with its source, period and treatment:
``fitted`` rows are matched by the calibration weights
(:mod:`simulator.population.calibrate`); ``generator_fitted`` rows by
documented generator distributions (:mod:`simulator.population.fit`, never
the weights: money due is one); the others are shown with their gap in the
calibration report (:mod:`simulator.population.report`). A target's
``measure`` names the population quantity it is compared with, one of
:data:`MEASURES`: a weighted total, or a weighted share.
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from simulator.errors import SimulatorError
from simulator.population.draws import WEEKS_IN_YEAR
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
from simulator.population.liabilities import cms_liabilities
from simulator.resources import data_file
from simulator.rules.taxben import SOCIAL_RENT

__all__ = [
    "FIT_TOLERANCE",
    "MEASURES",
    "POPULATION_FITS",
    "TARGETS_FILE",
    "TREATMENTS",
    "WEEKS_IN_QUARTER",
    "CalibrationError",
    "Measure",
    "Target",
    "load_targets",
    "measure",
]

TARGETS_FILE = data_file("targets.csv")
#: fitted: matched by the calibration weights; generator_fitted: matched by
#: fitting documented generator distributions (simulator.population.fit), not
#: the weights; compared: shown with its gap, not fitted; generator_input: used
#: to set a generator distribution; not_modelled: outside the model;
#: dynamics_input: the same figure enters the behavioural evidence
#: (behaviour_params.csv) that the compliance model is fitted to, so it is
#: reproduced by construction and is not validation; dynamics_fitted: an
#: outcome of the monthly dynamics that a fitted behavioural parameter
#: (behaviour_fitted.yaml) is fitted to, so not validation either;
#: dynamics_compared: an outcome of the monthly dynamics shown with its gap;
#: initial_condition: the state the monthly dynamics start from (e.g. the
#: arrears stock at the population date), used as given; cost_base: a cost the
#: model takes as given, never fitted or compared.
TREATMENTS = (
    "fitted",
    "generator_fitted",
    "compared",
    "generator_input",
    "not_modelled",
    "dynamics_input",
    "dynamics_fitted",
    "dynamics_compared",
    "initial_condition",
    "cost_base",
)
#: Rows fitted to the population (by the weights or by the generator).
POPULATION_FITS = ("fitted", "generator_fitted")
#: Fitted targets must be met within this relative gap (the issue's 2%).
FIT_TOLERANCE = 0.02
#: Money due in a quarter is the weekly liability times this (52 weeks / 4).
WEEKS_IN_QUARTER = WEEKS_IN_YEAR / 4
#: Money measures are in millions of pounds (the targets' unit).
MILLION = 1e6


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


def _recent(pop: Population) -> np.ndarray:
    start = pop.case_start
    year_ago = np.datetime64(pop.date, "D") - np.timedelta64(365, "D")
    return (pop.arrangement == CMS) & (start >= year_ago)


def _poor_children_ahc_lone(pop: Population) -> np.ndarray:
    line = pop.metadata.get("poverty_line_ahc_weekly")
    if line is None:
        raise CalibrationError("the population has no poverty line; synthesise it again")
    weekly = pop.rp_net_income_ahc / WEEKS_IN_YEAR / pop.rp_equivalence_ahc
    return (weekly < line) * pop.n_children * _lone(pop)


def _due_quarter(pop: Population) -> np.ndarray:
    """Each family's maintenance due in a quarter at the population date
    (GBP million): its statutory weekly liability x 13; zero outside the CMS
    and for arrears-only cases."""
    liability = cms_liabilities(pop)
    due = np.zeros(len(pop))
    due[liability["family_index"]] = liability["weekly_liability"] * WEEKS_IN_QUARTER / MILLION
    return due


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
        lambda p: (
            p.pp_flat_rate_benefit & (p.service == COLLECT_AND_PAY) & _first(p) & ~p.arrears_only
        ),
        lambda p: (p.service == COLLECT_AND_PAY) & _first(p) & ~p.pp_nil_rate & ~p.arrears_only,
    ),
    "collect_and_pay_due_to_pay": Measure(
        "Collect and Pay paying parents not nil-rated and not arrears-only",
        lambda p: (p.service == COLLECT_AND_PAY) & _first(p) & ~p.pp_nil_rate & ~p.arrears_only,
    ),
    "cms_due_quarter": Measure(
        "maintenance due in the CMS in a quarter at the population date (GBP million)",
        _due_quarter,
    ),
    "direct_pay_due_quarter": Measure(
        "maintenance due through Direct Pay in a quarter at the population date (GBP million)",
        lambda p: _due_quarter(p) * (p.service == DIRECT_PAY),
    ),
    "collect_and_pay_due_quarter": Measure(
        "maintenance due through Collect and Pay in a quarter at the population date (GBP million)",
        lambda p: _due_quarter(p) * (p.service == COLLECT_AND_PAY),
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
    """The weighted value of measure ``name`` on ``pop``'s families at its
    date (entrants, who separate later, are not counted)."""
    m = MEASURES[name]
    w = (pop.weight if weights is None else weights) * (pop.enters == 0)
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
        if treatment in POPULATION_FITS and (name is None or row.get("role") != "calibration"):
            raise CalibrationError(
                f"{path}, line {line}: only calibration rows with a measure may be "
                f"{treatment}; make the row 'compared' or give it a measure"
            )
        for field in ("source_url", "period"):
            if not (row.get(field) or "").strip():
                raise CalibrationError(f"{path}, line {line}: missing {field}")
        try:
            value = float(row["value"])
        except ValueError:
            value = None
        # percentages ("percent", "percent per quarter") as shares
        if value is not None and row["unit"].strip().split(" ")[0] == "percent":
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
