"""The validation report: the baseline against published figures it was not
fitted to, and what the model simulates, imputes or leaves out.

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
from simulator.outcomes.poverty import family_incomes, poverty_status
from simulator.population import Population
from simulator.population.targets import load_targets

__all__ = ["COVERAGE", "coverage_table", "validation_table"]

#: target id -> (simulated measure, what is compared)
VALIDATION = {
    "B01c": ("collect_and_pay_paid_up_to_90pct_share", "same quarter as the fitted B01a/B01b"),
    "B02a": ("collect_and_pay_paid_some_share", "an earlier quarter (Mar 2023)"),
    "B02b": ("collect_and_pay_paid_over_90pct_share", "an earlier quarter (Mar 2023)"),
    "B03a": ("collect_and_pay_paid_some_share", "an earlier quarter (Mar 2022)"),
    "B03b": ("collect_and_pay_paid_over_90pct_share", "an earlier quarter (Mar 2022)"),
    "B04": ("collect_and_pay_paid_some_share", "an earlier quarter (Mar 2021)"),
    "B05": ("collect_and_pay_paid_some_share", "an earlier quarter (Dec 2019)"),
    "B06a": ("collect_and_pay_paid_in_full_share", "Sep 2018, via a campaign blog"),
    "B07": ("collect_and_pay_paid_some_share", "an early quarter of the 2012 scheme (Mar 2016)"),
    "E02a": ("lone_parent_child_poverty_ahc", "HBAI, with maintenance received"),
    "E07c": ("lone_parent_child_poverty_ahc", "HBAI, with maintenance received"),
    "E08": ("lone_parent_child_poverty_ahc", "HBAI, with maintenance received"),
    "E18": ("lone_parent_child_poverty_ahc", "Gingerbread citing HBAI"),
}

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
        "monthly flows",
    ),
    ("Payments and compliance", "S", "logit model, four intercepts fitted"),
    ("Collection fees", "S", "statutory rates and rounding"),
    ("Application fee (GBP 20, now abolished)", "E", "not charged in the period"),
    (
        "Enforcement: contact, deduction orders, liability orders, sanctions",
        "PS",
        "stages and delays; no committal, no disqualification outcomes",
    ),
    (
        "Arrears: accrual, recovery, write-off",
        "PS",
        "2012-scheme arrears only; CSA legacy debt excluded",
    ),
    (
        "Income tax, NI, Universal Credit, Child Benefit",
        "PS",
        "outline rules; no disability, carer or childcare elements",
    ),
    ("HBAI income, equivalisation, poverty lines", "S", "median held at the population date"),
    ("Northern Ireland", "E", "GB only"),
    ("Lateness of payments", "E", "months only"),
]


def validation_table(pop: Population, result: SimulationResult) -> pd.DataFrame:
    """Each validation figure with the baseline's value over the last year."""
    quarters = result.quarterly[result.quarterly.months == 3].tail(4).copy()
    quarters["collect_and_pay_paid_up_to_90pct_share"] = (
        quarters.collect_and_pay_paid_some_share - quarters.collect_and_pay_paid_over_90pct_share
    )
    status = poverty_status(pop, family_incomes(pop, result))
    lone = ~pop.rp_partner.astype(bool)
    children = (pop.n_children + (pop.rp_other_child_age >= 0).sum(axis=1)) * pop.weight
    simulated = {
        "lone_parent_child_poverty_ahc": float(
            children[lone & status["rp_poor_ahc"]].sum() / children[lone].sum()
        ),
    }
    for column in quarters.columns:
        if column.endswith("_share"):
            simulated[column] = float(quarters[column].mean())
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


def coverage_table() -> pd.DataFrame:
    return pd.DataFrame(COVERAGE, columns=["component", "status", "note"])
