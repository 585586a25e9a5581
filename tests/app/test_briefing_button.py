"""The briefing's download button, driven headlessly with Streamlit's AppTest:
shown with its plain label for a comparison's results, without an error."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest


def _page() -> None:
    import pandas as pd

    from dashboard.briefing import briefing_button

    metrics = pd.DataFrame(
        [("baseline", "children_in_relative_poverty_ahc", 1_818_057.0, 1_818_057.0, 1_818_057.0)],
        columns=["scenario", "metric", "value", "low", "high"],
    )
    run = {"model_version": "0", "created": "2026-12-02T10:00:00+00:00"}
    briefing_button(
        {
            "metrics": metrics,
            "run": run,
            "keys": ["baseline"],
            "names": {"baseline": "Current law"},
            "summaries": {"baseline": []},
        }
    )


def test_the_briefing_button_is_offered_with_a_plain_label():
    app = AppTest.from_function(_page, default_timeout=60)
    app.run()
    assert not app.exception, app.exception
    buttons = app.get("download_button")
    assert [b.proto.label for b in buttons] == ["Download a briefing (PDF)"]
