"""Children grow older, as cases: when a child stops qualifying (the end of
August after the 16th birthday, or after the 18th or 19th for those who stay
on in education), what the leaving ages and months of birth reproduce, and
what happens to the calculation when a child ages out."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import numpy as np
import pytest

from simulator.dynamics import month
from simulator.dynamics.frame import Frame
from simulator.dynamics.processes import children, liabilities
from simulator.dynamics.shared import SharedRates
from simulator.dynamics.state import State
from simulator.dynamics.timing import add_months
from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.parameters import load_parameters
from simulator.population import CMS, FAMILY_BASED, synthesise_population
from simulator.population.frame import PayingParentUnits
from simulator.randomness import KeyedRandom

VALUES = load_assumptions().values()
FAMILY = VALUES.behaviour.family
LAW = load_parameters()
DATE = "2026-04-01"


def months(first: dt.date, last: dt.date) -> list[dt.date]:
    out, when = [], first
    while when <= last:
        out.append(when)
        when = dt.date(when.year + when.month // 12, when.month % 12 + 1, 1)
    return out


QUALIFYING = [
    # (case, month of birth, leaving age, the first month on which the child
    #  no longer qualifies)
    ("born March 2010, not in education: 16 in March 2026, qualifies to the end of August 2026",
     dt.date(2010, 3, 1), 16, dt.date(2026, 9, 1)),
    ("born August 2010, not in education: 16 in August 2026, to the end of that August",
     dt.date(2010, 8, 1), 16, dt.date(2026, 9, 1)),
    ("born September 2010, not in education: 16 in September 2026, to the end of August 2027",
     dt.date(2010, 9, 1), 16, dt.date(2027, 9, 1)),
    ("born March 2010, staying on in education: 18 in March 2028, to the end of August 2028",
     dt.date(2010, 3, 1), 18, dt.date(2028, 9, 1)),
    ("born March 2010, staying a year more: 19 in March 2029, to the end of August 2029",
     dt.date(2010, 3, 1), 19, dt.date(2029, 9, 1)),
]  # fmt: skip


@pytest.mark.parametrize(
    "born, leaving_age, first_not", [r[1:] for r in QUALIFYING], ids=[r[0] for r in QUALIFYING]
)
def test_a_child_qualifies_to_the_end_of_august_after_the_leaving_birthday(
    born, leaving_age, first_not
):
    kids = children.Children(
        birth_month=np.array([[children.month_index(born)]]),
        leaving_age=np.array([[leaving_age]]),
        qualifying=np.array([[True]]),
    )
    seen = []
    for when in months(dt.date(2026, 4, 1), dt.date(2030, 1, 1)):
        change = children.step(kids, when)
        if change.aged_out[0, 0]:
            assert change.families[0]
            seen.append(when)
        assert kids.qualifying[0, 0] == (when < first_not)
    assert seen == [first_not]  # once, and never qualifying again


def test_the_leaving_ages_reproduce_the_registers_shares():
    """Over 200,000 children under 16 the leaving ages are 16, 18 and 19 in
    the register's shares (within four standard errors); a child already 16
    or over is in education (18 or 19)."""
    n = 200_000
    ids = np.arange(n)
    rng = KeyedRandom(11)
    ages = np.column_stack([np.full(n, 10), np.full(n, 16)])
    leaving = children.leaving_ages(rng, "child_leaving_age", ids, ages, FAMILY)
    stay, more = FAMILY.education_after_16_share, FAMILY.education_after_18_share
    for age, share in ((16, 1 - stay), (18, stay * (1 - more)), (19, stay * more)):
        error = 4 * np.sqrt(share * (1 - share) / n)
        assert np.mean(leaving[:, 0] == age) == pytest.approx(share, abs=error)
    assert not (leaving[:, 1] == 16).any()
    assert np.mean(leaving[:, 1] == 19) == pytest.approx(more, abs=4 * np.sqrt(more / n))


def test_months_of_birth_reproduce_the_populations_ages_at_its_date():
    pop = synthesise_population(5_000, 3, DATE)
    kids = children.initial(pop, KeyedRandom(3), FAMILY, pop.date)
    there = pop.enters == 0
    np.testing.assert_array_equal(kids.ages(pop.date)[there], pop.child_age[there])
    # all the families at the date have their children qualifying then; the
    # entrants (ages at their entry) none yet
    assert kids.count()[there].tolist() == pop.n_children[there].tolist()
    assert not kids.qualifying[~there].any()
    for months_later in (1, 12):
        entering = pop.enters == months_later
        assert entering.any()
        when = add_months(pop.date, months_later)
        np.testing.assert_array_equal(kids.ages(when)[entering], pop.child_age[entering])
    # the months of birth are spread over the year, not one month
    born = kids.birth_month[pop.child_age >= 0] % 12
    assert np.bincount(born, minlength=12).min() > 0.06 * born.size


def test_same_seed_same_ages_another_seed_other_ages():
    pop = synthesise_population(2_000, 3, DATE)
    one = children.initial(pop, KeyedRandom(3), FAMILY, pop.date)
    again = children.initial(pop, KeyedRandom(3), FAMILY, pop.date)
    other = children.initial(pop, KeyedRandom(4), FAMILY, pop.date)
    np.testing.assert_array_equal(one.birth_month, again.birth_month)
    np.testing.assert_array_equal(one.leaving_age, again.leaving_age)
    assert (one.birth_month != other.birth_month).any()


#: One paying parent of one family with two children, no shared care, on
#: £500 a week gross: the basic rate is 16% for two children, 12% for one
#: (CSA 1991 Sch. 1 para. 2(1)).
INCOME = 500.0
TWO_CHILDREN = [
    # (case, which children still qualify, weekly liability)
    ("both children qualify: 16% of £500", [True, True], 80.0),
    ("the elder has aged out: recalculated for one child, 12% of £500", [False, True], 60.0),
    ("the younger has left first (a gap in the slots): the same", [True, False], 60.0),
]


@pytest.mark.parametrize(
    "qualifying, weekly", [r[1:] for r in TWO_CHILDREN], ids=[r[0] for r in TWO_CHILDREN]
)
def test_the_liability_counts_only_the_children_who_still_qualify(qualifying, weekly):
    frame = Frame(
        family_ids=np.array([0]),
        weight=np.array([1.0]),
        units=PayingParentUnits.from_columns(np.array([0]), np.array([0])),
        rank=np.array([0]),
        nights=np.zeros((1, 1, 2), dtype=np.int16),
        most_nights=np.array([0]),
        domestic_abuse=np.array([False]),
    )
    people = SimpleNamespace(
        roc=np.zeros(1), rnrc=np.zeros(1), nil_rate=np.array([False]),
        unearned=np.zeros(1), assets=np.zeros(1),
        diverted_annual=lambda units: np.zeros(1), cash_in_hand_annual=lambda units: np.zeros(1),
    )  # fmt: skip
    known = SimpleNamespace(
        assessed_weekly=np.array([INCOME]),
        known_benefit=np.array([False]),
        variation_applied=np.array([False]),
        diversion_applied=np.array([False]),
        diverted_weekly=np.zeros(1),
        flat_income_applied=np.array([False]),
    )
    life = SimpleNamespace(weekly=np.zeros(1), matched_weekly=np.zeros(1))
    calc = liabilities.calculate(
        np.array([0]), frame, people, known, life, LAW.at(dt.date(2026, 9, 1)),
        qualifying=np.array([qualifying]),
    )  # fmt: skip
    assert calc.weekly_liability_by_receiving_parent[0, 0] == pytest.approx(weekly)


def test_in_a_run_a_case_that_loses_a_child_is_worked_out_again_that_month():
    """Through September 2026 (the first end of a school year): every CMS
    case with a liability before and a qualifying child after whose paying
    parent's assessment did not change and who has no other family is due
    less or the same (never more) after a child ages out, and some are due
    less; every case with no qualifying child left has ended."""
    pop = synthesise_population(20_000, 7, DATE)
    a, p = load_assumptions(), load_parameters()
    start = dt.date(2026, 5, 1)
    state = State.start_of(pop, p, a, KeyedRandom(7), start, SharedRates.of(pop, a.values()))
    for when in months(start, dt.date(2026, 8, 1)):
        month.step(state, when)
    arr = state.arrangements
    before = state.liabilities.weekly.copy()
    assessed = state.assessment.assessed_weekly.copy()
    cms_before = (arr.arrangement == CMS) & ~arr.arrears_only
    flows = month.step(state, dt.date(2026, 9, 1))
    u = state.frame.unit_of
    alone = np.bincount(u, minlength=state.frame.n_units)[u] == 1
    left = state.children.count() > 0
    still = (arr.arrangement == CMS) & ~arr.arrears_only
    lost = cms_before & still & (flows.children_aged_out > 0) & left & alone
    same_income = state.assessment.assessed_weekly[u] == assessed[u]
    check = lost & same_income & (before > 0)
    assert check.sum() > 20
    after = state.liabilities.weekly
    assert (after[check] <= before[check] + 1e-9).all()
    assert (after[check] < before[check] - 1e-9).mean() > 0.5
    # no case with a liability, and no family-based arrangement, without a qualifying child
    assert not (still & ~left).any()
    assert not ((arr.arrangement == FAMILY_BASED) & ~left).any()
    assert (state.liabilities.weekly[~left] == 0).all()
