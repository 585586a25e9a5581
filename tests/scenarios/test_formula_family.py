"""The formula review family (scenarios/formula-cost-of-a-child*.yaml): the
rates in each file are the derivation its comments state, recomputed here
from the published figures and the law the scenario leaves in place; and
each scenario raises what children receive and the burden on paying parents,
reported side by side.

The derivation: CPAG's lone-parent basic cost of a child (2023, GBP 122,000
from birth to 18) a week; the paying parent's share of it (100%) at median
full-time earnings (ASHE 2025, GBP 766.60 a week) is the one-child basic
rate; today's proportions between numbers of children and between basic and
basic plus are kept; the reduced rate joins the flat rate at the lower
limit and the basic rate at the upper limit."""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from simulator.experiments.compare import compare
from simulator.inputs.parameters import load_parameters
from simulator.scenarios.load import SCENARIO_FOLDER, load_scenario
from tests.scenario_files import population, short

COST_OF_A_CHILD_GBP = 122_000  # CPAG 2023, lone parent, basic (statistics.md)
YEARS = 18
WEEKS_IN_YEAR = 365.25 / 7
MEDIAN_WEEKLY_EARNINGS = 766.60  # ASHE April 2025, full time (statistics.md F01)
PAYING_PARENTS_SHARE = 1.0  # the scenarios' stated assumption

FAMILY = ["formula-cost-of-a-child", "formula-cost-of-a-child-refresh"]


def derived_rates(law_today, law_then) -> dict[str, np.ndarray]:
    """The rates the derivation gives, from today's law (its proportions) and
    the scenario's own flat rate and reduced-rate limits."""
    weekly_cost = COST_OF_A_CHILD_GBP / YEARS / WEEKS_IN_YEAR
    one_child = PAYING_PARENTS_SHARE * weekly_cost / MEDIAN_WEEKLY_EARNINGS
    r = law_today.rates
    factor = one_child / r.basic_rate.percentages[0]
    basic = np.round(np.asarray(r.basic_rate.percentages) * factor, 3)
    plus = np.round(np.asarray(r.basic_rate.plus_percentages) * factor, 3)
    then = law_then.rates
    low, high = then.reduced_rate.lower_income_limit, then.reduced_rate.upper_income_limit
    roc = np.concatenate([[0.0], r.relevant_other_children.reductions])
    reduced = (high * (1 - roc)[None, :] * basic[:, None] - then.flat_rate.amount) / (high - low)
    return {"basic": basic, "plus": plus, "reduced": np.round(reduced, 3)}


def test_todays_rate_at_median_earnings_is_71pct_of_the_cost_of_a_child():
    """What the scenario files say of today: 12% of median earnings is 71% of
    the lone-parent basic cost of a child."""
    weekly_cost = COST_OF_A_CHILD_GBP / YEARS / WEEKS_IN_YEAR
    assert weekly_cost == pytest.approx(129.90, abs=0.005)
    today = load_parameters().at(short("baseline").start).rates.basic_rate.percentages[0]
    assert today * MEDIAN_WEEKLY_EARNINGS / weekly_cost == pytest.approx(0.71, abs=0.005)


@pytest.mark.parametrize(
    "rate, parameter",
    [
        ("basic", "basic_rate.percentages"),
        ("plus", "basic_rate.plus_percentages"),
        ("reduced", "reduced_rate.percentages"),
    ],
    ids=["basic rates", "basic-plus rates", "reduced rates"],
)
@pytest.mark.parametrize("name", FAMILY)
def test_the_rates_are_the_derivation(name, rate, parameter):
    scenario = load_scenario(SCENARIO_FOLDER / f"{name}.yaml")
    then = scenario.parameters.at(scenario.start)
    today = load_parameters().at(scenario.start)
    group, field = parameter.split(".")
    in_file = np.asarray(getattr(getattr(then.rates, group), field))
    np.testing.assert_allclose(in_file, derived_rates(today, then)[rate], atol=1e-9)


def test_the_reduced_rate_joins_the_basic_rate_with_no_cliff():
    """At the upper limit with no relevant other children the reduced rate
    gives (to the rounding of the rates) what the basic rate gives."""
    for name in FAMILY:
        scenario = load_scenario(SCENARIO_FOLDER / f"{name}.yaml")
        r = scenario.parameters.at(scenario.start).rates
        low, high = r.reduced_rate.lower_income_limit, r.reduced_rate.upper_income_limit
        reduced = r.flat_rate.amount + (high - low) * np.asarray(r.reduced_rate.percentages)[:, 0]
        basic = high * np.asarray(r.basic_rate.percentages)
        np.testing.assert_allclose(reduced, basic, atol=0.1 * (high - low) / 100)


@cache
def family_compared():
    scenarios = [short("baseline", 12)] + [short(name, 12) for name in FAMILY]
    return compare(scenarios, population=population(), workers=1).metrics


#: (what is reported, metric, the direction the family moves it)
SIDE_BY_SIDE = [
    ("gain for children: money received", "maintenance_received_all_arrangements_annual_gbp", +1),
    ("gain for children: maintenance due on the CMS", "maintenance_due_cms_annual_gbp", +1),
    ("gain for children: kept out of poverty by maintenance (AHC)",
     "children_kept_out_of_poverty_by_maintenance_ahc", +1),
    ("burden: liability as a share of paying parents' net income",
     "paying_parents_liability_share_of_net_income", +1),
    ("burden: paying parents paying over a quarter of net income",
     "paying_parents_paying_over_quarter_of_net_income", +1),
    ("burden: paying parents pushed into poverty",
     "paying_parents_pushed_into_poverty_by_maintenance", +1),
]  # fmt: skip


@pytest.mark.parametrize(
    "metric, direction", [r[1:] for r in SIDE_BY_SIDE], ids=[r[0] for r in SIDE_BY_SIDE]
)
@pytest.mark.parametrize("name", FAMILY)
def test_the_family_raises_childrens_money_and_the_burden(name, metric, direction):
    m = family_compared()
    value = m.set_index(["scenario", "metric"]).value
    assert np.sign(value[(name, metric)] - value[("baseline", metric)]) == direction
