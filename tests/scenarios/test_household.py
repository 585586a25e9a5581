"""One family under the shipped scenarios, and the note that says why a
reform shows no difference for it.

Each row is a shipped scenario, the date, the family's service, the kind of
note it must get and whether the family's figures must differ from current
law's. The note must be honest both ways: a reform said to act only over
time leaves the figures alone; one that changes them gets no such note.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

import pytest

from simulator.calculator.household_form import read_household_case
from simulator.population.one_household import Circumstances
from simulator.scenarios.household import (
    household_note,
    household_under,
    tax_benefit_start,
)
from simulator.scenarios.levers import shipped_scenarios

JUNE_2026 = dt.date(2026, 6, 1)
JUNE_2027 = dt.date(2027, 6, 1)
LINES = {"bhc": 459.08, "ahc": 397.61}
RECEIVING = Circumstances(earnings_weekly=200.0, child_ages=(6,), housing_weekly=100.0)
PAYING = Circumstances(housing_weekly=120.0)
OVER_TIME = "changes what happens over time"
LATER = "start on 1 April 2027"
NOT_THIS_FAMILY = "None of that touches this family"
SOME_OVER_TIME = "Some of this reform's changes act over time"

ROWS = [
    # (scenario, date, Collect and Pay, note phrase or None, figures differ)
    ("faster-job-change-reassessment", JUNE_2026, True, OVER_TIME, False),
    ("stronger-enforcement", JUNE_2026, True, OVER_TIME, False),
    ("administrative-disqualification", JUNE_2026, True, OVER_TIME, False),
    ("hmrc-data-matching", JUNE_2026, True, OVER_TIME, False),
    ("lifestyle-income", JUNE_2026, True, OVER_TIME, False),
    ("reinstate-application-fee", JUNE_2026, True, OVER_TIME, False),
    ("single-collection-service", JUNE_2026, True, LATER, False),
    ("single-collection-service", JUNE_2027, True, SOME_OVER_TIME, True),
    ("scrap-receiving-parent-fee", JUNE_2026, True, None, True),
    ("scrap-receiving-parent-fee", JUNE_2026, False, NOT_THIS_FAMILY, False),
    ("domestic-abuse-protections", JUNE_2026, True, NOT_THIS_FAMILY, False),
    ("fix-the-cms-package", JUNE_2026, True, SOME_OVER_TIME, True),
    ("formula-cost-of-a-child", JUNE_2026, True, None, True),
]


@cache
def shipped():
    return shipped_scenarios()


def family(key: str, when: dt.date, collect: bool):
    case = read_household_case(
        gross_weekly_income=450.0, care_nights="0", child_ages="6", effective_date=when
    )
    return household_under(shipped()[key], case, RECEIVING, PAYING, LINES, collect_and_pay=collect)[
        0
    ]


@pytest.mark.parametrize(
    ("key", "when", "collect", "phrase", "differ"),
    ROWS,
    ids=[f"{r[0]}-{r[1].year}-{'C&P' if r[2] else 'DP'}" for r in ROWS],
)
def test_the_note_says_why_a_reform_shows_no_difference(key, when, collect, phrase, differ):
    base, reform = family("baseline", when, collect), family(key, when, collect)
    assert reform.same_figures(base) is not differ
    note = household_note(shipped()[key], shipped()["baseline"], when, reform.same_figures(base))
    if phrase is None:
        assert note is None
    else:
        assert phrase in note
        assert "_" not in note and "." in note  # plain words, no raw ids


def test_the_over_time_note_says_what_changes_over_time():
    note = household_note(
        shipped()["faster-job-change-reassessment"], shipped()["baseline"], JUNE_2026
    )
    assert "how fast a change of pay reaches the calculation" in note
    assert "See Compare reforms" in note


def test_current_law_needs_no_note():
    base = shipped()["baseline"]
    assert household_note(base, base, JUNE_2026) is None


def test_the_paying_parents_pay_is_the_gross_income_the_maintenance_uses():
    result = family("baseline", JUNE_2026, True)
    paying = result.steps[-3].lines[1]  # Net incomes before maintenance: the paying household
    assert paying.startswith("Paying household: earnings £23,464")  # £450 a week x 365/7
    assert result.paying["bhc"]["before"] > 0


def test_the_tax_benefit_rules_start_in_april_2024():
    assert tax_benefit_start(shipped()["baseline"].parameters) == dt.date(2024, 4, 6)


def test_a_reform_without_fees_says_no_fee_in_words():
    fees = next(
        s
        for s in family("scrap-collection-fees", JUNE_2026, True).steps
        if s.title == "Collection fees"
    )
    assert fees.lines == (
        "On Collect and Pay under these rules the paying parent pays no collection fee.",
        "The receiving parent pays no collection fee under these rules: they get all "
        "£54.00 a week.",
    )
