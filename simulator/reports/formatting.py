"""Numbers and tables as text, the same way on every screen and in every file.

Two kinds of reader see the model's figures: the reports and the command line
(plain numbers, shares as percentages, in tables and Markdown files) and the
dashboard (money in £ or £m, changes with a sign). Each way of showing a value
is defined once here and used by ``cms-sim``, the reports and the dashboard.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import numpy as np
import pandas as pd

__all__ = [
    "format_change",
    "format_metric",
    "format_value",
    "markdown_table",
    "show_value",
    "show_with_unit",
]

#: Command line and reports: values at least this large are shown without decimals.
WHOLE_NUMBERS_FROM = 1000
#: Dashboard: money at least this large is shown in millions.
MILLIONS_FROM_GBP = 1e6
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


def format_metric(value: float, kind: str) -> str:
    """A headline metric on the dashboard: ``kind`` "share" (a percentage),
    "gbp" (£, or £m from a million) or "count"; a dash for a missing value."""
    if value != value:  # NaN
        return MISSING
    if kind == "share":
        return f"{value:.1%}"
    if kind == "gbp":
        return f"£{value / 1e6:,.0f}m" if abs(value) >= MILLIONS_FROM_GBP else f"£{value:,.0f}"
    return f"{value:,.0f}"


def format_change(value: float, kind: str) -> str:
    """A change in a headline metric on the dashboard: shares in percentage
    points, others signed with an ASCII plus or minus (Streamlit reads the
    direction of a metric's delta from it)."""
    if kind == "share":
        return f"{value * 100:+.1f} points"
    sign = "+" if value >= 0 else "-"
    return sign + format_metric(abs(value), kind)
