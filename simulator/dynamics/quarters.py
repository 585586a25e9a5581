"""CMS-style compliance by calendar quarter: additive weighted counts per
quarter (so chunks of a population add up), turned into shares at the end.
The counts are what the CMS's published series count: Collect and Pay paying
parents due to pay and those who paid something, over 90% or in full; Direct
Pay receiving parents due to be paid and those who received everything; and
Collect and Pay paying parents by how they paid."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd

from simulator.dynamics.frame import HALF_PENNY
from simulator.population import COLLECT_AND_PAY, DIRECT_PAY

__all__ = ["quarter_paying_parents", "quarter_row", "quarter_shares"]


def quarter_row(when: dt.date, weights, due, paid, service) -> dict:
    """Weighted counts for a quarter's compliance (additive across chunks):
    Collect and Pay paying parents due to pay, those who paid something and
    those who paid over 90%; Direct Pay receiving parents due to be paid and
    those who received everything."""
    cp = (service == COLLECT_AND_PAY) & (due > 0)
    dp = (service == DIRECT_PAY) & (due > 0)
    ratio = np.divide(paid, due, out=np.zeros_like(due), where=due > 0)
    return {
        "quarter_end": when,
        "collect_and_pay_due_to_pay": float(weights[cp].sum()),
        "collect_and_pay_paid_some": float(weights[cp & (paid > HALF_PENNY)].sum()),
        "collect_and_pay_paid_over_90pct": float(weights[cp & (ratio > 0.9)].sum()),
        "collect_and_pay_paid_in_full": float(weights[cp & (paid >= due - HALF_PENNY)].sum()),
        "direct_pay_due": float(weights[dp].sum()),
        "direct_pay_received_all": float(weights[dp & (paid >= due - HALF_PENNY)].sum()),
    }


def quarter_shares(quarters: pd.DataFrame) -> pd.DataFrame:
    """CMS-style compliance shares from the weighted counts of :func:`quarter_row`."""
    if quarters.empty:
        return quarters
    out = quarters.copy()
    cp = out.collect_and_pay_due_to_pay.where(out.collect_and_pay_due_to_pay > 0)
    dp = out.direct_pay_due.where(out.direct_pay_due > 0)
    out["collect_and_pay_paid_some_share"] = out.collect_and_pay_paid_some / cp
    out["collect_and_pay_paid_over_90pct_share"] = out.collect_and_pay_paid_over_90pct / cp
    out["collect_and_pay_paid_in_full_share"] = out.collect_and_pay_paid_in_full / cp
    out["direct_pay_received_all_share"] = out.direct_pay_received_all / dp
    if "collect_and_pay_paying_parents_due_to_pay" in out:
        pp = out.collect_and_pay_paying_parents_due_to_pay
        pp = pp.where(pp > 0)
        out["collect_and_pay_paying_by_deo_share"] = out.collect_and_pay_paying_parents_by_deo / pp
        out["collect_and_pay_paying_by_benefit_deduction_share"] = (
            out.collect_and_pay_paying_parents_by_benefit_deduction / pp
        )
    return out


def quarter_paying_parents(
    frame, due: np.ndarray, deo: np.ndarray, benefit: np.ndarray, service: np.ndarray
) -> dict:
    """Collect and Pay paying parents (each counted once, with the weight of
    their first family) due to pay in the quarter, and those of them paying by
    deduction from earnings order or from benefit in a month they were due.
    ``due``, ``deo``, ``benefit``: per family over the quarter; ``service`` at
    its end."""
    cp_due = (service == COLLECT_AND_PAY) & (due > 0)
    unit_weight = frame.weight[frame.first]

    def units(mask: np.ndarray) -> float:
        any_family = np.bincount(frame.unit_of[mask], minlength=frame.n_units) > 0
        return float(unit_weight[any_family].sum())

    return {
        "collect_and_pay_paying_parents_due_to_pay": units(cp_due),
        "collect_and_pay_paying_parents_by_deo": units(cp_due & deo),
        "collect_and_pay_paying_parents_by_benefit_deduction": units(cp_due & benefit),
    }
