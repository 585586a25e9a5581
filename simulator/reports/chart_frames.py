"""The data behind the dashboard's charts, in plain words and readable units.

Each function takes a table a comparison returns (``metrics``, ``monthly``,
``quarterly``, ``deciles``, ``distribution``, a sensitivity table) and the
scenarios' names, and returns the small long table one chart draws: only the
columns it uses (each chart embeds its data in the page, so every column
and row kept is sent to the browser and parsed there), money in £ millions,
quarters dated ("2027 Q1"), and the names a reader sees (scenarios by name,
"Better off / No change / Worse off", assumptions by their register label).
The colours of the scenarios are defined here once, so current law is the
same grey and each reform the same hue on every chart of a comparison.

The charts themselves (Altair) are in ``dashboard/charts.py``; nothing here
imports Streamlit or Altair.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from simulator.inputs.assumptions import AssumptionSet
from simulator.reports.formatting import GBP_PER_MILLION, show_with_unit

__all__ = [
    "CURRENT_LAW_COLOUR",
    "MILLION",
    "OUTCOMES",
    "OUTCOME_COLOURS",
    "REFORM_PALETTE",
    "compliance_frame",
    "decile_change_frame",
    "distribution_frame",
    "outcome_shares_frame",
    "over_time_frame",
    "poverty_frame",
    "quarter_label",
    "scenario_colours",
    "tornado_frame",
]

#: Money on the charts is shown in £ millions.
MILLION = GBP_PER_MILLION
#: Current law's colour on every chart: a dark grey, so the reforms stand out.
CURRENT_LAW_COLOUR = "#4d4d4d"
#: The reforms' colours, in the order they are compared: the Okabe-Ito
#: palette (Okabe and Ito, "Color Universal Design", 2008), clearly different
#: hues that stay apart for colour-blind readers, without its yellow (too
#: pale on white) and black (current law's). Past seven reforms they repeat.
REFORM_PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#8C564B")

#: The winners-and-losers outcomes: the deciles table's column -> the name
#: shown, in the order they are stacked (better off at the bottom).
OUTCOMES = {
    "winners_share": "Better off",
    "unchanged_share": "No change",
    "losers_share": "Worse off",
}
#: Their colours: green, light grey, orange-red (as the outcomes above).
OUTCOME_COLOURS = ("#1b9e77", "#d9d9d9", "#d95f02")

#: The deciles table's households, as shown.
HOUSEHOLDS = {"receiving": "Receiving parents' households", "paying": "Paying parents' households"}

#: The monthly series of each over-time chart: column -> name shown.
POVERTY_SERIES = {
    "children_in_poverty_receiving_ahc": "Children, receiving households",
    "children_in_poverty_paying_ahc": "Children, paying parents' households",
    "paying_parents_in_poverty_ahc": "Paying parents",
}
MONEY_SERIES = {
    "due": "Due",
    "paid": "Paid by paying parents",
    "received": "Received by receiving parents",
}
ARREARS_SERIES = {"arrears_stock": "Arrears owed"}

#: The poverty headline's metrics and their names.
POVERTY_MEASURES = {
    "children_in_relative_poverty_bhc": "Before housing costs (BHC)",
    "children_in_relative_poverty_ahc": "After housing costs (AHC)",
}

#: The distribution table's groupings and groups, as shown.
DISTRIBUTION_GROUPINGS = {"nation": "Nation", "children": "Children", "service": "Arrangement"}
DISTRIBUTION_GROUP_NAMES = {
    "england": "England",
    "wales": "Wales",
    "scotland": "Scotland",
    "1": "1 child",
    "2": "2 children",
    "3 or more": "3 or more",
    "direct_pay": "Direct Pay",
    "collect_and_pay": "Collect and Pay",
    "family_based": "Family-based",
    "none": "None",
}
#: The distribution measure charted.
DISTRIBUTION_MEASURE = "child_poverty_rate_ahc"

#: The charts' data is rounded before it is sent to the browser (a float's
#: 17 digits are most of a chart's size): people and children to whole
#: numbers, £ millions to £10,000, shares to a hundredth of a point, and
#: £ a year to the penny.
DIGITS = {"count": 0, "millions": 2, "share": 4, "gbp": 2}

#: A quarter of the CMS's quarterly statistics is three months long; the
#: first quarter of a run may be part of one (fewer months), and is left out.
MONTHS_IN_QUARTER = 3


def scenario_colours(names: list[str]) -> tuple[list[str], list[str]]:
    """The colour scale of the scenarios ``names`` (current law first): the
    domain (the names) and the range (current law's grey, then the palette)."""
    colours = [CURRENT_LAW_COLOUR]
    colours += [REFORM_PALETTE[i % len(REFORM_PALETTE)] for i in range(len(names) - 1)]
    return list(names), colours


def quarter_label(end: dt.date | str) -> str:
    """A calendar quarter named by its year and number: the quarter ending
    31 March 2027 is "2027 Q1"."""
    day = dt.date.fromisoformat(end) if isinstance(end, str) else end
    return f"{day.year} Q{(day.month - 1) // MONTHS_IN_QUARTER + 1}"


def _named(frame: pd.DataFrame, names: dict) -> pd.DataFrame:
    return frame.assign(scenario=frame.scenario.map(names).fillna(frame.scenario))


def over_time_frame(
    monthly: pd.DataFrame, names: dict, series: dict[str, str], scale: float = 1.0
) -> pd.DataFrame:
    """Monthly ``series`` (column -> name) per scenario, long: scenario,
    month (ISO date), series, value (divided by ``scale``, e.g.
    :data:`MILLION` for £m)."""
    columns = [c for c in series if c in monthly]
    long = monthly.melt(
        id_vars=["scenario", "month"], value_vars=columns, var_name="series", value_name="value"
    )
    return _named(long, names).assign(
        month=lambda d: d.month.astype(str),
        series=lambda d: d.series.map(series),
        value=lambda d: (d.value / scale).round(
            DIGITS["millions" if scale == MILLION else "count"]
        ),
    )[["scenario", "month", "series", "value"]]


def compliance_frame(quarterly: pd.DataFrame, names: dict) -> pd.DataFrame:
    """Collect and Pay cases paying something, by full quarter: scenario,
    quarter ("2027 Q1"), share."""
    full = quarterly[quarterly.months == MONTHS_IN_QUARTER]
    return _named(full, names).assign(
        quarter=lambda d: d.quarter_end.map(quarter_label),
        share=lambda d: d.collect_and_pay_paid_some_share.round(DIGITS["share"]),
    )[["scenario", "quarter", "share"]]


def poverty_frame(metrics: pd.DataFrame, names: dict) -> pd.DataFrame:
    """Children in poverty in receiving households, BHC and AHC: scenario,
    measure, value, low, high (whole children)."""
    rows = metrics[metrics.metric.isin(list(POVERTY_MEASURES))]
    whole = {c: rows[c].round(DIGITS["count"]) for c in ("value", "low", "high")}  # children
    return _named(rows.assign(**whole), names).assign(
        measure=lambda d: d.metric.map(POVERTY_MEASURES)
    )[["scenario", "measure", "value", "low", "high"]]


def distribution_frame(distribution: pd.DataFrame | None, names: dict) -> pd.DataFrame:
    """Child poverty (AHC) by nation, number of children and arrangement:
    scenario, grouping, group, share."""
    if distribution is None or distribution.empty:
        return pd.DataFrame(columns=["scenario", "grouping", "group", "share"])
    rates = distribution[distribution.measure == DISTRIBUTION_MEASURE]
    return _named(rates, names).assign(
        grouping=lambda d: d.group_by.map(DISTRIBUTION_GROUPINGS),
        group=lambda d: d.group.map(DISTRIBUTION_GROUP_NAMES).fillna(d.group),
        share=lambda d: d.value.round(DIGITS["share"]),
    )[["scenario", "grouping", "group", "share"]]


def decile_change_frame(deciles: pd.DataFrame, names: dict) -> pd.DataFrame:
    """The average change in £ a year by income decile: scenario, household,
    decile, change."""
    return _named(deciles, names).assign(
        household=lambda d: d.household.map(HOUSEHOLDS).fillna(d.household),
        change=lambda d: d.mean_change_gbp_annual.round(DIGITS["gbp"]),
    )[["scenario", "household", "decile", "change"]]


def outcome_shares_frame(deciles: pd.DataFrame, names: dict) -> pd.DataFrame:
    """The shares better off, unchanged and worse off by income decile, long:
    scenario, household, decile, outcome, order (the stacking order), share.

    The shares are clipped to 0-1 and scaled to sum to one in each decile
    (rounding can leave a share a hair below zero, which a stacked chart draws
    below the axis); a decile with no households is left out."""
    shares = deciles[list(OUTCOMES)].astype(float).clip(lower=0.0, upper=1.0)
    total = shares.sum(axis=1)
    kept = total > 0
    shares = shares[kept].div(total[kept], axis=0)
    wide = pd.concat([deciles.loc[kept, ["scenario", "household", "decile"]], shares], axis=1)
    long = wide.melt(
        id_vars=["scenario", "household", "decile"],
        value_vars=list(OUTCOMES),
        var_name="outcome",
        value_name="share",
    )
    order = {o: i for i, o in enumerate(OUTCOMES)}
    long = long.assign(
        order=long.outcome.map(order),
        outcome=long.outcome.map(OUTCOMES),
        share=long.share.round(DIGITS["share"]),
    )
    return _named(long, names).assign(
        household=lambda d: d.household.map(HOUSEHOLDS).fillna(d.household)
    )[["scenario", "household", "decile", "outcome", "order", "share"]]


def tornado_frame(table: pd.DataFrame, assumptions: AssumptionSet) -> pd.DataFrame:
    """A sensitivity table (``simulator.experiments.sensitivity``) for the
    tornado, long: assumption (its register label), end ("Low end of its
    range" / "High end of its range"), value, central, and the range moved
    through in words."""
    if table.empty:
        return pd.DataFrame(columns=["assumption", "end", "value", "central", "range"])

    def label(path: str) -> str:
        return assumptions[path].label if path in set(assumptions) else path

    def moved(path: str) -> str:
        if path not in set(assumptions):
            return ""
        item = assumptions[path]
        return f"{show_with_unit(item.low, item.unit)} to {show_with_unit(item.high, item.unit)}"

    ends = {"metric_at_low": "Low end of its range", "metric_at_high": "High end of its range"}
    long = table.assign(
        label=table.assumption.map(label),
        range=table.assumption.map(moved),
    ).melt(
        id_vars=["label", "range", "metric_central"],
        value_vars=list(ends),
        var_name="end",
        value_name="value",
    )
    return long.assign(end=long.end.map(ends), value=long.value.astype(float)).rename(
        columns={"label": "assumption", "metric_central": "central"}
    )[["assumption", "end", "value", "central", "range"]]
