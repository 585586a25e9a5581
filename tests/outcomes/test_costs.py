"""The cost to government: the account adds up, its income is the fees and
charges paid, its administrative cost is the cost base C06 at the baseline's
volumes, scrapping the 4% fee costs the government that fee, and the
Universal Credit interaction is zero under current law (and would not be if
the rule changed)."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from simulator.dynamics import simulate
from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.parameters import load_parameters
from simulator.outcomes import metrics
from simulator.outcomes.costs import (
    COST_DRIVERS,
    cost_base_gbp,
    cost_per_child_lifted,
    cost_volumes,
    unit_costs,
)
from simulator.population import synthesise_population
from simulator.rules.taxben import universal_credit_maintenance_change

START = dt.date(2026, 5, 1)


@pytest.fixture(scope="module")
def runs():
    pop = synthesise_population(3_000, 11, "2026-04-01", entrant_months=12)
    base = load_parameters()
    scrapped = base.with_value("fees.collection.receiving_parent_rate", START, 0.0)
    out = {}
    for key, params in (("baseline", base), ("scrap the 4% fee", scrapped)):
        result = simulate(pop, params, months=12, start=START, workers=1)
        out[key] = (result, metrics(pop, result, parameters=params))
    return pop, out


def test_the_cost_base_is_c06_read_from_the_targets_table():
    assert cost_base_gbp() == pytest.approx(322e6)


@pytest.mark.parametrize(
    ("total", "parts"),
    [
        pytest.param(
            "cms_admin_cost_annual_gbp",
            [f"cms_admin_cost_{d}_annual_gbp" for d in COST_DRIVERS],
            id="administrative cost = the sum of its drivers",
        ),
        pytest.param(
            "cms_income_annual_gbp",
            [
                "fee_income_paying_parents_annual_gbp",
                "fee_income_receiving_parents_annual_gbp",
                "enforcement_charge_income_annual_gbp",
            ],
            id="income = fees from each side + enforcement charges paid",
        ),
    ],
)
def test_the_cost_account_adds_up(runs, total, parts):
    _, out = runs
    for _, m in out.values():
        assert m[total] == pytest.approx(sum(m[p] for p in parts))


def test_cost_to_government_is_cost_less_income_plus_the_uc_interaction(runs):
    _, out = runs
    for _, m in out.values():
        assert m["cost_to_government_annual_gbp"] == pytest.approx(
            m["cms_admin_cost_annual_gbp"]
            - m["cms_income_annual_gbp"]
            + m["universal_credit_maintenance_interaction_annual_gbp"]
        )


@pytest.mark.parametrize(
    ("income", "paid"),
    [
        pytest.param(
            "fee_income_paying_parents_annual_gbp",
            "collection_fees_paying_parents_annual_gbp",
            id="paying parents' fees: what they paid, not what they were charged",
        ),
        pytest.param(
            "fee_income_receiving_parents_annual_gbp",
            "collection_fees_receiving_parents_annual_gbp",
            id="receiving parents' fees: taken from what is collected",
        ),
        pytest.param(
            "enforcement_charge_income_annual_gbp",
            "enforcement_charges_paid_annual_gbp",
            id="enforcement charges: those paid",
        ),
    ],
)
def test_income_is_the_fees_and_charges_paid(runs, income, paid):
    _, out = runs
    _, m = out["baseline"]
    assert m[income] == m[paid]
    assert m[paid] > 0


def test_each_driver_costs_its_share_of_c06_at_the_baseline_volumes():
    """At the volumes in cost_fitted.yaml each driver costs its share of C06,
    so the baseline's administrative cost is C06 (at any point of the shares'
    ranges: they are normalised)."""
    register = load_assumptions()
    values = register.values()
    for position in (0.0, 0.5, 1.0):
        at = register.at_positions(
            {f"behaviour.cost.{s}": position for s, _ in COST_DRIVERS.values()}
        )
        costs = unit_costs(at)
        total = sum(costs[d] * getattr(values.cost_fitted, f"{d}_volume") for d in COST_DRIVERS)
        assert total == pytest.approx(322e6)


def test_the_baseline_reproduces_c06_at_its_own_volumes(runs):
    """On a small sample the volumes are near the fitted ones (sampling error
    of a few percent), and so is the administrative cost near C06."""
    _, out = runs
    _, m = out["baseline"]
    assert m["cms_admin_cost_annual_gbp"] == pytest.approx(322e6, rel=0.15)


def test_scrapping_the_4pct_fee_raises_the_cost_by_the_lost_fee(runs):
    """Mechanically: the government loses the receiving parents' fees; the
    rest of the change (volumes, paying parents' fees, charges) is separate
    and small."""
    _, out = runs
    (_, base), (_, reform) = out["baseline"], out["scrap the 4% fee"]
    lost = base["fee_income_receiving_parents_annual_gbp"]
    assert reform["fee_income_receiving_parents_annual_gbp"] == 0
    change = reform["cost_to_government_annual_gbp"] - base["cost_to_government_annual_gbp"]
    other = (
        (reform["cms_admin_cost_annual_gbp"] - base["cms_admin_cost_annual_gbp"])
        - (
            reform["fee_income_paying_parents_annual_gbp"]
            - base["fee_income_paying_parents_annual_gbp"]
        )
        - (
            reform["enforcement_charge_income_annual_gbp"]
            - base["enforcement_charge_income_annual_gbp"]
        )
    )
    assert lost > 0
    assert change == pytest.approx(lost + other)
    assert change > 0


def test_the_uc_interaction_is_zero_under_current_law(runs):
    _, out = runs
    for _, m in out.values():
        assert m["universal_credit_maintenance_interaction_annual_gbp"] == 0.0


@pytest.mark.parametrize(
    ("rule", "receiving", "expected"),
    [
        pytest.param(
            "received_counted_share",
            True,
            [0.0, -100.0, -40.0],
            id="if maintenance received counted: award falls, never below zero",
        ),
        pytest.param(
            "paid_deducted_share",
            False,
            [0.0, 55.0, 55.0],
            id="if maintenance paid were deducted: award rises by the taper",
        ),
    ],
)
def test_the_uc_interaction_follows_the_rule(rule, receiving, expected):
    """Awards of 0, 500 and 40 a month; maintenance of 100 a month."""
    law = load_parameters()
    changed = law.with_value(f"universal_credit.child_maintenance.{rule}", START, 1.0)
    kwargs = dict(
        award=np.array([0.0, 500.0, 40.0]), maintenance=np.full(3, 100.0), receiving=receiving
    )
    assert universal_credit_maintenance_change(p=law.at(START), **kwargs).tolist() == [0.0] * 3
    assert universal_credit_maintenance_change(p=changed.at(START), **kwargs) == pytest.approx(
        expected
    )


@pytest.mark.parametrize(
    ("cost_change", "poverty_change", "expected"),
    [
        pytest.param(10e6, -1000.0, 10_000.0, id="GBP 10m for 1,000 children out of poverty"),
        pytest.param(10e6, 0.0, float("nan"), id="nobody lifted: undefined, not a division by 0"),
        pytest.param(10e6, 500.0, float("nan"), id="more children in poverty: undefined"),
    ],
)
def test_cost_per_child_lifted(cost_change, poverty_change, expected):
    row = {
        "cost_to_government_annual_gbp_change": cost_change,
        "children_in_relative_poverty_ahc_change": poverty_change,
        "children_in_relative_poverty_paying_households_ahc_change": 0.0,
    }
    got = cost_per_child_lifted(row)["cost_to_government_per_child_lifted_out_of_poverty_ahc_gbp"]
    assert got == pytest.approx(expected, nan_ok=True)


def test_volumes_count_cases_open_and_actions_a_year(runs):
    _, out = runs
    result, _ = out["baseline"]
    volumes = cost_volumes(result)
    last = result.monthly.tail(result.metadata["window_months"])
    assert volumes["direct_pay_case"] == pytest.approx(last.direct_pay_arrangements.mean())
    assert volumes["application"] == pytest.approx(last.cms_applications.sum())
