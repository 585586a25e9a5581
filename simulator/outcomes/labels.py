"""Plain names for what the model reports: every metric's name and one-line
explanation, and every unit in words, for the dashboard, the briefing and
the reports.

The outcome modules keep the long labels of the metrics they define
(:data:`simulator.outcomes.metrics.METRIC_LABELS`, which include the cost
account's); this module adds the names of the core metrics defined before
those labels existed and of the comparison's own rows (children lifted out
and pushed into poverty, cost per child lifted out), so that no raw metric id
need ever reach a reader. A metric with a ``_change`` suffix (a reform's
change against current law) is named after its metric.

Units: the metrics' units (``GBP a year``, ``share``, ``children``...) and the
parameter files' and assumption register's (``currency-GBP``, ``/1``,
``count``...) are shown as words (:func:`unit_text`).
"""

from __future__ import annotations

from simulator.outcomes.metrics import METRIC_LABELS

__all__ = ["CORE_LABELS", "UNIT_TEXT", "metric_help", "metric_label", "unit_text"]

#: The core metrics' plain names (those without an entry in METRIC_LABELS)
#: and the comparison's own rows. BHC / AHC: before / after housing costs;
#: "poverty" is DWP's relative poverty, below 60% of the median equivalised
#: household income (HBAI).
CORE_LABELS = {
    "children_in_separated_families": "Children in separated families",
    "children_in_receiving_households": "Children living with the receiving parent",
    "children_in_paying_households": "Children living with the paying parent",
    "children_in_relative_poverty_bhc": "Children in poverty, receiving households (BHC)",
    "children_in_relative_poverty_ahc": "Children in poverty, receiving households (AHC)",
    "child_poverty_rate_bhc": "Child poverty rate, receiving households (BHC)",
    "child_poverty_rate_ahc": "Child poverty rate, receiving households (AHC)",
    "children_in_deep_poverty_bhc": "Children in deep poverty, receiving households (BHC)",
    "children_in_deep_poverty_ahc": "Children in deep poverty, receiving households (AHC)",
    "children_in_relative_poverty_paying_households_bhc": (
        "Children in poverty, paying parents' households (BHC)"
    ),
    "children_in_relative_poverty_paying_households_ahc": (
        "Children in poverty, paying parents' households (AHC)"
    ),
    "child_poverty_rate_paying_households_bhc": (
        "Child poverty rate, paying parents' households (BHC)"
    ),
    "child_poverty_rate_paying_households_ahc": (
        "Child poverty rate, paying parents' households (AHC)"
    ),
    "children_kept_out_of_poverty_by_maintenance_bhc": (
        "Children kept out of poverty by the maintenance received (BHC)"
    ),
    "children_kept_out_of_poverty_by_maintenance_ahc": (
        "Children kept out of poverty by the maintenance received (AHC)"
    ),
    "cms_arrangements": "Child Maintenance Service arrangements",
    "cms_children": "Children covered by Child Maintenance Service arrangements",
    "collect_and_pay_share": "Share of CMS arrangements on Collect and Pay",
    "maintenance_due_cms_annual_gbp": "Maintenance due on CMS arrangements",
    "maintenance_paid_cms_annual_gbp": "Maintenance paid on CMS arrangements",
    "maintenance_received_cms_annual_gbp": "Maintenance received on CMS arrangements",
    "maintenance_received_all_arrangements_annual_gbp": (
        "Maintenance reaching children (all arrangements)"
    ),
    "share_of_liability_paid": "Share of the maintenance due that is paid (CMS)",
    "collection_fees_paying_parents_annual_gbp": "Collection fees paid by paying parents",
    "collection_fees_receiving_parents_annual_gbp": "Collection fees paid by receiving parents",
    "enforcement_charges_annual_gbp": "Enforcement charges paid by paying parents",
    "collect_and_pay_paid_some_share": "Collect and Pay cases paying something in a quarter",
    "collect_and_pay_paid_over_90pct_share": (
        "Collect and Pay cases paying 90% or more of what is due in a quarter"
    ),
    "direct_pay_received_all_share": "Direct Pay cases where everything due is received",
    "arrears_accrued_annual_gbp": "Arrears built up over the year",
    "arrears_stock_end_gbp": "Arrears owed at the end",
    "moves_direct_pay_to_collect_and_pay_annual": "Moves from Direct Pay to Collect and Pay",
    "months_to_corrected_liability": (
        "Months for the liability to follow a change in the paying parent's income"
    ),
    "hidden_income_brought_in_annual_gbp": "Hidden income brought into the calculation",
    "data_matching_income_brought_in_annual_gbp": (
        "Hidden income brought into the calculation by HMRC data matching"
    ),
    "diversion_variations_annual": "Variations made for diverted income",
    "diverted_income_annual_gbp": "Income diverted by paying parents",
    "diverted_income_brought_in_annual_gbp": "Diverted income brought into the calculation",
    "flat_rate_income_variations_annual": ("Variations made for income beside a flat-rate benefit"),
    "cash_in_hand_income_annual_gbp": "Cash-in-hand income of paying parents on a benefit",
    "cash_in_hand_income_hidden_annual_gbp": "Cash-in-hand income the CMS does not see",
    "hidden_income_annual_gbp": "Income the CMS does not see",
    "data_matched_cases_end": "Cases reassessed on HMRC-matched income (at the end)",
    "children_lifted_out_of_poverty_bhc": (
        "Children lifted out of poverty, receiving households (BHC)"
    ),
    "children_lifted_out_of_poverty_ahc": (
        "Children lifted out of poverty, receiving households (AHC)"
    ),
    "children_pushed_into_poverty_bhc": (
        "Children pushed into poverty, receiving households (BHC)"
    ),
    "children_pushed_into_poverty_ahc": (
        "Children pushed into poverty, receiving households (AHC)"
    ),
    "cost_to_government_per_child_lifted_out_of_poverty_ahc_gbp": (
        "Cost to government per child out of poverty, receiving households (AHC)"
    ),
    "cost_to_government_per_child_lifted_out_of_poverty_ahc_all_children_gbp": (
        "Cost to government per child out of poverty, both households (AHC)"
    ),
}

#: Units in words: the metrics' and the parameter files' and register's.
UNIT_TEXT = {
    "GBP": "£",
    "GBP a year": "£ a year",
    "GBP a year per child": "£ a year per child",
    "currency-GBP": "£",
    "share": "%",
    "/1": "proportion",
    "count": "number",
    "bool": "yes or no",
    "a year": "a year",
}

CHANGE = "_change"
#: Names that keep their capital when a label follows "Change in".
PROPER_STARTS = ("Collect and Pay", "Direct Pay", "CMS", "HMRC", "Child Maintenance Service")


def _base(metric: str) -> tuple[str, bool]:
    if metric.endswith(CHANGE):
        return metric[: -len(CHANGE)], True
    return metric, False


def metric_label(metric: str) -> str:
    """The plain name of a metric (``..._change``: "Change in ..."). A metric
    the model does not know is shown with its words, never with underscores."""
    name, change = _base(metric)
    label = CORE_LABELS.get(name) or METRIC_LABELS.get(name)
    if label is None:
        label = name.replace("_", " ").capitalize()
    if change:
        keep = label.startswith(PROPER_STARTS)
        return "Change in " + (label if keep else label[0].lower() + label[1:])
    return label


def metric_help(metric: str) -> str:
    """One line explaining a metric: its long label where it has one, with
    what BHC and AHC mean and, for changes, what they are measured against."""
    name, change = _base(metric)
    text = METRIC_LABELS.get(name) or CORE_LABELS.get(name) or metric_label(name)
    notes = []
    if name.endswith("_bhc") or "(BHC)" in text:
        notes.append("BHC: household income before housing costs")
    if name.endswith("_ahc") or "(AHC)" in text:
        notes.append("AHC: after housing costs")
    if "poverty" in name:
        notes.append("poverty: below 60% of the median (DWP's HBAI measure)")
    if change:
        notes.append("the reform's value less current law's, on the same families")
    return text + (" (" + "; ".join(notes) + ")" if notes else "") + "."


def unit_text(unit: str) -> str:
    """A unit in words: ``GBP a year`` -> "£ a year", ``share`` -> "%",
    ``/1`` -> "proportion"; a unit already in words is returned as it is."""
    return UNIT_TEXT.get(unit, unit)
