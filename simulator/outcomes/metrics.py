"""The outcome metrics of a run: child poverty, money and compliance.

Functions of a population and a :class:`SimulationResult` (and, for changes,
the baseline's result on the same families), over the last ``window_months``
simulated months (12 by default, so annual figures):

* **child poverty** (:mod:`simulator.outcomes.poverty`), BHC and AHC, relative
  and deep, for the children of receiving households and of paying parents'
  households;
* **children kept out of poverty by maintenance** (DWP's counterfactual): poor
  children in receiving households with maintenance set to zero, less those
  poor with it;
* **money**: maintenance due, paid and received, fees, charges, arrears;
  the ledger in the CMS's definitions (due by service, maintenance arranged,
  arrears stock and its change, write-offs, Direct Pay shortfalls) and
  enforcement (deduction orders, liability orders, what enforcement collects);
* **compliance**: the CMS quarterly measures over the window's quarters.

Metric rows are long: ``metric, value, unit`` (annual GB figures when the
population's weights sum to GB).
"""

from __future__ import annotations

import numpy as np

from simulator.dynamics import SimulationResult
from simulator.dynamics.reporting import ENDINGS, ENFORCEMENT_COLLECTED, ENFORCEMENT_FLOWS
from simulator.inputs.assumptions import AssumptionSet
from simulator.inputs.parameters import ParameterSet
from simulator.outcomes.costs import COST_LABELS, COST_UNITS, cost_account
from simulator.outcomes.poverty import (
    MONTHS_IN_YEAR,
    WEEKS_IN_YEAR,
    family_incomes,
    household_composition,
    poverty_status,
    qualifying_children_at_end,
    separated_at_end,
)
from simulator.population.frame import CMS, COLLECT_AND_PAY, Population

__all__ = ["METRIC_LABELS", "METRIC_UNITS", "TRANSITION_UNITS", "metrics", "poverty_transitions"]

#: Every metric's unit; also the order of the metrics table.
#: The named enforcement powers' volumes: metric -> (the enforcement flow
#: it counts, its label).
NAMED_POWERS = {
    "lump_sum_deduction_orders_annual": (
        "lump_sum_deduction_order",
        "Lump-sum deduction orders made (bank account)",
    ),
    "regular_deduction_orders_annual": (
        "regular_deduction_order",
        "Regular deduction orders made (bank account)",
    ),
    "liability_orders_applied_annual": ("liability_order_applied", "Liability orders applied for"),
    "charging_orders_annual": ("charging_order", "Charging orders made"),
    "driving_licence_disqualifications_annual": (
        "driving_licence_disqualification",
        "Disqualifications from driving ordered",
    ),
    "passport_disqualifications_annual": (
        "passport_disqualification",
        "Disqualifications from holding a passport ordered",
    ),
    "committals_annual": ("committal", "Committals to prison ordered (immediate or suspended)"),
}

METRIC_UNITS = {
    "children_in_separated_families": "children",
    "children_in_receiving_households": "children",
    "children_in_paying_households": "children",
    "children_in_relative_poverty_bhc": "children",
    "children_in_relative_poverty_ahc": "children",
    "child_poverty_rate_bhc": "share",
    "child_poverty_rate_ahc": "share",
    "children_in_deep_poverty_bhc": "children",
    "children_in_deep_poverty_ahc": "children",
    "children_in_relative_poverty_paying_households_bhc": "children",
    "children_in_relative_poverty_paying_households_ahc": "children",
    "child_poverty_rate_paying_households_bhc": "share",
    "child_poverty_rate_paying_households_ahc": "share",
    "children_kept_out_of_poverty_by_maintenance_bhc": "children",
    "children_kept_out_of_poverty_by_maintenance_ahc": "children",
    # harm in both directions (issue 14)
    "paying_parents_in_relative_poverty_bhc": "paying parents",
    "paying_parents_in_relative_poverty_ahc": "paying parents",
    "paying_parents_pushed_into_poverty_by_maintenance": "paying parents",
    "paying_parents_paying_over_quarter_of_net_income": "paying parents",
    "paying_parents_liability_share_of_net_income": "share",
    "receiving_parents_without_payment_3_months_share": "share",
    "cms_arrangements": "arrangements",
    "cms_children": "children",
    "collect_and_pay_share": "share",
    "maintenance_due_cms_annual_gbp": "GBP a year",
    "maintenance_paid_cms_annual_gbp": "GBP a year",
    "maintenance_received_cms_annual_gbp": "GBP a year",
    "maintenance_received_all_arrangements_annual_gbp": "GBP a year",
    "share_of_liability_paid": "share",
    "collection_fees_paying_parents_annual_gbp": "GBP a year",
    "collection_fees_receiving_parents_annual_gbp": "GBP a year",
    "application_fees_paid_annual_gbp": "GBP a year",
    "enforcement_charges_annual_gbp": "GBP a year",
    "enforcement_charges_paid_annual_gbp": "GBP a year",
    "collect_and_pay_paid_some_share": "share",
    "collect_and_pay_paid_over_90pct_share": "share",
    "direct_pay_received_all_share": "share",
    "arrears_accrued_annual_gbp": "GBP a year",
    "arrears_stock_end_gbp": "GBP",
    "moves_direct_pay_to_collect_and_pay_annual": "arrangements a year",
    "months_to_corrected_liability": "months",
    "hidden_income_brought_in_annual_gbp": "GBP a year",
    "data_matching_income_brought_in_annual_gbp": "GBP a year",
    "diversion_variations_annual": "cases a year",
    "diverted_income_annual_gbp": "GBP a year",
    "diverted_income_brought_in_annual_gbp": "GBP a year",
    "flat_rate_income_variations_annual": "cases a year",
    "cash_in_hand_income_annual_gbp": "GBP a year",
    "cash_in_hand_income_hidden_annual_gbp": "GBP a year",
    "hidden_income_annual_gbp": "GBP a year",
    "data_matched_cases_end": "families",
    "maintenance_due_direct_pay_annual_gbp": "GBP a year",
    "maintenance_due_collect_and_pay_annual_gbp": "GBP a year",
    "maintenance_arranged_annual_gbp": "GBP a year",
    "collect_and_pay_paying_parents_due_to_pay": "paying parents",
    "collect_and_pay_paying_by_deduction_from_earnings_share": "share",
    "collect_and_pay_paying_by_deduction_from_benefit_share": "share",
    "arrears_maintenance_stock_start_gbp": "GBP",
    "arrears_maintenance_stock_end_gbp": "GBP",
    "arrears_stock_change_annual_gbp": "GBP a year",
    "arrears_written_off_annual_gbp": "GBP a year",
    "direct_pay_shortfall_annual_gbp": "GBP a year",
    "direct_pay_broken_arrangements": "arrangements",
    "direct_pay_unreported_breakdowns": "arrangements",
    "deduction_orders_made_annual": "orders a year",
    "liability_orders_granted_annual": "orders a year",
    **{name: "orders a year" for name in NAMED_POWERS},
    "enforcement_collected_annual_gbp": "GBP a year",
    "paying_parents_with_arrears_below_tax_threshold_share": "share",
    # the enforcement route: the flow into each stage, and what each route collects
    **{f"enforcement_{stage}_annual": "cases a year" for stage in ENFORCEMENT_FLOWS},
    "collected_by_benefit_deduction_annual_gbp": "GBP a year",
    **{f"{route}_annual_gbp": "GBP a year" for route in ENFORCEMENT_COLLECTED},
    # children ageing out of qualifying status, and the arrangements ending by reason
    "qualifying_children_aged_out_annual": "children a year",
    "cms_qualifying_children_aged_out_annual": "children a year",
    "cms_cases_ended_aged_out_annual": "cases a year",
    **{f"{ending}_annual": "arrangements a year" for ending in ENDINGS},
    # domestic abuse (issue 16): what survivors ask about
    "domestic_abuse_cases_cms": "cases",
    "new_applications_domestic_abuse_share": "share",
    "domestic_abuse_cases_on_direct_pay": "cases",
    "domestic_abuse_moves_to_collection_on_request_annual": "cases a year",
    "collection_fees_paid_by_domestic_abuse_survivors_annual_gbp": "GBP a year",
    "collection_fees_paying_parents_domestic_abuse_cases_annual_gbp": "GBP a year",
    "enforcement_actions_in_domestic_abuse_cases_annual": "actions a year",
    # the cost to government (simulator/outcomes/costs.py)
    **COST_UNITS,
}

#: The comparison's own rows (:func:`poverty_transitions`, a reform against the
#: baseline; not in a run's metrics, so not in METRIC_UNITS): their units.
TRANSITION_UNITS = {
    f"children_{moved}_poverty{households}_{basis}": "children"
    for households in ("", "_paying_households")
    for basis in ("bhc", "ahc")
    for moved in ("lifted_out_of", "pushed_into")
}

#: A paying parent pays a heavy share of their household's net income above this.
HEAVY_PAYMENT_SHARE = 0.25

#: Labels of the money ledger's, enforcement's and hardship metrics (issues 13, 14).
METRIC_LABELS = {
    "paying_parents_in_relative_poverty_bhc": (
        "Paying parents whose household is below 60% of the median after paying (BHC)"
    ),
    "paying_parents_in_relative_poverty_ahc": (
        "Paying parents whose household is below 60% of the median after paying (AHC)"
    ),
    "paying_parents_pushed_into_poverty_by_maintenance": (
        "Paying parents below the AHC poverty line after paying, not before"
    ),
    "children_lifted_out_of_poverty_paying_households_bhc": (
        "Children lifted out of poverty, paying parents' households (BHC)"
    ),
    "children_lifted_out_of_poverty_paying_households_ahc": (
        "Children lifted out of poverty, paying parents' households (AHC)"
    ),
    "children_pushed_into_poverty_paying_households_bhc": (
        "Children pushed into poverty, paying parents' households (BHC)"
    ),
    "children_pushed_into_poverty_paying_households_ahc": (
        "Children pushed into poverty, paying parents' households (AHC)"
    ),
    "paying_parents_paying_over_quarter_of_net_income": (
        "Paying parents paying over a quarter of their household's net income "
        "(maintenance, fees, arrears and charges)"
    ),
    "receiving_parents_without_payment_3_months_share": (
        "Collect and Pay receiving parents due maintenance who received nothing "
        "in the last three months"
    ),
    "paying_parents_liability_share_of_net_income": (
        "Paying parents' liability as a share of their household's net income before paying "
        "(mean liability over mean income, paying parents with a liability, BHC)"
    ),
    "domestic_abuse_cases_cms": "CMS cases with domestic abuse disclosed (mean over the year)",
    "new_applications_domestic_abuse_share": (
        "Share of the year's new applications in which the receiving parent has disclosed "
        "domestic abuse"
    ),
    "domestic_abuse_cases_on_direct_pay": (
        "CMS cases with domestic abuse disclosed on Direct Pay, where the parents must deal "
        "with each other to pay (mean over the year)"
    ),
    "domestic_abuse_moves_to_collection_on_request_annual": (
        "Direct Pay cases with domestic abuse disclosed moved to Collect and Pay on request"
    ),
    "collection_fees_paid_by_domestic_abuse_survivors_annual_gbp": (
        "Collection fees (4%) taken from receiving parents who disclosed domestic abuse"
    ),
    "collection_fees_paying_parents_domestic_abuse_cases_annual_gbp": (
        "Collection fees (20%) paid by paying parents in cases with domestic abuse disclosed"
    ),
    "enforcement_actions_in_domestic_abuse_cases_annual": (
        "Enforcement actions (deduction orders, liability order applications, sanction "
        "referrals) in cases with domestic abuse disclosed"
    ),
    "maintenance_due_direct_pay_annual_gbp": "Maintenance due on Direct Pay",
    "maintenance_due_collect_and_pay_annual_gbp": "Maintenance due on Collect and Pay",
    "maintenance_arranged_annual_gbp": (
        "Maintenance arranged (Direct Pay due plus Collect and Pay collected)"
    ),
    "collect_and_pay_paying_parents_due_to_pay": (
        "Collect and Pay paying parents due to pay (average over the quarters)"
    ),
    "collect_and_pay_paying_by_deduction_from_earnings_share": (
        "Collect and Pay paying parents due to pay who pay by DEO/DER"
    ),
    "collect_and_pay_paying_by_deduction_from_benefit_share": (
        "Collect and Pay paying parents due to pay who pay by deduction from benefit"
    ),
    "arrears_maintenance_stock_start_gbp": "Maintenance arrears at the population date",
    "arrears_maintenance_stock_end_gbp": "Maintenance arrears at the end",
    "arrears_stock_change_annual_gbp": "Change in maintenance arrears over the year",
    "arrears_written_off_annual_gbp": "Arrears written off",
    "direct_pay_shortfall_annual_gbp": "Direct Pay shortfalls (unrecorded by the CMS)",
    "direct_pay_broken_arrangements": "Broken Direct Pay arrangements still on Direct Pay (end)",
    "direct_pay_unreported_breakdowns": "Of those, never reported by the receiving parent (end)",
    "deduction_orders_made_annual": "Deduction orders made (earnings and bank)",
    "liability_orders_granted_annual": "Liability orders granted",
    **{name: meaning for name, (_, meaning) in NAMED_POWERS.items()},
    "enforcement_collected_annual_gbp": "Collected through enforcement action",
    "enforcement_charges_paid_annual_gbp": "Enforcement charges paid",
    "application_fees_paid_annual_gbp": "Application fees paid by receiving parents",
    **COST_LABELS,
    "paying_parents_with_arrears_below_tax_threshold_share": (
        "Paying parents in arrears with income below the personal allowance"
    ),
    **{
        f"enforcement_{stage}_annual": meaning[0].upper() + meaning[1:]
        for stage, meaning in ENFORCEMENT_FLOWS.items()
    },
    "collected_by_benefit_deduction_annual_gbp": "Collected by deduction from benefit",
    **{
        f"{route}_annual_gbp": meaning.removesuffix(" (£)")[0].upper()
        + meaning.removesuffix(" (£)")[1:]
        for route, meaning in ENFORCEMENT_COLLECTED.items()
    },
    "qualifying_children_aged_out_annual": (
        "Children leaving qualifying status (all separated families)"
    ),
    "cms_qualifying_children_aged_out_annual": (
        "Children of CMS cases with a liability leaving qualifying status"
    ),
    "cms_cases_ended_aged_out_annual": (
        "CMS cases ended because no qualifying child is left (closed or kept for arrears only)"
    ),
    **{
        f"{ending}_annual": meaning[0].upper() + meaning[1:]
        for ending, (meaning, _) in ENDINGS.items()
    },
}


def _children_in(ages: np.ndarray) -> np.ndarray:
    return (ages >= 0).sum(axis=1)


def metrics(
    pop: Population,
    result: SimulationResult,
    assumptions: AssumptionSet | None = None,
    parameters: ParameterSet | None = None,
    one_off_costs_gbp: float = 0.0,
) -> dict[str, float]:
    """The outcome metrics of one run (annual GB figures over the window);
    the cost account at the run's ``assumptions`` and ``parameters`` (default:
    the register's central values and current law) with the scenario's
    declared one-off costs (:mod:`simulator.outcomes.costs`)."""
    w = pop.weight.astype(float)
    # the separated families at the end of the run (entered and with a
    # qualifying child): their qualifying children then and their households
    qualifying = qualifying_children_at_end(pop, result)
    composition = household_composition(pop, result)
    rp_children = composition["rp_children"]
    pp_children = composition["pp_children"]
    incomes = family_incomes(pop, result)
    with_m = poverty_status(pop, incomes, result)
    before = family_incomes(pop, result, without_maintenance=True)
    without = poverty_status(pop, before, result)
    window = result.metadata["window_months"]
    scale = MONTHS_IN_YEAR / window
    monthly = result.monthly.tail(window)
    quarters = result.quarterly
    quarters = quarters[(quarters.months == 3) & (quarters.quarter_end >= monthly.month.iloc[0])]
    if quarters.empty:  # runs shorter than a whole quarter in the window
        quarters = result.quarterly

    def count(children: np.ndarray, mask: np.ndarray) -> float:
        return float(np.sum(w * children * mask))

    m: dict[str, float] = {}
    m["children_in_separated_families"] = count(qualifying, True)
    m["children_in_receiving_households"] = count(rp_children, True)
    m["children_in_paying_households"] = count(pp_children, True)
    for basis in ("bhc", "ahc"):
        poor = count(rp_children, with_m[f"rp_poor_{basis}"])
        m[f"children_in_relative_poverty_{basis}"] = poor
        m[f"child_poverty_rate_{basis}"] = poor / m["children_in_receiving_households"]
        m[f"children_in_deep_poverty_{basis}"] = count(rp_children, with_m[f"rp_deep_{basis}"])
        pp_poor = count(pp_children, with_m[f"pp_poor_{basis}"])
        m[f"children_in_relative_poverty_paying_households_{basis}"] = pp_poor
        m[f"child_poverty_rate_paying_households_{basis}"] = (
            pp_poor / m["children_in_paying_households"]
            if m["children_in_paying_households"]
            else float("nan")
        )
        m[f"children_kept_out_of_poverty_by_maintenance_{basis}"] = (
            count(rp_children, without[f"rp_poor_{basis}"]) - poor
        )
    cms_end = result.families["arrangement_end"] == CMS
    m["cms_arrangements"] = float(monthly.cms_arrangements.mean())
    m["cms_children"] = count(qualifying, cms_end)
    m["collect_and_pay_share"] = float(
        (monthly.collect_and_pay_arrangements / monthly.cms_arrangements).mean()
    )
    due = float(monthly.due.sum()) * scale
    maintenance_paid = float((monthly.received + monthly.fees_receiving_parents).sum()) * scale
    m["maintenance_due_cms_annual_gbp"] = due
    m["maintenance_paid_cms_annual_gbp"] = maintenance_paid
    m["maintenance_received_cms_annual_gbp"] = float(monthly.received.sum()) * scale
    m["maintenance_received_all_arrangements_annual_gbp"] = (
        float((monthly.received + monthly.family_based_paid).sum()) * scale
    )
    m["share_of_liability_paid"] = maintenance_paid / due if due else float("nan")
    m["collection_fees_paying_parents_annual_gbp"] = (
        float(monthly.fees_paid_paying_parents.sum()) * scale
    )
    m["collection_fees_receiving_parents_annual_gbp"] = (
        float(monthly.fees_receiving_parents.sum()) * scale
    )
    m["application_fees_paid_annual_gbp"] = float(monthly.application_fees_paid.sum()) * scale
    m["enforcement_charges_annual_gbp"] = float(monthly.enforcement_charges.sum()) * scale
    m["enforcement_charges_paid_annual_gbp"] = float(monthly.enforcement_charges_paid.sum()) * scale
    for name in (
        "collect_and_pay_paid_some_share",
        "collect_and_pay_paid_over_90pct_share",
        "direct_pay_received_all_share",
    ):
        m[name] = float(quarters[name].mean()) if name in quarters else float("nan")
    m["arrears_accrued_annual_gbp"] = (
        float(
            (
                monthly.due_collect_and_pay
                + monthly.fees_charged_paying_parents
                + monthly.enforcement_charges
                - monthly.paid_collect_and_pay
            ).sum()
        )
        * scale
    )
    m["arrears_stock_end_gbp"] = float(monthly.arrears_stock.iloc[-1])
    m["moves_direct_pay_to_collect_and_pay_annual"] = (
        float(monthly.moved_direct_pay_to_collect_and_pay.sum()) * scale
    )
    corrected = result.metadata.get("months_to_corrected_liability_mean")
    m["months_to_corrected_liability"] = float("nan") if corrected is None else corrected
    m["hidden_income_brought_in_annual_gbp"] = float(
        (
            monthly.variation_income_weekly_cms
            + monthly.lifestyle_income_weekly_cms
            + monthly.data_matched_income_weekly_cms
            + monthly.diverted_income_brought_in_weekly_cms
            + (monthly.cash_in_hand_weekly_cms - monthly.cash_in_hand_hidden_weekly_cms)
        ).iloc[-1]
        * WEEKS_IN_YEAR
    )
    m["data_matching_income_brought_in_annual_gbp"] = float(
        monthly.data_matched_income_weekly_cms.iloc[-1] * WEEKS_IN_YEAR
    )
    m["data_matched_cases_end"] = float(monthly.data_matched_cms.iloc[-1])
    m.update(_hidden(monthly, scale))
    m.update(_ledger(pop, result, monthly, quarters, scale))
    m.update(_endings(monthly, scale))
    m.update(_abuse(monthly, scale))
    m.update(_hardship(pop, result, incomes, before, with_m, without))
    m.update(cost_account(pop, result, m, assumptions, parameters, one_off_costs_gbp))
    return {name: m[name] for name in METRIC_UNITS}


def _hidden(monthly, scale: float) -> dict[str, float]:
    """Hidden and diverted income (dynamics/hidden_series.py): the variations
    decided in the window (a year), and the income at its last month, a year's
    worth."""
    end = monthly.iloc[-1]
    return {
        "diversion_variations_annual": float(monthly.diversion_variations_decided.sum()) * scale,
        "flat_rate_income_variations_annual": (
            float(monthly.flat_rate_income_variations_decided.sum()) * scale
        ),
        **{
            metric: float(end[column]) * WEEKS_IN_YEAR
            for metric, column in (
                ("diverted_income_annual_gbp", "diverted_income_weekly_cms"),
                ("diverted_income_brought_in_annual_gbp", "diverted_income_brought_in_weekly_cms"),
                ("cash_in_hand_income_annual_gbp", "cash_in_hand_weekly_cms"),
                ("cash_in_hand_income_hidden_annual_gbp", "cash_in_hand_hidden_weekly_cms"),
                ("hidden_income_annual_gbp", "hidden_income_weekly_cms"),
            )
        },
    }


def _hardship(pop: Population, result: SimulationResult, incomes, before, with_m, without):
    """Harm in both directions: paying parents in poverty after paying (and
    pushed into it by paying), those paying over a quarter of their
    household's net income over the window, and Collect and Pay receiving
    parents due maintenance who received nothing in the last three months."""
    w = pop.weight.astype(float)
    # paying parents of the separated families at the end of the run, in
    # private households (HBAI's population: not the nil-rate paying parents
    # in prison or care homes), once each
    _, paying = separated_at_end(pop, result)
    first = paying & np.asarray(pop.pp_in_private_household, dtype=bool)
    f = result.families
    out = {}
    for basis in ("bhc", "ahc"):
        out[f"paying_parents_in_relative_poverty_{basis}"] = float(
            w[first & with_m[f"pp_poor_{basis}"]].sum()
        )
    out["paying_parents_pushed_into_poverty_by_maintenance"] = float(
        w[first & with_m["pp_poor_ahc"] & ~without["pp_poor_ahc"]].sum()
    )
    paid = before["pp_bhc"] - incomes["pp_bhc"]  # everything paid over the window, a year
    heavy = paid > HEAVY_PAYMENT_SHARE * np.maximum(before["pp_bhc"], 0.0)
    out["paying_parents_paying_over_quarter_of_net_income"] = float(
        w[first & heavy & (paid > 0)].sum()
    )
    # the liability over the window (CMS and family-based, a year), per paying parent
    units = pop.units
    due = (f["due_window"] + f["family_based_due_window"]) * (
        MONTHS_IN_YEAR / result.metadata["window_months"]
    )
    due = np.bincount(units.of, weights=due, minlength=units.count)[units.of]
    liable = first & (due > 0)
    income = float(np.sum(w[liable] * before["pp_bhc"][liable]))
    out["paying_parents_liability_share_of_net_income"] = (
        float(np.sum(w[liable] * due[liable])) / income if income > 0 else float("nan")
    )
    if "due_recent" in f:
        due = (f["service_end"] == COLLECT_AND_PAY) & (f["due_recent"] > 0)
        nothing = f["received_recent"] <= 0
        total = float(w[due].sum())
        out["receiving_parents_without_payment_3_months_share"] = (
            float(w[due & nothing].sum()) / total if total else float("nan")
        )
    else:
        out["receiving_parents_without_payment_3_months_share"] = float("nan")
    return out


def _ledger(pop: Population, result: SimulationResult, monthly, quarters, scale: float) -> dict:
    """The money ledger's and enforcement's metrics (annual GB figures)."""
    w = pop.weight.astype(float)
    f = result.families

    def annual(column: str) -> float:
        return float(monthly[column].sum()) * scale

    def quarter_mean(column: str) -> float:
        return float(quarters[column].mean()) if column in quarters else float("nan")

    full = result.monthly
    before = len(full) - len(monthly)
    start = float(w @ f["arrears_maintenance_start"])
    window_start = start if before == 0 else float(full.arrears_maintenance_stock.iloc[before - 1])
    end = float(monthly.arrears_maintenance_stock.iloc[-1])
    owing = f["pp_in_arrears_end"]
    owing_weight = float(w[owing].sum())
    return {
        "maintenance_due_direct_pay_annual_gbp": annual("due_direct_pay"),
        "maintenance_due_collect_and_pay_annual_gbp": annual("due_collect_and_pay"),
        "maintenance_arranged_annual_gbp": annual("due_direct_pay")
        + annual("collected_collect_and_pay_maintenance"),
        "collect_and_pay_paying_parents_due_to_pay": quarter_mean(
            "collect_and_pay_paying_parents_due_to_pay"
        ),
        "collect_and_pay_paying_by_deduction_from_earnings_share": quarter_mean(
            "collect_and_pay_paying_by_deo_share"
        ),
        "collect_and_pay_paying_by_deduction_from_benefit_share": quarter_mean(
            "collect_and_pay_paying_by_benefit_deduction_share"
        ),
        "arrears_maintenance_stock_start_gbp": start,
        "arrears_maintenance_stock_end_gbp": end,
        "arrears_stock_change_annual_gbp": (end - window_start) * scale,
        "arrears_written_off_annual_gbp": annual("arrears_written_off"),
        "direct_pay_shortfall_annual_gbp": annual("direct_pay_shortfall"),
        "direct_pay_broken_arrangements": float(monthly.direct_pay_broken.iloc[-1]),
        "direct_pay_unreported_breakdowns": float(monthly.direct_pay_broken_unreported.iloc[-1]),
        "deduction_orders_made_annual": annual("deduction_orders_made"),
        "liability_orders_granted_annual": annual("enforcement_flow_liability_order_granted"),
        **{name: annual(f"enforcement_flow_{flow}") for name, (flow, _) in NAMED_POWERS.items()},
        "enforcement_collected_annual_gbp": annual("enforcement_collected"),
        **{
            f"enforcement_{stage}_annual": annual(f"enforcement_flow_{stage}")
            for stage in ENFORCEMENT_FLOWS
        },
        "collected_by_benefit_deduction_annual_gbp": annual("collected_by_benefit_deduction"),
        **{f"{route}_annual_gbp": annual(route) for route in ENFORCEMENT_COLLECTED},
        "paying_parents_with_arrears_below_tax_threshold_share": (
            float(w[owing & f["pp_below_tax_threshold_end"]].sum()) / owing_weight
            if owing_weight
            else float("nan")
        ),
    }


def _abuse(monthly, scale: float) -> dict:
    """Domestic-abuse cases (dynamics/abuse_series.py): the caseload (mean of
    the window's months) and the year's moves on request, fees and actions."""

    def annual(column: str) -> float:
        return float(monthly[column].sum()) * scale

    return {
        "domestic_abuse_cases_cms": float(monthly.domestic_abuse_cases_cms.mean()),
        "new_applications_domestic_abuse_share": float(
            monthly.cms_applications_domestic_abuse.sum() / max(monthly.cms_applications.sum(), 1.0)
        ),
        "domestic_abuse_cases_on_direct_pay": float(
            monthly.domestic_abuse_cases_on_direct_pay.mean()
        ),
        "domestic_abuse_moves_to_collection_on_request_annual": annual(
            "domestic_abuse_moves_to_collection_on_request"
        ),
        "collection_fees_paid_by_domestic_abuse_survivors_annual_gbp": annual(
            "collection_fees_domestic_abuse_receiving_parents"
        ),
        "collection_fees_paying_parents_domestic_abuse_cases_annual_gbp": annual(
            "collection_fees_domestic_abuse_paying_parents"
        ),
        "enforcement_actions_in_domestic_abuse_cases_annual": annual(
            "enforcement_actions_domestic_abuse_cases"
        ),
    }


def _endings(monthly, scale: float) -> dict:
    """Children ageing out and arrangements ending, by reason (a year)."""

    def annual(column: str) -> float:
        return float(monthly[column].sum()) * scale

    return {
        "qualifying_children_aged_out_annual": annual("qualifying_children_aged_out"),
        "cms_qualifying_children_aged_out_annual": annual("cms_qualifying_children_aged_out"),
        "cms_cases_ended_aged_out_annual": annual("closed_aged_out")
        + annual("to_arrears_only_aged_out"),
        **{f"{ending}_annual": annual(ending) for ending in ENDINGS},
    }


def poverty_transitions(
    pop: Population, baseline: SimulationResult, reform: SimulationResult
) -> dict[str, float]:
    """Children lifted out of and pushed into relative poverty by the reform
    (same families, same draws), BHC and AHC: in receiving households, and in
    paying households (the paying parent's other children living with them,
    counted once per paying parent on its first family's row, as
    :func:`simulator.outcomes.poverty.household_composition` counts them). The
    children are the baseline's; a household is lifted out if it is poor under
    the baseline and not under the reform, pushed in the other way round."""
    base = poverty_status(pop, family_incomes(pop, baseline), baseline)
    new = poverty_status(pop, family_incomes(pop, reform), reform)
    composition = household_composition(pop, baseline)
    out = {}
    for side, households in (("rp", ""), ("pp", "_paying_households")):
        children = composition[f"{side}_children"] * pop.weight
        for basis in ("bhc", "ahc"):
            b, r = base[f"{side}_poor_{basis}"], new[f"{side}_poor_{basis}"]
            out[f"children_lifted_out_of_poverty{households}_{basis}"] = float(
                children[b & ~r].sum()
            )
            out[f"children_pushed_into_poverty{households}_{basis}"] = float(children[~b & r].sum())
    return out
