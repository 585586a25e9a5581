"""The household form, read and checked: each row is what was typed and the
plain message it must give (or none). Nights and ages must give the same
children, receiving parent by receiving parent; ages are whole years from 0
to 19; the calculator's own checks still apply."""

from __future__ import annotations

import datetime as dt

import pytest

from simulator.calculator.household_form import HouseholdInputError, read_household_case

WHEN = dt.date(2026, 6, 1)
FIRST = dt.date(2024, 4, 6)

BAD = [
    # (what is wrong, fields, a phrase the message must have)
    ("three nights, one age", {"care_nights": "0,0,0"}, "3 values given, but ages for 1 child"),
    ("one night, two ages", {"child_ages": "3,7"}, "1 value given, but ages for 2 children"),
    (
        "second receiving parent short",
        {"care_nights": "0|52,52", "child_ages": "6|9"},
        "for receiving parent 2: 2 values given, but ages for 1 child",
    ),
    (
        "groups differ",
        {"care_nights": "0|0", "child_ages": "6"},
        "given for 2 receiving parent(s) ('|' separates them), but the ages",
    ),
    ("not a number", {"child_ages": "6,x"}, "'6,x' is not a list of ages"),
    ("a fraction", {"child_ages": "6.5"}, "'6.5' is not a list of ages"),
    ("too old", {"child_ages": "21"}, "21 is older than a child can be here"),
    ("negative", {"child_ages": "-1"}, "'-1' is not a list of ages"),
    ("no ages", {"child_ages": " "}, "give at least one child's age"),
    ("other children too old", {"paying_other_ages": "4,30"}, "30 is older than a child"),
    ("nights unreadable", {"care_nights": "0,,52"}, "'0,,52' is not a list of nights"),
    ("too many nights", {"care_nights": "400"}, "nights a year run from 0 to 365"),
    ("before the tax-benefit rules", {"effective_date": dt.date(2024, 1, 1)}, "6 April 2024"),
]


def read(**fields):
    given = {
        "gross_weekly_income": 450.0,
        "care_nights": "0",
        "child_ages": "6",
        "effective_date": WHEN,
        "first_date": FIRST,
        **fields,
    }
    return read_household_case(**given)


@pytest.mark.parametrize(("fields", "phrase"), [r[1:] for r in BAD], ids=[r[0] for r in BAD])
def test_bad_input_is_named_plainly(fields, phrase):
    with pytest.raises(HouseholdInputError) as raised:
        read(**fields)
    problems = raised.value.problems
    assert any(phrase in p for p in problems), problems
    assert all(":" in p and "column" not in p and "case '" not in p for p in problems)


def test_every_problem_is_listed_at_once():
    with pytest.raises(HouseholdInputError) as raised:
        read(child_ages="x", paying_other_ages="40", care_nights="0,,1")
    assert len(raised.value.problems) == 3


def test_a_good_form_gives_the_case_and_both_households_children():
    case = read(
        care_nights="0,104|52",
        child_ages="3,7|10",
        receiving_other_ages="1",
        paying_other_ages="2, 15",
    )
    assert case.child_ages == ((3, 7), (10,))
    assert case.receiving_household_ages == (3, 7, 1)
    assert case.paying_other_ages == (2, 15)
    # the paying household's other children are the relevant other children
    assert int(case.cases.relevant_other_children[0]) == 2
    assert float(case.cases.gross_weekly_income[0]) == 450.0
