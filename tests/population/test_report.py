"""The calibration report: every target with its gap and treatment, the
unfitted assumptions and the calculation mix. (Written by ``cms-sim
calibration-report``: tests/cli/test_calibration_report.py and
tests/cli/test_population.py.)"""

from __future__ import annotations

import pytest

from simulator.population.report import SERVICE_GROUPS, calibration_report
from simulator.population.targets import TREATMENTS, load_targets, measure


def test_calibration_report_lists_every_target_and_assumption(calibrated):
    report = calibration_report(calibrated)
    targets = report["targets"]
    assert len(targets) == len(load_targets())
    fitted = targets[targets.treatment == "fitted"]
    assert fitted.within_2pct.all()
    assert set(targets.treatment) <= set(TREATMENTS)
    # rows the dynamics are fitted to are never claimed as population fits
    inputs = targets[targets.treatment == "dynamics_input"]
    assert set(inputs.id) == {"B01a", "B10a"}
    # B01b is only compared since the deduction-order reach is fitted to A12b,
    # A11 (the moves) since the move rate is fitted to the service mix (A04c)
    assert targets.set_index("id").treatment["B01b"] == "dynamics_compared"
    assert targets.set_index("id").treatment["A11"] == "dynamics_compared"
    assert inputs.note.str.contains("not validation").all()
    assert (targets.source_url.str.len() > 0).all()
    assert len(report["assumptions"]) > 20
    mix = report["calculation_mix"]
    assert set(mix.breakdown) == {"rate", "gross weekly income"}
    assert set(mix.service) == set(SERVICE_GROUPS)
    for group, shares in mix.groupby(["service", "breakdown"]).share:
        assert shares.sum() == pytest.approx(1.0), group


def _liabilities(calibrated) -> dict[str, dict]:
    table = calibration_report(calibrated)["liabilities"]
    return {row["service"]: row for row in table.to_dict("records")}


@pytest.mark.parametrize(
    ("check", "holds"),
    [
        pytest.param("arrangements", lambda t, pop: t["all CMS"]["arrangements"] == pytest.approx(
            t["Direct Pay"]["arrangements"] + t["Collect and Pay"]["arrangements"]),
            id="the services' arrangements add up to all CMS"),
        pytest.param("due", lambda t, pop: all(
            row["due_quarter_gbp_m"] == pytest.approx(
                row["average_weekly_liability"] * row["arrangements"] * 13 / 1e6)
            for row in t.values()),
            id="money due in a quarter is the average weekly liability x arrangements x 13"),
        pytest.param("A14b", lambda t, pop: t["Direct Pay"]["due_quarter_gbp_m"] == pytest.approx(
            measure(pop, "direct_pay_due_quarter")),
            id="Direct Pay's money due is the measure compared with A14b"),
        pytest.param("A14c", lambda t, pop: t["Collect and Pay"]["due_quarter_gbp_m"]
            == pytest.approx(measure(pop, "collect_and_pay_due_quarter")),
            id="Collect and Pay's money due is the measure compared with A14c"),
        pytest.param("incomes", lambda t, pop: t["Collect and Pay"]["median_gross_weekly_income"]
            < t["Direct Pay"]["median_gross_weekly_income"],
            id="Collect and Pay paying parents have lower incomes than Direct Pay ones (PQ 82228)"),
        pytest.param("averages", lambda t, pop: t["Collect and Pay"]["average_weekly_liability"]
            < t["Direct Pay"]["average_weekly_liability"],
            id="and so lower liabilities on average"),
    ],
)  # fmt: skip
def test_liabilities_by_service(calibrated, check, holds):
    assert holds(_liabilities(calibrated), calibrated)


def test_the_report_shows_the_benefits_at_the_margin(calibrated):
    margin = calibration_report(calibrated)["benefits_at_the_margin"]
    assert len(margin) == 8 and set(margin.households) == {
        "receiving households",
        "paying households",
    }
    assert margin.share.between(0, 1).all()
    rows = margin.set_index(["households", "programme"])
    whd = rows.loc[("receiving households", "Warm Home Discount")]
    assert whd.mean_weekly_gbp == pytest.approx(150 / 52), "the rebate is GBP 150 a year"
    scp = rows.loc[("receiving households", "Scottish Child Payment")]
    assert scp.mean_weekly_gbp >= 28.20 - 1e-9, "at least one child's weekly rate"
