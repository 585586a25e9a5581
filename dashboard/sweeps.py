"""The "Sweeps" page: a sweep's results (``cms-sim sweep``), a metric against
the swept value with its band across replications."""

from __future__ import annotations

import altair as alt
import streamlit as st

from dashboard.widgets import download
from simulator.experiments.sweep import SweepError, read_sweep_results


def sweeps_page() -> None:
    st.write(
        "Results of a parameter sweep (`cms-sim sweep SWEEP.yaml --out FOLDER`): a metric "
        "against the swept value, with the band across replications (the 5th-95th "
        "percentiles with 20 replications or more, else the lowest and highest value)."
    )
    folder = st.text_input(
        "Sweep results folder",
        value=st.query_params.get("sweep", ""),
        key="sweep-folder",
        placeholder="e.g. sweep-rp-fee",
    )
    if not folder:
        st.info(
            "Give the --out folder of a sweep, e.g. after "
            "`cms-sim sweep sweeps/receiving-parent-fee.yaml --out sweep-rp-fee`."
        )
        return
    try:
        table, axes = read_sweep_results(folder)
    except SweepError as error:
        st.error(str(error))
        return
    if not axes or table.empty:
        st.error(f"{folder}: the sweep has no finished points yet.")
        return
    metric = st.selectbox("Metric", sorted(table.metric.unique()), key="sweep-metric")
    data = table[table.metric == metric]
    x = alt.X(f"{axes[0]}:Q", title=axes[0])
    colour = {"color": alt.Color(f"{axes[1]}:N", title=axes[1])} if len(axes) > 1 else {}
    band = alt.Chart(data).mark_area(opacity=0.25).encode(x=x, y="low:Q", y2="high:Q", **colour)
    line = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=x, y=alt.Y("value:Q", title=metric), tooltip=[*axes, "value", "low", "high"], **colour
        )
    )
    st.altair_chart((band + line).properties(height=360), width="stretch")
    download(data, "sweep")
