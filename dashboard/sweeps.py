"""The "Sweeps" page: run a shipped sweep (one reform at many settings) from
the page, within limits, and chart a metric against the swept setting with
its band across replications; or load the results ``cms-sim sweep`` wrote.

The page lays out what ``simulator.experiments.sweep`` runs and
``simulator.experiments.sweep_view`` describes (labels, units, chart data)."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

from dashboard.widgets import download
from simulator.experiments.sweep import (
    PAGE_MAX_FAMILIES,
    PAGE_MAX_TASKS,
    SWEEP_FOLDER,
    SweepError,
    limited_sweep,
    load_sweep,
    read_sweep_results,
)
from simulator.experiments.sweep_view import (
    GROUP,
    SETTING,
    describe_sweep,
    metric_options,
    run_here,
    sweep_chart,
)
from simulator.resources import shipped_names

#: The population sizes the page offers (the largest is its limit).
FAMILY_CHOICES = (2_000, 5_000, 10_000, PAGE_MAX_FAMILIES)
#: The page's default: a first look in seconds.
DEFAULT_FAMILIES = 5_000
#: Session-state key of the last sweep run on the page (its cache key).
LAST_RUN = "sweep-last-run"


@st.cache_resource(show_spinner=False)
def _sweep(name: str):
    return load_sweep(name)


@st.cache_data(show_spinner=False, max_entries=16)
def _run(name: str, text: str, families: int, replications: int):
    """The summary of shipped sweep ``name`` (its file ``text``: the cache
    key, with the families and replications) run on the page."""
    sweep = limited_sweep(_sweep(name), families, replications)
    bar = st.progress(0.0, text="Running the sweep…")

    def progress(done: int, total: int) -> None:
        bar.progress(done / total if total else 1.0, text=f"{done} of {total} runs done")

    result = run_here(sweep, progress)
    bar.empty()
    return result


def sweeps_page() -> None:
    st.write(
        "A sweep runs one reform at many settings, on the same families, and shows how "
        "a result moves with the setting. The shaded band is the range across "
        "replications (the lowest and highest value with fewer than 20 replications, "
        "else the 5th to 95th percentiles)."
    )
    names = shipped_names(SWEEP_FOLDER)
    if not names:
        st.info("No sweeps are shipped with this installation.")
    else:
        name = st.selectbox("Sweep", names, format_func=lambda n: _sweep(n).name, key="sweep-name")
        _shipped_sweep(name)
    with st.expander("Load results from a folder"):
        _folder_results()


def _shipped_sweep(name: str) -> None:
    sweep = _sweep(name)
    file_text = (SWEEP_FOLDER / f"{name}.yaml").read_text(encoding="utf-8")
    description = _description(file_text)
    if description:
        st.markdown(description)
    st.markdown("\n".join(f"- {line}" for line in describe_sweep(sweep)))
    points = len(sweep.points)
    most = max(PAGE_MAX_TASKS // points, 1)
    st.caption(
        f"The page runs up to {PAGE_MAX_FAMILIES:,} families and {PAGE_MAX_TASKS} runs "
        f"(settings × replications): here {points} settings, so at most {most} "
        f"replication{'s' if most != 1 else ''}. The sweep file asks for "
        f"{sweep.families:,} families and {sweep.replications} replications: run it in full "
        f"with `cms-sim sweep {name} --out FOLDER`."
    )
    left, right = st.columns(2)
    families = left.selectbox(
        "Families",
        FAMILY_CHOICES,
        index=FAMILY_CHOICES.index(DEFAULT_FAMILIES),
        format_func=lambda n: f"{n:,}",
        key="sweep-families",
    )
    replications = right.number_input(
        "Replications", min_value=1, max_value=most, value=min(3, most), key="sweep-replications"
    )
    wanted = (name, file_text, families, int(replications))
    if st.button("Run the sweep", key="sweep-run", type="primary"):
        st.session_state[LAST_RUN] = wanted
    if st.session_state.get(LAST_RUN) != wanted:
        st.info("Choose the families and replications and press Run the sweep.")
        return
    try:
        summary, axes, failures = _run(*wanted)
    except SweepError as error:
        st.error(str(error))
        return
    if failures:
        st.warning(
            f"{len(failures)} run(s) failed and are left out; the first: {failures[0]['error']}"
        )
    _chart(summary, axes, sweep.metrics, name)


def _description(text: str) -> str:
    """The sweep file's own description (its ``description`` field), if any."""
    import yaml

    try:
        tree = yaml.safe_load(text)
    except yaml.YAMLError:
        return ""
    return str(tree.get("description", "")) if isinstance(tree, dict) else ""


def _folder_results() -> None:
    folder = st.text_input(
        "Sweep results folder (the --out folder of cms-sim sweep)",
        key="sweep-folder",
        placeholder="e.g. sweep-rp-fee",
    )
    if not folder:
        st.caption(
            "For results run on the command line, e.g. "
            "`cms-sim sweep receiving-parent-fee --out sweep-rp-fee`."
        )
        return
    try:
        summary, axes = read_sweep_results(folder)
    except SweepError as error:
        st.error(str(error))
        return
    if not axes or summary.empty:
        st.error(f"{folder}: the sweep has no finished points yet.")
        return
    _chart(summary, axes, (), "folder")


def _chart(summary: pd.DataFrame, axes: list[str], order: tuple[str, ...], key: str) -> None:
    options = metric_options(summary, order)
    label = st.selectbox("Result", list(options), key=f"sweep-metric-{key}")
    chart = sweep_chart(summary, axes, options[label])
    data = chart.frame
    x = alt.X(
        f"{SETTING}:Q",
        title=chart.x_title,
        axis=alt.Axis(labelExpr=chart.x_ticks),
        scale=alt.Scale(zero=False),
    )
    y_axis, y_scale = alt.Axis(labelExpr=chart.y_ticks), alt.Scale(zero=False)
    low = alt.Y("low:Q", title=chart.y_title, axis=y_axis, scale=y_scale)
    value = alt.Y("value:Q", title=chart.y_title, axis=y_axis, scale=y_scale)
    colour = {"color": alt.Color(f"{GROUP}:N", title=chart.group_title)} if GROUP in data else {}
    tooltip = [
        alt.Tooltip("setting shown:N", title=chart.x_title),
        alt.Tooltip("value shown:N", title="Central value"),
        alt.Tooltip("range shown:N", title="Range"),
        alt.Tooltip("replications:Q", title="Replications"),
    ]
    base = alt.Chart(data)
    band = base.mark_area(opacity=0.25).encode(x=x, y=low, y2="high:Q", **colour)
    line = base.mark_line().encode(x=x, y=value, **colour)
    points = base.mark_point(filled=True, size=50).encode(x=x, y=value, tooltip=tooltip, **colour)
    st.altair_chart((band + line + points).properties(height=360), width="stretch")
    download(data, f"sweep-{key}")
