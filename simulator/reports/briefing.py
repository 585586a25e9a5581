"""The headline of each reform as a policy briefing puts it.

An MP's briefing asks, of each reform against current law: how many more or
fewer children are in poverty (before and after housing costs, in the
receiving parents' households and in the paying parents'), and how many are
lifted out and how many pushed in, since a net fall can hide children pushed
into poverty; how much more money reaches children; what it costs the
government; whether Collect and Pay compliance moves. Each change is shown
with its range where replications give one (the low and high of the change,
replication by replication, from the ``_change`` rows of ``metrics.csv``).

Everything here is a pure function of a ``metrics.csv`` table (and, for the
sentence, of the reform's channels where they were worked out): the
dashboard lays out what these return. Numbers are shown as
:mod:`simulator.reports.formatting` shows them (whole children, £m to one
decimal, percentage points); the download keeps numbers, rounded the same
way (whole children, £1, 0.1 point).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from simulator.outcomes.labels import metric_label
from simulator.reports.formatting import (
    MISSING,
    PERCENT,
    SHARE_DECIMALS,
    change_direction,
    format_change,
    format_metric,
    format_range,
    prose_count,
)

__all__ = [
    "BRIEFING",
    "MONEY",
    "Measure",
    "briefing_sentence",
    "briefing_table",
    "side_by_side",
    "side_by_side_download",
]


@dataclass(frozen=True)
class Measure:
    """A headline measure: the metric whose change (``{metric}_change``) is
    shown, its kind (:func:`simulator.reports.formatting.format_metric`) and,
    for children in poverty, the comparison's rows of the children lifted
    out and pushed in."""

    metric: str
    kind: str
    lifted: str | None = None
    pushed: str | None = None

    @property
    def label(self) -> str:
        return metric_label(self.metric)


def _poverty(households: str, basis: str) -> Measure:
    return Measure(
        f"children_in_relative_poverty{households}_{basis}",
        "count",
        f"children_lifted_out_of_poverty{households}_{basis}",
        f"children_pushed_into_poverty{households}_{basis}",
    )


#: The money reaching children (all arrangements: CMS and family-based).
MONEY = "maintenance_received_all_arrangements_annual_gbp"
#: Children in poverty after housing costs in receiving households: the
#: sentence's measure of poverty.
POVERTY_AHC = "children_in_relative_poverty_ahc"
#: The paying parents' households' children in poverty after housing costs.
PAYING_POVERTY_AHC = "children_in_relative_poverty_paying_households_ahc"
COST = "cost_to_government_annual_gbp"
#: The briefing's measures, in its order.
BRIEFING = (
    _poverty("", "bhc"),
    _poverty("", "ahc"),
    _poverty("_paying_households", "bhc"),
    _poverty("_paying_households", "ahc"),
    Measure(MONEY, "gbp"),
    Measure(COST, "gbp"),
    Measure("collect_and_pay_paid_some_share", "share"),
)
#: Units of the download's rows, by kind (money as £ a year, rounded to £1).
DOWNLOAD_UNITS = {"count": "children", "gbp": "£ a year", "share": "percentage points"}


def _rows(metrics: pd.DataFrame, scenario: str) -> pd.DataFrame:
    return metrics[metrics.scenario == scenario].set_index("metric")


def _with_range(rows: pd.DataFrame, metric: str, kind: str, change: bool = True) -> str:
    """A change (or a count) as shown, with its range in brackets where there
    is one; a dash where the metric is missing."""
    if metric not in rows.index:
        return MISSING
    row = rows.loc[metric]
    shown = (format_change if change else format_metric)(row.value, kind)
    span = format_range(row.low, row.high, kind, change=change)
    return f"{shown} ({span})" if span else shown


def briefing_table(metrics: pd.DataFrame, scenario: str) -> pd.DataFrame:
    """The reform ``scenario``'s briefing: one row per measure of
    :data:`BRIEFING` it has, with its change against current law (and range)
    and, for children in poverty, those lifted out and pushed in (and their
    ranges). Columns: Measure, Change, Lifted out, Pushed in."""
    rows = _rows(metrics, scenario)
    out = []
    for m in BRIEFING:
        if f"{m.metric}_change" not in rows.index:
            continue
        out.append(
            {
                "Measure": m.label,
                "Change": _with_range(rows, f"{m.metric}_change", m.kind),
                "Lifted out": _with_range(rows, m.lifted, m.kind, False) if m.lifted else "",
                "Pushed in": _with_range(rows, m.pushed, m.kind, False) if m.pushed else "",
            }
        )
    return pd.DataFrame(out, columns=["Measure", "Change", "Lifted out", "Pushed in"])


def _side_rows() -> list[tuple[str, str, str]]:
    """(label, metric, kind) of the side-by-side table's rows: each measure's
    change, then, for children in poverty, those lifted out and pushed in."""
    out = []
    for m in BRIEFING:
        net = ": net change" if m.lifted else ": change"
        out.append((m.label + net, f"{m.metric}_change", m.kind))
        for moved in (m.lifted, m.pushed):
            if moved:
                out.append((metric_label(moved), moved, m.kind))
    return out


def side_by_side(metrics: pd.DataFrame, reforms: list[str], names: dict) -> pd.DataFrame:
    """Every reform's briefing side by side: a row per measure (its change,
    and the children lifted out and pushed in), a column per reform (its
    change against current law, with its range), as shown on screen."""
    table = {"Measure": [label for label, _, _ in _side_rows()]}
    for key in reforms:
        rows = _rows(metrics, key)
        table[names.get(key, key)] = [
            _with_range(rows, metric, kind, change=metric.endswith("_change"))
            for _, metric, kind in _side_rows()
        ]
    return pd.DataFrame(table)


def side_by_side_download(metrics: pd.DataFrame, reforms: list[str], names: dict) -> pd.DataFrame:
    """:func:`side_by_side` as numbers, for the CSV download: measure, unit,
    and for each reform its value, low and high, rounded as shown (whole
    children, money to £1, shares' changes in percentage points to 0.1;
    empty where the reform has no such row)."""
    table = {
        "measure": pd.Series([label for label, _, _ in _side_rows()]),
        "unit": pd.Series([DOWNLOAD_UNITS[kind] for _, _, kind in _side_rows()]),
    }
    for key in reforms:
        rows = _rows(metrics, key)
        name = names.get(key, key)
        for column, suffix in (("value", ""), ("low", " (low)"), ("high", " (high)")):
            numbers = [
                _download_number(rows.loc[metric, column], kind) if metric in rows.index else None
                for _, metric, kind in _side_rows()
            ]
            table[name + suffix] = pd.Series(numbers, dtype=object)  # whole children stay whole
    return pd.DataFrame(table)


def _download_number(value: float, kind: str) -> float | int | None:
    if value != value:
        return None
    if kind == "share":
        return round(float(value) * PERCENT, SHARE_DECIMALS) + 0.0
    return round(float(value))


def _money(value: float) -> str:
    """An amount of money in a sentence, without its sign."""
    return format_metric(abs(value), "gbp")


def _channel_words(channels: list[tuple[str, float]], total: float) -> str:
    """How the reform's channels (plain name, amount; largest first) make up
    its change in the money reaching children: ", mostly <the largest> (<its
    amount>), then <the next>..." when the largest moves it the same way as
    the total and carries at least half of all the channels' movement, else
    " (<each channel and its amount>)"; nothing without channels."""
    if not channels:
        return ""
    named = [(format_change(v, "gbp"), c, v) for c, v in channels]
    (amount, first, value), rest = named[0], named[1:]
    moved = sum(abs(v) for _, v in channels)
    if value * total > 0 and abs(value) >= MOSTLY * moved:
        then = "".join(f", then {a} {c}" for a, c, _ in rest)
        return f", mostly {first} ({amount}){then}"
    return " (" + ", ".join(f"{a} {c}" for a, c, _ in named) + ")"


#: A channel is "mostly" the cause of a change if it moves it the way the
#: total goes and carries at least this share of the named channels' movement
#: (their sizes added up; a presentation choice).
MOSTLY = 0.5


def _moved(rows: pd.DataFrame, measure: Measure) -> tuple[str, str]:
    return tuple(  # type: ignore[return-value]
        prose_count(rows.loc[m, "value"]) if m in rows.index else "0"
        for m in (measure.lifted, measure.pushed)
    )


def _poverty_words(rows: pd.DataFrame, measure: Measure) -> str:
    """ "3,500 fewer children are in poverty after housing costs (9,300 lifted
    out, 5,700 pushed in)", or that none moves."""
    change = rows.loc[f"{measure.metric}_change", "value"]
    lifted, pushed = _moved(rows, measure)
    if lifted == pushed == "0" and change_direction(change, "count") == 0:
        return "no child moves into or out of poverty after housing costs"
    size = prose_count(change)
    if size == "0":
        net = "about as many children are in poverty after housing costs"
    else:
        more = "more" if change > 0 else "fewer"
        net = f"{size} {more} children are in poverty after housing costs"
    return f"{net} ({lifted} lifted out, {pushed} pushed in)"


def briefing_sentence(
    metrics: pd.DataFrame,
    scenario: str,
    name: str,
    channels: list[tuple[str, float]] | None = None,
) -> str:
    """What drives the reform ``scenario`` (called ``name``), in a sentence:
    the change in the money reaching children (through which channels, where
    they were worked out: ``channels``, the plain name and amount of each
    channel a sentence names, largest first, as
    :func:`simulator.experiments.channels.sentence_channels` gives them; the
    experiments sit above the reports, so they are handed in), the net change in
    children in poverty after housing costs with those lifted out and pushed
    in (receiving households; paying households too where any moves), and
    the change in the cost to government. Built from the headline numbers
    only: no extra run."""
    rows = _rows(metrics, scenario)
    parts = []
    if f"{MONEY}_change" in rows.index:
        money = rows.loc[f"{MONEY}_change", "value"]
        if change_direction(money, "gbp") == 0:
            parts.append(f"{name} leaves the money reaching children about the same")
        else:
            verb = "raises" if money > 0 else "lowers"
            parts.append(
                f"{name} {verb} the money reaching children by {_money(money)} a year"
                + _channel_words(channels or [], money)
            )
    else:
        parts.append(name)
    for measure in (_measure(POVERTY_AHC), _measure(PAYING_POVERTY_AHC)):
        if f"{measure.metric}_change" not in rows.index:
            continue
        words = _poverty_words(rows, measure)
        if measure.metric == PAYING_POVERTY_AHC:
            if words.startswith("no child"):
                continue
            words = "in paying parents' households, " + words
        parts.append(words)
    sentence = "; ".join(parts) + "."
    if f"{COST}_change" in rows.index:
        cost = rows.loc[f"{COST}_change", "value"]
        if change_direction(cost, "gbp"):
            more = "more" if cost > 0 else "less"
            sentence += f" It costs the government {_money(cost)} a year {more}."
    return sentence[0].upper() + sentence[1:]


def _measure(metric: str) -> Measure:
    return next(m for m in BRIEFING if m.metric == metric)
