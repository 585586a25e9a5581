"""What the commands share: the defaults, the options that choose a population
or a run, the checks of those flags (with the flag's name in the message), and
the one error class for a command used wrongly."""

from __future__ import annotations

import argparse
import datetime as _dt
import sys
from pathlib import Path

from simulator.errors import SimulatorError
from simulator.inputs.limits import MAX_FAMILIES

__all__ = [
    "DEFAULT_FAMILIES",
    "DEFAULT_SEED",
    "EXIT_USER_ERROR",
    "MAX_FAMILIES",
    "UserError",
    "check_months",
    "family_count",
    "load_scenarios",
    "parse_date",
    "population_options",
    "refuse_a_file_as_folder",
    "require_one_or_more",
    "run_options",
    "run_settings",
    "stderr_progress",
    "whole_number",
]

EXIT_USER_ERROR = 2
#: The default interactive population: a weighted sample of this many families.
DEFAULT_FAMILIES = 100_000
DEFAULT_SEED = 20260401
#: Digits a whole-number flag may have (a seed has at most 19).
MAX_FLAG_DIGITS = 30


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


def whole_number(text: str) -> int:
    """A whole-number flag's value, its length checked before conversion."""
    text = text.strip()
    if len(text) > MAX_FLAG_DIGITS:
        raise argparse.ArgumentTypeError(
            f"a number of {len(text):,} characters; give at most {MAX_FLAG_DIGITS} digits"
        )
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number") from None


def family_count(text: str) -> int:
    """A ``--families`` value: at most :data:`MAX_FAMILIES` (one or more is
    checked by the command, :func:`require_one_or_more`)."""
    n = whole_number(text)
    if n > MAX_FAMILIES:
        raise argparse.ArgumentTypeError(
            f"{n:,} is more than {MAX_FAMILIES:,} (about twice the whole of GB; for all of "
            "GB use --full-gb)"
        )
    return n


def population_date(text: str) -> _dt.date:
    """A population's ``--date``: a date within the scenario files' range of
    start dates (``START_RANGE``: the tax-benefit parameters' dated range)."""
    from simulator.scenarios.load import START_RANGE

    date = parse_date(text)
    low, high = START_RANGE
    if not low <= date <= high:
        raise argparse.ArgumentTypeError(
            f"{date} is outside the dates the model supports ({low} to {high})"
        )
    return date


def run_options(sub: argparse.ArgumentParser, replications: bool = True) -> None:
    """The population (size, whole of GB or a saved file), horizon,
    replications and output folder of ``run``, ``compare``, ``sensitivity``
    and ``validate``."""
    size = sub.add_mutually_exclusive_group()
    size.add_argument(
        "--families",
        type=family_count,
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
        "--months", type=whole_number, default=None, help="override the scenarios' horizon (months)"
    )
    if replications:
        sub.add_argument(
            "--replications",
            type=whole_number,
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
        type=family_count,
        default=DEFAULT_FAMILIES,
        help=f"number of families to synthesise (default {DEFAULT_FAMILIES:,})",
    )
    sub.add_argument(
        "--seed",
        type=whole_number,
        default=DEFAULT_SEED,
        help=f"random seed (default {DEFAULT_SEED})",
    )
    sub.add_argument(
        "--date",
        type=population_date,
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
    from simulator.scenarios.load import horizon_problem, load_scenario

    if months is not None:
        check_months("--months", months)
    scenarios = [load_scenario(p) for p in paths]  # every file validated before any run
    if months is not None:
        for s in scenarios:
            problem = horizon_problem(s.start, months)
            if problem:
                raise UserError(f"--months {months} with {s.file}: {problem[0]}; {problem[1]}")
        scenarios = [s.with_horizon(s.start, months, s.seed) for s in scenarios]
    return scenarios


def check_months(flag: str, months: int) -> None:
    """Refuse a horizon flag outside the scenario files' range (1-120 months)."""
    from simulator.scenarios.load import MONTHS_RANGE

    low, high = MONTHS_RANGE
    if months < low:
        require_one_or_more(flag, months)
    if months > high:
        raise UserError(f"{flag} must be {high} or fewer (ten years), not {months}")


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
