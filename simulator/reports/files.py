"""Writing outputs all-or-nothing: nothing is half-written if anything fails."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pandas as pd

__all__ = [
    "write_atomic",
    "write_csv_atomic",
    "write_text_atomic",
]


def write_atomic(path: str | Path, write: Callable[[IO[str]], None]) -> None:
    """Call ``write`` on a temporary file in the same folder as ``path``, then
    rename it into place; on any error the temporary file is removed and
    ``path`` is untouched."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise OSError(f"{path} is a folder; give a file name for the output")
    if not folder.is_dir():
        raise OSError(f"folder {folder} does not exist; create it or choose another output path")
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "w", newline="", encoding="utf-8") as out:
            write(out)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_csv_atomic(frame: pd.DataFrame, path: str | Path) -> None:
    write_atomic(path, lambda out: frame.to_csv(out, index=False))


def write_text_atomic(text: str, path: str | Path) -> None:
    write_atomic(path, lambda out: out.write(text))
