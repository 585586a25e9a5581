"""Enforcement on Collect and Pay, one month at a time, as tables: the state of
a case before, the month (did it fall short, is the parent employed, on
benefit, what do they own), the chances that come off (forced draws), and the
state after, with the charge added to the debt (SI 2014/612 regs. 10 and 12:
£50 for a deduction from earnings order or a regular deduction order, £200 a
lump-sum deduction order, £300 a liability order).

The register's values these rows rely on are set here: the exhaustion period
before a liability order is 4 months.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.dynamics.processes import arrears, enforcement
from simulator.dynamics.processes.enforcement import (
    CONTACT,
    DEDUCTION,
    LIABILITY_ORDER_APPLIED,
    LIABILITY_ORDER_GRANTED,
    NONE,
    POWER_CODE,
    POWERS,
    SANCTIONS,
    Enforcement,
)
from simulator.dynamics.timing import monthly_completion, per_month
from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.parameters import load_parameters
from simulator.inputs.switches import Switches
from tests.dynamics.tables import HIGH, LOW, ForcedDraws

WHEN = dt.date(2026, 6, 1)
EXHAUSTION = 4
JOB = 3  # the paying parent's job counter this month
VALUES = (
    load_assumptions()
    .with_overrides({"behaviour.enforcement.pre_lo_exhaustion_period": float(EXHAUSTION)})
    .values()
)
B, FITTED = VALUES.behaviour, VALUES.behaviour_fitted.compliance_fitted
COURT = load_parameters().at(WHEN)
ADMINISTRATIVE = (
    load_parameters().with_value("service.liability_orders.administrative", WHEN, True).at(WHEN)
)


def case(
    stage=NONE,
    months=0,
    deo_active=False,
    deo_effective=False,
    deo_job=-1,
    reissue=False,
    power=0,
    power_made=False,
):
    """One family's enforcement state (``power``: the named power applied for,
    by name or 0)."""
    return Enforcement(
        stage=np.array([stage], dtype=np.int8),
        stage_months=np.array([months], dtype=np.int64),
        deo_active=np.array([deo_active]),
        deo_job=np.array([deo_job], dtype=np.int64),
        deo_effective=np.array([deo_effective]),
        deo_reissue=np.array([reissue]),
        power=np.array([POWER_CODE.get(power, 0)], dtype=np.int8),
        power_made=np.array([power_made]),
    )


ESCALATION = [
    # (case, state before, the month, draws that come off, state after, charge £)
    (
        "a missed payment starts missed-payment contact",
        {},
        {},
        {},
        {"stage": CONTACT, "months": 0},
        0,
    ),
    (
        "no contact while a deduction from earnings order is in place",
        {"deo_active": True, "deo_effective": True},
        {},
        {},
        {"stage": NONE, "months": 0, "deo_active": True},
        0,
    ),
    (
        "after a month of contact, the order is not yet set up: still contact",
        {"stage": CONTACT},
        {},
        {},
        {"stage": CONTACT, "months": 1},
        0,
    ),
    (
        "set up, employed and the employer reached: a deduction from earnings order",
        {"stage": CONTACT},
        {"employed": True},
        {"deduction_setup": LOW, "deo_possible": LOW, "deo_effective": LOW},
        {
            "stage": DEDUCTION,
            "months": 0,
            "deo_active": True,
            "deo_effective": True,
            "deo_job": JOB,
        },
        50,
    ),
    (
        "set up, the employer not reached: a regular deduction order on the bank account",
        {"stage": CONTACT},
        {"employed": True},
        {"deduction_setup": LOW},
        {"stage": DEDUCTION, "months": 0, "deo_active": False},
        50,
    ),
    (
        "set up, not employed, the account holds the whole debt: a lump-sum deduction order",
        {"stage": CONTACT},
        {"assets": 5_000.0, "owed": 1_000.0},
        {"deduction_setup": LOW},
        {"stage": DEDUCTION, "months": 0},
        200,
    ),
    (
        "set up, on a flat-rate benefit: no bank order (the benefit is deducted instead)",
        {"stage": CONTACT},
        {"on_benefit": True},
        {"deduction_setup": LOW},
        {"stage": DEDUCTION, "months": 0},
        0,
    ),
    (
        "deductions have not cleared the debt after the exhaustion period: a liability order",
        {"stage": DEDUCTION, "months": EXHAUSTION - 1},
        {},
        {},
        {"stage": LIABILITY_ORDER_APPLIED, "months": 0},
        300,
    ),
    (
        "no liability order before the exhaustion period",
        {"stage": DEDUCTION, "months": EXHAUSTION - 2},
        {},
        {},
        {"stage": DEDUCTION, "months": EXHAUSTION - 1},
        0,
    ),
    (
        "no liability order while a deduction from earnings order collects",
        {"stage": DEDUCTION, "months": EXHAUSTION, "deo_active": True, "deo_effective": True},
        {"employed": True},
        {},
        {"stage": DEDUCTION, "months": EXHAUSTION + 1},
        0,
    ),
    (
        "no liability order for a parent on benefit (deductions from benefit)",
        {"stage": DEDUCTION, "months": EXHAUSTION},
        {"on_benefit": True},
        {},
        {"stage": DEDUCTION, "months": EXHAUSTION + 1},
        0,
    ),
    (
        "a liability order applied for is granted when the court decides",
        {"stage": LIABILITY_ORDER_APPLIED, "months": 2},
        {},
        {"lo_granted": LOW},
        {"stage": LIABILITY_ORDER_GRANTED, "months": 3},
        0,
    ),
    (
        "a liability order applied for, not yet granted",
        {"stage": LIABILITY_ORDER_APPLIED, "months": 2},
        {},
        {},
        {"stage": LIABILITY_ORDER_APPLIED, "months": 3},
        0,
    ),
    (
        "arrears cleared and nothing missed this month: enforcement stops",
        {"stage": DEDUCTION, "months": 2},
        {"shortfall": False, "owed": 0.0},
        {},
        {"stage": NONE, "months": 0},
        0,
    ),
    (
        "paid in full this month but arrears remain: enforcement goes on",
        {"stage": DEDUCTION, "months": 2},
        {"shortfall": False, "owed": 400.0},
        {},
        {"stage": DEDUCTION, "months": 3},
        0,
    ),
    (
        "not on Collect and Pay: no enforcement",
        {"stage": CONTACT, "months": 1},
        {"cp": False},
        {"deduction_setup": LOW},
        {"stage": NONE, "months": 0},
        0,
    ),
]


def _escalate(before, month, draws, law=COURT):
    m = {"cp": True, "shortfall": True, "owed": 500.0, "employed": False, "on_benefit": False}
    m.update({"assets": 0.0, **month})
    enf = case(**before)
    rng = ForcedDraws(**draws)
    out = enforcement.escalate(
        enf,
        fids=np.array([7]),
        job=np.array([JOB]),
        assets=np.array([m["assets"]]),
        cp=np.array([m["cp"]]),
        shortfall=np.array([m["shortfall"]]),
        employed=np.array([m["employed"]]),
        on_benefit=np.array([m["on_benefit"]]),
        arrears_total=np.array([m["owed"]]),
        b=B,
        fitted=FITTED,
        p=law,
        rng=rng,
        t=0,
    )
    assert not rng.unknown(), f"draws not used by the process: {rng.unknown()}"
    return enf, out


@pytest.mark.parametrize(
    "before, month, draws, after, charge",
    [r[1:] for r in ESCALATION],
    ids=[r[0] for r in ESCALATION],
)
def test_enforcement_escalates(before, month, draws, after, charge):
    enf, out = _escalate(before, month, draws)
    assert enf.stage[0] == after["stage"]
    assert enf.stage_months[0] == after["months"]
    for field in ("deo_active", "deo_effective", "deo_job"):
        if field in after:
            assert getattr(enf, field)[0] == after[field], field
    assert out.charges[0] == charge


@pytest.mark.parametrize(
    "bank_order, collects", [(LOW, True), (HIGH, False)], ids=["it collects", "it does not"]
)
def test_a_bank_deduction_order_collects_or_not_as_drawn(bank_order, collects):
    _, out = _escalate({"stage": CONTACT}, {}, {"deduction_setup": LOW, "bank_order": bank_order})
    assert out.bank_order_collects[0] == collects


@pytest.mark.parametrize(
    "law, granted",
    [(COURT, False), (ADMINISTRATIVE, True)],
    ids=["court: a mean of 5 months, not this month", "administrative: 1.75 months, granted"],
)
def test_an_administrative_liability_order_comes_sooner_than_a_court_one(law, granted):
    """With the same draw (0.25), the court route (completes with chance
    1/(1+5) a month) has not decided, the administrative route (1/(1+1.75))
    has."""
    enf, _ = _escalate(
        {"stage": LIABILITY_ORDER_APPLIED, "months": 1}, {}, {"lo_granted": 0.25}, law=law
    )
    assert (enf.stage[0] == LIABILITY_ORDER_GRANTED) == granted


FOLLOW_JOBS = [
    # (case, order before, this month's job and employment, draws, order after)
    (
        "the same job: the order stays",
        {"deo_active": True, "deo_effective": True, "deo_job": JOB},
        {"employed": True},
        {},
        {"deo_active": True, "deo_job": JOB, "reissue": False},
    ),
    (
        "a new job, the order follows the parent (a 50% chance, drawn high)",
        {"deo_active": True, "deo_effective": True, "deo_job": JOB - 1},
        {"employed": True, "lapse_on_job_change": 0.5},
        {"deo_follows_job": HIGH},
        {"deo_active": True, "deo_job": JOB, "reissue": False},
    ),
    (
        "a new job, the order lapses and waits to be re-issued",
        {"deo_active": True, "deo_effective": True, "deo_job": JOB - 1},
        {"employed": True, "lapse_on_job_change": 0.5},
        {"deo_follows_job": LOW},
        {"deo_active": False, "deo_job": JOB - 1, "reissue": True},
    ),
    (
        "the job ends: the order lapses",
        {"deo_active": True, "deo_effective": True, "deo_job": JOB},
        {"employed": False},
        {},
        {"deo_active": False, "reissue": True},
    ),
    (
        "waiting, in work, the re-issue comes through: the order binds the new job",
        {"deo_job": JOB - 1, "reissue": True},
        {"employed": True},
        {"deo_reissue": LOW, "deo_effective": LOW},
        {"deo_active": True, "deo_job": JOB, "deo_effective": True, "reissue": False},
    ),
    (
        "waiting, out of work: still waiting",
        {"deo_job": JOB - 1, "reissue": True},
        {"employed": False},
        {"deo_reissue": LOW},
        {"deo_active": False, "reissue": True},
    ),
    (
        "waiting, the case has left Collect and Pay: no re-issue",
        {"deo_job": JOB - 1, "reissue": True},
        {"employed": True, "cp": False},
        {"deo_reissue": LOW},
        {"deo_active": False, "reissue": False},
    ),
]


@pytest.mark.parametrize(
    "before, month, draws, after", [r[1:] for r in FOLLOW_JOBS], ids=[r[0] for r in FOLLOW_JOBS]
)
def test_deduction_from_earnings_orders_follow_jobs(before, month, draws, after):
    m = {"employed": True, "cp": True, "lapse_on_job_change": 1.0, **month}
    b = (
        load_assumptions()
        .with_overrides({"behaviour.enforcement.deo_lapse_on_job_change": m["lapse_on_job_change"]})
        .values()
        .behaviour
    )
    enf = case(**before)
    rng = ForcedDraws(**draws)
    enforcement.follow_jobs(
        enf,
        fids=np.array([7]),
        job=np.array([JOB]),
        employed=np.array([m["employed"]]),
        cp=np.array([m["cp"]]),
        b=b,
        switches=Switches(),
        rng=rng,
        t=0,
    )
    assert not rng.unknown()
    assert enf.deo_active[0] == after["deo_active"]
    assert enf.deo_reissue[0] == after["reissue"]
    for field in ("deo_job", "deo_effective"):
        if field in after:
            assert getattr(enf, field)[0] == after[field], field


@pytest.mark.parametrize(
    "automatic, reissued",
    [(False, False), (True, True)],
    ids=["current practice: a mean of 2 months, not yet", "automatic re-issue: 1 month, done"],
)
def test_automatic_reissue_is_quicker(automatic, reissued):
    """With the same draw (0.4), current practice (re-issue completes with
    chance 1/(1+2) a month) has not re-issued, the automatic re-issue
    (1/(1+1)) has."""
    enf = case(deo_job=JOB - 1, reissue=True)
    enforcement.follow_jobs(
        enf,
        fids=np.array([7]),
        job=np.array([JOB]),
        employed=np.array([True]),
        cp=np.array([True]),
        b=B,
        switches=Switches(automatic_deo_reissue=automatic),
        rng=ForcedDraws(deo_reissue=0.4),
        t=0,
    )
    assert enf.deo_active[0] == reissued


RECOVERY = [
    # (case, stage before, a bank order collects, assets £, net income £/month,
    #  draws, share of the debt recovered, stage after)
    (
        "a liability order in force: agents or a charging order take the savings (£5,000), "
        "all of the £1,400 debt",
        LIABILITY_ORDER_GRANTED, False, 5_000.0, 1_000.0, {"lo_recovery": LOW}, 1.0, NONE,
    ),
    (
        "a liability order, no savings: agents take what 40% of a month's net income (£400) "
        "reaches of £1,400, and the order stays",
        LIABILITY_ORDER_GRANTED, False, 0.0, 1_000.0, {"lo_recovery": LOW}, 400 / 1_400,
        LIABILITY_ORDER_GRANTED,
    ),
    (
        "a liability order, a sanction threatened (licence, passport, committal): the parent pays",
        LIABILITY_ORDER_GRANTED, False, 0.0, 1_000.0,
        {"sanction_referral": LOW, "sanction_response": LOW}, 1.0, NONE,
    ),
    (
        "a sanction threatened, the parent does not pay",
        LIABILITY_ORDER_GRANTED, False, 0.0, 1_000.0, {"sanction_referral": LOW}, 0.0,
        LIABILITY_ORDER_GRANTED,
    ),
    (
        "no liability order: nothing through these routes",
        DEDUCTION, False, 0.0, 1_000.0,
        {"lo_recovery": LOW, "sanction_referral": LOW, "sanction_response": LOW}, 0.0, DEDUCTION,
    ),
    (
        "a bank order takes the account (£300) and 40% of a month's net income (£400) of £1,400",
        DEDUCTION, True, 300.0, 1_000.0, {}, 0.5, DEDUCTION,
    ),
    (
        "a bank order that reaches more than the debt takes all of it",
        DEDUCTION, True, 5_000.0, 1_000.0, {}, 1.0, NONE,
    ),
]  # fmt: skip


@pytest.mark.parametrize(
    "stage, bank, assets, net_income, draws, share, stage_after",
    [r[1:] for r in RECOVERY],
    ids=[r[0] for r in RECOVERY],
)
def test_arrears_recovered_by_enforcement(
    stage, bank, assets, net_income, draws, share, stage_after
):
    """A debt of £1,400: £1,000 maintenance, £200 fees, £200 charges; a
    recovery takes the same share of each."""
    enf = case(stage=stage, months=3)
    debt = arrears.Arrears(
        maintenance=np.array([1_000.0]),
        fees=np.array([200.0]),
        charges=np.array([200.0]),
        direct_pay_shortfall=np.zeros(1),
    )
    rng = ForcedDraws(**draws)
    got = enforcement.recovery(
        enf,
        fids=np.array([7]),
        cp=np.array([True]),
        bank_order_collects=np.array([bank]),
        arrears_total=debt.total(),
        reach_by_bank_order=enforcement.bank_order_reach(
            np.array([assets]), np.array([net_income]), B.enforcement
        ),
        owner=np.array([True]),
        b=B,
        switches=Switches(),
        rng=rng,
        t=0,
    )
    assert not rng.unknown()
    assert got.share[0] == pytest.approx(share)
    routes = got.bank_order[0] + got.agents[0] + got.sanction[0]
    assert routes == (share > 0)  # a recovery has exactly one route
    recovered = arrears.recover(debt, got.share)
    assert recovered.total[0] == pytest.approx(1_400 * share)
    assert recovered.maintenance[0] == pytest.approx(1_000 * share)
    assert debt.total()[0] == pytest.approx(1_400 * (1 - share))
    assert enf.stage[0] == stage_after


def test_closing_or_returning_to_direct_pay_stops_enforcement():
    """A closed case loses its stage and its deduction order; a case back on
    Direct Pay loses its stage (deductions are made on Collect and Pay only)."""
    enf = Enforcement(
        stage=np.array([DEDUCTION, LIABILITY_ORDER_GRANTED, CONTACT], dtype=np.int8),
        stage_months=np.array([2, 5, 1], dtype=np.int64),
        deo_active=np.array([True, False, True]),
        deo_job=np.array([1, -1, 2], dtype=np.int64),
        deo_effective=np.array([True, False, True]),
        deo_reissue=np.zeros(3, dtype=bool),
        power=np.array([0, POWER_CODE["passport"], 0], dtype=np.int8),
        power_made=np.zeros(3, dtype=bool),
    )
    enforcement.stop(
        enf, closed=np.array([True, False, False]), returned=np.array([False, True, False])
    )
    assert enf.stage.tolist() == [NONE, NONE, CONTACT]
    assert enf.deo_active.tolist() == [False, False, True]
    assert enf.power.tolist() == [0, 0, 0]  # the passport application ends


E = B.enforcement
#: a draw between the sanctions' chances a month and theirs with a charging
#: order's: a charging order is applied for
CHARGING_ORDER_DRAW = sum(
    float(per_month(getattr(E, POWERS[name][0]))) for name in SANCTIONS
) + 0.5 * float(per_month(E.charging_order_prob_given_lo))

POWER_ROWS = [
    # (case, power applied for before, made before, draws,
    #  share of the £1,400 debt recovered, power after, the flows this month)
    (
        "a referral for disqualification from driving, not paid at the threat: "
        "it waits for the court",
        0, False, {"sanction_referral": LOW}, 0.0, "driving_licence", "referred",
    ),
    (
        "a referral for disqualification from driving, paid at the threat",
        0, False, {"sanction_referral": LOW, "sanction_response": LOW}, 1.0, 0,
        ("referred", "sanction"),
    ),
    (
        "the court disqualifies from driving and the parent pays",
        "driving_licence", False,
        {"power_hearing": LOW, "power_order": LOW, "sanction_order_response": LOW},
        1.0, 0, ("driving_licence", "sanction"),
    ),
    (
        "the court disqualifies from driving, the parent does not pay: the application ends",
        "driving_licence", False, {"power_hearing": LOW, "power_order": LOW},
        0.0, 0, "driving_licence",
    ),
    (
        "the court refuses to disqualify: the application ends",
        "driving_licence", False, {"power_hearing": LOW}, 0.0, 0, None,
    ),
    (
        "the court has not heard the referral yet",
        "passport", False, {}, 0.0, "passport", None,
    ),
    (
        "the court disqualifies from holding a passport",
        "passport", False, {"power_hearing": LOW, "power_order": LOW}, 0.0, 0, "passport",
    ),
    (
        "the court commits to prison (suspended) and the parent pays",
        "committal", False,
        {"power_hearing": LOW, "power_order": LOW, "sanction_order_response": LOW},
        1.0, 0, ("committal", "sanction"),
    ),
    (
        "a charging order applied for (no threat: no payment now)",
        0, False, {"sanction_referral": CHARGING_ORDER_DRAW}, 0.0, "charging_order",
        "charging_order_applied",
    ),
    (
        "a charging order made: it secures the debt until the property is sold",
        "charging_order", False, {"power_hearing": LOW, "power_order": LOW},
        0.0, "charging_order", "charging_order",
    ),
    (
        "a charging order in force, the property sold: the whole debt repaid",
        "charging_order", True, {"charging_order_repaid": LOW}, 1.0, 0, "charging_order_repaid",
    ),
    (
        "agents recover this month: no new application",
        0, False, {"lo_recovery": LOW, "sanction_referral": LOW}, 400 / 1_400, 0, "agents",
    ),
]  # fmt: skip
FLOWS = (
    "referred", "sanction", "driving_licence", "passport", "committal", "charging_order_applied",
    "charging_order", "charging_order_repaid", "agents",
)  # fmt: skip


CURRENT_PRACTICE = Switches()


def _recover(enf, draws, switches=CURRENT_PRACTICE, owner=True):
    """A month's recovery of a £1,400 debt for a case with a liability order,
    no savings and £1,000 a month net income, whose paying parent owns a home
    (``owner``)."""
    rng = ForcedDraws(**draws)
    got = enforcement.recovery(
        enf,
        fids=np.array([7]),
        cp=np.array([True]),
        bank_order_collects=np.array([False]),
        arrears_total=np.array([1_400.0]),
        reach_by_bank_order=enforcement.bank_order_reach(np.array([0.0]), np.array([1_000.0]), E),
        owner=np.array([owner]),
        b=B,
        switches=switches,
        rng=rng,
        t=0,
    )
    assert not rng.unknown()
    return got


@pytest.mark.parametrize(
    "power, made, draws, share, power_after, flow",
    [r[1:] for r in POWER_ROWS],
    ids=[r[0] for r in POWER_ROWS],
)
def test_the_named_powers_after_a_liability_order(power, made, draws, share, power_after, flow):
    enf = case(stage=LIABILITY_ORDER_GRANTED, months=3, power=power, power_made=made)
    got = _recover(enf, draws)
    assert got.share[0] == pytest.approx(share)
    assert enf.power[0] == POWER_CODE.get(power_after, 0)
    expected = set(flow) if isinstance(flow, tuple) else ({flow} if flow else set())
    assert {name for name in FLOWS if getattr(got, name)[0]} == expected
    assert enf.stage[0] == (NONE if share == 1.0 else LIABILITY_ORDER_GRANTED)


@pytest.mark.parametrize("power", list(POWERS))
@pytest.mark.parametrize("side", ["just below", "just above"])
def test_each_power_follows_its_delay_and_success_rate(power, side):
    """The court decides with the chance a month of a delay of the power's
    mean (1 / (1 + delay)) and makes the order with the power's success rate:
    a draw just below each chance passes, just above it fails."""
    delay, success = POWERS[power][1], POWERS[power][2]
    nudge = -1e-9 if side == "just below" else 1e-9
    hearing = monthly_completion(getattr(E, delay)) + nudge
    enf = case(stage=LIABILITY_ORDER_GRANTED, months=3, power=power)
    got = _recover(enf, {"power_hearing": hearing, "power_order": LOW})
    assert bool(getattr(got, power)[0]) is (side == "just below")
    enf = case(stage=LIABILITY_ORDER_GRANTED, months=3, power=power)
    got = _recover(enf, {"power_hearing": LOW, "power_order": getattr(E, success) + nudge})
    assert bool(getattr(got, power)[0]) is (side == "just below")


@pytest.mark.parametrize("power", list(POWERS))
def test_each_power_is_applied_for_at_its_own_rate_a_year(power):
    """One draw chooses at most one power: each takes a band of the width of
    its chance a month (from its rate a year), in the order of POWERS."""
    lower = sum(
        float(per_month(getattr(E, POWERS[n][0])))
        for n in list(POWERS)[: list(POWERS).index(power)]
    )
    width = float(per_month(getattr(E, POWERS[power][0])))
    for draw, applied in ((lower + 0.01 * width, True), (lower + width + 1e-9, False)):
        enf = case(stage=LIABILITY_ORDER_GRANTED, months=3)
        _recover(enf, {"sanction_referral": draw})
        assert bool(enf.power[0] == POWER_CODE[power]) is applied


ADMINISTRATIVE_DISQUALIFICATION = [
    # (case, power, the CMS decides itself, the delay that sets the chance a month)
    ("driving disqualification by a court", "driving_licence", False,
     "driving_licence_hearing_delay"),
    ("driving disqualification by the CMS", "driving_licence", True,
     "administrative_disqualification_delay"),
    ("passport disqualification by the CMS", "passport", True,
     "administrative_disqualification_delay"),
    ("committal is always by a court", "committal", True, "committal_hearing_delay"),
    ("a charging order is always by a court", "charging_order", True, "charging_order_delay"),
]  # fmt: skip


@pytest.mark.parametrize(
    "power, by_cms, delay",
    [r[1:] for r in ADMINISTRATIVE_DISQUALIFICATION],
    ids=[r[0] for r in ADMINISTRATIVE_DISQUALIFICATION],
)
@pytest.mark.parametrize("side", ["just below", "just above"])
def test_administrative_disqualification_decides_sooner(power, by_cms, delay, side):
    nudge = -1e-9 if side == "just below" else 1e-9
    enf = case(stage=LIABILITY_ORDER_GRANTED, months=3, power=power)
    hearing = monthly_completion(getattr(E, delay)) + nudge
    got = _recover(
        enf,
        {"power_hearing": hearing, "power_order": LOW},
        Switches(administrative_disqualification=by_cms),
    )
    assert bool(getattr(got, power)[0]) is (side == "just below")


@pytest.mark.parametrize(
    "owner, applied",
    [(True, True), (False, False)],
    ids=["a home owner: a charging order applied for", "no home: no charging order"],
)
def test_a_charging_order_needs_a_home(owner, applied):
    enf = case(stage=LIABILITY_ORDER_GRANTED, months=3)
    got = _recover(enf, {"sanction_referral": CHARGING_ORDER_DRAW}, owner=owner)
    assert bool(got.charging_order_applied[0]) is applied
    assert enf.power[0] == (POWER_CODE["charging_order"] if applied else 0)
