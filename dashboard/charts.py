"""The compare page's charts: child poverty, money due, paid and received,
compliance and arrears over time, gains and losses by income decile, poverty
by nation and family, and which assumptions move the results most (a tornado).

One group of charts is drawn at a time (the "Show" selector): each chart
embeds its data in the page and the browser draws every chart it is sent, so
sending one group keeps a cached reload light. The charts' data, in plain words
and readable units, is built by ``simulator.reports.chart_frames``; this module
only draws it. Money is in £ millions, shares in %, children and people with
thousands separators, and each scenario has the same colour on every chart.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.loaders import tornado, tornado_setup
from dashboard.widgets import download
from simulator.outcomes.labels import metric_label, unit_text
from simulator.outcomes.metrics import METRIC_UNITS
from simulator.reports.chart_frames import (
    ARREARS_SERIES,
    MILLION,
    MONEY_SERIES,
    OUTCOME_COLOURS,
    OUTCOMES,
    POVERTY_MEASURES,
    POVERTY_SERIES,
    compliance_frame,
    decile_change_frame,
    distribution_frame,
    outcome_shares_frame,
    over_time_frame,
    poverty_frame,
    scenario_colours,
    tornado_frame,
)

#: The groups of charts, one shown at a time.
GROUPS = (
    "Poverty",
    "Money",
    "Compliance and arrears",
    "Winners and losers",
    "By nation and family",
    "Sensitivity",
)
#: Vega-Lite label expressions: £m (money in millions) and £ (whole pounds).
POUNDS_MILLIONS = "'£' + format(datum.value, ',.0f') + 'm'"
POUNDS = "'£' + format(datum.value, ',.0f')"
#: d3 formats: whole numbers with thousands separators, one-decimal shares.
WHOLE = ",.0f"
SHARE = ".1%"
#: A month on an axis and in a tooltip.
MONTH_AXIS = "%b %Y"
MONTH_TOOLTIP = "%B %Y"
#: The tornado shows the top assumptions of a topic, largest swing first.
TORNADO_ROWS = 15
#: The tornado's height: pixels a bar, and for the axis and legend (the
#: height given is the whole chart's, legend included).
TORNADO_ROW = 36
TORNADO_FRAME = 140


def scenario_colour(colours: tuple[list[str], list[str]], legend: bool = True) -> alt.Color:
    """The scenarios' colour: current law grey, each reform its own hue."""
    domain, range_ = colours
    return alt.Color(
        "scenario:N",
        title="Scenario",
        scale=alt.Scale(domain=domain, range=range_),
        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=480)
        if legend
        else None,
    )


def poverty_bars(frame: pd.DataFrame, colours) -> alt.Chart:
    """Children in poverty in receiving households, BHC beside AHC."""
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("scenario:N", title=None, sort=colours[0], axis=alt.Axis(labels=False)),
            y=alt.Y("value:Q", title="Children", axis=alt.Axis(format=WHOLE)),
            color=scenario_colour(colours),
            column=alt.Column("measure:N", title=None, sort=list(POVERTY_MEASURES.values())),
            tooltip=[
                alt.Tooltip("scenario:N", title="Scenario"),
                alt.Tooltip("measure:N", title="Measure"),
                alt.Tooltip("value:Q", title="Children", format=WHOLE),
            ],
        )
        .properties(width=260, height=240)
    )


def over_time(
    frame: pd.DataFrame, title: str, colours, money: bool = False, height: int = 360
) -> alt.Chart:
    """A line per scenario (dashed per series where there are several) over
    the months of an :func:`~simulator.reports.chart_frames.over_time_frame`."""
    several = frame.series.nunique() > 1
    axis = alt.Axis(labelExpr=POUNDS_MILLIONS) if money else alt.Axis(format=WHOLE)
    encoding = {
        "x": alt.X("month:T", title=None, axis=alt.Axis(format=MONTH_AXIS)),
        "y": alt.Y("value:Q", title=title, axis=axis),
        "color": scenario_colour(colours),
        "tooltip": [
            alt.Tooltip("scenario:N", title="Scenario"),
            alt.Tooltip("series:N", title="Series"),
            alt.Tooltip("month:T", title="Month", format=MONTH_TOOLTIP),
            alt.Tooltip("value:Q", title=title, format=",.1f" if money else WHOLE),
        ],
    }
    if several:
        encoding["strokeDash"] = alt.StrokeDash(
            "series:N",
            title="Series",
            legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=320),
        )
    return alt.Chart(frame).mark_line().encode(**encoding).properties(height=height)


def compliance_line(frame: pd.DataFrame, colours) -> alt.Chart:
    """Collect and Pay cases paying something, by quarter."""
    title = "Paying something"
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("quarter:O", title=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("share:Q", title=title, axis=alt.Axis(format="%"), scale=alt.Scale(zero=False)),
            color=scenario_colour(colours),
            tooltip=[
                alt.Tooltip("scenario:N", title="Scenario"),
                alt.Tooltip("quarter:O", title="Quarter"),
                alt.Tooltip("share:Q", title=title, format=SHARE),
            ],
        )
        .properties(height=360)
    )


def decile_bars(frame: pd.DataFrame, colours) -> alt.Chart:
    """The average change in £ a year by income decile, per scenario."""
    title = "Average change (£ a year)"
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("decile:O", title="Income decile (1 = lowest)", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("change:Q", title=title, axis=alt.Axis(labelExpr=POUNDS)),
            color=scenario_colour(colours),
            xOffset="scenario:N",
            column=alt.Column("household:N", title=None),
            tooltip=[
                alt.Tooltip("scenario:N", title="Scenario"),
                alt.Tooltip("household:N", title="Households"),
                alt.Tooltip("decile:O", title="Income decile"),
                alt.Tooltip("change:Q", title=title, format=WHOLE),
            ],
        )
        .properties(width=300, height=240)
    )


def outcome_bars(frame: pd.DataFrame, colours) -> alt.Chart:
    """The shares better off, unchanged and worse off in each decile, stacked
    from 0 to 100% in a fixed order, a row per reform."""
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X("decile:O", title="Income decile (1 = lowest)", axis=alt.Axis(labelAngle=0)),
            y=alt.Y(
                "share:Q",
                stack="zero",
                title="Households",
                axis=alt.Axis(format="%"),
                scale=alt.Scale(domain=[0, 1], clamp=True),
            ),
            color=alt.Color(
                "outcome:N",
                title="Outcome",
                scale=alt.Scale(domain=list(OUTCOMES.values()), range=list(OUTCOME_COLOURS)),
                legend=alt.Legend(orient="bottom"),
            ),
            order=alt.Order("order:Q", sort="ascending"),
            row=alt.Row(
                "scenario:N",
                title=None,
                sort=colours[0],
                # the reform's name above its row, level, in full
                header=alt.Header(
                    labelAngle=0,
                    labelOrient="top",
                    labelAlign="left",
                    labelAnchor="start",
                    labelLimit=700,
                    labelFontWeight="bold",
                ),
            ),
            column=alt.Column("household:N", title=None),
            tooltip=[
                alt.Tooltip("scenario:N", title="Scenario"),
                alt.Tooltip("household:N", title="Households"),
                alt.Tooltip("decile:O", title="Income decile"),
                alt.Tooltip("outcome:N", title="Outcome"),
                alt.Tooltip("share:Q", title="Share of households", format=SHARE),
            ],
        )
        .properties(width=300, height=120)
    )


def distribution_bars(frame: pd.DataFrame, colours) -> alt.Chart:
    """Child poverty (AHC) by nation, number of children and arrangement."""
    return (
        alt.Chart(frame)
        .mark_bar()
        .encode(
            x=alt.X(
                "group:N",
                title=None,
                sort=None,
                axis=alt.Axis(labelAngle=0, labelExpr="split(datum.label, ' ')"),
            ),
            y=alt.Y("share:Q", title="Children in poverty", axis=alt.Axis(format="%")),
            color=scenario_colour(colours),
            xOffset=alt.XOffset("scenario:N", sort=colours[0]),
            column=alt.Column("grouping:N", title=None, sort=["Nation", "Children", "Arrangement"]),
            tooltip=[
                alt.Tooltip("scenario:N", title="Scenario"),
                alt.Tooltip("group:N", title="Group"),
                alt.Tooltip("share:Q", title="Children in poverty", format=SHARE),
            ],
        )
        .resolve_scale(x="independent", xOffset="independent")
        .properties(width=220, height=220)
    )


def metric_axis(metric: str) -> tuple[float, dict, str, str]:
    """How a metric's values are drawn: (divide by, axis settings, tooltip
    format, unit in words) — money in £m, shares in %, counts whole."""
    unit = METRIC_UNITS.get(metric.removesuffix("_change"), "")
    if unit.startswith("GBP"):
        return MILLION, {"labelExpr": POUNDS_MILLIONS}, ",.1f", unit_text(unit).replace("£", "£m")
    if unit == "share":
        return 1.0, {"format": "%"}, SHARE, "%"
    return 1.0, {"format": WHOLE}, WHOLE, unit_text(unit)


def tornado_bars(frame: pd.DataFrame, metric: str) -> alt.Chart:
    """A bar from the central value to the metric at each end of each
    assumption's range, largest swing at the top."""
    scale, axis, tooltip_format, unit = metric_axis(metric)
    data = frame.assign(value=frame.value / scale, central=frame.central / scale)
    title = f"{metric_label(metric)} ({unit})" if unit else metric_label(metric)
    order = list(dict.fromkeys(frame.assumption))
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("assumption:N", sort=order, title=None, axis=alt.Axis(labelLimit=360)),
            x=alt.X("value:Q", title=title, scale=alt.Scale(zero=False), axis=alt.Axis(**axis)),
            x2="central:Q",
            color=alt.Color(
                "end:N",
                title="Assumption at",
                scale=alt.Scale(
                    domain=["Low end of its range", "High end of its range"],
                    range=[OUTCOME_COLOURS[2], REFORM_BLUE],
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("assumption:N", title="Assumption"),
                alt.Tooltip("range:N", title="Moved from … to"),
                alt.Tooltip("end:N", title="At"),
                alt.Tooltip("value:Q", title=title, format=tooltip_format),
            ],
        )
        .properties(height=TORNADO_FRAME + TORNADO_ROW * len(order))
    )


#: The tornado's second colour (the high end): the first reform's blue.
REFORM_BLUE = "#0072B2"


def charts(results: dict) -> None:
    """The group of charts chosen, each with its data to download."""
    names = results["names"]
    colours = scenario_colours([names[k] for k in results["keys"]])
    shown = (
        st.segmented_control(
            "Show",
            GROUPS,
            default=GROUPS[0],
            required=True,  # one group is always shown: clicking it again keeps it
            key="chart",
            help="One group of charts at a time.",
        )
        or GROUPS[0]
    )
    if shown == "Poverty":
        poverty_charts(results, colours)
    elif shown == "Money":
        money_chart(results, colours)
    elif shown == "Compliance and arrears":
        compliance_and_arrears_charts(results, colours)
    elif shown == "Winners and losers":
        deciles_charts(results, colours)
    elif shown == "By nation and family":
        distribution_chart(results, colours)
    else:
        sensitivity_chart()


def poverty_charts(results: dict, colours) -> None:
    """Children in poverty (BHC and AHC), and people in poverty month by month."""
    names = results["names"]
    st.subheader("Children in poverty in receiving households")
    st.caption(
        "Children whose household income is below 60% of the median, before housing costs "
        "(BHC) and after housing costs (AHC); mean of the last 12 months."
    )
    poverty = poverty_frame(results["metrics"], names)
    st.altair_chart(poverty_bars(poverty, colours))
    download(poverty, "poverty")
    series = over_time_frame(results["monthly"], names, POVERTY_SERIES)
    if series.empty:
        return
    st.subheader("In poverty month by month (after housing costs)")
    st.caption(
        "Each household's net income that month (taxes and benefits worked out again as jobs, "
        "partners and children change), with the maintenance received or paid, against 60% "
        "of the median. The annual figures above use the mean of the last 12 months."
    )
    st.altair_chart(over_time(series, "People", colours), width="stretch")
    download(series, "poverty_by_month")


def money_chart(results: dict, colours) -> None:
    """Maintenance due, paid and received each month, in £m."""
    money = over_time_frame(results["monthly"], results["names"], MONEY_SERIES, MILLION)
    st.subheader("Maintenance due, paid and received each month (CMS)")
    st.caption(
        "£ millions a month, Great Britain. What paying parents pay includes fees, arrears and "
        "enforcement charges as well as the month's maintenance."
    )
    st.altair_chart(over_time(money, "£m a month", colours, money=True), width="stretch")
    download(money, "money")


def compliance_and_arrears_charts(results: dict, colours) -> None:
    """Collect and Pay compliance by quarter beside the arrears owed each month."""
    names = results["names"]
    st.subheader("Compliance and arrears over time")
    left, right = st.columns(2)
    quarterly = compliance_frame(results["quarterly"], names)
    left.markdown("**Collect and Pay cases paying something, by quarter**")
    left.altair_chart(compliance_line(quarterly, colours), width="stretch")
    with left:
        st.caption("Collect and Pay paying parents due to pay who paid something in the quarter.")
        download(quarterly, "compliance")
    arrears = over_time_frame(results["monthly"], names, ARREARS_SERIES, MILLION)
    right.markdown("**Arrears owed at each month's end**")
    right.altair_chart(
        over_time(arrears, "Arrears owed (£m)", colours, money=True), width="stretch"
    )
    with right:
        st.caption("Maintenance, fees and charges owed and unpaid, at each month's end.")
        download(arrears, "arrears")


def deciles_charts(results: dict, colours) -> None:
    """Average gains and losses, and the shares who win and lose, by income decile."""
    deciles, names = results["deciles"], results["names"]
    st.subheader("Gains and losses by household income decile")
    if deciles.empty:
        st.info("Choose a reform to see who gains and who loses.")
        return
    st.caption(
        "Households ranked by income into ten equal groups (deciles; 1 = the lowest tenth), "
        "each reform against current law on the same families."
    )
    changes = decile_change_frame(deciles, names)
    st.altair_chart(decile_bars(changes, colours))
    shares = outcome_shares_frame(deciles, names)
    st.markdown("**Better off, no change and worse off, by decile**")
    st.altair_chart(outcome_bars(shares, colours))
    download(shares, "winners_and_losers")


def distribution_chart(results: dict, colours) -> None:
    """Child poverty after housing costs in receiving households by nation,
    number of children and arrangement, for each scenario."""
    rates = distribution_frame(results.get("distribution"), results["names"])
    if rates.empty:
        return
    st.subheader("Child poverty by nation, number of children and arrangement")
    st.caption("Children in receiving households below 60% of the median, after housing costs.")
    st.altair_chart(distribution_bars(rates, colours))
    download(rates, "distribution")


def sensitivity_chart() -> None:
    """The tornado: a metric at the low and high end of each assumption of a
    topic, on request (each topic a few seconds, then cached)."""
    st.subheader("Which assumptions move the results most")
    small, _pop, topics = tornado_setup()
    left, right = st.columns(2)
    metrics = list(METRIC_UNITS)
    metric = left.selectbox(
        "Result",
        metrics,
        index=metrics.index("collect_and_pay_paid_some_share"),
        format_func=metric_label,
        key="tornado-metric",
    )
    topic = right.selectbox("Assumptions about", list(topics), key="tornado-topic")
    st.caption(
        f"Current law over {small.months} months on 5,000 families: each assumption of the "
        "topic moved alone to the low and the high end of its range, the others at their "
        "central values. An assumption about how a reform works does not move current law."
    )
    done = st.session_state.setdefault("tornado-done", set())
    if st.button("Run the sensitivity analysis (a few seconds)", key="tornado-run"):
        done.add((metric, topic))
    if (metric, topic) not in done:
        return
    table = tornado(metric, topic).head(TORNADO_ROWS)
    frame = tornado_frame(table, small.assumptions)
    st.altair_chart(tornado_bars(frame, metric), width="stretch")
    download(frame, "sensitivity")
