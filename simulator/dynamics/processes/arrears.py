"""Arrears: what a Collect and Pay paying parent owes the CMS, and how it is
paid off, recovered or written off.

Three debts per family — unpaid maintenance, unpaid collection fees and
enforcement charges — grow by what is due and not paid (Direct Pay shortfalls
are not CMS arrears) and shrink by payments (allocated maintenance first),
recoveries through enforcement, and write-offs: the small arrears of a case
that closes are written off as the rules allow (SI 2024/87). A paying parent
who owes pays an instalment on top of the liability: the debt over the target
recovery period, within a maximum share of net income.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.dynamics.frame import Arrays

__all__ = ["Arrears", "Recovered", "initial", "instalment", "recover", "write_off"]


@dataclass
class Arrears(Arrays):
    """Each family's debt to the CMS (arrays per family, £)."""

    maintenance: np.ndarray
    fees: np.ndarray
    charges: np.ndarray

    def total(self) -> np.ndarray:
        return self.maintenance + self.fees + self.charges


def initial(n: int) -> Arrears:
    return Arrears(maintenance=np.zeros(n), fees=np.zeros(n), charges=np.zeros(n))


def write_off(debt: Arrears, closed: np.ndarray, threshold: float) -> np.ndarray:
    """Write off the arrears of closed cases (``closed``: families, bool) below
    the small-arrears threshold; returns what was written off (£ per family)."""
    total = debt.total()
    written_off = np.where(closed & (total < threshold), total, 0.0)
    written = written_off > 0
    for amount in (debt.maintenance, debt.fees, debt.charges):
        amount[written] = 0.0
    return written_off


def instalment(
    total: np.ndarray,
    cp: np.ndarray,
    due: np.ndarray,
    fee_due: np.ndarray,
    net_income_monthly: np.ndarray,
    e,
) -> np.ndarray:
    """This month's arrears instalment on Collect and Pay (£): the debt
    ``total`` over the target recovery period, within the maximum share of net
    income left after the liability and fee, never more than the debt."""
    amount = np.where(
        cp & (total > 0),
        np.minimum(
            total / e.arrears_target_recovery,
            np.maximum(e.arrears_max_share_net_income * net_income_monthly - due - fee_due, 0.0),
        ),
        0.0,
    )
    return np.minimum(amount, total)


@dataclass(frozen=True)
class Recovered:
    """Arrears recovered by enforcement this month (£ per family)."""

    maintenance: np.ndarray
    fees: np.ndarray
    charges: np.ndarray

    @property
    def total(self) -> np.ndarray:
        return self.maintenance + self.fees + self.charges


def recover(debt: Arrears, share: np.ndarray) -> Recovered:
    """Take ``share`` of every debt (maintenance, fees, charges alike)."""
    maintenance = share * debt.maintenance
    fees = share * debt.fees
    charges = share * debt.charges
    debt.maintenance -= maintenance
    debt.fees -= fees
    debt.charges -= charges
    return Recovered(maintenance=maintenance, fees=fees, charges=charges)
