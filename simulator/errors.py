"""The one base class of every user mistake the model reports.

A :class:`SimulatorError` means the input (a file, a value, a request) cannot be
used: its message names the file, row or field, what is wrong and how to fix
it, so a command-line tool or the dashboard catches this one class and shows
the message, never a traceback. It is a ``ValueError``, as the errors it
replaces were. Programming errors are not SimulatorErrors.
"""

from __future__ import annotations

__all__ = ["SimulatorError"]


class SimulatorError(ValueError):
    """Input that cannot be used; the message says where, what and how to fix it."""
