"""The view in the URL: the sidebar's choices as query parameters, so a link
reproduces what was on screen."""

from __future__ import annotations

import math

import streamlit as st

from simulator.scenarios.levers import lever_by_key

#: Replications the dashboard runs unless the URL says otherwise: ranges are
#: shown by default. Three on the dashboard's families keep a new scenario
#: within its speed budget (benchmarks/bench_dashboard.py); the replications'
#: families and re-fits are prepared once per process, not per scenario.
DEFAULT_REPLICATIONS = 3
#: The replications slider's range (and so the URL's).
REPLICATIONS_RANGE = (1, 10)
#: Characters of a number in the URL read at most (longer ones are ignored
#: before conversion: Python refuses whole numbers of over 4,300 digits).
MAX_NUMBER_TEXT = 30


def query_number(text: str | None) -> float | None:
    """A number given in the URL, or None if it is missing or not a finite number."""
    if text is None or len(text) > MAX_NUMBER_TEXT:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def query_replications() -> int:
    """``?replications=``: a whole number, clamped to the slider's range; the
    default if it is missing or not a number."""
    value = query_number(st.query_params.get("replications"))
    if value is None:
        return DEFAULT_REPLICATIONS
    low, high = REPLICATIONS_RANGE
    return int(min(max(round(value), low), high))


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
