"""Files that ship with the package, found wherever it is installed.

The project keeps its reform scenarios, sweep files and data tables in the
top-level ``scenarios/``, ``sweeps/`` and ``data/`` folders, where users and
reviewers look for them. The package reaches them as ``simulator/shipped/``:
in a source checkout these are links to the top-level folders, and the build
copies them into the installed package (``pyproject.toml``, package data), so
``importlib.resources`` finds the same files in an editable install, a wheel or
a plain ``pip install .`` run from any folder. The statutory parameters and
the assumption register live inside ``simulator/inputs/`` itself.

A shipped scenario or sweep can be given by its bare name (``baseline``, or
``baseline.yaml``), wherever the command runs: :func:`shipped_file` finds it and
:func:`find_file` finds a file given either way and :func:`not_found` says what
to tell a user when neither exists.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = [
    "data_file",
    "display_path",
    "find_file",
    "not_found",
    "scenario_folder",
    "shipped",
    "shipped_file",
    "shipped_names",
    "sweep_folder",
]

#: The suffix of scenario and sweep files.
YAML = ".yaml"


def shipped(*parts: str) -> Path:
    """The path of a shipped folder or file, e.g. ``shipped("data", "targets.csv")``."""
    return Path(str(resources.files("simulator").joinpath("shipped", *parts)))


def scenario_folder() -> Path:
    """The shipped reform scenarios (the top-level ``scenarios/``)."""
    return shipped("scenarios")


def sweep_folder() -> Path:
    """The shipped sweep files (the top-level ``sweeps/``)."""
    return shipped("sweeps")


def data_file(*parts: str) -> Path:
    """A shipped data file (the top-level ``data/``), e.g. ``data_file("targets.csv")``."""
    return shipped("data", *parts)


def shipped_file(folder: Path, given: str | Path) -> Path | None:
    """The shipped file in ``folder`` that ``given`` names, if ``given`` is a
    bare name (no folder part) with or without ``.yaml``; None otherwise."""
    name = str(given)
    if not name or Path(name).name != name:
        return None
    candidate = folder / f"{name.removesuffix(YAML)}{YAML}"
    return candidate if candidate.is_file() else None


def shipped_names(folder: Path) -> list[str]:
    """The names of the shipped ``*.yaml`` files in ``folder``, without ``.yaml``."""
    return sorted(p.stem for p in folder.glob(f"*{YAML}"))


def find_file(given: str | Path, folder: Path, beside: Path | None = None) -> Path | None:
    """The file a user names: ``given`` as a path (relative to the folder
    ``beside``, if given), or else, for a bare name, the shipped file of that
    name in ``folder``; None if neither exists."""
    path = beside / given if beside is not None else Path(given)
    if path.is_symlink() and not path.exists():
        return path  # a broken or looping link: reading it says which
    return path if path.is_file() else shipped_file(folder, given)


def not_found(given: str | Path, kind: str, folder: Path) -> tuple[str, str]:
    """The problem and the fix to tell a user whose ``given`` names no file and
    no shipped ``kind`` (scenario, sweep) in ``folder``."""
    bare = Path(str(given)).name == str(given)
    names = ", ".join(shipped_names(folder)) or "(none in this installation)"
    problem = f"no such file, and no shipped {kind} of that name" if bare else "file not found"
    return problem, f"give the path of a {kind} file, or the name of a shipped {kind}: {names}"


def display_path(path: Path) -> str:
    """How messages and reports name a file: relative to the working folder
    when it is inside it (links resolved, so a shipped scenario is
    ``scenarios/baseline.yaml`` from the repository folder), else as given."""
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except (ValueError, OSError, RuntimeError):  # outside it; a symbolic link loop
        return str(path)
