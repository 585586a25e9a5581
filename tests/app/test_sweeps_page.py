"""The Sweeps page, driven headlessly with Streamlit's AppTest: a shipped
sweep chosen, described in plain words and run from the page (small), its
chart drawn; the limits refused in plain words; a results folder loaded."""

from __future__ import annotations

import json

from streamlit.testing.v1 import AppTest


def _page() -> None:
    from dashboard.sweeps import sweeps_page

    sweeps_page()


def page() -> AppTest:
    app = AppTest.from_function(_page, default_timeout=240)
    app.run()
    assert not app.exception, app.exception
    return app


def charts(app: AppTest) -> list:
    return app.get("vega_lite_chart")


def fields(spec) -> set[str]:
    """Every field name a Vega-Lite spec's encodings use."""
    if isinstance(spec, dict):
        own = {spec["field"]} if isinstance(spec.get("field"), str) else set()
        return own.union(*(fields(v) for v in spec.values()))
    if isinstance(spec, list):
        return set().union(*(fields(v) for v in spec))
    return set()


def test_a_shipped_sweep_is_described_in_plain_words_before_it_runs():
    app = page()
    assert app.selectbox(key="sweep-name").value == "receiving-parent-fee"
    text = " ".join(m.value for m in app.markdown)
    assert "Collection fee, receiving parent: 9 values (0.0%, 0.5%" in text
    assert "fees.collection" not in text  # no parameter path on screen
    assert any("at most 3 replications" in c.value for c in app.caption)
    assert not charts(app)


def test_a_small_sweep_runs_from_the_page_and_draws_its_chart():
    app = page()
    app.selectbox(key="sweep-families").set_value(2_000)
    app.number_input(key="sweep-replications").set_value(1)
    app.button(key="sweep-run").click()
    app.run()
    assert not app.exception, app.exception
    assert not app.error, [e.value for e in app.error]
    assert len(charts(app)) == 1
    spec = json.loads(charts(app)[0].proto.spec)
    assert not [f for f in fields(spec) if "." in f]  # a dotted field draws nothing
    assert {"setting", "value", "low", "high"} <= fields(spec)
    layers = spec["layer"]
    assert [layer["mark"]["type"] for layer in layers] == ["area", "line", "point"]
    x = layers[0]["encoding"]["x"]
    assert x["title"] == "Collection fee, receiving parent (%)"
    assert "%" in x["axis"]["labelExpr"]
    assert layers[1]["encoding"]["y"]["title"] == (
        "Children in poverty, receiving households (BHC), children"
    )
    choices = app.selectbox(key="sweep-metric-receiving-parent-fee").options
    assert "Children in poverty, receiving households (AHC)" in choices
    assert not any("_" in c for c in choices)
    # another result: the same run, from the cache, another chart
    app.selectbox(key="sweep-metric-receiving-parent-fee").set_value(
        "Collection fees paid by receiving parents"
    )
    app.run()
    assert not app.exception and len(charts(app)) == 1


def test_a_folder_without_results_says_so_in_plain_words(tmp_path):
    app = page()
    app.text_input(key="sweep-folder").input(str(tmp_path)).run()
    assert not app.exception
    assert any("no summary.csv here" in e.value for e in app.error)
