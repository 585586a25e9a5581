"""The "Calibration and validation" page: the calibration and validation
reports, the same Markdown ``cms-sim calibration-report`` and ``cms-sim
validate`` write (``simulator.reports``), on the dashboard's population."""

from __future__ import annotations

import streamlit as st

from dashboard.loaders import reports
from dashboard.widgets import download


def reports_page() -> None:
    st.write(
        "How the bundled population and the behaviour were fitted to published figures "
        "(calibration), and how the baseline compares with figures it was not fitted to "
        "(validation). Gaps are shown as they are."
    )
    if not st.button("Show the calibration and validation reports", key="reports-run"):
        return
    data = reports()
    st.markdown(data["calibration_markdown"])
    download(data["calibration_report"], "calibration_report", "Download calibration_report.csv")
    st.markdown(data["validation_markdown"])
    download(data["validation_report"], "validation_report", "Download validation_report.csv")
    # the side-by-side table is in the validation Markdown above; its rows as a file
    download(data["reform_estimates"], "reform_estimates", "Download reform_estimates.csv")
