"""The metrics shown on screen after a run: the command line's list and the
dashboard's, and the command line's headline text."""

from __future__ import annotations

import pandas as pd
import pytest

from simulator.outcomes.metrics import METRIC_UNITS
from simulator.reports.headline import COMMAND_LINE_HEADLINE, DASHBOARD_HEADLINE, headline_text

#: Computed for a reform against the baseline, not in METRIC_UNITS.
REFORM_ONLY = {"children_lifted_out_of_poverty_ahc", "children_pushed_into_poverty_ahc"}


def test_every_headline_metric_is_one_the_model_computes():
    shown = [*COMMAND_LINE_HEADLINE, *(metric for metric, _, _ in DASHBOARD_HEADLINE)]
    assert not [m for m in shown if m not in METRIC_UNITS and m not in REFORM_ONLY]


def test_the_dashboard_tiles_have_a_label_and_a_kind_each():
    labels = [label for _, label, _ in DASHBOARD_HEADLINE]
    assert len(set(labels)) == len(labels)
    assert {kind for _, _, kind in DASHBOARD_HEADLINE} <= {"count", "gbp", "share"}


def row(scenario, metric, value, low=None, high=None, unit="children"):
    low = value if low is None else low
    high = value if high is None else high
    return {"scenario": scenario, "metric": metric, "value": value, "low": low, "high": high,
            "unit": unit}  # fmt: skip


@pytest.mark.parametrize(
    "rows, expected",
    [
        (
            [row("baseline", "children_in_relative_poverty_ahc", 123456.0)],
            ["baseline", "  children_in_relative_poverty_ahc" + " " * 26 + " 123,456"],
        ),
        (
            [row("reform", "collect_and_pay_paid_some_share", 0.68, 0.66, 0.7, "share")],
            ["reform", "  collect_and_pay_paid_some_share" + " " * 27 + " 68.0% (66.0% to 70.0%)"],
        ),
        (
            [
                row("reform", "arrears_stock_end_gbp_change", -1500.0, unit="gbp"),
                row("reform", "arrears_stock_end_gbp", 2.5e9, unit="gbp"),
            ],
            [
                "reform",
                "  arrears_stock_end_gbp" + " " * 37 + " 2,500,000,000",
                "  arrears_stock_end_gbp_change" + " " * 30 + " -1,500",
            ],
        ),
        (
            [row("reform", "children_pushed_into_poverty_ahc", 429.97, 400.2, 512.6)],
            ["reform", "  children_pushed_into_poverty_ahc" + " " * 26 + " 430 (400 to 513)"],
        ),
        ([row("baseline", "cms_arrangements", 5.0)], ["baseline"]),
        (
            [
                {
                    **row("baseline", "collect_and_pay_paid_some_share", 0.7, 0.68, 0.72, "share"),
                    "range": "min-max of 5 replications",
                }
            ],
            [
                "baseline",
                "  collect_and_pay_paid_some_share" + " " * 27 + " 70.0% (68.0% to 72.0%)",
                "(in brackets: the min-max of 5 replications)",
            ],
        ),
    ],
    ids=[
        "a count, no range",
        "a share with its range over replications",
        "a level then its change, in the list's order",
        "children pushed into poverty: whole children, with the range",
        "a metric not in the list is left out",
        "the range says what it is: the extremes of five replications",
    ],
)
def test_the_command_line_headline(rows, expected):
    assert headline_text(pd.DataFrame(rows)).splitlines() == expected


def test_scenarios_keep_their_order():
    rows = [row(s, "arrears_stock_end_gbp", 1.0) for s in ("baseline", "b-reform", "a-reform")]
    text = headline_text(pd.DataFrame(rows))
    assert [line for line in text.splitlines() if not line.startswith(" ")] == [
        "baseline",
        "b-reform",
        "a-reform",
    ]
