"""Child Maintenance Service reform simulator (GB 2012 scheme).

The flow is one way: parameters -> rules -> population -> dynamics ->
outcomes -> scenarios -> CLI / app. Nothing here imports Streamlit.

Importing the package changes nothing outside it: the entry points (``cms-sim``,
the dashboard, the benchmarks) tune the memory allocator themselves
(:mod:`simulator.allocator`).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cms-reform-simulator")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.1.0+source"

from simulator.inputs.parameters import load_parameters
from simulator.rules import maintenance_calculation

__all__ = ["__version__", "load_parameters", "maintenance_calculation"]
