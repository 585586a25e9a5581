"""Files that ship with the package, found wherever it is installed.

The project keeps its reform scenarios, sweep files and data tables in the
top-level ``scenarios/``, ``sweeps/`` and ``data/`` folders, where users and
reviewers look for them. The package reaches them as ``simulator/shipped/``:
in a source checkout these are links to the top-level folders, and the build
copies them into the installed package (``pyproject.toml``, package data), so
``importlib.resources`` finds the same files in an editable install, a wheel or
a plain ``pip install .`` run from any folder. The statutory parameters and
the assumption register live inside ``simulator/inputs/`` itself.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["data_file", "scenario_folder", "shipped", "sweep_folder"]


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
