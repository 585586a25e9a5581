"""``cms-sim run`` and ``cms-sim compare``: every output file written, shipped
scenarios taken by name from any folder, and scenarios that cannot be compared
(other start months or seed, or a bad file) refused with a clear error and
nothing written. (Comparisons themselves: tests/experiments/test_compare.py;
scenario files: tests/scenarios/test_load.py.)"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from simulator.cli import main
from simulator.dynamics.state import CHANNELS
from simulator.outcomes.metrics import METRIC_UNITS
from simulator.scenarios.load import SCENARIO_FOLDER
from tests.scenario_files import GOOD, write
from tests.scenarios.test_load import BAD, write_bad


def test_cms_sim_run(tmp_path):
    assert (
        main(
            [
                "run",
                str(SCENARIO_FOLDER / "baseline.yaml"),
                "--families",
                "1500",
                "--months",
                "6",
                "--out",
                str(tmp_path / "run"),
            ]
        )
        == 0
    )
    assert (tmp_path / "run" / "metrics.csv").exists()


def test_cms_sim_compare_writes_every_output(tmp_path, capsys):
    out = tmp_path / "results"
    args = [
        "compare",
        str(SCENARIO_FOLDER / "baseline.yaml"),
        str(SCENARIO_FOLDER / "scrap-receiving-parent-fee.yaml"),
        "--families",
        "1500",
        "--months",
        "4",
        "--replications",
        "2",
        "--out",
        str(out),
    ]
    assert main(args) == 0
    assert {p.name for p in out.iterdir()} == {
        "metrics.csv",
        "deciles.csv",
        "monthly.csv",
        "quarterly.csv",
        "distribution.csv",
        "channels.csv",
        "channels.md",
        "scenario.yaml",
        "run.json",
    }
    metrics = pd.read_csv(out / "metrics.csv")
    # what low and high are (too few replications for percentiles: the extremes)
    assert list(metrics.columns) == ["scenario", "metric", "value", "low", "high", "unit", "range"]
    assert set(metrics.range) == {"min-max of 2 replications"}
    assert set(METRIC_UNITS) <= set(metrics.metric)
    deciles = pd.read_csv(out / "deciles.csv")
    assert set(deciles.decile) == set(range(1, 11))
    run = json.loads((out / "run.json").read_text())
    for key in (
        "model_version",
        "file_hashes",
        "population_seed",
        "population_size",
        "timings_seconds",
        "replications",
        "refits",
    ):
        assert key in run
    assert run["range"] == "min-max of 2 replications"
    printed = capsys.readouterr().out
    assert "children_in_relative_poverty_bhc" in printed
    # each reform's changes split into channels, with the replications' ranges
    channels = pd.read_csv(out / "channels.csv")
    assert list(channels.columns) == [
        "scenario",
        "metric",
        "channel",
        "value",
        "low",
        "high",
        "unit",
    ]
    assert set(channels.channel) == {*CHANNELS, "total"}
    assert set(channels.scenario) == {"scrap-receiving-parent-fee"}
    total = channels[channels.channel == "total"].set_index("metric").value
    change = metrics.set_index(["scenario", "metric"]).value["scrap-receiving-parent-fee"]
    for metric, value in total.items():
        assert value == pytest.approx(change[f"{metric}_change"], rel=1e-12, abs=1e-6)
    assert ((channels.low <= channels.value) & (channels.value <= channels.high)).all()
    assert "gives receiving parents" in printed
    assert "mechanical" in (out / "channels.md").read_text()


def test_cms_sim_compare_without_channels_writes_none(tmp_path):
    """``--no-channels``: the two-run comparison alone (no extra runs)."""
    out = tmp_path / "results"
    settings = ["--families", "1000", "--months", "2", "--out", str(out)]
    assert (
        main(["compare", "baseline", "scrap-receiving-parent-fee", "--no-channels", *settings]) == 0
    )
    assert not (out / "channels.csv").exists() and not (out / "channels.md").exists()
    assert (out / "metrics.csv").exists()


def test_cms_sim_takes_shipped_scenarios_by_name_in_any_folder(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    settings = ["--families", "1000", "--months", "2"]
    assert main(["compare", "baseline", "scrap-receiving-parent-fee", *settings, "--out", "c"]) == 0
    assert set(pd.read_csv(tmp_path / "c" / "metrics.csv").scenario) == {
        "baseline",
        "scrap-receiving-parent-fee",
    }
    assert main(["run", "formula-refresh.yaml", *settings, "--out", "r"]) == 0
    assert set(pd.read_csv(tmp_path / "r" / "metrics.csv").scenario) == {"formula-refresh"}
    capsys.readouterr()
    assert main(["compare", "baseline", "scrap-the-fee", *settings, "--out", "x"]) == 2
    err = capsys.readouterr().err
    assert "scrap-the-fee" in err and "scrap-receiving-parent-fee" in err and "Fix:" in err
    assert not (tmp_path / "x").exists()


def test_scenarios_to_compare_must_share_start_months_and_seed(tmp_path, capsys):
    other = write(tmp_path, "other", GOOD).read_text().replace("seed: 20260401", "seed: 7")
    (tmp_path / "other.yaml").write_text(other)
    args = ["compare", str(SCENARIO_FOLDER / "baseline.yaml"), str(tmp_path / "other.yaml")]
    assert main([*args, "--out", str(tmp_path / "o"), "--families", "100"]) == 2
    assert "must share" in capsys.readouterr().err


@pytest.mark.parametrize("problem, changes, extra", [b[:3] for b in BAD], ids=[b[0] for b in BAD])
def test_cms_sim_compare_refuses_each_bad_scenario_and_nothing_runs(
    tmp_path, capsys, problem, changes, extra
):
    path = write_bad(tmp_path, problem, changes, extra)
    out = tmp_path / "out"
    assert (
        main(
            [
                "compare",
                str(SCENARIO_FOLDER / "baseline.yaml"),
                str(path),
                "--out",
                str(out),
                "--families",
                "100",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "Traceback" not in err
    assert not out.exists()
