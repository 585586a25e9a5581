"""The compare page's "Why" section: the selected reform's change in a metric
split into channels (a waterfall) with its plain-English sentence. Only the
reform being looked at is decomposed (its counterfactual runs, cached), from
the comparison's own baseline and reform metrics."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.charts import metric_axis
from dashboard.loaders import BASELINE, channels
from dashboard.widgets import download
from simulator.dynamics.state import CHANNELS
from simulator.experiments.channels import CHANNEL_METRICS, TOTAL, channel_sentence
from simulator.outcomes.labels import metric_label

#: Colours of a rise, a fall and the total.
COLOURS = ["#1b9e77", "#d95f02", "#555555"]
#: The channels' names on the chart.
SHORT = {
    "mechanical": "Mechanical",
    "compliance": "Compliance",
    "service": "Service moves and caseload",
    "enforcement": "Enforcement",
    "households": "Households' own responses",
    TOTAL: "Total change",
}


def waterfall(table: pd.DataFrame, metric: str) -> alt.Chart:
    """A bar from each channel's running start to its end, and the total
    (money in £m, shares in %, counts whole)."""
    scale, axis, tooltip_format, unit = metric_axis(metric)
    rows = table[table.metric == metric].set_index("channel").value / scale
    steps = [(c, float(rows[c])) for c in CHANNELS]
    start, frame = 0.0, []
    for channel, value in steps:
        end = start + value
        frame.append({"channel": SHORT[channel], "start": start, "end": end, "value": value})
        start += value
    total = float(rows[TOTAL])
    frame.append({"channel": SHORT[TOTAL], "start": 0.0, "end": total, "value": total})
    data = pd.DataFrame(frame).assign(
        kind=lambda d: ["total" if c == SHORT[TOTAL] else ("up" if v >= 0 else "down")
                        for c, v in zip(d.channel, d.value, strict=True)]
    )  # fmt: skip
    order = [SHORT[c] for c in (*CHANNELS, TOTAL)]
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X(
                "channel:N",
                sort=order,
                title=None,
                # a label in lines of words, so a long channel name is not cut
                axis=alt.Axis(labelAngle=0, labelExpr="split(datum.label, ' ')"),
            ),
            y=alt.Y("start:Q", title=f"Change ({unit})", axis=alt.Axis(**axis)),
            y2="end:Q",
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(domain=["up", "down", "total"], range=COLOURS),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("channel:N", title="Channel"),
                alt.Tooltip("value:Q", title=f"Change ({unit})", format=tooltip_format),
            ],
        )
        .properties(height=280)
    )


def channels_section(results: dict, specs: tuple, replications: int, families: int) -> None:
    """The waterfall of the reform and metric chosen, with the sentence."""
    reforms = [k for k in results["keys"] if k != BASELINE]
    if not reforms or len(specs) < 2:
        return
    names = results["names"]
    st.subheader("Why: the change split into channels")
    left, right = st.columns(2)
    reform = left.selectbox("Reform", reforms, format_func=names.get, key="channels-reform")
    present = set(results["metrics"].metric)
    metric = right.selectbox(
        "Metric",
        [m for m in CHANNEL_METRICS if m in present],
        format_func=metric_label,
        key="channels-metric",
    )
    table = channels(specs, replications, reform, families)
    st.markdown(channel_sentence(table, reform, names[reform], metric))
    st.altair_chart(waterfall(table, metric), width="stretch")
    st.caption(
        "Counterfactual runs on the same families and draws switch the reform on one channel "
        f"after another ({', '.join(SHORT[c].lower() for c in CHANNELS)}); each bar is the "
        "difference between successive runs, so the bars add up to the total exactly, and a "
        "channel is measured with those before it on. No household process responds to CMS "
        "policy: that channel is zero. Central run only (no range)."
    )
    download(table, f"channels-{reform}", "Download the channels (CSV)")
