"""``cms-sim simulate``: a population moved forward month by month under
current law, with its monthly and quarterly tables written; bad input is a
clear error with nothing written. (The dynamics themselves:
tests/dynamics/test_runs.py.)"""

from __future__ import annotations

import pandas as pd
import pytest

from simulator.cli import main

DATE = "2026-04-01"


def test_cms_sim_simulate_writes_monthly_and_quarterly_tables(tmp_path, capsys):
    out = tmp_path / "run"
    args = ["simulate", "--families", "2000", "--date", DATE, "--months", "4", "--out", str(out)]
    assert main(args) == 0
    monthly = pd.read_csv(out / "monthly.csv")
    assert len(monthly) == 4 and {"due", "paid", "received", "arrears_stock"} <= set(monthly)
    assert len(pd.read_csv(out / "quarterly.csv")) == 1  # May-August: the June quarter
    assert "families, 4 months" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args, message",
    [
        (["--months", "0"], "--months must be 1 or more"),
        (["--population", "missing.parquet"], "file not found"),
    ],
)
def test_cms_sim_simulate_refuses_bad_input_clearly(tmp_path, capsys, args, message):
    assert main(["simulate", "--out", str(tmp_path / "o"), *args]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert not (tmp_path / "o").exists()
