"""The briefing to take away: a button that downloads a comparison's results
as a PDF (built by :func:`simulator.reports.briefing_pdf.briefing_pdf` when the
button is pressed, so the page does not wait for it)."""

from __future__ import annotations

import streamlit as st

from simulator.reports.briefing_pdf import BriefingResults, briefing_pdf

#: The downloaded file's name.
FILE_NAME = "child-maintenance-briefing.pdf"


def briefing_button(results: dict) -> None:
    """ "Download a briefing (PDF)" for the comparison ``results`` (the dict
    :func:`dashboard.loaders.run` returns)."""
    briefing = BriefingResults.from_dashboard(results)
    st.download_button(
        "Download a briefing (PDF)",
        lambda: briefing_pdf(briefing),
        FILE_NAME,
        "application/pdf",
        key="briefing-pdf",
        help="The scenarios, the headline table with its ranges, charts of child poverty "
        "and of the money reaching children, the caveats and the model stamp.",
    )
