"""The dashboard, driven headlessly with Streamlit's AppTest: choosing scenarios,
moving a lever, uploading good and bad scenario files, the household view and
the sources and reports pages. (tests/app/test_browser.py drives it in a real browser.)"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
NUMBER = re.compile(r"\d")


def fresh(query: dict | None = None) -> AppTest:
    app = AppTest.from_file(APP, default_timeout=180)
    for key, value in (query or {}).items():
        app.query_params[key] = value
    app.run()
    assert not app.exception, app.exception
    return app


@cache
def default_app() -> AppTest:
    return fresh()


@cache
def tab_app(tab: str) -> AppTest:
    """The default view with another tab open (only the open tab is drawn)."""
    return fresh({"tab": tab, "scenarios": "scrap-receiving-parent-fee"})


def metrics_of(app: AppTest) -> dict[str, list]:
    out: dict[str, list] = {}
    for m in app.metric:
        out.setdefault(m.label, []).append(m)
    return out


def test_the_default_view_shows_headline_metrics_with_numbers():
    app = default_app()
    shown = metrics_of(app)
    for label in (
        "Children in poverty (BHC)",
        "Children in poverty (AHC)",
        "Maintenance reaching children",
        "Collect and Pay: paid something",
    ):
        assert len(shown[label]) == 2, label  # current law and the default reform
        assert all(NUMBER.search(m.value) for m in shown[label])
    # the default reform scraps the 4% fee: receiving parents pay nothing, a fall
    fees = shown["Fees paid by receiving parents"]
    assert fees[0].value.startswith("£") and fees[0].value != "£0.0m"
    assert fees[1].value == "£0.0m" and fees[1].delta.startswith("-")
    assert not app.error
    assert any("parameter hashes" in c.value for c in app.caption)


def test_the_default_view_shows_ranges_and_says_what_they_are():
    app = default_app()
    ranges = [c.value for c in app.caption if c.value.startswith("Min-max of 3 replications")]
    assert ranges, "the headline tiles show their range over the default replications"
    assert all(" to " in r and NUMBER.search(r) for r in ranges)


def test_the_default_view_charts_poverty_month_by_month_and_by_group():
    app = default_app()
    headings = [h.value for h in app.subheader]
    assert "In poverty month by month (after housing costs)" in headings
    app.segmented_control(key="chart").set_value("By nation and family").run()
    headings = [h.value for h in app.subheader]
    assert "Child poverty by nation, number of children and arrangement" in headings


def test_choosing_another_scenario_and_running():
    app = fresh()
    app.sidebar.multiselect[0].set_value(["single-collection-service"])
    app.sidebar.button[0].click()
    app.run()
    assert not app.exception
    headers = [m.value for m in app.markdown]
    assert any("Single collection service" in h for h in headers)
    assert app.query_params["scenarios"] == ["single-collection-service"] or (
        app.query_params["scenarios"] == "single-collection-service"
    )
    # Collect and Pay compliance moves with the reform
    compliance = metrics_of(app)["Collect and Pay: paid something"]
    assert compliance[1].delta and compliance[1].delta != "+0.0 points"


def test_moving_a_lever_builds_a_custom_reform():
    app = fresh()
    app.sidebar.multiselect[0].set_value([])
    app.sidebar.number_input(key="pp_fee").set_value(10.0)
    app.sidebar.button[0].click()
    app.run()
    assert not app.exception
    assert any("Your reform" in m.value for m in app.markdown)
    assert any("Collection fee, paying parent: 20.0% → 10.0%" in m.value for m in app.markdown)
    fees = metrics_of(app)["Fees paid by paying parents"]
    assert fees[1].delta.startswith("-")
    assert "pp_fee=10" in str(app.query_params["custom"])


def test_a_link_reproduces_the_view():
    app = fresh({"scenarios": "stronger-enforcement", "custom": "rp_fee=0"})
    headers = " ".join(m.value for m in app.markdown)
    assert "Stronger enforcement" in headers and "Your reform" in headers
    assert app.sidebar.number_input(key="rp_fee").value == 0.0


GOOD = b"""name: Uploaded reform
description: Halve the receiving parent's fee.
author: a test
reference: a test
start: 2026-05-01
months: 24
seed: 20260401
changes:
  - parameter: fees.collection.receiving_parent_rate
    from: 2026-05-01
    value: 0.02
"""


@pytest.mark.parametrize(
    "content, expected",
    [
        (GOOD.replace(b"value: 0.02", b"value: 7"), "above the valid maximum"),
        (GOOD.replace(b"receiving_parent_rate", b"receiving_parent_rat"), "receiving_parent_rat"),
        (b"name: [unclosed", "not valid YAML"),
        (b"\xff\xfe\x00binary", "not a UTF-8 text file"),
        (b"# " + b"x" * 200_000, "bytes"),
    ],
)
def test_a_bad_upload_shows_the_error_and_the_page_still_works(content, expected):
    app = fresh()
    app.sidebar.get("file_uploader")[0].set_value(("reform.yaml", content, "text/yaml"))
    app.sidebar.button[0].click()
    app.run()
    assert not app.exception
    assert any(expected in e.value for e in app.error), [e.value for e in app.error]
    assert "Children in poverty (BHC)" in metrics_of(app)  # the rest still runs


def test_a_good_upload_is_compared():
    app = fresh()
    app.sidebar.multiselect[0].set_value([])
    app.sidebar.get("file_uploader")[0].set_value(("my-reform.yaml", GOOD, "text/yaml"))
    app.sidebar.button[0].click()
    app.run()
    assert not app.exception and not app.error
    assert any("Uploaded reform" in m.value for m in app.markdown)


def test_household_view_shows_both_scenarios_step_by_step():
    app = tab_app("household")
    table = next(t.value for t in app.table if "Current law" in t.value.columns).set_index("")
    # £450 a week, one child, no shared care: 12% x 450 = £54.00 (basic rate), both ways
    assert list(table.loc["Maintenance"]) == ["£54.00 a week", "£54.00 a week"]
    # on Collect and Pay the receiving parent loses 4% under current law, nothing after
    assert list(table.loc["Receiving parent gets, after fees"]) == [
        "£51.84 a week",
        "£54.00 a week",
    ]
    assert any("Sch. 1, para. 2" in c.value for c in app.caption)


def test_household_bad_input_is_an_error_not_a_crash():
    app = fresh({"tab": "household"})
    app.text_input(key="hh-nights").set_value("0,,52")
    app.button(key="FormSubmitter:household-Work it out").click()
    app.run()
    assert not app.exception
    assert any("is not a list of nights" in e.value for e in app.error)


def test_sources_page_lists_parameters_and_assumptions():
    app = tab_app("sources")
    frames = [d.value for d in app.dataframe]
    parameters = next(f for f in frames if "Parameter" in f.columns)
    assumptions = next(f for f in frames if "Assumption" in f.columns and "Basis" in f.columns)
    assert "fees.collection.receiving_parent_rate" in set(parameters["Key in the parameter files"])
    assert (parameters["Legal reference"].str.len() > 0).all()
    assert (assumptions.Range.str.contains(" to ")).all()


def test_sources_page_lists_every_lever_with_a_one_line_explanation():
    from simulator.scenarios.levers import load_levers

    app = tab_app("sources")
    levers = next(d.value for d in app.dataframe if "What it does" in d.value.columns)
    assert list(levers.Lever) == [lever.label for lever in load_levers()]
    assert (levers["What it does"].str.len() > 0).all()
    today = dict(zip(levers.Lever, levers.Today, strict=True))
    assert today["Share of the cost of a child paid at median earnings"] == "70.8198%"
    assert today["Income cap"] == "£3,000 a week"


def test_sweeps_page_plots_a_sweep_and_explains_a_wrong_folder(tmp_path):
    from simulator.experiments.sweep import load_sweep, run_sweep

    base = tmp_path / "base.yaml"
    base.write_text(
        (ROOT / "scenarios" / "baseline.yaml").read_text().replace("months: 24", "months: 3")
    )
    (tmp_path / "sweep.yaml").write_text(
        "name: t\nbase: base.yaml\nfamilies: 400\nreplications: 2\n"
        "metrics: [collection_fees_receiving_parents_annual_gbp]\nvary:\n"
        "  - parameter: fees.collection.receiving_parent_rate\n    values: [0.0, 0.04]\n"
    )
    run_sweep(load_sweep(tmp_path / "sweep.yaml"), tmp_path / "out", scheduler="serial")
    app = fresh({"tab": "sweeps"})
    app.text_input(key="sweep-folder").set_value(str(tmp_path / "out"))
    app.run()
    assert not app.exception and not app.error
    chosen = app.selectbox(key="sweep-metric-folder").value
    assert chosen == "Collection fees paid by receiving parents"
    app.text_input(key="sweep-folder").set_value(str(tmp_path / "nowhere"))
    app.run()
    assert not app.exception
    assert any("no summary.csv" in e.value for e in app.error)


def test_reports_page_shows_the_reports_cms_sim_writes():
    app = fresh({"tab": "reports"})
    app.button(key="reports-run").click()
    app.run()
    assert not app.exception and not app.error
    texts = [m.value for m in app.markdown]
    calibration = next(t for t in texts if t.startswith("# Calibration report"))
    assert "Population: 20,000 families" in calibration
    for part in ("## Behaviour: compliance and service moves", "| B01a |", "## Unfitted"):
        assert part in calibration, part
    validation = next(t for t in texts if t.startswith("# Validation report"))
    assert "20,000 families" in validation and "## What is simulated (S)" in validation
    # the single collection service by DWP's static method and by the model, side by side
    assert "DWP's static method beside the model's" in validation
    assert "| single_collection_service_children_in_poverty_change |" in validation


def test_the_default_view_explains_the_reform_by_channel():
    """The selected reform's change split into channels: a waterfall and the
    sentence (scrapping the 4% fee hands receiving parents the fee, mechanically)."""
    app = default_app()
    assert "Why: the change split into channels" in [h.value for h in app.subheader]
    sentences = [m.value for m in app.markdown if "gives receiving parents" in m.value]
    assert sentences and "mechanically" in sentences[0]
    assert [s.label for s in app.selectbox if s.key == "channels-metric"] == ["Metric"]
