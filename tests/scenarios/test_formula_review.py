"""The dashboard's "share of the cost of a child" lever
(``simulator/scenarios/formula_review.py``): the rates it sets are the
shipped formula review's at 100%, today's law at today's share, and a lever
for one basic rate overrides the rate it names."""

from __future__ import annotations

import numpy as np
import pytest

from simulator.scenarios.formula_review import cost_of_a_child, implied_share, rates_for_share
from simulator.scenarios.levers import lever_defaults, lever_scenario_text
from simulator.scenarios.load import SCENARIO_FOLDER, load_scenario, load_scenario_text

BASIC, PLUS, REDUCED = (
    "rates.basic_rate.percentages",
    "rates.basic_rate.plus_percentages",
    "rates.reduced_rate.percentages",
)


def baseline():
    return load_scenario(SCENARIO_FOLDER / "baseline.yaml")


def law(scenario):
    return scenario.parameters.at(scenario.start)


def test_the_published_figures():
    c = cost_of_a_child()
    assert (c.cost_gbp, c.years, c.median_weekly_earnings_gbp) == (122_000, 18, 766.60)
    assert c.weekly_gbp == pytest.approx(129.90, abs=0.005)


def test_todays_law_pays_71pct_and_the_lever_starts_there():
    base = baseline()
    assert implied_share(law(base)) == pytest.approx(0.708, abs=0.0005)
    assert lever_defaults(base)["cost_of_a_child_share"] == implied_share(law(base))


# (share, basic rates for 1/2/3+ children, basic-plus rates), to a tenth of a point
CASES = [
    ("today's share gives today's rates", 0.7082, [0.12, 0.16, 0.19], [0.09, 0.12, 0.15]),
    ("the whole cost (the shipped review)", 1.0, [0.169, 0.226, 0.268], [0.127, 0.169, 0.212]),
    ("half the cost", 0.5, [0.085, 0.113, 0.134], [0.064, 0.085, 0.106]),
    ("nothing", 0.0, [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]),
]


@pytest.mark.parametrize("share, basic, plus", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_the_rates_for_a_share(share, basic, plus):
    rates = rates_for_share(law(baseline()), share)
    assert rates[BASIC] == pytest.approx(basic, abs=1e-9)
    assert rates[PLUS] == pytest.approx(plus, abs=1e-9)


def test_the_whole_cost_is_the_shipped_formula_review():
    shipped = load_scenario(SCENARIO_FOLDER / "formula-cost-of-a-child.yaml")
    rates = rates_for_share(law(baseline()), 1.0)
    for name in (BASIC, PLUS, REDUCED):
        np.testing.assert_allclose(rates[name], law(shipped).get(name), atol=1e-9)


def test_the_reduced_rate_joins_the_flat_and_basic_rates():
    """At GBP 100 the reduced rate pays the flat rate (GBP 7); at GBP 200 it
    pays the basic rate, for each number of relevant other children."""
    today = law(baseline())
    r = today.rates
    reduced = np.asarray(rates_for_share(today, 1.0)[REDUCED])
    basic = np.asarray(rates_for_share(today, 1.0)[BASIC])
    low, high = r.reduced_rate.lower_income_limit, r.reduced_rate.upper_income_limit
    roc = np.concatenate([[0.0], r.relevant_other_children.reductions])
    at_high = r.flat_rate.amount + reduced * (high - low)
    np.testing.assert_allclose(at_high, high * (1 - roc)[None, :] * basic[:, None], atol=0.11)


def test_the_lever_makes_a_scenario_and_a_basic_rate_lever_overrides_its_rate():
    base = baseline()
    values = lever_defaults(base) | {"cost_of_a_child_share": 1.0}
    scenario = load_scenario_text(lever_scenario_text(base, values), "custom.yaml")
    assert list(law(scenario).get(BASIC)) == pytest.approx([0.169, 0.226, 0.268])
    values["basic_1"] = 0.15
    scenario = load_scenario_text(lever_scenario_text(base, values), "custom.yaml")
    assert list(law(scenario).get(BASIC)) == pytest.approx([0.15, 0.226, 0.268])
    assert list(law(scenario).get(PLUS)) == pytest.approx([0.127, 0.169, 0.212])


def test_leaving_the_lever_at_todays_share_changes_nothing():
    base = baseline()
    text = lever_scenario_text(base, lever_defaults(base))
    assert "changes: []" in text
