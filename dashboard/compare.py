"""The "Compare reforms" page: each reform's briefing (a sentence, its
changes in children in poverty with those lifted out and pushed in, money,
cost, compliance), the headline tiles for current law and each reform (with
changes and ranges), the reforms side by side, the run's provenance, and the
charts. Everything shown is built in ``simulator.reports``."""

from __future__ import annotations

import streamlit as st

from dashboard.briefing import briefing_button
from dashboard.channels import channels_section
from dashboard.charts import charts
from dashboard.loaders import BASELINE, run
from dashboard.sidebar import build_specs
from dashboard.widgets import download
from simulator.errors import SimulatorError
from simulator.experiments.channels import sentence_channels
from simulator.outcomes.poverty import MONTHS_IN_YEAR
from simulator.reports.briefing import (
    MONEY,
    briefing_sentence,
    briefing_table,
    side_by_side,
    side_by_side_download,
)
from simulator.reports.formatting import rounded_for_download
from simulator.reports.headline import dashboard_tiles


def headline(results: dict) -> None:
    """Each scenario's tiles; for each reform first the briefing: what drives
    it in a sentence and its changes in children in poverty (net, lifted out,
    pushed in), money, cost and compliance, with their ranges; with several
    reforms, the reforms side by side. No widget: it may be drawn twice a run
    (the central run's, then with the ranges)."""
    metrics = results["metrics"]
    for key in results["keys"]:
        name = results["names"][key]
        st.markdown(f"#### {name}")
        if key != BASELINE:
            # the channels come with a single reform's run only; never run here
            channels = sentence_channels(results["channels"], key, MONEY)
            st.markdown(briefing_sentence(metrics, key, name, channels))
            st.table(briefing_table(metrics, key), hide_index=True)
        columns = st.columns(4)
        for shown, tile in enumerate(dashboard_tiles(metrics, key, BASELINE)):
            column = columns[shown % 4]
            column.metric(
                tile.label,
                tile.value,
                delta=tile.delta,
                delta_color=tile.colour,
                delta_arrow=tile.arrow,
                help=tile.help,
            )
            if tile.caption:
                column.caption(tile.caption)
    side_by_side_section(results)


def scenario_files(results: dict) -> None:
    """What each reform changes, in words, and its scenario file to keep."""
    for key in results["keys"]:
        if key == BASELINE:
            continue
        with st.expander(f"What this scenario changes: {results['names'][key]}"):
            st.markdown("\n".join(f"- {line}" for line in results["summaries"][key]))
            st.download_button(
                "Download the scenario (YAML)",
                results["texts"][key].encode(),
                f"{key}.yaml",
                "text/yaml",
                key=f"yaml-{key}",
            )


def side_by_side_section(results: dict) -> None:
    """Every reform's changes against current law side by side (with several reforms)."""
    reforms = [k for k in results["keys"] if k != BASELINE]
    if not reforms:
        return
    metrics, names = results["metrics"], results["names"]
    if len(reforms) > 1:  # one reform: its briefing above is the table
        st.subheader("The reforms side by side")
        st.table(side_by_side(metrics, reforms, names), hide_index=True)
        ranges = set(metrics["range"]) if "range" in metrics else set()
        st.caption(
            "Each reform's change against current law, over the last 12 months"
            + (f"; in brackets: the {next(iter(ranges))}." if len(ranges) == 1 and
               not next(iter(ranges)).startswith("none") else ".")
        )  # fmt: skip


def provenance(results: dict) -> None:
    run_info = results["run"]
    digests = ", ".join(f"{k}: {v}" for k, v in run_info["parameter_digests"].items())
    window = min(run_info["months"], MONTHS_IN_YEAR)
    st.caption(
        f"Model {run_info['model_version']} · population {run_info['population_size']:,} "
        f"synthetic families (seed {run_info['population_seed']}), {run_info['months']} months "
        f"from {run_info['start']}, {run_info['replications']} replication(s) · parameter "
        f"hashes {digests}. Annual figures for Great Britain over the last {window} months"
        + (" (scaled to a year)." if window < MONTHS_IN_YEAR else ".")
    )


def exports(results: dict) -> None:
    """The results to take away: the briefing (PDF), the headline changes and all results."""
    left, middle, right = st.columns(3)
    with left:
        briefing_button(results)
    reforms = [k for k in results["keys"] if k != BASELINE]
    if reforms:
        with middle:
            download(
                side_by_side_download(results["metrics"], reforms, results["names"]),
                "reforms-side-by-side",
                "Download the headline changes (CSV)",
            )
    with right:
        download(rounded_for_download(results["metrics"]), "metrics", "Download all results (CSV)")


def compare_page(choice: dict) -> None:
    """The comparison chosen. With replications, the central run comes first
    (cached on its own: a few seconds) and the whole page is drawn from it;
    the replications then run and the headline is drawn again, with its
    ranges, in the same place. The charts and channels are the central run's
    (the same in both: replication 1 is the central run)."""
    specs, errors = build_specs(choice)
    for error in errors:
        st.error(error)
    if len(specs) < 2:
        st.info("Choose a reform in the sidebar (or build or upload one) and press Run.")
    replications, families = choice["replications"], choice["families"]
    try:
        central = run(specs, 1, families)
    except SimulatorError as error:  # e.g. scenarios that cannot be compared
        st.error(str(error))
        return
    top = st.empty()
    with top.container():
        headline(central)
        provenance(central)
    # its own placeholder, emptied when the ranges come (the headline drawn again
    # in ``top`` has at least as many elements, so nothing of the first stays)
    note = st.empty()
    if replications > 1:
        note.info(
            f"Working out the ranges ({replications} replications: each resamples the "
            "families and draws the behavioural assumptions from their ranges)…"
        )
    taken_away = st.empty()
    scenario_files(central)
    channels_section(central, specs, 1, families)
    charts(central)
    results = central
    if replications > 1:
        try:
            results = run(specs, replications, families)
        except SimulatorError as error:
            top.error(str(error))
            return
        note.empty()
        with top.container():
            headline(results)
            provenance(results)
    with taken_away.container():
        exports(results)
