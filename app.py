"""The Child Maintenance reform dashboard (``streamlit run app.py``).

Compare reforms with current law on the bundled synthetic population (child
poverty, money reaching children, compliance, arrears, winners and losers),
follow one household through the calculation, and see every parameter and
assumption with its source. The page holds no rule, parameter value or model
logic: it lays out what ``simulator`` computes (``simulator.scenarios.levers``,
``simulator.experiments.compare``, ``simulator.calculator.household``,
``simulator.reports``), and every scenario — shipped, stacked, built from the
levers or uploaded — is validated as ``cms-sim`` does.

This file sets up the page, the sidebar and the tabs; each tab's page is a
module of ``dashboard/``.
"""

from __future__ import annotations

import streamlit as st

from dashboard.compare import compare_page
from dashboard.household import household_page
from dashboard.reports import reports_page
from dashboard.sidebar import sidebar
from dashboard.sources import sources_page
from dashboard.sweeps import sweeps_page
from dashboard.url import encode_query
from simulator import __version__
from simulator.allocator import tune_allocator


def main() -> None:
    tune_allocator()  # speed only (simulator.allocator)
    st.set_page_config(page_title="Child maintenance reform simulator", layout="wide")
    st.title("Child maintenance reform simulator")
    st.caption(
        "Great Britain, Child Maintenance Service (2012 scheme). A synthetic population of "
        f"separated families followed month by month; model version {__version__}."
    )
    choice = sidebar()
    encode_query(choice)
    compare_tab, household_tab, sweeps_tab, sources_tab, reports_tab = st.tabs(
        [
            "Compare reforms",
            "A household",
            "Sweeps",
            "Assumptions and sources",
            "Calibration and validation",
        ]
    )
    with compare_tab:
        compare_page(choice)
    with household_tab:
        household_page(choice)
    with sweeps_tab:
        sweeps_page()
    with sources_tab:
        sources_page()
    with reports_tab:
        reports_page()


if __name__ == "__main__":
    main()
