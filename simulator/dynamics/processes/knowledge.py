"""What the CMS knows: the income it assesses, and when it learns of a change.

The CMS assesses a paying parent on the HMRC figure for the latest tax year
available (typically one to two years old) until the annual review, or a
reported change of 25% or more between reviews (reports of falls are much
likelier than of rises); changes take time to process; the self-employed's
current income is seen only through later tax returns; a start or end of a
flat-rate benefit is learnt after the processing delay; variations for
unearned income or notional income from assets follow a receiving parent's
application. A reform can add payroll (real-time information) data.

The statutory tests come from :mod:`simulator.rules.income`: the 25% tolerance
(reg. 23), the choice of current over historic income (reg. 34(2)), historic
income less pension contributions (reg. 35). Each change of the assessment
marks the paying parent for a new calculation (:mod:`.liabilities`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from simulator.dynamics.frame import HALF_PENNY, Arrays, Frame
from simulator.dynamics.processes.incomes import (
    TAX_YEARS_KEPT,
    IncomeChanges,
    PayingParents,
    TaxRecord,
)
from simulator.dynamics.timing import MONTHS_IN_YEAR, monthly_completion, per_month
from simulator.population import EMPLOYEE, FLAT_RATE_BENEFIT, Population
from simulator.randomness import KeyedRandom
from simulator.rules.income import (
    current_gross_weekly_income,
    current_income_applies,
    historic_gross_weekly_income,
    income_change_is_relevant,
    weekly_from_annual,
)
from simulator.rules.variations import flat_rate_income_variation_applies

__all__ = [
    "Assessment",
    "Reassessment",
    "assess_new_cases",
    "current_income_weekly",
    "historic_income_weekly",
    "initial",
    "step",
]


@dataclass
class Assessment(Arrays):
    """What the CMS knows of each paying parent (arrays per paying parent)."""

    assessed_weekly: np.ndarray  # gross weekly income in use (£ a week)
    known_benefit: np.ndarray  # bool, the CMS knows of a flat-rate benefit
    reported: np.ndarray  # bool, a reported change awaits processing
    variation_pending: np.ndarray  # bool, a variation applied for, not yet decided
    variation_applied: np.ndarray  # bool, unearned income / assets counted
    diversion_pending: np.ndarray  # bool, a diversion variation (reg. 71) awaits its decision
    diversion_applied: np.ndarray  # bool, diverted income counted
    diverted_weekly: np.ndarray  # £ a week of diverted income the decision brings in
    flat_income_pending: np.ndarray  # bool, a reg. 70 variation awaits its decision
    flat_income_applied: np.ndarray  # bool, income over £100 a week displaces the flat rate
    diversion_decided: np.ndarray  # bool, a diversion variation decided this month
    flat_income_decided: np.ndarray  # bool, a reg. 70 variation decided this month
    review_month: np.ndarray  # int64, calendar month (0-11) of the annual review
    months_since_change: np.ndarray  # int64, months since a large change of true income; -1: none


@dataclass(frozen=True)
class Reassessment:
    """This month's result: who needs a new calculation, and how long the
    corrected cases took."""

    recalculate: np.ndarray  # (units,) bool
    corrected_after: np.ndarray  # months from a large change to a corrected liability


def historic_income_weekly(
    record: TaxRecord,
    people: PayingParents,
    reporting,
    p,
    units: np.ndarray | slice = slice(None),
    self_employed: bool = False,
) -> np.ndarray:
    """The HMRC figure: declared income of the latest tax year available, less
    evidenced pension contributions, £ a week (SI 2012/2677 regs. 35-36).

    The latest complete tax year becomes available some months after it
    ends: hmrc_income_age_at_review less the half year from its middle to
    its end; for self-employed current income, selfemp_current_income_lag
    less that half year."""
    age = (
        reporting.selfemp_current_income_lag
        if self_employed
        else reporting.hmrc_income_age_at_review
    )
    available_after = max(age - MONTHS_IN_YEAR / 2, 0.0)
    # months since the latest complete tax year ended
    years_back = 0 if record.tax_year_months >= available_after else 1
    years_back = min(years_back, TAX_YEARS_KEPT - 1)
    return historic_gross_weekly_income(
        record.tax_years[units, years_back], people.pension[units], p
    )


def current_income_weekly(
    record: TaxRecord, people: PayingParents, reporting, p, units: np.ndarray | slice
) -> np.ndarray:
    """Income the CMS can see now, £ a week: employees' pay through PAYE real
    time information; the self-employed only through tax returns (the latest
    tax year available); less evidenced pension contributions, as for the
    historic figure."""
    employed = people.employment[units] == EMPLOYEE
    return np.where(
        employed,
        current_gross_weekly_income(
            people.declared_earnings_annual()[units],
            people.pension[units],
            p,
        ),
        historic_income_weekly(record, people, reporting, p, units, self_employed=True),
    )


def _income_to_assess(historic, current, employed, p) -> np.ndarray:
    """Historic income, or current income where it differs by 25% or more and
    the CMS can see it (employees' pay) (SI 2012/2677 reg. 34(2))."""
    use_current = current_income_applies(historic, current, True, p) & employed
    return np.where(use_current, current, historic)


def initial(pop: Population, frame: Frame, people: PayingParents, record: TaxRecord, b, p):
    """The CMS's knowledge at the start: the HMRC figure, the known benefit
    status, reviews in the month each case started."""
    start_months = np.where(
        np.isnat(pop.case_start),
        0,
        (pop.case_start.astype("datetime64[M]").astype(np.int64) % MONTHS_IN_YEAR),
    )
    n_units = frame.n_units
    return Assessment(
        assessed_weekly=historic_income_weekly(record, people, b.reporting, p),
        known_benefit=people.employment == FLAT_RATE_BENEFIT,
        reported=np.zeros(n_units, dtype=bool),
        variation_pending=np.zeros(n_units, dtype=bool),
        variation_applied=np.zeros(n_units, dtype=bool),
        diversion_pending=np.zeros(n_units, dtype=bool),
        diversion_applied=np.zeros(n_units, dtype=bool),
        diverted_weekly=np.zeros(n_units),
        flat_income_pending=np.zeros(n_units, dtype=bool),
        flat_income_applied=np.zeros(n_units, dtype=bool),
        diversion_decided=np.zeros(n_units, dtype=bool),
        flat_income_decided=np.zeros(n_units, dtype=bool),
        review_month=start_months[frame.first].astype(np.int64),
        months_since_change=np.full(n_units, -1, dtype=np.int64),
    )


def step(
    a: Assessment,
    people: PayingParents,
    record: TaxRecord,
    changes: IncomeChanges,
    frame: Frame,
    cms_units: np.ndarray,
    b,
    switches,
    p,
    rng: KeyedRandom,
    t: int,
    when: dt.date,
) -> Reassessment:
    """One month of what the CMS learns, for the paying parents with CMS
    cases (``cms_units``: their rows)."""
    a.months_since_change = np.where(
        changes.changed,
        0,
        np.where(a.months_since_change >= 0, a.months_since_change + 1, -1),
    )
    k = cms_units
    r = b.reporting
    ids = frame.unit_ids[k]
    processed = rng.uniform("processing", ids, t) < monthly_completion(r.cms_change_processing_lag)
    employment = people.employment[k]
    assessed = a.assessed_weekly[k]
    known_benefit = a.known_benefit[k]
    dirty = np.zeros(len(k), dtype=bool)

    # benefit status: the CMS learns of a start or end after processing
    benefit_now = employment == FLAT_RATE_BENEFIT
    learn = (benefit_now != known_benefit) & processed
    known_benefit = np.where(learn, benefit_now, known_benefit)
    dirty |= learn
    current = current_income_weekly(record, people, r, p, k)
    # a parent leaving benefit for work is assessed on current pay
    assessed = np.where(learn & ~benefit_now & (employment == EMPLOYEE), current, assessed)

    # reported changes of 25% or more between reviews (reg. 23)
    relevant = ~known_benefit & income_change_is_relevant(assessed, current, p)
    hazard = np.where(
        current < assessed, r.report_hazard_income_decrease, r.report_hazard_income_increase
    )
    reported = a.reported[k]
    unreported = relevant & ~reported
    reported |= unreported & (rng.uniform_where("report", ids, unreported, t) < hazard)
    apply = reported & processed
    still = apply & income_change_is_relevant(assessed, current, p)
    assessed = np.where(still, current, assessed)
    reported &= ~apply
    dirty |= still

    # annual review: the latest HMRC figure, or current income if it differs
    # by 25% or more and is known (reg. 34)
    review = a.review_month[k] == (when.month - 1)
    historic = historic_income_weekly(record, people, r, p, k)
    assessed = np.where(
        review & ~known_benefit,
        _income_to_assess(historic, current, employment == EMPLOYEE, p),
        assessed,
    )
    dirty |= review

    dirty |= _variations(a, people, k, ids, b.hidden_income, p, rng, t)
    dirty |= _hidden_income_variations(a, people, k, ids, known_benefit, b.hidden_income, p, rng, t)

    # a reform: employees' pay changes seen in monthly payroll (RTI) data
    if switches.rti_reassessment:
        rti = ~known_benefit & (employment == EMPLOYEE) & (np.abs(current - assessed) > HALF_PENNY)
        seen = rti & (
            rng.uniform_where("rti_processing", ids, rti, t)
            < monthly_completion(b.reform.rti_processing_lag)
        )
        assessed = np.where(seen, current, assessed)
        reported &= ~seen
        dirty |= seen

    corrected_after = _months_to_correction(a, people, k, assessed, p)
    a.assessed_weekly[k] = assessed
    a.known_benefit[k] = known_benefit
    a.reported[k] = reported
    recalculate = np.zeros(frame.n_units, dtype=bool)
    recalculate[k] = dirty
    return Reassessment(recalculate=recalculate, corrected_after=corrected_after)


def _variations(
    a: Assessment, people: PayingParents, k, ids, hid, p, rng: KeyedRandom, t: int
) -> np.ndarray:
    """Variations for unearned income or notional income from assets (SI
    2012/2677 regs. 69-69A): where a ground exists, the receiving parent
    applies, a share succeed, and the decision follows after a delay. Returns
    the cases (of ``k``) decided this month."""
    v = p.variations
    ground = (people.unearned[k] >= v.unearned_income.threshold_annual) | (
        v.notional_income_from_assets.available
        & (people.assets[k] > (v.notional_income_from_assets.asset_threshold or np.inf))
    )
    applied, pending, decided = _variation_route(
        ground,
        a.variation_applied[k],
        a.variation_pending[k],
        hid.rp_variation_application_given_hidden,
        "variation",
        ids,
        hid,
        rng,
        t,
    )
    a.variation_applied[k] = applied
    a.variation_pending[k] = pending
    return decided


def _hidden_income_variations(
    a: Assessment, people: PayingParents, k, ids, known_benefit, hid, p, rng: KeyedRandom, t: int
) -> np.ndarray:
    """Variations for income the HMRC figure misses: diversion of income (SI
    2012/2677 reg. 71: a paying parent who diverts income to others) and, for
    a paying parent the CMS knows to be on a flat-rate benefit, income over
    £100 a week (reg. 70: cash-in-hand work). Each through the same route as
    :func:`_variations` with its own application rate. Returns the cases (of
    ``k``) decided this month."""
    diverted = people.diverted_annual(k) > 0
    applied, pending, decided = _variation_route(
        diverted,
        a.diversion_applied[k],
        a.diversion_pending[k],
        hid.rp_diversion_application_annual,
        "diversion",
        ids,
        hid,
        rng,
        t,
    )
    a.diversion_applied[k] = applied
    a.diversion_pending[k] = pending
    # the amount the decision establishes (kept until a new calculation starts)
    a.diverted_weekly[k] = np.where(
        decided, weekly_from_annual(people.diverted_annual(k), p), a.diverted_weekly[k]
    )
    cash_weekly = weekly_from_annual(people.cash_in_hand_annual(k), p)
    ground = flat_rate_income_variation_applies(known_benefit, cash_weekly, p)
    # off the benefit the flat rate, and with it the variation, ends
    applied, pending, flat_decided = _variation_route(
        ground,
        a.flat_income_applied[k] & ground,
        a.flat_income_pending[k] & ground,
        hid.rp_flat_rate_income_application_annual,
        "flat_rate_income",
        ids,
        hid,
        rng,
        t,
    )
    ended = a.flat_income_applied[k] & ~applied
    a.diversion_decided[:] = False
    a.diversion_decided[k] = decided
    a.flat_income_decided[:] = False
    a.flat_income_decided[k] = flat_decided
    a.flat_income_applied[k] = applied
    a.flat_income_pending[k] = pending
    return decided | flat_decided | ended


def _variation_route(
    ground, applied, pending, application_annual: float, name: str, ids, hid, rng, t: int
):
    """A variation on the receiving parent's application: where the ground
    exists and none is applied or pending, the receiving parent applies at
    ``application_annual`` a year, a share succeed
    (``variation_success_given_application``) and the decision follows after
    ``hidden_income_detection_lag``. Draws are named ``name`` + "_application",
    "_success", "_decision". Returns (applied, pending, decided this month)."""
    eligible = ground & ~applied & ~pending
    apply_for = eligible & (
        rng.uniform_where(f"{name}_application", ids, eligible, t) < per_month(application_annual)
    )
    succeeds = (
        rng.uniform_where(f"{name}_success", ids, apply_for, t)
        < hid.variation_success_given_application
    )
    pending = pending | (apply_for & succeeds)
    decided = pending & (
        rng.uniform_where(f"{name}_decision", ids, pending, t)
        < monthly_completion(hid.hidden_income_detection_lag)
    )
    return applied | decided, pending & ~decided, decided


def _months_to_correction(
    a: Assessment, people: PayingParents, k, assessed: np.ndarray, p
) -> np.ndarray:
    """Months from an income change of 25% or more to a corrected liability:
    the clock stops once the assessed income is within 25% of true income."""
    true_now = people.true_income_weekly(p, k)
    since = a.months_since_change[k]
    corrected = (since >= 0) & ~income_change_is_relevant(assessed, true_now, p)
    a.months_since_change[k] = np.where(corrected, -1, since)
    return since[corrected]


def assess_new_cases(
    a: Assessment,
    people: PayingParents,
    record: TaxRecord,
    applied: np.ndarray,
    b,
    p,
    when: dt.date,
) -> None:
    """New applications (``applied``: paying parents, bool): the initial
    calculation on historic income, or current income where reg. 34(2) says
    so; the annual review falls in the month of application; no variation yet."""
    a.review_month = np.where(applied, when.month - 1, a.review_month)
    applying = np.flatnonzero(applied)
    r = b.reporting
    a.assessed_weekly[applying] = _income_to_assess(
        historic_income_weekly(record, people, r, p, applying),
        current_income_weekly(record, people, r, p, applying),
        people.employment[applying] == EMPLOYEE,
        p,
    )
    a.known_benefit[applying] = people.employment[applying] == FLAT_RATE_BENEFIT
    a.variation_applied &= ~applied
    a.diversion_applied &= ~applied
    a.diversion_pending &= ~applied
    a.diverted_weekly = np.where(applied, 0.0, a.diverted_weekly)
    a.flat_income_applied &= ~applied
    a.flat_income_pending &= ~applied
