"""Outcomes of a simulation: child poverty, money, compliance, distribution.

* :mod:`~simulator.outcomes.poverty`: both households' incomes over the window
  and whether they are poor (BHC, AHC; relative and deep);
* :mod:`~simulator.outcomes.metrics`: the metrics of one run
  (:data:`METRIC_UNITS`, :func:`metrics`) and the children a reform lifts out
  of or pushes into poverty (:func:`poverty_transitions`);
* :mod:`~simulator.outcomes.deciles`: gains and losses by income decile;
* :mod:`~simulator.outcomes.distribution`: poverty and maintenance by nation,
  number of children and service (:func:`distribution`, distribution.csv).
"""

from simulator.outcomes.deciles import deciles
from simulator.outcomes.distribution import distribution
from simulator.outcomes.metrics import METRIC_UNITS, metrics, poverty_transitions
from simulator.outcomes.poverty import family_incomes, paying_household_rows, poverty_status

__all__ = [
    "METRIC_UNITS",
    "deciles",
    "distribution",
    "family_incomes",
    "metrics",
    "paying_household_rows",
    "poverty_status",
    "poverty_transitions",
]
