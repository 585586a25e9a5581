"""Ctrl-C and SIGKILL: an interrupted command prints one line saying what it
kept, exits 130 with no traceback and leaves no worker process; a sweep killed
outright leaves no orphaned workers."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
#: Generous bounds: they only stop a hung test, nothing is timed.
WAIT_SECONDS = 240

SWEEP = """name: interrupted sweep
description: long enough to interrupt
base: baseline
families: 20000
replications: 2
metrics: [collect_and_pay_share]
vary:
  - parameter: fees.collection.receiving_parent_rate
    from: 2026-05-01
    values: [0.0, 0.01, 0.02, 0.03]
"""

pytestmark = pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs Linux /proc")


class Command:
    """cms-sim in a subprocess, its standard error collected as it comes."""

    def __init__(self, arguments: list[str], cwd: Path, session: bool = False):
        environment = {**os.environ, "PYTHONPATH": str(ROOT)}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "simulator.cli", *arguments],
            cwd=cwd,
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=session,  # its own process group, as a terminal's job
        )
        self.stderr = bytearray()
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while chunk := self.process.stderr.read1(256):
            self.stderr.extend(chunk)

    def wait_for(self, fragment: str) -> None:
        deadline = time.monotonic() + WAIT_SECONDS
        while fragment.encode() not in self.stderr:
            assert self.process.poll() is None, self.stderr.decode()
            assert time.monotonic() < deadline, f"no '{fragment}' in: {self.stderr.decode()}"
            time.sleep(0.05)

    def children(self) -> list[int]:
        pid = self.process.pid
        try:
            text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
        except OSError:
            return []
        return [int(c) for c in text.split()]

    def finish(self) -> tuple[int, str]:
        code = self.process.wait(timeout=WAIT_SECONDS)
        self.reader.join(timeout=WAIT_SECONDS)
        return code, self.stderr.decode()


def _gone(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return True
    return "State:\tZ" in status or "State:\tX" in status


def _wait_gone(pids: list[int]) -> list[int]:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not all(_gone(p) for p in pids):
        time.sleep(0.1)
    return [p for p in pids if not _gone(p)]


@pytest.mark.parametrize(
    "to",
    ["the command", "its process group (a terminal's Ctrl-C: the chunk workers too)"],
)
def test_ctrl_c_during_a_run_writes_nothing_and_says_so(tmp_path, to):
    out = tmp_path / "results"
    group = to != "the command"
    command = Command(
        ["run", "baseline", "--families", "200000", "--replications", "3", "--out", str(out)],
        tmp_path,
        session=group,
    )
    command.wait_for("replication 1/3")
    if group:
        os.killpg(command.process.pid, signal.SIGINT)
    else:
        command.process.send_signal(signal.SIGINT)
    code, stderr = command.finish()
    assert code == 130, stderr
    assert stderr.strip().splitlines()[-1] == "cms-sim run: interrupted; nothing written"
    assert "Traceback" not in stderr
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name != "results"] == []


def _sweep(tmp_path: Path) -> tuple[Command, Path]:
    (tmp_path / "sweep.yaml").write_text(SWEEP)
    out = tmp_path / "sweep-out"
    command = Command(
        ["sweep", "sweep.yaml", "--workers", "2", "--out", str(out)],
        tmp_path,
    )
    deadline = time.monotonic() + WAIT_SECONDS
    while len(command.children()) < 2:
        assert command.process.poll() is None, command.stderr.decode()
        assert time.monotonic() < deadline, "the sweep started no workers"
        time.sleep(0.05)
    command.wait_for("tasks")  # the progress bar: the workers are running
    return command, out


def test_ctrl_c_during_a_sweep_keeps_the_finished_points_and_stops_the_workers(tmp_path):
    command, _ = _sweep(tmp_path)
    workers = command.children()
    command.process.send_signal(signal.SIGINT)  # the sweep's process only, not its group
    code, stderr = command.finish()
    assert code == 130, stderr
    last = stderr.strip().splitlines()[-1]
    assert last.startswith("cms-sim sweep: interrupted; finished points kept in"), stderr
    assert "Traceback" not in stderr
    assert _wait_gone(workers) == []


def test_a_sweep_killed_outright_leaves_no_orphaned_workers(tmp_path):
    command, _ = _sweep(tmp_path)
    workers = command.children()
    command.process.kill()
    command.finish()
    left = _wait_gone(workers)
    for pid in left:  # do not leave them running if the test fails
        os.kill(pid, signal.SIGKILL)
    assert left == []
