"""The headline as a briefing puts it, on made-up metrics and channels: the
net change in children in poverty with those lifted out and pushed in, the
sentence saying what drives it, the tiles, and every reform side by side."""

from __future__ import annotations

import pandas as pd
import pytest

from simulator.experiments.channels import sentence_channels
from simulator.reports.briefing import (
    BRIEFING,
    MONEY,
    briefing_sentence,
    briefing_table,
    side_by_side,
    side_by_side_download,
)
from simulator.reports.headline import dashboard_tiles

RANGE = "min-max of 3 replications"


def rows(scenario: str, figures: dict) -> list[dict]:
    """metrics.csv rows: metric -> value or (value, low, high)."""
    out = []
    for metric, figure in figures.items():
        value, low, high = figure if isinstance(figure, tuple) else (figure,) * 3
        unit = "share" if "share" in metric else "GBP a year" if "gbp" in metric else "children"
        out.append({"scenario": scenario, "metric": metric, "value": value, "low": low,
                    "high": high, "unit": unit, "range": RANGE})  # fmt: skip
    return out


#: A made-up single collection service: fewer children in poverty net, many
#: pushed in; more money; a cost; compliance up.
COLLECT_ALL = {
    "children_in_relative_poverty_ahc": 400_000.0,
    "children_in_relative_poverty_ahc_change": (-3_588.4, -4_120.0, -2_950.6),
    "children_lifted_out_of_poverty_ahc": (9_327.6, 9_010.0, 9_700.2),
    "children_pushed_into_poverty_ahc": (5_739.8, 5_500.0, 6_001.0),
    "children_in_relative_poverty_paying_households_ahc_change": 0.3,
    "children_lifted_out_of_poverty_paying_households_ahc": 0.0,
    "children_pushed_into_poverty_paying_households_ahc": 0.0,
    "maintenance_received_all_arrangements_annual_gbp": 1.2e9,
    "maintenance_received_all_arrangements_annual_gbp_change": (114.04e6, 98e6, 130e6),
    "cost_to_government_annual_gbp_change": 201_644.0,
    "collect_and_pay_paid_some_share": 0.70,
    "collect_and_pay_paid_some_share_change": (-0.0004, -0.006, 0.004),
}
#: A made-up halving of the paying parent's fee: nobody lifted out, 565 pushed in.
HALVE_FEE = {
    "children_in_relative_poverty_ahc_change": 565.2,
    "children_lifted_out_of_poverty_ahc": 0.0,
    "children_pushed_into_poverty_ahc": 565.2,
    "maintenance_received_all_arrangements_annual_gbp_change": -20_000.0,
    "cost_to_government_annual_gbp_change": -3.25e6,
}
METRICS = pd.DataFrame(
    rows("baseline", {"children_in_relative_poverty_ahc": 403_588.4})
    + rows("collect", COLLECT_ALL)
    + rows("halve", HALVE_FEE)
)


def channels(scenario: str, values: dict) -> pd.DataFrame:
    total = sum(values.values())
    return pd.DataFrame(
        [
            {"scenario": scenario, "metric": "maintenance_received_all_arrangements_annual_gbp",
             "channel": c, "value": v, "low": v, "high": v, "unit": "GBP a year"}
            for c, v in {**values, "total": total}.items()
        ]
    )  # fmt: skip


def test_the_briefing_shows_the_net_change_beside_those_lifted_out_and_pushed_in():
    table = briefing_table(METRICS, "collect").set_index("Measure")
    row = table.loc["Children in poverty, receiving households (AHC)"]
    assert row["Change"] == "-3,588 (-4,120 to -2,951)"
    assert row["Lifted out"] == "9,328 (9,010 to 9,700)"
    assert row["Pushed in"] == "5,740 (5,500 to 6,001)"
    money = table.loc["Maintenance reaching children (all arrangements)"]
    assert money["Change"] == "+£114.0m (+£98.0m to +£130.0m)"
    assert money["Lifted out"] == money["Pushed in"] == ""
    # a fall in compliance that rounds to nothing has no sign
    compliance = table.loc["Collect and Pay cases paying something in a quarter"]
    assert compliance["Change"] == "0.0 points (-0.6 points to +0.4 points)"
    # a small cost in £m beside the large sums, not in pounds
    assert table.filter(like="Cost to government", axis=0)["Change"].iloc[0] == "+£0.2m"
    # less than half a child more in paying households: no change, unsigned
    paying = table.loc["Children in poverty, paying parents' households (AHC)"]
    assert (paying["Change"], paying["Lifted out"], paying["Pushed in"]) == ("0", "0", "0")


def test_the_briefing_keeps_the_measures_order_and_leaves_out_what_is_missing():
    measures = list(briefing_table(METRICS, "halve").Measure)
    assert measures == [
        "Children in poverty, receiving households (AHC)",
        "Maintenance reaching children (all arrangements)",
        "Cost to government: administrative cost less income, plus the UC interaction",
    ]
    assert briefing_table(METRICS, "baseline").empty


@pytest.mark.parametrize(
    "scenario, name, channel_values, expected",
    [
        (
            "collect",
            "Collecting every case",
            {"mechanical": 20e6, "compliance": 80e6, "service": 14.04e6, "enforcement": 0.0,
             "households": 0.0},
            "Collecting every case raises the money reaching children by £114.0m a year, "
            "mostly from paying parents' compliance (+£80.0m), then +£20.0m mechanically, "
            "then +£14.0m from service moves and caseload; 3,600 fewer children are in poverty "
            "after housing costs (9,300 lifted out, 5,700 pushed in). It costs the government "
            "£0.2m a year more.",
        ),
        (
            "collect",
            "Collecting every case",
            {"mechanical": -46e6, "compliance": 80e6, "service": 80.04e6, "enforcement": 0.0,
             "households": 0.0},
            "Collecting every case raises the money reaching children by £114.0m a year "
            "(+£80.0m from service moves and caseload, +£80.0m from paying parents' compliance, "
            "-£46.0m mechanically); 3,600 fewer children are in poverty after housing costs "
            "(9,300 lifted out, 5,700 pushed in). It costs the government £0.2m a year more.",
        ),
        (
            "collect",
            "Collecting every case",
            None,
            "Collecting every case raises the money reaching children by £114.0m a year; "
            "3,600 fewer children are in poverty after housing costs (9,300 lifted out, "
            "5,700 pushed in). It costs the government £0.2m a year more.",
        ),
        (
            "halve",
            "Halving the fee",
            None,
            "Halving the fee leaves the money reaching children about the same; 570 more "
            "children are in poverty after housing costs (0 lifted out, 570 pushed in). It "
            "costs the government £3.2m a year less.",
        ),
    ],
    ids=[
        "one channel carries most of the change",
        "channels pulling both ways: listed, no 'mostly'",
        "several reforms, channels not worked out: the headline numbers only",
        "no money moves, children pushed in only",
    ],
)  # fmt: skip
def test_the_sentence_says_what_drives_the_change(scenario, name, channel_values, expected):
    named = (
        None
        if channel_values is None
        else sentence_channels(channels(scenario, channel_values), scenario, MONEY)
    )
    assert briefing_sentence(METRICS, scenario, name, named) == expected


def test_the_sentence_ignores_another_reforms_channels():
    other = sentence_channels(channels("halve", {"mechanical": 1e6, "compliance": 0.0}), "collect",
                              MONEY)  # fmt: skip
    assert other == []
    assert "mostly" not in briefing_sentence(METRICS, "collect", "Collecting", other)


def test_the_sentence_names_paying_households_when_their_children_move():
    figures = {**HALVE_FEE, "children_in_relative_poverty_paying_households_ahc_change": -1_392.0,
               "children_lifted_out_of_poverty_paying_households_ahc": 1_392.0,
               "children_pushed_into_poverty_paying_households_ahc": 0.0}  # fmt: skip
    sentence = briefing_sentence(pd.DataFrame(rows("r", figures)), "r", "The reform")
    assert (
        "in paying parents' households, 1,400 fewer children are in poverty after housing "
        "costs (1,400 lifted out, 0 pushed in)"
    ) in sentence


def test_the_reforms_side_by_side_on_screen_and_in_the_download():
    shown = side_by_side(METRICS, ["collect", "halve"], {"collect": "Collect", "halve": "Halve"})
    assert list(shown.columns) == ["Measure", "Collect", "Halve"]
    by = shown.set_index("Measure")
    net = "Children in poverty, receiving households (AHC): net change"
    assert by.loc[net].tolist() == ["-3,588 (-4,120 to -2,951)", "+565"]
    lifted = "Children lifted out of poverty, receiving households (AHC)"
    assert by.loc[lifted].tolist() == ["9,328 (9,010 to 9,700)", "0"]
    assert by.loc["Children in poverty, receiving households (BHC): net change"].tolist() == [
        "–",
        "–",
    ]
    data = side_by_side_download(METRICS, ["collect", "halve"], {"collect": "Collect"})
    assert list(data.columns) == [
        "measure", "unit", "Collect", "Collect (low)", "Collect (high)",
        "halve", "halve (low)", "halve (high)",
    ]  # fmt: skip
    got = data.set_index("measure")
    assert got.loc[net].tolist() == ["children", -3588, -4120, -2951, 565, 565, 565]
    assert got.loc[lifted, "Collect (high)"] == 9700 and isinstance(got.loc[lifted, "Collect"], int)
    money = "Maintenance reaching children (all arrangements): change"
    assert got.loc[money].tolist() == ["£ a year", 114_040_000, 98_000_000, 130_000_000,
                                       -20_000, -20_000, -20_000]  # fmt: skip
    compliance = "Collect and Pay cases paying something in a quarter: change"
    assert got.loc[compliance].tolist()[:4] == ["percentage points", 0.0, -0.6, 0.4]
    assert str(got.loc[compliance, "Collect"]) == "0.0"  # not -0.0
    assert got.loc[compliance, "halve"] is None  # the reform has no such row
    assert "-3588.0" not in data.to_csv(index=False)  # whole children in the file


def test_every_briefing_measure_has_a_plain_name():
    assert all("_" not in m.label for m in BRIEFING)


def test_the_tiles_show_the_change_and_its_range_and_grey_for_no_change():
    tiles = {t.label: t for t in dashboard_tiles(METRICS, "collect", "baseline")}
    poverty = tiles["Children in poverty (AHC)"]
    assert (poverty.value, poverty.delta, poverty.colour) == ("400,000", "-3,588", "inverse")
    assert poverty.caption == "Min-max of 3 replications of the change: -4,120 to -2,951"
    compliance = tiles["Collect and Pay: paid something"]
    assert (compliance.delta, compliance.colour, compliance.arrow) == ("0.0 points", "off", "off")
    money = tiles["Maintenance reaching children"]
    assert (money.value, money.delta, money.colour) == ("£1,200.0m", "+£114.0m", "normal")
    base = dashboard_tiles(METRICS, "baseline", "baseline")
    assert [(t.value, t.delta, t.caption) for t in base] == [("403,588", None, "")]
