"""One month: the processes in their order, written once.

0. **Children grow older** (:mod:`.processes.children`): a child past
   their leaving date stops qualifying; the paying parent's liability is
   worked out again for the children left, and an arrangement with none left
   ends (step 3).
1. **Incomes move** (:mod:`.processes.incomes`): jobs, pay, profits, partners,
   relevant other children; HMRC records declared income. Then **both
   households** (:mod:`.processes.households`): the receiving parent's work,
   pay and partner, partners' earnings and other children in both
   households; taxes, benefits and net incomes worked out again where
   anything changed (everywhere when the law changes).
2. **What the CMS knows** (:mod:`.processes.knowledge`): benefit status,
   reported changes of 25% or more, annual reviews, variations, payroll data
   (a reform); then **the lifestyle ground** (:mod:`.processes.lifestyle`, a
   reform).
3. **Arrangements move** (:mod:`.processes.arrangements`): applications,
   closures, family-based arrangements, moves between Direct Pay and Collect
   and Pay. The other processes react to the moves: new cases are assessed,
   small arrears of closed cases written off, enforcement of closed and
   returned cases stopped, the agreed amounts of new family-based
   arrangements priced, a Direct Pay breakdown cleared by the move.
4. **Liabilities** (:mod:`.processes.liabilities`) worked out again by the
   rules engine wherever something they depend on changed.
5. **Payments** for the CMS families: the arrears instalment
   (:mod:`.processes.arrears`), deduction orders following jobs
   (:mod:`.processes.enforcement`), voluntary payment
   (:mod:`.processes.compliance`), the amount paid and its allocation with
   collection fees (:mod:`.processes.payments`); then **enforcement**
   escalates, **arrears** grow by what went unpaid and shrink by what
   enforcement recovers, and the payment history is recorded. Family-based
   arrangements pay or not.

In a warm-up month (``frozen``) children, incomes and arrangements stay as they are:
only liabilities, payments, enforcement and arrears move, and no deduction
from earnings order is made (the orders in place are an initial condition).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from simulator.dynamics.frame import HALF_PENNY
from simulator.dynamics.processes import (
    arrangements,
    arrears,
    children,
    compliance,
    enforcement,
    households,
    incomes,
    knowledge,
    liabilities,
    lifestyle,
    payments,
)
from simulator.dynamics.state import State
from simulator.dynamics.timing import DAYS_IN_WEEK, MONTHS_IN_YEAR, days_in_month
from simulator.population import (
    CMS,
    COLLECT_AND_PAY,
    DIRECT_PAY,
    EMPLOYEE,
    FAMILY_BASED,
    FLAT_RATE_BENEFIT,
    SELF_EMPLOYED,
)
from simulator.rules.fees import paying_parent_collection_fee, receiving_parent_collection_fee

__all__ = ["Lives", "MonthFlows", "live", "step"]


@dataclass
class MonthFlows:
    """One month's flows: money per CMS family (``index``: their rows; ``local``
    arrays and ``masks`` aligned on it), per family-based arrangement
    (``family_based``), arrears written off by debt (every family: small
    arrears of closed cases, at the receiving parent's request, on the paying
    parent's death; ``written_off_closed``: the first of these;
    ``written_off_abandoned``: arrears-only cases closed at the receiving
    parent's request, all their debts), and the
    month's moves and corrections (None in a warm-up month)."""

    index: np.ndarray
    local: dict[str, np.ndarray]
    masks: dict[str, np.ndarray]
    family_based: np.ndarray
    family_based_local: dict[str, np.ndarray]
    written_off_by_debt: arrears.WrittenOff
    written_off_closed: np.ndarray
    written_off_abandoned: np.ndarray
    moved_to_collect_and_pay: np.ndarray | None = None
    corrected_after: np.ndarray | None = None
    #: (families,) qualifying children who stopped qualifying this month
    children_aged_out: np.ndarray | None = None
    #: (families,) of those, the children of CMS cases with an ongoing liability
    cms_children_aged_out: np.ndarray | None = None
    #: (families,) bool: the families who separated this month (entrants)
    families_entered: np.ndarray | None = None
    #: the month's moves between arrangements (None in a warm-up month)
    moves: arrangements.Moves | None = None
    #: the month's children, incomes and households (None in a warm-up month)
    lives: Lives | None = None

    @property
    def written_off(self) -> np.ndarray:
        """Arrears written off this month (every family, £)."""
        return self.written_off_by_debt.total

    def full(self, key: str, n: int) -> np.ndarray:
        """A quantity as a full-length array (zero for other families)."""
        if key == "written_off":
            return self.written_off
        if key.startswith("written_off_") and key[len("written_off_") :] in arrears.DEBTS:
            return getattr(self.written_off_by_debt, key[len("written_off_") :])
        out = np.zeros(n, dtype=bool if key in self.masks else float)
        if key in self.family_based_local:
            out[self.family_based] = self.family_based_local[key]
        else:
            out[self.index] = self.masks[key] if key in self.masks else self.local[key]
        return out


@dataclass(frozen=True)
class Lives:
    """The month's moves of what no CMS policy changes — the children's
    birthdays (``aged``), the paying parents' incomes (``changes``) and both
    households (:func:`live`) — which the rest of the month reacts to."""

    aged: children.ChildChanges
    changes: incomes.IncomeChanges


def live(state: State, when: dt.date) -> Lives:
    """Steps 0 and 1 of a month: children, incomes and both households move.
    They read the law's taxes and benefits and the register's income, family,
    households and population values, and nothing any other process writes,
    so runs that agree on those can share them (``step(..., lives=...)``)."""
    aged = children.step(state.children, when)
    tolerance = state.parameters_for("households").at(state.start).income.change_tolerance
    before = households.paying_before(state.people)
    changes = incomes.step(
        state.people,
        state.tax_record,
        state.frame,
        state.behaviour_for("households"),
        tolerance,
        state.rng,
        state.month_index,
        when,
    )
    households.step(
        state.households,
        state.children,
        aged,
        state.people,
        before,
        state.frame,
        state.values_for("households"),
        tolerance,
        state.rng,
        state.month_index,
        when,
        state.law_for("households"),
    )
    return Lives(aged, changes)


def step(
    state: State, when: dt.date, frozen: bool = False, lives: Lives | None = None
) -> MonthFlows:
    """Move ``state`` on by the month starting ``when``. ``frozen`` (warm-up):
    incomes and arrangements stay as they are. ``lives``: the month's
    :func:`live` already worked out on the state's shared children, incomes
    and households (runs in lockstep); by default worked out here."""
    state.set_month_law(when)
    # the statute's part (liabilities, assessment, fees, allocation) reads the
    # mechanical channel's law; each behavioural process its own channel's
    p = state.law_for("mechanical")
    if p.date != state.liabilities.period:
        state.liabilities.recalculate[:] = True
        state.liabilities.period = p.date
    t = state.month_index
    n = state.frame.n
    written_off = arrears.WrittenOff(np.zeros(n), np.zeros(n), np.zeros(n))
    abandoned = arrears.WrittenOff(np.zeros(n), np.zeros(n), np.zeros(n))
    moves = corrected = aged = cms_aged = aged_count = None
    compliance.renew(state.propensity, state.frame, state.behaviour_for("compliance"), state.rng, t)
    if not frozen:
        lives = lives or live(state, when)
        aged = lives.aged
        arr = state.arrangements
        ongoing = (arr.arrangement == CMS) & ~arr.arrears_only
        aged_count = children.count_slots(aged.aged_out)  # (the same as .sum(axis=1))
        cms_aged = np.where(ongoing, aged_count, 0)
        moves, corrected, (written_off, abandoned) = _circumstances(state, p, t, when, lives)
    liabilities.step(
        state.liabilities,
        state.arrangements.arrangement,
        state.arrangements.arrears_only,
        state.frame,
        state.people,
        state.assessment,
        state.lifestyle,
        p,
        state.threads,
        qualifying=state.children.qualifying,
    )
    flows = _payments(state, p, t, days_in_month(when), (written_off, abandoned), frozen)
    flows.moved_to_collect_and_pay = None if moves is None else moves.moved_to_collect_and_pay
    flows.corrected_after = corrected
    flows.children_aged_out = aged_count
    flows.cms_children_aged_out = cms_aged
    flows.families_entered = None if aged is None else aged.entered
    flows.moves = moves
    flows.lives = lives
    state.month_index += 1
    return flows


def _circumstances(state: State, p, t: int, when: dt.date, lives: Lives):
    """Steps 2-3 (after the month's ``lives``: children, incomes and
    households): knowledge, the lifestyle ground, arrangements, and the
    reactions to the month's moves. Returns (moves, months to corrected
    liabilities, arrears written off)."""
    f, b, rng = state.frame, state.behaviour_for("mechanical"), state.rng
    liab = state.liabilities
    aged, changes = lives.aged, lives.changes
    liab.recalculate |= changes.other_children

    cms_unit = np.zeros(f.n_units, dtype=bool)
    cms_unit[f.unit_of[state.arrangements.arrangement == CMS]] = True
    cms_units = np.flatnonzero(cms_unit)
    reassessed = knowledge.step(
        state.assessment,
        state.people,
        state.tax_record,
        changes,
        f,
        cms_units,
        b,
        state.switches_for("mechanical"),
        p,
        rng,
        t,
        when,
    )
    liab.recalculate |= reassessed.recalculate
    liab.recalculate |= lifestyle.step(state.lifestyle, state.people, f, cms_units, b, p, rng, t)
    liab.recalculate |= lifestyle.data_matching_step(
        state.lifestyle, state.people, f, cms_units, b, p, state.switches_for("mechanical"), rng, t
    )

    threshold = p.service.write_off.small_arrears_threshold
    moves = arrangements.step(
        state.arrangements,
        f,
        arrangements.Circumstances(
            owed=state.arrears.total(),
            weekly=liab.weekly,
            employment=state.people.employment,
            full_streak=state.history.full_streak,
            dp_breakdown=state.history.dp_breakdown,
            by_deduction=(
                state.assessment.known_benefit & (state.people.employment == FLAT_RATE_BENEFIT)
            )[f.unit_of],
            write_off_threshold=threshold,
            has_child=state.children.count() > 0,
            rp_age=state.households.columns["rp_age"],
            abuse_share_outside=(
                state.values_for("service").population.case.domestic_abuse_share_other
            ),
        ),
        state.behaviour_for("service"),
        state.fitted_for("service"),
        state.law_for("service"),
        rng,
        t,
    )
    knowledge.assess_new_cases(
        state.assessment, state.people, state.tax_record, moves.applied, b, p, when
    )
    lifestyle.reset(state.lifestyle, moves.applied)
    liab.recalculate |= moves.applied
    # a paying parent whose case for one receiving parent ends, or one of
    # whose qualifying children aged out, is worked out again
    liab.recalculate[f.unit_of[moves.closed | moves.to_arrears_only | aged.families]] = True
    written_off = arrears.write_off(state.arrears, moves.closed, threshold)
    # an arrears-only case the receiving parent asks the CMS to stop collecting
    # closes, and what is owed on it is written off
    abandoned = arrears.write_off(state.arrears, moves.arrears_abandoned, np.inf)
    enforcement.stop(state.enforcement, moves.closed, moves.returned_to_direct_pay)
    # new family-based arrangements are priced; those that lost a qualifying
    # child and go on are priced again for the children left
    fba = state.arrangements.arrangement == FAMILY_BASED
    new = np.union1d(moves.new_family_based, np.flatnonzero(fba & aged.families))
    state.arrangements.family_based_weekly[new] = liabilities.family_based_weekly(
        new,
        f,
        state.people,
        state.assessment,
        state.lifestyle,
        state.behaviour_for("service").compliance.family_based_amount_ratio,
        state.law_for("service"),
        state.threads,
        qualifying=state.children.qualifying,
    )
    state.history.dp_breakdown &= ~moves.moved_to_collect_and_pay
    payments.carry_direct_pay_record(state.history, moves.moved_to_collect_and_pay)
    return moves, reassessed.corrected_after, (written_off, abandoned)


@dataclass(frozen=True)
class _Cases:
    """This month's CMS families (``index``: their rows) and what every step
    of the payment phase reads about them."""

    index: np.ndarray
    fids: np.ndarray  # family ids (draw keys)
    u: np.ndarray  # their paying parents' rows
    cp: np.ndarray  # on Collect and Pay
    dp: np.ndarray  # on Direct Pay
    abuse: np.ndarray  # domestic abuse disclosed
    due: np.ndarray  # maintenance due this month (£)
    fee_due: np.ndarray  # paying parent's collection fee this month (£)
    employed: np.ndarray
    on_benefit: np.ndarray  # on a flat-rate benefit the CMS knows of
    net_monthly: np.ndarray  # paying household's net income (£ a month)
    job: np.ndarray  # the paying parent's job counter
    weekly: np.ndarray  # the weekly liability
    compliant: np.ndarray  # paid in full last month (the compliant fee rate)
    owner: np.ndarray  # the paying parent owns a home
    days: int  # days in the month


def _cases(state: State, history: payments.PaymentHistory, index: np.ndarray, p, days: int):
    f, arr, people = state.frame, state.arrangements, state.people
    u = f.unit_of[index]
    weekly = state.liabilities.weekly[index]
    cp = arr.service[index] == COLLECT_AND_PAY
    return _Cases(
        index=index,
        fids=f.family_ids[index],
        u=u,
        cp=cp,
        dp=arr.service[index] == DIRECT_PAY,
        abuse=f.domestic_abuse[index],
        due=weekly * days / DAYS_IN_WEEK,
        # (compliant: paid in full last month; the same rate in current law)
        fee_due=np.where(
            cp, paying_parent_collection_fee(weekly, days, p, history.full_streak > 0), 0.0
        ),
        employed=people.employment[u] == EMPLOYEE,
        on_benefit=state.assessment.known_benefit[u] & (people.employment[u] == FLAT_RATE_BENEFIT),
        net_monthly=people.net_income_monthly[u],
        job=people.job[u],
        weekly=weekly,
        compliant=history.full_streak > 0,
        owner=enforcement.owns_home(state.households.columns["pp_tenure"][index]),
        days=days,
    )


@dataclass(frozen=True)
class _Seen:
    """What voluntary payment responds to under the compliance channel's law."""

    law: object
    fee_due: np.ndarray
    lifestyle_applied: np.ndarray


def _compliance_sees(state: State, c: _Cases, p) -> _Seen:
    """The law, the paying parent's collection fee and the deemed income that
    voluntary payment responds to: the run's (``p``, the mechanical
    channel's), unless the compliance channel reads the baseline's law (a
    counterfactual run: the fee it sees is the baseline's rate on the same
    liability, and deemed income only where the baseline has the ground)."""
    law = state.law_for("compliance")
    applied = state.lifestyle.applied[c.u]
    if law is p:
        return _Seen(law, c.fee_due, applied)
    fee_due = np.where(c.cp, paying_parent_collection_fee(c.weekly, c.days, law, c.compliant), 0.0)
    return _Seen(law, fee_due, applied & bool(law.variations.lifestyle_income.available))


def _payments(state: State, p, t: int, days: int, write_offs: tuple, frozen: bool) -> MonthFlows:
    """Step 5: payments, collection fees, enforcement and arrears (in a warm-up month no
    deduction from earnings order is made: the orders in place are an initial condition).
    ``write_offs``: the small arrears of closed cases and the arrears-only debts abandoned."""
    written_off, abandoned = write_offs
    f, b, rng = state.frame, state.behaviour_for("enforcement"), state.rng
    arr = state.arrangements

    family_based = np.flatnonzero(arr.arrangement == FAMILY_BASED)
    family_based_local = payments.family_based(
        arr.family_based_weekly[family_based], f.family_ids[family_based], days,
        state.behaviour_for("compliance"), rng, t,
    )  # fmt: skip

    index = np.flatnonzero(arr.arrangement == CMS)
    enf = state.enforcement.take(index)
    debt = state.arrears.take(index)
    history = state.history.take(index)
    c = _cases(state, history, index, p, days)
    owed_before = debt.total()
    pay = _pay(state, c, enf, debt, owed_before, p, t)
    alloc = pay.allocation

    # enforcement on Collect and Pay; arrears (Direct Pay shortfalls are not
    # collected by the CMS: an unrecorded stock of their own)
    instalment_only = (c.due <= 0) & (pay.instalment > 0)  # an arrears-only case
    shortfall = c.cp & (
        ((c.due > 0) & (alloc.maintenance < c.due - HALF_PENNY))
        | (instalment_only & (pay.paid < pay.instalment - HALF_PENNY))
    )
    escalation = enforcement.escalate(
        enf,
        fids=c.fids,
        job=c.job,
        assets=state.people.assets[c.u],
        cp=c.cp,
        shortfall=shortfall,
        employed=c.employed,
        on_benefit=c.on_benefit,
        arrears_total=owed_before,
        b=b,
        fitted=state.fitted_for("enforcement"),
        p=state.law_for("enforcement"),
        rng=rng,
        t=t,
        make_orders=not frozen,
    )
    accrued = arrears.ByDebt(  # what this month adds to each debt
        maintenance=np.where(c.cp, c.due - alloc.maintenance, 0.0),
        fees=c.fee_due - alloc.fee,
        charges=escalation.charges,
    )
    debt.maintenance += accrued.maintenance - alloc.arrears_maintenance
    debt.fees += accrued.fees - alloc.arrears_fees
    debt.charges += accrued.charges - alloc.charges
    dp_shortfall = np.where(c.dp, np.maximum(c.due - alloc.maintenance, 0.0), 0.0)
    debt.direct_pay_shortfall += dp_shortfall
    recovery = enforcement.recovery(
        enf,
        fids=c.fids,
        cp=c.cp,
        bank_order_collects=escalation.bank_order_collects,
        arrears_total=debt.total(),
        reach_by_bank_order=enforcement.bank_order_reach(
            state.people.assets[c.u], state.people.net_income_monthly[c.u], b.enforcement
        ),
        owner=c.owner,
        b=b,
        switches=state.switches_for("enforcement"),
        rng=rng,
        t=t,
    )
    recovered = arrears.recover(debt, recovery.share)
    recovered_rp_fee = receiving_parent_collection_fee(recovered.maintenance, p, c.abuse)
    written, on_request, on_death = _write_off(state, c, debt, t)
    payments.record(
        history, due=c.due, paid_maintenance=alloc.maintenance, cp=c.cp, dp=c.dp,
        shortfall=shortfall,
        mend_months=state.behaviour_for("service").service.reliable_months_before_direct_pay,
    )  # fmt: skip
    arrangements.record_payments(
        arr, index, c.cp & (c.due > 0), alloc.maintenance + recovered.maintenance <= HALF_PENNY
    )
    state.enforcement.put(index, enf)
    state.arrears.put(index, debt)
    state.history.put(index, history)
    written_off_closed, written_off_abandoned = _all_written_off(
        written_off, abandoned, index, written
    )

    local = {
        "due": c.due,
        "fee_due": c.fee_due,
        "paid": pay.paid + recovered.total,
        "paid_maintenance": alloc.maintenance,
        "paid_fee": alloc.fee + alloc.arrears_fees + recovered.fees,
        "paid_arrears": alloc.arrears_maintenance
        + alloc.arrears_fees
        + alloc.charges
        + recovered.total,
        "paid_arrears_maintenance": alloc.arrears_maintenance + recovered.maintenance,
        "paid_charges": alloc.charges + recovered.charges,
        "received": alloc.received + recovered.maintenance - recovered_rp_fee,
        "rp_fee": alloc.rp_fee + recovered_rp_fee,
        "charges": escalation.charges,
        "direct_pay_shortfall": dp_shortfall,
        # the ledger, debt by debt: accrued, paid off by payments, recovered by
        # enforcement (written off: MonthFlows.written_off_by_debt)
        **{f"accrued_{d}": getattr(accrued, d) for d in arrears.DEBTS},
        "paid_off_maintenance": alloc.arrears_maintenance,
        "paid_off_fees": alloc.arrears_fees,
        "paid_off_charges": alloc.charges,
        **{f"recovered_{d}": getattr(recovered, d) for d in arrears.DEBTS},
        "written_off_request": on_request,
        "written_off_death": on_death,
        # what each enforcement route collected
        "collected_by_deo": np.where(pay.deo_pays, pay.paid, 0.0),
        "collected_by_benefit_deduction": np.where(pay.benefit_pays & ~pay.deo_pays, pay.paid, 0.0),
        "recovered_by_bank_order": np.where(recovery.bank_order, recovered.total, 0.0),
        "recovered_by_agents": np.where(recovery.agents, recovered.total, 0.0),
        "recovered_by_sanction": np.where(recovery.sanction, recovered.total, 0.0),
        "recovered_by_charging_order": np.where(
            recovery.charging_order_repaid, recovered.total, 0.0
        ),
    }
    masks = {
        "cp": c.cp,
        "dp": c.dp,
        "deo": c.cp & enf.deo_active,
        "benefit_deduction": c.cp & c.on_benefit,
        "contact": escalation.contact,
        "deo_made": escalation.deo_made,
        "deo_reissued": pay.jobs.reissued,
        "deo_lapsed": pay.jobs.lapsed,
        "regular_deduction_order": escalation.regular_order,
        "lump_sum_deduction_order": escalation.lump_sum_order,
        "liability_order_applied": escalation.lo_applied,
        "liability_order_granted": escalation.lo_granted,
        **recovery.flows(),
    }
    return MonthFlows(
        index,
        local,
        masks,
        family_based,
        family_based_local,
        written_off,
        written_off_closed=written_off_closed,
        written_off_abandoned=written_off_abandoned,
    )


def _all_written_off(
    written_off: arrears.WrittenOff,
    abandoned: arrears.WrittenOff,
    index: np.ndarray,
    written: arrears.WrittenOff,
) -> tuple[np.ndarray, np.ndarray]:
    """Add the arrears-only debts abandoned and this month's write-offs of the
    CMS families (``index``) to the small arrears of closed cases, in
    ``written_off`` (every family, by debt); returns the totals of the first
    two (small arrears of closed cases, abandoned)."""
    closed, given_up = written_off.total, abandoned.total
    for debt_name in arrears.DEBTS:
        getattr(written_off, debt_name)[:] += getattr(abandoned, debt_name)
        getattr(written_off, debt_name)[index] += getattr(written, debt_name)
    return closed, given_up


def _write_off(state: State, c: _Cases, debt, t: int):
    """Maintenance arrears written off at the receiving parent's request, and
    every debt of a paying parent who died (hazards per month). Returns (the
    write-offs by debt, the total at request, the total on death)."""
    e, rng = state.behaviour_for("enforcement").enforcement, state.rng
    owes = debt.total() > 0
    request = owes & (
        rng.uniform_where("arrears_write_off_request", c.fids, owes, t)
        < e.write_off_rp_request_monthly
    )
    death = owes & (
        rng.uniform_where("paying_parent_death", state.frame.unit_ids[c.u], owes, t)
        < e.paying_parent_death_monthly
    )
    out = arrears.write_off_on_request_or_death(debt, request & ~death, death)
    return out, np.where(death, 0.0, out.total), np.where(death, out.total, 0.0)


@dataclass(frozen=True)
class _Paid:
    """What the CMS families' paying parents pay this month."""

    paid: np.ndarray
    allocation: payments.Allocation
    instalment: np.ndarray
    jobs: enforcement.JobMoves
    deo_pays: np.ndarray  # paying by a deduction from earnings order that collects
    benefit_pays: np.ndarray  # paying by deduction from benefit


def _pay(state: State, c: _Cases, enf, debt, owed_before, p, t: int) -> _Paid:
    """What each CMS family's paying parent pays and how it is allocated: the
    arrears instalment, deduction orders following jobs, deductions or
    voluntary payment."""
    b, rng, people = state.behaviour_for("enforcement"), state.rng, state.people
    instalment = arrears.instalment(
        owed_before, c.cp, c.due, c.fee_due, c.net_monthly, b.enforcement
    )
    jobs = enforcement.follow_jobs(
        enf, fids=c.fids, job=c.job, employed=c.employed, cp=c.cp, b=b,
        switches=state.switches_for("enforcement"), rng=rng, t=t,
    )  # fmt: skip
    seen = _compliance_sees(state, c, p)
    mechanical = c.cp & (enf.deo_active | c.on_benefit)
    voluntary = compliance.voluntary_payment(
        fids=c.fids,
        candidates=((c.due > 0) | (instalment > 0)) & ~mechanical,
        latent=state.propensity.latent[c.index],
        cooperative=state.arrangements.cooperative[c.index],
        broken=state.history.dp_breakdown[c.index] & c.dp,
        self_employed=people.employment[c.u] == SELF_EMPLOYED,
        domestic_abuse=c.abuse,
        most_nights=state.frame.most_nights[c.index],
        annual_income=np.maximum(
            (people.true_earnings + people.true_profit)[c.u], c.net_monthly * MONTHS_IN_YEAR
        ),
        due=c.due,
        fee_due=seen.fee_due,
        fee_threat=c.dp & (seen.law.fees.collection.paying_parent_rate > 0),
        contacted=enf.stage == enforcement.CONTACT,
        lifestyle_applied=seen.lifestyle_applied,
        effect=state.effects_for("compliance"),
        b=state.behaviour_for("compliance"),
        fitted=state.fitted_for("compliance"),
        rng=rng,
        t=t,
    )
    deo_pays = c.cp & enf.deo_active & enf.deo_effective
    benefit_pays = c.cp & c.on_benefit & state.propensity.benefit_deduction_effective[c.u]
    paid = payments.amount_paid(
        due=c.due,
        fee_due=c.fee_due,
        instalment=instalment,
        dp=c.dp,
        mechanical=mechanical,
        deduction_collects=deo_pays | benefit_pays,
        voluntary=voluntary,
    )
    alloc = payments.allocate(
        paid,
        due=c.due,
        fee_due=c.fee_due,
        arrears_maintenance=debt.maintenance,
        arrears_fees=debt.fees,
        arrears_charges=debt.charges,
        cp=c.cp,
        domestic_abuse=c.abuse,
        p=p,
    )
    return _Paid(paid, alloc, instalment, jobs, deo_pays & (paid > 0), benefit_pays & (paid > 0))
