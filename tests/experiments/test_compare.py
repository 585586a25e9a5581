"""Comparisons: every shipped scenario against the baseline on the same
families, each reform moving what it targets, exact properties (a change to
nothing changes nothing; scrapping the 4% fee hands receiving parents exactly
the fee), and the checks before a run. (``cms-sim run`` and ``cms-sim
compare``: tests/cli/test_compare.py.)"""

from __future__ import annotations

from functools import cache

import numpy as np
import pytest

from simulator.experiments.compare import compare
from simulator.experiments.runs import CompareError
from simulator.outcomes.metrics import METRIC_UNITS
from simulator.scenarios.load import load_scenario
from tests.scenario_files import SHIPPED, population, short, write

# ------------------------------------------------------------- shipped scenarios


@cache
def all_shipped():
    scenarios = [short("baseline")] + [short(p.stem) for p in SHIPPED if p.stem != "baseline"]
    return compare(scenarios, population=population(), workers=1)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_scenario_runs_and_gives_every_metric(path):
    table = all_shipped().metrics
    rows = table[table.scenario == path.stem].set_index("metric")
    assert set(METRIC_UNITS) <= set(rows.index)
    # no Direct Pay after the single collection service: its share is undefined
    undefined = {"months_to_corrected_liability"} | (
        {"direct_pay_received_all_share"} if path.stem == "single-collection-service" else set()
    )
    headline = [m for m in METRIC_UNITS if m not in undefined]
    assert np.isfinite(rows.loc[headline, "value"].astype(float)).all()
    if path.stem != "baseline":
        assert "children_in_relative_poverty_ahc_change" in rows.index
        assert "children_lifted_out_of_poverty_bhc" in rows.index


@pytest.mark.parametrize(
    "scenario, metric, direction",
    [
        ("scrap-receiving-parent-fee", "collection_fees_receiving_parents_annual_gbp", -1),
        ("scrap-collection-fees", "collection_fees_paying_parents_annual_gbp", -1),
        ("lifestyle-income", "hidden_income_brought_in_annual_gbp", +1),
        ("stronger-enforcement", "enforcement_charges_annual_gbp", +1),
        ("formula-refresh", "maintenance_due_cms_annual_gbp", +1),
        ("domestic-abuse-protections", "collection_fees_receiving_parents_annual_gbp", -1),
    ],
)
def test_each_reform_moves_what_it_targets(scenario, metric, direction):
    table = all_shipped().metrics.set_index(["scenario", "metric"])
    change = table.loc[(scenario, f"{metric}_change"), "value"]
    assert np.sign(change) == direction, change


def test_the_single_collection_service_moves_cases_to_collection_once_it_begins():
    """Phased from April 2027 (month 12): on a horizon reaching its first
    months, the Collect and Pay share rises; on the short one nothing moves."""
    scenarios = [short("baseline", 14), short("single-collection-service", 14)]
    table = compare(scenarios, population=population(), workers=1).metrics
    change = table.set_index(["scenario", "metric"]).value
    assert change[("single-collection-service", "collect_and_pay_share_change")] > 0
    short_run = all_shipped().metrics.set_index(["scenario", "metric"]).value
    assert short_run[("single-collection-service", "collect_and_pay_share_change")] == 0


def test_faster_reassessment_shortens_the_time_to_a_corrected_liability():
    scenarios = [short("baseline", 18), short("faster-job-change-reassessment", 18)]
    table = compare(scenarios, population=population(), workers=1).metrics
    months = table[table.metric == "months_to_corrected_liability"].set_index("scenario").value
    assert months["faster-job-change-reassessment"] < months["baseline"]


# -------------------------------------------------------------- exact properties


def test_a_scenario_that_changes_nothing_equals_the_baseline_exactly(tmp_path):
    same = write(
        tmp_path,
        "same",
        """  - parameter: fees.collection.receiving_parent_rate
    from: 2026-05-01
    value: 0.04
""",
    )
    result = compare([short("baseline"), load_scenario(same)], population=population(), workers=1)
    t = result.metrics.set_index(["scenario", "metric"]).value
    for name in METRIC_UNITS:
        assert t[("same", name)] == t[("baseline", name)] or (
            np.isnan(t[("same", name)]) and np.isnan(t[("baseline", name)])
        ), name
    changes = result.metrics[result.metrics.metric.str.endswith("_change")]
    assert (changes.value.fillna(0) == 0).all()
    assert (result.deciles.mean_change_gbp_annual == 0).all()


def test_scrapping_the_4pct_fee_gives_receiving_parents_exactly_the_fee(tmp_path):
    """Before behavioural effects (no extra moves to Collect and Pay, and
    closures that do not respond to fees, in the baseline as in the reform),
    every month's money received rises by exactly what the 4% fee took."""
    no_response = """  - assumption: behaviour.service.cp_switch_uplift_if_rp_fee_removed
    value: 0.0
  - assumption: behaviour.service.closure_per_collection_fee_point
    value: 0.0
"""
    base = write(tmp_path, "baseline-no-fee-response", no_response)
    no_behaviour = write(
        tmp_path,
        "scrap-fee-no-behaviour",
        no_response
        + """  - parameter: fees.collection.receiving_parent_rate
    from: 2026-05-01
    value: 0.0
""",
    )
    result = compare(
        [load_scenario(base), load_scenario(no_behaviour)], population=population(), workers=1
    )
    m = result.monthly.set_index(["scenario", "month"])
    base, reform = m.loc["baseline-no-fee-response"], m.loc["scrap-fee-no-behaviour"]
    assert base.fees_receiving_parents.sum() > 0
    np.testing.assert_allclose(
        reform.received, base.received + base.fees_receiving_parents, rtol=1e-12
    )
    np.testing.assert_allclose(reform.paid, base.paid, rtol=1e-12)


# ------------------------------------------------------ checks before any run

NOT_COMPARABLE = [
    # (what is wrong, scenarios, settings, expected in the message)
    ("no scenario", [], {}, "at least one scenario"),
    ("no replication", ["baseline"], {"replications": 0}, "replications must be 1 or more, not 0"),
    ("no families", ["baseline"], {"families": 0}, "families must be 1 or more, not 0"),
    ("a scenario twice", ["baseline", "baseline"], {}, "given twice: baseline, baseline"),
]


@pytest.mark.parametrize(
    "problem, names, settings, expected", NOT_COMPARABLE, ids=[c[0] for c in NOT_COMPARABLE]
)
def test_what_cannot_be_compared_is_refused_before_any_run(problem, names, settings, expected):
    with pytest.raises(CompareError, match=expected) as caught:
        compare([short(n, 1) for n in names], **settings)
    assert "--" not in str(caught.value), "the library does not quote command-line flags"


def test_scenarios_compared_must_share_start_months_and_seed():
    """They run on the same families with the same draws only if they do."""
    with pytest.raises(CompareError, match="differ from the baseline") as caught:
        compare([short("baseline", 1), short("scrap-receiving-parent-fee", 2)])
    assert "change the reform file's start, months and seed" in str(caught.value)
