"""The metrics of one run, on a small simulated population: every metric in
the table's order, and the identities between them a reader relies on."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from simulator.dynamics import simulate
from simulator.outcomes import METRIC_UNITS, metrics, poverty_transitions
from simulator.population import synthesise_population


@pytest.fixture(scope="module")
def run():
    pop = synthesise_population(2_000, 11, "2026-04-01")
    result = simulate(pop, months=12, workers=1)
    return pop, result, metrics(pop, result)


def test_every_metric_comes_in_the_tables_order(run):
    _, _, m = run
    assert list(m) == list(METRIC_UNITS)
    assert all(isinstance(v, float) for v in m.values())


@pytest.mark.parametrize(
    ("rate", "count", "children"),
    [
        pytest.param(
            f"child_poverty_rate_{basis}",
            f"children_in_relative_poverty_{basis}",
            "children_in_receiving_households",
            id=f"receiving households, {basis.upper()}",
        )
        for basis in ("bhc", "ahc")
    ]
    + [
        pytest.param(
            f"child_poverty_rate_paying_households_{basis}",
            f"children_in_relative_poverty_paying_households_{basis}",
            "children_in_paying_households",
            id=f"paying households, {basis.upper()}",
        )
        for basis in ("bhc", "ahc")
    ],
)
def test_a_poverty_rate_is_poor_children_over_all_children(run, rate, count, children):
    _, _, m = run
    assert m[rate] == pytest.approx(m[count] / m[children])


@pytest.mark.parametrize("basis", ["bhc", "ahc"])
def test_deep_poverty_is_part_of_relative_poverty(run, basis):
    _, _, m = run
    assert m[f"children_in_deep_poverty_{basis}"] <= m[f"children_in_relative_poverty_{basis}"]


@pytest.mark.parametrize("basis", ["bhc", "ahc"])
def test_maintenance_never_pushes_a_receiving_household_into_poverty(run, basis):
    """Maintenance only adds to the receiving household's income, so the
    children it keeps out of poverty are never negative."""
    _, _, m = run
    assert m[f"children_kept_out_of_poverty_by_maintenance_{basis}"] >= 0


def test_children_are_counted_with_their_weights(run):
    """The children of the separated families at the end of the run (their
    qualifying children then: entrants included, those aged out not)."""
    pop, result, m = run
    assert m["children_in_separated_families"] == pytest.approx(
        float(np.sum(pop.weight * result.families["qualifying_children_end"]))
    )
    assert m["children_in_receiving_households"] >= m["children_in_separated_families"]


def test_money_paid_is_money_received_plus_the_receiving_parents_fee(run):
    _, _, m = run
    assert m["maintenance_received_cms_annual_gbp"] <= m["maintenance_paid_cms_annual_gbp"]
    assert m["share_of_liability_paid"] == pytest.approx(
        m["maintenance_paid_cms_annual_gbp"] / m["maintenance_due_cms_annual_gbp"]
    )


def test_a_run_against_itself_moves_no_child_in_or_out_of_poverty(run):
    pop, result, _ = run
    assert set(poverty_transitions(pop, result, result).values()) == {0.0}


def _paying_more(result, extra_gbp_a_month: float):
    """The run with every paying parent who pays anything paying
    ``extra_gbp_a_month`` more over the window (the receiving side as it was)."""
    families = dict(result.families)
    window = result.metadata["window_months"]
    paying = families["paid_window"] > 0
    families["paid_window"] = families["paid_window"] + paying * extra_gbp_a_month * window
    return dataclasses.replace(result, families=families)


@pytest.mark.parametrize("basis", ["bhc", "ahc"])
def test_paying_more_lifts_no_paying_household_child_out_of_poverty(run, basis):
    """A reform that raises payments takes money from paying households: it
    can push their children into poverty, never lift them out; the
    receiving households' incomes do not move, so none of theirs move."""
    pop, result, m = run
    moved = poverty_transitions(pop, result, _paying_more(result, 400.0))
    assert moved[f"children_lifted_out_of_poverty_paying_households_{basis}"] == 0.0
    pushed = moved[f"children_pushed_into_poverty_paying_households_{basis}"]
    assert 0 < pushed <= m["children_in_paying_households"]
    assert moved[f"children_lifted_out_of_poverty_{basis}"] == 0.0
    assert moved[f"children_pushed_into_poverty_{basis}"] == 0.0
    # and the other way round: paying less lifts children out, pushes none in
    back = poverty_transitions(pop, _paying_more(result, 400.0), result)
    assert back[f"children_lifted_out_of_poverty_paying_households_{basis}"] == pushed
    assert back[f"children_pushed_into_poverty_paying_households_{basis}"] == 0.0


def test_every_transition_has_a_unit_and_a_label(run):
    from simulator.outcomes.labels import metric_label
    from simulator.outcomes.metrics import TRANSITION_UNITS

    pop, result, _ = run
    assert set(poverty_transitions(pop, result, result)) == set(TRANSITION_UNITS)
    assert metric_label("children_pushed_into_poverty_paying_households_ahc") == (
        "Children pushed into poverty, paying parents' households (AHC)"
    )


def test_the_ledgers_metrics_have_labels_and_units():
    from simulator.outcomes.metrics import METRIC_LABELS, TRANSITION_UNITS

    assert set(METRIC_LABELS) <= set(METRIC_UNITS) | set(TRANSITION_UNITS)
    for name in (
        "maintenance_due_direct_pay_annual_gbp",
        "maintenance_due_collect_and_pay_annual_gbp",
        "maintenance_arranged_annual_gbp",
        "collect_and_pay_paying_parents_due_to_pay",
        "collect_and_pay_paying_by_deduction_from_earnings_share",
        "collect_and_pay_paying_by_deduction_from_benefit_share",
        "arrears_stock_change_annual_gbp",
        "arrears_written_off_annual_gbp",
        "direct_pay_shortfall_annual_gbp",
        "deduction_orders_made_annual",
        "liability_orders_granted_annual",
        "enforcement_collected_annual_gbp",
        "paying_parents_with_arrears_below_tax_threshold_share",
    ):
        assert name in METRIC_LABELS, name


def test_the_ledgers_figures_add_up(run):
    """Due by service adds up to the CMS total; maintenance arranged is Direct
    Pay due plus Collect and Pay collected (less than it is due); the stock's
    change is its end less its start over the year; shares are shares."""
    _, result, m = run
    assert m["maintenance_due_direct_pay_annual_gbp"] + m[
        "maintenance_due_collect_and_pay_annual_gbp"
    ] == pytest.approx(m["maintenance_due_cms_annual_gbp"])
    assert (
        m["maintenance_due_direct_pay_annual_gbp"]
        < m["maintenance_arranged_annual_gbp"]
        < m["maintenance_due_cms_annual_gbp"]
    )
    assert m["arrears_stock_change_annual_gbp"] == pytest.approx(
        m["arrears_maintenance_stock_end_gbp"] - m["arrears_maintenance_stock_start_gbp"]
    )
    for name in (
        "collect_and_pay_paying_by_deduction_from_earnings_share",
        "collect_and_pay_paying_by_deduction_from_benefit_share",
        "paying_parents_with_arrears_below_tax_threshold_share",
    ):
        assert 0.0 < m[name] < 1.0, name
    # each paying parent once: fewer than the families due to pay
    families_due = float(result.monthly.collect_and_pay_due_to_pay.mean())
    assert 0 < m["collect_and_pay_paying_parents_due_to_pay"] <= families_due * 1.01
    assert m["enforcement_collected_annual_gbp"] > 0 and m["deduction_orders_made_annual"] > 0
    assert m["direct_pay_shortfall_annual_gbp"] > 0


def test_the_enforcement_route_is_reported_stage_by_stage(run):
    """Each stage's flow and each route's collections are metrics; what the
    routes collect adds up to what enforcement collected, and the liability
    orders granted are the route's own count."""
    _, _, m = run
    for stage in ("contact", "deo_made", "liability_order_granted", "sanction_referred"):
        assert m[f"enforcement_{stage}_annual"] >= 0
    routes = ("collected_by_deo", "recovered_by_bank_order", "recovered_by_agents")
    collected = sum(m[f"{r}_annual_gbp"] for r in routes) + m["recovered_by_sanction_annual_gbp"]
    assert collected == pytest.approx(m["enforcement_collected_annual_gbp"])
    assert m["enforcement_liability_order_granted_annual"] == pytest.approx(
        m["liability_orders_granted_annual"]
    )
    assert m["enforcement_contact_annual"] > m["enforcement_liability_order_granted_annual"] > 0


#: The domestic-abuse metrics and the monthly columns they come from (a year:
#: the sum over the 12-month window; a caseload: its mean).
ABUSE = [
    ("abuse cases on the CMS (mean)", "domestic_abuse_cases_cms", "domestic_abuse_cases_cms",
     "mean"),
    ("abuse cases on Direct Pay (mean)", "domestic_abuse_cases_on_direct_pay",
     "domestic_abuse_cases_on_direct_pay", "mean"),
    ("moves on request", "domestic_abuse_moves_to_collection_on_request_annual",
     "domestic_abuse_moves_to_collection_on_request", "sum"),
    ("the 4% survivors pay", "collection_fees_paid_by_domestic_abuse_survivors_annual_gbp",
     "collection_fees_domestic_abuse_receiving_parents", "sum"),
    ("the 20% in abuse cases", "collection_fees_paying_parents_domestic_abuse_cases_annual_gbp",
     "collection_fees_domestic_abuse_paying_parents", "sum"),
    ("enforcement actions in abuse cases", "enforcement_actions_in_domestic_abuse_cases_annual",
     "enforcement_actions_domestic_abuse_cases", "sum"),
]  # fmt: skip


@pytest.mark.parametrize("metric, column, how", [r[1:] for r in ABUSE], ids=[r[0] for r in ABUSE])
def test_the_domestic_abuse_metrics_are_their_monthly_columns_over_the_year(
    run, metric, column, how
):
    _, result, m = run
    assert m[metric] == pytest.approx(getattr(result.monthly[column].tail(12), how)())


def test_abuse_cases_and_their_fees_are_part_of_all_cases_and_fees(run):
    _, _, m = run
    assert 0 < m["domestic_abuse_cases_on_direct_pay"] < m["domestic_abuse_cases_cms"]
    assert m["domestic_abuse_cases_cms"] < m["cms_arrangements"]
    survivors = m["collection_fees_paid_by_domestic_abuse_survivors_annual_gbp"]
    assert 0 < survivors < m["collection_fees_receiving_parents_annual_gbp"]
    paying = m["collection_fees_paying_parents_domestic_abuse_cases_annual_gbp"]
    assert 0 < paying < m["collection_fees_paying_parents_annual_gbp"]
    assert m["domestic_abuse_moves_to_collection_on_request_annual"] == 0  # not the law today


def test_the_liability_share_of_net_income_is_a_plausible_share(run):
    """Paying parents' liability over their household's net income before
    paying: today's basic rates are 12-19% of gross income above GBP 200 a
    week, less below it and for the nil rate, so a share well under a fifth."""
    _, _, m = run
    assert 0.03 < m["paying_parents_liability_share_of_net_income"] < 0.2
