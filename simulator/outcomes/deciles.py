"""Gains and losses by household income decile: a reform against the
baseline, for receiving and for paying households."""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.dynamics import SimulationResult
from simulator.outcomes.poverty import (
    equivalence_scales,
    family_incomes,
    separated_at_end,
)
from simulator.population.frame import Population

__all__ = ["CHANGE_THRESHOLD", "DECILES", "deciles"]

DECILES = 10
#: A household gains or loses if its net income changes by more than this share.
CHANGE_THRESHOLD = 0.001


def deciles(pop: Population, baseline: SimulationResult, reform: SimulationResult) -> pd.DataFrame:
    """Gains and losses of each household by decile of its equivalised income
    (BHC, with maintenance, in the baseline): mean change in net income (GBP a
    year), the change relative to income, and the shares gaining, losing and
    unchanged (a change beyond 0.1% of income), for receiving and for paying
    households; the households of the separated families at the end of the
    run (:func:`simulator.outcomes.poverty.separated_at_end`)."""
    base, new = family_incomes(pop, baseline), family_incomes(pop, reform)
    composition = equivalence_scales(pop, baseline, bases=("bhc",))
    w = pop.weight.astype(float)
    rows = []
    # the households of the separated families at the end of the run
    families, paying = separated_at_end(pop, baseline)
    for side, name, rows_mask in (("rp", "receiving", families), ("pp", "paying", paying)):
        income = base[f"{side}_bhc"][rows_mask]
        change = (new[f"{side}_bhc"] - base[f"{side}_bhc"])[rows_mask]
        weights = w[rows_mask]
        equivalised = income / composition[f"{side}_equivalence_bhc"][rows_mask]
        decile = _weighted_deciles(equivalised, weights)
        relative = np.divide(
            change, np.abs(income), out=np.zeros_like(change), where=np.abs(income) > 0
        )
        gain = relative > CHANGE_THRESHOLD
        lose = relative < -CHANGE_THRESHOLD
        for d in range(1, DECILES + 1):
            k = decile == d
            total = weights[k].sum()
            rows.append(
                {
                    "household": name,
                    "decile": d,
                    "households": float(total),
                    "mean_change_gbp_annual": float(np.sum(weights[k] * change[k]) / total)
                    if total
                    else 0.0,
                    "relative_change": float(
                        np.sum(weights[k] * change[k]) / np.sum(weights[k] * income[k])
                    )
                    if total and np.sum(weights[k] * income[k])
                    else 0.0,
                    "winners_share": float(weights[k & gain].sum() / total) if total else 0.0,
                    "losers_share": float(weights[k & lose].sum() / total) if total else 0.0,
                    "unchanged_share": float(weights[k & ~gain & ~lose].sum() / total)
                    if total
                    else 0.0,
                }
            )
    return pd.DataFrame(rows)


def _weighted_deciles(values: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Decile (1-10) of each value, weighted, ties kept together by a stable sort."""
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order])
    total = cumulative[-1] if cumulative.size else 0.0
    position = np.empty(len(values))
    position[order] = (cumulative - weights[order] / 2) / total if total else 0.0
    return np.minimum((position * DECILES).astype(int) + 1, DECILES)
