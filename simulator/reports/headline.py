"""The metrics shown on screen after a run, all of them in ``metrics.csv``.

The command line and the dashboard show different lists: the command line
prints the metric names as they are in the file (and the change against the
baseline under each), the dashboard shows labelled tiles, four to a row. Both
lists are here, side by side, so a metric added to one is seen beside the other.
"""

from __future__ import annotations

import pandas as pd

from simulator.reports.formatting import format_value

__all__ = ["COMMAND_LINE_HEADLINE", "DASHBOARD_HEADLINE", "headline_text"]

#: ``cms-sim run`` and ``cms-sim compare``: the metrics printed after a run.
COMMAND_LINE_HEADLINE = (
    "children_in_relative_poverty_bhc",
    "children_in_relative_poverty_ahc",
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
    ("children_lifted_out_of_poverty_ahc", "Children lifted out (AHC)", "count"),
    ("maintenance_received_all_arrangements_annual_gbp", "Maintenance reaching children", "gbp"),
    ("collect_and_pay_paid_some_share", "Collect and Pay: paid something", "share"),
    ("arrears_stock_end_gbp", "Arrears owed", "gbp"),
    ("collection_fees_paying_parents_annual_gbp", "Fees paid by paying parents", "gbp"),
    ("collection_fees_receiving_parents_annual_gbp", "Fees paid by receiving parents", "gbp"),
    ("cost_to_government_annual_gbp", "Cost to government a year", "gbp"),
)
#: Width of the metric-name column in :func:`headline_text`.
NAME_WIDTH = 58


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
                unit = "share" if r.unit == "share" else ""
                shown = format_value(r.value, unit)
                if r.low != r.high:
                    shown += f" ({format_value(r.low, unit)} to {format_value(r.high, unit)})"
                lines.append(f"  {metric:{NAME_WIDTH}s} {shown}")
    ranges = set(metrics["range"]) if "range" in metrics else set()
    if len(ranges) == 1 and not next(iter(ranges)).startswith("none"):
        lines.append(f"(in brackets: the {next(iter(ranges))})")
    return "\n".join(lines)
