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
