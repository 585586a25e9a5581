"""The briefing to take away: its headline table as the dashboard shows the
figures, its charts' rows, caveats and stamp from the run; the PDF valid,
naming the scenarios and the model version, the same bytes for the same
results; ``cms-sim compare --briefing``."""

from __future__ import annotations

import re
from functools import cache

import pandas as pd

from simulator.reports.briefing_pdf import (
    BriefingResults,
    briefing_pdf,
    caveats,
    chart_rows,
    headline_table,
    model_stamp,
)

RUN = {
    "model_version": "9.8.7",
    "created": "2026-12-02T10:00:00+00:00",
    "start": "2026-05-01",
    "months": 24,
    "population_seed": 20260401,
    "population_size": 2_000,
    "population": "synthetic sample of 2,000",
    "replications": 3,
    "range": "min-max of 3 replications",
    "parameter_digests": {"baseline": "aaaa1111", "reform": "bbbb2222"},
}


def metrics() -> pd.DataFrame:
    """A comparison's metrics table: current law and one reform (a few rows)."""
    rows = [
        ("baseline", "children_in_relative_poverty_ahc", 1_818_057, 1_810_000, 1_820_000),
        ("reform", "children_in_relative_poverty_ahc", 1_816_783, 1_809_000, 1_819_500),
        ("reform", "children_in_relative_poverty_ahc_change", -1_274, -1_500, -900),
        ("baseline", "maintenance_received_all_arrangements_annual_gbp", 2.905e9, 2.3e9, 2.95e9),
        ("reform", "maintenance_received_all_arrangements_annual_gbp", 2.924e9, 2.33e9, 2.97e9),
        ("reform", "maintenance_received_all_arrangements_annual_gbp_change", 19e6, 19e6, 21e6),
        ("baseline", "collect_and_pay_paid_some_share", 0.657, 0.65, 0.66),
        ("reform", "collect_and_pay_paid_some_share", 0.655, 0.65, 0.66),
        ("reform", "collect_and_pay_paid_some_share_change", -0.002, -0.002, -0.002),
    ]
    return pd.DataFrame(rows, columns=["scenario", "metric", "value", "low", "high"])


def results(**changes) -> BriefingResults:
    fields = {
        "metrics": metrics(),
        "run": RUN,
        "keys": ["baseline", "reform"],
        "names": {"baseline": "Current law", "reform": "Scrap the fee"},
        "summaries": {"baseline": [], "reform": ["Collection fee: 4.0% → 0.0%."]},
    }
    return BriefingResults(**{**fields, **changes})


def test_the_headline_table_shows_each_figure_as_the_dashboard_does():
    table = headline_table(metrics(), "baseline", "reform")
    expected = pd.DataFrame(
        [
            ("Children in poverty (AHC)", "1,818,057", "1,816,783", "-1,274", "-1,500 to -900"),
            (
                "Maintenance reaching children",
                "£2,905.0m",
                "£2,924.0m",
                "+£19.0m",
                "+£19.0m to +£21.0m",
            ),
            ("Collect and Pay: paid something", "65.7%", "65.5%", "-0.2 points", "–"),
        ],
        columns=["Result", "Current law", "Reform", "Change", "Range of the change"],
    )
    pd.testing.assert_frame_equal(table, expected)


def test_current_law_alone_gets_its_values_and_ranges():
    table = headline_table(metrics(), "baseline", None)
    assert table.columns.tolist() == ["Result", "Current law", "Range"]
    assert table.iloc[0].tolist() == [
        "Children in poverty (AHC)",
        "1,818,057",
        "1,810,000 to 1,820,000",
    ]


def test_the_charts_rows_are_poverty_and_money_by_scenario_name_in_order():
    rows = chart_rows(metrics(), ["baseline", "reform"], {"baseline": "Now", "reform": "R"})
    assert rows[["scenario", "measure"]].values.tolist() == [
        ["Now", "After housing costs"],
        ["Now", "Money reaching children"],
        ["R", "After housing costs"],
        ["R", "Money reaching children"],
    ]


def test_the_caveats_and_stamp_come_from_the_run():
    text = " ".join(caveats(RUN))
    assert "2,000 synthetic separated families" in text
    assert "24-month run from 1 May 2026" in text and "min-max of 3 replications" in text
    stamp = " ".join(model_stamp(RUN))
    for part in ("9.8.7", "seed 20260401", "24 months from 2026-05-01", "reform: bbbb2222"):
        assert part in stamp
    one = {**RUN, "replications": 1, "range": "none (1 replication)"}
    assert "With one replication no range is shown" in " ".join(caveats(one))


@cache
def pdf() -> bytes:
    return briefing_pdf(results())


def test_the_pdf_is_valid_and_names_the_scenarios_and_the_model_version():
    data = pdf()
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    assert b"/Title (Child maintenance reform: Scrap the fee)" in data
    assert b"model version 9.8.7" in data
    assert b"/Keywords (Current law, Scrap the fee)" in data
    assert len(re.findall(rb"/Type /Page\b", data)) >= 2  # the tables, then the charts


def test_the_same_results_give_the_same_bytes_and_other_results_other_bytes():
    assert b"/CreationDate" not in pdf()
    assert briefing_pdf(results()) == pdf()
    assert briefing_pdf(results(run={**RUN, "model_version": "9.8.8"})) != pdf()


def test_cms_sim_compare_writes_a_briefing(tmp_path):
    from simulator.cli.main import main

    out = tmp_path / "briefing.pdf"
    code = main(
        [
            "compare",
            "baseline",
            "scrap-receiving-parent-fee",
            "--families",
            "1000",
            "--no-channels",
            "--out",
            str(tmp_path / "results"),
            "--briefing",
            str(out),
        ]
    )
    assert code == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and b"Scrap the receiving parent" in data
    assert not list(tmp_path.glob(".briefing.pdf.*"))  # no temporary file left


def test_a_briefing_into_a_missing_folder_is_refused_before_the_run(tmp_path, capsys):
    from simulator.cli.main import main

    missing = tmp_path / "nowhere" / "briefing.pdf"
    code = main(
        [
            "compare",
            "baseline",
            "--families",
            "500",
            "--out",
            str(tmp_path / "r"),
            "--briefing",
            str(missing),
        ]
    )
    assert code != 0
    assert "does not exist" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()
