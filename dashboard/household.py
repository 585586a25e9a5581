"""The "A household" page: one family's maintenance under current law and a
reform, step by step with the legal references, and where each household ends up."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from dashboard.loaders import BASELINE, population, scenarios
from dashboard.sidebar import build_specs
from simulator.calculator.batch import CalcInputError
from simulator.calculator.household import Household, household_outcome
from simulator.scenarios.load import load_scenario_text


def household_page(choice: dict) -> None:
    shipped = scenarios()
    specs, _ = build_specs(choice)
    options = {name: text for name, text in specs[1:]}
    st.write(
        "Work out one family's maintenance under current law and under a reform, step by "
        "step with the legal references, and see where each household ends up."
    )
    with st.form("household"):
        left, right = st.columns(2)
        with left:
            st.markdown("**The case**")
            income = st.number_input(
                "Paying parent's gross weekly income (£)", 0.0, 100_000.0, 450.0, 10.0
            )
            nights = st.text_input(
                "Nights a year each child stays with the paying parent",
                "0",
                help="One number per child, comma-separated; '|' between receiving parents.",
            )
            other = st.number_input("Other children living with the paying parent", 0, 20, 0)
            benefit = st.checkbox("Paying parent gets a flat-rate benefit")
            collect = st.checkbox("On Collect and Pay", value=True)
            when = st.date_input("Date", value=dt.date(2026, 6, 1))
        with right:
            st.markdown("**The households (net £ a week before maintenance)**")
            rp_net = st.number_input("Receiving household's net income", 0.0, 10_000.0, 300.0)
            rp_housing = st.number_input("Receiving household's housing costs", 0.0, 5_000.0, 100.0)
            rp_ages = st.text_input("Ages of the children in the receiving household", "6")
            pp_net = st.number_input("Paying household's net income", 0.0, 10_000.0, 450.0)
            pp_housing = st.number_input("Paying household's housing costs", 0.0, 5_000.0, 120.0)
            reform_name = st.selectbox("Reform", list(options) or ["(choose one in the sidebar)"])
        st.form_submit_button("Work it out", type="primary")
    row = {
        "case_id": "this family",
        "gross_weekly_income": str(income),
        "care_nights": nights,
        "relevant_other_children": str(other),
        "relevant_non_resident_children": "0",
        "flat_rate_benefit": "1" if benefit else "0",
        "partner_also_paying_parent": "0",
        "unearned_income_annual": "0",
        "notional_assets": "0",
        "special_expenses_weekly": "0",
        "effective_date": when.isoformat(),
    }
    try:
        ages = tuple(int(a) for a in rp_ages.replace(" ", "").split(",") if a)
    except ValueError:
        st.error("Ages of the children: write whole numbers separated by commas, e.g. 3,7.")
        return
    family = Household(rp_net, rp_housing, 1, ages, pp_net, pp_housing, 1, (), collect)
    meta = population().metadata
    lines = {"bhc": meta["poverty_line_bhc_weekly"], "ahc": meta["poverty_line_ahc_weekly"]}
    columns = st.columns(2)
    reform = (
        load_scenario_text(options[reform_name], reform_name) if reform_name in options else None
    )
    for column, (title, scenario) in zip(
        columns, (("Current law", shipped[BASELINE]), ("Reform", reform)), strict=True
    ):
        with column:
            st.markdown(f"### {title if scenario is None else scenario.name}")
            if scenario is None:
                st.info("Choose a reform in the sidebar to compare.")
                continue
            try:
                outcome = household_outcome(row, scenario.parameters, family, lines)
            except CalcInputError as error:
                st.error("Please check the case:\n\n" + "\n".join(f"- {p}" for p in error.problems))
                return
            a, b, c = st.columns(3)
            a.metric("Maintenance a week", f"£{outcome.weekly_liability:,.2f}")
            b.metric("Receiving parent gets", f"£{outcome.received_weekly:,.2f}")
            c.metric("Paying parent pays", f"£{outcome.paid_weekly:,.2f}")
            table = pd.DataFrame(
                [
                    {
                        "household": who,
                        "basis": basis.upper(),
                        "net income (£ a week)": round(side[basis]["income"], 2),
                        "equivalised (£)": round(side[basis]["equivalised"], 2),
                        "poverty line (£)": round(side[basis]["line"], 2),
                        "in poverty": "yes" if side[basis]["poor"] else "no",
                    }
                    for who, side in (("receiving", outcome.receiving), ("paying", outcome.paying))
                    for basis in ("bhc", "ahc")
                ]
            )
            st.dataframe(table, hide_index=True, width="stretch")
            with st.expander(f"How it is worked out ({outcome.rate} rate)"):
                for number, step in enumerate(outcome.steps, start=1):
                    st.markdown(f"**{number}. {step.title}**")
                    st.markdown("\n".join(f"- {line}" for line in step.lines))
                    st.caption(
                        " · ".join(
                            f"[{r.title}]({r.href})" if r.href else r.title for r in step.references
                        )
                    )
