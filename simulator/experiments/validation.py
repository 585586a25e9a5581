"""The validation report: the baseline against published figures it was not
fitted to, and what the model simulates, imputes or leaves out.

Money rows (unit in GBP) are read generically by id and unit
(:func:`money_table`): those not fitted are compared with the metric
:data:`MONEY` maps them to; fitted ones are pointed to the calibration report.

Only rows of ``data/targets.csv`` whose treatment is neither ``fitted`` (the
population weights) nor ``dynamics_input`` (the figures the compliance model is
fitted to) are used: other quarters of the compliance series, the paid-in-full
share, and child poverty in lone-parent families. Gaps are reported as they
are; nothing is tuned to them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.dynamics import SimulationResult
from simulator.experiments.fit_behaviour import direct_pay_moves_quarterly_share
from simulator.outcomes.poverty import (
    family_incomes,
    household_composition,
    poverty_status,
    separated_at_end,
)
from simulator.population import Population
from simulator.population.targets import load_targets

__all__ = ["COVERAGE", "MONEY", "coverage_table", "money_table", "validation_table"]

#: target id -> (simulated measure, what is compared)
VALIDATION = {
    "B01b": (
        "collect_and_pay_paid_over_90pct_share",
        "same quarter as the fitted B01a (the deduction-order reach is fitted to A12b)",
    ),
    "B01c": ("collect_and_pay_paid_up_to_90pct_share", "same quarter as the fitted B01a"),
    "B02a": ("collect_and_pay_paid_some_share", "an earlier quarter (Mar 2023)"),
    "B02b": ("collect_and_pay_paid_over_90pct_share", "an earlier quarter (Mar 2023)"),
    "B03a": ("collect_and_pay_paid_some_share", "an earlier quarter (Mar 2022)"),
    "B03b": ("collect_and_pay_paid_over_90pct_share", "an earlier quarter (Mar 2022)"),
    "B04": ("collect_and_pay_paid_some_share", "an earlier quarter (Mar 2021)"),
    "B05": ("collect_and_pay_paid_some_share", "an earlier quarter (Dec 2019)"),
    "B06a": ("collect_and_pay_paid_in_full_share", "Sep 2018, via a campaign blog"),
    "B07": ("collect_and_pay_paid_some_share", "an early quarter of the 2012 scheme (Mar 2016)"),
    "A11": (
        "direct_pay_to_collect_and_pay_quarterly_share",
        "the last year's moves (the move rate of broken Direct Pay cases is fitted to hold "
        "the service mix, A04c)",
    ),
    "E02a": ("lone_parent_child_poverty_ahc", "HBAI, with maintenance received"),
    "E07c": ("lone_parent_child_poverty_ahc", "HBAI, with maintenance received"),
    "E08": ("lone_parent_child_poverty_ahc", "HBAI, with maintenance received"),
    "E18": ("lone_parent_child_poverty_ahc", "Gingerbread citing HBAI"),
}

#: Money rows of data/targets.csv (unit in GBP) -> (metric of
#: :func:`simulator.outcomes.metrics.metrics`, what is compared). Rows are read
#: by id; a row missing from the table is skipped with a note.
MONEY = {
    "A14a": ("maintenance_due_cms_annual_gbp", "maintenance due, all CMS, a quarter x 4"),
    "A14b": ("maintenance_due_direct_pay_annual_gbp", "maintenance due on Direct Pay, x 4"),
    "A14c": (
        "maintenance_due_collect_and_pay_annual_gbp",
        "maintenance due on Collect and Pay, x 4",
    ),
    "B22": (
        "arrears_maintenance_stock_start_gbp",
        "the initial condition of the arrears stock (reproduced by construction)",
    ),
    "C02": (
        "maintenance_paid_cms_annual_gbp",
        "maintenance paid through CMS arrangements (Direct Pay and Collect and Pay), "
        "2020-21 against the model's year",
    ),
}
#: Money rows that are not outcomes of the model: why each is not compared.
NOT_SIMULATED = {
    "C06": (
        "a cost base taken as given: the administrative cost account "
        "(cms_admin_cost_annual_gbp) is split to it at the baseline's volumes "
        "(register cost_fitted), so it is reproduced by construction"
    ),
}
#: Treatments whose rows are fitted or set an input (shown by the calibration
#: report instead) -> what the report says.
FITTED_TREATMENTS = {
    "fitted": "fitted by the population weights: see the calibration report",
    "dynamics_input": "fitted by the compliance model: see the calibration report",
    "generator_input": "sets a population input: see the calibration report",
}
#: Multipliers of the units in data/targets.csv (to GBP, and to a year).
#: The last year's months (A11's moves are compared over them)
MONTHS_A_YEAR = 12
UNIT_SCALES = {"billion": 1e9, "million": 1e6, "thousand": 1e3}
PERIOD_SCALES = {"per quarter": 4.0, "per year": 1.0}

#: What the model covers, UKMOD-style: S simulated, PS partly simulated,
#: I imputed (taken from data or drawn from a distribution), E excluded.
COVERAGE = [
    (
        "Maintenance calculation (2012 scheme, all rates, shared care, several receiving parents)",
        "S",
        "rules engine, statutory examples to the penny",
    ),
    (
        "Variations: unearned income, notional income from assets",
        "S",
        "after a receiving parent's application",
    ),
    ("Variations: special expenses, diverted income", "E", "not modelled"),
    (
        "Lifestyle-inconsistent income (reform)",
        "S",
        "detection, share of gap and delay are assumptions",
    ),
    (
        "Historic and current income, annual review, 25% rule",
        "S",
        "HMRC figure from simulated tax years",
    ),
    (
        "Paying parents' incomes: employment, job changes, benefits",
        "PS",
        "simulated flows from synthetic starting incomes",
    ),
    ("Receiving households' incomes over time", "E", "held at the population date"),
    (
        "Children ageing, new qualifying children, cases ending at 16-20",
        "E",
        "held at the population date",
    ),
    ("Hidden income (true vs declared)", "I", "hidden share drawn per paying parent (assumption)"),
    (
        "Direct Pay, Collect and Pay, moves, closures, family-based arrangements",
        "S",
        "monthly flows, case by case; closure, arrears-only exit and Direct Pay breakdown "
        "move hazards fitted to hold the caseload (A04a), the arrears-only cases (A12c) and "
        "the service mix (A04c); the moves (A11) compared",
    ),
    (
        "Payments and compliance",
        "S",
        "logit model; two intercepts and the deduction-order reach fitted (B01a, B10a, A12b)",
    ),
    ("Collection fees", "S", "statutory rates and rounding"),
    (
        "Cost to government: CMS administrative cost, fee and charge income, UC interaction",
        "PS",
        "C06 split by assumed shares over case-years by service, applications and "
        "enforcement actions; the UC interaction is zero by rule (computed)",
    ),
    ("Application fee (GBP 20, now abolished)", "E", "not charged in the period"),
    (
        "Enforcement: contact, deduction orders, liability orders, sanctions",
        "PS",
        "flows into each stage and what each collects; deduction orders in place at the "
        "population date drawn to A12b; no committal, no disqualification outcomes",
    ),
    (
        "Arrears: accrual, recovery, write-off",
        "PS",
        "2012-scheme arrears from the published stock (B22) at the population date; "
        "written off when small in closed cases, at the receiving parent's request or on "
        "the paying parent's death; CSA legacy debt excluded",
    ),
    (
        "Direct Pay shortfalls",
        "S",
        "kept per family as an unrecorded stock (not CMS arrears)",
    ),
    (
        "Income tax, NI, Universal Credit, Child Benefit",
        "PS",
        "outline rules; no disability, carer or childcare elements",
    ),
    (
        "HBAI income, equivalisation, poverty lines",
        "S",
        "monthly incomes averaged over the window; median uprated to the tax year in force",
    ),
    ("Northern Ireland", "E", "GB only"),
    ("Lateness of payments", "E", "months only"),
]


def validation_table(pop: Population, result: SimulationResult) -> pd.DataFrame:
    """Each validation figure with the baseline's value over the last year."""
    quarters = result.quarterly[result.quarterly.months == 3].tail(4).copy()
    quarters["collect_and_pay_paid_up_to_90pct_share"] = (
        quarters.collect_and_pay_paid_some_share - quarters.collect_and_pay_paid_over_90pct_share
    )
    status = poverty_status(pop, family_incomes(pop, result), result)
    # the separated families at the end of the run and their children then
    there, _ = separated_at_end(pop, result)
    lone = ~pop.rp_partner.astype(bool) & there
    children = household_composition(pop, result)["rp_children"] * pop.weight
    simulated = {
        "lone_parent_child_poverty_ahc": float(
            children[lone & status["rp_poor_ahc"]].sum() / children[lone].sum()
        ),
    }
    for column in quarters.columns:
        if column.endswith("_share"):
            simulated[column] = float(quarters[column].mean())
    simulated["direct_pay_to_collect_and_pay_quarterly_share"] = direct_pay_moves_quarterly_share(
        result.monthly.tail(MONTHS_A_YEAR)
    )
    rows = []
    targets = {t.id: t for t in load_targets()}
    for id_, (measure, note) in VALIDATION.items():
        t = targets.get(id_)
        if t is None or t.treatment in ("fitted", "dynamics_input"):
            continue
        value = simulated.get(measure, np.nan)
        rows.append(
            {
                "id": id_,
                "quantity": t.quantity,
                "period": t.period,
                "published": t.value,
                "simulated": value,
                "gap": value - t.value if t.value is not None else np.nan,
                "measure": measure,
                "comparison": note,
                "source": t.source_title,
                "source_url": t.source_url,
            }
        )
    return pd.DataFrame(rows)


def _in_model_units(value: float, unit: str) -> float | None:
    """A published amount in GBP (a year, for flows): ``unit`` as in
    targets.csv (e.g. 'GBP million per quarter'); None for amounts per person
    (per week, per month), which no total compares with."""
    words = unit.lower()
    if "per week" in words or "per month" in words:
        return None
    scale = next((v for k, v in UNIT_SCALES.items() if k in words), 1.0)
    period = next((v for k, v in PERIOD_SCALES.items() if k in words), 1.0)
    return value * scale * period


def money_table(pop: Population, result: SimulationResult, targets=None) -> pd.DataFrame:
    """Every money row of data/targets.csv (unit in GBP): the ones not fitted
    against the baseline's metric (``compared``), the fitted ones pointed to
    the calibration report, and the others with the reason they are not
    compared; plus a note for each row of :data:`MONEY` missing from the table."""
    from simulator.outcomes.metrics import metrics

    targets = {t.id: t for t in (targets if targets is not None else load_targets())}
    simulated = metrics(pop, result)
    rows = []
    for t in targets.values():
        if "GBP" not in t.unit or t.value is None:
            continue
        row = {
            "id": t.id,
            "quantity": t.quantity,
            "period": t.period,
            "unit": t.unit,
            "published_gbp": np.nan,
            "simulated_gbp": np.nan,
            "ratio": np.nan,
            "metric": "",
            "status": "",
            "comparison": "",
            "source": t.source_title,
            "source_url": t.source_url,
        }
        published = _in_model_units(t.value, t.unit)
        if t.treatment in FITTED_TREATMENTS:
            row["status"] = FITTED_TREATMENTS[t.treatment]
        elif t.id in NOT_SIMULATED:
            row["status"] = "not compared: " + NOT_SIMULATED[t.id]
        elif t.id in MONEY and published is not None:
            metric, note = MONEY[t.id]
            value = simulated[metric]
            row.update(
                published_gbp=published,
                simulated_gbp=value,
                ratio=value / published if published else np.nan,
                metric=metric,
                status="compared",
                comparison=note,
            )
        else:
            row["status"] = f"not compared: {t.treatment or 'no treatment'}, no model total"
        rows.append(row)
    for id_ in MONEY:
        if id_ not in targets:
            rows.append(
                {
                    "id": id_,
                    "quantity": "",
                    "status": "skipped: not in data/targets.csv",
                    "metric": MONEY[id_][0],
                }
            )
    return pd.DataFrame(rows)


def coverage_table() -> pd.DataFrame:
    return pd.DataFrame(COVERAGE, columns=["component", "status", "note"])
