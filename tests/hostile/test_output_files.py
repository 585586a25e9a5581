"""Outputs all-or-nothing: a folder swapped in whole (a failure midway leaves
the old folder intact and complete), and single files written with the mode
the umask gives, never over a folder, device, FIFO or read-only file."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from simulator.reports import files
from simulator.reports.files import (
    OutputError,
    output_folder,
    write_csv_atomic,
    write_text_atomic,
)

NAMES = ("a.csv", "b.csv", "c.csv")


def _old_run(out: Path) -> dict:
    out.mkdir()
    for name in NAMES:
        (out / name).write_text(f"old {name}\n")
    return {p.name: p.read_text() for p in out.iterdir()}


def _contents(out: Path) -> dict:
    return {p.name: p.read_text() for p in out.iterdir()}


def _no_leftovers(folder: Path) -> None:
    assert [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


class Injected(RuntimeError):
    pass


def test_a_failure_after_two_of_three_files_leaves_the_old_folder_whole(tmp_path):
    out = tmp_path / "results"
    before = _old_run(out)
    with pytest.raises(Injected), output_folder(out, NAMES) as new:
        write_text_atomic("new a\n", new / "a.csv")
        write_text_atomic("new b\n", new / "b.csv")
        raise Injected("serialisation failed midway")
    assert _contents(out) == before
    _no_leftovers(tmp_path)


def test_a_failed_swap_puts_the_old_folder_back(tmp_path, monkeypatch):
    out = tmp_path / "results"
    before = _old_run(out)
    real_rename = os.rename
    calls = []

    def rename(source, target):
        calls.append((source, target))
        if len(calls) == 2:  # the new folder's rename into place
            raise OSError("injected: the disk went away")
        real_rename(source, target)

    monkeypatch.setattr(files.os, "rename", rename)
    with pytest.raises(OSError, match="injected"), output_folder(out, NAMES) as new:
        for name in NAMES:
            write_text_atomic(f"new {name}\n", new / name)
    assert _contents(out) == before
    _no_leftovers(tmp_path)


def test_a_finished_folder_replaces_the_old_one_whole(tmp_path):
    out = tmp_path / "results"
    _old_run(out)
    with output_folder(out, NAMES) as new:
        write_text_atomic("new a\n", new / "a.csv")
    assert _contents(out) == {"a.csv": "new a\n"}  # no b.csv, c.csv from the old run
    _no_leftovers(tmp_path)


@pytest.mark.parametrize(
    "what, make, message",
    [
        ("a file", lambda p: p.write_text("x"), "is not a folder"),
        (
            "a folder with other files",
            lambda p: _old_run(p) and (p / "mine.txt").write_text("x"),
            "not this command's outputs",
        ),
    ],
)
def test_an_out_that_cannot_be_replaced_is_refused(tmp_path, what, make, message):
    out = tmp_path / "results"
    make(out)
    with pytest.raises(OutputError, match=message), output_folder(out, NAMES):
        pass


@pytest.mark.parametrize("umask, mode", [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_outputs_get_the_mode_the_umask_gives(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        write_text_atomic("x\n", tmp_path / "out.txt")
        with output_folder(tmp_path / "folder", NAMES) as new:
            write_text_atomic("x\n", new / "a.csv")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "out.txt").stat().st_mode) == mode
    assert stat.S_IMODE((tmp_path / "folder" / "a.csv").stat().st_mode) == mode
    assert stat.S_IMODE((tmp_path / "folder").stat().st_mode) == 0o777 & ~umask


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _readonly(path: Path) -> None:
    path.write_text("old\n")
    path.chmod(0o444)


@pytest.mark.parametrize(
    "what, make, message",
    [
        ("a folder", lambda p: p.mkdir(), "is a folder"),
        ("a FIFO", _fifo, "not a regular file"),
        ("a read-only file", _readonly, "read-only"),
    ],
)
def test_write_atomic_refuses_to_replace(tmp_path, what, make, message):
    path = tmp_path / "out.csv"
    make(path)
    kind = stat.S_IFMT(os.stat(path).st_mode)
    with pytest.raises(OutputError, match=message):
        write_text_atomic("new\n", path)
    assert stat.S_IFMT(os.stat(path).st_mode) == kind  # still what it was
    if path.is_file():
        assert path.read_text() == "old\n"


def test_write_atomic_refuses_a_device():
    with pytest.raises(OutputError, match="not a regular file"):
        write_text_atomic("x\n", "/dev/null")


def test_write_csv_atomic_replaces_an_ordinary_file(tmp_path):
    import pandas as pd

    path = tmp_path / "out.csv"
    path.write_text("old\n")
    write_csv_atomic(pd.DataFrame({"a": [1]}), path)
    assert path.read_text() == "a\n1\n"
