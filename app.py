"""Streamlit app: the child maintenance calculator for one household.

Run with ``streamlit run app.py``. The app holds no rule or parameter value:
it validates the form with the same code as ``cms-sim calc`` and shows the
same step-by-step explanation, with legal references, as
``cms-sim calc --explain``. (The population dashboard for comparing reforms
builds on this page.)
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import streamlit as st

from simulator import __version__
from simulator.batch import CalcInputError, cases_from_frame
from simulator.explain import explain_case
from simulator.params import SCHEME_START, load_parameters
from simulator.rules import RATE_NAMES

FIELD_LABELS = {
    "gross_weekly_income": "Paying parent's gross weekly income (£)",
    "care_nights": "Nights a year each child stays with the paying parent",
    "relevant_other_children": "Other children living with the paying parent",
    "relevant_non_resident_children": "Other children supported under a court order",
    "flat_rate_benefit": "Paying parent (or partner) gets a flat-rate benefit",
    "partner_also_paying_parent": "Partner is also a paying parent",
    "unearned_income_annual": "Unearned income (£ a year)",
    "notional_assets": "Savings and other assets (£)",
    "special_expenses_weekly": "Special expenses such as contact costs (£ a week)",
    "effective_date": "Date",
}


@st.cache_resource
def parameters():
    return load_parameters()


def household_form() -> dict[str, str]:
    """The sidebar form; returns one case as text cells, like a CSV row."""
    with st.sidebar.form("household"):
        st.header("The household")
        income = st.number_input(
            FIELD_LABELS["gross_weekly_income"], min_value=0.0, value=450.0, step=10.0
        )
        nights = st.text_input(
            FIELD_LABELS["care_nights"],
            value="0",
            help="One number per child, separated by commas; separate the children of "
            "different receiving parents with '|'. Example: 0,104|52",
        )
        other = st.number_input(FIELD_LABELS["relevant_other_children"], 0, 20, 0)
        non_resident = st.number_input(FIELD_LABELS["relevant_non_resident_children"], 0, 20, 0)
        benefit = st.checkbox(FIELD_LABELS["flat_rate_benefit"])
        partner = st.checkbox(FIELD_LABELS["partner_also_paying_parent"])
        with st.expander("Variations"):
            unearned = st.number_input(
                FIELD_LABELS["unearned_income_annual"], min_value=0.0, value=0.0, step=500.0
            )
            assets = st.number_input(
                FIELD_LABELS["notional_assets"], min_value=0.0, value=0.0, step=1000.0
            )
            expenses = st.number_input(
                FIELD_LABELS["special_expenses_weekly"], min_value=0.0, value=0.0, step=5.0
            )
        when = st.date_input(
            FIELD_LABELS["effective_date"], value=dt.date.today(), min_value=SCHEME_START
        )
        st.form_submit_button("Work it out", type="primary")
    return {
        "case_id": "this household",
        "gross_weekly_income": str(income),
        "care_nights": nights,
        "relevant_other_children": str(other),
        "relevant_non_resident_children": str(non_resident),
        "flat_rate_benefit": "1" if benefit else "0",
        "partner_also_paying_parent": "1" if partner else "0",
        "unearned_income_annual": str(unearned),
        "notional_assets": str(assets),
        "special_expenses_weekly": str(expenses),
        "effective_date": when.isoformat(),
    }


def show_result(calc, steps) -> None:
    total = float(calc.weekly_liability[0])
    rate = RATE_NAMES[int(calc.rate[0])].replace("_", " ")
    left, right = st.columns(2)
    left.metric("Child maintenance a week", f"£{total:,.2f}")
    right.metric("Rate", rate.capitalize())
    shares = calc.weekly_liability_by_receiving_parent[0]
    children = calc.children_by_receiving_parent[0]
    if (children > 0).sum() > 1:
        st.dataframe(
            pd.DataFrame(
                {
                    "Receiving parent": [f"{j + 1}" for j in np.flatnonzero(children)],
                    "Children": children[children > 0],
                    "£ a week": [f"{shares[j]:,.2f}" for j in np.flatnonzero(children)],
                }
            ),
            hide_index=True,
        )
    st.subheader("How it is worked out")
    for number, step in enumerate(steps, start=1):
        st.markdown(f"**{number}. {step.title}**")
        st.markdown("\n".join(f"- {line}" for line in step.lines))
        refs = " · ".join(f"[{r.title}]({r.href})" if r.href else r.title for r in step.references)
        st.caption(refs)


def main() -> None:
    st.set_page_config(page_title="Child maintenance calculator", layout="wide")
    st.title("Child maintenance calculator")
    st.caption(
        "Great Britain, Child Maintenance Service (2012 scheme). Statutory rules from "
        f"dated parameter files; model version {__version__}."
    )
    row = household_form()
    names = {column: FIELD_LABELS.get(column, column) for column in row}
    try:
        cases = cases_from_frame(pd.DataFrame([row]), "the form", np.array([0]), column_names=names)
    except CalcInputError as error:
        st.error("Please check the form:\n\n" + "\n".join(f"- {p}" for p in error.problems))
        return
    calc, steps = explain_case(cases, parameters())
    show_result(calc, steps)


if __name__ == "__main__":
    main()
