"""What the Sweeps page shows, without Streamlit: what a sweep varies in plain
words, and the data of its chart with plain column names and axis titles.

A sweep's summary (:func:`simulator.experiments.sweep.read_sweep_results`) has
one column per swept setting, named by its path (``fees.collection.
receiving_parent_rate``). A chart library reads the dots of such a name as
nested fields and draws nothing, so the chart's data renames it (:data:`SETTING`)
and titles the axis with the setting's label and unit from the parameter files
or the assumption register. Values are put in the units a reader uses:
proportions as %, money as £ (in £m from a million), counts as whole numbers;
:class:`Scale` says how, and gives the axis ticks their units.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from simulator.experiments.sweep import Sweep, SweepError, read_sweep_results, run_sweep
from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.parameters import load_parameters
from simulator.outcomes.labels import metric_label, unit_text
from simulator.reports.formatting import GBP_PER_MILLION, WHOLE_NUMBERS_FROM, show_with_unit
from simulator.scenarios.levers import switch_summary

__all__ = [
    "GROUP",
    "SETTING",
    "Scale",
    "SweepChart",
    "describe_sweep",
    "metric_options",
    "run_here",
    "scale_for",
    "setting_label",
    "sweep_chart",
]

#: The chart data's column of the first swept setting (a plain name: no dots).
SETTING = "setting"
#: The column of the second swept setting, if any (one line per value).
GROUP = "other setting"
#: Units shown as percentages: the metrics' shares and the parameters' proportions.
PERCENT_UNITS = ("share", "/1")
#: Units of money: the metrics' and the parameter files'.
MONEY_UNITS = ("GBP", "currency-GBP")
#: Units that say nothing an axis title needs ("number", "yes or no").
NO_TITLE_UNITS = ("count", "bool", "")
#: Values shown first when a sweep's values are listed in words; more are elided.
VALUES_LISTED = 6


@dataclass(frozen=True)
class Scale:
    """How values of one unit are shown: multiplied by ``factor``, written
    ``prefix`` + number with ``decimals`` + ``suffix``; ``unit`` is the
    axis title's unit in words ("" for none)."""

    factor: float
    decimals: int
    prefix: str = ""
    suffix: str = ""
    unit: str = ""

    def text(self, value: float) -> str:
        """``value`` (in the model's units) as a reader sees it."""
        if value != value:
            return "–"
        return f"{self.prefix}{value * self.factor:,.{self.decimals}f}{self.suffix}"

    def tick_expression(self) -> str:
        """A Vega expression writing an axis tick (already scaled) with its units."""
        return f"'{self.prefix}' + format(datum.value, ',.{self.decimals}f') + '{self.suffix}'"

    def title(self, label: str) -> str:
        """An axis title: ``label`` and the unit (after a comma if the label
        ends in brackets of its own)."""
        if not self.unit:
            return label
        return f"{label}, {self.unit}" if label.endswith(")") else f"{label} ({self.unit})"


def scale_for(unit: str, largest: float) -> Scale:
    """The :class:`Scale` of a unit (a metric's or a parameter's) for values
    up to ``largest`` in size: shares and proportions in % (one decimal),
    money in £ or, from :data:`GBP_PER_MILLION`, in £m; others as numbers,
    whole from :data:`WHOLE_NUMBERS_FROM`."""
    rest = unit.split(" ", 1)[1] if " " in unit else ""  # e.g. "a year" of "GBP a year"
    if unit in PERCENT_UNITS:
        return Scale(100.0, 1, suffix="%", unit="%")
    if unit.split(" ", 1)[0] in MONEY_UNITS:
        if largest >= GBP_PER_MILLION:
            return Scale(1e-6, 0, "£", "m", " ".join(["£m", rest]).strip())
        return Scale(1.0, 0 if largest >= WHOLE_NUMBERS_FROM else 2, "£", "", unit_text(unit))
    shown = "" if unit in NO_TITLE_UNITS else unit_text(unit)
    return Scale(1.0, 0 if largest >= WHOLE_NUMBERS_FROM else 2, unit=shown)


def setting_label(target: str) -> tuple[str, str]:
    """(label, unit) of a swept setting, from its metadata: a statutory
    parameter's or an assumption's label and unit, or what a switch does."""
    parameters = load_parameters()
    if target in parameters:
        return parameters[target].label, parameters[target].unit
    assumptions = load_assumptions()
    if target in assumptions:
        item = assumptions[target]
        return f"{item.label} (assumption)", item.unit
    return f"Switched on: {switch_summary(target)}", "bool"


@dataclass(frozen=True)
class SweepChart:
    """A metric of a sweep against its first setting: ``frame`` (columns
    :data:`SETTING`, value, low, high, the texts, and :data:`GROUP` if a
    second setting is swept), the axes' titles and tick expressions."""

    frame: pd.DataFrame
    x_title: str
    y_title: str
    x_ticks: str
    y_ticks: str
    group_title: str = ""


def sweep_chart(summary: pd.DataFrame, axes: list[str], metric: str) -> SweepChart:
    """The chart data of ``metric`` in a sweep ``summary`` whose swept
    settings are the columns ``axes``: one row per point, sorted by setting,
    in the reader's units (:func:`scale_for`)."""
    rows = summary[summary.metric == metric].sort_values(axes, kind="stable")
    unit = str(rows.unit.iloc[0]) if len(rows) else ""
    largest = float(rows[["value", "low", "high"]].abs().max().max()) if len(rows) else 0.0
    y = scale_for(unit, largest)
    x_label, x_unit = setting_label(axes[0])
    x = scale_for(x_unit, float(rows[axes[0]].abs().max()) if len(rows) else 0.0)
    frame = pd.DataFrame(
        {
            SETTING: rows[axes[0]].to_numpy(dtype=float) * x.factor,
            "value": rows.value.to_numpy(dtype=float) * y.factor,
            "low": rows.low.to_numpy(dtype=float) * y.factor,
            "high": rows.high.to_numpy(dtype=float) * y.factor,
            "setting shown": [x.text(v) for v in rows[axes[0]]],
            "value shown": [y.text(v) for v in rows.value],
            "range shown": [
                f"{y.text(lo)} to {y.text(hi)}" for lo, hi in zip(rows.low, rows.high, strict=True)
            ],
            "replications": rows.replications.to_numpy(dtype=int),
        }
    )
    group_title = ""
    if len(axes) > 1:
        group_label, group_unit = setting_label(axes[1])
        frame[GROUP] = [show_with_unit(v, group_unit) for v in rows[axes[1]]]
        group_title = group_label
    return SweepChart(
        frame=frame,
        x_title=x.title(x_label),
        y_title=y.title(metric_label(metric)),
        x_ticks=x.tick_expression(),
        y_ticks=y.tick_expression(),
        group_title=group_title,
    )


def metric_options(summary: pd.DataFrame, order: tuple[str, ...] = ()) -> dict[str, str]:
    """The metrics of a sweep summary by plain name (name -> metric), in the
    sweep file's order (``order``), then the others alphabetically."""
    present = list(dict.fromkeys(summary.metric))
    ordered = [m for m in order if m in present] + sorted(m for m in present if m not in order)
    return {metric_label(m): m for m in ordered}


def describe_sweep(sweep) -> list[str]:
    """Plain-English lines saying what a :class:`~simulator.experiments.sweep.Sweep`
    varies (each setting's label, its values in its unit, from when), how the
    points combine and what it reports."""
    lines = []
    for axis in sweep.axes:
        label, unit = setting_label(axis["target"])
        values = [show_with_unit(v, unit) for v in axis["values"]]
        listed = ", ".join(values[:VALUES_LISTED]) + (
            f", … {values[-1]}" if len(values) > VALUES_LISTED else ""
        )
        start = dt.date.fromisoformat(axis["from"])
        when = f", from {start.day} {start:%B %Y}" if axis["kind"] == "parameter" else ""
        lines.append(f"{label}: {len(values)} values ({listed}){when}.")
    if len(sweep.axes) > 1:
        lines.append(f"{len(sweep.points)} combinations of these settings, each run separately.")
    names = ", ".join(metric_label(m) for m in sweep.metrics)
    lines.append(f"Reports: {names}.")
    lines.append(f"Every setting is run on the same families, starting from {sweep.base.name}.")
    return lines


def run_here(
    sweep: Sweep, progress: Callable[[int, int], None] | None = None
) -> tuple[pd.DataFrame, list[str], list[dict]]:
    """Run ``sweep`` in this process (for the dashboard: no worker processes
    to start, the replications' families kept for the next run) into a
    temporary folder, as ``cms-sim sweep`` does; its summary, the swept
    settings' columns and the failed runs. ``progress(done, total)`` after each run."""
    with tempfile.TemporaryDirectory(prefix="cms-sweep-") as folder:
        outcome = run_sweep(sweep, folder, scheduler="serial", progress=progress)
        if outcome["failed"] == outcome["tasks"]:
            first = outcome["failures"][0]["error"] if outcome["failures"] else "no runs"
            raise SweepError(f"every run of the sweep failed (the first: {first})")
        summary, axes = read_sweep_results(folder)
    return summary, axes, outcome["failures"]
