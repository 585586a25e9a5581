"""Domestic-abuse outcomes (simulator.dynamics.abuse_series): what each monthly
column counts, on a hand-made month of four CMS families, and on recorded runs
(the fees survivors pay add up family by family; the protections scenario moves
cases on request and takes no 4% from survivors).

The four families (weights 1, 2, 4, 8): abuse disclosed in the first three;
the first on Direct Pay, the second and third on Collect and Pay (the second
moved there on request this month), the fourth on Collect and Pay without
abuse."""

from __future__ import annotations

import datetime as dt
from functools import cache
from types import SimpleNamespace

import numpy as np
import pytest

from simulator.dynamics import simulate
from simulator.dynamics.abuse_series import (
    ABUSE_SERIES,
    ENFORCEMENT_ACTIONS,
    NOT_ENFORCEMENT_ACTIONS,
    monthly_abuse,
)
from simulator.dynamics.month import MonthFlows
from simulator.dynamics.reporting import ENFORCEMENT_FLOWS, MONTHLY
from simulator.inputs.parameters import load_parameters
from simulator.population import COLLECT_AND_PAY, DIRECT_PAY, synthesise_population

WEIGHTS = np.array([1.0, 2.0, 4.0, 8.0])
ABUSE = np.array([True, True, True, False])
SERVICE = np.array([DIRECT_PAY, COLLECT_AND_PAY, COLLECT_AND_PAY, COLLECT_AND_PAY], np.int8)
NONE = np.zeros(4, bool)


def month_of(
    rp_fee=(0.0, 4.0, 8.0, 16.0),
    paid_fee=(0.0, 20.0, 40.0, 80.0),
    on_request=(False, True, False, False),
    **masks,
) -> dict[str, float]:
    state = SimpleNamespace(
        frame=SimpleNamespace(weight=WEIGHTS, domestic_abuse=ABUSE),
        arrangements=SimpleNamespace(service=SERVICE),
    )
    flows = MonthFlows(
        index=np.arange(4),
        local={"rp_fee": np.array(rp_fee), "paid_fee": np.array(paid_fee)},
        masks={name: np.array(masks.get(name, NONE)) for name in ENFORCEMENT_FLOWS},
        family_based=np.array([], int),
        family_based_local={},
        written_off_by_debt=None,
        written_off_closed=None,
        written_off_abandoned=None,
        moves=SimpleNamespace(moved_on_request=np.array(on_request)),
    )
    return monthly_abuse(state, flows)


YES_ALL = np.ones(4, bool)
COUNTS = [
    # (case, the month's enforcement masks, column, expected)
    ("abuse cases on Direct Pay: the first family only", {},
     "domestic_abuse_cases_on_direct_pay", 1.0),
    ("abuse cases on the CMS: the first three", {}, "domestic_abuse_cases_cms", 7.0),
    ("moved on request this month: the second", {},
     "domestic_abuse_moves_to_collection_on_request", 2.0),
    ("the 4% taken from survivors: second and third (2 x 4 + 4 x 8)", {},
     "collection_fees_domestic_abuse_receiving_parents", 40.0),
    ("the 20% paid in abuse cases (2 x 20 + 4 x 40)", {},
     "collection_fees_domestic_abuse_paying_parents", 200.0),
    ("a deduction order made in every family: the abuse cases' weight", {"deo_made": YES_ALL},
     "enforcement_actions_domestic_abuse_cases", 7.0),
    ("a liability order applied for and a sanction referral in the third: two actions",
     {"liability_order_applied": [False, False, True, False],
      "sanction_referred": [False, False, True, False]},
     "enforcement_actions_domestic_abuse_cases", 8.0),
    ("missed-payment contacts, lapses, grants and recoveries are not actions",
     {name: YES_ALL for name in NOT_ENFORCEMENT_ACTIONS},
     "enforcement_actions_domestic_abuse_cases", 0.0),
    ("an action outside the abuse cases does not count",
     {"lump_sum_deduction_order": [False, False, False, True]},
     "enforcement_actions_domestic_abuse_cases", 0.0),
]  # fmt: skip


@pytest.mark.parametrize(
    "masks, column, expected", [r[1:] for r in COUNTS], ids=[r[0] for r in COUNTS]
)
def test_each_column_counts_what_it_says(masks, column, expected):
    assert month_of(**masks)[column] == pytest.approx(expected)


def test_every_enforcement_flow_is_classed_as_an_action_or_not():
    """A new enforcement stage must be classed (abuse_series.ENFORCEMENT_ACTIONS
    or NOT_ENFORCEMENT_ACTIONS) before it can be counted in abuse cases."""
    assert set(ENFORCEMENT_ACTIONS) | set(NOT_ENFORCEMENT_ACTIONS) == set(ENFORCEMENT_FLOWS)
    assert not set(ENFORCEMENT_ACTIONS) & set(NOT_ENFORCEMENT_ACTIONS)


def test_the_monthly_table_has_every_abuse_column():
    names = {r.name for r in MONTHLY}
    assert set(ABUSE_SERIES) <= names


START = dt.date(2026, 5, 1)
MONTHS = 12


@cache
def runs():
    """Recorded runs of current law and of the protections (collection on
    request without consent, no 4% where abuse is disclosed)."""
    pop = synthesise_population(4_000, 5, "2026-04-01")
    law = load_parameters()
    protections = law.with_value(
        "service.collect_and_pay.domestic_abuse_without_consent", START, True
    ).with_value("fees.collection.receiving_parent_fee_waived_domestic_abuse", START, True)
    return (
        pop,
        simulate(pop, months=MONTHS, record=True, workers=1),
        simulate(pop, protections, months=MONTHS, record=True, workers=1),
    )


@pytest.mark.parametrize(
    "column, record",
    [
        ("collection_fees_domestic_abuse_receiving_parents", "rp_fee"),
        ("collection_fees_domestic_abuse_paying_parents", "paid_fee"),
    ],
    ids=["the 4% survivors pay", "the 20% paid in abuse cases"],
)
def test_fees_in_abuse_cases_add_up_family_by_family(column, record):
    pop, base, _ = runs()
    abuse = np.asarray(pop.domestic_abuse, bool)
    expected = (base.records[record] * (pop.weight * abuse)[None, :]).sum(axis=1)
    np.testing.assert_allclose(base.monthly[column].to_numpy(), expected, rtol=1e-9, atol=1e-6)
    assert expected.sum() > 0


def test_the_protections_move_cases_on_request_and_take_no_fee_from_survivors():
    _, base, reform = runs()
    assert base.monthly.domestic_abuse_moves_to_collection_on_request.sum() == 0
    assert reform.monthly.domestic_abuse_moves_to_collection_on_request.sum() > 0
    assert reform.monthly.collection_fees_domestic_abuse_receiving_parents.sum() == 0
    assert base.monthly.collection_fees_domestic_abuse_receiving_parents.sum() > 0
    # fewer survivors left on Direct Pay by the end of the year
    assert (
        reform.monthly.domestic_abuse_cases_on_direct_pay.iloc[-1]
        < base.monthly.domestic_abuse_cases_on_direct_pay.iloc[-1]
    )
