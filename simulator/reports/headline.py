"""The metrics shown on screen after a run, all of them in ``metrics.csv``.

The command line and the dashboard show different lists: the command line
prints the metric names as they are in the file (and the change against the
baseline under each), the dashboard shows labelled tiles, four to a row. Both
lists are here, side by side, so a metric added to one is seen beside the other.

The dashboard's tiles are worked out here too (:func:`dashboard_tiles`: the
texts, colours and ranges Streamlit shows); the briefing's measures, tables
and sentences, the headline a briefing would put, are in
:mod:`simulator.reports.briefing`.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from simulator.outcomes.labels import metric_help
from simulator.reports.formatting import (
    change_colour,
    change_direction,
    counted,
    format_change,
    format_metric,
    format_range,
    format_value,
)

__all__ = [
    "COMMAND_LINE_HEADLINE",
    "DASHBOARD_HEADLINE",
    "GOOD_WHEN_LOWER",
    "Tile",
    "dashboard_tiles",
    "good_when_lower",
    "headline_text",
]

#: ``cms-sim run`` and ``cms-sim compare``: the metrics printed after a run
#: (those lifted out and pushed in: a reform's only, against the baseline).
COMMAND_LINE_HEADLINE = (
    "children_in_relative_poverty_bhc",
    "children_in_relative_poverty_ahc",
    "children_lifted_out_of_poverty_ahc",
    "children_pushed_into_poverty_ahc",
    "children_kept_out_of_poverty_by_maintenance_ahc",
    "maintenance_received_all_arrangements_annual_gbp",
    "collection_fees_receiving_parents_annual_gbp",
    "collect_and_pay_paid_some_share",
    "arrears_stock_end_gbp",
    "cost_to_government_annual_gbp",
)
#: The dashboard's headline tiles: (metric, label, kind), kind as in
#: :func:`simulator.reports.formatting.format_metric`.
DASHBOARD_HEADLINE = (
    ("children_in_relative_poverty_bhc", "Children in poverty (BHC)", "count"),
    ("children_in_relative_poverty_ahc", "Children in poverty (AHC)", "count"),
    ("maintenance_received_all_arrangements_annual_gbp", "Maintenance reaching children", "gbp"),
    ("collect_and_pay_paid_some_share", "Collect and Pay: paid something", "share"),
    ("arrears_stock_end_gbp", "Arrears owed", "gbp"),
    ("collection_fees_paying_parents_annual_gbp", "Fees paid by paying parents", "gbp"),
    ("collection_fees_receiving_parents_annual_gbp", "Fees paid by receiving parents", "gbp"),
    ("cost_to_government_annual_gbp", "Cost to government a year", "gbp"),
)
#: Width of the metric-name column in :func:`headline_text`.
NAME_WIDTH = 58


def _command_line_value(value: float, unit: str) -> str:
    """A headline value: a share as a percentage, people and cases whole, others
    as :func:`format_value` shows them."""
    if counted(unit) and value == value:
        return f"{value:,.0f}"
    return format_value(value, "share" if unit == "share" else "")


def headline_text(metrics: pd.DataFrame) -> str:
    """The command line's headline: for each scenario of a ``metrics.csv``
    table, each metric of :data:`COMMAND_LINE_HEADLINE` and its change, with
    the low-high range where replications give one."""
    lines = []
    for scenario, rows in metrics.groupby("scenario", sort=False):
        lines.append(scenario)
        for name in COMMAND_LINE_HEADLINE:
            for metric in (name, f"{name}_change"):
                row = rows[rows.metric == metric]
                if row.empty:
                    continue
                r = row.iloc[0]
                shown = _command_line_value(r.value, r.unit)
                if r.low != r.high:
                    low, high = (_command_line_value(v, r.unit) for v in (r.low, r.high))
                    shown += f" ({low} to {high})"
                lines.append(f"  {metric:{NAME_WIDTH}s} {shown}")
    ranges = set(metrics["range"]) if "range" in metrics else set()
    if len(ranges) == 1 and not next(iter(ranges)).startswith("none"):
        lines.append(f"(in brackets: the {next(iter(ranges))})")
    return "\n".join(lines)


#: Words in a metric's name that make a fall good news (a fall shown green).
GOOD_WHEN_LOWER = ("poverty", "arrears", "fees", "cost_to_government")


def good_when_lower(metric: str) -> bool:
    """Whether a fall in ``metric`` is good news: fewer children in poverty,
    less arrears, fees or cost; more children lifted out is good."""
    if "lifted" in metric:
        return False
    return any(word in metric for word in GOOD_WHEN_LOWER)


@dataclass(frozen=True)
class Tile:
    """One dashboard tile as Streamlit shows it (``st.metric``): ``delta``
    None for the baseline; ``colour`` and ``arrow`` Streamlit's
    ``delta_color`` and ``delta_arrow``; ``caption`` the range, or ""."""

    label: str
    value: str
    delta: str | None
    colour: str
    arrow: str
    caption: str
    help: str


def dashboard_tiles(metrics: pd.DataFrame, scenario: str, baseline: str) -> list[Tile]:
    """The tiles of :data:`DASHBOARD_HEADLINE` for ``scenario`` from a
    ``metrics.csv`` table: each level, and for a reform its change against
    ``baseline`` (rounded, then signed: no sign and no colour for a change
    that rounds to nothing) with the range of the CHANGE where replications
    give one (the baseline: the range of the level)."""
    rows = metrics.set_index(["scenario", "metric"])
    tiles = []
    for metric, label, kind in DASHBOARD_HEADLINE:
        if (scenario, metric) not in rows.index:
            continue
        row = rows.loc[(scenario, metric)]
        delta, colour, arrow, caption = None, "normal", "auto", ""
        changed = (scenario, f"{metric}_change")
        if scenario != baseline and changed in rows.index:
            change = rows.loc[changed]
            delta = format_change(change.value, kind)
            colour = change_colour(change.value, kind, good_when_lower(metric))
            arrow = "auto" if change_direction(change.value, kind) else "off"
            shown = format_range(change.low, change.high, kind, change=True)
            caption = f"{_range_name(change)} of the change: {shown}" if shown else ""
        else:
            shown = format_range(row.low, row.high, kind)
            caption = f"{_range_name(row)}: {shown}" if shown else ""
        tiles.append(
            Tile(label, format_metric(row.value, kind), delta, colour, arrow, caption,
                 metric_help(metric))
        )  # fmt: skip
    return tiles


def _range_name(row: pd.Series) -> str:
    """What a row's low and high are (the extremes of a few replications, or
    percentiles), capitalised."""
    text = str(row["range"]) if "range" in row.index else "range"
    return text[0].upper() + text[1:]
