"""The cost to government of a run: the CMS's administrative cost, its income
from fees and charges, and the Universal Credit interaction (annual GBP over
the window, like every other metric).

* **Income**: collection fees paid by paying parents (the 20% they pay, not
  what is charged and left in arrears), fees taken from receiving parents (the
  4%, deducted from what is collected for them), enforcement charges paid and
  application fees paid by receiving parents (nil since 26 Feb 2024).
* **Administrative cost**: the CMS's cost base, C06 in ``data/targets.csv``
  (GBP 322m in 2020-21, PAC 2022; a row of role ``input`` taken as given, in
  its own year's prices, never fitted to or compared with), split between
  what drives it by the assumption register's shares (``behaviour.cost.*``:
  Direct Pay cases, Collect and Pay cases with maintenance due, arrears-only
  cases, applications, missed-payment contacts, deduction orders, liability
  orders, court sanctions; normalised to sum to one). A driver's unit cost is
  C06 x its share / the baseline's volume of it (``cost_fitted.*``, measured
  on the baseline by ``cms-sim fit-costs``), so the baseline reproduces C06
  and a reform's administrative cost moves with its caseload and enforcement
  volumes, driver by driver: nothing holds it at C06.
* **Universal Credit interaction**: the change in Universal Credit awards
  that maintenance makes, for receiving households (maintenance received)
  and paying households (maintenance paid), by
  :func:`simulator.rules.taxben.universal_credit_maintenance_change` from the
  households' awards over the window. Zero under current law (child
  maintenance is disregarded for the receiver and not deducted for the
  payer), computed rather than written, so it would move if the rule did.
* ``cost_to_government_annual_gbp`` = administrative cost - income + the UC
  interaction. One-off costs a scenario declares (``one_off_costs``) are
  shown apart (``one_off_costs_gbp``, their total) and not in the annual
  figure: no annualisation period is assumed.

For reforms, :func:`cost_per_child_lifted` divides the change in the cost to
government by the children the reform takes out of AHC poverty on net (in
receiving households, and in all separated families' households); undefined
(NaN) when it takes none out on net, rather than a division by about zero.
"""

from __future__ import annotations

import datetime as dt
import functools

import numpy as np

from simulator.dynamics import SimulationResult
from simulator.errors import SimulatorError
from simulator.inputs.assumptions import AssumptionSet, load_assumptions
from simulator.inputs.parameters import ParameterSet, load_parameters
from simulator.population.frame import Population
from simulator.population.targets import TARGETS_FILE, load_targets
from simulator.rules.taxben import universal_credit_maintenance_change

__all__ = [
    "COST_BASE",
    "COST_DRIVERS",
    "COST_LABELS",
    "COST_UNITS",
    "FITTED_VOLUMES",
    "PER_CHILD",
    "PER_CHILD_UNIT",
    "CostBaseError",
    "cost_account",
    "cost_base_gbp",
    "cost_per_child_lifted",
    "cost_volumes",
    "unit_costs",
]

#: The target row of the CMS's administrative cost, and the unit it must have.
COST_BASE = "C06"
COST_BASE_UNIT = "GBP million per year"
MILLION = 1e6
MONTHS_IN_YEAR = 12

#: driver -> (its share in behaviour.cost, what its volume counts)
COST_DRIVERS = {
    "direct_pay_case": ("direct_pay_case_share", "Direct Pay cases open (cases a year)"),
    "collect_and_pay_case": (
        "collect_and_pay_case_share",
        "Collect and Pay cases with maintenance due open (cases a year)",
    ),
    "arrears_only_case": ("arrears_only_case_share", "arrears-only cases open (cases a year)"),
    "application": ("application_share", "applications (cases opened a year)"),
    "contact": ("contact_share", "missed-payment contacts a year"),
    "deduction_order": (
        "deduction_order_share",
        "deduction orders made a year (earnings, new and re-issued; bank)",
    ),
    "liability_order": ("liability_order_share", "liability orders applied for a year"),
    "sanction": ("sanction_share", "cases referred for a court sanction a year"),
}
#: Each driver's baseline volume in the register (``cost_fitted.<name>``,
#: written by ``cms-sim fit-costs``), named in full so that the register's
#: entries can be found in the code.
FITTED_VOLUMES = {
    "direct_pay_case": "direct_pay_case_volume",
    "collect_and_pay_case": "collect_and_pay_case_volume",
    "arrears_only_case": "arrears_only_case_volume",
    "application": "application_volume",
    "contact": "contact_volume",
    "deduction_order": "deduction_order_volume",
    "liability_order": "liability_order_volume",
    "sanction": "sanction_volume",
}
#: The monthly columns each driver's volume is made of: stocks averaged over
#: the window's months (case-years), flows summed (a year).
_STOCKS = {
    "direct_pay_case": ("direct_pay_arrangements",),
    "collect_and_pay_case": ("collect_and_pay_arrangements", "-arrears_only_arrangements"),
    "arrears_only_case": ("arrears_only_arrangements",),
}
_FLOWS = {
    "application": ("cms_applications",),
    "contact": ("enforcement_flow_contact",),
    "deduction_order": (
        "enforcement_flow_deo_made",
        "enforcement_flow_deo_reissued",
        "enforcement_flow_regular_deduction_order",
        "enforcement_flow_lump_sum_deduction_order",
    ),
    "liability_order": ("enforcement_flow_liability_order_applied",),
    "sanction": ("enforcement_flow_sanction_referred",),
}

#: The cost account's metrics -> unit (in the metrics table's order).
COST_UNITS = {
    **{f"cost_volume_{d}_annual": "a year" for d in COST_DRIVERS},
    **{f"cms_admin_cost_{d}_annual_gbp": "GBP a year" for d in COST_DRIVERS},
    "cms_admin_cost_annual_gbp": "GBP a year",
    "fee_income_paying_parents_annual_gbp": "GBP a year",
    "fee_income_receiving_parents_annual_gbp": "GBP a year",
    "enforcement_charge_income_annual_gbp": "GBP a year",
    "fee_income_applications_annual_gbp": "GBP a year",
    "cms_income_annual_gbp": "GBP a year",
    "universal_credit_maintenance_interaction_annual_gbp": "GBP a year",
    "cost_to_government_annual_gbp": "GBP a year",
    "one_off_costs_gbp": "GBP",
}
#: Plain-English labels of the cost account's metrics.
COST_LABELS = {
    **{
        f"cost_volume_{d}_annual": "Cost driver: " + meaning
        for d, (_, meaning) in COST_DRIVERS.items()
    },
    **{
        f"cms_admin_cost_{d}_annual_gbp": "CMS administrative cost: " + meaning.split(" (")[0]
        for d, (_, meaning) in COST_DRIVERS.items()
    },
    "cms_admin_cost_annual_gbp": "CMS administrative cost (C06 split by driver)",
    "fee_income_paying_parents_annual_gbp": "Income: collection fees paid by paying parents",
    "fee_income_receiving_parents_annual_gbp": "Income: collection fees from receiving parents",
    "enforcement_charge_income_annual_gbp": "Income: enforcement charges paid",
    "fee_income_applications_annual_gbp": "Income: application fees paid by receiving parents",
    "cms_income_annual_gbp": "CMS income from fees and charges",
    "universal_credit_maintenance_interaction_annual_gbp": (
        "Change in Universal Credit awards that maintenance makes (zero by rule: disregarded "
        "for the receiver, not deducted for the payer)"
    ),
    "cost_to_government_annual_gbp": (
        "Cost to government: administrative cost less income, plus the UC interaction"
    ),
    "one_off_costs_gbp": "One-off costs the scenario declares (not in the annual cost)",
}
#: The unit of the per-child metrics (NaN when no child is taken out of poverty).
PER_CHILD_UNIT = "GBP a year per child"
#: For reforms: change in the cost to government per child out of AHC poverty.
PER_CHILD = {
    "cost_to_government_per_child_lifted_out_of_poverty_ahc_gbp": (
        ("children_in_relative_poverty_ahc_change",),
        "receiving households",
    ),
    "cost_to_government_per_child_lifted_out_of_poverty_ahc_all_children_gbp": (
        (
            "children_in_relative_poverty_ahc_change",
            "children_in_relative_poverty_paying_households_ahc_change",
        ),
        "receiving and paying households",
    ),
}


class CostBaseError(SimulatorError):
    """The cost base row of data/targets.csv is missing or in another unit."""


@functools.cache
def cost_base_gbp() -> float:
    """C06, the CMS's administrative cost a year (GBP), read from data/targets.csv."""
    row = next((t for t in load_targets() if t.id == COST_BASE), None)
    if row is None or row.value is None:
        raise CostBaseError(
            f"{TARGETS_FILE}: row {COST_BASE} (the CMS's administrative cost) is missing or "
            "has no value. Fix: restore the row (GBP 322 million per year, 2020-21, PAC 2022)"
        )
    if row.unit != COST_BASE_UNIT:
        raise CostBaseError(
            f"{TARGETS_FILE}: row {COST_BASE}, field unit: '{row.unit}' is not "
            f"'{COST_BASE_UNIT}'. Fix: give the cost base in {COST_BASE_UNIT}"
        )
    return row.value * MILLION


def cost_volumes(result: SimulationResult) -> dict[str, float]:
    """Each driver's volume over the window (cases open a year, or actions a year)."""
    window = result.metadata["window_months"]
    monthly = result.monthly.tail(window)

    def column(name: str) -> np.ndarray:
        sign = -1.0 if name.startswith("-") else 1.0
        return sign * monthly[name.lstrip("-")].to_numpy(dtype=float)

    out = {d: float(sum(column(c) for c in cols).mean()) for d, cols in _STOCKS.items()}
    scale = MONTHS_IN_YEAR / window
    out.update({d: float(sum(column(c) for c in cols).sum()) * scale for d, cols in _FLOWS.items()})
    return {d: out[d] for d in COST_DRIVERS}


def unit_costs(assumptions: AssumptionSet | None = None) -> dict[str, float]:
    """GBP per unit of each driver: C06 x the driver's share (the shares
    normalised to sum to one) / the baseline's volume of it."""
    values = (assumptions or load_assumptions()).values()
    shares = {
        d: float(getattr(values.behaviour.cost, share)) for d, (share, _) in COST_DRIVERS.items()
    }
    total = sum(shares.values())
    base = cost_base_gbp()
    volumes = values.cost_fitted
    return {
        d: base * shares[d] / total / float(getattr(volumes, FITTED_VOLUMES[d]))
        for d in COST_DRIVERS
    }


def _universal_credit_interaction(
    pop: Population, result: SimulationResult, parameters: ParameterSet | None
) -> float:
    """Change in Universal Credit awards a year that maintenance makes
    (receiving households: received; paying households: all they paid), by
    the law in force in the window's last month."""
    f = result.families
    if "rp_universal_credit_window" not in f:
        return float("nan")  # a result made without the awards
    window = result.metadata["window_months"]
    scale = MONTHS_IN_YEAR / window
    last = dt.date.fromisoformat(str(result.monthly.month.iloc[-1])[:10])
    p = (parameters or load_parameters()).at(last)
    w = pop.weight.astype(float)
    received = (f["received_window"] + f["family_based_paid_window"]) * scale
    receiving = universal_credit_maintenance_change(
        award=f["rp_universal_credit_window"] / window,
        maintenance=received,
        receiving=True,
        p=p,
    )
    units = pop.units
    paid = (f["paid_window"] + f["family_based_paid_window"]) * scale
    paid_by_unit = np.bincount(units.of, weights=paid, minlength=units.count)[units.of]
    first = units.first_family[units.of] == np.arange(len(w))
    paying = universal_credit_maintenance_change(
        award=np.where(first, f["pp_universal_credit_window"] / window, 0.0),
        maintenance=np.where(first, paid_by_unit, 0.0),
        receiving=False,
        p=p,
    )
    return float(np.multiply(w, receiving + paying).sum())


def cost_account(
    pop: Population,
    result: SimulationResult,
    m: dict[str, float],
    assumptions: AssumptionSet | None = None,
    parameters: ParameterSet | None = None,
    one_off_costs_gbp: float = 0.0,
) -> dict[str, float]:
    """The cost account's metrics (:data:`COST_UNITS`) of one run, from its
    volumes, its metrics ``m`` (fees, charges), the unit costs at
    ``assumptions`` and the Universal Credit rules of ``parameters`` (default:
    the register's central values and current law)."""
    volumes = cost_volumes(result)
    costs = unit_costs(assumptions)
    out = {f"cost_volume_{d}_annual": volumes[d] for d in COST_DRIVERS}
    for d in COST_DRIVERS:
        out[f"cms_admin_cost_{d}_annual_gbp"] = costs[d] * volumes[d]
    out["cms_admin_cost_annual_gbp"] = sum(
        out[f"cms_admin_cost_{d}_annual_gbp"] for d in COST_DRIVERS
    )
    out["fee_income_paying_parents_annual_gbp"] = m["collection_fees_paying_parents_annual_gbp"]
    out["fee_income_receiving_parents_annual_gbp"] = m[
        "collection_fees_receiving_parents_annual_gbp"
    ]
    out["enforcement_charge_income_annual_gbp"] = m["enforcement_charges_paid_annual_gbp"]
    out["fee_income_applications_annual_gbp"] = m["application_fees_paid_annual_gbp"]
    out["cms_income_annual_gbp"] = (
        out["fee_income_paying_parents_annual_gbp"]
        + out["fee_income_receiving_parents_annual_gbp"]
        + out["enforcement_charge_income_annual_gbp"]
        + out["fee_income_applications_annual_gbp"]
    )
    out["universal_credit_maintenance_interaction_annual_gbp"] = _universal_credit_interaction(
        pop, result, parameters
    )
    out["cost_to_government_annual_gbp"] = (
        out["cms_admin_cost_annual_gbp"]
        - out["cms_income_annual_gbp"]
        + np.nan_to_num(out["universal_credit_maintenance_interaction_annual_gbp"])
    )
    out["one_off_costs_gbp"] = float(one_off_costs_gbp)
    return out


def cost_per_child_lifted(row: dict[str, float]) -> dict[str, float]:
    """For a reform's row (with its ``_change`` metrics): the change in the
    cost to government (GBP a year) per child taken out of AHC poverty on net;
    NaN when the reform takes none out on net (no division by about zero)."""
    change = row["cost_to_government_annual_gbp_change"]
    out = {}
    for name, (changes, _) in PER_CHILD.items():
        lifted = -sum(row[c] for c in changes)
        out[name] = change / lifted if lifted > 0 else float("nan")
    return out
