"""Child Maintenance Service reform simulator (GB 2012 scheme).

The flow is one way: parameters -> rules -> population -> dynamics ->
outcomes -> scenarios -> CLI / app. Nothing here imports Streamlit.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cms-reform-simulator")
except PackageNotFoundError:  # running from a source tree without installing
    __version__ = "0.1.0+source"

from simulator.allocator import tune_allocator

tune_allocator()

from simulator.inputs.parameters import load_parameters  # noqa: E402
from simulator.rules import maintenance_calculation  # noqa: E402

__all__ = ["__version__", "load_parameters", "maintenance_calculation"]
