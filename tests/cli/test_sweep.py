"""``cms-sim sweep``: a sweep file run and its results written; a bad sweep
file, a scheduler that is not one or cannot be reached, and an ``--out``
folder holding another sweep are each a clear error (the flags are checked
before anything runs or is written). (Running sweeps:
tests/experiments/test_sweep.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.cli import main
from tests.experiments.test_sweep import SWEEP, write_sweep

SHIPPED_SWEEP = str(Path(__file__).resolve().parents[2] / "sweeps" / "receiving-parent-fee.yaml")
FIX = "Fix: leave it out (local processes), or give 'serial', 'dask-local' or an address"


def test_cms_sim_sweep(tmp_path, capsys):
    path = write_sweep(tmp_path, SWEEP.replace("replications: 2", "replications: 1"), months=3)
    out = tmp_path / "results"
    assert main(["sweep", str(path), "--out", str(out), "--scheduler", "serial"]) == 0
    assert {"sweep.csv", "summary.csv", "sweep.json", "parts"} <= {p.name for p in out.iterdir()}
    assert "2 points x 1 replications; 2 run" in capsys.readouterr().out
    bad = write_sweep(tmp_path, SWEEP.replace("families: 600", "families: 0"))
    assert main(["sweep", str(bad), "--out", str(tmp_path / "x")]) == 2
    assert "families" in capsys.readouterr().err


@pytest.mark.parametrize(
    "scheduler",
    ["nonsense", "localhost:8786", "Serial"],
    ids=["a word", "an address without its scheme", "serial in capitals"],
)
def test_a_scheduler_that_is_not_one(tmp_path, capsys, scheduler):
    out = tmp_path / "out"
    assert main(["sweep", SHIPPED_SWEEP, "--out", str(out), "--scheduler", scheduler]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"cms-sim sweep: --scheduler '{scheduler}' is not a scheduler. {FIX}")
    assert not out.exists()


@pytest.mark.parametrize("scheduler", ["nonsense", "tcp://127.0.0.1:1"])
def test_a_bad_scheduler_is_a_clear_error(tmp_path, capsys, monkeypatch, scheduler):
    pytest.importorskip("dask.distributed")
    monkeypatch.setattr("simulator.experiments.sweep.CONNECT_TIMEOUT", "2s")
    path = write_sweep(tmp_path, months=3)
    out = tmp_path / "out"
    assert main(["sweep", str(path), "--out", str(out), "--scheduler", scheduler]) == 2
    err = capsys.readouterr().err
    assert "scheduler" in err and "Fix:" in err and "Traceback" not in err


def test_an_out_folder_holding_another_sweep(tmp_path, capsys):
    marker = tmp_path / "sweep.json"
    marker.write_text(json.dumps({"digest": "another", "file": "other.yaml", "name": "other"}))
    assert main(["sweep", SHIPPED_SWEEP, "--out", str(tmp_path), "--scheduler", "serial"]) == 2
    assert capsys.readouterr().err == (
        f"cms-sim sweep: {tmp_path} holds the results of another sweep (other.yaml). Fix: give "
        "another --out, or delete that folder to start again\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sweep.json"]
