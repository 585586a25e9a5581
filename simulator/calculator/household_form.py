"""The household view's form, read and checked: one case the calculator can
take, and the children of both households, or every problem in plain words.

The maintenance inputs go through the calculator's own validation
(:func:`simulator.calculator.batch.cases_from_frame`, as ``cms-sim calc``
checks a CSV row); on top of it the form's fields must agree with each other:
one number of nights for each child whose age is given, receiving parent by
receiving parent, and ages that are whole years a child can have.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from simulator.calculator.batch import CalcCases, CalcInputError, cases_from_frame
from simulator.errors import SimulatorError

__all__ = [
    "FIELD_LABELS",
    "MAX_CHILD_AGE",
    "HouseholdCase",
    "HouseholdInputError",
    "read_household_case",
]

#: A qualifying child is under 16, or under 20 in full-time non-advanced
#: education (Child Support Act 1991 s. 55; SI 2012/2677 reg. 76): the oldest
#: age the form accepts for any dependent child.
MAX_CHILD_AGE = 19
#: The form's fields as its labels name them, for the messages.
FIELD_LABELS = {
    "gross_weekly_income": "Paying parent's gross weekly income",
    "care_nights": "Nights a year with the paying parent",
    "child_ages": "Ages of the children",
    "receiving_other_ages": "Ages of other children in the receiving household",
    "paying_other_ages": "Ages of other children living with the paying parent",
    "effective_date": "Date",
}
_AGES = re.compile(r"\s*\d+\s*(,\s*\d+\s*)*")


class HouseholdInputError(SimulatorError):
    """The form cannot be worked out; ``problems`` says why, one line each."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("\n".join(problems))


@dataclass(frozen=True)
class HouseholdCase:
    """A checked form: the case for the calculator, the ages of each
    receiving parent's qualifying children, and the other children of both
    households."""

    cases: CalcCases
    child_ages: tuple[tuple[int, ...], ...]
    receiving_other_ages: tuple[int, ...]
    paying_other_ages: tuple[int, ...]

    @property
    def receiving_household_ages(self) -> tuple[int, ...]:
        """The first receiving parent's household: their qualifying children and the others."""
        return self.child_ages[0] + self.receiving_other_ages


def _ages(text: str, field: str, problems: list[str], required: bool) -> tuple[int, ...]:
    label = FIELD_LABELS[field]
    text = text.strip()
    if not text:
        if required:
            problems.append(f"{label}: give at least one child's age, e.g. 6 or 3,7.")
        return ()
    if not _AGES.fullmatch(text):
        problems.append(
            f"{label}: '{text}' is not a list of ages; write whole years separated by "
            "commas, e.g. 3,7."
        )
        return ()
    ages = tuple(int(a) for a in text.split(","))
    too_old = [a for a in ages if a > MAX_CHILD_AGE]
    if too_old:
        problems.append(
            f"{label}: {', '.join(map(str, too_old))} is older than a child can be here; ages "
            f"run from 0 to {MAX_CHILD_AGE} (a child counts up to 19 while in full-time "
            "education)."
        )
    return ages


def _values(n: int) -> str:
    return f"{n} value" if n == 1 else f"{n} values"


def _count(n: int) -> str:
    return f"{n} child" if n == 1 else f"{n} children"


def read_household_case(
    *,
    gross_weekly_income: float,
    care_nights: str,
    child_ages: str,
    receiving_other_ages: str = "",
    paying_other_ages: str = "",
    flat_rate_benefit: bool = False,
    effective_date: dt.date,
    first_date: dt.date | None = None,
) -> HouseholdCase:
    """The form's fields checked together; :class:`HouseholdInputError` lists
    every problem. ``child_ages``: the qualifying children's ages, ',' between
    children and '|' between receiving parents as in ``care_nights``;
    ``first_date``: the first date the rules behind the view cover (the
    tax-benefit parameters'), if any."""
    problems: list[str] = []
    groups_text = [g for g in child_ages.split("|")]
    groups = [_ages(g, "child_ages", problems, required=True) for g in groups_text]
    rp_other = _ages(receiving_other_ages, "receiving_other_ages", problems, required=False)
    pp_other = _ages(paying_other_ages, "paying_other_ages", problems, required=False)
    if first_date is not None and effective_date < first_date:
        problems.append(
            f"{FIELD_LABELS['effective_date']}: the tax and benefit rules in the model start on "
            f"{first_date.day} {first_date:%B %Y}; choose a date on or after it."
        )
    row = {
        "gross_weekly_income": str(gross_weekly_income),
        "care_nights": care_nights,
        "relevant_other_children": str(len(pp_other)),
        "flat_rate_benefit": "1" if flat_rate_benefit else "0",
        "partner_also_paying_parent": "0",
        "effective_date": effective_date.isoformat(),
    }
    cases = None
    try:
        cases = cases_from_frame(pd.DataFrame([row]), "the household", np.array([0]))
    except CalcInputError as error:
        problems += [
            f"{FIELD_LABELS.get(p.column, p.column)}: {p.message}." for p in error.problems
        ]
    if cases is not None:
        problems += _agreement(cases.care_nights[0], groups)
    if problems:
        raise HouseholdInputError(problems)
    return HouseholdCase(cases, tuple(groups), rp_other, pp_other)


def _agreement(nights: np.ndarray, groups: list[tuple[int, ...]]) -> list[str]:
    """Whether the nights (receiving parents x children, -1 empty) and the
    ages give the same children, receiving parent by receiving parent."""
    by_parent = [int((row >= 0).sum()) for row in nights]
    label_n, label_a = FIELD_LABELS["care_nights"], FIELD_LABELS["child_ages"]
    if len(by_parent) != len(groups):
        return [
            f"{label_n}: given for {len(by_parent)} receiving parent(s) ('|' separates them), "
            f"but the {label_a.lower()} for {len(groups)}; give both in the same groups, e.g. "
            "nights 0,104|52 with ages 3,7|10."
        ]
    out = []
    for k, (n_nights, ages) in enumerate(zip(by_parent, groups, strict=True)):
        if ages and n_nights != len(ages):
            who = f" for receiving parent {k + 1}" if len(groups) > 1 else ""
            out.append(
                f"{label_n}{who}: {_values(n_nights)} given, but ages for {_count(len(ages))}; "
                "give one number of nights for each child, in the same order as the ages."
            )
    return out
