"""``cms-sim fit-behaviour --write PATH``: the package's fitted-values file,
with the new values, written where it is told, all-or-nothing; a folder that
is missing or cannot be written is a clear error before the fit runs. (The fit
itself takes minutes; here it is replaced by fixed values.)"""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

import simulator.experiments.fit_behaviour as fit_behaviour
from simulator.cli import main
from simulator.experiments.fit_behaviour import (
    FITTED,
    FITTED_FILE,
    FittedFileError,
    write_fitted,
)
from simulator.population import synthesise_population

NAMES = [path.rsplit(".", 1)[-1] for path in FITTED]
#: Made-up fits at the three ends: (central, low, high) for each parameter.
FITS = {
    "central": dict(zip(FITTED, (-1.5, 0.2, 0.3, 0.04, 0.007, 0.05), strict=True)),
    "low": dict(zip(FITTED, (-2.123456, 0.1, 0.35, 0.03, 0.006, 0.04), strict=True)),
    "high": dict(zip(FITTED, (-1.0, 0.25, 0.1, 0.05, 0.008, 0.06), strict=True)),
}


@pytest.fixture(scope="module")
def population():
    return synthesise_population(300, 5, dt.date(2026, 4, 1))


@pytest.fixture(autouse=True)
def package_file_untouched():
    before = FITTED_FILE.read_bytes()
    yield
    assert FITTED_FILE.read_bytes() == before, "the package's fitted-values file changed"


def write(population, destination):
    write_fitted(FITS["central"], FITS["low"], FITS["high"], population, destination)


@pytest.mark.parametrize(
    "name, central, low, high",
    [
        ("collect_and_pay_paying_logit", -1.5, -2.1235, -1.0),
        ("deduction_order_reach", 0.2, 0.1, 0.25),
        ("direct_pay_shift", 0.3, 0.1, 0.35),
        ("dp_breakdown_move_rate", 0.04, 0.03, 0.05),
        ("closure_monthly_intercept", 0.007, 0.006, 0.008),
        ("arrears_only_exit_monthly", 0.05, 0.04, 0.06),
    ],
    ids=[
        "rounded to four places",
        "central inside its range",
        "the range spans all three fits (a low target can need a high value)",
        "the move rate",
        "the closure intercept",
        "the arrears-only cases' exit",
    ],
)
def test_the_fitted_values_are_written(tmp_path, population, name, central, low, high):
    destination = tmp_path / "fitted.yaml"
    write(population, destination)
    written = yaml.safe_load(destination.read_text())["compliance_fitted"][name]
    assert (written["central"], written["low"], written["high"]) == (central, low, high)
    assert "on 300 families (seed 5, date 2026-04-01)" in written["reasoning"]


def test_everything_else_is_the_package_file(tmp_path, population):
    destination = tmp_path / "fitted.yaml"
    write(population, destination)
    package = yaml.safe_load(FITTED_FILE.read_text())
    written = yaml.safe_load(destination.read_text())
    for name in NAMES:
        for field in ("central", "low", "high", "reasoning"):
            package["compliance_fitted"][name].pop(field)
            written["compliance_fitted"][name].pop(field)
    assert written == package
    lines = FITTED_FILE.read_text().splitlines()
    assert destination.read_text().splitlines()[:5] == lines[:5]  # the comments too


@pytest.mark.parametrize(
    "where, message",
    [
        ("missing/fitted.yaml", "does not exist"),
        ("a-file/fitted.yaml", "is a file, not a folder"),
        (".", "is a folder"),
    ],
    ids=["a missing folder", "a file where the folder should be", "a folder, not a file"],
)
def test_a_place_that_cannot_be_written_is_a_clear_error(tmp_path, population, where, message):
    (tmp_path / "a-file").write_text("x")
    with pytest.raises(FittedFileError, match=message):
        write(population, tmp_path / where)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-file"]


def test_a_failed_write_leaves_nothing(tmp_path, population, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("simulator.reports.files.tempfile.mkstemp", refuse)
    destination = tmp_path / "fitted.yaml"
    with pytest.raises(FittedFileError, match=r"cannot write .*Permission denied"):
        write(population, destination)
    assert not destination.exists()


@pytest.fixture()
def quick_fit(monkeypatch):
    """The fit replaced by the made-up values (and their measures)."""
    calls = []

    def fit(population, assumptions, end):
        calls.append(end)
        return FITS[end]

    measures = {measure: 0.5 for _, measure in FITTED.values()}
    monkeypatch.setattr(fit_behaviour, "fit_compliance", fit)
    monkeypatch.setattr(fit_behaviour, "compliance_measures", lambda *args: measures)
    return calls


def test_cms_sim_writes_where_it_is_told(tmp_path, capsys, quick_fit):
    destination = tmp_path / "fitted.yaml"
    args = ["fit-behaviour", "--families", "300", "--date", "2026-04-01"]
    assert main([*args, "--write", str(destination)]) == 0
    out, err = capsys.readouterr()
    assert quick_fit == ["central", "low", "high"]
    assert len(out.splitlines()) == len(FITTED)
    assert f"written to {destination}" in err
    written = yaml.safe_load(destination.read_text())["compliance_fitted"]
    assert written["collect_and_pay_paying_logit"]["central"] == -1.5


def test_cms_sim_writes_nothing_without_write(tmp_path, capsys, quick_fit, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["fit-behaviour", "--families", "300", "--date", "2026-04-01"]) == 0
    assert "written to" not in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_cms_sim_refuses_a_missing_folder_before_fitting(tmp_path, capsys, quick_fit):
    destination = tmp_path / "missing" / "fitted.yaml"
    assert main(["fit-behaviour", "--families", "300", "--write", str(destination)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cms-sim fit-behaviour: folder ") and "does not exist" in err
    assert quick_fit == []  # nothing was fitted


def test_write_needs_a_path(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["fit-behaviour", "--write"])
    assert stop.value.code == 2
    assert "--write: expected one argument" in capsys.readouterr().err
