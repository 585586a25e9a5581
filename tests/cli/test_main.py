"""``cms-sim`` itself: the commands it offers, in order, each with a parser
and a runner; help, version and a missing command; and a user mistake
reported once, without a traceback."""

from __future__ import annotations

import pytest

from simulator import __version__
from simulator.cli import main
from simulator.cli.main import COMMANDS, build_parser

ORDER = [
    "calc",
    "parameters",
    "population",
    "calibration-report",
    "simulate",
    "run",
    "compare",
    "sensitivity",
    "validate",
    "sweep",
    "fit-behaviour",
    "fit-population",
    "fit-costs",
]


def test_every_command_has_a_parser_and_a_runner_in_the_order_of_the_help():
    commands = next(a for a in build_parser()._actions if a.dest == "command")
    assert list(commands.choices) == ORDER
    assert list(COMMANDS) == ORDER


@pytest.mark.parametrize("command", ORDER)
def test_each_command_has_help(command, capsys):
    with pytest.raises(SystemExit) as stop:
        main([command, "--help"])
    assert stop.value.code == 0
    assert capsys.readouterr().out.startswith(f"usage: cms-sim {command} ")


def test_no_command_prints_the_help_and_fails(capsys):
    assert main([]) == 2
    out = capsys.readouterr().out
    assert out.startswith("usage: cms-sim") and all(c in out for c in ORDER)


def test_version(capsys):
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"cms-sim {__version__}\n"


@pytest.mark.parametrize(
    "argv, message",
    [
        (
            ["parameters", "--date", "2026-13-01"],
            "'2026-13-01' is not a date; write it as YYYY-MM-DD",
        ),
        (["nonsense"], "invalid choice: 'nonsense'"),
        (
            ["sweep", "sweeps/receiving-parent-fee.yaml"],
            "the following arguments are required: --out",
        ),
    ],
    ids=["a date that is not one", "an unknown command", "a required option left out"],
)
def test_a_malformed_command_line_is_refused_by_the_parser(argv, message, capsys):
    with pytest.raises(SystemExit) as stop:
        main(argv)
    assert stop.value.code == 2
    assert message in capsys.readouterr().err


def test_a_mistake_is_one_line_on_stderr(tmp_path, capsys):
    out = tmp_path / "results"
    out.write_text("a file")
    assert main(["simulate", "--out", str(out)]) == 2
    printed, err = capsys.readouterr()
    assert printed == ""
    assert err == f"cms-sim simulate: --out {out} is a file; give a folder\n"
