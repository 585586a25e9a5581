"""Hostile and malformed inputs: each row of ``inputs.csv`` is a file or an
argument, the command given it, the exit status and a fragment of the message
it must give, and the seconds it may take (generous: CI machines are noisy).
Every one must be refused with the project's clear message, never a
traceback, and nothing written.

The files the rows name (``FILE``) are built here by the function of that
name, in a fresh folder (``DIR``).
"""

from __future__ import annotations

import csv
import os
import shlex
import signal
import time
from pathlib import Path

import pytest

from simulator.cli import main

ROOT = Path(__file__).resolve().parents[2]
TABLE = Path(__file__).with_name("inputs.csv")
BASELINE = (ROOT / "scenarios" / "baseline.yaml").read_text(encoding="utf-8")
LONGNUMBER = "9" * 5000


def _scenario(folder: Path, text: str, name: str = "hostile.yaml") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _with_changes(folder: Path, changes: str, **fields: str) -> Path:
    text = BASELINE.replace("changes: []", "changes:\n" + changes)
    for key, value in fields.items():
        lines = [f"{key}: {value}" if ln.startswith(f"{key}:") else ln for ln in text.split("\n")]
        text = "\n".join(lines)
    return _scenario(folder, text)


def alias_bomb(folder: Path) -> Path:
    lines, previous = ["a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]"], "a"
    for c in "bcdefghi":
        lines.append(f"{c}: &{c} [{', '.join([f'*{previous}'] * 9)}]")
        previous = c
    return _scenario(folder, "\n".join(lines) + "\n")


def deep_nesting(folder: Path) -> Path:
    return _scenario(folder, BASELINE + "\nx: " + "[" * 1000 + "]" * 1000 + "\n")


def very_deep_nesting(folder: Path) -> Path:
    return _scenario(folder, "a: " + "[" * 100_000 + "]" * 100_000 + "\n")


def long_integer(folder: Path) -> Path:
    return _with_changes(folder, "", months=LONGNUMBER)


def huge_file(folder: Path) -> Path:
    return _scenario(folder, BASELINE + "#" * 1_100_000 + "\n")


def link_loop(folder: Path) -> Path:
    os.symlink(folder / "loop-b.yaml", folder / "loop-a.yaml")
    os.symlink(folder / "loop-a.yaml", folder / "loop-b.yaml")
    return folder / "loop-a.yaml"


def base_link_loop(folder: Path) -> Path:
    link_loop(folder)
    return _scenario(folder, BASELINE + "base: loop-a.yaml\n")


def months_1000(folder: Path) -> Path:
    return _with_changes(folder, "", months="1000")


def months_1(folder: Path) -> Path:
    return _with_changes(folder, "", months="1")


def start_9999(folder: Path) -> Path:
    return _with_changes(folder, "", start="9999-12-01")


def change_2010(folder: Path) -> Path:
    return _with_changes(
        folder,
        "  - parameter: fees.collection.receiving_parent_rate\n"
        "    from: 2010-01-01\n    value: 0.0\n",
    )


def until_9999(folder: Path) -> Path:
    return _with_changes(
        folder,
        "  - parameter: fees.collection.receiving_parent_rate\n"
        "    from: 2026-05-01\n    until: 9999-12-31\n    value: 0.0\n",
    )


def open_ended_reversed(folder: Path) -> Path:
    return _with_changes(
        folder,
        "  - parameter: fees.collection.receiving_parent_rate\n"
        "    from: 2027-05-01\n    value: 0.0\n"
        "  - parameter: fees.collection.receiving_parent_rate\n"
        "    from: 2026-05-01\n    value: 0.02\n",
    )


def paid_some_one(folder: Path) -> Path:
    return _with_changes(
        folder, "  - assumption: behaviour.compliance.cp_paid_some_qtr\n    value: 1.0\n"
    )


def negative_duration(folder: Path) -> Path:
    return _with_changes(
        folder, "  - assumption: behaviour.enforcement.alo_duration\n    value: -5\n"
    )


def note_mapping(folder: Path) -> Path:
    return _with_changes(
        folder,
        "  - assumption: behaviour.enforcement.alo_duration\n    value: 2\n"
        "    note: {why: faster}\n",
    )


def _population(folder: Path, change) -> Path:
    import pyarrow.parquet as pq

    from simulator.population import synthesise_population

    path = folder / "population.parquet"
    synthesise_population(200, 20260401, __import__("datetime").date(2026, 5, 1)).save(path)
    table = change(pq.read_table(path))
    pq.write_table(table, path)
    return path


def nan_weights(folder: Path) -> Path:
    import numpy as np
    import pyarrow as pa

    def change(table):
        index = table.column_names.index("weight")
        return table.set_column(index, "weight", pa.array(np.full(table.num_rows, np.nan)))

    return _population(folder, change)


def no_weight(folder: Path) -> Path:
    return _population(folder, lambda table: table.drop_columns(["weight"]))


def _sweep(folder: Path, vary: str, families: int = 200) -> Path:
    _scenario(folder, BASELINE, "base.yaml")
    path = folder / "hostile-sweep.yaml"
    path.write_text(
        f"name: hostile\nbase: base.yaml\nfamilies: {families}\nvary:\n{vary}",
        encoding="utf-8",
    )
    return path


def sweep_many_families(folder: Path) -> Path:
    return _sweep(
        folder,
        "  - parameter: fees.collection.receiving_parent_rate\n    values: [0.0]\n",
        families=10_000_000,
    )


def sweep_huge_grid(folder: Path) -> Path:
    axis = "  - assumption: behaviour.enforcement.{}\n    range: {{start: 0, stop: 999, step: 1}}\n"
    return _sweep(folder, "".join(axis.format(n) for n in ("alo_duration", "a", "b")))


def sweep_tiny_step(folder: Path) -> Path:
    return _sweep(
        folder,
        "  - parameter: fees.collection.receiving_parent_rate\n"
        "    range: {start: 0.0, stop: 0.04, step: 1e-12}\n",
    )


def sweep_nan(folder: Path) -> Path:
    return _sweep(
        folder,
        "  - parameter: fees.collection.receiving_parent_rate\n"
        "    range: {start: .nan, stop: 0.04, step: 0.01}\n",
    )


def _rows() -> list[dict]:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


class _TooSlow(Exception):
    pass


def _alarm(signum, frame):
    raise _TooSlow


@pytest.mark.parametrize("row", _rows(), ids=lambda row: row["case"])
def test_a_hostile_input_is_refused_clearly_in_time(row, tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    file = globals()[row["file"]](folder) if row["file"] else None
    argv = [
        a.replace("FILE", str(file)).replace("DIR", str(tmp_path)).replace("LONGNUMBER", LONGNUMBER)
        for a in shlex.split(row["command"])
    ]
    seconds = float(row["seconds"])
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(int(seconds) + 1)
    began = time.perf_counter()
    try:
        try:
            status = main(argv)
        except SystemExit as exc:  # argparse's own refusals
            status = exc.code
        except _TooSlow:
            pytest.fail(f"{row['case']}: still running after {seconds:g} s")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    took = time.perf_counter() - began
    err = capsys.readouterr().err
    assert status == int(row["exit"]), err
    assert row["message"] in err
    assert "Traceback" not in err
    assert took <= seconds
    assert not (tmp_path / "sweep").exists()


def test_the_alias_bomb_is_refused_in_under_a_second(tmp_path):
    from simulator.inputs.yamlio import YamlError, read_yaml_text

    text = alias_bomb(tmp_path).read_text(encoding="utf-8")
    began = time.perf_counter()
    with pytest.raises(YamlError, match="aliases"):
        read_yaml_text(text, "bomb.yaml")
    assert time.perf_counter() - began < 1.0


# ----------------------------------------------------------- uploads (the dashboard)

UPLOAD_BASES = [
    "/etc/passwd",
    "/no/such/file.yaml",
    "../../README.md",
    "../scenarios/baseline.yaml",
    "../../pyproject.toml",
    "no-such-shipped-scenario",
    ".baseline",
]


@pytest.mark.parametrize("base", UPLOAD_BASES)
def test_an_upload_may_stack_only_on_a_shipped_scenario(base):
    from simulator.scenarios.load import ScenarioError, load_scenario_text

    with pytest.raises(ScenarioError) as error:
        load_scenario_text(BASELINE + f"base: {base}\n", "uploaded-x.yaml")
    # the same words whether the path exists or not, and nothing of any file
    assert str(error.value).startswith(
        "uploaded-x.yaml, line 13: 'base': an uploaded scenario may stack only on a shipped "
        "scenario, named without a folder. Fix: give the name of a shipped scenario:"
    )


def test_an_upload_may_stack_on_a_shipped_scenario_by_name():
    from simulator.scenarios.load import load_scenario_text

    scenario = load_scenario_text(BASELINE + "base: stronger-enforcement\n", "uploaded-x.yaml")
    assert scenario.bases == ("scenarios/stronger-enforcement.yaml",) or scenario.bases[
        -1
    ].endswith("stronger-enforcement.yaml")


@pytest.mark.parametrize(
    "text, fragment",
    [
        (BASELINE.replace("months: 24", "months: " + LONGNUMBER), "a number of 5,000 digits"),
        (BASELINE + "x: " + "[" * 1000 + "]" * 1000, "nested more than 50 levels"),
        (
            BASELINE.replace(
                "changes: []",
                "changes:\n  - parameter: fees.collection.receiving_parent_rate\n"
                "    from: 2026-05-01\n    until: 9999-12-31\n    value: 0.0",
            ),
            "9999-12-31 is outside the dates the model supports",
        ),
    ],
    ids=["5,000 digits", "nested 1,000 deep", "until 9999-12-31"],
)
def test_an_upload_gets_the_messages_the_command_line_gives(text, fragment):
    from simulator.scenarios.load import ScenarioError, load_scenario_text

    with pytest.raises(ScenarioError, match=fragment):
        load_scenario_text(text, "uploaded-x.yaml")


@pytest.mark.parametrize(
    "given, expected",
    [("0.5", 0.5), ("abc", None), ("", None), ("nan", None), ("inf", None), (LONGNUMBER, None)],
)
def test_a_number_in_the_url_that_is_not_one_is_ignored(given, expected):
    from dashboard.url import query_number

    assert query_number(given) == expected
