"""The data behind the dashboard's charts (simulator/reports/chart_frames.py):
plain names, money in £m, dated quarters, one colour per scenario, and
winners-and-losers shares that stack from 0 to 100% whatever the scenarios."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from simulator.reports.chart_frames import (
    CURRENT_LAW_COLOUR,
    MILLION,
    MONEY_SERIES,
    OUTCOMES,
    REFORM_PALETTE,
    compliance_frame,
    decile_change_frame,
    outcome_shares_frame,
    over_time_frame,
    quarter_label,
    scenario_colours,
    tornado_frame,
)

NAMES = {"baseline": "Current law", "reform-a": "Reform A", "reform-b": "Reform B"}


@pytest.mark.parametrize(
    "end, label",
    [
        (dt.date(2027, 3, 31), "2027 Q1"),
        (dt.date(2026, 6, 30), "2026 Q2"),
        ("2026-09-30", "2026 Q3"),
        (dt.date(2026, 12, 31), "2026 Q4"),
    ],
)
def test_quarters_are_named_with_their_year(end, label):
    assert quarter_label(end) == label


def test_current_law_is_grey_and_each_reform_a_different_hue():
    domain, colours = scenario_colours(list(NAMES.values()))
    assert domain == list(NAMES.values())
    assert colours[0] == CURRENT_LAW_COLOUR
    assert colours[1:] == list(REFORM_PALETTE[:2])
    assert len(set(REFORM_PALETTE)) == len(REFORM_PALETTE)
    assert CURRENT_LAW_COLOUR not in REFORM_PALETTE
    # the same reform keeps its colour whichever chart asks
    assert scenario_colours(list(NAMES.values())) == (domain, colours)


def monthly() -> pd.DataFrame:
    rows = []
    for key in NAMES:
        for month in ("2026-05-01", "2026-06-01"):
            rows.append({"scenario": key, "month": dt.date.fromisoformat(month), "due": 137e6,
                         "paid": 110.4e6, "received": 103.86e6, "unused": 1.0})  # fmt: skip
    return pd.DataFrame(rows)


def test_money_is_in_millions_with_plain_series_names_and_no_other_columns():
    frame = over_time_frame(monthly(), NAMES, MONEY_SERIES, MILLION)
    assert list(frame.columns) == ["scenario", "month", "series", "value"]
    assert set(frame.scenario) == set(NAMES.values())
    assert set(frame.series) == set(MONEY_SERIES.values())
    assert sorted(set(frame.value)) == [103.86, 110.4, 137.0]
    assert set(frame.month) == {"2026-05-01", "2026-06-01"}


def test_compliance_keeps_full_quarters_only_and_dates_them():
    quarterly = pd.DataFrame(
        {
            "scenario": ["baseline"] * 3,
            "quarter_end": [dt.date(2026, 6, 30), dt.date(2026, 9, 30), dt.date(2027, 3, 31)],
            "months": [2, 3, 3],
            "collect_and_pay_paid_some_share": [0.62284, 0.65335, 0.676241],
        }
    )
    frame = compliance_frame(quarterly, NAMES)
    assert list(frame.quarter) == ["2026 Q3", "2027 Q1"]
    assert list(frame.share) == [0.6534, 0.6762]
    assert set(frame.scenario) == {"Current law"}


def deciles(shares: list[tuple[float, float, float]]) -> pd.DataFrame:
    """Deciles of two reforms, receiving households: (winners, unchanged, losers)."""
    rows = []
    for key in ("reform-a", "reform-b"):
        for decile, (w, u, lo) in enumerate(shares, start=1):
            rows.append({"scenario": key, "household": "receiving", "decile": decile,
                         "households": 1000.0, "mean_change_gbp_annual": 5.4747,
                         "winners_share": w, "unchanged_share": u, "losers_share": lo})  # fmt: skip
    return pd.DataFrame(rows)


#: Shares as a comparison can give them: exact, a hair below zero from
#: rounding, a hair over one, and an empty decile (no households: NaN).
SHARES = [
    (0.056591, 0.94294, 0.000469),
    (0.1, 0.9, -1e-17),
    (1.0 + 1e-12, 0.0, 0.0),
    (float("nan"), float("nan"), float("nan")),
]


def test_winners_and_losers_shares_sum_to_one_per_decile_and_scenario_and_never_go_below_zero():
    frame = outcome_shares_frame(deciles(SHARES), NAMES)
    sums = frame.groupby(["scenario", "household", "decile"]).share.sum()
    assert sums.to_numpy() == pytest.approx(1.0, abs=1e-3)  # rounded to 0.01 points
    assert (frame.share >= 0).all() and (frame.share <= 1).all()
    assert set(frame.decile) == {1, 2, 3}  # the empty decile left out
    assert set(frame.scenario) == {"Reform A", "Reform B"}
    assert set(frame.household) == {"Receiving parents' households"}


def test_winners_and_losers_stack_in_the_same_order_for_every_scenario():
    frame = outcome_shares_frame(deciles(SHARES), NAMES)
    order = dict(zip(frame.outcome, frame.order, strict=True))
    assert order == {"Better off": 0, "No change": 1, "Worse off": 2}
    assert list(OUTCOMES.values()) == ["Better off", "No change", "Worse off"]
    # switching scenarios changes the rows, never the order or the outcomes
    one = outcome_shares_frame(deciles(SHARES)[lambda d: d.scenario == "reform-b"], NAMES)
    assert dict(zip(one.outcome, one.order, strict=True)) == order


def test_gains_by_decile_are_in_pounds_a_year_by_named_household():
    frame = decile_change_frame(deciles(SHARES[:1]), NAMES)
    assert list(frame.columns) == ["scenario", "household", "decile", "change"]
    assert set(frame.change) == {5.47}


def test_the_tornado_names_assumptions_by_their_register_label_with_the_range_in_units():
    from simulator.inputs.assumptions import load_assumptions

    register = load_assumptions()
    path = "behaviour.compliance.benefit_deduction_payment_prob"
    table = pd.DataFrame(
        [
            {
                "assumption": path,
                "low": "0.7",
                "central": "0.8",
                "high": "0.9",
                "metric": "m",
                "metric_at_low": 0.64,
                "metric_central": 0.66,
                "metric_at_high": 0.69,
                "swing": 0.05,
            }
        ]
    )
    frame = tornado_frame(table, register)
    assert set(frame.assumption) == {register[path].label}
    assert set(frame.end) == {"Low end of its range", "High end of its range"}
    assert "%" in frame.range.iloc[0] and " to " in frame.range.iloc[0]
    assert not frame.assumption.str.contains("behaviour").any()
