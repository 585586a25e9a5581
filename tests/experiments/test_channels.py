"""Channels: every shipped reform's change split into channels that add up to
the total exactly; the counterfactual run with every channel off is the
baseline and the one with every channel on the reform; the mechanical
channel of a pure fee change is the fee arithmetic; the households' channel
is zero by construction; the sentence names the largest channels."""

from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import pytest

from simulator.dynamics import Run, simulate_runs
from simulator.dynamics.runner import _sharing_lives
from simulator.dynamics.state import CHANNELS
from simulator.experiments.channels import (
    CHANNEL_METRICS,
    ChannelPlan,
    channel_plan,
    channel_plans,
    channel_sentence,
    channel_values,
    decompose,
)
from simulator.experiments.compare import compare
from simulator.experiments.runs import current_law_history, run_scenarios, scenario_runs
from simulator.outcomes.metrics import metrics
from tests.scenario_files import SHIPPED, population, short

REFORMS = [p.stem for p in SHIPPED if p.stem != "baseline"]
#: the metrics whose channels must add up (issue 15's done-when)
SUMMED = [
    ("money received by all receiving parents", "maintenance_received_all_arrangements_annual_gbp"),
    ("children in poverty (AHC)", "children_in_relative_poverty_ahc"),
    ("children in poverty (BHC)", "children_in_relative_poverty_bhc"),
    (
        "children in poverty, paying households (AHC)",
        "children_in_relative_poverty_paying_households_ahc",
    ),
    ("paying parents in poverty (AHC)", "paying_parents_in_relative_poverty_ahc"),
    ("arrears, end stock", "arrears_stock_end_gbp"),
    ("fees paid by paying parents", "collection_fees_paying_parents_annual_gbp"),
    ("fees paid by receiving parents", "collection_fees_receiving_parents_annual_gbp"),
]  # fmt: skip


@cache
def shipped():
    scenarios = [short("baseline")] + [short(name) for name in REFORMS]
    return compare(scenarios, population=population(), workers=1, channels=True)


@pytest.mark.parametrize("reform", REFORMS)
@pytest.mark.parametrize("label,metric", SUMMED, ids=[label for label, _ in SUMMED])
def test_the_channels_of_every_shipped_reform_add_up_to_its_change(reform, label, metric):
    result = shipped()
    rows = result.channels[
        (result.channels.scenario == reform) & (result.channels.metric == metric)
    ]
    by = rows.set_index("channel").value
    assert list(by.index) == [*CHANNELS, "total"]
    change = result.metrics.set_index(["scenario", "metric"]).value[(reform, f"{metric}_change")]
    assert by["total"] == change
    assert by[list(CHANNELS)].sum() == pytest.approx(change, rel=1e-9, abs=1e-6)
    assert rows.unit.iloc[0] == CHANNEL_METRICS[metric]


#: Reforms that change a section of the law the households' processes read
#: (the formula refresh's income cap is in the ``income`` section, with the
#: tolerance for reported changes; the cost-of-a-child review stacked on it
#: too): their households' run is not skipped.
HOUSEHOLDS_RUN = {"formula-refresh", "formula-cost-of-a-child-refresh"}


@pytest.mark.parametrize("reform", REFORMS)
def test_no_household_process_responds_to_cms_policy(reform):
    """The households' channel is zero: no household process reads CMS policy.
    Its run is skipped (the run before it is the reform's) unless the reform
    changes a section of the law the households read; then it is run and
    still zero."""
    channels = shipped().channels
    households = channels[(channels.scenario == reform) & (channels.channel == "households")]
    assert len(households) >= len(SUMMED)
    assert (households.value == 0).all()
    (plan,) = channel_plans(*_scenarios(reform))
    skipped = [(c, skip) for c, _, skip in plan.steps][-1]
    assert skipped == ("households", reform not in HOUSEHOLDS_RUN)


def _scenarios(reform):
    scenarios = [short("baseline"), short(reform)]
    return scenarios, [s.assumptions for s in scenarios]


def _same(a: dict, b: dict) -> list[str]:
    return [k for k in a if not (a[k] == b[k] or (np.isnan(a[k]) and np.isnan(b[k])))]


def _all_off_differs(scenarios, assumptions) -> list[str]:
    """The metrics in which the reform's run with every channel off differs
    from the baseline's (none, if every read goes through a channel)."""
    base, run = scenario_runs(scenarios, assumptions)
    all_off = Run(run.parameters, run.assumptions, run.switches, frozenset(CHANNELS), base)
    results = run_scenarios(
        population(), scenarios, scenarios[0].seed, assumptions, 1, None, extra=[all_off]
    )
    baseline, _, off = (metrics(population(), r) for r in results)
    return _same(baseline, off)


@pytest.mark.parametrize("reform", REFORMS)
def test_with_every_channel_off_a_reform_run_is_the_baseline_exactly(reform):
    """Every read of the reform's law, behaviour and switches is routed
    through a channel: with all of them off, every metric is the baseline's."""
    scenarios, assumptions = _scenarios(reform)
    assert _all_off_differs(scenarios, assumptions) == []


#: The phased single collection service begins in April 2027 (month 12 of the
#: shipped horizon), after the short horizon: it is also checked on a horizon
#: with its first three months of migration and its fees.
PHASED_MONTHS = 14


@cache
def phased():
    scenarios = [
        short("baseline", PHASED_MONTHS),
        short("single-collection-service", PHASED_MONTHS),
    ]
    return scenarios, compare(scenarios, population=population(), workers=1, channels=True)


@pytest.mark.parametrize("label,metric", SUMMED, ids=[label for label, _ in SUMMED])
def test_the_phased_single_service_channels_add_up_once_migration_begins(label, metric):
    _, result = phased()
    rows = result.channels[result.channels.metric == metric]
    by = rows.set_index("channel").value
    change = result.metrics.set_index(["scenario", "metric"]).value[
        ("single-collection-service", f"{metric}_change")
    ]
    assert by[list(CHANNELS)].sum() == pytest.approx(change, rel=1e-9, abs=1e-6)
    assert by["households"] == 0


def test_the_phased_single_service_moves_cases_and_with_every_channel_off_is_the_baseline():
    scenarios, result = phased()
    values = result.metrics.set_index(["scenario", "metric"]).value
    assert values[("single-collection-service", "collect_and_pay_share_change")] > 0
    assert (
        values[("single-collection-service", "moves_direct_pay_to_collect_and_pay_annual_change")]
        > 0
    )
    assumptions = [s.assumptions for s in scenarios]
    assert _all_off_differs(scenarios, assumptions) == []


def test_scrapping_the_4pct_fee_mechanically_hands_receiving_parents_the_fee():
    """At unchanged behaviour and caseload, receiving parents get exactly what
    the 4% fee took in the baseline (the fee arithmetic), and nothing else
    moves mechanically."""
    channels = shipped().channels
    mine = channels[(channels.scenario == "scrap-receiving-parent-fee")]
    mechanical = mine[mine.channel == "mechanical"].set_index("metric").value
    base = shipped().metrics.set_index(["scenario", "metric"]).value["baseline"]
    fee = base["collection_fees_receiving_parents_annual_gbp"]
    assert fee > 0
    received = mechanical["maintenance_received_all_arrangements_annual_gbp"]
    assert received == pytest.approx(fee, rel=1e-9)
    assert mechanical["collection_fees_receiving_parents_annual_gbp"] == pytest.approx(-fee)
    assert mechanical["collection_fees_paying_parents_annual_gbp"] == 0
    assert mechanical["arrears_stock_end_gbp"] == 0


@pytest.mark.parametrize(
    "reform,channel",
    [
        ("stronger enforcement works through enforcement", ("stronger-enforcement", "enforcement")),
        ("the formula refresh works through liabilities", ("formula-refresh", "mechanical")),
        (
            "scrapping the 4% fee works through the fee",
            ("scrap-receiving-parent-fee", "mechanical"),
        ),
    ],
    ids=lambda x: x if isinstance(x, str) else None,
)
def test_each_reform_works_through_the_channel_it_targets(reform, channel):
    name, expected = channel
    channels = shipped().channels
    money = channels[
        (channels.scenario == name)
        & (channels.metric == "maintenance_received_all_arrangements_annual_gbp")
        & (channels.channel != "total")
    ]
    assert money.loc[money.value.abs().idxmax(), "channel"] == expected


def test_the_sentence_names_the_total_and_the_largest_channel():
    channels = shipped().channels
    text = channel_sentence(channels, "scrap-receiving-parent-fee", "Scrap the 4% fee")
    assert text.startswith("Scrap the 4% fee gives receiving parents £")
    assert "more a year" in text and "mechanically" in text


def test_counterfactual_runs_in_lockstep_with_their_reform_give_what_they_give_alone():
    """A reform's counterfactual runs move in lockstep with it (one batch:
    their children, incomes and households worked out once); each gives what
    it gives run on its own."""
    scenarios, assumptions = _scenarios("scrap-collection-fees")
    base, reform = scenario_runs(scenarios, assumptions)
    (plan,) = channel_plans(scenarios, assumptions)
    start, months = scenarios[0].start, scenarios[0].months
    assert len(plan.runs) == 2  # mechanical; and compliance (service is the reform's run)
    assert _sharing_lives([base, reform, *plan.runs], start, months) == [[0, 1, 2, 3]]
    together = run_scenarios(
        population(), scenarios, scenarios[0].seed, assumptions, 1, None, extra=plan.runs
    )
    history, history_switches = current_law_history()
    for run, shared in zip(plan.runs, together[2:], strict=True):
        (alone,) = simulate_runs(
            population(), [run], months, start, scenarios[0].seed,
            history=history, history_switches=history_switches, workers=1,
        )  # fmt: skip
        assert _same(metrics(population(), alone), metrics(population(), shared)) == []


def test_one_reforms_channels_alone_are_the_comparisons():
    """The dashboard decomposes only the reform being looked at, from its
    counterfactual runs and the comparison's metrics: the same channels."""
    result = shipped()
    values = result.metrics.set_index(["scenario", "metric"]).value
    reform = "single-collection-service"
    rows = {key: values[key].to_dict() for key in ("baseline", reform)}
    alone = decompose(population(), [short("baseline"), short(reform)], rows, workers=1)
    together = result.channels[result.channels.scenario == reform].reset_index(drop=True)
    pd.testing.assert_frame_equal(alone, together)


@pytest.mark.parametrize("reform", REFORMS)
def test_a_skipped_run_would_have_changed_nothing(reform):
    """A counterfactual run whose channel reads nothing that differs
    (CHANNEL_READS) is skipped: with every run made, the channels are the
    same, metric for metric."""
    scenarios, assumptions = _scenarios(reform)
    base, run = scenario_runs(scenarios, assumptions)
    start, months = scenarios[0].start, scenarios[0].months
    plans = [channel_plan(reform, base, run, start, months, skip=s) for s in (True, False)]
    found = []
    for plan in plans:
        results = run_scenarios(
            population(), scenarios, scenarios[0].seed, assumptions, 1, None, extra=plan.runs
        )
        rows = [metrics(population(), r) for r in results]
        found.append(channel_values(plan, rows[0], rows[1], rows[2:]))
    assert len(plans[1].runs) == len(CHANNELS) - 1
    assert found[0] == found[1]


def test_channels_telescope_and_leave_out_a_metric_some_run_lacks():
    """Each channel is the step from the run before; the total is the
    reform less the baseline; a metric missing from a counterfactual run (not
    worked out by metrics()) gets no rows."""
    plan = ChannelPlan(
        "reform",
        [None, None],  # two counterfactual runs (their metrics below)
        [
            ("mechanical", 0, False),
            ("compliance", None, True),
            ("service", 1, False),
            ("enforcement", None, False),
            ("households", None, True),
        ],
    )
    money = "maintenance_received_all_arrangements_annual_gbp"
    fees = "collection_fees_receiving_parents_annual_gbp"
    base, reform = {money: 100.0, fees: 10.0}, {money: 130.0, fees: 0.0}
    values = channel_values(plan, base, reform, [{money: 110.0, fees: 0.0}, {money: 125.0}])
    assert {c: values[(money, c)] for c in (*CHANNELS, "total")} == {
        "mechanical": 10.0,
        "compliance": 0.0,
        "service": 15.0,
        "enforcement": 5.0,
        "households": 0.0,
        "total": 30.0,
    }
    assert not any(metric == fees for metric, _ in values)


def test_another_order_still_adds_up_and_a_bad_order_is_refused():
    """Switching service moves on before compliance changes how the change is
    split, never the total."""
    scenarios, assumptions = _scenarios("scrap-collection-fees")
    base, run = scenario_runs(scenarios, assumptions)
    start, months = scenarios[0].start, scenarios[0].months
    order = ("mechanical", "service", "compliance", "enforcement", "households")
    plan = channel_plan("scrap-collection-fees", base, run, start, months, order=order)
    assert [c for c, _, _ in plan.steps] == list(order)
    results = run_scenarios(
        population(), scenarios, scenarios[0].seed, assumptions, 1, None, extra=plan.runs
    )
    rows = [metrics(population(), r) for r in results]
    values = channel_values(plan, rows[0], rows[1], rows[2:])
    money = "maintenance_received_all_arrangements_annual_gbp"
    total = sum(values[(money, c)] for c in order)
    assert total == pytest.approx(values[(money, "total")], rel=1e-9)
    with pytest.raises(ValueError, match="each of mechanical"):
        channel_plan("x", base, run, start, months, order=("mechanical", "service"))
