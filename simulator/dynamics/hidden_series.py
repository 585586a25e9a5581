"""Hidden and diverted income, month by month, as the run reports them: the
income the CMS's figure misses among the families with a CMS calculation
(diversion of income, cash-in-hand work on a flat-rate benefit, everything
true income has that the calculation does not use) and what the variations
on the receiving parent's application bring in (SI 2012/2677 regs. 70-71).

Sums are over the month's CMS families (weighted; a paying parent with two
families counts in each, as in the monthly table's other income columns)."""

from __future__ import annotations

import numpy as np

from simulator.dynamics.month import MonthFlows
from simulator.dynamics.state import State
from simulator.rules.income import gross_weekly_income_less_pension, weekly_from_annual

__all__ = ["HIDDEN_SERIES", "monthly_hidden"]

#: The monthly table's columns on hidden income -> their meaning.
HIDDEN_SERIES = {
    "diverted_income_weekly_cms": (
        "income paying parents divert to others (reg. 71), CMS families (£ a week, summed)"
    ),
    "diversion_variations_cms": "CMS families with a diversion-of-income variation (reg. 71)",
    "diversion_variations_decided": "diversion-of-income variations decided this month",
    "diverted_income_brought_in_weekly_cms": (
        "diverted income those variations brought in when decided "
        "(£ a week, summed, before the cap)"
    ),
    "cash_in_hand_weekly_cms": (
        "cash-in-hand earnings of paying parents on a flat-rate benefit (£ a week, summed)"
    ),
    "flat_rate_income_variations_cms": (
        "CMS families whose flat rate a reg. 70 variation has displaced (income over £100 a week)"
    ),
    "flat_rate_income_variations_decided": "reg. 70 variations decided this month",
    "cash_in_hand_hidden_weekly_cms": (
        "cash-in-hand earnings not brought in by a reg. 70 variation (£ a week, summed)"
    ),
    "hidden_income_weekly_cms": (
        "true income (with diverted and cash-in-hand income) less pensions above the income "
        "the calculation uses, before the cap (£ a week, summed; assessment lags included)"
    ),
}


def monthly_hidden(state: State, month: MonthFlows) -> dict[str, float]:
    """The month's :data:`HIDDEN_SERIES` (GB, weighted)."""
    people, a, life, p = state.people, state.assessment, state.lifestyle, state.law
    w = state.frame.weight[month.index]
    u = state.frame.unit_of[month.index]
    diverted = weekly_from_annual(people.diverted_annual(u), p)
    cash = weekly_from_annual(people.cash_in_hand_annual(u), p)
    diversion, flat = a.diversion_applied[u], a.flat_income_applied[u]
    brought_in = np.where(diversion, a.diverted_weekly[u], 0.0)
    cash_in = np.where(flat, cash, 0.0)
    on_flat_rate = (a.known_benefit[u] & ~flat) | people.nil_rate[u]
    used = np.where(
        on_flat_rate,
        0.0,
        np.where(flat, cash_in, a.assessed_weekly[u])
        + life.matched_weekly[u]
        + life.weekly[u]
        + brought_in,
    )
    true = gross_weekly_income_less_pension(
        people.true_earnings[u] + people.true_profit[u] + people.cash_in_hand_annual(u),
        people.pension[u],
        p,
    )
    values = {
        "diverted_income_weekly_cms": diverted,
        "diversion_variations_cms": diversion,
        "diversion_variations_decided": a.diversion_decided[u],
        "diverted_income_brought_in_weekly_cms": brought_in,
        "cash_in_hand_weekly_cms": cash,
        "flat_rate_income_variations_cms": flat,
        "flat_rate_income_variations_decided": a.flat_income_decided[u],
        "cash_in_hand_hidden_weekly_cms": cash - cash_in,
        "hidden_income_weekly_cms": np.maximum(true - used, 0.0),
    }
    return {name: float(np.multiply(w, v).sum()) for name, v in values.items()}
