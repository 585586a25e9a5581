"""The validation report's Markdown (``cms-sim validate``,
``validation_report.md``, and the dashboard's "Calibration and validation").

The tables come from :func:`simulator.experiments.validation.validation_table`
(published figures not used in fitting, against the simulated ones) and
:func:`simulator.experiments.validation.coverage_table` (what is simulated,
partly simulated, imputed or excluded); this module only lays them out.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from simulator.reports.formatting import format_value, markdown_table

__all__ = ["reform_estimates_markdown", "reform_estimates_wide", "validation_markdown"]

VALIDATION_COLUMNS = ["id", "quantity", "period", "published", "simulated", "gap", "comparison"]
MONEY_COLUMNS = ["id", "quantity", "period", "published", "simulated", "ratio", "status"]


def validation_markdown(
    table: pd.DataFrame,
    coverage: pd.DataFrame,
    scenario_file: str,
    families: int,
    seed: int,
    months: int,
    start: dt.date,
    money: pd.DataFrame | None = None,
    estimates: pd.DataFrame | None = None,
) -> str:
    """The whole report: the baseline run described by its scenario file,
    population size, seed, months and start; shares as percentages and gaps in
    percentage points."""
    shown = table.assign(
        published=[format_value(v, "share") for v in table.published],
        simulated=[format_value(v, "share") for v in table.simulated],
        gap=[f"{g * 100:+.1f} points" for g in table.gap],
    )
    return "\n".join(
        [
            "# Validation report",
            "",
            f"Baseline: {scenario_file}, {families:,} families (seed {seed}), "
            f"{months} months from {start}; simulated values over the last "
            "four quarters. These published figures were **not** used to fit the population "
            "or the behaviour (those are in the calibration report); the gaps are as they are.",
            "",
            markdown_table(shown[VALIDATION_COLUMNS]),
            *_money_section(money),
            *reform_estimates_markdown(estimates),
            "## What is simulated (S), partly simulated (PS), imputed (I) or excluded (E)",
            "",
            markdown_table(coverage),
        ]
    )


def _money_section(money: pd.DataFrame | None) -> list[str]:
    """Money rows: GBP a year (stocks in GBP), the ratio simulated / published."""
    if money is None or money.empty:
        return []

    def gbp(v) -> str:
        return "" if pd.isna(v) else f"GBP {v / 1e6:,.1f}m"

    shown = (
        money.assign(
            published=[gbp(v) for v in money.published_gbp],
            simulated=[gbp(v) for v in money.simulated_gbp],
            ratio=["" if pd.isna(r) else f"{r:.2f}" for r in money.ratio],
        )
        .astype(object)
        .fillna("")
    )
    return [
        "## Money",
        "",
        "Every money row of data/targets.csv: those not fitted against the baseline's "
        "annual figure (flows a year; stocks at the date), fitted ones in the calibration "
        "report, and the others with the reason they are not compared.",
        "",
        markdown_table(shown[MONEY_COLUMNS]),
    ]


def reform_estimates_wide(estimates: pd.DataFrame) -> pd.DataFrame:
    """reform_estimates.csv side by side: one row per estimate, DWP's static
    method and the model's dynamic one in columns (value and range)."""

    def shown(row) -> str:
        if pd.isna(row.value):
            return ""
        unit = "gbp" if "GBP" in row.unit else "count"
        fmt = (lambda v: f"GBP {v / 1e6:+,.1f}m") if unit == "gbp" else (lambda v: f"{v:+,.0f}")
        text = fmt(row.value)
        if row.low != row.high:
            text += f" ({fmt(row.low)} to {fmt(row.high)})"
        return text

    out = {}
    for estimate, group in estimates.groupby("estimate", sort=False):
        cells = {r.method: shown(r) for r in group.itertuples()}
        out[estimate] = {
            "estimate": estimate,
            "unit": group.unit.iloc[0],
            "DWP's static method": cells.get("dwp_static", ""),
            "the model (dynamic)": cells.get("dynamic", ""),
        }
    return pd.DataFrame(list(out.values()))


def reform_estimates_markdown(estimates: pd.DataFrame | None) -> list[str]:
    """The single collection service by DWP's static method and by the model."""
    if estimates is None or estimates.empty:
        return []
    return [
        "",
        "## The single collection service: DWP's static method beside the model's",
        "",
        "DWP's published method (June 2025), replicated on the model's population at the "
        "population date: average Direct Pay amounts by family size, the survey's 60% who "
        "receive everything, the rest made whole by collection less the 2% fee, no "
        "behavioural response (range: the survey share's and the partial receipt's ranges). "
        "The model's estimate is its own comparison of the scenario against the baseline "
        "(one run: no range). A negative change is fewer children in poverty. The rows "
        "below the first are the channels that separate the two: the money reaching "
        "receiving parents, the Direct Pay shortfall made whole, and the caseload.",
        "",
        markdown_table(reform_estimates_wide(estimates)),
        "",
    ]
