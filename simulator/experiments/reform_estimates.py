"""DWP's published static method for the single collection service beside
the model's own (dynamic) estimate: ``reform_estimates.csv`` of
``cms-sim validate`` (``estimate, method, value, low, high, unit``).

**DWP's static method** (its method note of June 2025, peers.md 4.5: average
Direct Pay amounts by family size from admin data; FRS/HBAI linked to CMS
data; the Direct Pay survey's 60% of receiving parents who get everything;
collection makes the rest whole; no behavioural response), replicated on the
model's population at the population date, with no dynamics:

1. the Direct Pay families at the population date (CMS, Direct Pay);
2. each is given the average weekly Direct Pay amount of its family size
   (1, 2, 3 or more qualifying children: the weighted mean of the statutory
   liabilities, :func:`simulator.population.liabilities.cms_liabilities`,
   of the Direct Pay families of that size), as DWP used admin averages;
3. a share ``behaviour.compliance.dp_paid_all_share`` (the survey's 60%) of
   them receive all of it, drawn per family (keyed draw
   ``dwp_static_receives_all``); the others receive a share
   ``behaviour.dwp_static.dp_partial_received_share`` of it (the note does
   not say how much: an assumption);
4. under the reform every one receives the whole amount, less the receiving
   parent's collection fee the scenario charges at its start (2%): the
   shortfall is made whole, with no change in who pays, how much, or the
   caseload;
5. the receiving households' incomes at the population date (before
   maintenance, HBAI) plus maintenance a year before and after, against the
   population date's poverty lines: the change in the number of children in
   relative AHC poverty in receiving households.

low/high: the method run at the low and high ends of both shares' ranges
(every corner; the lowest and highest); the population's sampling error is
not included.

**Dynamic** (the model's own): the comparison of the single collection
service scenario against the baseline on the same families over the last 12
of 24 months: ``children_in_relative_poverty_ahc_change`` (one run, so
low = value = high).

The channel rows that separate them, each by both methods: the maintenance
reaching receiving parents (``..._maintenance_received_change_annual_gbp``:
the static shortfall made whole less the fee, against the dynamic run's
change, which includes the closures, moves and compliance responses the
static method leaves out); the Direct Pay shortfall made whole
(``..._direct_pay_shortfall_made_whole_annual_gbp``: static, the survey-based
shortfall at the population date; dynamic, the baseline's Direct Pay
shortfalls, which the reform removes); and the caseload
(``..._cms_arrangements_change``: zero by the static method's assumption).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd

from simulator.experiments.compare import compare
from simulator.inputs.assumptions import AssumptionSet
from simulator.outcomes.poverty import WEEKS_IN_YEAR, household_composition, poverty_lines
from simulator.population import Population
from simulator.population.frame import CMS, DIRECT_PAY
from simulator.population.liabilities import cms_liabilities
from simulator.randomness import KeyedRandom
from simulator.scenarios.load import Scenario, load_scenario

__all__ = ["COLUMNS", "REFORM", "dwp_static", "reform_estimates"]

COLUMNS = ["estimate", "method", "value", "low", "high", "unit"]
#: The shipped scenario DWP's estimate is of.
REFORM = "single-collection-service"
POVERTY = "single_collection_service_children_in_poverty_change"
RECEIVED = "single_collection_service_maintenance_received_change_annual_gbp"
SHORTFALL = "single_collection_service_direct_pay_shortfall_made_whole_annual_gbp"
CASELOAD = "single_collection_service_cms_arrangements_change"
POVERTY_UNIT = "children (relative poverty AHC, receiving households)"
#: Family sizes of DWP's averages: 1, 2, 3 or more qualifying children.
LARGEST_SIZE = 3
ALL_SHARE = "behaviour.compliance.dp_paid_all_share"
PARTIAL_SHARE = "behaviour.dwp_static.dp_partial_received_share"


def _average_by_size(pop: Population) -> tuple[np.ndarray, np.ndarray]:
    """The Direct Pay families at the date (indices) and the average weekly
    amount of their family size (the weighted mean liability of that size)."""
    liabilities = cms_liabilities(pop)
    index = liabilities["family_index"]
    weekly = liabilities["weekly_liability"]
    dp = (pop.service[index] == DIRECT_PAY) & (pop.arrangement[index] == CMS)
    dp &= pop.enters[index] == 0
    index, weekly = index[dp], weekly[dp]
    size = np.minimum(pop.n_children[index], LARGEST_SIZE)
    w = pop.weight[index].astype(float)
    average = np.zeros(len(index))
    for s in np.unique(size):
        at = size == s
        average[at] = np.average(weekly[at], weights=w[at])
    return index, average


def dwp_static(
    pop: Population,
    reform: Scenario,
    all_share: float,
    partial_share: float,
) -> dict[str, float]:
    """DWP's static estimate on ``pop`` at its date (steps 1-5 of the module):
    the change in children in AHC poverty in receiving households, and in
    maintenance received a year (GBP)."""
    index, average = _average_by_size(pop)
    draw = KeyedRandom(pop.seed).uniform("dwp_static_receives_all", pop.family_id[index])
    before = np.where(draw < all_share, average, partial_share * average)
    fee = reform.parameters.at(reform.start).fees.collection.receiving_parent_rate
    after = average * (1.0 - fee)
    income = pop.rp_net_income_ahc[index].astype(float)
    scale = household_composition(pop, None)["rp_equivalence_ahc"][index]
    line = poverty_lines(pop, None)["poverty_line_ahc_weekly"]
    children = household_composition(pop, None)["rp_children"][index]
    w = pop.weight[index].astype(float)

    def poor(weekly_maintenance: np.ndarray) -> float:
        weekly = (income + WEEKS_IN_YEAR * weekly_maintenance) / WEEKS_IN_YEAR / scale
        return float(np.sum(w * children * (weekly < line)))

    return {
        POVERTY: poor(after) - poor(before),
        RECEIVED: float(np.sum(w * (after - before))) * WEEKS_IN_YEAR,
        SHORTFALL: float(np.sum(w * (average - before))) * WEEKS_IN_YEAR,
        CASELOAD: 0.0,  # no behavioural response: the same cases, all collected
    }


def reform_estimates(
    pop: Population, baseline: Scenario, assumptions: AssumptionSet | None = None
) -> pd.DataFrame:
    """The rows of ``reform_estimates.csv``: DWP's static method and the
    model's dynamic comparison, side by side."""
    reform = load_scenario(REFORM).with_horizon(baseline.start, baseline.months, baseline.seed)
    register = assumptions or baseline.assumptions
    central = dwp_static(pop, reform, register.value(ALL_SHARE), register.value(PARTIAL_SHARE))
    corners = [
        dwp_static(pop, reform, a, b)
        for a, b in itertools.product(
            (register[ALL_SHARE].low, register[ALL_SHARE].high),
            (register[PARTIAL_SHARE].low, register[PARTIAL_SHARE].high),
        )
    ]
    table = compare([baseline, reform], population=pop).metrics
    dynamic = table[table.scenario == reform.key].set_index("metric").value
    rows = []
    for estimate, unit, metric, sign in (
        (POVERTY, POVERTY_UNIT, "children_in_relative_poverty_ahc_change", 1.0),
        (RECEIVED, "GBP a year", "maintenance_received_all_arrangements_annual_gbp_change", 1.0),
        # the Direct Pay shortfalls the reform removes (the dynamic run has none left)
        (SHORTFALL, "GBP a year", "direct_pay_shortfall_annual_gbp_change", -1.0),
        (CASELOAD, "arrangements", "cms_arrangements_change", 1.0),
    ):
        values = [c[estimate] for c in corners] + [central[estimate]]
        rows.append([estimate, "dwp_static", central[estimate], min(values), max(values), unit])
        value = sign * float(dynamic[metric])
        rows.append([estimate, "dynamic", value, value, value, unit])
    return pd.DataFrame(rows, columns=COLUMNS)
