"""``cms-sim sweep`` checks its flags before anything runs or is written: a
scheduler that is not one, and an ``--out`` folder holding another sweep.
(Running sweeps: tests/experiments/test_sweep.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simulator.cli import main

SWEEP = str(Path(__file__).resolve().parents[2] / "sweeps" / "receiving-parent-fee.yaml")
FIX = "Fix: leave it out (local processes), or give 'serial', 'dask-local' or an address"


@pytest.mark.parametrize(
    "scheduler",
    ["nonsense", "localhost:8786", "Serial"],
    ids=["a word", "an address without its scheme", "serial in capitals"],
)
def test_a_scheduler_that_is_not_one(tmp_path, capsys, scheduler):
    out = tmp_path / "out"
    assert main(["sweep", SWEEP, "--out", str(out), "--scheduler", scheduler]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"cms-sim sweep: --scheduler '{scheduler}' is not a scheduler. {FIX}")
    assert not out.exists()


def test_an_out_folder_holding_another_sweep(tmp_path, capsys):
    marker = tmp_path / "sweep.json"
    marker.write_text(json.dumps({"digest": "another", "file": "other.yaml", "name": "other"}))
    assert main(["sweep", SWEEP, "--out", str(tmp_path), "--scheduler", "serial"]) == 2
    assert capsys.readouterr().err == (
        f"cms-sim sweep: {tmp_path} holds the results of another sweep (other.yaml). Fix: give "
        "another --out, or delete that folder to start again\n"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sweep.json"]
