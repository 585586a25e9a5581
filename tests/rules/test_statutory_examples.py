"""Worked examples of the statutory calculation, one row per case in
tests/cases/statutory_examples.csv (inputs, expected rate and £ a week per
receiving parent, source and reasoning). Each row goes through the same CSV
reading and rules engine as `cms-sim calc`, and must match to the penny."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from simulator.calculator.batch import COLUMNS, cases_from_text, format_results
from simulator.inputs.parameters import load_parameters

CASES_FILE = Path(__file__).parents[1] / "cases" / "statutory_examples.csv"
ROWS = list(csv.DictReader(CASES_FILE.open(encoding="utf-8")))
PENNY = 0.01 + 1e-9


@pytest.fixture(scope="module")
def results():
    inputs = [c for c in ROWS[0] if c in COLUMNS]
    lines = [",".join(inputs)]
    for row in ROWS:
        lines.append(",".join(f'"{row[c]}"' for c in inputs))
    cases = cases_from_text("\n".join(lines) + "\n", str(CASES_FILE))
    table = format_results(cases, load_parameters())
    return {row.case_id: row for row in table.itertuples()}


def test_table_is_well_formed():
    ids = [r["case_id"] for r in ROWS]
    assert len(ids) == len(set(ids)), "case ids must be unique"
    for row in ROWS:
        assert row["source"], f"{row['case_id']}: no source"
        assert row["note"], f"{row['case_id']}: no reasoning"
        parts = [float(x) for x in row["expected_by_receiving_parent"].split("|")]
        assert abs(sum(parts) - float(row["expected_weekly_liability"])) < 1e-9


@pytest.mark.parametrize("row", ROWS, ids=[r["case_id"] for r in ROWS])
def test_statutory_example(results, row):
    got = results[row["case_id"]]
    expected_parts = [float(x) for x in row["expected_by_receiving_parent"].split("|")]
    got_parts = [float(x) for x in got.weekly_liability_by_receiving_parent.split("|")]
    why = f"{row['case_id']}: {row['note']}"
    assert got.rate == row["expected_rate"], why
    assert abs(float(got.weekly_liability) - float(row["expected_weekly_liability"])) <= PENNY, why
    assert len(got_parts) == len(expected_parts), why
    for g, e in zip(got_parts, expected_parts, strict=True):
        assert abs(g - e) <= PENNY, why


REQUIRED_COVERAGE = {
    # what must be covered: a predicate on the row
    "every rate": lambda rows: (
        {r["expected_rate"] for r in rows}
        >= {"nil", "flat", "reduced", "basic", "basic_plus", "default"}
    ),
    "income boundaries": lambda rows: (
        {"7", "100", "100.01", "199.99", "200", "800", "3000"}
        <= {r["gross_weekly_income"] for r in rows}
    ),
    "shared-care band edges": lambda rows: all(
        any(str(n) in r["care_nights"].replace("|", ",").split(",") for r in rows)
        for n in (51, 52, 103, 104, 155, 156, 174, 175)
    ),
    "several receiving parents": lambda rows: any("|" in r["care_nights"] for r in rows),
    "relevant other children": lambda rows: any(r["relevant_other_children"] != "0" for r in rows),
    "relevant non-resident children": lambda rows: any(
        r["relevant_non_resident_children"] != "0" for r in rows
    ),
    "variations": lambda rows: all(
        any(float(r[c] or 0) > 0 for r in rows)
        for c in ("unearned_income_annual", "notional_assets", "special_expenses_weekly")
    ),
    "a date before 25 Nov 2013": lambda rows: any(r["effective_date"] < "2013-11-25" for r in rows),
}


@pytest.mark.parametrize("what", REQUIRED_COVERAGE)
def test_examples_cover(what):
    assert REQUIRED_COVERAGE[what](ROWS), f"no worked example covers {what}"
