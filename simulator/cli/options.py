"""What the commands share: the defaults, the options that choose a population
or a run, the checks of those flags (with the flag's name in the message), and
the one error class for a command used wrongly."""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path

from simulator.errors import SimulatorError

__all__ = [
    "DEFAULT_FAMILIES",
    "DEFAULT_SEED",
    "EXIT_USER_ERROR",
    "UserError",
    "load_scenarios",
    "parse_date",
    "population_options",
    "refuse_a_file_as_folder",
    "require_one_or_more",
    "run_options",
    "run_settings",
    "stderr_progress",
]

EXIT_USER_ERROR = 2
#: The default interactive population: a weighted sample of this many families.
DEFAULT_FAMILIES = 100_000
DEFAULT_SEED = 20260401


class UserError(SimulatorError):
    """A mistake in how the command was used; printed without a traceback."""


def stderr_progress(message: str) -> None:
    """A one-line progress display on standard error."""
    print(f"\r{message[:100]:100s}", end="", file=sys.stderr, flush=True)


def parse_date(text: str) -> _dt.date:
    """A ``--date`` value (YYYY-MM-DD)."""
    try:
        return _dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"'{text}' is not a date; write it as YYYY-MM-DD"
        ) from None


def run_options(sub: argparse.ArgumentParser, replications: bool = True) -> None:
    """The population (size, whole of GB or a saved file), horizon,
    replications and output folder of ``run``, ``compare``, ``sensitivity``
    and ``validate``."""
    size = sub.add_mutually_exclusive_group()
    size.add_argument(
        "--families",
        type=int,
        default=DEFAULT_FAMILIES,
        help=f"synthetic families (default {DEFAULT_FAMILIES:,})",
    )
    size.add_argument(
        "--full-gb",
        action="store_true",
        help="the whole of GB, one record per family (about 2.4 million)",
    )
    size.add_argument(
        "--population",
        type=Path,
        help="a population saved by 'cms-sim population' (used for every run)",
    )
    sub.add_argument(
        "--months", type=int, default=None, help="override the scenarios' horizon (months)"
    )
    if replications:
        sub.add_argument(
            "--replications",
            type=int,
            default=1,
            help="runs with other families and seeds, assumptions drawn from their "
            "ranges and the fitted ones re-fitted; ranges are min-max below 20 "
            "replications, 5th-95th percentiles from 20 (default 1: no ranges)",
        )
    sub.add_argument(
        "--out", type=Path, default=Path("results"), help="output folder (default results)"
    )


def population_options(sub: argparse.ArgumentParser) -> None:
    """The families, seed and date of a population to synthesise."""
    sub.add_argument(
        "--families",
        type=int,
        default=DEFAULT_FAMILIES,
        help=f"number of families to synthesise (default {DEFAULT_FAMILIES:,})",
    )
    sub.add_argument(
        "--seed", type=int, default=DEFAULT_SEED, help=f"random seed (default {DEFAULT_SEED})"
    )
    sub.add_argument(
        "--date",
        type=parse_date,
        default=None,
        help="population date (default: today; from 2024-04-06)",
    )


def require_one_or_more(flag: str, value: int) -> None:
    """Refuse a count flag (``--families``, ``--months``, ``--replications``)
    below one, naming the flag."""
    if value < 1:
        raise UserError(f"{flag} must be 1 or more, not {value}")


def refuse_a_file_as_folder(out: Path) -> None:
    """Refuse an ``--out`` folder that is an existing file."""
    if out.exists() and not out.is_dir():
        raise UserError(f"--out {out} is a file; give a folder")


def load_scenarios(paths: list[Path], months: int | None):
    """The scenario files, every one validated before any run, with the
    horizon overridden by ``--months`` if given."""
    from simulator.scenarios.load import load_scenario

    scenarios = [load_scenario(p) for p in paths]  # every file validated before any run
    if months is not None:
        require_one_or_more("--months", months)
        scenarios = [s.with_horizon(s.start, months, s.seed) for s in scenarios]
    return scenarios


def run_settings(args: argparse.Namespace):
    """(families, population) of a run's options: None families for the whole
    of GB, a loaded population for ``--population``."""
    from simulator.population import Population

    refuse_a_file_as_folder(args.out)
    if args.families is not None:
        require_one_or_more("--families", args.families)
    population = Population.load(args.population) if args.population else None
    families = None if args.full_gb else args.families
    return families, population
