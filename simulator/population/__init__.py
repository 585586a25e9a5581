"""The synthetic population of separated families in Great Britain.

The package's public API; its modules, in the order of the flow:

* :mod:`~simulator.population.frame`: the :class:`Population` type (save, load),
  its category codes and the paying-parent units (:attr:`Population.units`);
* :mod:`~simulator.population.synthesise`: :func:`synthesise_population` and
  :func:`full_gb_population`;
* :mod:`~simulator.population.targets`: the published figures (:func:`load_targets`)
  and the population :data:`MEASURES` they are compared with;
* :mod:`~simulator.population.calibrate`: :func:`calibrate` (weights matched to the
  fitted targets) and :func:`integerise` (a weight of one per family);
* :mod:`~simulator.population.liabilities`: :func:`cms_liabilities`, each CMS
  family's statutory liability on the population date;
* :mod:`~simulator.population.report`: :func:`calibration_report`, :func:`calculation_mix`.
"""

from simulator.population.calibrate import calibrate, integerise
from simulator.population.frame import (
    ADULT_AGES,
    ARRANGEMENTS,
    CMS,
    COLLECT_AND_PAY,
    COUNTRIES,
    DIRECT_PAY,
    EMPLOYEE,
    ENGLAND,
    FAMILY_BASED,
    FEMALE,
    FLAT_RATE_BENEFIT,
    MALE,
    MAX_CHILDREN,
    MAX_OTHER_CHILDREN,
    MAX_RECEIVING_PARENTS,
    NIL_RATE,
    NO_ARRANGEMENT,
    NOT_CMS,
    NOT_WORKING,
    OLDEST_QUALIFYING_AGE,
    PP_EMPLOYMENT,
    RP_EMPLOYMENT,
    RP_FULL_TIME,
    RP_NOT_WORKING,
    RP_PART_TIME,
    RP_SELF_EMPLOYED,
    SCOTLAND,
    SELF_EMPLOYED,
    SERVICES,
    WALES,
    PayingParentUnits,
    Population,
    PopulationError,
)
from simulator.population.liabilities import INCOME_BANDS, cms_liabilities
from simulator.population.report import calculation_mix, calibration_report
from simulator.population.synthesise import full_gb_population, synthesise_population
from simulator.population.targets import (
    MEASURES,
    CalibrationError,
    Measure,
    Target,
    load_targets,
    measure,
)
from simulator.rules.taxben import SOCIAL_RENT  # tenure codes belong to the tax-benefit rules

__all__ = [
    "ADULT_AGES",
    "ARRANGEMENTS",
    "CMS",
    "COLLECT_AND_PAY",
    "COUNTRIES",
    "DIRECT_PAY",
    "EMPLOYEE",
    "ENGLAND",
    "FAMILY_BASED",
    "FEMALE",
    "FLAT_RATE_BENEFIT",
    "INCOME_BANDS",
    "MALE",
    "MAX_CHILDREN",
    "MAX_OTHER_CHILDREN",
    "MAX_RECEIVING_PARENTS",
    "MEASURES",
    "NIL_RATE",
    "NOT_CMS",
    "NOT_WORKING",
    "NO_ARRANGEMENT",
    "OLDEST_QUALIFYING_AGE",
    "PP_EMPLOYMENT",
    "RP_EMPLOYMENT",
    "RP_FULL_TIME",
    "RP_NOT_WORKING",
    "RP_PART_TIME",
    "RP_SELF_EMPLOYED",
    "SCOTLAND",
    "SELF_EMPLOYED",
    "SERVICES",
    "SOCIAL_RENT",
    "WALES",
    "CalibrationError",
    "Measure",
    "PayingParentUnits",
    "Population",
    "PopulationError",
    "Target",
    "calculation_mix",
    "calibrate",
    "calibration_report",
    "cms_liabilities",
    "full_gb_population",
    "integerise",
    "load_targets",
    "measure",
    "synthesise_population",
]
