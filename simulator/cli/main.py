"""``cms-sim``: the command-line interface, a module per command.

    cms-sim calc INPUT.csv [-o OUTPUT.csv] [--date YYYY-MM-DD]
    cms-sim calc --explain INPUT.csv [--case-id ID]
    cms-sim calc --explain --gross-weekly-income 450 --care-nights 0,104 [...]
    cms-sim parameters [--date YYYY-MM-DD] [--csv]
    cms-sim population --families N --seed S [--date D] --out FILE.parquet  (or --full-gb)
    cms-sim calibration-report [--families N] [--seed S] [--date D] [--out DIR] [--no-dynamics]
    cms-sim simulate [--families N | --population FILE] [--months M] [--out DIR]
    cms-sim run SCENARIO.yaml [--families N | --full-gb | --population F] [--replications K]
    cms-sim compare BASELINE.yaml REFORM.yaml [...] [--families N] [--months M]
            [--replications K] [--out DIR]
    cms-sim sensitivity SCENARIO.yaml --metric M [--families N] [--out DIR]
    cms-sim validate [--families N] [--out DIR]
    cms-sim sweep SWEEP.yaml --out DIR [--scheduler serial|dask-local|tcp://HOST:PORT]
    cms-sim fit-behaviour [--families N] [--seed S] [--date D] [--write PATH]
    cms-sim fit-population [--families N] [--seed S] [--date D]
    cms-sim fit-costs [--families N] [--write PATH]

Each command module adds its parser (``add_parser``) and runs it (``run``);
the options they share are in :mod:`simulator.cli.options`. User mistakes get
a clear message on stderr and exit status 2; nothing is written unless
everything succeeded.
"""

from __future__ import annotations

import argparse
import sys

from simulator import __version__
from simulator.allocator import tune_allocator
from simulator.cli import (
    calc,
    calibration_report,
    compare,
    fit_behaviour,
    fit_costs,
    fit_population,
    parameters,
    population,
    sensitivity,
    simulate,
    sweep,
    validate,
)
from simulator.cli.options import EXIT_USER_ERROR
from simulator.errors import SimulatorError

__all__ = ["build_parser", "main"]

#: The command modules, in the order of ``cms-sim --help``.
COMMAND_MODULES = (
    calc,
    parameters,
    population,
    calibration_report,
    simulate,
    compare,
    sensitivity,
    validate,
    sweep,
    fit_behaviour,
    fit_population,
    fit_costs,
)
#: Each command and the function that runs it.
COMMANDS = {
    "calc": calc.run,
    "parameters": parameters.run,
    "population": population.run,
    "calibration-report": calibration_report.run,
    "simulate": simulate.run,
    "run": compare.run,
    "compare": compare.run,
    "sensitivity": sensitivity.run,
    "validate": validate.run,
    "sweep": sweep.run,
    "fit-behaviour": fit_behaviour.run,
    "fit-population": fit_population.run,
    "fit-costs": fit_costs.run,
}


#: Exit status after Ctrl-C (128 + SIGINT, as a shell reports it).
EXIT_INTERRUPTED = 130


def _kept(args: argparse.Namespace) -> str:
    """What an interrupted command leaves: a sweep keeps its finished points;
    every other command writes nothing (its outputs are swapped in whole, or
    renamed into place, only when everything succeeded)."""
    if args.command == "sweep":
        return (
            f"finished points kept in {args.out}/parts (rerun the same command to resume); "
            "the summary was not updated"
        )
    return "nothing written"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cms-sim",
        description="Child Maintenance Service reform simulator (GB 2012 scheme).",
    )
    parser.add_argument("--version", action="version", version=f"cms-sim {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in COMMAND_MODULES:
        module.add_parser(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    tune_allocator()  # speed only (simulator.allocator)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USER_ERROR
    try:
        return COMMANDS[args.command](args)
    except SimulatorError as exc:  # a user mistake anywhere: its message, no traceback
        print(f"cms-sim {args.command}: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR
    except KeyboardInterrupt:  # Ctrl-C: one line, what was kept, no traceback
        print(file=sys.stderr)  # end a progress line
        print(f"cms-sim {args.command}: interrupted; {_kept(args)}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # e.g. piped into `head`
        return 0
    except OSError as exc:  # e.g. an output folder that cannot be written
        print(f"cms-sim {args.command}: {exc}", file=sys.stderr)
        return EXIT_USER_ERROR


if __name__ == "__main__":
    sys.exit(main())
