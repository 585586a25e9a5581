"""The statutory rules of the GB 2012 child maintenance scheme as pure,
vectorised functions of numpy arrays and a :class:`~simulator.inputs.parameters.Parameters`
snapshot. No I/O, pandas, randomness or Streamlit in this package."""

from simulator.rules.calculation import (
    Liability,
    MaintenanceCalculation,
    maintenance_calculation,
    maintenance_liability,
)
from simulator.rules.rates import RATE_NAMES

__all__ = [
    "RATE_NAMES",
    "Liability",
    "MaintenanceCalculation",
    "maintenance_calculation",
    "maintenance_liability",
]
