"""``cms-sim calibration-report``: a saved population against every published
target, with the behaviour section (compliance and service moves) unless
``--no-dynamics``. (The population and report files it writes from a
population made by ``cms-sim population``: tests/cli/test_population.py; the
report's contents: tests/population/test_report.py and
tests/reports/test_calibration.py.)"""

from __future__ import annotations

import pandas as pd

from simulator.cli import main
from tests.dynamics.test_runs import population


def test_calibration_report_has_the_behaviour_section(tmp_path):
    pop = population()
    path = tmp_path / "pop.parquet"
    pop.save(path)
    out = tmp_path / "report"
    assert main(["calibration-report", "--population", str(path), "--out", str(out)]) == 0
    text = (out / "calibration_report.md").read_text()
    assert "## Behaviour: compliance and service moves" in text
    for id_ in ("| B01a |", "| B10a |", "| A11 |", "| B02a |", "| A12a |"):
        assert id_ in text
    table = pd.read_csv(out / "behaviour_calibration.csv")
    stocks = table.measure.isin(["cms_arrangements_change", "arrears_only_arrangements_change"])
    assert table.simulated_fit_window[~stocks].between(0, 1).all()
    # the closure and arrears-only exit hazards hold their stocks: changes, small
    assert table.simulated_fit_window[stocks].abs().lt(0.1).all()
    assert (table.treatment.str.startswith("fitted")).sum() == 6
    # --no-dynamics leaves the section out
    assert (
        main(
            [
                "calibration-report",
                "--population",
                str(path),
                "--out",
                str(out / "x"),
                "--no-dynamics",
            ]
        )
        == 0
    )
    assert "## Behaviour" not in (out / "x" / "calibration_report.md").read_text()
