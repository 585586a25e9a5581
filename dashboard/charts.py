"""The compare page's charts: child poverty, money due, paid and received,
compliance and arrears over time, gains and losses by income decile, and which
assumptions move the results most (a tornado)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.loaders import tornado
from dashboard.widgets import download
from simulator.outcomes.metrics import METRIC_UNITS
from simulator.reports.formatting import rounded_for_download


def over_time(frame: pd.DataFrame, x: str, y: str, title: str, dash: str | None = None):
    """A line per scenario (and per ``dash``) over the months."""
    encoding = {
        "x": alt.X(f"{x}:T", title=None),
        "y": alt.Y(f"{y}:Q", title=title),
        "color": "scenario:N",
        "tooltip": ["scenario", f"{x}:T", alt.Tooltip(f"{y}:Q", format=",.0f")],
    }
    if dash:
        encoding["strokeDash"] = f"{dash}:N"
        encoding["tooltip"].insert(1, dash)
    return alt.Chart(frame).mark_line().encode(**encoding).properties(height=260)


def charts(results: dict) -> None:
    """Every chart of a comparison, each with its data to download."""
    names = results["names"]
    monthly = results["monthly"].assign(scenario=lambda d: d.scenario.map(names))
    poverty_chart(results["metrics"], names)
    poverty_over_time_chart(monthly)
    distribution_chart(results.get("distribution"), names)
    money_chart(monthly)
    compliance_and_arrears_charts(results["quarterly"], monthly, names)
    deciles_charts(results["deciles"], names)
    sensitivity_chart()


def poverty_chart(metrics: pd.DataFrame, names: dict) -> None:
    """Children in poverty in receiving households, before and after housing costs."""
    poverty = metrics[
        metrics.metric.isin(
            ["children_in_relative_poverty_bhc", "children_in_relative_poverty_ahc"]
        )
    ].assign(
        scenario=lambda d: d.scenario.map(names),
        measure=lambda d: d.metric.map(
            {
                "children_in_relative_poverty_bhc": "Before housing costs",
                "children_in_relative_poverty_ahc": "After housing costs",
            }
        ),
    )
    st.subheader("Children in poverty in receiving households")
    st.altair_chart(
        alt.Chart(poverty)
        .mark_bar()
        .encode(
            x=alt.X("scenario:N", title=None, axis=alt.Axis(labelAngle=0, labelLimit=160)),
            y=alt.Y("value:Q", title="Children"),
            color=alt.Color("scenario:N", legend=None),
            column=alt.Column("measure:N", title=None),
            tooltip=["scenario", "measure", alt.Tooltip("value:Q", format=",.0f")],
        )
        .properties(width=260, height=240),
    )
    columns = ["scenario", "measure", "value", "low", "high"]
    download(rounded_for_download(poverty)[columns], "poverty")  # whole children


#: The monthly poverty series (monthly.csv) and their names on the page.
POVERTY_SERIES_LABELS = {
    "children_in_poverty_receiving_ahc": "Children, receiving households",
    "children_in_poverty_paying_ahc": "Children, paying parents' households",
    "paying_parents_in_poverty_ahc": "Paying parents",
}


def poverty_over_time_chart(monthly: pd.DataFrame) -> None:
    """People below the poverty line month by month (after housing costs), on
    the households' simulated incomes."""
    columns = [c for c in POVERTY_SERIES_LABELS if c in monthly]
    if not columns:
        return
    series = monthly.melt(
        id_vars=["scenario", "month"], value_vars=columns, var_name="who", value_name="people"
    ).assign(who=lambda d: d.who.map(POVERTY_SERIES_LABELS))
    st.subheader("In poverty month by month (after housing costs)")
    st.caption(
        "Each household's net income that month (taxes and benefits worked out again as jobs, "
        "partners and children change), with the maintenance received or paid, against 60% "
        "of the median. The annual figures above use the mean of the last 12 months."
    )
    st.altair_chart(over_time(series, "month", "people", "People", dash="who"), width="stretch")
    download(series, "poverty_by_month")


#: The distribution table's groupings and measures shown, with their names.
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


def distribution_chart(distribution: pd.DataFrame | None, names: dict) -> None:
    """Child poverty after housing costs in receiving households by nation,
    number of children and arrangement, for each scenario."""
    if distribution is None or distribution.empty:
        return
    rates = distribution[distribution.measure == "child_poverty_rate_ahc"].assign(
        scenario=lambda d: d.scenario.map(names),
        grouping=lambda d: d.group_by.map(DISTRIBUTION_GROUPINGS),
        group=lambda d: d.group.map(DISTRIBUTION_GROUP_NAMES).fillna(d.group),
    )
    st.subheader("Child poverty by nation, number of children and arrangement")
    st.caption("Children in receiving households below 60% of the median, after housing costs.")
    st.altair_chart(
        alt.Chart(rates)
        .mark_bar()
        .encode(
            x=alt.X("group:N", title=None, sort=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title="In poverty", axis=alt.Axis(format="%")),
            color="scenario:N",
            xOffset="scenario:N",
            column=alt.Column("grouping:N", title=None, sort=list(DISTRIBUTION_GROUPINGS.values())),
            tooltip=["scenario", "group", alt.Tooltip("value:Q", format=".1%")],
        )
        .resolve_scale(x="independent")
        .properties(width=220, height=220),
    )
    download(distribution.assign(scenario=lambda d: d.scenario.map(names)), "distribution")


def money_chart(monthly: pd.DataFrame) -> None:
    """Maintenance due, paid and received each month."""
    money = monthly.melt(
        id_vars=["scenario", "month"],
        value_vars=["due", "paid", "received"],
        var_name="measure",
        value_name="gbp",
    )
    st.subheader("Maintenance due, paid and received each month (CMS)")
    st.altair_chart(over_time(money, "month", "gbp", "£ a month", dash="measure"), width="stretch")
    download(money, "money")


def compliance_and_arrears_charts(
    quarterly: pd.DataFrame, monthly: pd.DataFrame, names: dict
) -> None:
    """Collect and Pay compliance by quarter beside the arrears owed each month."""
    st.subheader("Compliance and arrears over time")
    left, right = st.columns(2)
    quarterly = quarterly.assign(scenario=lambda d: d.scenario.map(names))
    quarterly = quarterly[quarterly.months == 3]
    left.altair_chart(
        alt.Chart(quarterly)
        .mark_line(point=True)
        .encode(
            x=alt.X("quarter_end:T", title="Quarter"),
            y=alt.Y(
                "collect_and_pay_paid_some_share:Q",
                title="Collect and Pay: paid something",
                axis=alt.Axis(format="%"),
            ),
            color="scenario:N",
        )
        .properties(height=240),
        width="stretch",
    )
    with left:
        download(quarterly, "compliance")
    arrears = monthly[["scenario", "month", "arrears_stock"]]
    right.altair_chart(
        over_time(arrears, "month", "arrears_stock", "Arrears owed (£)"), width="stretch"
    )
    with right:
        download(arrears, "arrears")


def deciles_charts(deciles: pd.DataFrame, names: dict) -> None:
    """Average gains and losses, and the shares who win and lose, by income decile."""
    if not deciles.empty:
        deciles = deciles.assign(scenario=lambda d: d.scenario.map(names))
        st.subheader("Gains and losses by household income decile")
        st.altair_chart(
            alt.Chart(deciles)
            .mark_bar()
            .encode(
                x=alt.X("decile:O", title="Income decile (1 = lowest)"),
                y=alt.Y("mean_change_gbp_annual:Q", title="Average change (£ a year)"),
                color="scenario:N",
                xOffset="scenario:N",
                column=alt.Column("household:N", title=None),
                tooltip=[
                    "scenario",
                    "household",
                    "decile",
                    alt.Tooltip("mean_change_gbp_annual:Q", format=",.0f"),
                ],
            )
            .properties(width=300, height=240),
        )
        shares = deciles.melt(
            id_vars=["scenario", "household", "decile"],
            value_vars=["winners_share", "losers_share", "unchanged_share"],
            var_name="outcome",
            value_name="share",
        )
        st.altair_chart(
            alt.Chart(shares)
            .mark_bar()
            .encode(
                x=alt.X("decile:O", title="Income decile"),
                y=alt.Y("share:Q", stack="normalize", axis=alt.Axis(format="%"), title=None),
                color=alt.Color(
                    "outcome:N",
                    scale=alt.Scale(
                        domain=["winners_share", "unchanged_share", "losers_share"],
                        range=["#2a9d8f", "#d9d9d9", "#e76f51"],
                    ),
                ),
                row=alt.Row("scenario:N", title=None),
                column=alt.Column("household:N", title=None),
            )
            .properties(width=300, height=120),
        )
        download(deciles, "deciles")


def sensitivity_chart() -> None:
    """The tornado: a metric at the low and high end of each assumption, on request."""
    st.subheader("Which assumptions move the results most")
    metric = st.selectbox(
        "Metric",
        list(METRIC_UNITS),
        index=list(METRIC_UNITS).index("collect_and_pay_paid_some_share"),
        key="tornado-metric",
    )
    if st.button("Run the sensitivity analysis (about a minute)", key="tornado-run"):
        table = tornado(metric).head(15)
        long = table.melt(
            id_vars=["assumption"],
            value_vars=["metric_at_low", "metric_at_high"],
            var_name="end",
            value_name="value",
        )
        central = float(table.metric_central.iloc[0]) if not table.empty else 0.0
        st.altair_chart(
            alt.Chart(long)
            .mark_bar()
            .encode(
                y=alt.Y("assumption:N", sort=list(table.assumption), title=None),
                x=alt.X("value:Q", title=metric, scale=alt.Scale(zero=False)),
                x2=alt.X2(datum=central),
                color=alt.Color("end:N", title="Assumption at"),
            )
            .properties(height=400),
            width="stretch",
        )
        download(table, "sensitivity")
