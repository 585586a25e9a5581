"""The validation report's Markdown, from small tables."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from simulator.reports.validation import validation_markdown

TABLE = pd.DataFrame(
    {
        "id": ["V01", "V02"],
        "quantity": ["Collect and Pay: paid something", "paid in full"],
        "period": ["2016", "2018"],
        "published": [0.54, 0.16],
        "simulated": [0.6, 0.41],
        "gap": [0.06, 0.25],
        "comparison": ["the series moved", "not like for like"],
        "source": ["DWP", "a blog"],
    }
)
COVERAGE = pd.DataFrame({"process": ["payments"], "status": ["S"]})


@pytest.fixture(scope="module")
def lines() -> list[str]:
    text = validation_markdown(
        TABLE, COVERAGE, "scenarios/baseline.yaml", 100_000, 20260401, 24, dt.date(2026, 5, 1)
    )
    return text.splitlines()


@pytest.mark.parametrize(
    "line",
    [
        "# Validation report",
        "| V01 | Collect and Pay: paid something | 2016 | 54.0% | 60.0% | +6.0 points "
        "| the series moved |",
        "| V02 | paid in full | 2018 | 16.0% | 41.0% | +25.0 points | not like for like |",
        "## What is simulated (S), partly simulated (PS), imputed (I) or excluded (E)",
        "| payments | S |",
    ],
    ids=[
        "the title",
        "a published share against the simulated one, the gap in points",
        "a large gap is shown as it is",
        "the coverage section",
        "a process and how it is covered",
    ],
)
def test_the_report_has(lines, line):
    assert line in lines


def test_the_run_is_described(lines):
    assert lines[2].startswith(
        "Baseline: scenarios/baseline.yaml, 100,000 families (seed 20260401), "
        "24 months from 2026-05-01; simulated values over the last four quarters."
    )


def test_the_source_column_stays_in_the_csv_only(lines):
    assert not any("a blog" in line for line in lines)


def test_reform_estimates_are_shown_side_by_side():
    import pandas as pd

    from simulator.reports.validation import reform_estimates_wide

    rows = pd.DataFrame(
        [
            ["poverty_change", "dwp_static", -10_500.0, -28_600.0, -3_000.0, "children"],
            ["poverty_change", "dynamic", 6_300.0, 6_300.0, 6_300.0, "children"],
            ["money", "dwp_static", 211e6, 47e6, 563e6, "GBP a year"],
            ["money", "dynamic", -46e6, -46e6, -46e6, "GBP a year"],
        ],
        columns=["estimate", "method", "value", "low", "high", "unit"],
    )
    wide = reform_estimates_wide(rows).set_index("estimate")
    assert wide.loc["poverty_change", "DWP's static method"] == "-10,500 (-28,600 to -3,000)"
    assert wide.loc["poverty_change", "the model (dynamic)"] == "+6,300"
    assert wide.loc["money", "the model (dynamic)"] == "GBP -46.0m"
