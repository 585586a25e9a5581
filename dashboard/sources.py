"""The "Assumptions and sources" page: every lever of a custom reform with its
one-line explanation (``simulator.scenarios.levers``), every statutory
parameter in force and every assumption, with its source, values and units in
words (``simulator.reports.sources``)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard.loaders import BASELINE, scenarios
from dashboard.widgets import linked_table
from simulator.reports.sources import readable_assumptions, readable_parameters
from simulator.scenarios.levers import lever_table

#: The levers table's columns as headed on the page.
LEVER_HEADINGS = {
    "lever": "Lever",
    "changes": "What it changes (key in the files)",
    "today": "Today",
    "range": "Range",
    "what it does": "What it does",
}


def matching(frame: pd.DataFrame, search: str) -> pd.DataFrame:
    """The rows of ``frame`` with ``search`` in any cell (any case)."""
    if not search:
        return frame
    text = frame.astype(str).agg(" ".join, axis=1).str.lower()
    return frame[text.str.contains(search.lower(), regex=False)]


def sources_page() -> None:
    st.write(
        "Every statutory value comes from a dated parameter file with its legal reference; "
        "every behavioural and population value from the assumption register, with a range "
        "and a source or the reasoning behind it."
    )
    search = st.text_input("Filter", "", key="sources-filter")
    base = scenarios()[BASELINE]
    st.subheader("The levers of a custom reform")
    st.caption("Each sets one value of the law, one assumption or one switch (sidebar).")
    linked_table(matching(lever_table(base).rename(columns=LEVER_HEADINGS), search), "levers")
    st.subheader(f"Statutory parameters in force on {base.start:%d %B %Y}")
    linked_table(matching(readable_parameters(base.parameters, base.start), search), "parameters")
    st.subheader("Assumption register")
    linked_table(matching(readable_assumptions(base.assumptions), search), "assumptions")
