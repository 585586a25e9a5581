"""The view in the URL: the sidebar's choices as query parameters, so a link
reproduces what was on screen."""

from __future__ import annotations

import streamlit as st

from simulator.scenarios.levers import lever_by_key

#: Replications the dashboard runs unless the URL says otherwise: ranges are
#: shown by default. Three on the dashboard's families keep a new scenario
#: within its speed budget (benchmarks/bench_dashboard.py); the replications'
#: families and re-fits are prepared once per process, not per scenario.
DEFAULT_REPLICATIONS = 3


def query_list(name: str) -> list[str]:
    raw = st.query_params.get(name, "")
    return [x for x in raw.split(",") if x]


def encode_query(choice: dict) -> None:
    st.query_params.clear()
    if choice["chosen"]:
        st.query_params["scenarios"] = ",".join(choice["chosen"])
    if choice["stack"]:
        st.query_params["stack"] = "1"
    if choice["custom"]:
        levers = lever_by_key()
        st.query_params["custom"] = ",".join(
            f"{k}={int(v) if isinstance(v, bool) else round(v * levers[k].scale, 6):g}"
            for k, v in choice["custom"].items()
        )
    if choice["replications"] != DEFAULT_REPLICATIONS:
        st.query_params["replications"] = str(choice["replications"])
