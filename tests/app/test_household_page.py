"""The "A household" page alone, driven headlessly with Streamlit's AppTest:
the default family, bad input as plain messages, a reform that acts only
over time, typed net incomes that do not hang together, and the widgets'
keys. (The whole dashboard's household checks are in test_app.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]


def page(root: str, chosen: list[str]) -> None:
    """The page alone (AppTest runs this function's source as a script, so
    it imports everything itself, from this checkout: ``root``)."""
    import sys

    sys.path.insert(0, root)
    import streamlit as st

    from dashboard.household import household_page
    from dashboard.url import restore

    st.set_page_config(layout="wide")
    restore()  # the inputs' values as a first load gives them (app.py does this)
    household_page(
        {"chosen": chosen, "stack": False, "custom": False, "levers": {}, "uploaded": None}
    )


def run(chosen=("scrap-receiving-parent-fee",), **values) -> AppTest:
    """The page with the reforms ``chosen`` in the sidebar, after typing
    ``values`` (widget key without ``hh-`` -> value) and pressing the button."""
    app = AppTest.from_function(page, default_timeout=180, args=(str(ROOT), list(chosen)))
    app.run()
    assert not app.exception, app.exception
    if values:
        for key, value in values.items():
            widget = next(w for w in _widgets(app) if w.key == f"hh-{key}")
            widget.set_value(value)
        app.button(key="FormSubmitter:household-Work it out").click()
        app.run()
        assert not app.exception, app.exception
    return app


def _widgets(app: AppTest) -> list:
    kinds = ("text_input", "number_input", "checkbox", "selectbox", "radio", "date_input")
    return [w for kind in kinds for w in app.get(kind)]


def table(app: AppTest):
    (shown,) = app.table
    return shown.value.set_index("")


@pytest.fixture(scope="module")
def default():
    return run()


def test_the_default_family_under_current_law_and_the_reform(default):
    shown = table(default)
    assert list(shown.columns) == ["Current law", "Reform"]
    assert list(shown.loc["Maintenance"]) == ["£54.00 a week", "£54.00 a week"]
    assert list(shown.loc["Paying parent pays, with fees"]) == ["£64.78 a week"] * 2
    assert list(shown.loc["Receiving parent gets, after fees"]) == [
        "£51.84 a week",
        "£54.00 a week",
    ]
    assert shown.map(lambda v: "a week" in v).all().all()
    assert not default.dataframe  # a plain table: wraps, never cut off
    assert any("Scrap the receiving parent" in m.value for m in default.markdown)
    assert any(c.value.startswith("Poverty lines: £") for c in default.caption)


def test_the_explanation_runs_to_the_poverty_line(default):
    titles = [m.value for m in default.markdown if m.value.startswith("**")]
    for step in ("Collection fees", "Net incomes before maintenance", "Against the poverty line"):
        assert sum(step in t for t in titles) == 2, step  # both sets of rules
    assert any("SI 2014/612, regs. 6-7" in c.value for c in default.caption)


def test_every_widget_is_keyed_hh(default):
    keys = [w.key for w in _widgets(default)]
    assert keys and all(k.startswith("hh-") for k in keys)
    assert {"hh-income", "hh-nights", "hh-ages", "hh-rp_net", "hh-pp_net", "hh-reform"} <= set(keys)


def test_three_nights_for_one_child_is_a_plain_error_not_a_crash():
    app = run(nights="0,0,0")
    (error,) = app.error
    assert "3 values given, but ages for 1 child" in error.value
    assert not app.table


def test_a_reform_that_acts_over_time_says_so():
    app = run(chosen=("faster-job-change-reassessment",))
    (note,) = app.info
    assert "changes what happens over time" in note.value
    shown = table(app)
    assert (shown["Current law"] == shown["Reform"]).all()


def test_typed_net_incomes_that_do_not_hang_together_are_warned_about():
    app = run(income=5_000.0, ages="6,8,10", nights="0,0,0", pp_net=450.0)
    warnings = [w.value for w in app.warning]
    assert any("less than nothing" in w for w in warnings), warnings
    shown = table(app)
    assert shown.loc["Paying household before maintenance", "Current law"].startswith(
        "£450.00 a week (typed in)"
    )
    assert shown.loc["Paying household after, before housing costs", "Current law"].startswith("-£")


def test_gross_earnings_move_the_net_income():
    low = table(run(rp_earnings=0.0)).loc["Receiving household before maintenance", "Reform"]
    high = table(run(rp_earnings=600.0)).loc["Receiving household before maintenance", "Reform"]
    assert low != high
