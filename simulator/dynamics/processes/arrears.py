"""Arrears: what a Collect and Pay paying parent owes the CMS, and how it is
paid off, recovered or written off.

Three debts per family — unpaid maintenance, unpaid collection fees and
enforcement charges — grow by what is due and not paid and shrink by payments
(allocated maintenance first), recoveries through enforcement, and write-offs
under the rules that allow them: the small arrears (under GBP 7) of a case that
closes (SI 2024/87), the maintenance arrears at the receiving parent's request,
and every debt of a paying parent who dies (PQ 98425). A paying parent who owes
pays an instalment on top of the liability: the debt over the target recovery
period, within a maximum share of net income.

Direct Pay shortfalls (due and not paid on Direct Pay) are not CMS arrears: the
CMS does not see them. They are kept per family as a separate, unrecorded stock.

The stock starts at the population date from the published figure (B22,
``initial_arrears_stock``), allocated by :func:`initial_claims`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from simulator.dynamics.frame import Arrays

__all__ = [
    "DEBTS",
    "Arrears",
    "ByDebt",
    "Recovered",
    "WrittenOff",
    "initial",
    "initial_claims",
    "instalment",
    "recover",
    "set_initial",
    "write_off",
    "write_off_on_request_or_death",
]

#: The three debts of the ledger, in the order the CMS allocates payments to them.
DEBTS = ("maintenance", "fees", "charges")


@dataclass
class Arrears(Arrays):
    """Each family's debt to the CMS (arrays per family, £)."""

    maintenance: np.ndarray
    fees: np.ndarray
    charges: np.ndarray
    #: Direct Pay shortfalls to date (unrecorded; not CMS arrears, not in total())
    direct_pay_shortfall: np.ndarray

    def total(self) -> np.ndarray:
        return self.maintenance + self.fees + self.charges


def initial(n: int) -> Arrears:
    return Arrears(
        maintenance=np.zeros(n),
        fees=np.zeros(n),
        charges=np.zeros(n),
        direct_pay_shortfall=np.zeros(n),
    )


def initial_claims(
    *,
    weight: np.ndarray,
    collect_and_pay: np.ndarray,
    arrears_only: np.ndarray,
    weekly_liability: np.ndarray,
    months_on_caseload: np.ndarray,
    shortfall_prob: np.ndarray,
    holder_draw: np.ndarray,
    e,
) -> np.ndarray:
    """Each family's maintenance arrears at the population date (GBP): the
    stock ``e.initial_arrears_stock`` (GB) shared among the holders in
    proportion to weekly liability x months on the caseload x the monthly
    probability of falling short. Holders: every arrears-only case (its
    liability taken as the holders' average), and the ongoing Collect and Pay
    cases whose ``holder_draw`` falls below that probability times
    ``e.initial_arrears_holder_share``. ``weight``: GB families each family
    stands for, so that the weighted total is the published stock."""
    ongoing = collect_and_pay & ~arrears_only & (weekly_liability > 0)
    holder = arrears_only | (
        ongoing & (holder_draw < e.initial_arrears_holder_share * shortfall_prob)
    )
    paying = holder & ~arrears_only
    average = np.average(weekly_liability[paying], weights=weight[paying]) if paying.any() else 0.0
    liability = np.where(arrears_only, average, weekly_liability)
    claim = np.where(holder, liability * np.maximum(months_on_caseload, 1.0) * shortfall_prob, 0.0)
    total = float(np.multiply(weight, claim).sum())
    if total <= 0:
        return np.zeros_like(claim)
    return claim * (e.initial_arrears_stock / total)


def set_initial(debt: Arrears, maintenance: np.ndarray, fee_rate: float) -> None:
    """The debts at the population date: ``maintenance`` (from
    :func:`initial_claims`), the paying parent's collection fee on it at
    ``fee_rate``; enforcement charges stay as the enforcement history left them."""
    debt.maintenance[:] = maintenance
    debt.fees[:] = fee_rate * maintenance


@dataclass(frozen=True)
class ByDebt:
    """An amount of each debt this month (£ per family): what was written off
    or recovered."""

    maintenance: np.ndarray
    fees: np.ndarray
    charges: np.ndarray

    @property
    def total(self) -> np.ndarray:
        return self.maintenance + self.fees + self.charges


#: Arrears written off this month, by debt.
WrittenOff = ByDebt
#: Arrears recovered by enforcement this month, by debt.
Recovered = ByDebt


def write_off(debt: Arrears, closed: np.ndarray, threshold: float) -> WrittenOff:
    """Write off the arrears of closed cases (``closed``: families, bool) below
    the small-arrears threshold (SI 2024/87); returns what was written off."""
    total = debt.total()
    written = closed & (total > 0) & (total < threshold)
    out = WrittenOff(
        maintenance=np.where(written, debt.maintenance, 0.0),
        fees=np.where(written, debt.fees, 0.0),
        charges=np.where(written, debt.charges, 0.0),
    )
    for amount in (debt.maintenance, debt.fees, debt.charges):
        amount[written] = 0.0
    return out


def write_off_on_request_or_death(
    debt: Arrears, request: np.ndarray, death: np.ndarray
) -> WrittenOff:
    """Write off the maintenance arrears of the families whose receiving
    parent asks (``request``; the fees and charges are owed to the government
    and stay) and every debt of those whose paying parent died (``death``)."""
    maintenance = np.where(request | death, debt.maintenance, 0.0)
    fees = np.where(death, debt.fees, 0.0)
    charges = np.where(death, debt.charges, 0.0)
    debt.maintenance -= maintenance
    debt.fees -= fees
    debt.charges -= charges
    return WrittenOff(maintenance=maintenance, fees=fees, charges=charges)


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


def recover(debt: Arrears, share: np.ndarray) -> Recovered:
    """Take ``share`` of every debt (maintenance, fees, charges alike)."""
    maintenance = share * debt.maintenance
    fees = share * debt.fees
    charges = share * debt.charges
    debt.maintenance -= maintenance
    debt.fees -= fees
    debt.charges -= charges
    return Recovered(maintenance=maintenance, fees=fees, charges=charges)
