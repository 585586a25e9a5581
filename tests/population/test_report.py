"""The calibration report: every target with its gap and treatment, the
unfitted assumptions and the calculation mix, in Python and from cms-sim."""

from __future__ import annotations

import pytest

from simulator.cli import main
from simulator.population import Population
from simulator.population.report import calibration_report
from simulator.population.targets import TREATMENTS, load_targets


def test_calibration_report_lists_every_target_and_assumption(calibrated):
    report = calibration_report(calibrated)
    targets = report["targets"]
    assert len(targets) == len(load_targets())
    fitted = targets[targets.treatment == "fitted"]
    assert fitted.within_2pct.all()
    assert set(targets.treatment) <= set(TREATMENTS)
    # rows the dynamics are fitted to are never claimed as population fits
    inputs = targets[targets.treatment == "dynamics_input"]
    assert set(inputs.id) == {"B01a", "B01b", "B10a", "A11"}
    assert inputs.note.str.contains("not validation").all()
    assert (targets.source_url.str.len() > 0).all()
    assert len(report["assumptions"]) > 20
    mix = report["calculation_mix"]
    assert set(mix.breakdown) == {"rate", "gross weekly income"}
    for breakdown, shares in mix.groupby("breakdown").share:
        assert shares.sum() == pytest.approx(1.0), breakdown


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
    assert len(Population.load(out)) == 3000
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
