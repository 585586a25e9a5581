"""The statutory rules as pure, vectorised functions of numpy arrays and a
:class:`~simulator.inputs.parameters.Parameters` snapshot: the 2012 child
maintenance scheme (income, rates, apportionment, shared care, variations,
fees and enforcement charges, rounding; ``calculation`` puts them in statutory
order) and, in ``taxben``, the tax and benefits of both households. No I/O,
pandas, randomness or Streamlit here; ``engine`` alone decides how a large
batch is run (blocks on threads)."""

from simulator.rules.calculation import Liability, MaintenanceCalculation
from simulator.rules.engine import maintenance_calculation, maintenance_liability
from simulator.rules.rates import RATE_NAMES

__all__ = [
    "RATE_NAMES",
    "Liability",
    "MaintenanceCalculation",
    "maintenance_calculation",
    "maintenance_liability",
]
