"""The "Assumptions and sources" page: every lever of a custom reform with its
one-line explanation (``simulator.scenarios.levers``), every statutory
parameter in force and every assumption, with its source
(``simulator.reports.sources``)."""

from __future__ import annotations

import streamlit as st

from dashboard.loaders import BASELINE, scenarios
from dashboard.widgets import linked_table
from simulator.reports.sources import assumption_table, parameter_table
from simulator.scenarios.levers import lever_table


def sources_page() -> None:
    st.write(
        "Every statutory value comes from a dated parameter file with its legal reference; "
        "every behavioural and population value from the assumption register, with a range "
        "and a source or the reasoning behind it."
    )
    search = st.text_input("Filter", "", key="sources-filter")
    base = scenarios()[BASELINE]
    params = parameter_table(base.parameters, base.start)
    assumptions = assumption_table(base.assumptions)
    if search:
        params = params[
            params.apply(lambda r: search.lower() in " ".join(map(str, r)).lower(), axis=1)
        ]
        assumptions = assumptions[
            assumptions.apply(lambda r: search.lower() in " ".join(map(str, r)).lower(), axis=1)
        ]
    st.subheader("The levers of a custom reform")
    st.caption("Each sets one value of the law, one assumption or one switch (sidebar).")
    levers = lever_table(base)
    if search:
        levers = levers[
            levers.apply(lambda r: search.lower() in " ".join(map(str, r)).lower(), axis=1)
        ]
    linked_table(levers, "levers")
    st.subheader(f"Statutory parameters in force on {base.start:%d %B %Y}")
    linked_table(params, "parameters")
    st.subheader("Assumption register")
    linked_table(assumptions, "assumptions")
