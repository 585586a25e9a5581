"""The household calculator page, driven headlessly with Streamlit's AppTest."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def run_app() -> AppTest:
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    assert not app.exception
    return app


def test_default_household_is_worked_out():
    app = run_app()
    # £450 a week, one child, no shared care: 12% x 450 = £54.00 (basic rate)
    assert app.metric[0].value == "£54.00"
    assert app.metric[1].value == "Basic"
    assert any("Sch. 1, para. 2" in c.value for c in app.caption)


def test_changing_the_household_and_submitting():
    app = run_app()
    app.sidebar.number_input[0].set_value(150.0)
    app.sidebar.text_input[0].set_value("0|175")
    app.sidebar.button[0].click()
    app.run()
    assert not app.exception
    # 2 children: £7 + 25% x 50 = £19.50 -> £9.75 each; 175 nights: 9.75/2 - 7 < 0 -> nil
    assert app.metric[0].value == "£9.75"


def test_bad_input_shows_an_error_not_a_crash():
    app = run_app()
    app.sidebar.text_input[0].set_value("0,,52")
    app.sidebar.button[0].click()
    app.run()
    assert not app.exception
    assert app.error and "is not a list of nights" in app.error[0].value
    assert not app.metric
