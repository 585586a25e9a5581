"""How values are shown: on the command line and in the report files, on the
dashboard, and in the tables of parameters and assumptions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator.reports.formatting import (
    change_colour,
    format_change,
    format_metric,
    format_range,
    format_value,
    markdown_table,
    prose_count,
    rounded_for_download,
    show_value,
    show_with_unit,
)

NAN = float("nan")


@pytest.mark.parametrize(
    "value, unit, shown",
    [
        (0.6789, "share", "67.9%"),
        (1234567.8, "", "1,234,568"),
        (1000, "", "1,000"),
        (999.994, "", "999.99"),
        (-2500.4, "", "-2,500"),
        (0.5, "", "0.50"),
        (NAN, "share", ""),
        (None, "", ""),
    ],
    ids=[
        "a share is a percentage to one place",
        "a large number has no decimals and thousands commas",
        "a thousand is already large",
        "below a thousand: two decimals",
        "a large fall has no decimals either",
        "a small number: two decimals",
        "a missing value is left blank",
        "no value is left blank",
    ],
)
def test_command_line_and_report_values(value, unit, shown):
    assert format_value(value, unit) == shown


@pytest.mark.parametrize(
    "value, kind, shown",
    [
        (1_234_567_890.0, "gbp", "£1,234.6m"),
        (123_456_789.0, "gbp", "£123.5m"),
        (201_644.0, "gbp", "£0.2m"),
        (-3_000_000.0, "gbp", "-£3.0m"),
        (-20_000.0, "gbp", "£0.0m"),
        (0.0, "gbp", "£0.0m"),
        (0.685, "share", "68.5%"),
        (-0.0004, "share", "0.0%"),
        (9_327.6, "count", "9,328"),
        (-0.4, "count", "0"),
        (NAN, "count", "–"),
    ],
    ids=[
        "a billion is still in £m, one decimal",
        "money in £m to one decimal",
        "a small sum too, beside the large ones",
        "a negative sum: the minus before the pound sign",
        "a small negative sum rounds to nothing: no minus",
        "nothing is £0.0m",
        "a share is a percentage",
        "a tiny negative share: no minus",
        "whole children, thousands separated",
        "less than half a child is no child, unsigned",
        "a missing value is a dash",
    ],
)
def test_dashboard_metrics(value, kind, shown):
    assert format_metric(value, kind) == shown


@pytest.mark.parametrize(
    "value, kind, shown, colour",
    [
        (0.012, "share", "+1.2 points", "normal"),
        (-0.0049, "share", "-0.5 points", "normal"),
        (-0.0004, "share", "0.0 points", "off"),
        (-25_000_000.0, "gbp", "-£25.0m", "normal"),
        (201_644.0, "gbp", "+£0.2m", "normal"),
        (-49_999.0, "gbp", "£0.0m", "off"),
        (1500.0, "count", "+1,500", "normal"),
        (9_327.6, "count", "+9,328", "normal"),
        (-0.4, "count", "0", "off"),
        (0.0, "count", "0", "off"),
        (NAN, "count", "–", "off"),
    ],
    ids=[
        "a rise in a share is in percentage points",
        "a fall in a share too",
        "a fall that rounds to nothing: no sign, no colour",
        "a fall in money has an ASCII minus before the pound sign",
        "a small rise in money is in £m too",
        "a small fall in money that rounds to nothing",
        "a rise in a count has a plus",
        "a rise in children: whole children",
        "less than half a child: no change, no colour",
        "no change has no sign and no colour",
        "a missing change is a dash",
    ],
)
def test_dashboard_changes(value, kind, shown, colour):
    assert format_change(value, kind) == shown
    assert change_colour(value, kind) == colour


@pytest.mark.parametrize(
    "value, kind, good_when_lower, colour",
    [
        (-1500.0, "count", True, "inverse"),
        (-1500.0, "count", False, "normal"),
        (-0.3, "count", True, "off"),
    ],
    ids=[
        "fewer children in poverty: a fall shown green",
        "less money: a fall shown red",
        "no change: grey whatever is better",
    ],
)
def test_the_colour_of_a_change(value, kind, good_when_lower, colour):
    assert change_colour(value, kind, good_when_lower) == colour


@pytest.mark.parametrize(
    "low, high, kind, change, shown",
    [
        (-4_100.4, -2_900.0, "count", True, "-4,100 to -2,900"),
        (-0.004, 0.012, "share", True, "-0.4 points to +1.2 points"),
        (1e8, 1.2e8, "gbp", False, "£100.0m to £120.0m"),
        (5.0, 5.0, "count", True, ""),
        (NAN, NAN, "count", True, ""),
    ],
    ids=[
        "the range of a fall in children",
        "a change in a share: from a fall to a rise",
        "the range of a level of money",
        "no range with one replication",
        "no range for a missing value",
    ],
)
def test_ranges(low, high, kind, change, shown):
    assert format_range(low, high, kind, change) == shown


@pytest.mark.parametrize(
    "value, shown",
    [(9_327.6, "9,300"), (565.0, "570"), (-5_740.0, "5,700"), (7.2, "7"), (0.4, "0"),
     (995.0, "1,000"), (123_456.0, "120,000")],
    ids=["thousands", "a half rounds up", "no sign", "a few children", "none",
         "up to the next power of ten", "a large number"],
)  # fmt: skip
def test_children_in_a_sentence_to_two_significant_figures(value, shown):
    assert prose_count(value) == shown


def test_downloads_keep_whole_children_pounds_and_tenths_of_a_point():
    table = pd.DataFrame(
        {
            "metric": ["a", "b", "c", "d", "e", "f"],
            "value": [9_327.6, 201_644.37, 0.68549, -0.3, 7.25, NAN],
            "low": [9_100.2, 201_000.5, 0.6, -0.4, 7.0, NAN],
            "high": [9_500.7, 202_000.5, 0.7, 0.2, 7.5, NAN],
            "unit": [
                "children",
                "GBP a year",
                "share",
                "paying parents",
                "months",
                "orders a year",
            ],
        }
    )
    got = rounded_for_download(table)
    assert list(got.value[:5]) == [9_328.0, 201_644.0, 0.685, 0.0, 7.25]
    assert str(got.value[3]) == "0.0"  # not -0.0
    assert list(got.low[:4]) == [9_100.0, 201_000.0, 0.6, 0.0]
    assert got.value[5] != got.value[5]  # missing stays missing
    assert list(table.value[:1]) == [9_327.6]  # the table given is left as it was


@pytest.mark.parametrize(
    "value, unit, shown",
    [
        (None, "/1", "(none)"),
        (True, "", "yes"),
        (0, "bool", "no"),
        (0.04, "/1", "4.0%"),
        (7.0, "currency-GBP", "£7"),
        (1234.5, "currency-GBP", "£1,234.50"),
        ((0.12, 0.16, 0.19), "/1", "[12.0%, 16.0%, 19.0%]"),
        (np.array([1.0, 2.0]), "count", "[1, 2]"),
        (3.0, "months", "3 months"),
        (2.5, "", "2.5"),
    ],
    ids=[
        "no value",
        "true is yes",
        "a false switch is no",
        "a rate is a percentage",
        "whole pounds drop the pence",
        "pounds and pence",
        "a list of rates",
        "an array of counts",
        "other units follow the number",
        "no unit: the number alone",
    ],
)
def test_values_with_their_units(value, unit, shown):
    assert show_with_unit(value, unit) == shown


@pytest.mark.parametrize(
    "value, shown",
    [(0.04, "0.04"), (1e-7, "1e-07"), (12, "12"), ([0.12, 0.16], "[0.12, 0.16]"), ("x", "x")],
    ids=["a float", "a tiny float", "an integer", "a list", "text"],
)
def test_parameter_values_as_short_text(value, shown):
    assert show_value(value) == shown


def test_a_markdown_table_escapes_pipes_and_blanks_missing_values():
    frame = pd.DataFrame({"id": ["a|b", "c"], "value": [1234.5678, NAN], "note": ["x\ny", None]})
    assert markdown_table(frame) == (
        "| id | value | note |\n|---|---|---|\n| a\\|b | 1,235 | x y |\n| c |  |  |\n"
    )
