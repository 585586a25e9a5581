"""The "Glossary" page: the words the dashboard uses (BHC, AHC, Collect and
Pay, liability order, channels...) in plain sentences with their sources,
searchable (``simulator.reports.glossary``)."""

from __future__ import annotations

import streamlit as st

from dashboard.widgets import download
from simulator.reports.glossary import glossary_table


def glossary_page() -> None:
    """The glossary, filtered by the words typed."""
    st.write(
        "What the words on these pages mean. Legal terms cite the Child Support Act 1991 and "
        "its regulations; poverty terms follow DWP's Households Below Average Income statistics."
    )
    search = st.text_input("Search the glossary", "", key="glossary-search")
    table = glossary_table(search)
    if table.empty:
        st.info(f"No term mentions “{search}”. Try a shorter word.")
        return
    # definitions as text, which wraps (a table's cells cut a long meaning off)
    st.markdown(
        "\n\n".join(
            f"**{row.Term}**: {row.Meaning}" + (f" *({row.Source})*" if row.Source else "")
            for row in table.itertuples(index=False)
        )
    )
    download(table, "glossary", "Download the glossary (CSV)")
