"""Keep freed array memory for reuse instead of handing it back to the system.

The model works on many arrays of the same few sizes (a few MB each), made and
freed in quick succession. glibc's allocator gives each of them fresh pages
from the kernel (``mmap``) once they pass its *mmap threshold*, and hands freed
memory back above its *trim threshold*; every new array then pays for page
faults on all its memory, which on virtual machines costs more than the
arithmetic (measured: one block of 65,536 rules-engine cases 21 ms with the
defaults, 14 ms with the settings below; see benchmarks/).

The settings raise the mmap threshold to glibc's own maximum for 64-bit
systems (32 MiB, ``DEFAULT_MMAP_THRESHOLD_MAX`` in malloc.c), so arrays below
it reuse freed memory, and keep up to 128 MiB of freed memory at the top of the
heap. Arrays above 32 MiB still come from the kernel and go back to it, so the
peak memory of large runs is unchanged.

Only for glibc (Linux); elsewhere, or if ``MALLOC_MMAP_THRESHOLD_`` or
``MALLOC_TRIM_THRESHOLD_`` is set in the environment (the user's choice wins),
nothing is changed. Results never depend on it: only speed.
"""

from __future__ import annotations

import ctypes
import os
import platform

#: mallopt parameter numbers (glibc malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
#: Bytes; see the module docstring.
MMAP_THRESHOLD_BYTES = 32 * 1024 * 1024
TRIM_THRESHOLD_BYTES = 128 * 1024 * 1024


def tune_allocator() -> bool:
    """Apply the settings; True if they were applied."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return False
    if "MALLOC_MMAP_THRESHOLD_" in os.environ or "MALLOC_TRIM_THRESHOLD_" in os.environ:
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(
            libc.mallopt(_M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
            and libc.mallopt(_M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)
        )
    except (OSError, AttributeError):
        return False


def environment() -> dict[str, str]:
    """The same settings as glibc's environment variables, for worker
    processes that are started afresh rather than forked from a tuned one
    (a local Dask cluster's); empty where :func:`tune_allocator` would change
    nothing (not glibc, or the user's own MALLOC_* setting)."""
    if platform.system() != "Linux" or platform.libc_ver()[0] != "glibc":
        return {}
    if "MALLOC_MMAP_THRESHOLD_" in os.environ or "MALLOC_TRIM_THRESHOLD_" in os.environ:
        return {}
    return {
        "MALLOC_MMAP_THRESHOLD_": str(MMAP_THRESHOLD_BYTES),
        "MALLOC_TRIM_THRESHOLD_": str(TRIM_THRESHOLD_BYTES),
    }
