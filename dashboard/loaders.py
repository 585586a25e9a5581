"""The model as the dashboard uses it, cached: the shipped scenarios, the
bundled population, a comparison, the sensitivity tornado and the calibration
and validation reports (built by ``simulator.reports``, as ``cms-sim`` builds them)."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from simulator.experiments.channels import decompose
from simulator.experiments.compare import compare
from simulator.experiments.runs import run_scenario
from simulator.experiments.sensitivity import sensitivity, sensitivity_topics
from simulator.experiments.validation import coverage_table, validation_table
from simulator.population import synthesise_population
from simulator.population.report import calibration_report
from simulator.reports.calibration import calibration_markdown
from simulator.reports.validation import validation_markdown
from simulator.scenarios.levers import DEFAULT_FAMILIES, describe, shipped_scenarios
from simulator.scenarios.load import SCENARIO_FOLDER, load_scenario_text

BASELINE = "baseline"
#: A comparison of this many scenarios (the baseline and one reform) works
#: out the reform's channels with its runs; with more, only the reform being
#: looked at is decomposed, when it is looked at (:func:`channels`).
CHANNELS_WITH_THE_RUN = 2


@st.cache_resource(show_spinner=False)
def scenarios() -> dict:
    return shipped_scenarios()


def population(
    months: int | None = None, start: dt.date | None = None, families: int = DEFAULT_FAMILIES
):
    """The bundled ``families`` families at ``start`` (default the baseline's
    start: the first month of a comparison), with those who separate during
    runs of ``months`` months (default the baseline's horizon); built once for each."""
    base = scenarios()[BASELINE]
    return _population(
        base.months if months is None else months,
        base.start if start is None else start,
        families,
    )


@st.cache_resource(show_spinner="Building the synthetic population…")
def _population(months: int, start: dt.date, families: int = DEFAULT_FAMILIES):
    return synthesise_population(families, scenarios()[BASELINE].seed, start, entrant_months=months)


def scenario_text(key: str) -> tuple[str, str]:
    """(file name, text) of a shipped scenario: the cache key of a run."""
    path = SCENARIO_FOLDER / f"{key}.yaml"
    return path.name, path.read_text(encoding="utf-8")


@st.cache_data(show_spinner=False, max_entries=32)
def run(
    specs: tuple[tuple[str, str], ...], replications: int, families: int = DEFAULT_FAMILIES
) -> dict:
    """Compare the scenarios given as (file name, YAML text), the first being
    the baseline, on ``families`` families; cached on the canonical texts."""
    loaded = [load_scenario_text(text, name) for name, text in specs]
    bar = st.progress(0.0, text="Running the model…")
    total = len(loaded) * replications
    done = [0]

    def progress(message: str) -> None:
        bar.progress(min(done[0] / total, 1.0), text=message)
        done[0] += 1

    # at the comparison's start, with entrants to the longest horizon
    pop = population(max(s.months for s in loaded), loaded[0].start, families)
    # one reform: its channels with it, in the same runs (sharing their
    # warm-up, children, incomes and households); several: on demand
    result = compare(
        loaded,
        population=pop,
        replications=replications,
        progress=progress,
        channels=len(loaded) == CHANNELS_WITH_THE_RUN,
    )
    bar.empty()
    return {
        "metrics": result.metrics,
        "deciles": result.deciles,
        "distribution": result.distribution,
        "monthly": result.monthly,
        "quarterly": result.quarterly,
        "run": result.run,
        "channels": result.channels,
        "keys": [s.key for s in loaded],
        "names": {s.key: s.name for s in loaded},
        "summaries": {s.key: describe(s, scenarios()[BASELINE]) for s in loaded},
        "texts": dict(zip([s.key for s in loaded], [t for _, t in specs], strict=True)),
    }


@st.cache_data(show_spinner="Splitting the change into channels…", max_entries=32)
def channels(
    specs: tuple[tuple[str, str], ...],
    replications: int,
    reform: str,
    families: int = DEFAULT_FAMILIES,
) -> pd.DataFrame:
    """The channels of the reform ``reform`` of the comparison :func:`run`
    (``specs``, ``replications``) gives: its counterfactual runs alone, on
    the same families, with the comparison's baseline and reform metrics
    (its central replication)."""
    results = run(specs, replications, families)
    done = results["channels"]
    if not done.empty and reform in set(done.scenario):
        return done[done.scenario == reform].reset_index(drop=True)
    loaded = {s.key: s for s in (load_scenario_text(text, name) for name, text in specs)}
    base = loaded[results["keys"][0]]
    values = results["metrics"].set_index(["scenario", "metric"]).value
    rows = {key: values[key].to_dict() for key in (base.key, reform)}
    pop = population(max(s.months for s in loaded.values()), base.start, families)
    return decompose(pop, [base, loaded[reform]], rows)


@st.cache_resource(show_spinner=False)
def tornado_setup():
    """Current law over 12 months on 5,000 families, and its assumptions by
    topic (``simulator.experiments.sensitivity.sensitivity_topics``)."""
    base = scenarios()[BASELINE]
    small = base.with_horizon(base.start, 12, base.seed)
    pop = synthesise_population(5_000, base.seed, base.start)
    return small, pop, sensitivity_topics(small)


@st.cache_data(show_spinner="Moving each assumption to the ends of its range…")
def tornado(metric: str, topic: str) -> pd.DataFrame:
    """The sensitivity of ``metric`` to the assumptions of ``topic``, one at a
    time (a topic's dozen assumptions: 25 runs of the model, a few seconds,
    where all 122 took 245 runs)."""
    small, pop, topics = tornado_setup()
    return sensitivity(small, metric, population=pop, only=topics[topic])


@st.cache_data(show_spinner="Comparing with published figures…")
def reports() -> dict:
    """The calibration and validation reports of the bundled population and
    the baseline: their tables and their Markdown, built as ``cms-sim
    calibration-report`` and ``cms-sim validate`` build them."""
    from simulator.experiments.fit_behaviour import behaviour_calibration
    from simulator.experiments.reform_estimates import reform_estimates

    base = scenarios()[BASELINE]
    pop = population()
    result = run_scenario(pop, base)
    calibration = calibration_report(pop)
    calibration["behaviour"] = behaviour_calibration(pop)
    validation, coverage = validation_table(pop, result), coverage_table()
    estimates = reform_estimates(pop, base)
    return {
        "reform_estimates": estimates,
        "calibration_report": calibration["targets"],
        "validation_report": validation,
        "calibration_markdown": calibration_markdown(
            calibration, len(pop.at_date()), pop.seed, pop.date, pop.metadata
        ),
        "validation_markdown": validation_markdown(
            validation,
            coverage,
            base.file,
            len(pop.at_date()),
            base.seed,
            base.months,
            base.start,
            None,
            estimates,
        ),
    }
