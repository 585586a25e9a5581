"""The compare page's charts in plain words: every axis formatted (money in
£m, shares in %, counts with separators), no raw metric id in a title, legend
or tooltip, the scenarios coloured the same on every chart, the winners and
losers stacked from 0 to 100%; and, driven with AppTest, no raw metric id in
the compare page's text for any group of charts."""

from __future__ import annotations

import json
import re
from functools import cache

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts as C
from dashboard.channels import waterfall
from simulator.experiments.compare import compare
from simulator.outcomes.metrics import METRIC_UNITS
from simulator.population import synthesise_population
from simulator.reports import chart_frames as F
from tests.app.test_app import APP

#: Families for the comparison the chart specs are built from (small: the
#: specs, not the figures, are tested).
FAMILIES = 3_000
RAW_ID = re.compile("|".join(sorted(map(re.escape, METRIC_UNITS), key=len, reverse=True)))
RAW_UNITS = ("/1", "currency-GBP", "GBP")
#: The charts of the page (:func:`specs`).
CHARTS = (
    "poverty", "poverty over time", "money", "arrears", "compliance", "deciles",
    "winners and losers", "distribution", "tornado", "waterfall",
)  # fmt: skip


@cache
def results() -> dict:
    from simulator.scenarios.levers import shipped_scenarios

    shipped = shipped_scenarios()
    loaded = [
        shipped[k] for k in ("baseline", "scrap-receiving-parent-fee", "single-collection-service")
    ]
    pop = synthesise_population(
        FAMILIES, loaded[0].seed, loaded[0].start, entrant_months=loaded[0].months
    )
    r = compare(loaded, population=pop, replications=1, channels=True)
    return {"metrics": r.metrics, "deciles": r.deciles, "distribution": r.distribution,
            "monthly": r.monthly, "quarterly": r.quarterly, "channels": r.channels,
            "names": {s.key: s.name for s in loaded}, "keys": [s.key for s in loaded]}  # fmt: skip


def colours():
    r = results()
    return F.scenario_colours([r["names"][k] for k in r["keys"]])


def specs() -> dict[str, dict]:
    """Every chart of the page as Vega-Lite, by name."""
    r, c = results(), colours()
    names = r["names"]
    reform = r["keys"][1]
    table = r["channels"][r["channels"].scenario == reform]
    tornado = pd.DataFrame(
        [
            {
                "assumption": "behaviour.compliance.latent_sd",
                "low": "",
                "central": "",
                "high": "",
                "metric": "arrears_stock_end_gbp",
                "metric_at_low": 2.1e9,
                "metric_central": 2.2e9,
                "metric_at_high": 2.4e9,
                "swing": 3e8,
            }
        ]
    )
    from simulator.inputs.assumptions import load_assumptions

    charts = {
        "poverty": C.poverty_bars(F.poverty_frame(r["metrics"], names), c),
        "poverty over time": C.over_time(
            F.over_time_frame(r["monthly"], names, F.POVERTY_SERIES), "People", c
        ),
        "money": C.over_time(
            F.over_time_frame(r["monthly"], names, F.MONEY_SERIES, F.MILLION), "£m a month", c, True
        ),
        "arrears": C.over_time(
            F.over_time_frame(r["monthly"], names, F.ARREARS_SERIES, F.MILLION),
            "Arrears owed (£m)", c, True,
        ),
        "compliance": C.compliance_line(F.compliance_frame(r["quarterly"], names), c),
        "deciles": C.decile_bars(F.decile_change_frame(r["deciles"], names), c),
        "winners and losers": C.outcome_bars(F.outcome_shares_frame(r["deciles"], names), c),
        "distribution": C.distribution_bars(F.distribution_frame(r["distribution"], names), c),
        "tornado": C.tornado_bars(
            F.tornado_frame(tornado, load_assumptions()), "arrears_stock_end_gbp"
        ),
        "waterfall": waterfall(table, "maintenance_received_all_arrangements_annual_gbp"),
    }  # fmt: skip
    return {
        name: json.loads(json.dumps(chart.to_dict(), default=str)) for name, chart in charts.items()
    }


def walk(node, path=()):
    """Every (path, value) of a spec."""
    if isinstance(node, dict):
        for k, v in node.items():
            yield from walk(v, (*path, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from walk(v, (*path, i))
    else:
        yield path, node


@cache
def all_specs():
    return specs()


@pytest.mark.parametrize("name", CHARTS)
def test_titles_legends_and_tooltips_are_plain_words(name):
    spec = all_specs()[name]
    for path, value in walk({k: v for k, v in spec.items() if k != "datasets"}):
        if path and path[-1] in ("title", "field") and isinstance(value, str):
            if path[-1] == "title":
                assert not RAW_ID.search(value), (path, value)
                assert "_" not in value and not any(u in value.split() for u in RAW_UNITS), value
    # every field a tooltip, legend or axis shows has a plain title
    for path, _value in walk(spec.get("encoding", {})):
        if path[-1] == "field" and path[0] not in ("order", "xOffset", "x2", "y2"):
            enc = spec["encoding"]
            for key in path[:-1]:
                enc = enc[key]
            assert "title" in enc or enc.get("legend", "") is None, (name, path)


@pytest.mark.parametrize("name", CHARTS)
def test_every_quantitative_axis_is_formatted(name):
    encoding = all_specs()[name]["encoding"]
    for channel in ("x", "y"):
        enc = encoding.get(channel, {})
        if enc.get("type") == "quantitative":
            axis = enc.get("axis", {})
            assert "format" in axis or "labelExpr" in axis, (name, channel)


def test_money_axes_are_in_millions_and_shares_in_percent():
    s = all_specs()
    for name in ("money", "arrears", "tornado", "waterfall"):
        axis = s[name]["encoding"]["y" if name != "tornado" else "x"]["axis"]
        assert axis.get("labelExpr") == C.POUNDS_MILLIONS, name
    for name in ("compliance", "winners and losers", "distribution"):
        assert s[name]["encoding"]["y"]["axis"]["format"] == "%", name
    # the money data really is in millions: monthly due is tens of £m, not £bn of pounds
    money = F.over_time_frame(results()["monthly"], results()["names"], F.MONEY_SERIES, F.MILLION)
    assert 1 < money.value.median() < 1_000


def test_the_scenarios_have_the_same_colours_on_every_chart():
    scales = {
        name: spec["encoding"]["color"]["scale"]
        for name, spec in all_specs().items()
        if spec["encoding"].get("color", {}).get("field") == "scenario"
    }
    assert len(scales) >= 6
    domain, colours_ = colours()
    assert all(s == {"domain": domain, "range": colours_} for s in scales.values())
    assert colours_[0] == F.CURRENT_LAW_COLOUR and len(set(colours_)) == len(colours_)


def test_the_winners_and_losers_chart_stacks_from_0_to_100_percent_in_a_fixed_order():
    enc = all_specs()["winners and losers"]["encoding"]
    assert enc["y"]["scale"]["domain"] == [0, 1]
    assert enc["y"]["stack"] == "zero"
    assert enc["order"]["field"] == "order"
    assert enc["color"]["scale"]["domain"] == ["Better off", "No change", "Worse off"]
    assert enc["color"]["title"] == "Outcome"
    shares = F.outcome_shares_frame(results()["deciles"], results()["names"])
    sums = shares.groupby(["scenario", "household", "decile"]).share.sum()
    assert sums.to_numpy() == pytest.approx(1.0, abs=1e-3)
    assert len(sums) == 2 * 2 * 10  # two reforms, two kinds of household, ten deciles


def test_quarters_are_dated():
    quarter = all_specs()["compliance"]["encoding"]["x"]
    assert quarter["type"] == "ordinal"
    frame = F.compliance_frame(results()["quarterly"], results()["names"])
    assert frame.quarter.str.fullmatch(r"20\d\d Q[1-4]").all()


# --- the page, driven headlessly -------------------------------------------------------------


def visible_text(app: AppTest) -> list[str]:
    texts = [
        e.value
        for kind in ("markdown", "caption", "subheader", "info", "error")
        for e in getattr(app, kind)
    ]
    texts += [m.label for m in app.metric] + [str(m.value) for m in app.metric]
    for box in app.selectbox:
        texts.append(box.label)
        texts += [str(o) for o in box.options]
    texts += [str(o) for c in app.segmented_control for o in c.options]
    return texts


@cache
def page() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=240)
    app.run()
    assert not app.exception, app.exception
    return app


@pytest.mark.parametrize("group", C.GROUPS)
def test_the_compare_page_shows_no_raw_metric_id_in_any_group(group):
    app = page()
    app.segmented_control(key="chart").set_value(group).run()
    assert not app.exception, app.exception
    raw = [t for t in visible_text(app) if RAW_ID.search(t)]
    assert not raw, raw[:5]


def test_the_sensitivity_group_offers_plain_results_and_topics():
    app = page()
    app.segmented_control(key="chart").set_value("Sensitivity").run()
    metric = app.selectbox(key="tornado-metric")
    assert metric.value == "collect_and_pay_paid_some_share"
    assert not any(RAW_ID.search(str(o)) for o in metric.options)
    assert "Enforcement, part 1 of 3" in app.selectbox(key="tornado-topic").options


def test_the_sources_page_shows_units_in_words():
    app = page()
    frames = [d.value for d in app.dataframe]
    for frame in frames:
        for column in frame.columns:
            text = frame[column].astype(str)
            assert not text.str.contains("currency-GBP", regex=False).any(), column
            assert not text.str.fullmatch(r"/1").any(), column
