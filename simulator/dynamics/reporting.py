"""What a run reports: monthly totals (a table of reporters), CMS-style
compliance by calendar quarter, per-family sums over the last months and end
states, and per-family monthly records when asked for.

Every monthly column is one :class:`Reporter` in :data:`MONTHLY`: its name, what
it measures and how it is computed from the month's flows and the state
(weighted GB totals when the population's weights sum to GB). Quarterly rows
are additive counts (so chunks of a population add up), turned into shares at
the end (:func:`simulator.dynamics.quarters.quarter_shares`).
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np
import pandas as pd

from simulator.dynamics.abuse_series import ABUSE_SERIES, monthly_abuse
from simulator.dynamics.frame import HALF_PENNY
from simulator.dynamics.hidden_series import HIDDEN_SERIES, monthly_hidden
from simulator.dynamics.month import MonthFlows
from simulator.dynamics.population_series import POPULATION_SERIES, monthly_population
from simulator.dynamics.poverty_series import (
    INCOME_SUMS,
    POVERTY_SERIES,
    add_incomes,
    composition,
    monthly_poverty,
)
from simulator.dynamics.processes.arrears import DEBTS as ARREARS_DEBTS
from simulator.dynamics.processes.enforcement import (
    ENFORCEMENT_COLLECTED,
    ENFORCEMENT_FLOWS,
    ENFORCEMENT_STAGES,
)
from simulator.dynamics.quarters import quarter_paying_parents, quarter_row, quarter_shares
from simulator.dynamics.state import State
from simulator.population import CMS, COLLECT_AND_PAY, DIRECT_PAY, FAMILY_BASED, NOT_CMS
from simulator.rules.income import gross_weekly_income_less_pension
from simulator.rules.variations import (
    notional_income_from_assets_weekly,
    unearned_income_weekly,
)

__all__ = [
    "MONTHLY",
    "RECORDS",
    "WINDOW_SUMS",
    "Recorder",
    "Reporter",
    "SimulationResult",
    "month_row",
    "quarter_paying_parents",
    "quarter_row",
    "quarter_shares",
]

#: Money flows of a month per family (CMS arrangements).
FLOWS = ("due", "paid", "received", "fee_due", "paid_fee", "rp_fee", "charges")
#: Per-family quantities summed over the last ``window_months`` months.
WINDOW_SUMS = (*FLOWS, "family_based_paid", "family_based_due")
#: Months at the end of a run over which Collect and Pay receiving parents'
#: receipts are summed (the "nothing received in the last three months" measure).
RECENT_MONTHS = 3
#: The ledger's flows per debt (accrued, paid off by payments, recovered by
#: enforcement, written off), recorded per family and month.
LEDGER_FLOWS = tuple(
    f"{flow}_{debt}"
    for flow in ("accrued", "paid_off", "recovered", "written_off")
    for debt in ARREARS_DEBTS
)
#: The month's flows among the per-family records.
FLOW_RECORDS = (
    *FLOWS,
    "paid_charges",
    "written_off",
    *LEDGER_FLOWS,
    "paid_maintenance",
    "paid_arrears_maintenance",
    "direct_pay_shortfall",
)
#: Per-family monthly records kept when ``record=True``: the flows, then the
#: state at the end of the month.
RECORDS = (
    *FLOW_RECORDS,
    "arrears",
    *(f"arrears_{debt}" for debt in ARREARS_DEBTS),
    "direct_pay_shortfall_stock",
    "service",
    "stage",
    "assessed_weekly",
    "true_weekly",
    "weekly_liability",
    "employment",
    "deo",
    "job",
)


@dataclass
class SimulationResult:
    """What :func:`simulator.dynamics.simulate` returns.

    ``monthly``: one row per month, weighted totals and counts (:data:`MONTHLY`).
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


def weighted_sum(weights: np.ndarray, values: np.ndarray) -> float:
    """Sum of weights x values, by numpy's pairwise summation (not BLAS, whose
    result can depend on the machine's threads and processor)."""
    return float(np.multiply(weights, values).sum())


class MonthView:
    """A month's flows and the state after it, with the intermediate arrays
    several reporters share (worked out once, when first asked for)."""

    def __init__(self, state: State, month: MonthFlows, when: dt.date | None = None):
        self.state, self.month, self.when = state, month, when
        self.weights = state.frame.weight
        self.local, self.masks = month.local, month.masks
        self.w = self.weights[month.index]
        self.cp = month.masks["cp"]
        self.u = state.frame.unit_of[month.index]

    @cached_property
    def service(self) -> np.ndarray:  # DIRECT_PAY or COLLECT_AND_PAY for CMS families
        return self.state.arrangements.service[self.month.index]

    def by_service(self, values: np.ndarray) -> np.ndarray:
        return np.bincount(self.service, weights=self.w * values, minlength=2)

    @cached_property
    def due(self) -> np.ndarray:
        return self.by_service(self.local["due"])

    @cached_property
    def received(self) -> np.ndarray:
        return self.by_service(self.local["received"])

    # the separated families this month (dynamics/population_series.py)
    population = cached_property(lambda self: monthly_population(self.state, self.month))
    abuse = cached_property(lambda self: monthly_abuse(self.state, self.month))
    hidden = cached_property(lambda self: monthly_hidden(self.state, self.month))

    @cached_property
    def arrangements(self) -> np.ndarray:
        return np.bincount(self.state.arrangements.arrangement, weights=self.weights, minlength=3)

    @cached_property
    def services(self) -> np.ndarray:
        return np.bincount(self.service, weights=self.w, minlength=2)

    @cached_property
    def stages(self) -> np.ndarray:
        stage = self.state.enforcement.stage[self.month.index][self.cp]
        return np.bincount(stage, weights=self.w[self.cp], minlength=len(ENFORCEMENT_STAGES))

    @cached_property
    def family_based_weights(self) -> np.ndarray:
        return self.weights[self.month.family_based]

    @cached_property
    def income_weights(self) -> np.ndarray:
        """Weights of CMS families assessed on income (not on a flat-rate
        benefit or the nil rate as the CMS knows it); 0 for the others."""
        a, people = self.state.assessment, self.state.people
        return np.where(a.known_benefit[self.u] | people.nil_rate[self.u], 0.0, self.w)

    @cached_property
    def varied(self) -> np.ndarray:
        return self.state.assessment.variation_applied[self.u]

    def total(self, key: str) -> float:
        return weighted_sum(self.w, self.local[key])

    @cached_property
    def poverty(self) -> dict[str, float]:
        """Children (and paying parents) in relative poverty this month, from
        each household's net income this month with this month's maintenance
        received, or paid with fees and charges, annualised (HBAI: the
        month's poverty line)."""
        return monthly_poverty(self.state, self.month, self.when)

    def family_based_total(self, key: str) -> float:
        return weighted_sum(self.family_based_weights, self.month.family_based_local[key])


@dataclass(frozen=True)
class Reporter:
    """One column of the monthly table."""

    name: str
    meaning: str
    value: Callable[[MonthView], float]


def _variation_income(v: MonthView) -> float:
    people, p, u = v.state.people, v.state.law, v.u
    return weighted_sum(
        v.w[v.varied],
        unearned_income_weekly(people.unearned[u][v.varied], p)
        + notional_income_from_assets_weekly(people.assets[u][v.varied], p),
    )


def _declared_income(v: MonthView) -> float:
    people, u = v.state.people, v.u
    return weighted_sum(
        v.income_weights,
        gross_weekly_income_less_pension(
            people.declared_annual()[u], people.pension[u], v.state.law
        ),
    )


def _broken(v: MonthView, among: np.ndarray | bool = True) -> float:
    arr = v.state.arrangements
    broken = (arr.service == DIRECT_PAY) & v.state.history.dp_breakdown & among
    return weighted_sum(v.weights, broken)


def _moved(v: MonthView) -> float:
    moved = v.month.moved_to_collect_and_pay
    return float(v.weights[moved].sum()) if moved is not None else 0.0


#: The month's endings of arrangements by reason (families, from
#: MonthFlows.moves): column -> (meaning, the families from the Moves).
ENDINGS = {
    "closed_hazard": (
        "CMS cases closed at the closure hazards (the liability ended otherwise than by ageing)",
        lambda m: m.closed & ~m.aged_out & ~m.arrears_cleared & ~m.arrears_abandoned,
    ),
    "closed_aged_out": (
        "CMS cases closed because no qualifying child is left",
        lambda m: m.closed & m.aged_out,
    ),
    "closed_arrears_cleared": (
        "arrears-only cases closed, their arrears cleared",
        lambda m: m.arrears_cleared,
    ),
    "closed_arrears_abandoned": (
        "arrears-only cases closed at the receiving parent's request (arrears written off)",
        lambda m: m.arrears_abandoned,
    ),
    "to_arrears_only_hazard": (
        "Collect and Pay cases kept for arrears only, their liability ended at the hazards",
        lambda m: m.to_arrears_only & ~m.aged_out,
    ),
    "to_arrears_only_aged_out": (
        "Collect and Pay cases kept for arrears only, no qualifying child left",
        lambda m: m.to_arrears_only & m.aged_out,
    ),
    "family_based_ended_aged_out": (
        "family-based arrangements ended because no qualifying child is left",
        lambda m: m.aged_out & ~m.closed & ~m.to_arrears_only,
    ),
}


def _ended(v: MonthView, which) -> float:
    moves = v.month.moves
    return float(v.weights[which(moves)].sum()) if moves is not None else 0.0


def _aged_out(v: MonthView, children) -> float:
    return weighted_sum(v.weights, children) if children is not None else 0.0


#: The monthly table, column by column (GB totals: £ a month, or counts).
MONTHLY: tuple[Reporter, ...] = (
    Reporter("cms_arrangements", "CMS arrangements", lambda v: float(v.arrangements[CMS])),
    Reporter(
        "direct_pay_arrangements",
        "Direct Pay arrangements",
        lambda v: float(v.services[DIRECT_PAY]),
    ),
    Reporter(
        "collect_and_pay_arrangements",
        "Collect and Pay arrangements",
        lambda v: float(v.services[COLLECT_AND_PAY]),
    ),
    Reporter(
        "arrears_only_arrangements",
        "Collect and Pay arrangements open for arrears only (nothing due)",
        lambda v: weighted_sum(v.w, v.state.arrangements.arrears_only[v.month.index]),
    ),
    Reporter(
        "family_based_arrangements",
        "family-based arrangements",
        lambda v: float(v.arrangements[FAMILY_BASED]),
    ),
    Reporter("due", "CMS maintenance due (£)", lambda v: float(v.due.sum())),
    Reporter(
        "due_collect_and_pay", "due on Collect and Pay (£)", lambda v: float(v.due[COLLECT_AND_PAY])
    ),
    Reporter("due_direct_pay", "due on Direct Pay (£)", lambda v: float(v.due[DIRECT_PAY])),
    Reporter(
        "paid",
        "paid by paying parents: maintenance, fees, arrears, charges (£)",
        lambda v: v.total("paid"),
    ),
    Reporter(
        "paid_collect_and_pay",
        "paid on Collect and Pay (£)",
        lambda v: weighted_sum(v.w[v.cp], v.local["paid"][v.cp]),
    ),
    Reporter(
        "paid_maintenance", "ongoing maintenance paid (£)", lambda v: v.total("paid_maintenance")
    ),
    Reporter("received", "received by receiving parents (£)", lambda v: float(v.received.sum())),
    Reporter(
        "received_collect_and_pay",
        "received through Collect and Pay (£)",
        lambda v: float(v.received[COLLECT_AND_PAY]),
    ),
    Reporter(
        "received_direct_pay",
        "received through Direct Pay (£)",
        lambda v: float(v.received[DIRECT_PAY]),
    ),
    Reporter(
        "family_based_due",
        "due in family-based arrangements (£)",
        lambda v: v.family_based_total("family_based_due"),
    ),
    Reporter(
        "family_based_paid",
        "paid in family-based arrangements (£)",
        lambda v: v.family_based_total("family_based_paid"),
    ),
    Reporter(
        "fees_charged_paying_parents",
        "collection fees charged to paying parents (£)",
        lambda v: v.total("fee_due"),
    ),
    Reporter(
        "fees_paid_paying_parents",
        "collection fees paid by paying parents (£)",
        lambda v: v.total("paid_fee"),
    ),
    Reporter(
        "fees_receiving_parents",
        "collection fees taken from receiving parents (£)",
        lambda v: v.total("rp_fee"),
    ),
    Reporter("enforcement_charges", "enforcement charges added (£)", lambda v: v.total("charges")),
    Reporter(
        "enforcement_charges_paid",
        "enforcement charges paid (£)",
        lambda v: v.total("paid_charges"),
    ),
    Reporter(
        "arrears_written_off",
        "arrears written off (£)",
        lambda v: weighted_sum(v.weights, v.month.written_off),
    ),
    Reporter(
        "arrears_written_off_closed",
        "small arrears of closed cases written off (SI 2024/87) (£)",
        lambda v: weighted_sum(v.weights, v.month.written_off_closed),
    ),
    Reporter(
        "arrears_written_off_request",
        "arrears written off at the receiving parent's request (maintenance; all debts of "
        "an arrears-only case that closes) (£)",
        lambda v: (
            v.total("written_off_request") + weighted_sum(v.weights, v.month.written_off_abandoned)
        ),
    ),
    Reporter(
        "arrears_written_off_death",
        "arrears written off on the paying parent's death (£)",
        lambda v: v.total("written_off_death"),
    ),
    Reporter(
        "arrears_accrued",
        "new arrears: maintenance, fees and charges due and not paid (£)",
        lambda v: sum(v.total(f"accrued_{d}") for d in ARREARS_DEBTS),
    ),
    Reporter(
        "arrears_paid_off",
        "arrears paid off by payments (instalments and lump sums) (£)",
        lambda v: sum(v.total(f"paid_off_{d}") for d in ARREARS_DEBTS),
    ),
    Reporter(
        "arrears_recovered",
        "arrears recovered by enforcement (£)",
        lambda v: sum(v.total(f"recovered_{d}") for d in ARREARS_DEBTS),
    ),
    Reporter(
        "arrears_stock",
        "arrears owed at the end of the month (£)",
        lambda v: weighted_sum(v.weights, v.state.arrears.total()),
    ),
    *(
        Reporter(
            f"arrears_{debt}_stock",
            f"arrears of {debt} owed at the end of the month (£)",
            lambda v, debt=debt: weighted_sum(v.weights, getattr(v.state.arrears, debt)),
        )
        for debt in ARREARS_DEBTS
    ),
    Reporter(
        "collected_collect_and_pay_maintenance",
        "maintenance collected on Collect and Pay, current and arrears, before the 4% fee (£)",
        lambda v: weighted_sum(
            v.w[v.cp], (v.local["paid_maintenance"] + v.local["paid_arrears_maintenance"])[v.cp]
        ),
    ),
    Reporter(
        "direct_pay_shortfall",
        "Direct Pay maintenance due and not paid (unrecorded; not CMS arrears) (£)",
        lambda v: v.total("direct_pay_shortfall"),
    ),
    Reporter(
        "direct_pay_shortfall_stock",
        "Direct Pay shortfalls since the population date, end of month (£)",
        lambda v: weighted_sum(v.weights, v.state.arrears.direct_pay_shortfall),
    ),
    Reporter("direct_pay_broken", "broken Direct Pay arrangements, end of month", _broken),
    Reporter(
        "direct_pay_broken_unreported",
        "of those, ones the receiving parent does not report (stay on Direct Pay)",
        lambda v: _broken(v, v.state.arrangements.never_reports),
    ),
    *(
        Reporter(name, meaning, lambda v, name=name: v.total(name))
        for name, meaning in ENFORCEMENT_COLLECTED.items()
    ),
    Reporter(
        "collected_by_benefit_deduction",
        "collected by deduction from benefit (£)",
        lambda v: v.total("collected_by_benefit_deduction"),
    ),
    Reporter(
        "enforcement_collected",
        "collected through enforcement: DEOs, bank orders, liability orders, named powers (£)",
        lambda v: sum(v.total(name) for name in ENFORCEMENT_COLLECTED),
    ),
    *(
        Reporter(
            f"enforcement_flow_{name}",
            meaning,
            lambda v, name=name: float(v.w[v.masks[name]].sum()),
        )
        for name, meaning in ENFORCEMENT_FLOWS.items()
    ),
    Reporter(
        "deduction_orders_made",
        "deduction orders made: from earnings (new and re-issued) and bank (regular, lump sum)",
        lambda v: float(
            sum(
                v.w[v.masks[k]].sum()
                for k in (
                    "deo_made",
                    "deo_reissued",
                    "regular_deduction_order",
                    "lump_sum_deduction_order",
                )
            )
        ),
    ),
    Reporter(
        "collect_and_pay_due_to_pay",
        "Collect and Pay families due to pay",
        lambda v: float(v.w[v.cp & (v.local["due"] > 0)].sum()),
    ),
    Reporter(
        "deduction_from_earnings_orders",
        "Collect and Pay families paying by deduction from earnings order",
        lambda v: float(v.w[v.masks["deo"]].sum()),
    ),
    Reporter(
        "deductions_from_benefit",
        "Collect and Pay families paying by deduction from benefit",
        lambda v: float(v.w[v.masks["benefit_deduction"]].sum()),
    ),
    Reporter(
        "moved_direct_pay_to_collect_and_pay",
        "families moved from Direct Pay to Collect and Pay",
        _moved,
    ),
    *(
        Reporter(name, meaning, lambda v, which=which: _ended(v, which))
        for name, (meaning, which) in ENDINGS.items()
    ),
    Reporter(
        "qualifying_children_aged_out",
        "qualifying children who stopped qualifying (all separated families)",
        lambda v: _aged_out(v, v.month.children_aged_out),
    ),
    Reporter(
        "cms_qualifying_children_aged_out",
        "qualifying children of CMS cases with an ongoing liability who stopped qualifying",
        lambda v: _aged_out(v, v.month.cms_children_aged_out),
    ),
    Reporter(
        "assessed_income_weekly_cms",
        "assessed gross weekly income, CMS families assessed on income (£ a week, summed)",
        lambda v: weighted_sum(v.income_weights, v.state.assessment.assessed_weekly[v.u]),
    ),
    Reporter(
        "declared_income_weekly_cms",
        "income declared to HMRC less pensions, same families (£ a week, summed)",
        _declared_income,
    ),
    Reporter(
        "variations_applied_cms",
        "CMS families with a variation for unearned income or assets",
        lambda v: float(v.w[v.varied].sum()),
    ),
    Reporter(
        "variation_income_weekly_cms",
        "income added by those variations (£ a week, summed)",
        _variation_income,
    ),
    Reporter(
        "lifestyle_variations_cms",
        "CMS families with deemed lifestyle income (a reform)",
        lambda v: float(v.w[v.state.lifestyle.applied[v.u]].sum()),
    ),
    Reporter(
        "lifestyle_income_weekly_cms",
        "deemed lifestyle income (£ a week, summed)",
        lambda v: weighted_sum(v.w, v.state.lifestyle.weekly[v.u]),
    ),
    Reporter(
        "data_matched_cms",
        "CMS families whose hidden profit HMRC data matching found (a reform)",
        lambda v: float(v.w[v.state.lifestyle.matched[v.u]].sum()),
    ),
    Reporter(
        "data_matched_income_weekly_cms",
        "profit brought in by data matching (£ a week, summed)",
        lambda v: weighted_sum(v.w, v.state.lifestyle.matched_weekly[v.u]),
    ),
    Reporter(
        "true_income_weekly_cms",
        "true gross weekly income less pensions, families assessed on income (£ a week, summed)",
        lambda v: weighted_sum(
            v.income_weights, v.state.people.true_income_weekly(v.state.law, v.u)
        ),
    ),
    Reporter(
        "liability_weekly_cms",
        "weekly liabilities of CMS families (£ a week, summed)",
        lambda v: weighted_sum(v.w, v.state.liabilities.weekly[v.month.index]),
    ),
    *(
        Reporter(
            f"enforcement_{name}",
            f"Collect and Pay families at enforcement stage '{name}'",
            lambda v, stage=stage: float(v.stages[stage]),
        )
        for stage, name in enumerate(ENFORCEMENT_STAGES[1:], start=1)
    ),
    *(
        Reporter(name, meaning, lambda v, name=name, kind=kind: getattr(v, kind)[name])
        for kind, series in (
            ("population", POPULATION_SERIES),
            ("poverty", POVERTY_SERIES),
            ("abuse", ABUSE_SERIES),
            ("hidden", HIDDEN_SERIES),
        )
        for name, meaning in series.items()
    ),
)


def month_row(state: State, month: MonthFlows, when: dt.date) -> dict:
    """The monthly table's row for one month."""
    view = MonthView(state, month, when)
    return {"month": when, **{r.name: r.value(view) for r in MONTHLY}}


class Recorder:
    """Accumulates a run's reports month by month: rows, quarters, the window
    sums per family and, if asked for, per-family records."""

    def __init__(self, state: State, months: int, window_months: int, record: bool):
        n = state.frame.n
        self.rows: list[dict] = []
        self.quarters: list[dict] = []
        self.window_start = months - window_months
        self.sums = {k: np.zeros(n) for k in WINDOW_SUMS}
        self.quarter_due = np.zeros(n)
        self.quarter_paid = np.zeros(n)
        self.quarter_deo = np.zeros(n, dtype=bool)
        self.quarter_benefit = np.zeros(n, dtype=bool)
        self.quarter_months = 0
        self.records = {k: [] for k in RECORDS} if record else None
        self.corrected: list[np.ndarray] = []
        self.arrears_start = state.arrears.total().copy()
        # both households' net incomes and the poverty lines over the window;
        # Collect and Pay receipts over the last RECENT_MONTHS months
        self.incomes = {k: np.zeros(n) for k in INCOME_SUMS}
        self.lines: dict[str, float] = {}
        self.window_months = 0
        self.recent_start = months - min(RECENT_MONTHS, months)
        self.recent = {k: np.zeros(n) for k in ("due", "received")}
        self.debts_start = {d: getattr(state.arrears, d).copy() for d in ARREARS_DEBTS}

    def add(self, state: State, month: MonthFlows, when: dt.date, k: int) -> None:
        """Month ``k`` of the run (from 0), starting ``when``."""
        self.rows.append(month_row(state, month, when))
        if month.corrected_after is not None:
            self.corrected.append(month.corrected_after)
        index, local = month.index, month.local
        n = state.frame.n
        weights = state.frame.weight

        # calendar quarters for the compliance statistics (CMS-style)
        self.quarter_due[index] += local["due"]
        self.quarter_paid[index] += local["paid_maintenance"] + local["paid_arrears_maintenance"]
        due_now = local["due"] > 0
        self.quarter_deo[index] |= due_now & month.masks["deo"]
        self.quarter_benefit[index] |= due_now & month.masks["benefit_deduction"]
        self.quarter_months += 1
        if when.month % 3 == 0:
            last_day = dt.date(when.year, when.month, calendar.monthrange(when.year, when.month)[1])
            service_now = np.full(n, NOT_CMS, dtype=np.int8)
            service_now[index] = state.arrangements.service[index]
            self.quarters.append(
                {
                    **quarter_row(
                        last_day, weights, self.quarter_due, self.quarter_paid, service_now
                    ),
                    **quarter_paying_parents(
                        state.frame,
                        self.quarter_due,
                        self.quarter_deo,
                        self.quarter_benefit,
                        service_now,
                    ),
                    "months": self.quarter_months,
                }
            )
            self.quarter_months = 0
            self.quarter_due[:] = 0
            self.quarter_paid[:] = 0
            self.quarter_deo[:] = False
            self.quarter_benefit[:] = False

        if k >= self.recent_start:
            for key in self.recent:
                self.recent[key][index] += local[key]
        if k >= self.window_start:
            self._add_incomes(state, when)
            for key in self.sums:
                if key in month.family_based_local:
                    self.sums[key][month.family_based] += month.family_based_local[key]
                else:
                    self.sums[key][index] += local[key]
        if self.records is not None:
            self._record(state, month)

    def _add_incomes(self, state: State, when: dt.date) -> None:
        """Add the month's net incomes and poverty lines to the window's sums."""
        add_incomes(self.incomes, self.lines, state, when)
        self.window_months += 1

    def window_lines(self) -> dict[str, float]:
        """The poverty lines over the window (the mean of its months')."""
        return {k: v / max(self.window_months, 1) for k, v in self.lines.items()}

    def _record(self, state: State, month: MonthFlows) -> None:
        records, n = self.records, state.frame.n
        u = state.frame.unit_of
        arr = state.arrangements
        true_weekly = state.people.true_income_weekly(state.law)
        for key in FLOW_RECORDS:
            records[key].append(month.full(key, n))
        records["arrears"].append(state.arrears.total())
        for debt in ARREARS_DEBTS:
            records[f"arrears_{debt}"].append(getattr(state.arrears, debt).copy())
        records["direct_pay_shortfall_stock"].append(state.arrears.direct_pay_shortfall.copy())
        records["service"].append(
            np.where(arr.arrangement == CMS, arr.service, NOT_CMS).astype(np.int8)
        )
        records["stage"].append(state.enforcement.stage.copy())
        records["assessed_weekly"].append(state.assessment.assessed_weekly[u].copy())
        records["true_weekly"].append(true_weekly[u])
        records["weekly_liability"].append(state.liabilities.weekly.copy())
        records["employment"].append(state.people.employment[u].copy())
        records["deo"].append(month.full("deo", n))
        records["job"].append(state.people.job[u].copy())

    def end_state(self, state: State) -> dict[str, np.ndarray]:
        """The per-family window sums and end states."""
        arr = state.arrangements
        families = {f"{k}_window": v for k, v in self.sums.items()}
        families.update(
            {
                "arrangement_end": arr.arrangement.copy(),
                "service_end": np.where(arr.arrangement == CMS, arr.service, NOT_CMS).astype(
                    np.int8
                ),
                "arrears_end": state.arrears.total(),
                "arrears_start": self.arrears_start,
                **{f"arrears_{d}_start": v for d, v in self.debts_start.items()},
                **{f"arrears_{d}_end": getattr(state.arrears, d).copy() for d in ARREARS_DEBTS},
                "direct_pay_shortfall_end": state.arrears.direct_pay_shortfall.copy(),
                **self._paying_parents_in_arrears(state),
                "weekly_liability_end": state.liabilities.weekly.copy(),
                "stage_end": state.enforcement.stage.copy(),
                "qualifying_children_end": state.children.count(),
                **{f"{k}_window": v for k, v in self.incomes.items()},
                **{f"{k}_recent": v for k, v in self.recent.items()},
                **composition(state),
            }
        )
        return families

    @staticmethod
    def _paying_parents_in_arrears(state: State) -> dict[str, np.ndarray]:
        """On each paying parent's first family (False elsewhere): owes CMS
        arrears at the end, and has a gross income (earnings, profit,
        unearned income) below the income-tax personal allowance."""
        f, people = state.frame, state.people
        owed = np.bincount(f.unit_of, weights=state.arrears.total(), minlength=f.n_units)
        income = people.true_earnings + people.true_profit + people.unearned
        allowance = state.law.income_tax.personal_allowance.amount
        in_arrears = np.zeros(f.n, dtype=bool)
        below = np.zeros(f.n, dtype=bool)
        in_arrears[f.first] = owed > HALF_PENNY
        below[f.first] = income < allowance
        return {"pp_in_arrears_end": in_arrears, "pp_below_tax_threshold_end": below}

    def corrected_months(self) -> np.ndarray:
        return np.concatenate(self.corrected) if self.corrected else np.zeros(0)
