"""``cms-sim parameters``: the statutory parameters in force on a date, as a
table or as CSV (the dashboard's sources table without its links)."""

from __future__ import annotations

import csv
import io

from simulator.cli import main


def test_as_csv(capsys):
    assert main(["parameters", "--date", "2026-06-01", "--csv"]) == 0
    rows = {r["parameter"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    fee = rows["fees.collection.receiving_parent_rate"]
    assert (fee["value"], fee["in_force_from"]) == ("0.04", "2014-08-11")
    assert fee["reference"] and "link" not in fee


def test_as_a_table(capsys):
    assert main(["parameters", "--date", "2026-06-01"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Statutory parameters in force on 2026-06-01 (period from ")
    assert lines[1].split()[:2] == ["parameter", "label"] and "reference" not in lines[1]
    assert any(line.split()[0] == "fees.collection.receiving_parent_rate" for line in lines[2:])
