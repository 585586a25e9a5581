"""Both households through the simulation (simulator.dynamics.processes.households):
a paying parent's job loss moves their household onto Universal Credit and
lowers its net income; a receiving parent's move into work raises theirs; a
child turning 14 raises the equivalence scale; Universal Credit ignores
maintenance; the paying parents' job hazard never reaches the receiving
parent; and the receiving parents' employment rate holds steady for the right
reason (entry and exit hazards whose ratio is the population's rate).

Each case steps a small population with everything else still (as in
test_runs.py): a first month settles the households under the law of the
run's tax year, then one month with the change."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.dynamics import month
from simulator.dynamics.processes.children import month_index
from simulator.dynamics.shared import SharedRates
from simulator.dynamics.state import State
from simulator.dynamics.timing import month_starts
from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.parameters import load_parameters
from simulator.population import EMPLOYEE, NO_ARRANGEMENT, synthesise_population
from simulator.population.frame import RP_NOT_WORKING
from simulator.randomness import KeyedRandom
from tests.dynamics.tables import STILL_INCOMES

DATE = "2026-04-01"
START = dt.date(2026, 5, 1)

#: Everything that moves on its own, switched off (both households).
STILL = {
    **STILL_INCOMES,
    "behaviour.households.rp_work_exit_monthly": 0.0,
    "behaviour.households.rp_work_entry_monthly_lone": 0.0,
    "behaviour.households.rp_work_entry_monthly_partnered": 0.0,
    "behaviour.households.rp_repartner_monthly": 0.0,
    "behaviour.households.rp_separation_monthly": 0.0,
    "behaviour.households.rp_new_child_monthly": 0.0,
}


def settled(families: int = 4_000, overrides: dict | None = None) -> State:
    """A still model one month in (the households worked out under the run's law)."""
    pop = synthesise_population(families, 7, DATE)
    a = load_assumptions().with_overrides({**STILL, **(overrides or {})})
    shared = SharedRates.of(pop, a.values())
    state = State.start_of(pop, load_parameters(), a, KeyedRandom(pop.seed), START, shared)
    month.step(state, START)
    return state


def then(state: State, overrides: dict) -> dict:
    """The next month with ``overrides``; returns both households' net
    incomes and Universal Credit before it."""
    hh = state.households
    before = {
        side: {k: v.copy() for k, v in getattr(hh, f"{side}_net").items()} for side in ("rp", "pp")
    }
    state.use(state.parameters, load_assumptions().with_overrides({**STILL, **overrides}), None)
    month.step(state, dt.date(2026, 6, 1))
    return before


@pytest.mark.parametrize(
    ("case", "overrides", "side", "who", "income_moves"),
    [
        pytest.param(
            "job loss",
            {
                "behaviour.income.employment_exit_prob": 1.0,
                "behaviour.income.claims_benefit_on_job_loss": 1.0,
            },
            "pp",
            "paying parents in work",
            "falls",
            id="a paying parent who loses their job: net income falls, more on Universal Credit",
        ),
        pytest.param(
            "into work",
            {
                "behaviour.households.rp_work_entry_monthly_lone": 1.0,
                "behaviour.households.rp_work_entry_monthly_partnered": 1.0,
            },
            "rp",
            "receiving parents out of work",
            "rises",
            id="a receiving parent who starts work: net income rises, fewer on Universal Credit",
        ),
    ],
)
def test_work_moves_the_household_income_and_universal_credit(
    case, overrides, side, who, income_moves
):
    state = settled()
    people, hh = state.people, state.households
    if side == "pp":
        movers = (people.employment == EMPLOYEE) & (people.true_earnings > 0)
    else:
        movers = hh.rp_employment == RP_NOT_WORKING
    before = then(state, overrides)[side]
    after = getattr(hh, f"{side}_net")
    assert movers.sum() > 100
    old, new = before["net_income_bhc"][movers], after["net_income_bhc"][movers]
    on_uc_before = (before["universal_credit"][movers] > 0).mean()
    on_uc_after = (after["universal_credit"][movers] > 0).mean()
    if income_moves == "falls":
        assert (new < old).all()
        assert on_uc_after > on_uc_before + 0.2
    else:
        assert (new > old).all()
        assert on_uc_after < on_uc_before
    # households in which nothing changed keep their incomes
    assert np.array_equal(before["net_income_bhc"][~movers], after["net_income_bhc"][~movers])


def test_a_child_turning_14_raises_the_equivalence_scale():
    """Qualifying children and children of a new relationship alike; no other
    household's scale moves."""
    state = settled()
    kids, hh = state.children, state.households
    fourteen = month_index(dt.date(2026, 6, 1)) - 14 * 12
    turning = (kids.qualifying & (kids.birth_month == fourteen)).sum(axis=1) + (
        hh.rp_other_dependent & (hh.rp_other_birth == fourteen)
    ).sum(axis=1)
    before = then(state, {})["rp"]
    _, older, younger = state.law.hbai.equivalence_scale.bhc  # adult, other adult or 14+, under 14
    assert (turning > 0).sum() > 10
    rise = hh.rp_net["equivalence_bhc"] - before["equivalence_bhc"]
    assert np.allclose(rise, (older - younger) * turning)


def test_universal_credit_ignores_maintenance():
    """The same households with and without any maintenance flowing: every
    Universal Credit award and net income before maintenance is the same."""
    with_maintenance = settled()
    without = with_maintenance.branch()
    without.arrangements.arrangement[:] = NO_ARRANGEMENT
    when = dt.date(2026, 6, 1)
    flows = month.step(with_maintenance, when)
    none = month.step(without, when)
    # (only the month's few new applications pay anything without arrangements)
    assert none.local["received"].sum() < 0.1 * flows.local["received"].sum()
    for side in ("rp", "pp"):
        a = getattr(with_maintenance.households, f"{side}_net")
        b = getattr(without.households, f"{side}_net")
        assert np.array_equal(a["universal_credit"], b["universal_credit"])
        assert np.array_equal(a["net_income_bhc"], b["net_income_bhc"])


def test_the_paying_parents_job_hazard_never_reaches_the_receiving_parent():
    pop = synthesise_population(3_000, 9, DATE)
    states = []
    for exit_prob in (0.0065, 0.05):
        a = load_assumptions().with_overrides({"behaviour.income.employment_exit_prob": exit_prob})
        s = State.start_of(
            pop, load_parameters(), a, KeyedRandom(pop.seed), START, SharedRates.of(pop, a.values())
        )
        for when in month_starts(START, 6):
            month.step(s, when)
        states.append(s)
    base, stress = (s.households for s in states)
    assert not np.array_equal(states[0].people.employment, states[1].people.employment)
    for name in ("rp_employment", "rp_earnings", "rp_partner", "rp_other_birth"):
        assert np.array_equal(getattr(base, name), getattr(stress, name)), name


def test_the_receiving_parents_employment_rate_holds_for_the_right_reason():
    """With the register's hazards the share in work stays within a point over
    two years; with twice the exit hazard (entry unchanged) it falls."""
    pop = synthesise_population(20_000, 11, DATE)
    shares = {}
    for name, overrides in (
        ("central", {}),
        ("twice the exit", {"behaviour.households.rp_work_exit_monthly": 0.024}),
    ):
        a = load_assumptions().with_overrides(overrides)
        s = State.start_of(
            pop, load_parameters(), a, KeyedRandom(pop.seed), START, SharedRates.of(pop, a.values())
        )
        w = s.frame.weight
        start = np.average(s.households.rp_employment != RP_NOT_WORKING, weights=w)
        for when in month_starts(START, 24):
            month.step(s, when)
        shares[name] = (start, np.average(s.households.rp_employment != RP_NOT_WORKING, weights=w))
    start, end = shares["central"]
    assert abs(end - start) < 0.01
    assert shares["twice the exit"][1] < start - 0.05
