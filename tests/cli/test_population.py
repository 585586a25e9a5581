"""``cms-sim population``: synthesised families saved as parquet, which
``cms-sim calibration-report`` then reports on (every file it writes); a
population is only saved as parquet. (Synthesis itself: tests/population/.)"""

from __future__ import annotations

from simulator.cli import main
from simulator.population import Population


def test_cli_population_and_report(tmp_path, capsys):
    out = tmp_path / "pop.parquet"
    assert (
        main(
            [
                "population",
                "--families",
                "3000",
                "--seed",
                "5",
                "--date",
                "2026-04-01",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    saved = Population.load(out)
    # the families at the date, then those who separate in the 24 months after
    assert len(saved.at_date()) == 3000
    assert saved.enters.max() == 24 and saved.metadata["entrant_months"] == 24
    report = tmp_path / "report"
    assert main(["calibration-report", "--population", str(out), "--out", str(report)]) == 0
    names = {p.name for p in report.iterdir()}
    assert {
        "calibration_report.csv",
        "calibration_report.md",
        "unfitted_assumptions.csv",
        "calculation_mix.csv",
    } <= names
    text = (report / "calibration_report.md").read_text()
    assert "| A04a |" in text and "Unfitted assumptions" in text
    assert main(["population", "--families", "10", "--out", str(tmp_path / "x.csv")]) == 2
    assert "parquet" in capsys.readouterr().err
