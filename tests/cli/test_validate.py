"""``cms-sim validate``: the baseline against published figures it was not
fitted to, written as ``validation_report.csv`` and ``.md`` (the rows the
model is fitted to are left out). (The report's Markdown:
tests/reports/test_validation.py.)"""

from __future__ import annotations

import pandas as pd

from simulator.cli import main


def test_cms_sim_validate(tmp_path):
    assert (
        main(
            [
                "validate",
                "--families",
                "3000",
                "--months",
                "12",
                "--out",
                str(tmp_path / "validation"),
            ]
        )
        == 0
    )
    table = pd.read_csv(tmp_path / "validation" / "validation_report.csv")
    assert {"B02a", "E02a"} <= set(table.id)
    assert not {"B01a", "B10a", "A12b"} & set(table.id)  # fitted: not validation
    assert "B01b" in set(table.id)  # compared since the reach is fitted to A12b
    assert "A11" in set(table.id)  # compared since the move rate is fitted to the mix (A04c)
    text = (tmp_path / "validation" / "validation_report.md").read_text()
    assert "| S |" in text or "| PS |" in text
    # DWP's static method beside the model's own estimate of the single collection service
    estimates = pd.read_csv(tmp_path / "validation" / "reform_estimates.csv")
    assert list(estimates.columns) == ["estimate", "method", "value", "low", "high", "unit"]
    poverty = estimates[
        estimates.estimate == "single_collection_service_children_in_poverty_change"
    ].set_index("method")
    assert set(poverty.index) == {"dwp_static", "dynamic"}
    assert (poverty.low <= poverty.value).all() and (poverty.value <= poverty.high).all()
    static = poverty.loc["dwp_static"]
    assert static.low < static.high  # the survey share's and the partial receipt's ranges
    assert static.value < 0  # making shortfalls whole can only lift children out of poverty
    assert "DWP's static method beside the model's" in text
