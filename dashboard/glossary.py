"""The "Glossary" page: a PLACEHOLDER so the app runs on this branch; the
real page (another helper's ``dashboard/glossary.py``) replaces it at merge."""

from __future__ import annotations

import streamlit as st


def glossary_page() -> None:
    st.write("The words the dashboard uses, explained (the glossary is being written).")
