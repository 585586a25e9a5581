"""Replications move every hidden-income assumption within its range: the
share of self-employed paying parents who under-declare, the share of profit
they hide, employees' hidden share, diversion of income and cash-in-hand
work on a benefit, and the detection routes (today's variation applications,
including the diversion and reg. 70 grounds, the lifestyle ground, HMRC data
matching)."""

from __future__ import annotations

import pytest

from simulator.experiments.replication import replication_paths
from simulator.inputs.assumptions import load_assumptions

HIDDEN_INCOME = [
    # (assumption, what it is)
    ("population.paying_parent.underreporting_share", "self-employed who under-declare"),
    ("population.paying_parent.hidden_share", "share of profit they hide"),
    ("population.paying_parent.employee_hidden_share", "employees' pay missing from HMRC"),
    ("behaviour.hidden_income.rp_variation_application_given_hidden", "variation applications"),
    ("behaviour.hidden_income.variation_success_given_application", "variation success"),
    ("behaviour.hidden_income.hidden_income_detection_lag", "decision delay"),
    ("behaviour.reform.lifestyle_detection_annual", "lifestyle ground: detection"),
    ("behaviour.reform.lifestyle_share_of_gap", "lifestyle ground: share of the gap"),
    ("behaviour.reform.data_matching_detection_annual", "data matching: detection"),
    ("behaviour.reform.data_matching_share_of_gap", "data matching: share of the gap"),
    ("population.paying_parent.diversion_share_self_employed", "self-employed who divert income"),
    ("population.paying_parent.diversion_share_employee", "employees who divert income"),
    ("population.paying_parent.diverted_income_share", "share of income diverted"),
    ("population.paying_parent.cash_in_hand_share_on_benefit", "cash in hand on a benefit"),
    ("population.paying_parent.cash_in_hand_weekly_median", "cash-in-hand amount"),
    ("population.paying_parent.cash_in_hand_sd_log", "cash-in-hand spread"),
    ("behaviour.hidden_income.rp_diversion_application_annual", "diversion applications"),
    ("behaviour.hidden_income.rp_flat_rate_income_application_annual", "reg. 70 applications"),
]  # fmt: skip


@pytest.mark.parametrize("path, what", HIDDEN_INCOME, ids=[r[1] for r in HIDDEN_INCOME])
def test_replications_on_built_families_vary_it(path, what):
    assert path in replication_paths(load_assumptions(), given_population=False)
