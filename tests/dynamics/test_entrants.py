"""Entrants in the dynamics: a family who separates during the run is
invisible until its month (no qualifying child, no arrangement, counted
nowhere), then a separated family like any other outside the CMS, which may
apply or agree a family-based arrangement."""

from __future__ import annotations

import datetime as dt
from functools import cache

import numpy as np
import pytest

from simulator.dynamics import month, simulate
from simulator.dynamics.runner import HorizonError
from simulator.dynamics.shared import SharedRates
from simulator.dynamics.state import State
from simulator.dynamics.timing import add_months, month_starts
from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.parameters import load_parameters
from simulator.population import CMS, FAMILY_BASED, NO_ARRANGEMENT, synthesise_population
from simulator.randomness import KeyedRandom

DATE = dt.date(2026, 4, 1)
MONTHS = 6


@cache
def run():
    """8,000 families (and their entrants), six months from the population
    date, with a high application hazard so that entrants are seen to apply:
    each month's state of the entrants."""
    pop = synthesise_population(8_000, 3, DATE, entrant_months=MONTHS)
    a = load_assumptions().with_overrides(
        {
            "behaviour.service.new_application_monthly": 0.2,
            "behaviour.service.family_based_formation_monthly": 0.2,
        }
    )
    state = State.start_of(
        pop, load_parameters(), a, KeyedRandom(3), DATE, SharedRates.of(pop, a.values())
    )
    seen = []
    for when in month_starts(DATE, MONTHS + 1):
        month.step(state, when)
        seen.append(
            {
                "qualifying": state.children.count().copy(),
                "arrangement": state.arrangements.arrangement.copy(),
            }
        )
    return pop, seen


CASES = [
    # (case, the entrants' month of entry, the month looked at (0: the population date))
    ("an entrant of month 3, in month 2: not yet separated", 3, 2),
    ("an entrant of month 6, in month 0", 6, 0),
    ("an entrant of month 3, in month 3: separated", 3, 3),
    ("an entrant of month 1, in month 6", 1, 6),
]


@pytest.mark.parametrize("enters, at", [r[1:] for r in CASES], ids=[r[0] for r in CASES])
def test_an_entrant_is_invisible_until_it_separates(enters, at):
    pop, seen = run()
    entrants = pop.enters == enters
    state = seen[at]
    if at < enters:
        assert (state["qualifying"][entrants] == 0).all()
        assert (state["arrangement"][entrants] == NO_ARRANGEMENT).all()
    else:
        # its children qualify as drawn (ages at its entry), none aged out so soon
        assert (state["qualifying"][entrants] == pop.n_children[entrants]).mean() > 0.97


def test_after_separating_entrants_apply_and_agree_arrangements():
    """At 20% monthly hazards of applying and of agreeing a family-based
    arrangement, a tenth or more of the entrants of month 1 are on the CMS by
    month 2 and more later; some have family-based arrangements; the
    entrants of the last month had neither before it."""
    pop, seen = run()
    first = pop.enters == 1
    on_cms = [np.mean(s["arrangement"][first] == CMS) for s in seen]
    assert on_cms[0] == 0
    assert 0.1 < on_cms[2] < on_cms[MONTHS]
    assert np.mean(seen[MONTHS]["arrangement"][first] == FAMILY_BASED) > 0
    late = pop.enters == MONTHS
    assert all((s["arrangement"][late] == NO_ARRANGEMENT).all() for s in seen[:MONTHS])


@cache
def baseline():
    pop = synthesise_population(10_000, 5, DATE, entrant_months=12)
    return pop, simulate(pop, months=12, start=DATE, workers=1)


def test_an_entrant_is_counted_nowhere_before_it_separates():
    """In the population date's month the separated families and their
    children are those at the date (GB's 2.4 million and 3.8 million);
    families separating are the register's each month after."""
    pop, result = baseline()
    m = result.monthly
    there = pop.enters == 0
    assert m.separated_families.iloc[0] == pytest.approx(pop.weight[there].sum())
    assert m.qualifying_children.iloc[0] == pytest.approx(
        float(np.sum(pop.weight[there] * pop.n_children[there]))
    )
    assert m.families_separating.iloc[0] == 0
    monthly = load_assumptions().value("population.entrants.families_monthly")
    # (about 50 families a month in this sample, a paying parent's families together)
    assert m.families_separating.iloc[1:].to_numpy() == pytest.approx(monthly, rel=0.1)
    # in the last month, the entrants of months 1-11 are separated families
    entered = (pop.enters > 0) & (pop.enters <= 11)
    assert (result.families["qualifying_children_end"][pop.enters == 12] == 0).all()
    assert (result.families["qualifying_children_end"][entered] > 0).mean() > 0.99


def test_a_run_past_the_entrants_months_is_refused():
    pop, _ = baseline()
    with pytest.raises(HorizonError, match="entrant_months=13"):
        simulate(pop, months=14, start=DATE, workers=1)
    with pytest.raises(HorizonError, match="entrant_months=13"):
        simulate(pop, months=12, start=add_months(DATE, 2), workers=1)


def test_the_families_at_the_date_follow_the_same_paths_with_or_without_entrants():
    """Family by family, the same arrangement, payments and arrears at the
    end of a year whether or not entrants are simulated with them (an
    entrant touches no one else), and the same month-0 figures."""
    pop, result = baseline()
    none = load_assumptions().with_overrides({"population.entrants.families_monthly": 0.0})
    alone = synthesise_population(10_000, 5, DATE, entrant_months=12, assumptions=none)
    assert len(alone) == (pop.enters == 0).sum()
    other = simulate(alone, months=12, start=DATE, workers=1)
    there = pop.enters == 0
    np.testing.assert_array_equal(
        result.families["arrangement_end"][there], other.families["arrangement_end"]
    )
    for name in ("paid_window", "received_window", "arrears_end"):  # (to the last bits)
        np.testing.assert_allclose(
            result.families[name][there], other.families[name], rtol=1e-12, err_msg=name
        )
    first, again = result.monthly.iloc[0], other.monthly.iloc[0]
    for column in ("cms_arrangements", "due", "paid", "children_in_poverty_receiving_ahc"):
        assert first[column] == pytest.approx(again[column], rel=1e-9), column
