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
module of ``dashboard/``. Only the open tab's page is drawn (a browser drawing
every tab's charts at once was blocked for seconds); the open tab, like the
sidebar's choices, is in the URL (:mod:`dashboard.url`).
"""

from __future__ import annotations

import streamlit as st

from dashboard.compare import compare_page
from dashboard.glossary import glossary_page
from dashboard.household import household_page
from dashboard.reports import reports_page
from dashboard.sidebar import sidebar
from dashboard.sources import sources_page
from dashboard.sweeps import sweeps_page
from dashboard.url import bind, choice, one_of, restore, write
from simulator import __version__
from simulator.allocator import tune_allocator
from simulator.experiments.sweep import SWEEP_FOLDER
from simulator.resources import shipped_names

#: The tabs: the short name in the URL (``?tab=household``), the label, and
#: whether the page takes the sidebar's choice.
TABS = (
    ("compare", "Compare reforms", compare_page, True),
    ("household", "A household", household_page, True),
    ("sweeps", "Sweeps", sweeps_page, False),
    ("sources", "Assumptions and sources", sources_page, False),
    ("reports", "Calibration and validation", reports_page, False),
    ("glossary", "Glossary", glossary_page, False),
)
TAB_KEY = "tab"

bind(TAB_KEY, choice({slug: label for slug, label, _, _ in TABS}), TABS[0][1])
# the sweep shown on the Sweeps tab: a shipped sweep's name (any other is ignored)
bind(
    "sweep-name",
    one_of(lambda: shipped_names(SWEEP_FOLDER)),
    None,
    param="sweep",
    keep=True,
)


def main() -> None:
    tune_allocator()  # speed only (simulator.allocator)
    st.set_page_config(page_title="Child maintenance reform simulator", layout="wide")
    restore()  # the URL into the widgets' state, on a session's first run
    try:
        st.title("Child maintenance reform simulator")
        st.caption(
            "Great Britain, Child Maintenance Service (2012 scheme). A synthetic population of "
            f"separated families followed month by month; model version {__version__}."
        )
        chosen = sidebar()
        tabs = st.tabs([label for _, label, _, _ in TABS], key=TAB_KEY, on_change="rerun")
        for tab, (_, _, page, takes_choice) in zip(tabs, TABS, strict=True):
            if tab.open:
                with tab:
                    if takes_choice:
                        page(chosen)
                    else:
                        page()
    finally:
        write()  # the URL from the widgets' state, so a link reproduces the view


if __name__ == "__main__":
    main()
