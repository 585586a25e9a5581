"""Hostile uploads and links in the dashboard (Streamlit's AppTest): each is a
clear message in the page, never an exception, and the page keeps working.
The messages are those the command line gives (the same loader)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.test_app import fresh

ROOT = Path(__file__).resolve().parents[2]
GOOD = (
    (ROOT / "scenarios" / "baseline.yaml")
    .read_bytes()
    .replace(b"name: Current law", b"name: Uploaded reform")
)


#: the dashboard started headless with a query, as the dashboard's own tests start it
_app = fresh


def _errors(app: AppTest) -> list[str]:
    return [e.value for e in app.error]


@pytest.mark.parametrize(
    "content, expected",
    [
        (GOOD.replace(b"months: 24", b"months: 12"), "compared must share them"),
        (GOOD + b"base: /etc/passwd\n", "may stack only on a shipped scenario"),
        (GOOD + b"base: ../../pyproject.toml\n", "may stack only on a shipped scenario"),
        (GOOD + b"x: " + b"[" * 1000 + b"]" * 1000 + b"\n", "nested more than 50 levels"),
        (GOOD.replace(b"seed: 20260401", b"seed: " + b"9" * 5000), "a number of 5,000 digits"),
        (
            GOOD.replace(
                b"changes: []",
                b"changes:\n  - parameter: fees.collection.receiving_parent_rate\n"
                b"    from: 2026-05-01\n    until: 9999-12-31\n    value: 0.0",
            ),
            "9999-12-31 is outside the dates the model supports",
        ),
    ],
    ids=["another horizon", "an absolute base", "a ../ base", "1,000 deep", "5,000 digits",
         "until 9999"],
)  # fmt: skip
def test_a_hostile_upload_is_a_message_in_the_page(content, expected):
    app = _app()
    app.sidebar.get("file_uploader")[0].set_value(("hostile.yaml", content, "text/yaml"))
    app.sidebar.button[0].click()
    app.run()
    assert not app.exception, app.exception
    assert any(expected in e for e in _errors(app)), _errors(app)


@pytest.mark.parametrize(
    "query, replications",
    [
        ({"replications": "abc"}, 3),
        ({"replications": "-3"}, 1),
        ({"replications": "99"}, 10),
        ({"replications": "9" * 5000}, 3),
    ],
    ids=["not a number", "negative", "above the slider", "5,000 digits"],
)
def test_replications_in_a_link_stay_within_the_slider(query, replications):
    app = _app({**query, "scenarios": "stronger-enforcement"})
    assert app.sidebar.slider[0].value == replications


def test_a_lever_in_a_link_that_is_not_a_number_is_ignored():
    app = _app({"custom": "flat_rate=abc", "scenarios": "stronger-enforcement"})
    assert not app.exception
