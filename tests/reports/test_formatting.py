"""How values are shown: on the command line and in the report files, on the
dashboard, and in the tables of parameters and assumptions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from simulator.reports.formatting import (
    format_change,
    format_metric,
    format_value,
    markdown_table,
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
        (1_234_567_890.0, "gbp", "£1,235m"),
        (999_999.0, "gbp", "£999,999"),
        (-3_000_000.0, "gbp", "£-3m"),
        (0.0, "gbp", "£0"),
        (0.685, "share", "68.5%"),
        (12_345.6, "count", "12,346"),
        (NAN, "count", "–"),
    ],
    ids=[
        "money from a million is in millions",
        "money below a million in pounds",
        "a negative sum of millions",
        "nothing is £0",
        "a share is a percentage",
        "a count is a whole number",
        "a missing value is a dash",
    ],
)
def test_dashboard_metrics(value, kind, shown):
    assert format_metric(value, kind) == shown


@pytest.mark.parametrize(
    "value, kind, shown",
    [
        (0.012, "share", "+1.2 points"),
        (-0.0049, "share", "-0.5 points"),
        (-25_000_000.0, "gbp", "-£25m"),
        (1500.0, "count", "+1,500"),
        (0.0, "count", "+0"),
    ],
    ids=[
        "a rise in a share is in percentage points",
        "a fall in a share too",
        "a fall in money has an ASCII minus before the pound sign",
        "a rise in a count has a plus",
        "no change counts as a rise (plus)",
    ],
)
def test_dashboard_changes(value, kind, shown):
    assert format_change(value, kind) == shown


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
