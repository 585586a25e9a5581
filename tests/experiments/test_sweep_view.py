"""What the Sweeps page shows: a sweep summary's chart data with plain column
names, in the reader's units, one row per point; the settings in plain words;
the page's limits."""

from __future__ import annotations

import pandas as pd
import pytest

from simulator.experiments.sweep import (
    PAGE_MAX_FAMILIES,
    PAGE_MAX_TASKS,
    SweepError,
    limited_sweep,
    load_sweep,
)
from simulator.experiments.sweep_view import (
    SETTING,
    describe_sweep,
    metric_options,
    scale_for,
    sweep_chart,
)

RATE = "fees.collection.receiving_parent_rate"


def summary() -> pd.DataFrame:
    """A summary as cms-sim sweep writes it (points out of order on purpose)."""
    rows = [
        (1, 0.04, "children_in_relative_poverty_ahc", 1_810_000, 1_790_000, 1_830_000, "children"),
        (0, 0.0, "children_in_relative_poverty_ahc", 1_800_000, 1_780_000, 1_820_000, "children"),
        (0, 0.0, "collection_fees_receiving_parents_annual_gbp", 0.0, 0.0, 0.0, "GBP a year"),
        (1, 0.04, "collection_fees_receiving_parents_annual_gbp", 21e6, 20e6, 22e6, "GBP a year"),
        (0, 0.0, "collect_and_pay_share", 0.401, 0.39, 0.41, "share"),
        (1, 0.04, "collect_and_pay_share", 0.385, 0.37, 0.40, "share"),
    ]
    columns = ["point", RATE, "metric", "value", "low", "high", "unit"]
    return pd.DataFrame(rows, columns=columns).assign(replications=3)


@pytest.mark.parametrize(
    ("metric", "settings", "values", "shown", "y_title"),
    [
        (
            "children_in_relative_poverty_ahc",
            [0.0, 4.0],
            [1_800_000, 1_810_000],
            ["1,800,000", "1,810,000"],
            "Children in poverty, receiving households (AHC), children",
        ),
        (
            "collection_fees_receiving_parents_annual_gbp",
            [0.0, 4.0],
            [0.0, 21.0],
            ["£0m", "£21m"],
            "Collection fees paid by receiving parents (£m a year)",
        ),
        (
            "collect_and_pay_share",
            [0.0, 4.0],
            [40.1, 38.5],
            ["40.1%", "38.5%"],
            "Share of CMS arrangements on Collect and Pay (%)",
        ),
    ],
)
def test_the_chart_data_has_plain_columns_one_row_a_point_in_the_readers_units(
    metric, settings, values, shown, y_title
):
    chart = sweep_chart(summary(), [RATE], metric)
    frame = chart.frame
    assert not [c for c in frame.columns if "." in c]  # chart libraries read dots as nesting
    assert frame[SETTING].tolist() == settings  # sorted by setting, as percentages
    assert frame["value"].round(6).tolist() == values
    assert frame["value shown"].tolist() == shown
    assert (frame["low"] <= frame["value"]).all() and (frame["value"] <= frame["high"]).all()
    assert chart.x_title == "Collection fee, receiving parent (%)"
    assert chart.y_title == y_title


def test_the_ticks_carry_the_units():
    assert "%" in scale_for("share", 0.4).tick_expression()
    money = scale_for("GBP a year", 3e8)
    assert money.tick_expression().startswith("'£'") and money.text(2.5e8) == "£250m"
    assert scale_for("GBP", 500).text(499.5) == "£499.50"


def test_results_are_chosen_by_plain_name_in_the_sweep_files_order():
    options = metric_options(summary(), ("collect_and_pay_share",))
    assert next(iter(options)) == "Share of CMS arrangements on Collect and Pay"
    assert options["Collection fees paid by receiving parents"] == (
        "collection_fees_receiving_parents_annual_gbp"
    )
    assert not any("_" in name for name in options)


def test_the_shipped_sweep_is_described_by_its_labels_and_units():
    lines = describe_sweep(load_sweep("receiving-parent-fee"))
    assert lines[0] == (
        "Collection fee, receiving parent: 9 values "
        "(0.0%, 0.5%, 1.0%, 1.5%, 2.0%, 2.5%, … 4.0%), from 1 May 2026."
    )
    assert "Children in poverty, receiving households (AHC)" in lines[1]
    assert not any(RATE in line or "_" in line for line in lines)


@pytest.mark.parametrize(
    ("families", "replications", "expected"),
    [
        (PAGE_MAX_FAMILIES + 1, 1, "more than the page runs (20,000)"),
        (2_000, PAGE_MAX_TASKS, "choose at most 3 replications"),
    ],
)
def test_the_page_refuses_sweeps_beyond_its_limits_in_plain_words(families, replications, expected):
    with pytest.raises(SweepError, match=expected.replace("(", r"\(").replace(")", r"\)")):
        limited_sweep(load_sweep("receiving-parent-fee"), families, replications)


def test_within_the_limits_the_sweep_takes_the_pages_families_and_replications():
    sweep = limited_sweep(load_sweep("receiving-parent-fee"), 2_000, 3)
    assert (sweep.families, sweep.replications, len(sweep.points)) == (2_000, 3, 9)
