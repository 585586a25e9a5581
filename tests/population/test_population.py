"""The synthetic population: determinism, keyed draws, internal consistency,
calibration to the published targets, integer weights and saving."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.cli import main
from simulator.population import (
    CMS,
    NOT_CMS,
    Population,
    PopulationError,
    synthesise_population,
)
from simulator.population.calibrate import (
    TREATMENTS,
    CalibrationError,
    calibrate,
    calibration_report,
    integerise,
    load_targets,
    measure,
)

DATE = dt.date(2026, 4, 1)
N = 20_000


def test_same_inputs_give_the_same_population(uniform, assert_same):
    again = synthesise_population(N, 7, DATE, weights="uniform")
    assert_same(uniform, again, skip=())


def test_another_seed_gives_another_population(uniform):
    other = synthesise_population(N, 8, DATE, weights="uniform")
    assert not np.array_equal(uniform.rp_earnings, other.rp_earnings)


def test_a_family_keeps_its_draws_whatever_the_population_size(uniform, assert_same):
    small = synthesise_population(5_000, 7, DATE, weights="uniform")
    # every paying parent complete in the small population is identical in the large one
    last_unit = small.paying_parent_id[-1]
    complete = small.paying_parent_id < last_unit
    assert_same(small, uniform, rows=np.flatnonzero(complete))


def test_children_are_consistent(uniform):
    ages, nights = uniform.child_age, uniform.child_nights
    present = ages >= 0
    assert (present.sum(axis=1) == uniform.n_children).all()
    assert ((nights >= 0) == present).all(), "a child has nights exactly when it exists"
    assert (nights[present] <= 365).all() and (ages[present] <= 19).all()
    assert (uniform.n_children >= 1).all()
    assert (uniform.rp_age >= ages.max(axis=1) + 16).all()


def test_incomes_are_not_negative(uniform):
    for name in (
        "rp_earnings",
        "rp_self_employment_income",
        "rp_partner_earnings",
        "pp_true_earnings",
        "pp_true_profit",
        "pp_declared_earnings",
        "pp_declared_profit",
        "pp_unearned_income",
        "pp_assets",
        "rp_universal_credit",
        "pp_universal_credit",
        "rp_net_income_bhc",
        "pp_net_income_bhc",
    ):
        assert (uniform.columns[name] >= 0).all(), name


def test_declared_income_never_exceeds_true_income(uniform):
    assert (uniform.pp_declared_earnings <= uniform.pp_true_earnings + 1e-9).all()
    assert (uniform.pp_declared_profit <= uniform.pp_true_profit + 1e-9).all()
    assert (uniform.pp_declared_profit < uniform.pp_true_profit).any(), "some under-declare"


PP_COLUMNS = [
    c
    for c in (
        "pp_sex",
        "pp_age",
        "pp_employment",
        "pp_true_earnings",
        "pp_declared_profit",
        "pp_unearned_income",
        "pp_partner",
        "pp_relevant_other_children",
        "pp_net_income_bhc",
        "arrangement",
        "service",
    )
]


@pytest.mark.parametrize("column", PP_COLUMNS)
def test_several_receiving_parents_share_one_paying_parent(uniform, column):
    ids, values = uniform.paying_parent_id, uniform.columns[column]
    first = np.unique(ids, return_index=True)[1]
    _, unit = np.unique(ids, return_inverse=True)
    np.testing.assert_array_equal(values, values[first][unit])


def test_paying_parents_with_several_receiving_parents_exist(uniform):
    assert (uniform.receiving_parent_rank > 0).mean() > 0.03
    # ranks run 0, 1, 2 within each paying parent
    _, counts = np.unique(uniform.paying_parent_id, return_counts=True)
    assert counts.max() <= 3
    assert uniform.receiving_parent_rank.max() == counts.max() - 1


def test_arrangement_service_and_case_dates_agree(uniform):
    cms = uniform.arrangement == CMS
    assert ((uniform.service != NOT_CMS) == cms).all()
    assert not np.isnat(uniform.case_start[cms]).any()
    assert np.isnat(uniform.case_start[~cms]).all()
    assert (uniform.case_start[cms] <= np.datetime64(DATE)).all()


FITTED = [t for t in load_targets() if t.treatment == "fitted"]


@pytest.mark.parametrize("target", FITTED, ids=[t.id for t in FITTED])
def test_calibrated_weights_meet_each_fitted_target(calibrated, target):
    achieved = measure(calibrated, target.measure)
    assert achieved == pytest.approx(target.value, rel=1e-6), target.quantity


def test_calibration_moves_weights_modestly(uniform, calibrated):
    ratio = calibrated.weight / uniform.weight
    assert ratio.min() > 0.5 and ratio.max() < 2.5


def test_impossible_targets_are_refused(uniform):
    targets = load_targets()
    broken = [t if t.id != "A04b" else t.__class__(**{**t.__dict__, "value": 1.5}) for t in targets]
    with pytest.raises(CalibrationError):
        calibrate(uniform, broken)


def test_integerised_population_has_weight_one_and_meets_the_targets(calibrated):
    scaled = calibrated.with_columns(weight=calibrated.weight * (N / calibrated.weight.sum()))
    whole = integerise(scaled)
    assert (whole.weight == 1).all()
    assert len(whole) == pytest.approx(N, rel=0.01)
    assert len(np.unique(whole.family_id)) == len(whole)
    for name in ("direct_pay_share", "rp_female_share", "lone_rp_employment_rate"):
        assert measure(whole, name) == pytest.approx(measure(scaled, name), rel=0.02), name


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


@pytest.mark.parametrize(
    ("n", "date", "message"),
    [
        (0, DATE, "1 or more"),
        (10, dt.date(2020, 1, 1), "before the tax-benefit parameters"),
        (10, "2026-13-01", "is not a date"),
    ],
)
def test_bad_requests_get_clear_errors(n, date, message):
    with pytest.raises(PopulationError, match=message):
        synthesise_population(n, 1, date)


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
