"""The command line checks its own flags before the model runs, and says
which flag is wrong, how, and what was given; nothing is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.cli import main

ROOT = Path(__file__).resolve().parents[2]
BASELINE = str(ROOT / "scenarios" / "baseline.yaml")
REFORM = str(ROOT / "scenarios" / "stronger-enforcement.yaml")


@pytest.mark.parametrize(
    "argv, message",
    [
        (["run", BASELINE, "--families", "0"], "--families must be 1 or more, not 0"),
        (["run", BASELINE, "--families", "10", "--replications", "0"],
         "--replications must be 1 or more, not 0"),
        (["compare", BASELINE, REFORM, "--families", "10", "--replications", "-2"],
         "--replications must be 1 or more, not -2"),
        (["compare", BASELINE, REFORM, "--months", "0"], "--months must be 1 or more, not 0"),
        (["sensitivity", BASELINE, "--metric", "arrears_stock_end_gbp", "--families", "-1"],
         "--families must be 1 or more, not -1"),
        (["validate", "--months", "-3"], "--months must be 1 or more, not -3"),
        (["validate", "--families", "0"], "--families must be 1 or more, not 0"),
        (["simulate", "--months", "0"], "--months must be 1 or more, not 0"),
        (["population", "--families", "10", "--out", "OUT/pop.csv"],
         "--out should be a .parquet file, not 'OUT/pop.csv'"),
    ],
    ids=[
        "no families",
        "no replications of a run",
        "negative replications of a comparison",
        "a comparison of no months",
        "negative families for the sensitivity",
        "validation over negative months",
        "validation on no families",
        "a simulation of no months",
        "a population saved as CSV",
    ],
)  # fmt: skip
def test_a_bad_flag_is_named(tmp_path, capsys, argv, message):
    argv = [a.replace("OUT", str(tmp_path)) for a in argv]
    if "--out" not in argv:
        argv += ["--out", str(tmp_path / "out")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err == f"cms-sim {argv[0]}: {message.replace('OUT', str(tmp_path))}\n"
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "argv",
    [
        ["run", BASELINE, "--families", "10"],
        ["simulate", "--families", "10"],
        ["sensitivity", BASELINE, "--metric", "arrears_stock_end_gbp"],
        ["sweep", str(ROOT / "sweeps" / "receiving-parent-fee.yaml")],
    ],
    ids=["run", "simulate", "sensitivity", "sweep"],
)
def test_an_out_folder_that_is_a_file(tmp_path, capsys, argv):
    out = tmp_path / "results"
    out.write_text("not a folder")
    assert main([*argv, "--out", str(out)]) == 2
    assert capsys.readouterr().err == f"cms-sim {argv[0]}: --out {out} is a file; give a folder\n"
