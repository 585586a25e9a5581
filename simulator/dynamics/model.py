"""Monthly case dynamics: incomes move, the CMS learns late, liabilities follow,
parents pay (or not), enforcement escalates and arrears build up.

:func:`simulate` moves every family of a population forward month by month,
all at once (numpy over families; the only Python loop is over months). Each
month, in this order:

1. **True incomes move** (paying parents): job changes, leaving and finding
   work, self-employed profit changes, moving on and off flat-rate benefits,
   new partners and relevant other children. Declared income follows true
   income less the hidden share; it builds up the tax-year figures HMRC holds.
2. **What the CMS knows lags**: it assesses on HMRC historic income (the latest
   tax year available, typically 1-2 years old) until the annual review or a
   reported change of at least 25% (reports of falls are much likelier than of
   rises); changes take time to process; self-employed current income is seen
   only through later tax returns; the benefit status is learnt after the
   processing delay; variations for unearned income and notional income from
   assets follow a receiving parent's application. Whenever the assessed income
   or the case changes, the liability is recomputed with the statutory rules
   engine (:func:`simulator.rules.maintenance_liability`) — never re-implemented.
3. **Arrangements move**: new applications, closures, Direct Pay cases moving
   to Collect and Pay when payments break down and the receiving parent reports
   it, Collect and Pay cases returning to Direct Pay, family-based arrangements
   breaking down and forming.
4. **Payments**: deduction from earnings orders pay while the job lasts,
   deductions from benefit while the benefit lasts, otherwise a compliance
   model (a lasting propensity per paying parent, the service, self-employment,
   the burden of liability plus fees relative to income, domestic abuse and
   contact). Collect and Pay collection fees are charged as the rules say (20%
   on the paying parent's liability, 4% off what is collected).
5. **Enforcement** on Collect and Pay: missed-payment contact, deduction from
   earnings orders (lapsing on a job change and re-issued after a delay), bank
   deduction orders, liability orders (court or administrative route) and
   sanctions, with delays; enforcement charges added to what is owed.
6. **Arrears**: unpaid Collect and Pay maintenance, fees and charges, and what is
   recovered; small arrears of closed cases written off as the rules allow.

Every behavioural number comes from the assumption register
(``simulator/inputs/register/behaviour*.yaml``); random draws are keyed to
(seed, process, paying-parent or family id, month), so a family's luck does not
depend on other families or on the scenario.

Only aggregates are kept month by month (memory does not grow with months x
families) unless per-family records are asked for.
"""

from __future__ import annotations

import calendar
import copy
import datetime as dt
import multiprocessing as mp
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from simulator.inputs.assumptions import AssumptionSet, load_assumptions
from simulator.inputs.parameters import ParameterSet, load_parameters
from simulator.inputs.switches import Switches
from simulator.population import (
    CMS,
    COLLECT_AND_PAY,
    DIRECT_PAY,
    EMPLOYEE,
    FAMILY_BASED,
    FLAT_RATE_BENEFIT,
    NO_ARRANGEMENT,
    NOT_CMS,
    NOT_WORKING,
    SELF_EMPLOYED,
    Population,
)
from simulator.randomness import KeyedRandom
from simulator.rules import calculation as rules_calculation
from simulator.rules import maintenance_liability
from simulator.rules.fees import (
    DEDUCTION_FROM_EARNINGS_ORDER,
    LIABILITY_ORDER,
    LUMP_SUM_DEDUCTION_ORDER,
    REGULAR_DEDUCTION_ORDER,
    enforcement_charge,
    paying_parent_collection_fee,
    receiving_parent_collection_fee,
)
from simulator.rules.income import income_change_is_relevant, weekly_from_annual
from simulator.rules.variations import (
    notional_income_from_assets_weekly,
    unearned_income_weekly,
)

__all__ = ["ENFORCEMENT_STAGES", "Run", "SimulationResult", "Switches", "simulate", "simulate_runs"]

# Enforcement stages of a Collect and Pay case
NONE, CONTACT, DEDUCTION, LIABILITY_ORDER_APPLIED, LIABILITY_ORDER_GRANTED = range(5)
ENFORCEMENT_STAGES = (
    "none",
    "missed_payment_contact",
    "deduction_order",
    "liability_order_applied",
    "liability_order_granted",
)
MONTHS_IN_YEAR = 12
DAYS_IN_WEEK = 7
TAX_YEAR_FIRST_MONTH = 4  # the tax year starts in April (6 April; modelled from the month)
TAX_YEARS_KEPT = 4  # tax-year declared incomes held for the HMRC figure
#: A payment short of what was due by less than this (£) counts as in full.
HALF_PENNY = 0.005
#: lo_recovery_prob_6m is a probability within six months.
RECOVERY_WINDOW_MONTHS = 6


def per_month(probability_per_year: float | np.ndarray) -> np.ndarray:
    """A probability per year as one per month: 1 - (1 - a)^(1/12)."""
    return 1.0 - (1.0 - np.asarray(probability_per_year, dtype=float)) ** (1 / MONTHS_IN_YEAR)


def per_month_within(probability: float, months: float) -> float:
    """The monthly hazard that reaches ``probability`` within ``months``."""
    return 1.0 - (1.0 - probability) ** (1 / max(months, 1e-9))


def monthly_completion(mean_delay_months: float) -> float:
    """Probability per month that something with a geometric delay of mean
    ``mean_delay_months`` (in whole months, 0 = this month) completes."""
    return 1.0 / (1.0 + max(mean_delay_months, 0.0))


#: Logits are clipped to this size before exponentiating (probabilities of
#: 1e-22 and 1 - 1e-22 are indistinguishable from 0 and 1 here).
_LOGIT_LIMIT = 50.0


def _out_of_work(employment: np.ndarray) -> np.ndarray:
    return (employment == FLAT_RATE_BENEFIT) | (employment == NOT_WORKING)


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(x, -_LOGIT_LIMIT, _LOGIT_LIMIT)))


@dataclass
class MonthResult:
    """One month's payments: arrays for the CMS families (``index``) and the
    family-based ones (``family_based``), and arrears written off (all families)."""

    index: np.ndarray
    local: dict[str, np.ndarray]
    masks: dict[str, np.ndarray]
    family_based: np.ndarray
    family_based_local: dict[str, np.ndarray]
    written_off: np.ndarray

    def full(self, key: str, n: int) -> np.ndarray:
        """A quantity as a full-length array (zero for other families)."""
        if key == "written_off":
            return self.written_off
        out = np.zeros(n, dtype=bool if key in self.masks else float)
        if key in self.family_based_local:
            out[self.family_based] = self.family_based_local[key]
        else:
            out[self.index] = self.masks[key] if key in self.masks else self.local[key]
        return out


@dataclass
class SimulationResult:
    """What :func:`simulate` returns.

    ``monthly``: one row per month, weighted totals and counts.
    ``quarterly``: compliance measures per calendar quarter.
    ``families``: per-family sums over the last ``window_months`` months and the
    final state (arrays aligned with the population).
    ``records``: per-family monthly arrays (months x families), only if asked for.
    """

    monthly: pd.DataFrame
    quarterly: pd.DataFrame
    families: dict[str, np.ndarray]
    records: dict[str, np.ndarray] | None
    metadata: dict = field(default_factory=dict)


@dataclass(frozen=True)
class _Shared:
    """Rates set from the whole population at the start and then held, so that
    families in different chunks never affect each other (a family's path
    depends only on its paying parent's families, the seed and these)."""

    closure_rates: tuple[float, float]
    long_term_finding: float
    median_earnings: float
    family_based_form_rate: float
    width: int

    @classmethod
    def of(cls, pop: Population, values) -> _Shared:
        b = values.behaviour
        s, inc = b.service, b.income
        w = pop.weight.astype(float)
        arrangement, service = pop.arrangement, pop.service
        first = pop.receiving_parent_rank == 0

        # closures that keep the caseload and its service split steady:
        # applications (the new-application rate times the families outside
        # the CMS) replace closures, and each service's inflow (its share of new
        # cases plus moves in) equals its outflow (closures plus moves out)
        direct = w[(arrangement == CMS) & (service == DIRECT_PAY)].sum()
        collect = w[(arrangement == CMS) & (service == COLLECT_AND_PAY)].sum()
        applications = s.new_application_monthly * w[arrangement != CMS].sum()
        move, back = s.dp_to_cp_transition, s.collect_and_pay_to_direct_pay_monthly
        new_cp = s.new_case_collect_and_pay_share
        dp_rate = ((1 - new_cp) * applications + back * collect) / direct - move if direct else 0.0
        cp_rate = (new_cp * applications + move * direct) / collect - back if collect else 0.0

        # long-term re-employment that keeps the stock of long-term out-of-work
        # paying parents steady: those leaving work who are still out of work at
        # the long-term mark replace those leaving it
        employment = pop.pp_employment[first]
        employed = w[first][employment == EMPLOYEE].sum()
        out = w[first][_out_of_work(employment)].sum()
        if out > 0:
            inflow = (
                inc.employment_exit_prob
                * employed
                * (1 - inc.reemployment_prob) ** (inc.long_term_after_months)
            )
            long_term = float(min(inflow / out, inc.reemployment_prob))
        else:
            long_term = inc.reemployment_prob

        earnings = pop.pp_true_earnings[first]
        median = float(np.median(earnings[earnings > 0])) if (earnings > 0).any() else 0.0

        # family-based arrangements form at the rate that balances breakdowns
        w_fb = w[arrangement == FAMILY_BASED].sum()
        w_none = w[arrangement == NO_ARRANGEMENT].sum()
        form = s.family_based_breakdown_monthly * (w_fb / w_none) if w_none > 0 else 0.0
        return cls(
            closure_rates=(max(dp_rate, 0.0), max(cp_rate, 0.0)),
            long_term_finding=long_term,
            median_earnings=median,
            family_based_form_rate=float(form),
            width=int(pop.receiving_parent_rank.max(initial=0)) + 1,
        )


class _Model:
    """The state of a set of families and their paying parents, and one month's step."""

    def __init__(
        self,
        pop: Population,
        parameters: ParameterSet,
        assumptions: AssumptionSet,
        rng: KeyedRandom,
        start: dt.date,
        shared: _Shared,
        switches: Switches | None = None,
        law_date: dt.date | None = None,
    ):
        """``law_date``: when the families' history begins (the first warm-up
        month; default ``start``). The starting state is set under the law in
        force then, so that it does not depend on a reform from ``start``."""
        self.pop = pop
        self.parameters = parameters
        self.values = assumptions.values()
        self.b = self.values.behaviour
        self.rng = rng
        self.start = start
        self.current_p = parameters.at(law_date or start)
        n = len(pop)
        self.n = n
        self.family_ids = pop.family_id.astype(np.int64)
        self.weight = pop.weight.astype(float)
        units, self.unit_of = np.unique(pop.paying_parent_id, return_inverse=True)
        self.unit_ids = units.astype(np.int64)
        self.n_units = len(units)
        self.rank = pop.receiving_parent_rank.astype(np.int64)
        first = np.zeros(self.n_units, dtype=np.int64)
        first[self.unit_of[self.rank == 0]] = np.flatnonzero(self.rank == 0)
        self.first = first
        width = shared.width
        self.nights = np.full(
            (self.n_units, width, pop.child_nights.shape[1]), -1, dtype=pop.child_nights.dtype
        )
        self.nights[self.unit_of, self.rank] = pop.child_nights
        # most nights any child of the family spends with the paying parent
        self.most_nights = pop.child_nights.max(axis=1)

        # --- paying parents (units)
        u = first
        self.employment = pop.pp_employment[u].astype(np.int8).copy()
        self.true_earnings = pop.pp_true_earnings[u].astype(float).copy()
        self.true_profit = pop.pp_true_profit[u].astype(float).copy()
        # what share of true income reaches HMRC (kept through job changes)
        self.declared_share_earnings = np.divide(
            pop.pp_declared_earnings[u],
            pop.pp_true_earnings[u],
            out=np.full(
                self.n_units, 1 - self.values.population.paying_parent.employee_hidden_share
            ),
            where=pop.pp_true_earnings[u] > 0,
        )
        self.declared_share_profit = np.divide(
            pop.pp_declared_profit[u],
            pop.pp_true_profit[u],
            out=np.ones(self.n_units),
            where=pop.pp_true_profit[u] > 0,
        )
        # earnings a parent out of work would return to
        self.potential_earnings = np.where(
            self.true_earnings > 0, self.true_earnings, shared.median_earnings
        )
        self.pension = pop.pp_pension_contributions[u].astype(float)
        self.unearned = pop.pp_unearned_income[u].astype(float)
        self.assets = pop.pp_assets[u].astype(float)
        self.partner = pop.pp_partner[u].astype(bool).copy()
        self.roc = pop.pp_relevant_other_children[u].astype(np.int64).copy()
        self.rnrc = pop.pp_relevant_non_resident_children[u].astype(np.int64)
        self.nil_rate = pop.pp_nil_rate[u].astype(bool)
        self.job = np.zeros(self.n_units, dtype=np.int64)  # job counter: a DEO binds one job
        # months out of work; the stock at the start counts as long-term
        inc = self.b.income
        self.out_months = np.where(
            _out_of_work(self.employment),
            inc.long_term_after_months,
            0,
        ).astype(np.int64)
        self.long_term_finding = shared.long_term_finding
        self.shared = shared
        self.net_income_monthly = pop.pp_net_income_bhc[u] / MONTHS_IN_YEAR
        # HMRC: declared income of past tax years (index 0 = latest complete) and
        # the current tax year building up month by month
        declared = self.declared_annual()
        self.tax_years = np.repeat(declared[:, None], TAX_YEARS_KEPT, axis=1)
        # months of the current tax year before the start, at today's income
        self.tax_year_months = (start.month - TAX_YEAR_FIRST_MONTH) % MONTHS_IN_YEAR
        self.tax_year_total = declared * self.tax_year_months / MONTHS_IN_YEAR
        self._initial_lag(declared)

        # --- arrangements (families) and CMS cases (units)
        self.arrangement = pop.arrangement.astype(np.int8).copy()
        self.service = pop.service.astype(np.int8).copy()
        start_months = np.where(
            np.isnat(pop.case_start),
            0,
            (pop.case_start.astype("datetime64[M]").astype(np.int64) % MONTHS_IN_YEAR),
        )
        self.review_month = start_months[first].astype(np.int64)  # calendar month index 0-11
        self.domestic_abuse = pop.domestic_abuse.astype(bool)
        self.known_benefit = self.employment == FLAT_RATE_BENEFIT
        self.assessed_weekly = weekly_from_annual(self.historic_income(), self.current_p)
        self.reported = np.zeros(self.n_units, dtype=bool)  # a change awaiting processing
        self.variation_pending = np.zeros(self.n_units, dtype=bool)
        self.variation_applied = np.zeros(self.n_units, dtype=bool)
        self.switches = switches or Switches()
        # lifestyle ground (a reform): referred, then decided; the deemed income
        self.lifestyle_pending = np.zeros(self.n_units, dtype=bool)
        self.lifestyle_applied = np.zeros(self.n_units, dtype=bool)
        self.lifestyle_weekly = np.zeros(self.n_units)
        self.weekly_liability = np.zeros(n)
        self.unit_dirty = np.ones(self.n_units, dtype=bool)
        self.last_period = None
        self.closure_rates = shared.closure_rates
        self.family_based_weekly = np.zeros(n)
        self._family_based_amounts(np.flatnonzero(self.arrangement == FAMILY_BASED))

        # --- payments and enforcement (families)
        self.latent = rng.normal("compliance_latent", self.unit_ids)[self.unit_of]
        self.effects = self._compliance_effects()
        self.stage = np.zeros(n, dtype=np.int8)
        self.stage_months = np.zeros(n, dtype=np.int64)
        self.deo_active = np.zeros(n, dtype=bool)
        # Whether a deduction order collects: decided once per order (payroll
        # deductions do not miss months at random); likewise deductions from
        # benefit, once per paying parent.
        self.deo_effective = np.zeros(n, dtype=bool)
        self.benefit_deduction_effective = (
            rng.uniform("benefit_deduction_effective", self.unit_ids)
            < self.b.compliance.benefit_deduction_payment_prob
        )
        self.deo_job = np.full(n, -1, dtype=np.int64)
        self.deo_reissue = np.zeros(n, dtype=bool)  # lapsed order waiting to be re-issued
        self.arrears_maintenance = np.zeros(n)
        self.arrears_fees = np.zeros(n)
        self.arrears_charges = np.zeros(n)
        self.full_streak = np.zeros(n, dtype=np.int64)
        self.dp_breakdown = np.zeros(n, dtype=bool)
        # Parents who pay each other directly: the Direct Pay compliance shift
        # belongs to the arrangement (selection: parents who can cooperate choose
        # Direct Pay), so it is kept if Direct Pay is abolished or the case moves
        # to collection on request, and lost when a Direct Pay arrangement breaks
        # down.
        self.cooperative = (self.arrangement == CMS) & (self.service == DIRECT_PAY)
        self.months_since_change = np.full(self.n_units, -1, dtype=np.int64)
        self.month_index = 0

    def branch(self) -> _Model:
        """An independent copy of the state (arrays copied; the population,
        parameters, draws and shared rates, which are never changed, shared)."""
        twin = copy.copy(self)
        for name, value in vars(self).items():
            if isinstance(value, np.ndarray):
                setattr(twin, name, value.copy())
        twin.effects = dict(self.effects)
        return twin

    def use(self, assumptions: AssumptionSet, switches: Switches | None) -> None:
        """Behaviour and switches from now on (after a warm-up under others)."""
        self.values = assumptions.values()
        self.b = self.values.behaviour
        self.effects = self._compliance_effects()
        self.switches = switches or Switches()

    # ------------------------------------------------------------------ helpers

    def _compliance_effects(self) -> dict[str, float]:
        """Published effects on compliance as shifts on the logit scale, at the
        published Collect and Pay compliance level p (cp_paid_some_qtr): a
        relative effect m (self-employment, domestic abuse) shifts the logit by
        logit(m p) - logit(p); a percentage-point effect d (contact, fee threat,
        missed-payment contact) by logit(p + d) - logit(p); a slope s in points
        per point of burden by s / (p (1 - p))."""
        c = self.b.compliance
        p = c.cp_paid_some_qtr

        def logit(x: float) -> float:
            x = min(max(x, 1e-6), 1 - 1e-6)
            return float(np.log(x / (1 - x)))

        return {
            "self_employed": logit(c.selfemp_compliance_multiplier * p) - logit(p),
            "domestic_abuse": logit(c.da_compliance_multiplier * p) - logit(p),
            "contact": logit(p + c.contact_payment_gap_observed * c.contact_effect_causal_share)
            - logit(p),
            "fee_threat": logit(p + c.dp_compliance_effect_pp_fee_threat) - logit(p),
            "contact_response": logit(p + c.missed_payment_contact_response) - logit(p),
            "burden_slope": c.compliance_slope_above_threshold / (p * (1 - p)),
        }

    def p_at(self, when: dt.date):
        return self.parameters.at(when)

    def declared_annual(self) -> np.ndarray:
        return (
            self.true_earnings * self.declared_share_earnings
            + self.true_profit * self.declared_share_profit
        )

    def current_income_known(self, units: np.ndarray | slice = slice(None)) -> np.ndarray:
        """Annual income the CMS can see now: employees' pay through PAYE real
        time information; the self-employed only through tax returns (the latest
        tax year available); less evidenced pension contributions, as for the
        historic figure."""
        employed = self.employment[units] == EMPLOYEE
        return np.where(
            employed,
            np.maximum(
                self.true_earnings[units] * self.declared_share_earnings[units]
                - self.pension[units],
                0.0,
            ),
            self.historic_income(units, self_employed=True),
        )

    def true_income_weekly(self, units: np.ndarray | slice = slice(None)) -> np.ndarray:
        """True earnings and profit less pension contributions, £ a week."""
        annual = self.true_earnings[units] + self.true_profit[units] - self.pension[units]
        return weekly_from_annual(np.maximum(annual, 0.0), self.current_p)

    def historic_income(
        self, units: np.ndarray | slice = slice(None), self_employed: bool = False
    ) -> np.ndarray:
        """The HMRC figure: declared income of the latest tax year available,
        less evidenced pension contributions (SI 2012/2677 regs. 35-36).

        The latest complete tax year becomes available some months after it
        ends: hmrc_income_age_at_review less the half year from its middle to
        its end; for self-employed current income, selfemp_current_income_lag
        less that half year."""
        r = self.b.reporting
        age = r.selfemp_current_income_lag if self_employed else r.hmrc_income_age_at_review
        available_after = max(age - MONTHS_IN_YEAR / 2, 0.0)
        # months since the latest complete tax year ended
        years_back = 0 if self.tax_year_months >= available_after else 1
        years_back = min(years_back, TAX_YEARS_KEPT - 1)
        return np.maximum(self.tax_years[units, years_back] - self.pension[units], 0.0)

    def _initial_lag(self, declared: np.ndarray) -> None:
        """Tax-year history before the start: the income of the tax year behind
        the HMRC figure differs from today's by a change of 25% or more with the
        probability of one happening over the figure's age."""
        inc = self.b.income
        age = self.b.reporting.hmrc_income_age_at_review
        employed = self.employment == EMPLOYEE
        annual = np.where(
            self.employment == SELF_EMPLOYED,
            inc.income_change_ge25_annual_selfemployed,
            inc.income_change_ge25_annual_employee,
        )
        changed = self.rng.uniform("initial_lag", self.unit_ids) < 1 - (1 - annual) ** (
            age / MONTHS_IN_YEAR
        )
        factor = self._large_change_factor("initial_lag_size", self.unit_ids, 0, p=self.current_p)
        past = np.where(
            changed & (employed | (self.employment == SELF_EMPLOYED)), declared / factor, declared
        )
        # out of work now: in work before with the same probability, at potential pay
        was_working = changed & _out_of_work(self.employment)
        past = np.where(was_working, self.potential_earnings * self.declared_share_earnings, past)
        self.tax_years[:, :] = past[:, None]

    def _large_change_factor(
        self, name: str, ids: np.ndarray, step: int, mask: np.ndarray | None = None, p=None
    ) -> np.ndarray:
        """Factors for income changes of 25% or more: a log size beyond the 25%
        threshold drawn from an exponential, up or down (1 outside ``mask``).
        The threshold is the tolerance in force at the start (or under ``p``)."""
        inc = self.b.income
        mask = np.ones(len(ids), dtype=bool) if mask is None else mask
        tolerance = (self.p_at(self.start) if p is None else p).income.change_tolerance
        threshold = np.log(1 + tolerance)
        size = threshold - inc.large_change_excess_log_mean * np.log(
            self.rng.uniform_where(name, ids, mask, step)
        )
        rise = self.rng.uniform_where(name + "_sign", ids, mask, step) < inc.large_change_rise_share
        return np.where(mask, np.exp(np.where(rise, size, -size)), 1.0)

    def _family_based_amounts(self, families: np.ndarray) -> None:
        """Amount of new family-based arrangements: the statutory calculation on
        the paying parent's true income times the agreed-amount ratio."""
        if families.size == 0:
            return
        units = np.unique(self.unit_of[families])
        calc = self._calculate(units, true_income=True)
        slot = calc.weekly_liability_by_receiving_parent
        position = np.searchsorted(units, self.unit_of[families])
        self.family_based_weekly[families] = (
            slot[position, self.rank[families]] * self.b.compliance.family_based_amount_ratio
        )

    def _calculate(self, units: np.ndarray, true_income: bool = False):
        p = self.current_p
        if true_income:
            income = self.true_income_weekly(units)
            benefit = self.employment[units] == FLAT_RATE_BENEFIT
            unearned = np.zeros(len(units))
            assets = np.zeros(len(units))
            lifestyle = np.zeros(len(units))
        else:
            income = self.assessed_weekly[units]
            benefit = self.known_benefit[units]
            applied = self.variation_applied[units]
            unearned = np.where(applied, self.unearned[units], 0.0)
            assets = np.where(applied, self.assets[units], 0.0)
            lifestyle = self.lifestyle_weekly[units]
        return maintenance_liability(
            income,
            self.nights[units],
            p,
            relevant_other_children=self.roc[units],
            relevant_non_resident_children=self.rnrc[units],
            flat_rate_benefit=benefit,
            nil_rate_person=self.nil_rate[units],
            unearned_income_annual=unearned,
            notional_assets=assets,
            lifestyle_income_weekly=lifestyle,
        )

    # ------------------------------------------------------------------ month

    def step(self, when: dt.date, frozen: bool = False) -> MonthResult:
        """One month. ``frozen`` (warm-up): incomes and arrangements stay as they are."""
        self.current_p = p = self.p_at(when)
        period = p.date
        if period != self.last_period:
            self.unit_dirty[:] = True
            self.last_period = period
        t = self.month_index
        days = calendar.monthrange(when.year, when.month)[1]
        if not frozen:
            self._incomes(t, when)
            self._cms_knowledge(t, when)
            self._arrangements(t, when)
        self._liabilities()
        out = self._payments(t, days)
        self.month_index += 1
        return out

    def _incomes(self, t: int, when: dt.date) -> None:
        rng, inc, fam = self.rng, self.b.income, self.b.family
        ids = self.unit_ids
        employed = self.employment == EMPLOYEE
        self_emp = self.employment == SELF_EMPLOYED
        out_of_work = _out_of_work(self.employment)

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
            self._large_change_factor("pay_change_size", ids, t, large | within),
            np.exp(inc.small_change_sd_log * rng.normal_where("pay_change_small", ids, change, t)),
        )
        moved = change | within
        self.true_earnings = np.where(moved, self.true_earnings * factor, self.true_earnings)
        self.job = self.job + change + leave
        claims = (
            rng.uniform_where("claims_on_job_loss", ids, leave, t) < inc.claims_benefit_on_job_loss
        )
        self.potential_earnings = np.where(employed, self.true_earnings, self.potential_earnings)
        self.employment = np.where(
            leave, np.where(claims, FLAT_RATE_BENEFIT, NOT_WORKING), self.employment
        ).astype(np.int8)
        self.true_earnings = np.where(leave, 0.0, self.true_earnings)

        finding = np.where(
            self.out_months >= inc.long_term_after_months,
            self.long_term_finding,
            inc.reemployment_prob,
        )
        find = out_of_work & (rng.uniform_where("find_work", ids, out_of_work, t) < finding)
        back = self.potential_earnings * np.exp(
            inc.small_change_sd_log * rng.normal_where("find_work_pay", ids, find, t)
        )
        self.true_earnings = np.where(find, back, self.true_earnings)
        self.employment = np.where(find, EMPLOYEE, self.employment).astype(np.int8)
        self.job = self.job + find
        now_out = _out_of_work(self.employment)
        self.out_months = np.where(now_out, self.out_months + 1, 0)

        se_change = self_emp & (
            rng.uniform_where("profit_change", ids, self_emp, t)
            < per_month(inc.income_change_ge25_annual_selfemployed)
        )
        self.true_profit = np.where(
            se_change,
            self.true_profit * self._large_change_factor("profit_change_size", ids, t, se_change),
            self.true_profit,
        )

        single = ~self.partner
        form = single & (rng.uniform_where("repartner", ids, single, t) < fam.repartner_monthly)
        split = self.partner & (
            rng.uniform_where("separate", ids, self.partner, t) < fam.separation_monthly
        )
        birth = (
            self.partner
            & ~split
            & (rng.uniform_where("new_child", ids, self.partner, t) < fam.new_child_monthly)
        )
        self.partner = (self.partner | form) & ~split
        roc_before = self.roc
        self.roc = np.where(split, 0, self.roc + birth)
        self.unit_dirty |= self.roc != roc_before

        # income changes of 25% or more (true) start a clock for "months to a
        # corrected liability"
        changed = leave | find | (large | within) | se_change
        self.months_since_change = np.where(
            changed, 0, np.where(self.months_since_change >= 0, self.months_since_change + 1, -1)
        )

        # HMRC: in April the tax year just ended becomes the latest complete
        # one; the declared income of the current tax year builds up
        if when.month == TAX_YEAR_FIRST_MONTH and self.tax_year_months > 0:
            year_figure = self.tax_year_total * (MONTHS_IN_YEAR / self.tax_year_months)
            self.tax_years = np.column_stack([year_figure, self.tax_years[:, :-1]])
            self.tax_year_total = np.zeros(self.n_units)
            self.tax_year_months = 0
        self.tax_year_total += self.declared_annual() / MONTHS_IN_YEAR
        self.tax_year_months += 1

    def _cms_knowledge(self, t: int, when: dt.date) -> None:
        """What the CMS knows, for paying parents with CMS cases (``k`` below)."""
        rng, r, hid = self.rng, self.b.reporting, self.b.hidden_income
        p = self.current_p
        cms_unit = np.zeros(self.n_units, dtype=bool)
        cms_unit[self.unit_of[self.arrangement == CMS]] = True
        k = np.flatnonzero(cms_unit)
        ids = self.unit_ids[k]
        processed = rng.uniform("processing", ids, t) < monthly_completion(
            r.cms_change_processing_lag
        )
        employment = self.employment[k]
        assessed = self.assessed_weekly[k]
        known_benefit = self.known_benefit[k]
        dirty = np.zeros(len(k), dtype=bool)

        # benefit status: the CMS learns of a start or end after processing
        benefit_now = employment == FLAT_RATE_BENEFIT
        learn = (benefit_now != known_benefit) & processed
        known_benefit = np.where(learn, benefit_now, known_benefit)
        dirty |= learn
        current = weekly_from_annual(self.current_income_known(k), p)
        # a parent leaving benefit for work is assessed on current pay
        assessed = np.where(learn & ~benefit_now & (employment == EMPLOYEE), current, assessed)

        # reported changes of 25% or more between reviews (reg. 23)
        relevant = ~known_benefit & income_change_is_relevant(assessed, current, p)
        hazard = np.where(
            current < assessed, r.report_hazard_income_decrease, r.report_hazard_income_increase
        )
        reported = self.reported[k]
        unreported = relevant & ~reported
        reported |= unreported & (rng.uniform_where("report", ids, unreported, t) < hazard)
        apply = reported & processed
        still = apply & income_change_is_relevant(assessed, current, p)
        assessed = np.where(still, current, assessed)
        reported &= ~apply
        dirty |= still

        # annual review: the latest HMRC figure, or current income if it differs
        # by 25% or more and is known (reg. 34)
        review = self.review_month[k] == (when.month - 1)
        historic = weekly_from_annual(self.historic_income(k), p)
        use_current = income_change_is_relevant(historic, current, p) & (employment == EMPLOYEE)
        assessed = np.where(
            review & ~known_benefit, np.where(use_current, current, historic), assessed
        )
        dirty |= review

        # variations for unearned income or notional income from assets
        v = p.variations
        ground = (self.unearned[k] >= v.unearned_income.threshold_annual) | (
            v.notional_income_from_assets.available
            & (self.assets[k] > (v.notional_income_from_assets.asset_threshold or np.inf))
        )
        applied, pending = self.variation_applied[k], self.variation_pending[k]
        eligible = ground & ~applied & ~pending
        apply_for = eligible & (
            rng.uniform_where("variation_application", ids, eligible, t)
            < per_month(hid.rp_variation_application_given_hidden)
        )
        succeeds = (
            rng.uniform_where("variation_success", ids, apply_for, t)
            < hid.variation_success_given_application
        )
        pending |= apply_for & succeeds
        decided = pending & (
            rng.uniform_where("variation_decision", ids, pending, t)
            < monthly_completion(hid.hidden_income_detection_lag)
        )
        applied |= decided
        pending &= ~decided
        dirty |= decided

        # a reform: employees' pay changes seen in monthly payroll (RTI) data
        if self.switches.rti_reassessment:
            rti = (
                ~known_benefit
                & (employment == EMPLOYEE)
                & (np.abs(current - assessed) > HALF_PENNY)
            )
            seen = rti & (
                rng.uniform_where("rti_processing", ids, rti, t)
                < monthly_completion(self.b.reform.rti_processing_lag)
            )
            assessed = np.where(seen, current, assessed)
            reported &= ~seen
            dirty |= seen

        # a reform: the lifestyle ground — hidden income of at least the
        # unearned-income threshold is referred (receiving parent or CMS checks),
        # a share of the referrals succeed, and after the decision delay a share
        # of the gap is deemed income in the assessment
        if p.variations.lifestyle_income.available:
            ref = self.b.reform
            gap = np.maximum(
                self.true_earnings[k] + self.true_profit[k] - self.declared_annual()[k], 0.0
            )
            l_applied, l_pending = self.lifestyle_applied[k], self.lifestyle_pending[k]
            open_ = (gap >= v.unearned_income.threshold_annual) & ~l_applied & ~l_pending
            referred = open_ & (
                rng.uniform_where("lifestyle_referral", ids, open_, t)
                < per_month(ref.lifestyle_detection_annual)
            )
            l_pending |= referred & (
                rng.uniform_where("lifestyle_success", ids, referred, t)
                < hid.variation_success_given_application
            )
            l_decided = l_pending & (
                rng.uniform_where("lifestyle_decision", ids, l_pending, t)
                < monthly_completion(hid.hidden_income_detection_lag)
            )
            self.lifestyle_weekly[k] = np.where(
                l_decided,
                weekly_from_annual(ref.lifestyle_share_of_gap * gap, p),
                self.lifestyle_weekly[k],
            )
            self.lifestyle_applied[k] = l_applied | l_decided
            self.lifestyle_pending[k] = l_pending & ~l_decided
            dirty |= l_decided

        # months from an income change of 25% or more to a corrected liability
        true_now = self.true_income_weekly(k)
        since = self.months_since_change[k]
        corrected = (since >= 0) & ~income_change_is_relevant(assessed, true_now, p)
        self._corrected_after = since[corrected]
        self.months_since_change[k] = np.where(corrected, -1, since)

        self.assessed_weekly[k] = assessed
        self.known_benefit[k] = known_benefit
        self.reported[k] = reported
        self.variation_applied[k] = applied
        self.variation_pending[k] = pending
        self.unit_dirty[k] |= dirty

    def _arrangements(self, t: int, when: dt.date) -> None:
        rng, s, b = self.rng, self.b.service, self.b
        p = self.current_p
        fids, uids = self.family_ids, self.unit_ids
        first_arrangement = self.arrangement[self.first]

        # new applications (whole paying-parent units) and closures
        outside = first_arrangement != CMS
        apply = outside & (rng.uniform("application", uids, t) < s.new_application_monthly)
        closure_rate = np.where(
            self.service[self.first] == COLLECT_AND_PAY,
            self.closure_rates[1],
            self.closure_rates[0],
        )
        close = (first_arrangement == CMS) & (
            rng.uniform_where("closure", uids, first_arrangement == CMS, t) < closure_rate
        )
        to_family = (
            rng.uniform_where("closure_destination", uids, close, t)
            < s.closure_to_family_based_share
        )
        apply_f, close_f = apply[self.unit_of], close[self.unit_of]
        new_service = np.where(
            (
                rng.uniform_where("new_case_service", fids, apply_f, t)
                < s.new_case_collect_and_pay_share
            )
            | (not p.service.direct_pay.available),
            COLLECT_AND_PAY,
            DIRECT_PAY,
        ).astype(np.int8)
        self.arrangement = np.where(apply_f, CMS, self.arrangement).astype(np.int8)
        self.service = np.where(apply_f, new_service, self.service).astype(np.int8)
        self.cooperative = np.where(apply_f, new_service == DIRECT_PAY, self.cooperative)
        self.review_month = np.where(apply, when.month - 1, self.review_month)
        applying = np.flatnonzero(apply)
        initial = weekly_from_annual(self.historic_income(applying), p)
        current = weekly_from_annual(self.current_income_known(applying), p)
        use_current = income_change_is_relevant(initial, current, p) & (
            self.employment[applying] == EMPLOYEE
        )
        self.assessed_weekly[applying] = np.where(use_current, current, initial)
        self.known_benefit[applying] = self.employment[applying] == FLAT_RATE_BENEFIT
        self.variation_applied &= ~apply
        self.lifestyle_applied &= ~apply
        self.lifestyle_pending &= ~apply
        self.lifestyle_weekly = np.where(apply, 0.0, self.lifestyle_weekly)
        self.unit_dirty |= apply
        closed_to = np.where(to_family, FAMILY_BASED, NO_ARRANGEMENT)[self.unit_of]
        self.arrangement = np.where(close_f, closed_to, self.arrangement).astype(np.int8)
        self.service = np.where(close_f, NOT_CMS, self.service).astype(np.int8)
        # small arrears of closed cases are written off (SI 2024/87)
        total = self.arrears_maintenance + self.arrears_fees + self.arrears_charges
        self._written_off = np.where(
            close_f & (total < p.service.write_off.small_arrears_threshold), total, 0.0
        )
        written = self._written_off > 0
        for arrears in (self.arrears_maintenance, self.arrears_fees, self.arrears_charges):
            arrears[written] = 0.0
        self.stage = np.where(close_f, NONE, self.stage).astype(np.int8)
        self.deo_active &= ~close_f

        # family-based arrangements break down; new ones form (balancing, so the
        # shares stay steady)
        family_based = self.arrangement == FAMILY_BASED
        none = self.arrangement == NO_ARRANGEMENT
        form_rate = self.shared.family_based_form_rate
        break_up = family_based & (
            rng.uniform_where("family_based_breakdown", fids, family_based, t)
            < s.family_based_breakdown_monthly
        )
        form = none & ~close_f & (rng.uniform_where("family_based_form", fids, none, t) < form_rate)
        self.arrangement = np.where(
            break_up, NO_ARRANGEMENT, np.where(form, FAMILY_BASED, self.arrangement)
        ).astype(np.int8)
        self._family_based_amounts(np.flatnonzero(form | (close_f & (closed_to == FAMILY_BASED))))

        # Direct Pay breakdowns reported: the case moves to Collect and Pay
        direct = self.service == DIRECT_PAY
        # Broken Direct Pay cases move at a fitted rate (giving the observed move
        # rate for Direct Pay as a whole at baseline), raised when the receiving
        # parent's fee is scrapped.
        uplift = 1.0 + b.service.cp_switch_uplift_if_rp_fee_removed * (
            p.fees.collection.receiving_parent_rate == 0
        )
        report = min(
            self.values.behaviour_fitted.compliance_fitted.dp_breakdown_move_rate * uplift, 1.0
        )
        move = (
            direct
            & self.dp_breakdown
            & (rng.uniform_where("dp_report", fids, direct & self.dp_breakdown, t) < report)
        )
        broke = move.copy()
        # without Direct Pay every case is on the collection service
        move |= direct & (not p.service.direct_pay.available)
        # where abuse is disclosed and the law allows it, collection on request
        # (requested at the monthly rate at which broken arrangements are
        # reported and moved: an assumption, no evidence on take-up)
        abuse_route = (
            direct
            & self.domestic_abuse
            & p.service.collect_and_pay.domestic_abuse_without_consent
            & (
                rng.uniform_where("da_collection_request", fids, direct & self.domestic_abuse, t)
                < report
            )
        )
        move |= abuse_route
        back = (
            (self.service == COLLECT_AND_PAY)
            & (self.full_streak >= s.reliable_months_before_direct_pay)
            & p.service.direct_pay.available
            & ~self.domestic_abuse
            & (
                rng.uniform_where(
                    "cp_to_dp", fids, self.full_streak >= s.reliable_months_before_direct_pay, t
                )
                < s.collect_and_pay_to_direct_pay_monthly
            )
        )
        self.service = np.where(
            move, COLLECT_AND_PAY, np.where(back, DIRECT_PAY, self.service)
        ).astype(np.int8)
        # a move on request (domestic abuse) is not a breakdown: the propensity stays
        self.cooperative = (self.cooperative & ~broke) | back
        self.dp_breakdown &= ~move
        self._moved_to_cp = move
        self.stage = np.where(back, NONE, self.stage).astype(np.int8)

    def _liabilities(self) -> None:
        cms = self.arrangement == CMS
        cms_unit = np.zeros(self.n_units, dtype=bool)
        cms_unit[self.unit_of[cms]] = True
        units = np.flatnonzero(self.unit_dirty & cms_unit)
        if units.size:
            calc = self._calculate(units)
            slot = calc.weekly_liability_by_receiving_parent
            dirty = np.zeros(self.n_units, dtype=bool)
            dirty[units] = True
            families = np.flatnonzero(dirty[self.unit_of] & cms)
            position = np.searchsorted(units, self.unit_of[families])
            self.weekly_liability[families] = slot[position, self.rank[families]]
        self.weekly_liability[~cms] = 0.0
        self.unit_dirty[:] = False

    #: Family state that payments and enforcement read and write; worked on for
    #: the CMS families only (gathered, updated, scattered back).
    _CASE_STATE = (
        "arrears_maintenance",
        "arrears_fees",
        "arrears_charges",
        "deo_active",
        "deo_job",
        "deo_effective",
        "deo_reissue",
        "stage",
        "stage_months",
        "full_streak",
        "dp_breakdown",
    )

    def _payments(self, t: int, days: int) -> MonthResult:
        """Payments, collection fees, enforcement and arrears for one month."""
        rng, c, e = self.rng, self.b.compliance, self.b.enforcement
        fitted = self.values.behaviour_fitted.compliance_fitted
        p = self.current_p
        n = self.n
        written_off = getattr(self, "_written_off", np.zeros(n))
        self._written_off = np.zeros(n)

        # family-based arrangements: the agreed amount, paid in full or not at all
        family_based = np.flatnonzero(self.arrangement == FAMILY_BASED)
        fb_due = self.family_based_weekly[family_based] * days / DAYS_IN_WEEK
        fb_pays = (
            rng.uniform("family_based_pay", self.family_ids[family_based], t)
            < c.family_based_full_payment_share
        )
        family_based_local = {
            "family_based_due": fb_due,
            "family_based_paid": np.where(fb_pays, fb_due, 0.0),
        }

        index = np.flatnonzero(self.arrangement == CMS)
        x = {name: getattr(self, name)[index] for name in self._CASE_STATE}
        fids = self.family_ids[index]
        u = self.unit_of[index]
        weekly = self.weekly_liability[index]
        cp = self.service[index] == COLLECT_AND_PAY
        dp = self.service[index] == DIRECT_PAY
        due = weekly * days / DAYS_IN_WEEK
        # (compliant: paid in full last month; the same rate in current law)
        fee_due = np.where(
            cp, paying_parent_collection_fee(weekly, days, p, x["full_streak"] > 0), 0.0
        )
        employed = self.employment[u] == EMPLOYEE
        on_benefit = self.known_benefit[u] & (self.employment[u] == FLAT_RATE_BENEFIT)
        net_monthly = self.net_income_monthly[u]

        # arrears instalment on Collect and Pay: over the target recovery period,
        # within the maximum share of net income
        arrears_total = x["arrears_maintenance"] + x["arrears_fees"] + x["arrears_charges"]
        instalment = np.where(
            cp & (arrears_total > 0),
            np.minimum(
                arrears_total / e.arrears_target_recovery,
                np.maximum(e.arrears_max_share_net_income * net_monthly - due - fee_due, 0.0),
            ),
            0.0,
        )
        instalment = np.minimum(instalment, arrears_total)

        # deduction from earnings orders lapse when the job ends, and when it
        # changes (with probability deo_lapse_on_job_change; otherwise the order
        # follows the parent to the new employer), and are re-issued after a delay
        # (no charge for a re-issue, reg. 12)
        # (the earliest re-issue is the month after the lapse)
        new_job = x["deo_active"] & employed & (self.job[u] != x["deo_job"])
        follows = new_job & (
            rng.uniform_where("deo_follows_job", fids, new_job, t) >= e.deo_lapse_on_job_change
        )
        x["deo_job"] = np.where(follows, self.job[u], x["deo_job"])
        lapsed = x["deo_active"] & ((self.job[u] != x["deo_job"]) | ~employed)
        x["deo_active"] &= ~lapsed
        waiting = x["deo_reissue"].copy()
        x["deo_reissue"] |= lapsed & cp
        reissued = (
            waiting
            & employed
            & cp
            & (
                rng.uniform_where("deo_reissue", fids, waiting, t)
                < monthly_completion(
                    e.deo_reestablish_delay_reform
                    if self.switches.automatic_deo_reissue
                    else e.deo_reestablish_delay_baseline
                )
            )
        )
        x["deo_active"] |= reissued
        x["deo_job"] = np.where(reissued, self.job[u], x["deo_job"])
        x["deo_effective"] = np.where(
            reissued,
            rng.uniform_where("deo_effective", fids, reissued, t)
            < c.deo_payment_prob_while_employed,
            x["deo_effective"],
        )
        x["deo_reissue"] &= ~reissued & cp

        # the compliance model for voluntary payment (logit scale; see
        # _compliance_effects for how the published effects are converted)
        k = self.effects
        # burden: liability plus fees over gross earnings, or over net household
        # income where that is larger (for parents without earnings)
        income = np.maximum(
            (self.true_earnings + self.true_profit)[u], net_monthly * MONTHS_IN_YEAR
        )
        burden = (due + fee_due) * MONTHS_IN_YEAR / np.maximum(income, 1.0)
        frequent_contact = self.most_nights[index] >= c.contact_nights
        shift = np.where(self.cooperative[index], fitted.direct_pay_shift, 0.0)
        latent = c.latent_sd * self.latent[index]
        logit = (
            fitted.collect_and_pay_paying_logit
            + shift
            + latent
            + k["self_employed"] * (self.employment[u] == SELF_EMPLOYED)
            + k["domestic_abuse"] * self.domestic_abuse[index]
            + k["contact"] * frequent_contact
            + k["burden_slope"] * np.maximum(burden - c.burden_threshold_gross, 0.0)
            + k["fee_threat"] * (dp & (p.fees.collection.paying_parent_rate > 0))
            + k["contact_response"] * (x["stage"] == CONTACT)
            + self.b.reform.deemed_income_compliance_shift * self.lifestyle_applied[u]
        )
        full_given = _logistic(c.full_payment_logit + shift + latent)

        deo_pays = cp & x["deo_active"] & x["deo_effective"]
        benefit_pays = cp & on_benefit & self.benefit_deduction_effective[u]
        mechanical = cp & (x["deo_active"] | on_benefit)
        candidates = (due > 0) & ~mechanical
        voluntary_pays = rng.uniform_where("pay", fids, candidates, t) < _logistic(logit)
        voluntary_full = voluntary_pays & (
            rng.uniform_where("pay_full", fids, voluntary_pays, t) < full_given
        )
        partial_share = np.clip(
            2
            * c.partial_payment_mean
            * rng.uniform_where("pay_part", fids, voluntary_pays & ~voluntary_full, t),
            0.0,
            1.0,
        )

        owed = due + fee_due + instalment
        full = np.where(mechanical, deo_pays | benefit_pays, voluntary_full)
        part = ~mechanical & voluntary_pays & ~voluntary_full
        paid_total = np.where(full, owed, np.where(part, partial_share * (due + fee_due), 0.0))
        paid_total = np.where(due > 0, paid_total, 0.0)
        paid_total = np.where(dp, np.minimum(paid_total, due), paid_total)  # no fees on Direct Pay

        # allocation: ongoing maintenance, ongoing fee, arrears, then charges
        paid_maintenance = np.minimum(paid_total, due)
        rest = paid_total - paid_maintenance
        paid_fee = np.minimum(rest, fee_due)
        rest -= paid_fee
        paid_arrears_maintenance = np.minimum(rest, x["arrears_maintenance"])
        rest -= paid_arrears_maintenance
        paid_arrears_fees = np.minimum(rest, x["arrears_fees"])
        rest -= paid_arrears_fees
        paid_charges = np.minimum(rest, x["arrears_charges"])
        collected = paid_maintenance + paid_arrears_maintenance
        abuse = self.domestic_abuse[index]
        rp_fee = np.where(cp, receiving_parent_collection_fee(collected, p, abuse), 0.0)
        received = np.where(cp, collected - rp_fee, paid_maintenance)

        # enforcement on Collect and Pay; arrears (Direct Pay shortfalls are not
        # collected by the CMS)
        shortfall = cp & (due > 0) & (paid_maintenance < due - HALF_PENNY)
        charges = self._enforce(x, t, fids, u, cp, shortfall, employed, on_benefit, arrears_total)
        x["arrears_maintenance"] += (
            np.where(cp, due - paid_maintenance, 0.0) - paid_arrears_maintenance
        )
        x["arrears_fees"] += fee_due - paid_fee - paid_arrears_fees
        x["arrears_charges"] += charges - paid_charges
        recovered = self._recoveries(x, t, fids, u, cp)
        recovered_rp_fee = receiving_parent_collection_fee(recovered["maintenance"], p, abuse)

        # Direct Pay: a breakdown is a month with less than was due
        x["dp_breakdown"] = np.where(
            dp & (due > 0), paid_maintenance < due - HALF_PENNY, x["dp_breakdown"] & dp
        )
        x["full_streak"] = np.where(
            cp & (due > 0) & ~shortfall,
            x["full_streak"] + 1,
            np.where(shortfall, 0, x["full_streak"]),
        )
        for name in self._CASE_STATE:
            getattr(self, name)[index] = x[name]

        local = {
            "due": due,
            "fee_due": fee_due,
            "paid": paid_total + recovered["total"],
            "paid_maintenance": paid_maintenance,
            "paid_fee": paid_fee + paid_arrears_fees + recovered["fees"],
            "paid_arrears": paid_arrears_maintenance
            + paid_arrears_fees
            + paid_charges
            + recovered["total"],
            "paid_arrears_maintenance": paid_arrears_maintenance + recovered["maintenance"],
            "paid_charges": paid_charges + recovered["charges"],
            "received": received + recovered["maintenance"] - recovered_rp_fee,
            "rp_fee": rp_fee + recovered_rp_fee,
            "charges": charges,
        }
        masks = {
            "cp": cp,
            "dp": dp,
            "deo": cp & x["deo_active"],
            "benefit_deduction": cp & on_benefit,
        }
        return MonthResult(index, local, masks, family_based, family_based_local, written_off)

    def _enforce(
        self,
        x: dict,
        t: int,
        fids: np.ndarray,
        u: np.ndarray,
        cp: np.ndarray,
        shortfall: np.ndarray,
        employed: np.ndarray,
        on_benefit: np.ndarray,
        arrears_total: np.ndarray,
    ) -> np.ndarray:
        """Advance enforcement of the CMS families in ``x``; return the charges
        added this month."""
        rng, e = self.rng, self.b.enforcement
        p = self.current_p
        charges = np.zeros(len(fids))
        owing = cp & (shortfall | (arrears_total > 0))
        # arrears cleared, or not on Collect and Pay: enforcement stops (a
        # deduction order stays)
        stage = np.where(owing, x["stage"], NONE)
        months = np.where(stage == NONE, 0, x["stage_months"] + 1)

        # missed payment: contact first
        start = owing & (stage == NONE) & shortfall & ~x["deo_active"]
        stage = np.where(start, CONTACT, stage)
        months = np.where(start, 0, months)

        # after contact: a deduction order (earnings, bank) once set up
        waiting = owing & (stage == CONTACT) & (months >= 1)
        to_deduction = waiting & (
            rng.uniform_where("deduction_setup", fids, waiting, t)
            < monthly_completion(
                max(e.deduction_order_setup_delay - e.first_contact_after_missed_payment, 0.0)
            )
        )
        reach = self.values.behaviour_fitted.compliance_fitted.deduction_order_reach
        deo = (
            to_deduction
            & employed
            & ~x["deo_active"]
            & (rng.uniform_where("deo_possible", fids, to_deduction, t) < reach)
        )
        x["deo_active"] |= deo
        x["deo_job"] = np.where(deo, self.job[u], x["deo_job"])
        x["deo_effective"] = np.where(
            deo,
            rng.uniform_where("deo_effective", fids, deo, t)
            < self.b.compliance.deo_payment_prob_while_employed,
            x["deo_effective"],
        )
        charges += enforcement_charge(np.where(deo, DEDUCTION_FROM_EARNINGS_ORDER, 0), False, p)
        bank = to_deduction & ~deo & ~on_benefit
        lump = bank & (self.assets[u] >= arrears_total)
        charges += enforcement_charge(
            np.where(lump, LUMP_SUM_DEDUCTION_ORDER, np.where(bank, REGULAR_DEDUCTION_ORDER, 0)),
            False,
            p,
        )
        self._bank_success = bank & (
            rng.uniform_where("bank_order", fids, bank, t) < e.bank_order_success
        )
        stage = np.where(to_deduction, DEDUCTION, stage)
        months = np.where(to_deduction, 0, months)

        # deductions that do not clear the debt: a liability order (court, or
        # administrative where the law allows)
        apply_lo = (
            owing
            & (stage == DEDUCTION)
            & ~(x["deo_active"] & x["deo_effective"])
            & ~on_benefit
            & (months >= e.pre_lo_exhaustion_period)
        )
        charges += enforcement_charge(np.where(apply_lo, LIABILITY_ORDER, 0), False, p)
        stage = np.where(apply_lo, LIABILITY_ORDER_APPLIED, stage)
        months = np.where(apply_lo, 0, months)
        duration = (
            e.alo_duration if p.service.liability_orders.administrative else e.court_lo_duration
        )
        applied = stage == LIABILITY_ORDER_APPLIED
        granted = applied & (
            rng.uniform_where("lo_granted", fids, applied, t) < monthly_completion(duration)
        )
        x["stage"] = np.where(granted, LIABILITY_ORDER_GRANTED, stage).astype(np.int8)
        x["stage_months"] = months
        return charges

    def _recoveries(self, x: dict, t: int, fids: np.ndarray, u: np.ndarray, cp: np.ndarray) -> dict:
        """Arrears recovered through a successful bank order (what the account
        holds), after a liability order (enforcement agents, charging orders) or
        when a sanction is threatened (the whole debt); maintenance first."""
        rng, e = self.rng, self.b.enforcement
        order = x["stage"] == LIABILITY_ORDER_GRANTED
        after_lo = order & (
            rng.uniform_where("lo_recovery", fids, order, t)
            < per_month_within(e.lo_recovery_prob_6m, RECOVERY_WINDOW_MONTHS)
        )
        threatened = (
            order
            & ~after_lo
            & (
                rng.uniform_where("sanction_referral", fids, order, t)
                < per_month(e.sanction_referral_prob_given_lo)
            )
        )
        sanction = threatened & (
            rng.uniform_where("sanction_response", fids, threatened, t)
            < e.sanction_threat_payment_response
        )
        bank = cp & self._bank_success
        recover = cp & (bank | after_lo | sanction)
        total = x["arrears_maintenance"] + x["arrears_fees"] + x["arrears_charges"]
        reach = np.where(
            bank & ~after_lo & ~sanction,
            self.assets[u]
            + e.arrears_max_share_net_income * np.maximum(self.net_income_monthly[u], 0.0),
            total,
        )
        share = np.where(
            recover & (total > 0), np.minimum(reach / np.maximum(total, 1e-9), 1.0), 0.0
        )
        maintenance = share * x["arrears_maintenance"]
        fees = share * x["arrears_fees"]
        charges = share * x["arrears_charges"]
        x["arrears_maintenance"] -= maintenance
        x["arrears_fees"] -= fees
        x["arrears_charges"] -= charges
        x["stage"] = np.where(recover & (share >= 1.0), NONE, x["stage"]).astype(np.int8)
        return {
            "maintenance": maintenance,
            "fees": fees,
            "charges": charges,
            "total": maintenance + fees + charges,
        }


def _add_months(when: dt.date, months: int) -> dt.date:
    index = when.year * MONTHS_IN_YEAR + when.month - 1 + months
    return dt.date(index // MONTHS_IN_YEAR, index % MONTHS_IN_YEAR + 1, 1)


def _month_starts(start: dt.date, months: int) -> list[dt.date]:
    out, year, month = [], start.year, start.month
    for _ in range(months):
        out.append(dt.date(year, month, 1))
        month += 1
        if month > MONTHS_IN_YEAR:
            year, month = year + 1, 1
    return out


#: Families per chunk: the population is cut into chunks of whole paying-parent
#: units of about this size, simulated independently (in worker processes where
#: the machine allows). The cut depends only on the population, so results do
#: not depend on the machine; a family's results do not depend on the cut either.
CHUNK_FAMILIES = 150_000
#: A run of at least twice this many families is cut in two at least.
MIN_CHUNK_FAMILIES = 40_000
#: Money flows of a month per family (CMS arrangements).
_FLOWS = ("due", "paid", "received", "fee_due", "paid_fee", "rp_fee", "charges")
#: Per-family quantities summed over the last ``window_months`` months.
WINDOW_SUMS = (*_FLOWS, "family_based_paid", "family_based_due")
#: Per-family monthly records kept when ``record=True``.
RECORDS = (
    *_FLOWS,
    "paid_charges",
    "written_off",
    "arrears",
    "service",
    "stage",
    "assessed_weekly",
    "true_weekly",
    "weekly_liability",
    "employment",
    "deo",
    "job",
)
_FLOW_RECORDS = (*_FLOWS, "paid_charges", "written_off")


@dataclass
class _ChunkResult:
    rows: list[dict]
    quarters: list[dict]
    families: dict[str, np.ndarray]
    records: dict[str, np.ndarray] | None
    corrected: np.ndarray


@dataclass(frozen=True)
class Run:
    """One policy run: the parameters, behaviour and switches from the start."""

    parameters: ParameterSet
    assumptions: AssumptionSet
    switches: Switches = field(default_factory=Switches)


def simulate(
    population: Population,
    parameters: ParameterSet | None = None,
    months: int = 24,
    start: dt.date | str | None = None,
    rng: KeyedRandom | int | None = None,
    *,
    assumptions: AssumptionSet | None = None,
    window_months: int = 12,
    record: bool = False,
    chunk_families: int = CHUNK_FAMILIES,
    workers: int | None = None,
    switches: Switches | None = None,
    warm_up_assumptions: AssumptionSet | None = None,
    warm_up_switches: Switches | None = None,
) -> SimulationResult:
    """Move ``population`` forward ``months`` months from ``start`` (default:
    the first of the month after the population date).

    ``rng``: a :class:`KeyedRandom`, a seed, or None for the population's seed.
    ``window_months``: the last months summed per family (for annual outcomes;
    all months if fewer were simulated).
    ``record``: keep per-family monthly arrays (memory grows with months x families).
    ``switches``: structural reforms (:class:`Switches`; default none).
    ``warm_up_assumptions``, ``warm_up_switches``: behaviour during the warm-up
    months before ``start`` and for the steady-state rates (default: the same as
    the run's). A comparison passes current law's, so that every scenario starts
    from the same history and a reform acts only from its start.
    ``chunk_families``, ``workers``: how the work is cut and how many worker
    processes run it (default: the machine's cores; 1 = in this process);
    neither changes any result beyond the last bits of floating-point totals.
    """
    assumptions = assumptions or load_assumptions()
    switches = switches or Switches()
    return simulate_runs(
        population,
        [Run(parameters or load_parameters(), assumptions, switches)],
        months,
        start,
        rng,
        history=warm_up_assumptions or assumptions,
        history_switches=warm_up_switches if warm_up_assumptions is not None else switches,
        window_months=window_months,
        record=record,
        chunk_families=chunk_families,
        workers=workers,
    )[0]


def simulate_runs(
    population: Population,
    runs: list[Run],
    months: int = 24,
    start: dt.date | str | None = None,
    rng: KeyedRandom | int | None = None,
    *,
    history: AssumptionSet | None = None,
    history_switches: Switches | None = None,
    window_months: int = 12,
    record: bool = False,
    chunk_families: int = CHUNK_FAMILIES,
    workers: int | None = None,
) -> list[SimulationResult]:
    """Several runs on the same families from the same history: the same as
    one :func:`simulate` call per run with ``warm_up_assumptions=history`` and
    ``warm_up_switches=history_switches``, result for result, but the warm-up
    months are simulated once for the runs whose parameters agree on them and
    each run goes on from a copy of that state (and one set of worker processes
    serves them all). ``history``: default the first run's assumptions."""
    if months < 1:
        raise ValueError("months must be 1 or more")
    if window_months < 1:
        raise ValueError("window_months must be 1 or more")
    if not runs:
        raise ValueError("give at least one run")
    window_months = min(window_months, months)
    if start is None:
        d = population.date
        start = dt.date(d.year + (d.month == MONTHS_IN_YEAR), d.month % MONTHS_IN_YEAR + 1, 1)
    elif isinstance(start, str):
        start = dt.date.fromisoformat(start)
    start = dt.date(start.year, start.month, 1)
    if not isinstance(rng, KeyedRandom):
        rng = KeyedRandom(population.seed if rng is None else int(rng))
    history = history or runs[0].assumptions
    shared = _Shared.of(population, history.values())
    warm_up = int(history.value("behaviour.simulation.warm_up_months"))
    # Runs whose parameters agree on the history (the date it begins, which
    # sets the starting state, and every warm-up month) share one warm-up.
    history_start = _add_months(start, -warm_up)
    history_dates = [history_start, *_month_starts(history_start, warm_up)]
    groups: dict[str, list[int]] = {}
    for i, run in enumerate(runs):
        groups.setdefault(run.parameters.digest_on(history_dates), []).append(i)

    chunks = _chunks(population, chunk_families)
    args = (
        runs,
        list(groups.values()),
        rng,
        start,
        months,
        window_months,
        record,
        shared,
        warm_up,
        history,
        history_switches,
    )
    processes = min(workers or os.cpu_count() or 1, len(chunks))
    if processes > 1 and "fork" in mp.get_all_start_methods():
        # worker processes inherit the population (copy-on-write) instead of
        # having it pickled to them; only the chunk number travels
        token = object()
        _FORKED[id(token)] = (population, chunks, args)
        try:
            with ProcessPoolExecutor(processes, mp_context=mp.get_context("fork")) as pool:
                results = list(pool.map(_run_forked, [(id(token), i) for i in range(len(chunks))]))
        finally:
            del _FORKED[id(token)]
    else:
        results = [_run_chunk(_part(population, index, len(chunks)), *args) for index in chunks]
    return [
        _combine(
            population,
            chunks,
            [by_run[i] for by_run in results],
            start,
            months,
            window_months,
            record,
            rng,
            warm_up,
        )
        for i in range(len(runs))
    ]


def _combine(
    population: Population,
    chunks: list[np.ndarray],
    results: list[_ChunkResult],
    start: dt.date,
    months: int,
    window_months: int,
    record: bool,
    rng: KeyedRandom,
    warm_up: int,
) -> SimulationResult:
    """One run's result from its chunks' results."""
    n = len(population)
    monthly = pd.DataFrame(results[0].rows)
    for r in results[1:]:
        numeric = monthly.columns.drop("month")
        monthly[numeric] = monthly[numeric].to_numpy() + pd.DataFrame(r.rows)[numeric].to_numpy()
    quarterly = _quarter_shares(
        pd.DataFrame(
            [
                {
                    k: (
                        sum(r.quarters[q][k] for r in results)
                        if k not in ("quarter_end", "months")
                        else results[0].quarters[q][k]
                    )
                    for k in results[0].quarters[q]
                }
                for q in range(len(results[0].quarters))
            ]
        )
    )
    families = {}
    for key, first in results[0].families.items():
        full = np.zeros(n, dtype=first.dtype)
        for index, r in zip(chunks, results, strict=True):
            full[index] = r.families[key]
        families[key] = full
    records = None
    if record:
        records = {}
        for key, first in results[0].records.items():
            full = np.zeros((months, n), dtype=first.dtype)
            for index, r in zip(chunks, results, strict=True):
                full[:, index] = r.records[key]
            records[key] = full
    corrected = np.concatenate([r.corrected for r in results])
    metadata = {
        "start": start.isoformat(),
        "months": months,
        "window_months": window_months,
        "seed": rng.seed,
        "warm_up_months": warm_up,
        "chunks": len(chunks),
        "months_to_corrected_liability_mean": float(corrected.mean()) if corrected.size else None,
    }
    return SimulationResult(
        monthly=monthly,
        quarterly=quarterly,
        families=families,
        records=records,
        metadata=metadata,
    )


#: Simulations being run by forked worker processes: token -> (population,
#: chunks, arguments), inherited by the workers when they fork.
_FORKED: dict[int, tuple] = {}


def _run_forked(job: tuple[int, int]) -> _ChunkResult:
    # The worker processes already share the cores: one rules-engine thread each.
    rules_calculation.THREADS = 1
    population, chunks, args = _FORKED[job[0]]
    return _run_chunk(_part(population, chunks[job[1]], len(chunks)), *args)


def _part(population: Population, index: np.ndarray, count: int) -> Population:
    if count == 1:
        return population
    return Population(
        {k: v[index] for k, v in population.columns.items()}, population.seed, population.date
    )


def _chunks(population: Population, chunk_families: int) -> list[np.ndarray]:
    """Family indices of each chunk: whole paying-parent units, in order of
    paying-parent id, about ``chunk_families`` families each (at least two
    chunks from 2 x MIN_CHUNK_FAMILIES families). The cut depends only on the
    population, never on the machine."""
    n = len(population)
    count = max(1, -(-n // max(int(chunk_families), 1)))
    if count == 1 and n >= 2 * MIN_CHUNK_FAMILIES:
        count = 2  # two halves, so that two cores share a mid-sized run
    if count == 1:
        return [np.arange(n)]
    units, unit_of = np.unique(population.paying_parent_id, return_inverse=True)
    chunk_of = (unit_of.astype(np.int64) * count) // len(units)
    order = np.argsort(chunk_of, kind="stable")
    bounds = np.searchsorted(chunk_of[order], np.arange(1, count))
    return [part for part in np.split(order, bounds) if part.size]


def _run_chunk(
    population: Population,
    runs: list[Run],
    groups: list[list[int]],
    rng: KeyedRandom,
    start: dt.date,
    months: int,
    window_months: int,
    record: bool,
    shared: _Shared,
    warm_up: int,
    history: AssumptionSet,
    history_switches: Switches | None,
) -> list[_ChunkResult]:
    """Simulate one chunk of families for every run: the warm-up once for each
    group of runs (whose parameters agree on the warm-up months), then each run
    of the group from its own copy of the state."""
    results: list[_ChunkResult | None] = [None] * len(runs)
    for group in groups:
        history_start = _add_months(start, -warm_up)
        model = _Model(
            population,
            runs[group[0]].parameters,
            history,
            rng,
            start,
            shared,
            history_switches,
            law_date=history_start,
        )
        model.month_index = -warm_up
        # the warm-up months are the ones before the start, under the law then in force
        for when in _month_starts(history_start, warm_up):
            model.step(when, frozen=True)
        model.arrears_maintenance[:] = np.maximum(model.arrears_maintenance, 0)
        model.month_index = 0
        for k, i in enumerate(group):
            branch = model if k == len(group) - 1 else model.branch()
            results[i] = _run_months(branch, runs[i], start, months, window_months, record)
    return results


def _run_months(
    model: _Model, run: Run, start: dt.date, months: int, window_months: int, record: bool
) -> _ChunkResult:
    """The run's months from the start: additive monthly and quarterly totals,
    per-family window sums and end states, and records if asked for."""
    model.parameters = run.parameters
    model.use(run.assumptions, run.switches)

    weights = model.weight
    rows, quarter_rows = [], []
    window_start = months - window_months
    sums = {k: np.zeros(model.n) for k in WINDOW_SUMS}
    quarter_due = np.zeros(model.n)
    quarter_paid = np.zeros(model.n)
    quarter_months = 0
    records = {k: [] for k in RECORDS} if record else None
    corrected_months: list[np.ndarray] = []
    arrears_start = (model.arrears_maintenance + model.arrears_fees + model.arrears_charges).copy()

    for k, when in enumerate(_month_starts(start, months)):
        month = model.step(when)
        rows.append(_month_row(model, month, when, weights))
        after = getattr(model, "_corrected_after", None)
        if after is not None:
            corrected_months.append(after)
        index, local = month.index, month.local

        # calendar quarters for the compliance statistics (CMS-style)
        quarter_due[index] += local["due"]
        quarter_paid[index] += local["paid_maintenance"] + local["paid_arrears_maintenance"]
        quarter_months += 1
        if when.month % 3 == 0:
            last_day = dt.date(when.year, when.month, calendar.monthrange(when.year, when.month)[1])
            service_now = np.full(model.n, NOT_CMS, dtype=np.int8)
            service_now[index] = model.service[index]
            quarter_rows.append(
                {
                    **_quarter_row(last_day, weights, quarter_due, quarter_paid, service_now),
                    "months": quarter_months,
                }
            )
            quarter_months = 0
            quarter_due[:] = 0
            quarter_paid[:] = 0

        if k >= window_start:
            for key in sums:
                if key in month.family_based_local:
                    sums[key][month.family_based] += month.family_based_local[key]
                else:
                    sums[key][index] += local[key]
        if record:
            u = model.unit_of
            true_weekly = model.true_income_weekly()
            for key in _FLOW_RECORDS:
                records[key].append(month.full(key, model.n))
            records["arrears"].append(
                model.arrears_maintenance + model.arrears_fees + model.arrears_charges
            )
            records["service"].append(
                np.where(model.arrangement == CMS, model.service, NOT_CMS).astype(np.int8)
            )
            records["stage"].append(model.stage.copy())
            records["assessed_weekly"].append(model.assessed_weekly[u].copy())
            records["true_weekly"].append(true_weekly[u])
            records["weekly_liability"].append(model.weekly_liability.copy())
            records["employment"].append(model.employment[u].copy())
            records["deo"].append(month.full("deo", model.n))
            records["job"].append(model.job[u].copy())

    families = {f"{k}_window": v for k, v in sums.items()}
    families.update(
        {
            "arrangement_end": model.arrangement.copy(),
            "service_end": np.where(model.arrangement == CMS, model.service, NOT_CMS).astype(
                np.int8
            ),
            "arrears_end": model.arrears_maintenance + model.arrears_fees + model.arrears_charges,
            "arrears_start": arrears_start,
            "weekly_liability_end": model.weekly_liability.copy(),
            "stage_end": model.stage.copy(),
        }
    )
    return _ChunkResult(
        rows=rows,
        quarters=quarter_rows,
        families=families,
        records={k: np.stack(v) for k, v in records.items()} if record else None,
        corrected=np.concatenate(corrected_months) if corrected_months else np.zeros(0),
    )


def _weighted_sum(weights: np.ndarray, values: np.ndarray) -> float:
    """Sum of weights x values, by numpy's pairwise summation (not BLAS, whose
    result can depend on the machine's threads and processor)."""
    return float(np.multiply(weights, values).sum())


def _month_row(model: _Model, month: MonthResult, when: dt.date, weights: np.ndarray) -> dict:
    """Weighted totals for one month (GB figures when the weights sum to GB)."""
    index, local, masks = month.index, month.local, month.masks
    w = weights[index]
    cp = masks["cp"]
    service = model.service[index]  # DIRECT_PAY or COLLECT_AND_PAY for CMS families
    u = model.unit_of[index]
    true_weekly = model.true_income_weekly(u)

    varied = model.variation_applied[u]
    w_income = np.where(model.known_benefit[u] | model.nil_rate[u], 0.0, w)

    def by_service(values: np.ndarray) -> np.ndarray:
        return np.bincount(service, weights=w * values, minlength=2)

    arrangement_counts = np.bincount(model.arrangement, weights=weights, minlength=3)
    service_counts = np.bincount(service, weights=w, minlength=2)
    stage_counts = np.bincount(
        model.stage[index][cp], weights=w[cp], minlength=len(ENFORCEMENT_STAGES)
    )
    due = by_service(local["due"])
    received = by_service(local["received"])
    fb_weights = weights[month.family_based]
    moved = getattr(model, "_moved_to_cp", None)
    row = {
        "month": when,
        "cms_arrangements": float(arrangement_counts[CMS]),
        "direct_pay_arrangements": float(service_counts[DIRECT_PAY]),
        "collect_and_pay_arrangements": float(service_counts[COLLECT_AND_PAY]),
        "family_based_arrangements": float(arrangement_counts[FAMILY_BASED]),
        "no_arrangement": float(arrangement_counts[NO_ARRANGEMENT]),
        "due": float(due.sum()),
        "due_collect_and_pay": float(due[COLLECT_AND_PAY]),
        "due_direct_pay": float(due[DIRECT_PAY]),
        "paid": _weighted_sum(w, local["paid"]),
        "paid_collect_and_pay": _weighted_sum(w[cp], local["paid"][cp]),
        "paid_maintenance": _weighted_sum(w, local["paid_maintenance"]),
        "received": float(received.sum()),
        "received_collect_and_pay": float(received[COLLECT_AND_PAY]),
        "received_direct_pay": float(received[DIRECT_PAY]),
        "family_based_due": _weighted_sum(fb_weights, month.family_based_local["family_based_due"]),
        "family_based_paid": _weighted_sum(
            fb_weights, month.family_based_local["family_based_paid"]
        ),
        "fees_charged_paying_parents": _weighted_sum(w, local["fee_due"]),
        "fees_paid_paying_parents": _weighted_sum(w, local["paid_fee"]),
        "fees_receiving_parents": _weighted_sum(w, local["rp_fee"]),
        "enforcement_charges": _weighted_sum(w, local["charges"]),
        "enforcement_charges_paid": _weighted_sum(w, local["paid_charges"]),
        "arrears_written_off": _weighted_sum(weights, month.written_off),
        "arrears_stock": _weighted_sum(
            weights, model.arrears_maintenance + model.arrears_fees + model.arrears_charges
        ),
        "collect_and_pay_due_to_pay": float(w[cp & (local["due"] > 0)].sum()),
        "deduction_from_earnings_orders": float(w[masks["deo"]].sum()),
        "deductions_from_benefit": float(w[masks["benefit_deduction"]].sum()),
        "moved_direct_pay_to_collect_and_pay": float(weights[moved].sum())
        if moved is not None
        else 0.0,
        # income measures over CMS families assessed on income (not on a flat-rate
        # benefit or the nil rate as the CMS knows it)
        "assessed_income_weekly_cms": _weighted_sum(w_income, model.assessed_weekly[u]),
        "declared_income_weekly_cms": _weighted_sum(
            w_income,
            weekly_from_annual(
                np.maximum(model.declared_annual()[u] - model.pension[u], 0.0), model.current_p
            ),
        ),
        "variations_applied_cms": float(w[varied].sum()),
        "variation_income_weekly_cms": _weighted_sum(
            w[varied],
            unearned_income_weekly(model.unearned[u][varied], model.current_p)
            + notional_income_from_assets_weekly(model.assets[u][varied], model.current_p),
        ),
        "lifestyle_variations_cms": float(w[model.lifestyle_applied[u]].sum()),
        "lifestyle_income_weekly_cms": _weighted_sum(w, model.lifestyle_weekly[u]),
        "true_income_weekly_cms": _weighted_sum(w_income, true_weekly),
        "liability_weekly_cms": _weighted_sum(w, model.weekly_liability[index]),
    }
    for stage, name in enumerate(ENFORCEMENT_STAGES[1:], start=1):
        row[f"enforcement_{name}"] = float(stage_counts[stage])
    return row


def _quarter_row(when: dt.date, weights, due, paid, service) -> dict:
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


def _quarter_shares(quarters: pd.DataFrame) -> pd.DataFrame:
    """CMS-style compliance shares from the weighted counts of :func:`_quarter_row`."""
    if quarters.empty:
        return quarters
    out = quarters.copy()
    cp = out.collect_and_pay_due_to_pay.where(out.collect_and_pay_due_to_pay > 0)
    dp = out.direct_pay_due.where(out.direct_pay_due > 0)
    out["collect_and_pay_paid_some_share"] = out.collect_and_pay_paid_some / cp
    out["collect_and_pay_paid_over_90pct_share"] = out.collect_and_pay_paid_over_90pct / cp
    out["collect_and_pay_paid_in_full_share"] = out.collect_and_pay_paid_in_full / cp
    out["direct_pay_received_all_share"] = out.direct_pay_received_all / dp
    return out
