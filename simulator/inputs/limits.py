"""Limits on the sizes a user may ask for, shared by the command line and the
files it reads (the limits on YAML texts themselves are in
:mod:`simulator.inputs.yamlio`; on dates and horizons in
:mod:`simulator.scenarios.load`)."""

from __future__ import annotations

__all__ = ["MAX_FAMILIES"]

#: Most synthetic families a run, population or sweep may have: about twice
#: the whole of GB (``--full-gb``, about 2.4 million families), the most that
#: a machine of the README's size holds in memory with a run's state.
MAX_FAMILIES = 5_000_000
