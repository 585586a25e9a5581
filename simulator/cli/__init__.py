"""``cms-sim``: the command-line interface."""

from simulator.cli.main import main

__all__ = ["main"]
