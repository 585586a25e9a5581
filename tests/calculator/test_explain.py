"""The step-by-step explanation of one case: which steps it tells, in the
order of Schedule 1, and that it ends with the engine's own result.

Each row is a case (the calculator's CSV columns), the steps its explanation
must have (titles, in order) and its last line. The amounts are the engine's
(``cms-sim calc`` gives the same); the command-line side is in
tests/cli/test_calc.py.
"""

from __future__ import annotations

import datetime as dt

import pytest

from simulator.calculator.batch import cases_from_text
from simulator.calculator.explain import explain_case, format_explanation
from simulator.inputs.parameters import load_parameters

HEADER = (
    "case_id,gross_weekly_income,flat_rate_benefit,partner_also_paying_parent,"
    "relevant_other_children,care_nights"
)
TODAY = dt.date(2026, 4, 1)
START = ["Rules in force", "Children"]
INCOME = [*START, "Gross weekly income"]

CASES = [
    # (case, extra columns, row, steps after the start, last line)
    (
        "basic rate, one child, no shared care",
        "",
        "a,300,0,0,0,0",
        [*INCOME, "Basic rate", "Result"],
        "Weekly child maintenance: £36.00 (basic rate).",
    ),
    (
        "basic rate, two receiving parents, shared care",
        "",
        'a,450,0,0,0,"0,104|52"',
        [*INCOME, "Basic rate", "Apportionment between receiving parents", "Shared care", "Result"],
        "Weekly child maintenance: £73.29 (basic rate).",
    ),
    (
        "basic plus rate with a relevant other child",
        "",
        'a,1000,0,0,1,"0,175|52"',
        [
            *INCOME,
            "Basic rate (basic plus)",
            "Apportionment between receiving parents",
            "Shared care",
            "Result",
        ],
        "Weekly child maintenance: £123.04 (basic plus rate).",
    ),
    (
        "reduced rate: £7 + 17% of the income above £100",
        "",
        "a,150,0,0,0,0",
        [*INCOME, "Reduced rate", "Result"],
        "Weekly child maintenance: £15.50 (reduced rate).",
    ),
    (
        "flat rate because income is low",
        "",
        "a,80,0,0,0,0",
        [*INCOME, "Flat rate", "Result"],
        "Weekly child maintenance: £7.00 (flat rate).",
    ),
    (
        "low-income flat rate is not reduced by shared care",
        "",
        "a,80,0,0,0,200",
        [*INCOME, "Flat rate", "Shared care", "Result"],
        "Weekly child maintenance: £7.00 (flat rate).",
    ),
    (
        "nil rate: income below £7 a week",
        "",
        "a,5,0,0,0,0",
        [*INCOME, "Nil rate", "Result"],
        "Weekly child maintenance: £0.00 (nil rate).",
    ),
    (
        "benefit flat rate, halved for a partner who is also a paying parent",
        "",
        "a,50,1,1,0,0",
        [*START, "Flat rate because of a benefit", "Result"],
        "Weekly child maintenance: £3.50 (flat rate).",
    ),
    (
        "benefit flat rate is nil with 52 or more nights of shared care",
        "",
        "a,50,1,0,0,175",
        [
            *START,
            "Flat rate because of a benefit",
            "Shared care with a benefit-based flat rate",
            "Result",
        ],
        "Weekly child maintenance: £0.00 (flat rate).",
    ),
    (
        "default rate decision",
        ",default_rate",
        "a,300,0,0,0,0,1",
        [*START, "Default rate", "Result"],
        "Weekly child maintenance: £39.00 (default rate).",
    ),
    (
        "prescribed nil-rate person",
        ",nil_rate_person",
        "a,300,0,0,0,0,1",
        [*START, "Nil rate", "Result"],
        "Weekly child maintenance: £0.00 (nil rate).",
    ),
    (
        "variations: unearned income, assets and special expenses",
        ",unearned_income_annual,notional_assets,special_expenses_weekly",
        "a,300,0,0,0,0,36500,80000,20",
        [*INCOME, "Variations", "Basic rate (basic plus)", "Result"],
        "Weekly child maintenance: £123.25 (basic plus rate).",
    ),
    (
        "a relevant non-resident child takes a share",
        ",relevant_non_resident_children",
        "a,300,0,0,0,0,1",
        [*INCOME, "Basic rate", "Relevant non-resident children", "Result"],
        "Weekly child maintenance: £24.00 (basic rate).",
    ),
]


def explained(extra: str, row: str):
    cases = cases_from_text(f"{HEADER}{extra}\n{row}\n", "case.csv", today=TODAY)
    return cases, explain_case(cases, load_parameters())


@pytest.mark.parametrize("case, extra, row, titles, last", CASES, ids=[c[0] for c in CASES])
def test_each_case_is_explained_step_by_step(case, extra, row, titles, last):
    _, (calc, steps) = explained(extra, row)
    assert [s.title for s in steps] == titles
    assert steps[-1].lines[-1] == last
    assert f"£{float(calc.weekly_liability[0]):,.2f}" in last  # the engine's own result
    assert all(s.references for s in steps), "every step cites the law"


def test_the_rules_in_force_are_those_of_the_effective_date():
    _, (_, steps) = explained(",effective_date", "a,300,0,0,0,0,2013-06-01")
    assert steps[0].lines[0].startswith("Effective date 2013-06-01:")


def test_the_text_numbers_the_steps_and_shows_their_references():
    _, (_, steps) = explained("", "a,300,0,0,0,0")
    text = format_explanation(steps)
    assert text.startswith("1. Rules in force\n   Effective date ")
    assert f"\n{len(steps)}. Result\n" in text
    assert "   [Child Support Act 1991, Schedule 1 (maintenance calculations)] https://" in text
    assert text.endswith("\n") and not text.endswith("\n\n")


def test_only_one_case_is_explained_at_a_time():
    cases = cases_from_text(f"{HEADER}\na,300,0,0,0,0\nb,450,0,0,0,0\n", "two.csv", today=TODAY)
    with pytest.raises(ValueError, match="exactly one case"):
        explain_case(cases, load_parameters())
