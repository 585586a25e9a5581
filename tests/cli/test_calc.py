"""`cms-sim calc`: results, explanations, and clear errors for bad input with
nothing written."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from simulator.cli import main

HEADER = (
    "case_id,gross_weekly_income,flat_rate_benefit,partner_also_paying_parent,"
    "relevant_other_children,care_nights"
)
EXAMPLE = Path(__file__).resolve().parents[2] / "data" / "examples" / "calc_input.csv"


def write(tmp_path: Path, text: str, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def read_output(path: Path) -> list[dict]:
    return list(csv.DictReader(path.open()))


def test_calc_writes_results(tmp_path, capsys):
    source = write(
        tmp_path,
        HEADER + '\na,300,0,0,0,0\nb,1000,0,0,1,"0,0"\nc,450,0,0,0,"0,104|52"\nd,50,1,0,0,60\n',
    )
    out = tmp_path / "out.csv"
    assert main(["calc", str(source), "-o", str(out)]) == 0
    rows = {r["case_id"]: r for r in read_output(out)}
    assert rows["a"]["rate"] == "basic" and rows["a"]["weekly_liability"] == "36.00"
    assert rows["b"]["rate"] == "basic_plus" and rows["b"]["weekly_liability"] == "138.80"
    # 3 children: 450 x 19% = 85.50 -> 57.00|28.50 by children; shared care averages
    # (0 + 2/7)/2 = 1/7 and 1/7: 57 x 6/7 = 48.86, 28.50 x 6/7 = 24.43
    assert rows["c"]["weekly_liability_by_receiving_parent"] == "48.86|24.43"
    assert rows["c"]["weekly_liability"] == "73.29"
    assert rows["d"]["rate"] == "flat" and rows["d"]["weekly_liability"] == "0.00"
    assert "4 case(s)" in capsys.readouterr().err


def test_calc_prints_results_without_output_file(tmp_path, capsys):
    source = write(tmp_path, HEADER + "\na,300,0,0,0,0\n")
    assert main(["calc", str(source)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].startswith("case_id,rate,weekly_liability")
    assert "a,basic,36.00,36.00" in out


def test_optional_columns_and_effective_date(tmp_path):
    source = write(
        tmp_path,
        HEADER + ",effective_date,unearned_income_annual\n"
        "old,150,0,0,0,0,2013-06-01,\n"
        "new,150,0,0,0,0,,\n"
        "rich,0,0,0,0,0,,36500\n",
    )
    out = tmp_path / "out.csv"
    assert main(["calc", str(source), "-o", str(out), "--date", "2026-04-01"]) == 0
    rows = {r["case_id"]: r for r in read_output(out)}
    assert rows["old"]["weekly_liability"] == "14.50"  # £5 + 19% x 50 (pathfinder table)
    assert rows["new"]["weekly_liability"] == "15.50"  # £7 + 17% x 50
    assert rows["new"]["effective_date"] == "2026-04-01"
    assert rows["rich"]["weekly_liability"] == "84.00"  # 36,500/365x7 = 700 -> 12% = 84


BAD_INPUTS = [
    # (what, file text, expected fragments of the message)
    (
        "missing column",
        "case_id,gross_weekly_income,flat_rate_benefit,partner_also_paying_parent,"
        "care_nights\na,300,0,0,0\n",
        ["line 1", "'relevant_other_children'", "missing"],
    ),
    ("unknown column", HEADER + ",incom\na,300,0,0,0,0,1\n", ["unknown column 'incom'"]),
    (
        "non-numeric income",
        HEADER + "\na,300,0,0,0,0\nb,lots,0,0,0,0\n",
        ["line 3", "case 'b'", "'gross_weekly_income'", "'lots' is not a number"],
    ),
    ("negative income", HEADER + "\na,-5,0,0,0,0\n", ["line 2", "-5 is negative"]),
    (
        "malformed care nights",
        HEADER + '\na,300,0,0,0,"0,,104"\n',
        ["line 2", "'care_nights'", "'0,,104' is not a list of nights"],
    ),
    ("too many nights", HEADER + "\na,300,0,0,0,400\n", ["more than 365 nights"]),
    ("flag not 0 or 1", HEADER + "\na,300,2,0,0,0\n", ["'flat_rate_benefit'", "not 0 or 1"]),
    ("fractional children", HEADER + "\na,300,0,0,1.5,0\n", ["'1.5' is not a whole number"]),
    ("empty required value", HEADER + "\na,,0,0,0,0\n", ["missing value"]),
    (
        "duplicate case id",
        HEADER + "\na,300,0,0,0,0\na,200,0,0,0,0\n",
        ["line 3", "repeats the case on line 2"],
    ),
    ("bad date", HEADER + ",effective_date\na,300,0,0,0,0,2026-13-01\n", ["not a date"]),
    (
        "date before the scheme",
        HEADER + ",effective_date\na,300,0,0,0,0,2010-01-01\n",
        ["before the 2012 scheme"],
    ),
    ("empty file", "", ["the file is empty"]),
    ("header only", HEADER + "\n", ["no cases"]),
]


@pytest.mark.parametrize(("what", "text", "fragments"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_input_is_reported_and_nothing_written(tmp_path, capsys, what, text, fragments):
    source = write(tmp_path, text)
    out = tmp_path / "out.csv"
    out.write_text("previous results\n")
    assert main(["calc", str(source), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    for fragment in fragments:
        assert fragment in err, f"{what}: '{fragment}' not in {err!r}"
    assert "Traceback" not in err
    assert out.read_text() == "previous results\n", "the old output must not be touched"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_every_bad_row_is_reported(tmp_path, capsys):
    source = write(tmp_path, HEADER + "\na,x,0,0,0,0\nb,300,0,0,0,0\nc,-1,0,0,0,0\nd,1,0,0,0,|\n")
    assert main(["calc", str(source), "-o", str(tmp_path / "out.csv")]) == 2
    err = capsys.readouterr().err
    assert "3 problems" in err
    assert "line 2" in err and "line 4" in err and "line 5" in err and "line 3" not in err
    assert not (tmp_path / "out.csv").exists()


def test_missing_input_file(tmp_path, capsys):
    assert main(["calc", str(tmp_path / "nope.csv")]) == 2
    assert "file not found" in capsys.readouterr().err


def test_output_folder_must_exist(tmp_path, capsys):
    source = write(tmp_path, HEADER + "\na,300,0,0,0,0\n")
    assert main(["calc", str(source), "-o", str(tmp_path / "no" / "out.csv")]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_output_may_not_overwrite_input(tmp_path, capsys):
    source = write(tmp_path, HEADER + "\na,300,0,0,0,0\n")
    assert main(["calc", str(source), "-o", str(source)]) == 2
    assert "input" in capsys.readouterr().err
    assert source.read_text().startswith("case_id")


def test_explain_from_flags(capsys):
    assert (
        main(
            [
                "calc",
                "--explain",
                "--gross-weekly-income",
                "1000",
                "--care-nights",
                "0,175|52",
                "--relevant-other-children",
                "1",
                "--effective-date",
                "2026-04-01",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    for fragment in [
        "Basic rate (basic plus)",
        "reduced by 11%",
        "Apportionment",
        "175 nights -> 1/2",
        "Sch. 1, para. 7",
        "legislation.gov.uk",
        "Weekly child maintenance: £",
    ]:
        assert fragment in out


def test_explain_uses_the_engine_result(tmp_path, capsys):
    source = write(tmp_path, HEADER + '\na,300,0,0,0,0\nb,450,0,0,0,"0,104|52"\n')
    assert main(["calc", "--explain", str(source), "--case-id", "b"]) == 0
    assert "Weekly child maintenance: £73.29" in capsys.readouterr().out


def test_explain_needs_one_case(tmp_path, capsys):
    source = write(tmp_path, HEADER + "\na,300,0,0,0,0\nb,450,0,0,0,0\n")
    assert main(["calc", "--explain", str(source)]) == 2
    assert "--case-id" in capsys.readouterr().err


def test_explain_bad_flag_value(capsys):
    assert main(["calc", "--explain", "--gross-weekly-income", "abc", "--care-nights", "0"]) == 2
    err = capsys.readouterr().err
    assert "'--gross-weekly-income'" in err and "'abc' is not a number" in err


def test_parameters_listing(capsys):
    assert main(["parameters", "--date", "2013-06-01"]) == 0
    out = capsys.readouterr().out
    assert "rates.flat_rate.amount" in out and "2012-12-10" in out


def test_bundled_example_runs(tmp_path):
    out = tmp_path / "example_out.csv"
    assert main(["calc", str(EXAMPLE), "-o", str(out)]) == 0
    assert len(read_output(out)) == sum(1 for _ in EXAMPLE.open()) - 1


def test_console_script_is_installed(tmp_path):
    assert shutil.which("cms-sim"), "install the package (pip install -e .) to get cms-sim"
    result = subprocess.run(
        ["cms-sim", "calc", str(EXAMPLE)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("case_id,rate,weekly_liability")


def test_module_entry_point(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "simulator.cli",
            "calc",
            "--explain",
            "--gross-weekly-income",
            "300",
            "--care-nights",
            "0",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "£36.00" in result.stdout
