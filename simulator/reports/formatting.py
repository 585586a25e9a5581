"""Numbers and tables as text, the same way on every screen and in every file.

Two kinds of reader see the model's figures: the reports and the command line
(plain numbers, shares as percentages, in tables and Markdown files) and the
dashboard (money in £ or £m, changes with a sign). Each way of showing a value
is defined once here and used by ``cms-sim``, the reports and the dashboard.
"""

from __future__ import annotations

import datetime as dt
import math
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "change_colour",
    "change_direction",
    "counted",
    "format_change",
    "format_metric",
    "format_range",
    "format_value",
    "markdown_table",
    "prose_count",
    "rounded_for_download",
    "show_value",
    "show_with_unit",
]

#: Command line and reports: values at least this large are shown without decimals.
WHOLE_NUMBERS_FROM = 1000
#: Dashboard and briefing: money is shown in £m to this many decimals (£0.1m).
MONEY_DECIMALS = 1
GBP_PER_MILLION = 1e6
#: Dashboard and briefing: shares in % and changes in percentage points, to 0.1.
SHARE_DECIMALS = 1
PERCENT = 100
#: A number of children in a sentence: this many significant figures (a
#: presentation choice: a briefing reads "9,300", the table beside it 9,328).
PROSE_SIGNIFICANT_FIGURES = 2
#: Units (metrics.METRIC_UNITS, less " a year") that count people, cases or
#: things: whole numbers in downloads.
COUNTED_UNITS = frozenset(
    {"children", "paying parents", "arrangements", "cases", "families", "orders", "actions"}
)
#: Shown for a missing value on the dashboard (an en dash).
MISSING = "–"


def markdown_table(frame: pd.DataFrame, float_format: str = "{:,.4g}") -> str:
    """A GitHub-flavoured Markdown table of ``frame``."""

    def cell(value) -> str:
        if value is None or (isinstance(value, float) and value != value):
            return ""
        if isinstance(value, float):
            return float_format.format(value)
        return str(value).replace("|", "\\|").replace("\n", " ")

    header = "| " + " | ".join(map(str, frame.columns)) + " |"
    rule = "|" + "|".join("---" for _ in frame.columns) + "|"
    rows = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([header, rule, *rows]) + "\n"


def show_value(value) -> str:
    """A parameter or assumption value as short text: numbers with %g, lists in
    brackets."""
    if isinstance(value, tuple | list):
        return "[" + ", ".join(show_value(v) for v in value) + "]"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def show_with_unit(value: Any, unit: str) -> str:
    """A parameter or assumption value in words with its unit (the units of
    the parameter files and the register): yes/no, a percentage for ``/1``,
    pounds for ``currency-GBP``, a date as "6 April 2026", ``(none)`` for no value."""
    if value is None:
        return "(none)"
    if isinstance(value, dt.date):
        return f"{value:%d %B %Y}"
    if isinstance(value, bool) or unit == "bool":
        return "yes" if value else "no"
    if isinstance(value, tuple | list | np.ndarray):
        return "[" + ", ".join(show_with_unit(v, unit) for v in value) + "]"
    if unit == "/1":
        return f"{float(value):.1%}"
    if unit == "currency-GBP":
        return f"£{float(value):,.2f}".replace(".00", "")
    return f"{float(value):g} {unit}" if unit not in ("", "count") else f"{float(value):g}"


def format_value(value, unit: str) -> str:
    """A metric or report value for the command line and the report files: a
    share as a percentage (``unit`` "share"), large numbers without decimals,
    others with two; nothing for a missing value."""
    if value is None or value != value:
        return ""
    if unit == "share":
        return f"{value:.1%}"
    if abs(value) >= WHOLE_NUMBERS_FROM:
        return f"{value:,.0f}"
    return f"{value:,.2f}"


def _rounded(value: float, kind: str) -> float:
    """``value`` in the units shown (children, £m, percentage points or %),
    rounded as shown; never -0.0 (round first, then sign)."""
    if kind == "gbp":
        shown = round(float(value) / GBP_PER_MILLION, MONEY_DECIMALS)
    elif kind == "share":
        shown = round(float(value) * PERCENT, SHARE_DECIMALS)
    else:
        shown = float(round(float(value)))
    return shown + 0.0  # -0.0 + 0.0 is 0.0


def _shown(magnitude: float, kind: str, change: bool) -> str:
    if kind == "gbp":
        return f"£{magnitude:,.{MONEY_DECIMALS}f}m"
    if kind == "share":
        return f"{magnitude:.{SHARE_DECIMALS}f}" + (" points" if change else "%")
    return f"{magnitude:,.0f}"


def format_metric(value: float, kind: str) -> str:
    """A level on the dashboard and in the briefing: ``kind`` "share" (a
    percentage to 0.1%), "gbp" (£m to one decimal, whatever the size, so that
    every sum of money on a page reads alike) or "count" (whole children,
    thousands separated); a dash for a missing value."""
    if value != value:  # NaN
        return MISSING
    shown = _rounded(value, kind)
    return ("-" if shown < 0 else "") + _shown(abs(shown), kind, change=False)


def change_direction(value: float, kind: str) -> int:
    """+1, -1 or 0: the sign of a change as shown (a change that rounds to
    nothing, e.g. -0.04 points, is 0); 0 for a missing value."""
    if value != value:
        return 0
    shown = _rounded(value, kind)
    return int(shown > 0) - int(shown < 0)


def format_change(value: float, kind: str) -> str:
    """A change on the dashboard and in the briefing: shares in percentage
    points, others as :func:`format_metric`, signed with an ASCII plus or minus
    (Streamlit reads the direction of a metric's delta from it) after
    rounding, so a change that rounds to nothing has no sign ("0.0 points",
    "£0.0m", "0"); a dash for a missing value."""
    if value != value:
        return MISSING
    sign = {1: "+", -1: "-", 0: ""}[change_direction(value, kind)]
    return sign + _shown(abs(_rounded(value, kind)), kind, change=True)


def format_range(low: float, high: float, kind: str, change: bool = False) -> str:
    """ "low to high" of a level (``change`` False) or of a change; nothing
    where there is no range (low = high, one replication)."""
    if low != low or high != high or low == high:
        return ""
    shown = format_change if change else format_metric
    return f"{shown(low, kind)} to {shown(high, kind)}"


def change_colour(value: float, kind: str, good_when_lower: bool = False) -> str:
    """Streamlit's colour of a change: "off" (grey) for one that rounds to
    nothing, else "inverse" where lower is better (a fall shown green),
    "normal" otherwise."""
    if change_direction(value, kind) == 0:
        return "off"
    return "inverse" if good_when_lower else "normal"


def prose_count(value: float) -> str:
    """A number of children in a sentence: to two significant figures (9,328
    -> "9,300", 565 -> "570"), whole, without a sign; the tables beside the
    sentence give the whole number."""
    magnitude = math.floor(abs(value) + 0.5)  # halves up: 565 -> 570, not 560
    if magnitude == 0:
        return "0"
    step = 10 ** max(len(str(magnitude)) - PROSE_SIGNIFICANT_FIGURES, 0)
    return f"{math.floor(magnitude / step + 0.5) * step:,}"


def rounded_for_download(table: pd.DataFrame) -> pd.DataFrame:
    """A metrics table (``value``, ``low``, ``high``, ``unit``) as downloads
    give it: counts of people, cases and things whole (no fractional
    children), money rounded to £1, shares to 0.1 percentage point (three
    decimals of a proportion); other units (months, £ per child) as they are."""
    out = table.copy()
    decimals = [_download_decimals(str(unit)) for unit in out["unit"]]
    for column in ("value", "low", "high"):
        if column in out:
            out[column] = [
                v if d is None or v != v else round(float(v), d) + 0.0
                for v, d in zip(out[column], decimals, strict=True)
            ]
    return out


def counted(unit: str) -> bool:
    """Whether a metric's unit counts people, cases or things (whole numbers)."""
    return unit.removesuffix(" a year") in COUNTED_UNITS


def _download_decimals(unit: str) -> int | None:
    if unit.startswith("GBP"):
        return 0
    if unit == "share":
        return SHARE_DECIMALS + 2  # a proportion: 0.1 point is the third decimal
    return 0 if counted(unit) else None
