"""Writing outputs all-or-nothing: nothing is half-written if anything fails.

A single file is written to a temporary file beside it and renamed into place
(:func:`write_atomic`). A folder of outputs is written whole into a temporary
folder beside ``--out`` and swapped in (:func:`output_folder`): the old folder
is renamed aside, the new one renamed in, the old one removed; on any failure
the old folder is put back. The swap's renames are the only steps that touch
``--out``, so a failure or a SIGKILL leaves either the old set or the new set,
never a mix of two runs.
"""

from __future__ import annotations

import os
import shutil
import stat
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import pandas as pd

__all__ = [
    "OutputError",
    "check_output_file",
    "check_output_folder",
    "output_folder",
    "write_atomic",
    "write_csv_atomic",
    "write_path_atomic",
    "write_text_atomic",
]

#: Permission bits a new file or folder asks for; the umask takes its share off
#: (as ``open`` and ``mkdir`` do), so outputs get the mode any file would get.
_FILE_MODE = 0o666
_FOLDER_MODE = 0o777


class OutputError(OSError):
    """An output that cannot be written where it was asked for (printed without
    a traceback, exit status 2)."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def check_output_file(path: Path) -> None:
    """Refuse to write over anything but a writable regular file."""
    try:
        info = os.stat(path)  # follows symlinks: the thing that would be replaced
    except FileNotFoundError:
        return
    if stat.S_ISDIR(info.st_mode):
        raise OutputError(f"{path} is a folder; give a file name for the output")
    if not stat.S_ISREG(info.st_mode):
        raise OutputError(
            f"{path} is not a regular file (a device, FIFO or socket); refusing to replace it. "
            "Fix: give the name of a new or ordinary file"
        )
    if not info.st_mode & 0o222 or not os.access(path, os.W_OK):  # no write bit (even for root)
        raise OutputError(
            f"{path} is read-only; refusing to replace it. Fix: make it writable "
            "(chmod u+w) or choose another output name"
        )


def write_path_atomic(path: str | Path, write: Callable[[str], None]) -> None:
    """Call ``write`` with the name of a temporary file in the same folder as
    ``path`` (for writers that take a file name, such as parquet), then rename
    it into place; on any error the temporary file is removed and ``path`` is
    untouched. The file gets the mode a normal file creation would give (0666
    less the umask); an existing ``path`` that is not a writable regular file
    (a folder, device, FIFO, read-only file) is refused."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    check_output_file(path)
    if not folder.is_dir():
        raise OutputError(
            f"folder {folder} does not exist; create it or choose another output path"
        )
    target = Path(os.path.realpath(path))  # a symlink's target is replaced, not the link
    handle, temporary = tempfile.mkstemp(
        prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
    )
    try:
        os.fchmod(handle, _FILE_MODE & ~_umask())
        os.close(handle)
        write(temporary)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomic(path: str | Path, write: Callable[[IO[str]], None]) -> None:
    """Call ``write`` on a temporary text file beside ``path`` and rename it
    into place, all-or-nothing (as :func:`write_path_atomic`)."""

    def to_file(temporary: str) -> None:
        with open(temporary, "w", newline="", encoding="utf-8") as out:
            write(out)

    write_path_atomic(path, to_file)


def write_csv_atomic(frame: pd.DataFrame, path: str | Path) -> None:
    write_atomic(path, lambda out: frame.to_csv(out, index=False))


def write_text_atomic(text: str, path: str | Path) -> None:
    write_atomic(path, lambda out: out.write(text))


def check_output_folder(out: Path, names: Iterable[str] | None) -> None:
    """Refuse an ``--out`` that is not a folder, or a folder holding anything
    but the outputs this command writes (replacing it would delete them)."""
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise OutputError(f"--out {out} is not a folder; give a folder (new or of earlier results)")
    if not out.exists():
        return
    if Path(os.path.realpath(out)) in (Path.cwd(), *Path.cwd().parents, Path.home()):
        raise OutputError(f"--out {out} is the current or home folder; give a folder of its own")
    if names is None:
        return
    allowed = set(names)
    foreign = sorted(
        entry.name
        for entry in os.scandir(out)
        if entry.name not in allowed or not entry.is_file(follow_symlinks=False)
    )
    if foreign:
        shown = ", ".join(foreign[:3]) + (" ..." if len(foreign) > 3 else "")
        raise OutputError(
            f"--out {out} holds files that are not this command's outputs ({shown}); it would "
            "be replaced whole. Fix: give a new folder, or move those files out"
        )


def swap_in(new: Path, out: Path) -> None:
    """Put folder ``new`` in place of ``out``: the old folder renamed aside,
    the new one renamed in, the old one removed; the old one put back if the
    second rename fails."""
    if not out.exists():
        os.rename(new, out)
        return
    aside = Path(tempfile.mkdtemp(prefix=f".{out.name}.old.", dir=out.parent))
    aside.rmdir()  # only its unique name is wanted
    os.rename(out, aside)
    try:
        os.rename(new, out)
    except BaseException:
        os.rename(aside, out)
        raise
    shutil.rmtree(aside, ignore_errors=True)


@contextmanager
def output_folder(out: str | Path, names: Iterable[str] | None = None) -> Iterator[Path]:
    """A temporary folder beside ``out`` to write the whole set of outputs
    into; swapped in for ``out`` when the block ends without error, removed
    (``out`` untouched) if it raises. ``names``: every file the command may
    write; an existing ``out`` holding anything else is refused up front."""
    out = Path(out)
    check_output_folder(out, names)
    parent = out.parent if str(out.parent) else Path(".")
    parent.mkdir(parents=True, exist_ok=True)
    new = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".tmp", dir=parent))
    try:
        os.chmod(new, _FOLDER_MODE & ~_umask())
        yield new
        swap_in(new, out)
    except BaseException:
        shutil.rmtree(new, ignore_errors=True)
        raise
