"""The sidebar's scenario form (shipped scenarios, stacking, the levers and
name of a custom reform, an upload, the period compared, replications) and the
scenarios it asks to run.

Each widget has a stable key and takes its value from ``st.session_state``,
which the URL fills on a session's first run (:mod:`dashboard.url`: the
bindings below); so a choice stays made after Run, and a link reproduces a view.
"""

from __future__ import annotations

import functools
import math

import numpy as np
import streamlit as st

from dashboard.loaders import BASELINE, scenario_text, scenarios
from dashboard.url import (
    DEFAULT_REPLICATIONS,
    REPLICATIONS_RANGE,
    Codec,
    bind,
    choice,
    date_between,
    flag,
    members,
    number,
    text,
)
from simulator.scenarios.levers import (
    DEFAULT_FAMILIES,
    FAMILY_CHOICES,
    Lever,
    changed_levers,
    lever_by_key,
    lever_defaults,
    lever_scenario_text,
    load_levers,
    stacked_scenario_text,
    with_horizon_text,
)
from simulator.scenarios.load import (
    MAX_TEXT,
    MONTHS_RANGE,
    START_RANGE,
    ScenarioError,
    horizon_problem,
    load_scenario_text,
)

CUSTOM = "custom-reform.yaml"
STACKED = "stacked.yaml"
#: The reform shown on a first visit with no link: the simplest of the
#: shipped reforms to read (one fee, one number).
DEFAULT_REFORM = "scrap-receiving-parent-fee"
#: The custom reform's name until the user gives one.
REFORM_NAME = "Your reform"
#: Longest name of a custom reform (characters): a heading, not a paragraph.
MAX_NAME = 80
#: Bytes in a kilobyte and a megabyte, as file sizes are shown (decimal).
KB, MB = 1_000, 1_000_000
#: The upload box's own limit: Streamlit's is whole megabytes, so the smallest
#: above the loader's limit; a file between the two gets the loader's message.
UPLOAD_LIMIT_MB = math.ceil(MAX_TEXT / MB)
#: Advice in the loader's messages that is meant for the command line, and
#: what the page says instead (the command line's messages are unchanged).
PAGE_ADVICE = {
    "listed by 'cms-sim parameters' (unit and range as shown there)": (
        'listed in the "Assumptions and sources" tab (with its unit and range)'
    ),
    "an assumption path from simulator/inputs/register/*.yaml": (
        'an assumption listed in the "Assumptions and sources" tab'
    ),
}


def page_message(message: str) -> str:
    """A loader's message with the command line's advice put in the page's words."""
    for cli, page in PAGE_ADVICE.items():
        message = message.replace(cli, page)
    return message


def _base():
    return scenarios()[BASELINE]


def _reforms() -> list[str]:
    return [k for k in scenarios() if k != BASELINE]


@functools.cache
def _lever_shown() -> dict:
    """Each lever's value today as its widget shows it (a percentage for a
    share): on or off, or a number within the lever's range."""
    out = {}
    for key, today in lever_defaults(_base()).items():
        lever = lever_by_key()[key]
        if isinstance(today, bool | np.bool_):
            out[key] = bool(today)
        else:
            shown = float(today) * lever.scale
            out[key] = min(max(shown, float(lever.minimum)), float(lever.maximum))
    return out


def _lever_codec(lever: Lever) -> Codec:
    """On/off (1 or 0) for a lever that is a switch today, else a number in its range."""
    switch, amount = flag(), number(float(lever.minimum), float(lever.maximum))

    def read(raw: str):
        is_switch = isinstance(_lever_shown()[lever.key], bool)
        return (switch if is_switch else amount).read(raw)

    def written(value) -> str:
        return (switch if isinstance(value, bool) else amount).write(value)

    return Codec(read, written)


# the sidebar's widgets in the URL, in the order the URL lists them
bind("scenarios", members(_reforms), [], initial=[DEFAULT_REFORM])
bind("stack", flag(), False)
for _lever in load_levers():
    bind(
        _lever.key,
        _lever_codec(_lever),
        lambda key=_lever.key: _lever_shown()[key],
        group="custom",
    )
bind("reform-name", text(MAX_NAME), REFORM_NAME, param="name")
bind("start", date_between(*START_RANGE), lambda: _base().start)
bind("months", number(*MONTHS_RANGE, whole=True), lambda: _base().months)
bind("replications", number(*REPLICATIONS_RANGE, whole=True), DEFAULT_REPLICATIONS)
bind("families", choice({str(n): n for n in FAMILY_CHOICES}), DEFAULT_FAMILIES)


def _lever_widget(lever: Lever):
    """The lever's widget; its value as stored (a share, not a percentage)."""
    if isinstance(_lever_shown()[lever.key], bool):
        return st.checkbox(lever.label, key=lever.key, help=lever.help or None)
    shown = st.number_input(
        f"{lever.label} ({lever.unit})" if lever.unit else lever.label,
        min_value=float(lever.minimum),
        max_value=float(lever.maximum),
        step=float(lever.step),
        key=lever.key,
        help=lever.help or None,
    )
    return shown / lever.scale


def sidebar() -> dict:
    """The scenario form; each widget's value is its own (kept in the session)."""
    shipped = scenarios()
    base = shipped[BASELINE]
    state = st.session_state
    levers_changed = any(
        lever.key in state and state[lever.key] != _lever_shown()[lever.key]
        for lever in load_levers()
    )
    low, high = START_RANGE
    with st.sidebar.form("scenario"):
        st.header("Reforms to compare")
        chosen = st.multiselect(
            "Shipped scenarios",
            _reforms(),
            key="scenarios",
            format_func=lambda k: shipped[k].name,
            help="Each is compared with current law on the same families.",
        )
        stack = st.checkbox("Stack the chosen scenarios into one reform", key="stack")
        with st.expander("Build your own reform", expanded=levers_changed):
            name = st.text_input(
                "Name of your reform",
                key="reform-name",
                max_chars=MAX_NAME,
                help="Shown in the results and written in the scenario file you can download.",
            )
            values = {lever.key: _lever_widget(lever) for lever in load_levers()}
        uploaded = st.file_uploader(
            f"Or upload a scenario file (YAML, up to {MAX_TEXT // KB} kB)",
            type=["yaml", "yml"],
            max_upload_size=UPLOAD_LIMIT_MB,
            help=f"A short text file of at most {MAX_TEXT // KB} kB ({MAX_TEXT:,} bytes), "
            "checked as the command line checks it; the format is in the project's "
            "scenarios/README.md. It keeps its own start and months.",
        )
        st.markdown("**Period compared**")
        start = st.date_input(
            "Start date",
            min_value=low,
            max_value=high,
            key="start",
            format="DD/MM/YYYY",
            help=f"The first month simulated, from {low:%-d %B %Y} to {high:%-d %B %Y}; "
            f"current law's own is {base.start:%-d %B %Y}. It applies to every scenario "
            "compared (an uploaded file must have the same).",
        )
        months = st.number_input(
            "Months simulated",
            min_value=MONTHS_RANGE[0],
            max_value=MONTHS_RANGE[1],
            step=1,
            key="months",
            help=f"{MONTHS_RANGE[0]} to {MONTHS_RANGE[1]} months, reaching at least the end "
            f"of a calendar quarter (compliance is counted by quarter); current law's own "
            f"is {base.months}. Annual figures are the last 12 months.",
        )
        replications = st.slider(
            "Replications (for uncertainty ranges)",
            *REPLICATIONS_RANGE,
            key="replications",
            help="Each extra run resamples the families and draws every behavioural "
            "assumption from its range, re-fitting the fitted ones to the published "
            "figures; ranges are the lowest and highest value across the replications "
            "(percentiles need 20 or more). 1 = the central run alone, no range.",
        )
        families = st.select_slider(
            "Synthetic families",
            FAMILY_CHOICES,
            key="families",
            format_func=lambda n: f"{n:,}",
            help="More families, less sampling error, and slower: on the 2-core test machine a "
            "comparison of one reform takes about 2 s on 20,000 families, 5 s on 50,000 and "
            "10 s on 100,000 (the command line's default), and each replication as long again. "
            "On 20,000 families a change of a few hundred children is within sampling error: "
            "read it with its range.",
        )
        st.form_submit_button("Run", type="primary")
    return {
        "families": int(families),
        "chosen": chosen,
        "stack": stack,
        "levers": values,
        "custom": changed_levers(base, values),
        "name": name.strip() or REFORM_NAME,
        "uploaded": uploaded,
        "start": start,
        "months": int(months),
        "replications": replications,
    }


def _period(choice: dict, errors: list[str]):
    """The period compared: the sidebar's, or current law's own if that one cannot run."""
    base = _base()
    start, months = choice.get("start", base.start), choice.get("months", base.months)
    problem = horizon_problem(start, months)
    if problem:
        errors.append(
            f"The period compared: {problem[0]}; {problem[1]}. Showing current law's own "
            f"period instead ({base.months} months from {base.start:%-d %B %Y})."
        )
        return base.start, base.months
    return start, months


def build_specs(choice: dict) -> tuple[tuple[tuple[str, str], ...], list[str]]:
    """The scenarios to run as (file name, text), baseline first, over the
    period compared, and errors (in the page's words)."""
    shipped = scenarios()
    base = shipped[BASELINE]
    errors: list[str] = []
    start, months = _period(choice, errors)

    def over_the_period(spec: tuple[str, str]) -> tuple[str, str]:
        return spec[0], with_horizon_text(spec[1], start, months)

    specs = [over_the_period(scenario_text(BASELINE))]
    if choice["stack"] and len(choice["chosen"]) > 1:
        text = stacked_scenario_text(base, [shipped[k] for k in choice["chosen"]])
        specs.append(over_the_period((STACKED, text)))
    else:
        specs += [over_the_period(scenario_text(k)) for k in choice["chosen"]]
    if choice["custom"]:
        name = choice.get("name", REFORM_NAME)
        text = lever_scenario_text(base, choice["levers"], name, effective=start)
        specs.append(over_the_period((CUSTOM, text)))
    upload = choice["uploaded"]
    if upload is not None:
        data = upload.getvalue()
        name = "uploaded-" + "".join(c if c.isalnum() or c in "-_." else "-" for c in upload.name)
        if len(data) > MAX_TEXT:
            errors.append(
                f"{upload.name}: the file is {len(data):,} bytes; a scenario file is a short "
                f"text file (under {MAX_TEXT:,} bytes, {MAX_TEXT // KB} kB)."
            )
        else:
            try:
                specs.append((name, data.decode("utf-8")))
            except UnicodeDecodeError:
                errors.append(f"{upload.name}: not a UTF-8 text file; upload a YAML scenario.")
    checked = []
    for name, text in specs:
        try:
            scenario = load_scenario_text(text, name)
        except ScenarioError as error:
            errors.append(page_message(str(error)))
            continue
        if (scenario.start, scenario.months, scenario.seed) != (start, months, base.seed):
            errors.append(
                f"{name}: it runs {scenario.months} months from {scenario.start:%-d %B %Y} "
                f"(seed {scenario.seed}); the comparison runs {months} months from "
                f"{start:%-d %B %Y} (seed {base.seed}). Scenarios compared must share them: "
                "set the period compared in the sidebar to the file's, or change the file."
            )
            continue
        checked.append((name, text))
    return tuple(checked), errors
