"""Hostile cases for the outputs: each row of ``outputs.csv`` is a command, a
setup, the exit status and message expected, a time limit for the whole
command (generous: it only stops a hang), and what must hold of ``--out``
afterwards:

- absent: nothing was created at ``--out``;
- file: ``--out`` is a regular file (the command's output);
- fifo: ``--out`` is still the FIFO it was;
- old_file: ``--out`` is still the file it was, unchanged;
- old_run: ``--out`` is still the earlier run's folder, every file unchanged;
- new_run: ``--out`` holds this run's files only (none of the earlier run's).
"""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

import pytest

TABLE = Path(__file__).with_name("outputs.csv")
CASES = list(csv.DictReader(TABLE.open(encoding="utf-8")))
ROOT = Path(__file__).resolve().parents[2]

HEADER = "case_id,gross_weekly_income,flat_rate_benefit,partner_also_paying_parent,"
HEADER += "relevant_other_children,care_nights"
#: An earlier run's folder: the files of a run, with a marker in each.
OLD_RUN = {name: f"earlier run: {name}\n" for name in ("metrics.csv", "run.json", "scenario.yaml")}
SCENARIO = """name: noted
description: a change whose note is a mapping
author: test
reference: none
start: 2026-05-01
months: 3
seed: 1
base: baseline
changes:
  - parameter: fees.collection.receiving_parent_rate
    from: 2026-05-01
    value: 0.0
    note: {why: faster}
"""
SWEEP = """name: hostile sweep
description: a sweep for the hostile cases
base: baseline
families: 300
replications: 1
metrics: [collect_and_pay_share]
vary:
  - parameter: fees.collection.receiving_parent_rate
    from: 2026-05-01
    values: [%s]
"""
SWEEP_TWICE = (
    SWEEP % "0.0, 0.01"
    + """  - parameter: fees.collection.receiving_parent_rate
    from: 2026-05-01
    values: [0.02]
"""
)


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8", newline="")


def _setup(kind: str, folder: Path, out: Path) -> None:
    cases = folder / "cases.csv"
    good = f"{HEADER}\na,450,0,0,0,0\n"
    if kind == "calc_extra_field":
        _write(cases, f"{HEADER}\na,450,0,0,0,0,1\n")
    elif kind == "calc_short_row":
        _write(cases, f"{HEADER}\na,450,0,0,0\n")
    elif kind == "calc_trailing_comma_everywhere":
        _write(cases, f"{HEADER},\na,450,0,0,0,0,\n")
    elif kind == "calc_trailing_comma_rows":
        _write(cases, f"{HEADER}\na,450,0,0,0,0,\n")
    elif kind == "calc_cr_only":
        _write(cases, f"{HEADER}\ra,450,0,0,0,0\rb,300,0,0,1,104\r")
    elif kind == "calc_no_dates":
        _write(cases, good)
    elif kind == "calc_good_out_fifo":
        _write(cases, good)
        os.mkfifo(out)
    elif kind == "calc_good_out_readonly":
        _write(cases, good)
        _write(out, "old\n")
        out.chmod(0o444)
    elif kind.startswith("old_run"):
        out.mkdir()
        for name, text in OLD_RUN.items():
            _write(out / name, text)
        if kind == "old_run_note_mapping":
            _write(folder / "note.yaml", SCENARIO)
        elif kind == "old_run_foreign_file":
            _write(out / "my-notes.txt", "mine\n")
    elif kind == "out_is_file":
        _write(out, "old\n")
    elif kind == "sweep_ok":
        _write(folder / "sweep.yaml", SWEEP % "0.0, 0.01")
    elif kind == "sweep_twice":
        _write(folder / "sweep.yaml", SWEEP_TWICE)
    elif kind == "sweep_bad_point":
        _write(folder / "sweep.yaml", SWEEP % "0.0, -5")
    else:
        raise AssertionError(f"outputs.csv: unknown setup '{kind}'")


def _check_out(kind: str, out: Path, before: dict) -> None:
    if kind == "absent":
        assert not out.exists() and not out.is_symlink()
    elif kind == "file":
        assert out.is_file()
    elif kind == "fifo":
        assert out.is_fifo()
    elif kind == "old_file":
        assert out.is_file() and out.read_text() == before["file"]
    elif kind == "old_run":
        assert {p.name: p.read_text() for p in out.iterdir()} == before["run"]
    elif kind == "new_run":
        names = {p.name for p in out.iterdir()}
        assert {"metrics.csv", "monthly.csv", "run.json", "scenario.yaml"} <= names
        assert all("earlier run" not in (out / n).read_text() for n in OLD_RUN)
    else:
        raise AssertionError(f"outputs.csv: unknown out_after '{kind}'")
    leftovers = [p.name for p in out.parent.iterdir() if p.name.endswith(".tmp")]
    assert not leftovers, f"temporary files left beside --out: {leftovers}"


def cms_sim(arguments: list[str], cwd: Path, timeout: float) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "simulator.cli", *arguments],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@pytest.mark.parametrize("case", CASES, ids=[c["case"] for c in CASES])
def test_hostile_output_case(case, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    out = tmp_path / "out" / ("results.csv" if case["command"].startswith("calc") else "results")
    out.parent.mkdir()
    _setup(case["setup"], folder, out)
    before = {
        "file": out.read_text() if out.is_file() else None,
        "run": {p.name: p.read_text() for p in out.iterdir()} if out.is_dir() else None,
    }
    command = case["command"].format(dir=folder, out=out).split()
    done = cms_sim(command, tmp_path, float(case["seconds"]))
    assert done.returncode == int(case["exit_status"]), done.stderr
    assert case["message"] in done.stderr + done.stdout
    assert "Traceback" not in done.stderr
    _check_out(case["out_after"], out, before)
