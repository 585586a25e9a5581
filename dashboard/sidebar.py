"""The sidebar's scenario form (shipped scenarios, stacking, the levers of a
custom reform, an upload, replications) and the scenarios it asks to run."""

from __future__ import annotations

import streamlit as st

from dashboard.loaders import BASELINE, scenario_text, scenarios
from dashboard.url import REPLICATIONS_RANGE, query_list, query_number, query_replications
from simulator.scenarios.levers import (
    changed_levers,
    lever_defaults,
    lever_scenario_text,
    load_levers,
    stacked_scenario_text,
)
from simulator.scenarios.load import MAX_TEXT, ScenarioError, load_scenario_text

CUSTOM = "custom-reform.yaml"
STACKED = "stacked.yaml"


def sidebar() -> dict:
    """The scenario form. Defaults come from the URL, so a link reproduces a view."""
    shipped = scenarios()
    base = shipped[BASELINE]
    defaults = lever_defaults(base)
    reforms = [k for k in shipped if k != BASELINE]
    chosen_default = [k for k in query_list("scenarios") if k in reforms] or [
        "scrap-receiving-parent-fee"
    ]
    with st.sidebar.form("scenario"):
        st.header("Reforms to compare")
        chosen = st.multiselect(
            "Shipped scenarios",
            reforms,
            default=chosen_default,
            format_func=lambda k: shipped[k].name,
            help="Each is compared with current law on the same families.",
        )
        stack = st.checkbox(
            "Stack the chosen scenarios into one reform",
            value=st.query_params.get("stack") == "1",
        )
        values = {}
        with st.expander("Build your own reform", expanded=bool(query_list("custom"))):
            custom_given = dict(item.split("=", 1) for item in query_list("custom") if "=" in item)
            for lever in load_levers():
                default = defaults[lever.key]
                given = custom_given.get(lever.key)
                if isinstance(default, bool):
                    value = given == "1" if given is not None else default
                    values[lever.key] = st.checkbox(
                        lever.label, value=value, key=lever.key, help=lever.help or None
                    )
                else:
                    number = query_number(given)  # a URL's value that is not a number: ignored
                    shown = number if number is not None else float(default) * lever.scale
                    chosen_value = st.number_input(
                        f"{lever.label} ({lever.unit})" if lever.unit else lever.label,
                        min_value=float(lever.minimum),
                        max_value=float(lever.maximum),
                        value=min(max(shown, float(lever.minimum)), float(lever.maximum)),
                        step=float(lever.step),
                        key=lever.key,
                        help=lever.help or None,
                    )
                    values[lever.key] = chosen_value / lever.scale
        uploaded = st.file_uploader(
            "Or upload a scenario file (YAML)",
            type=["yaml", "yml"],
            help="Validated as the command line does; see scenarios/README.md for the format.",
        )
        replications = st.slider(
            "Replications (for uncertainty ranges)",
            *REPLICATIONS_RANGE,
            query_replications(),
            help="Each extra run resamples the families and draws every behavioural "
            "assumption from its range, re-fitting the fitted ones to the published "
            "figures; ranges are the lowest and highest value across the replications "
            "(percentiles need 20 or more). 1 = the central run alone, no range.",
        )
        st.form_submit_button("Run", type="primary")
    custom = changed_levers(base, values)
    return {
        "chosen": chosen,
        "stack": stack,
        "levers": values,
        "custom": custom,
        "uploaded": uploaded,
        "replications": replications,
    }


def build_specs(choice: dict) -> tuple[tuple[tuple[str, str], ...], list[str]]:
    """The scenarios to run as (file name, text), baseline first, and errors."""
    shipped = scenarios()
    base = shipped[BASELINE]
    specs = [scenario_text(BASELINE)]
    errors = []
    if choice["stack"] and len(choice["chosen"]) > 1:
        text = stacked_scenario_text(base, [shipped[k] for k in choice["chosen"]])
        specs.append((STACKED, text))
    else:
        specs += [scenario_text(k) for k in choice["chosen"]]
    if choice["custom"]:
        specs.append((CUSTOM, lever_scenario_text(base, choice["levers"])))
    upload = choice["uploaded"]
    if upload is not None:
        data = upload.getvalue()
        name = "uploaded-" + "".join(c if c.isalnum() or c in "-_." else "-" for c in upload.name)
        if len(data) > MAX_TEXT:
            errors.append(
                f"{upload.name}: the file is {len(data):,} bytes; a scenario file is a short "
                f"text file (under {MAX_TEXT:,} bytes)."
            )
        else:
            try:
                specs.append((name, data.decode("utf-8")))
            except UnicodeDecodeError:
                errors.append(f"{upload.name}: not a UTF-8 text file; upload a YAML scenario.")
    checked = []
    for name, text in specs:
        try:
            load_scenario_text(text, name)
            checked.append((name, text))
        except ScenarioError as error:
            errors.append(str(error))
    return tuple(checked), errors
