"""The synthetic population of separated families in Great Britain.

The package's public API; its modules, in the order of the flow:

* :mod:`~simulator.population.frame`: the :class:`Population` type (save, load),
  its category codes and the paying-parent units (:attr:`Population.units`);
* :mod:`~simulator.population.synthesise`: :func:`synthesise_population` and
  :func:`full_gb_population`.
"""

from simulator.population.frame import (
    ARRANGEMENTS,
    CMS,
    COLLECT_AND_PAY,
    COUNTRIES,
    DIRECT_PAY,
    EMPLOYEE,
    FAMILY_BASED,
    FEMALE,
    FLAT_RATE_BENEFIT,
    MALE,
    NO_ARRANGEMENT,
    NOT_CMS,
    NOT_WORKING,
    PP_EMPLOYMENT,
    RP_EMPLOYMENT,
    RP_NOT_WORKING,
    SELF_EMPLOYED,
    SERVICES,
    PayingParentUnits,
    Population,
    PopulationError,
)
from simulator.population.synthesise import full_gb_population, synthesise_population
from simulator.rules.taxben import SOCIAL_RENT  # tenure codes belong to the tax-benefit rules

__all__ = [
    "ARRANGEMENTS",
    "CMS",
    "COLLECT_AND_PAY",
    "COUNTRIES",
    "DIRECT_PAY",
    "EMPLOYEE",
    "FAMILY_BASED",
    "FEMALE",
    "FLAT_RATE_BENEFIT",
    "MALE",
    "NOT_CMS",
    "NOT_WORKING",
    "NO_ARRANGEMENT",
    "PP_EMPLOYMENT",
    "RP_EMPLOYMENT",
    "RP_NOT_WORKING",
    "SELF_EMPLOYED",
    "SERVICES",
    "SOCIAL_RENT",
    "PayingParentUnits",
    "Population",
    "PopulationError",
    "full_gb_population",
    "synthesise_population",
]
