"""Small pieces every page uses: a CSV download and a table with links."""

from __future__ import annotations

import pandas as pd
import streamlit as st


def download(frame: pd.DataFrame, name: str, label: str = "Download the data (CSV)") -> None:
    st.download_button(
        label, frame.to_csv(index=False).encode(), f"{name}.csv", "text/csv", key=f"download-{name}"
    )


def linked_table(frame: pd.DataFrame, name: str) -> None:
    """A table whose ``link`` column opens the source, with its CSV download."""
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={"link": st.column_config.LinkColumn("link")},
    )
    download(frame, name)
