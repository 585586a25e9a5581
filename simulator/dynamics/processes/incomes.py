"""Incomes: paying parents' jobs, pay, profits and households move month by month.

Each month, for every paying parent: employees may leave work (some claiming
a flat-rate benefit), change job (with a new wage) or see a change of pay of
25% or more in the same job; parents out of work may find a job (at about the
pay they had: at the short-term rate in the first months of a spell, at the
long-term rate once out of work for long, the two documented separately); the self-employed see
profits change; parents form and leave partnerships and have children with a
new partner (relevant other children). What reaches HMRC is true income less
the parent's hidden share, built up month by month into the tax-year figures
that the CMS later asks HMRC for (:class:`TaxRecord`).

Every rate comes from the register (``behaviour.income``, ``behaviour.family``);
draws are keyed to (seed, process, paying parent, month).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from simulator.dynamics.frame import Arrays, Frame
from simulator.dynamics.timing import MONTHS_IN_YEAR, per_month
from simulator.population import EMPLOYEE, FLAT_RATE_BENEFIT, NOT_WORKING, SELF_EMPLOYED, Population
from simulator.population.hmrc_record import large_change_factor
from simulator.randomness import KeyedRandom
from simulator.rules.income import gross_weekly_income_less_pension

__all__ = [
    "IncomeChanges",
    "PayingParents",
    "TaxRecord",
    "initial",
    "large_change_factor",
    "out_of_work",
    "step",
]

#: The tax year starts in April (6 April; modelled from the month).
TAX_YEAR_FIRST_MONTH = 4
#: Tax-year declared incomes held for the HMRC figure.
TAX_YEARS_KEPT = 4


def out_of_work(employment: np.ndarray) -> np.ndarray:
    return (employment == FLAT_RATE_BENEFIT) | (employment == NOT_WORKING)


@dataclass
class PayingParents(Arrays):
    """Each paying parent's circumstances (arrays per paying parent). Pension
    contributions, unearned income, assets, relevant non-resident children
    and the nil rate stay as synthesised; the household's net income is
    worked out again by :mod:`.households` whenever the household changes
    (as synthesised during the warm-up)."""

    employment: np.ndarray  # int8, population.PP_EMPLOYMENT codes
    true_earnings: np.ndarray  # £ a year
    true_profit: np.ndarray  # £ a year, self-employment
    declared_share_earnings: np.ndarray  # share of true pay that reaches HMRC
    declared_share_profit: np.ndarray  # share of true profit that reaches HMRC
    potential_earnings: np.ndarray  # £ a year a parent out of work would return to
    pension: np.ndarray  # £ a year, relievable pension contributions
    unearned: np.ndarray  # £ a year, unearned income (a variation ground)
    assets: np.ndarray  # £, assets (notional income; what a bank order can reach)
    partner: np.ndarray  # bool
    roc: np.ndarray  # int64, relevant other children
    rnrc: np.ndarray  # int64, relevant non-resident children
    nil_rate: np.ndarray  # bool, a prescribed nil-rate person
    job: np.ndarray  # int64, job counter: a deduction order binds one job
    out_months: np.ndarray  # int64, months out of work (the starting stock counts as long-term)
    net_income_monthly: np.ndarray  # £ a month, household net income (BHC; .households)
    # share of true earnings and profit diverted to others (reg. 71); kept
    # through changes of job and pay
    diverted_share: np.ndarray
    # £ a year, cash-in-hand earnings while on a flat-rate benefit (unseen)
    cash_in_hand: np.ndarray

    def declared_earnings_annual(self) -> np.ndarray:
        """Earnings that reach HMRC (£ a year): the parent's own pay, after
        any diversion, less the hidden share."""
        return self.true_earnings * (1 - self.diverted_share) * self.declared_share_earnings

    def declared_profit_annual(self) -> np.ndarray:
        """Profit that reaches HMRC (£ a year), after any diversion and the
        hidden share."""
        return self.true_profit * (1 - self.diverted_share) * self.declared_share_profit

    def declared_annual(self) -> np.ndarray:
        """Income that reaches HMRC this year (£ a year)."""
        return self.declared_earnings_annual() + self.declared_profit_annual()

    def diverted_annual(self, units: np.ndarray | slice = slice(None)) -> np.ndarray:
        """Income diverted to others (SI 2012/2677 reg. 71), £ a year."""
        return (self.true_earnings[units] + self.true_profit[units]) * self.diverted_share[units]

    def cash_in_hand_annual(self, units: np.ndarray | slice = slice(None)) -> np.ndarray:
        """Cash-in-hand earnings now (only while on a flat-rate benefit), £ a year."""
        return np.where(self.employment[units] == FLAT_RATE_BENEFIT, self.cash_in_hand[units], 0.0)

    def true_income_weekly(self, p, units: np.ndarray | slice = slice(None)) -> np.ndarray:
        """True earnings and profit less pension contributions, £ a week."""
        return gross_weekly_income_less_pension(
            self.true_earnings[units] + self.true_profit[units], self.pension[units], p
        )


@dataclass
class TaxRecord(Arrays):
    """What HMRC holds of each paying parent's declared income: past tax years
    (column 0 = the latest complete one) and the current year so far."""

    tax_years: np.ndarray  # (units, TAX_YEARS_KEPT) £ a year
    tax_year_total: np.ndarray  # (units,) £ declared so far this tax year
    tax_year_months: int  # months of the current tax year recorded


@dataclass(frozen=True)
class IncomeChanges:
    """This month's changes that other processes react to (per paying parent)."""

    changed: np.ndarray  # a change of income of 25% or more, a job lost or found
    other_children: np.ndarray  # the number of relevant other children changed


def initial(
    pop: Population, frame: Frame, values, median_earnings: float, start: dt.date
) -> tuple[PayingParents, TaxRecord]:
    """The paying parents as synthesised, and an HMRC record whose past tax
    years are the population's HMRC figure (``pp_hmrc_declared_annual``,
    :mod:`simulator.population.hmrc_record`: different from today's income as
    often as a change of 25% or more happens over the figure's age).
    ``start``: the run's first month (the current tax year's months before it
    are at today's income)."""
    u, n_units = frame.first, frame.n_units
    inc = values.behaviour.income
    employment = pop.pp_employment[u].astype(np.int8).copy()
    true_earnings = pop.pp_true_earnings[u].astype(float).copy()
    true_total = pop.pp_true_earnings[u] + pop.pp_true_profit[u]
    diverted_share = np.divide(
        pop.pp_diverted_income_annual[u],
        true_total,
        out=np.zeros(n_units),
        where=true_total > 0,
    )
    kept = 1 - diverted_share
    people = PayingParents(
        employment=employment,
        true_earnings=true_earnings,
        true_profit=pop.pp_true_profit[u].astype(float).copy(),
        declared_share_earnings=np.divide(
            pop.pp_declared_earnings[u],
            pop.pp_true_earnings[u] * kept,
            out=np.full(n_units, 1 - values.population.paying_parent.employee_hidden_share),
            where=pop.pp_true_earnings[u] * kept > 0,
        ),
        declared_share_profit=np.divide(
            pop.pp_declared_profit[u],
            pop.pp_true_profit[u] * kept,
            out=np.ones(n_units),
            where=pop.pp_true_profit[u] * kept > 0,
        ),
        potential_earnings=np.where(true_earnings > 0, true_earnings, median_earnings),
        pension=pop.pp_pension_contributions[u].astype(float),
        unearned=pop.pp_unearned_income[u].astype(float),
        assets=pop.pp_assets[u].astype(float),
        partner=pop.pp_partner[u].astype(bool).copy(),
        roc=pop.pp_relevant_other_children[u].astype(np.int64).copy(),
        rnrc=pop.pp_relevant_non_resident_children[u].astype(np.int64),
        nil_rate=pop.pp_nil_rate[u].astype(bool),
        job=np.zeros(n_units, dtype=np.int64),
        out_months=np.where(out_of_work(employment), inc.long_term_after_months, 0).astype(
            np.int64
        ),
        net_income_monthly=pop.pp_net_income_bhc[u] / MONTHS_IN_YEAR,
        diverted_share=diverted_share,
        cash_in_hand=pop.pp_cash_in_hand_annual[u].astype(float),
    )
    declared = people.declared_annual()
    months = (start.month - TAX_YEAR_FIRST_MONTH) % MONTHS_IN_YEAR
    # the tax years behind the HMRC figure: the population's (the figure its
    # liabilities at the date are worked out on)
    record = TaxRecord(
        tax_years=np.repeat(
            pop.pp_hmrc_declared_annual[u].astype(float)[:, None], TAX_YEARS_KEPT, axis=1
        ),
        tax_year_total=declared * months / MONTHS_IN_YEAR,
        tax_year_months=months,
    )
    return people, record


def step(
    people: PayingParents,
    record: TaxRecord,
    frame: Frame,
    b,
    tolerance: float,
    rng: KeyedRandom,
    t: int,
    when: dt.date,
) -> IncomeChanges:
    """One month of work, pay, profits and partnerships; HMRC records the
    month's declared income. ``tolerance``: the change that counts as large
    (the 25% of the law in force at the run's start)."""
    inc, fam = b.income, b.family
    ids = frame.unit_ids
    employed = people.employment == EMPLOYEE
    self_emp = people.employment == SELF_EMPLOYED
    unemployed = out_of_work(people.employment)

    leave = employed & (
        rng.uniform_where("leave_work", ids, employed, t) < inc.employment_exit_prob
    )
    change = (
        employed
        & ~leave
        & (rng.uniform_where("job_change", ids, employed, t) < inc.job_change_prob)
    )
    # within-job changes of 25% or more: the part of the annual rate not
    # explained by job changes and job loss
    residual_annual = max(
        inc.income_change_ge25_annual_employee
        - (1 - (1 - inc.job_change_prob) ** MONTHS_IN_YEAR)
        * inc.income_change_ge25_given_job_change
        - (1 - (1 - inc.employment_exit_prob) ** MONTHS_IN_YEAR),
        0.0,
    )
    within = (
        employed
        & ~leave
        & ~change
        & (rng.uniform_where("pay_change", ids, employed, t) < per_month(residual_annual))
    )
    large = change & (
        rng.uniform_where("job_change_large", ids, change, t)
        < inc.income_change_ge25_given_job_change
    )
    factor = np.where(
        large | within,
        large_change_factor(rng, inc, tolerance, "pay_change_size", ids, t, large | within),
        np.exp(inc.small_change_sd_log * rng.normal_where("pay_change_small", ids, change, t)),
    )
    moved = change | within
    people.true_earnings = np.where(moved, people.true_earnings * factor, people.true_earnings)
    people.job = people.job + change + leave
    claims = rng.uniform_where("claims_on_job_loss", ids, leave, t) < inc.claims_benefit_on_job_loss
    people.potential_earnings = np.where(employed, people.true_earnings, people.potential_earnings)
    people.employment = np.where(
        leave, np.where(claims, FLAT_RATE_BENEFIT, NOT_WORKING), people.employment
    ).astype(np.int8)
    people.true_earnings = np.where(leave, 0.0, people.true_earnings)

    finding = np.where(
        people.out_months >= inc.long_term_after_months,
        inc.reemployment_prob_long_term,
        inc.reemployment_prob,
    )
    find = unemployed & (rng.uniform_where("find_work", ids, unemployed, t) < finding)
    back = people.potential_earnings * np.exp(
        inc.small_change_sd_log * rng.normal_where("find_work_pay", ids, find, t)
    )
    people.true_earnings = np.where(find, back, people.true_earnings)
    people.employment = np.where(find, EMPLOYEE, people.employment).astype(np.int8)
    people.job = people.job + find
    now_out = out_of_work(people.employment)
    people.out_months = np.where(now_out, people.out_months + 1, 0)

    se_change = self_emp & (
        rng.uniform_where("profit_change", ids, self_emp, t)
        < per_month(inc.income_change_ge25_annual_selfemployed)
    )
    people.true_profit = np.where(
        se_change,
        people.true_profit
        * large_change_factor(rng, inc, tolerance, "profit_change_size", ids, t, se_change),
        people.true_profit,
    )

    single = ~people.partner
    form = single & (rng.uniform_where("repartner", ids, single, t) < fam.repartner_monthly)
    split = people.partner & (
        rng.uniform_where("separate", ids, people.partner, t) < fam.separation_monthly
    )
    birth = (
        people.partner
        & ~split
        & (rng.uniform_where("new_child", ids, people.partner, t) < fam.new_child_monthly)
    )
    people.partner = (people.partner | form) & ~split
    roc_before = people.roc
    people.roc = np.where(split, 0, people.roc + birth)

    _record_declared_income(record, people, when)
    return IncomeChanges(
        changed=leave | find | (large | within) | se_change,
        other_children=people.roc != roc_before,
    )


def _record_declared_income(record: TaxRecord, people: PayingParents, when: dt.date) -> None:
    """In April the tax year just ended becomes the latest complete one; the
    declared income of the current tax year builds up month by month."""
    if when.month == TAX_YEAR_FIRST_MONTH and record.tax_year_months > 0:
        year_figure = record.tax_year_total * (MONTHS_IN_YEAR / record.tax_year_months)
        record.tax_years = np.column_stack([year_figure, record.tax_years[:, :-1]])
        record.tax_year_total = np.zeros(len(people.employment))
        record.tax_year_months = 0
    record.tax_year_total += people.declared_annual() / MONTHS_IN_YEAR
    record.tax_year_months += 1
