"""The "A household" page: one family's maintenance under current law and a
reform, from gross earnings and circumstances to what each household ends up
with and whether it is in poverty, step by step with the legal references.

Everything shown is worked out in ``simulator`` (the form is checked by
:mod:`simulator.calculator.household_form`, the family worked out by
:mod:`simulator.scenarios.household`); this module only lays it out. Every
widget is keyed ``hh-<field>``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from dashboard.loaders import BASELINE, population, scenarios
from dashboard.sidebar import build_specs
from simulator.calculator.household import comparison_table, poverty_line_note
from simulator.calculator.household_form import FIELD_LABELS, HouseholdInputError
from simulator.calculator.household_form import read_household_case as read_case
from simulator.population.one_household import TENURE_NAMES, Circumstances, places
from simulator.scenarios.household import household_note, household_under, tax_benefit_start
from simulator.scenarios.load import load_scenario_text

WORK = {
    "an employee": (False, False),
    "self-employed": (True, False),
    "on a benefit": (False, True),
}
SERVICES = ("Collect and Pay (the CMS collects)", "Direct Pay (between the parents)")
MONEY = {"min_value": 0.0, "max_value": 100_000.0, "step": 10.0}


def _household(side: str, title: str, earnings_label: str | None, earnings: float, rent: float):
    """The circumstances of one household (``side`` rp or pp) from its widgets."""
    st.markdown(f"**{title}**")
    pay = (
        st.number_input(earnings_label, value=earnings, key=f"hh-{side}_earnings", **MONEY)
        if earnings_label
        else 0.0
    )
    age = st.number_input("Their age", 16, 90, 35, key=f"hh-{side}_age")
    partner = st.checkbox("Has a partner living with them", key=f"hh-{side}_partner")
    partner_pay = st.number_input(
        "Partner's gross earnings (£ a week)", value=0.0, key=f"hh-{side}_partner_earnings", **MONEY
    )
    tenures = list(TENURE_NAMES)
    tenure = st.selectbox("Home", tenures, format_func=TENURE_NAMES.get, key=f"hh-{side}_tenure")
    housing = st.number_input(
        "Rent or mortgage interest (£ a week)", value=rent, key=f"hh-{side}_housing", **MONEY
    )
    where = places()
    place = st.selectbox(
        "Where",
        range(len(where)),
        format_func=lambda k: where[k].label,
        key=f"hh-{side}_place",
        help="A rental area caps a private rent for Universal Credit at its Local Housing "
        "Allowance; Scotland has its own income tax and Scottish Child Payment.",
    )
    return Circumstances(
        earnings_weekly=pay,
        age=int(age),
        partner=partner,
        partner_earnings_weekly=partner_pay,
        tenure=tenure,
        housing_weekly=housing,
        place=where[place],
    )


def _form(options: dict, start: dt.date) -> dict:
    with st.form("household"):
        case, receiving, paying = st.columns(3)
        with case:
            st.markdown("**The case**")
            income = st.number_input(
                FIELD_LABELS["gross_weekly_income"] + " (£)", value=450.0, key="hh-income", **MONEY
            )
            work = st.selectbox("The paying parent is", list(WORK), key="hh-pp_work")
            ages = st.text_input(
                FIELD_LABELS["child_ages"],
                "6",
                key="hh-ages",
                help="The children maintenance is for: whole years, comma-separated; "
                "'|' between receiving parents, as in the nights.",
            )
            nights = st.text_input(
                FIELD_LABELS["care_nights"],
                "0",
                key="hh-nights",
                help="One number per child, in the same order as the ages; '|' between "
                "receiving parents.",
            )
            service = st.radio("Paid through", SERVICES, key="hh-service")
            abuse = st.checkbox("Domestic abuse disclosed", key="hh-abuse")
            when = st.date_input("Date", value=start, key="hh-date")
        with receiving:
            rp = _household(
                "rp",
                "Receiving household",
                "Receiving parent's gross earnings (£ a week)",
                200.0,
                100.0,
            )
            rp_other = st.text_input(
                FIELD_LABELS["receiving_other_ages"], "", key="hh-rp_other_ages"
            )
        with paying:
            pp = _household("pp", "Paying household", None, 0.0, 120.0)
            pp_other = st.text_input(FIELD_LABELS["paying_other_ages"], "", key="hh-pp_other_ages")
        left, middle, right = st.columns(3)
        reform = left.selectbox(
            "Reform",
            list(options) or [None],
            format_func=lambda k: "(choose one in the sidebar)" if k is None else options[k].name,
            key="hh-reform",
        )
        typed = {
            side: column.number_input(
                f"{name}'s net income before housing costs (£ a week)",
                value=None,
                placeholder="worked out from the above",
                key=f"hh-{side}_net",
                **MONEY,
            )
            for side, name, column in (
                ("rp", "Receiving household", middle),
                ("pp", "Paying household", right),
            )
        }
        st.form_submit_button("Work it out", type="primary")
    self_employed, on_benefit = WORK[work]
    return {
        "income": income,
        "nights": nights,
        "ages": ages,
        "rp_other": rp_other,
        "pp_other": pp_other,
        "on_benefit": on_benefit,
        "collect": service == SERVICES[0],
        "abuse": abuse,
        "when": when,
        "rp": rp,
        "pp": replace(pp, self_employed=self_employed, on_benefit=on_benefit),
        "reform": reform,
        "typed": typed,
    }


def household_page(choice: dict) -> None:
    shipped = scenarios()
    base = shipped[BASELINE]
    specs, _ = build_specs(choice)
    options = {name: load_scenario_text(text, name) for name, text in specs[1:]}
    st.write(
        "Work out one family's maintenance under current law and a reform, from gross "
        "earnings to what each household ends up with a week and whether it is in poverty, "
        "step by step with the legal references."
    )
    f = _form(options, base.start)  # by default the first month the comparison runs
    try:
        case = read_case(
            gross_weekly_income=f["income"],
            care_nights=f["nights"],
            child_ages=f["ages"],
            receiving_other_ages=f["rp_other"],
            paying_other_ages=f["pp_other"],
            flat_rate_benefit=f["on_benefit"],
            effective_date=f["when"],
            first_date=tax_benefit_start(base.parameters),
        )
    except HouseholdInputError as error:
        st.error("Please check the case:\n\n" + "\n".join(f"- {p}" for p in error.problems))
        return
    meta = population().metadata  # the poverty lines the comparison uses
    lines = {"bhc": meta["poverty_line_bhc_weekly"], "ahc": meta["poverty_line_ahc_weekly"]}
    reform = options.get(f["reform"])
    results = {}
    for title, scenario in (("Current law", base), ("Reform", reform)):
        if scenario is not None:
            results[title] = household_under(
                scenario,
                case,
                f["rp"],
                f["pp"],
                lines,
                collect_and_pay=f["collect"],
                domestic_abuse=f["abuse"],
                typed_receiving_weekly=f["typed"]["rp"],
                typed_paying_weekly=f["typed"]["pp"],
            )
    if reform is None:
        st.info("Choose a reform in the sidebar to compare it with current law.")
    else:
        st.markdown(f"**Reform:** {reform.name}")
        same = results["Reform"][0].same_figures(results["Current law"][0])
        note = household_note(reform, base, f["when"], same_result=same)
        if note:
            st.info(note)
    st.table(comparison_table(results), hide_index=True)
    pop = population()
    st.caption(poverty_line_note(lines, base.parameters.at(pop.date), pop.date))
    warnings = dict.fromkeys(w for r, _, _ in results.values() for w in r.warnings)
    for warning in warnings:
        st.warning(warning)
    for column, (title, (result, _, _)) in zip(
        st.columns(len(results)), results.items(), strict=True
    ):
        with column, st.expander(f"How it is worked out: {title.lower()} ({result.rate} rate)"):
            for number, step in enumerate(result.steps, start=1):
                st.markdown(f"**{number}. {step.title}**")
                st.markdown("\n".join(f"- {line}" for line in step.lines))
                st.caption(
                    " · ".join(
                        f"[{r.title}]({r.href})" if r.href else r.title for r in step.references
                    )
                )
