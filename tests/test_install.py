"""A plain install works: ``pip install .`` (not editable) into a fresh
environment, then ``cms-sim`` from another folder, with nothing read from the
source tree.

The repository is copied to a temporary folder and installed from there, so
the build's ``build/`` and ``*.egg-info`` never land in the repository. The
environment is a venv that reuses the installed dependencies
(``--system-site-packages``, and this environment's own site-packages when the
tests run in a venv themselves) and gets the project without them
(``--no-deps``); the build runs without isolation when this Python already has
a build backend recent enough for ``pyproject.toml`` (nothing downloaded), else
with pip's usual isolation (setuptools and wheel from the package index). The
system Python is never installed into.
"""

from __future__ import annotations

import os
import shutil
import site
import subprocess
import sys
import tomllib
import venv
from importlib import metadata
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
#: What the build reads: the metadata, the readme, the package and the folders
#: it ships (linked from simulator/shipped/).
SOURCES = ("pyproject.toml", "README.md", "simulator", "scenarios", "sweeps", "data")
#: A build backend that needs nothing from the index: setuptools that writes
#: wheels itself, or an older one (68, as pyproject.toml requires) with wheel.
SETUPTOOLS_WITH_WHEELS = (70, 1)
SETUPTOOLS_REQUIRED = (68, 0)
#: Seconds allowed for the install and for each command.
INSTALL_TIMEOUT = 300
COMMAND_TIMEOUT = 180
COMPARE_OUTPUTS = (
    "metrics.csv",
    "deciles.csv",
    "monthly.csv",
    "quarterly.csv",
    "scenario.yaml",
    "run.json",
)


def _version(name: str) -> tuple[int, ...] | None:
    try:
        return tuple(int(part) for part in metadata.version(name).split(".")[:2])
    except (metadata.PackageNotFoundError, ValueError):
        return None


def _offline_build() -> bool:
    setuptools = _version("setuptools")
    if setuptools is None:
        return False
    return setuptools >= SETUPTOOLS_WITH_WHEELS or (
        setuptools >= SETUPTOOLS_REQUIRED and _version("wheel") is not None
    )


def _environment(bin_dir: Path) -> dict[str, str]:
    """This process's environment without anything that points Python at the
    source tree, with the venv first on the PATH."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    env["VIRTUAL_ENV"] = str(bin_dir.parent)
    env["PATH"] = str(bin_dir) + os.pathsep + env.get("PATH", "")
    return env


def _site_packages(environment: Path) -> Path:
    found = sorted(environment.glob("lib/python3*/site-packages")) or [
        environment / "Lib" / "site-packages"
    ]
    return found[0]


class Installed:
    """A venv with the project installed from a copy of the repository."""

    def __init__(self, folder: Path):
        source = folder / "source"
        source.mkdir()
        for name in SOURCES:
            path = ROOT / name
            if path.is_dir():
                shutil.copytree(
                    path,
                    source / name,
                    symlinks=True,  # simulator/shipped/ links to the top-level folders
                    ignore=shutil.ignore_patterns("__pycache__"),
                )
            else:
                shutil.copy2(path, source / name)
        venv.EnvBuilder(system_site_packages=True, with_pip=False, symlinks=True).create(
            folder / "venv"
        )
        if sys.prefix != sys.base_prefix:  # the tests run in a venv: its packages too
            (_site_packages(folder / "venv") / "dependencies.pth").write_text(
                "".join(f"import site; site.addsitedir({d!r})\n" for d in site.getsitepackages())
            )
        self.bin = folder / "venv" / ("Scripts" if os.name == "nt" else "bin")
        self.python = self.bin / Path(sys.executable).name
        self.env = _environment(self.bin)
        # nothing from the index when this Python can build the wheel itself
        isolation = ["--no-build-isolation", "--no-index"] if _offline_build() else []
        result = subprocess.run(
            [
                str(self.python),  # the venv's Python runs the shared pip: it installs there
                "-m",
                "pip",
                "install",
                "--no-deps",
                *isolation,
                str(source),
            ],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=folder,
            timeout=INSTALL_TIMEOUT,
            check=False,
        )
        assert result.returncode == 0, f"pip install failed:\n{result.stdout}\n{result.stderr}"

    def run(self, *args: str, cwd: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(a) for a in args],
            capture_output=True,
            text=True,
            env=self.env,
            cwd=cwd,
            timeout=COMMAND_TIMEOUT,
            check=False,
        )

    def python_says(self, code: str, cwd: Path) -> str:
        result = self.run(self.python, "-c", code, cwd=cwd)
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Installed:
    return Installed(tmp_path_factory.mktemp("plain-install"))


def test_the_package_imported_is_the_installed_one_not_the_source_tree(installed, tmp_path):
    where = Path(installed.python_says("import simulator; print(simulator.__file__)", tmp_path))
    assert where.is_relative_to(installed.bin.parent), where
    assert not where.resolve().is_relative_to(ROOT)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    version = installed.python_says("import simulator; print(simulator.__version__)", tmp_path)
    assert version == project["version"]  # from the installed metadata, not "+source"


SHIPPED = [
    # (what ships, the files in the repository, where the package holds them)
    ("the reform scenarios", "scenarios/*.yaml", "shipped/scenarios"),
    ("the sweeps", "sweeps/*.yaml", "shipped/sweeps"),
    ("the published targets", "data/targets.csv", "shipped/data"),
    ("the example cases", "data/examples/*.csv", "shipped/data/examples"),
    ("the statutory parameters", "simulator/inputs/statutory/*.yaml", "inputs/statutory"),
    ("the assumption register", "simulator/inputs/register/*.yaml", "inputs/register"),
    ("the dashboard's levers", "simulator/scenarios/levers.yaml", "scenarios"),
]


@pytest.mark.parametrize("what, files, folder", SHIPPED, ids=[s[0] for s in SHIPPED])
def test_the_installed_package_holds_its_data(installed, tmp_path, what, files, folder):
    package = Path(
        installed.python_says(
            "import simulator, pathlib; print(pathlib.Path(simulator.__file__).parent)", tmp_path
        )
    )
    expected = sorted(ROOT.glob(files))
    assert expected, f"no {files} in the repository"
    for source in expected:
        copy = package / folder / source.name
        assert copy.is_file() and not copy.is_symlink(), f"{what}: {copy} is not installed"
        assert copy.read_bytes() == source.read_bytes(), f"{what}: {copy} differs"


def test_a_shipped_sweep_and_its_base_are_found_when_installed(installed, tmp_path):
    code = (
        "from simulator.experiments.sweep import load_sweep\n"
        "sweep = load_sweep('receiving-parent-fee')\n"
        "print(len(sweep.points)); print(sweep.base.file)"
    )
    points, base = installed.python_says(code, tmp_path).splitlines()
    assert int(points) > 1
    assert Path(base).is_relative_to(installed.bin.parent) and base.endswith("baseline.yaml")


COMMANDS = [
    # (what a user runs from another folder, cms-sim's arguments, the files it writes)
    ("the calculator on a CSV file", ["calc", "cases.csv", "-o", "results.csv"], ["results.csv"]),
    (
        "a comparison of a scenario file given by its path",
        [
            "compare",
            ROOT / "scenarios" / "baseline.yaml",
            "--families",
            "5000",
            "--months",
            "3",
            "--out",
            "out",
        ],
        [f"out/{name}" for name in COMPARE_OUTPUTS],
    ),
    (
        "a comparison of shipped scenarios given by name",
        [
            "compare",
            "baseline",
            "scrap-receiving-parent-fee",
            "--families",
            "2000",
            "--months",
            "2",
            "--out",
            "out",
        ],
        [f"out/{name}" for name in COMPARE_OUTPUTS],
    ),
    (
        "a synthetic population",
        ["population", "--families", "2000", "--out", "p.parquet"],
        ["p.parquet"],
    ),
]


@pytest.mark.parametrize("what, args, files", COMMANDS, ids=[c[0] for c in COMMANDS])
def test_cms_sim_works_from_another_folder(installed, tmp_path, what, args, files):
    shutil.copy(ROOT / "data" / "examples" / "calc_input.csv", tmp_path / "cases.csv")
    result = installed.run(installed.bin / "cms-sim", *args, cwd=tmp_path)
    assert result.returncode == 0, f"{what}: {result.stderr}"
    for name in files:
        assert (tmp_path / name).is_file() and (tmp_path / name).stat().st_size > 0, name
    if args[0] == "compare":
        metrics = pd.read_csv(tmp_path / "out" / "metrics.csv")
        assert "baseline" in set(metrics.scenario)
    if args[0] == "population":
        saved = pd.read_parquet(tmp_path / "p.parquet")
        # the families at the date (the entrants, who separate later, follow them)
        assert (saved.enters_month == 0).sum() == 2000


def test_build_artefacts_are_ignored_by_git():
    """The install builds in its copy; a build in the repository itself must
    not be committed either."""
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    for artefact in ("build/", "dist/", "*.egg-info/"):
        assert artefact in ignored, f"add {artefact} to .gitignore"
