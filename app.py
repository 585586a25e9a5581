"""The Child Maintenance reform dashboard (``streamlit run app.py``).

Compare reforms with current law on the bundled synthetic population (child
poverty, money reaching children, compliance, arrears, winners and losers),
follow one household through the calculation, and see every parameter and
assumption with its source. The page holds no rule, parameter value or model
logic: it lays out what ``simulator`` computes (``simulator.scenarios.levers``,
``simulator.experiments.compare``, ``simulator.calculator.household``), and every
scenario — shipped, stacked, built from the levers or uploaded — is validated as
``cms-sim`` does.
"""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from simulator import __version__
from simulator.allocator import tune_allocator
from simulator.calculator.batch import CalcInputError
from simulator.calculator.household import Household, household_outcome
from simulator.experiments.compare import compare, run_scenario, sensitivity
from simulator.experiments.sweep import SweepError, read_sweep_results
from simulator.experiments.validation import coverage_table, validation_table
from simulator.outcomes.metrics import METRIC_UNITS
from simulator.population import synthesise_population
from simulator.population.calibrate import calibration_report
from simulator.scenarios.levers import (
    DEFAULT_FAMILIES,
    LEVER_BY_KEY,
    LEVERS,
    assumption_table,
    changed_levers,
    describe,
    lever_defaults,
    lever_scenario_text,
    parameter_table,
    shipped_scenarios,
    stacked_scenario_text,
)
from simulator.scenarios.load import MAX_TEXT, SCENARIO_FOLDER, ScenarioError, load_scenario_text

BASELINE = "baseline"
CUSTOM = "custom-reform.yaml"
STACKED = "stacked.yaml"
#: Headline metrics: (metric, label, kind)
HEADLINE = (
    ("children_in_relative_poverty_bhc", "Children in poverty (BHC)", "count"),
    ("children_in_relative_poverty_ahc", "Children in poverty (AHC)", "count"),
    ("children_lifted_out_of_poverty_ahc", "Children lifted out (AHC)", "count"),
    ("maintenance_received_all_arrangements_annual_gbp", "Maintenance reaching children", "gbp"),
    ("collect_and_pay_paid_some_share", "Collect and Pay: paid something", "share"),
    ("arrears_stock_end_gbp", "Arrears owed", "gbp"),
    ("collection_fees_paying_parents_annual_gbp", "Fees paid by paying parents", "gbp"),
    ("collection_fees_receiving_parents_annual_gbp", "Fees paid by receiving parents", "gbp"),
)


# ------------------------------------------------------------------- cached model


@st.cache_resource(show_spinner=False)
def scenarios() -> dict:
    return shipped_scenarios()


@st.cache_resource(show_spinner="Building the synthetic population…")
def population():
    base = scenarios()[BASELINE]
    return synthesise_population(DEFAULT_FAMILIES, base.seed, base.start)


def scenario_text(key: str) -> tuple[str, str]:
    """(file name, text) of a shipped scenario: the cache key of a run."""
    path = SCENARIO_FOLDER / f"{key}.yaml"
    return path.name, path.read_text(encoding="utf-8")


@st.cache_data(show_spinner=False, max_entries=32)
def run(specs: tuple[tuple[str, str], ...], replications: int) -> dict:
    """Compare the scenarios given as (file name, YAML text), the first being
    the baseline; cached on the canonical texts."""
    loaded = [load_scenario_text(text, name) for name, text in specs]
    bar = st.progress(0.0, text="Running the model…")
    total = len(loaded) * replications
    done = [0]

    def progress(message: str) -> None:
        bar.progress(min(done[0] / total, 1.0), text=message)
        done[0] += 1

    result = compare(loaded, population=population(), replications=replications, progress=progress)
    bar.empty()
    return {
        "metrics": result.metrics,
        "deciles": result.deciles,
        "monthly": result.monthly,
        "quarterly": result.quarterly,
        "run": result.run,
        "keys": [s.key for s in loaded],
        "names": {s.key: s.name for s in loaded},
        "summaries": {s.key: describe(s, scenarios()[BASELINE]) for s in loaded},
        "texts": dict(zip([s.key for s in loaded], [t for _, t in specs], strict=True)),
    }


@st.cache_data(show_spinner="Moving each assumption to the ends of its range…")
def tornado(metric: str) -> pd.DataFrame:
    base = scenarios()[BASELINE]
    small = base.with_horizon(base.start, 12, base.seed)
    pop = synthesise_population(5_000, base.seed, base.start)
    return sensitivity(small, metric, population=pop)


@st.cache_data(show_spinner="Comparing with published figures…")
def reports() -> dict:
    from simulator.experiments.fit_behaviour import behaviour_calibration

    base = scenarios()[BASELINE]
    pop = population()
    result = run_scenario(pop, base)
    targets = calibration_report(pop)["targets"]
    return {
        "calibration": targets[targets.treatment.isin(["fitted", "compared"])],
        "behaviour": behaviour_calibration(pop),
        "validation": validation_table(pop, result),
        "coverage": coverage_table(),
    }


# ----------------------------------------------------------------------- sidebar


def _query_list(name: str) -> list[str]:
    raw = st.query_params.get(name, "")
    return [x for x in raw.split(",") if x]


def sidebar() -> dict:
    """The scenario form. Defaults come from the URL, so a link reproduces a view."""
    shipped = scenarios()
    base = shipped[BASELINE]
    defaults = lever_defaults(base)
    reforms = [k for k in shipped if k != BASELINE]
    chosen_default = [k for k in _query_list("scenarios") if k in reforms] or [
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
        with st.expander("Build your own reform", expanded=bool(_query_list("custom"))):
            custom_given = dict(item.split("=", 1) for item in _query_list("custom") if "=" in item)
            for lever in LEVERS:
                default = defaults[lever.key]
                given = custom_given.get(lever.key)
                if isinstance(default, bool):
                    value = given == "1" if given is not None else default
                    values[lever.key] = st.checkbox(
                        lever.label, value=value, key=lever.key, help=lever.help or None
                    )
                else:
                    shown = float(given) if given is not None else float(default) * lever.scale
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
            1,
            10,
            int(st.query_params.get("replications", "1") or 1),
            help="Each extra run uses another seed and draws every behavioural assumption "
            "from its range; ranges are the 5th-95th percentiles.",
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


def _encode_query(choice: dict) -> None:
    st.query_params.clear()
    if choice["chosen"]:
        st.query_params["scenarios"] = ",".join(choice["chosen"])
    if choice["stack"]:
        st.query_params["stack"] = "1"
    if choice["custom"]:
        st.query_params["custom"] = ",".join(
            f"{k}={int(v) if isinstance(v, bool) else round(v * LEVER_BY_KEY[k].scale, 6):g}"
            for k, v in choice["custom"].items()
        )
    if choice["replications"] > 1:
        st.query_params["replications"] = str(choice["replications"])


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


# ---------------------------------------------------------------------- formatting


def fmt(value: float, kind: str) -> str:
    if value != value:  # NaN
        return "–"
    if kind == "share":
        return f"{value:.1%}"
    if kind == "gbp":
        return f"£{value / 1e6:,.0f}m" if abs(value) >= 1e6 else f"£{value:,.0f}"
    return f"{value:,.0f}"


def fmt_delta(value: float, kind: str) -> str:
    if kind == "share":
        return f"{value * 100:+.1f} points"
    sign = "+" if value >= 0 else "-"  # ASCII minus: Streamlit reads the direction from it
    return sign + fmt(abs(value), kind)


def download(frame: pd.DataFrame, name: str, label: str = "Download the data (CSV)") -> None:
    st.download_button(
        label, frame.to_csv(index=False).encode(), f"{name}.csv", "text/csv", key=f"download-{name}"
    )


# ------------------------------------------------------------------------- views


def headline(results: dict) -> None:
    metrics = results["metrics"].set_index(["scenario", "metric"])
    for key in results["keys"]:
        st.markdown(f"#### {results['names'][key]}")
        columns = st.columns(4)
        shown = 0
        for metric, label, kind in HEADLINE:
            if (key, metric) not in metrics.index:
                continue
            row = metrics.loc[(key, metric)]
            delta = None
            if key != BASELINE and (key, f"{metric}_change") in metrics.index:
                change = metrics.loc[(key, f"{metric}_change")]
                delta = fmt_delta(change.value, kind)
            help_text = None
            if row.low != row.high:
                help_text = (
                    f"Range over replications: {fmt(row.low, kind)} to {fmt(row.high, kind)}"
                )
            columns[shown % 4].metric(
                label,
                fmt(row.value, kind),
                delta=delta,
                delta_color=_delta_colour(metric),
                help=help_text,
            )
            if help_text:
                columns[shown % 4].caption(help_text)
            shown += 1
        if key != BASELINE:
            with st.expander("What this scenario changes"):
                st.markdown("\n".join(f"- {line}" for line in results["summaries"][key]))
                st.download_button(
                    "Download the scenario (YAML)",
                    results["texts"][key].encode(),
                    f"{key}.yaml",
                    "text/yaml",
                    key=f"yaml-{key}",
                )


def _delta_colour(metric: str) -> str:
    good_when_lower = ("poverty", "arrears", "fees")
    if "lifted" in metric:
        return "normal"
    return "inverse" if any(w in metric for w in good_when_lower) else "normal"


def over_time(frame: pd.DataFrame, x: str, y: str, title: str, dash: str | None = None):
    """A line per scenario (and per ``dash``) over the months."""
    encoding = {
        "x": alt.X(f"{x}:T", title=None),
        "y": alt.Y(f"{y}:Q", title=title),
        "color": "scenario:N",
        "tooltip": ["scenario", f"{x}:T", alt.Tooltip(f"{y}:Q", format=",.0f")],
    }
    if dash:
        encoding["strokeDash"] = f"{dash}:N"
        encoding["tooltip"].insert(1, dash)
    return alt.Chart(frame).mark_line().encode(**encoding).properties(height=260)


def charts(results: dict) -> None:
    names = results["names"]
    metrics = results["metrics"]
    poverty = metrics[
        metrics.metric.isin(
            ["children_in_relative_poverty_bhc", "children_in_relative_poverty_ahc"]
        )
    ].assign(
        scenario=lambda d: d.scenario.map(names),
        measure=lambda d: d.metric.map(
            {
                "children_in_relative_poverty_bhc": "Before housing costs",
                "children_in_relative_poverty_ahc": "After housing costs",
            }
        ),
    )
    st.subheader("Children in poverty in receiving households")
    st.altair_chart(
        alt.Chart(poverty)
        .mark_bar()
        .encode(
            x=alt.X("scenario:N", title=None, axis=alt.Axis(labelAngle=0, labelLimit=160)),
            y=alt.Y("value:Q", title="Children"),
            color=alt.Color("scenario:N", legend=None),
            column=alt.Column("measure:N", title=None),
            tooltip=["scenario", "measure", alt.Tooltip("value:Q", format=",.0f")],
        )
        .properties(width=260, height=240),
    )
    download(poverty[["scenario", "measure", "value", "low", "high"]], "poverty")

    monthly = results["monthly"].assign(scenario=lambda d: d.scenario.map(names))
    money = monthly.melt(
        id_vars=["scenario", "month"],
        value_vars=["due", "paid", "received"],
        var_name="measure",
        value_name="gbp",
    )
    st.subheader("Maintenance due, paid and received each month (CMS)")
    st.altair_chart(over_time(money, "month", "gbp", "£ a month", dash="measure"), width="stretch")
    download(money, "money")

    st.subheader("Compliance and arrears over time")
    left, right = st.columns(2)
    quarterly = results["quarterly"].assign(scenario=lambda d: d.scenario.map(names))
    quarterly = quarterly[quarterly.months == 3]
    left.altair_chart(
        alt.Chart(quarterly)
        .mark_line(point=True)
        .encode(
            x=alt.X("quarter_end:T", title="Quarter"),
            y=alt.Y(
                "collect_and_pay_paid_some_share:Q",
                title="Collect and Pay: paid something",
                axis=alt.Axis(format="%"),
            ),
            color="scenario:N",
        )
        .properties(height=240),
        width="stretch",
    )
    with left:
        download(quarterly, "compliance")
    arrears = monthly[["scenario", "month", "arrears_stock"]]
    right.altair_chart(
        over_time(arrears, "month", "arrears_stock", "Arrears owed (£)"), width="stretch"
    )
    with right:
        download(arrears, "arrears")

    deciles = results["deciles"]
    if not deciles.empty:
        deciles = deciles.assign(scenario=lambda d: d.scenario.map(names))
        st.subheader("Gains and losses by household income decile")
        st.altair_chart(
            alt.Chart(deciles)
            .mark_bar()
            .encode(
                x=alt.X("decile:O", title="Income decile (1 = lowest)"),
                y=alt.Y("mean_change_gbp_annual:Q", title="Average change (£ a year)"),
                color="scenario:N",
                xOffset="scenario:N",
                column=alt.Column("household:N", title=None),
                tooltip=[
                    "scenario",
                    "household",
                    "decile",
                    alt.Tooltip("mean_change_gbp_annual:Q", format=",.0f"),
                ],
            )
            .properties(width=300, height=240),
        )
        shares = deciles.melt(
            id_vars=["scenario", "household", "decile"],
            value_vars=["winners_share", "losers_share", "unchanged_share"],
            var_name="outcome",
            value_name="share",
        )
        st.altair_chart(
            alt.Chart(shares)
            .mark_bar()
            .encode(
                x=alt.X("decile:O", title="Income decile"),
                y=alt.Y("share:Q", stack="normalize", axis=alt.Axis(format="%"), title=None),
                color=alt.Color(
                    "outcome:N",
                    scale=alt.Scale(
                        domain=["winners_share", "unchanged_share", "losers_share"],
                        range=["#2a9d8f", "#d9d9d9", "#e76f51"],
                    ),
                ),
                row=alt.Row("scenario:N", title=None),
                column=alt.Column("household:N", title=None),
            )
            .properties(width=300, height=120),
        )
        download(deciles, "deciles")

    st.subheader("Which assumptions move the results most")
    metric = st.selectbox(
        "Metric",
        list(METRIC_UNITS),
        index=list(METRIC_UNITS).index("collect_and_pay_paid_some_share"),
        key="tornado-metric",
    )
    if st.button("Run the sensitivity analysis (about a minute)", key="tornado-run"):
        table = tornado(metric).head(15)
        long = table.melt(
            id_vars=["assumption"],
            value_vars=["metric_at_low", "metric_at_high"],
            var_name="end",
            value_name="value",
        )
        central = float(table.metric_central.iloc[0]) if not table.empty else 0.0
        st.altair_chart(
            alt.Chart(long)
            .mark_bar()
            .encode(
                y=alt.Y("assumption:N", sort=list(table.assumption), title=None),
                x=alt.X("value:Q", title=metric, scale=alt.Scale(zero=False)),
                x2=alt.X2(datum=central),
                color=alt.Color("end:N", title="Assumption at"),
            )
            .properties(height=400),
            width="stretch",
        )
        download(table, "sensitivity")


def provenance(results: dict) -> None:
    run_info = results["run"]
    digests = ", ".join(f"{k}: {v}" for k, v in run_info["parameter_digests"].items())
    st.caption(
        f"Model {run_info['model_version']} · population {run_info['population_size']:,} "
        f"synthetic families (seed {run_info['population_seed']}), {run_info['months']} months "
        f"from {run_info['start']}, {run_info['replications']} replication(s) · parameter "
        f"hashes {digests}. Annual figures for Great Britain over the last 12 months."
    )
    download(results["metrics"], "metrics", "Download all results (CSV)")


def compare_page(choice: dict) -> None:
    specs, errors = build_specs(choice)
    for error in errors:
        st.error(error)
    if len(specs) < 2:
        st.info("Choose a reform in the sidebar (or build or upload one) and press Run.")
    results = run(specs, choice["replications"])
    headline(results)
    provenance(results)
    charts(results)


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


def sources_page() -> None:
    st.write(
        "Every statutory value comes from a dated parameter file with its legal reference; "
        "every behavioural and population value from the assumption register, with a range "
        "and a source or the reasoning behind it."
    )
    search = st.text_input("Filter", "", key="sources-filter")
    base = scenarios()[BASELINE]
    params = parameter_table(base.parameters, base.start)
    assumptions = assumption_table(base.assumptions)
    if search:
        params = params[
            params.apply(lambda r: search.lower() in " ".join(map(str, r)).lower(), axis=1)
        ]
        assumptions = assumptions[
            assumptions.apply(lambda r: search.lower() in " ".join(map(str, r)).lower(), axis=1)
        ]
    st.subheader(f"Statutory parameters in force on {base.start:%d %B %Y}")
    _linked_table(params, "parameters")
    st.subheader("Assumption register")
    _linked_table(assumptions, "assumptions")


def _linked_table(frame: pd.DataFrame, name: str) -> None:
    """A table whose ``link`` column opens the source, with its CSV download."""
    st.dataframe(
        frame,
        hide_index=True,
        width="stretch",
        column_config={"link": st.column_config.LinkColumn("link")},
    )
    download(frame, name)


def reports_page() -> None:
    st.write(
        "How the bundled population and the behaviour were fitted to published figures "
        "(calibration), and how the baseline compares with figures it was not fitted to "
        "(validation). Gaps are shown as they are."
    )
    if not st.button("Show the calibration and validation reports", key="reports-run"):
        return
    data = reports()
    st.subheader("Calibration: population")
    st.dataframe(data["calibration"], hide_index=True, width="stretch")
    st.subheader("Calibration: behaviour")
    st.dataframe(data["behaviour"], hide_index=True, width="stretch")
    st.subheader("Validation")
    st.dataframe(data["validation"], hide_index=True, width="stretch")
    st.subheader("What is simulated (S), partly simulated (PS), imputed (I) or excluded (E)")
    st.dataframe(data["coverage"], hide_index=True, width="stretch")


def sweeps_page() -> None:
    st.write(
        "Results of a parameter sweep (`cms-sim sweep SWEEP.yaml --out FOLDER`): a metric "
        "against the swept value, with the 5th-95th percentile band across replications."
    )
    folder = st.text_input(
        "Sweep results folder",
        value=st.query_params.get("sweep", ""),
        key="sweep-folder",
        placeholder="e.g. sweep-rp-fee",
    )
    if not folder:
        st.info(
            "Give the --out folder of a sweep, e.g. after "
            "`cms-sim sweep sweeps/receiving-parent-fee.yaml --out sweep-rp-fee`."
        )
        return
    try:
        table, axes = read_sweep_results(folder)
    except SweepError as error:
        st.error(str(error))
        return
    if not axes or table.empty:
        st.error(f"{folder}: the sweep has no finished points yet.")
        return
    metric = st.selectbox("Metric", sorted(table.metric.unique()), key="sweep-metric")
    data = table[table.metric == metric]
    x = alt.X(f"{axes[0]}:Q", title=axes[0])
    colour = {"color": alt.Color(f"{axes[1]}:N", title=axes[1])} if len(axes) > 1 else {}
    band = alt.Chart(data).mark_area(opacity=0.25).encode(x=x, y="low:Q", y2="high:Q", **colour)
    line = (
        alt.Chart(data)
        .mark_line(point=True)
        .encode(
            x=x, y=alt.Y("value:Q", title=metric), tooltip=[*axes, "value", "low", "high"], **colour
        )
    )
    st.altair_chart((band + line).properties(height=360), width="stretch")
    download(data, "sweep")


def main() -> None:
    tune_allocator()  # speed only (simulator.allocator)
    st.set_page_config(page_title="Child maintenance reform simulator", layout="wide")
    st.title("Child maintenance reform simulator")
    st.caption(
        "Great Britain, Child Maintenance Service (2012 scheme). A synthetic population of "
        f"separated families followed month by month; model version {__version__}."
    )
    choice = sidebar()
    _encode_query(choice)
    compare_tab, household_tab, sweeps_tab, sources_tab, reports_tab = st.tabs(
        [
            "Compare reforms",
            "A household",
            "Sweeps",
            "Assumptions and sources",
            "Calibration and validation",
        ]
    )
    with compare_tab:
        compare_page(choice)
    with household_tab:
        household_page(choice)
    with sweeps_tab:
        sweeps_page()
    with sources_tab:
        sources_page()
    with reports_tab:
        reports_page()


if __name__ == "__main__":
    main()
