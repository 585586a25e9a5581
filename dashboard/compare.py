"""The "Compare reforms" page: headline metrics for current law and each
reform (with changes and ranges), the run's provenance, and the charts."""

from __future__ import annotations

import streamlit as st

from dashboard.channels import channels_section
from dashboard.charts import charts
from dashboard.loaders import BASELINE, run
from dashboard.sidebar import build_specs
from dashboard.widgets import download
from simulator.errors import SimulatorError
from simulator.reports.formatting import format_change, format_metric
from simulator.reports.headline import DASHBOARD_HEADLINE


def headline(results: dict) -> None:
    metrics = results["metrics"].set_index(["scenario", "metric"])
    for key in results["keys"]:
        st.markdown(f"#### {results['names'][key]}")
        columns = st.columns(4)
        shown = 0
        for metric, label, kind in DASHBOARD_HEADLINE:
            if (key, metric) not in metrics.index:
                continue
            row = metrics.loc[(key, metric)]
            delta = None
            if key != BASELINE and (key, f"{metric}_change") in metrics.index:
                change = metrics.loc[(key, f"{metric}_change")]
                delta = format_change(change.value, kind)
            help_text = None
            if row.low != row.high:
                low, high = format_metric(row.low, kind), format_metric(row.high, kind)
                # what the range is: the extremes of a few replications, or percentiles
                kind_of_range = row["range"] if "range" in row.index else "range"
                help_text = f"{kind_of_range.capitalize()}: {low} to {high}"
            columns[shown % 4].metric(
                label,
                format_metric(row.value, kind),
                delta=delta,
                delta_color=_delta_colour(metric),
                help=help_text,
            )
            if help_text:
                columns[shown % 4].caption(help_text)
            shown += 1
        if key != BASELINE:
            with st.expander("What this scenario changes"):
                st.markdown("\n".join(f"- {line}" for line in results["summaries"][key]))
                st.download_button(
                    "Download the scenario (YAML)",
                    results["texts"][key].encode(),
                    f"{key}.yaml",
                    "text/yaml",
                    key=f"yaml-{key}",
                )


def _delta_colour(metric: str) -> str:
    good_when_lower = ("poverty", "arrears", "fees", "cost_to_government")
    if "lifted" in metric:
        return "normal"
    return "inverse" if any(w in metric for w in good_when_lower) else "normal"


def provenance(results: dict) -> None:
    run_info = results["run"]
    digests = ", ".join(f"{k}: {v}" for k, v in run_info["parameter_digests"].items())
    st.caption(
        f"Model {run_info['model_version']} · population {run_info['population_size']:,} "
        f"synthetic families (seed {run_info['population_seed']}), {run_info['months']} months "
        f"from {run_info['start']}, {run_info['replications']} replication(s) · parameter "
        f"hashes {digests}. Annual figures for Great Britain over the last 12 months."
    )
    download(results["metrics"], "metrics", "Download all results (CSV)")


def compare_page(choice: dict) -> None:
    specs, errors = build_specs(choice)
    for error in errors:
        st.error(error)
    if len(specs) < 2:
        st.info("Choose a reform in the sidebar (or build or upload one) and press Run.")
    try:
        results = run(specs, choice["replications"])
    except SimulatorError as error:  # e.g. scenarios that cannot be compared
        st.error(str(error))
        return
    headline(results)
    provenance(results)
    channels_section(results, specs, choice["replications"])
    charts(results)
