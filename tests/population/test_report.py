"""The calibration report: every target with its gap and treatment, the
unfitted assumptions and the calculation mix. (Written by ``cms-sim
calibration-report``: tests/cli/test_calibration_report.py and
tests/cli/test_population.py.)"""

from __future__ import annotations

import pytest

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
