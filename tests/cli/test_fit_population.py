"""``cms-sim fit-population``: each lever's value before and after the fit,
with its target's gap. (The fit itself: tests/population/test_fit.py.)"""

from __future__ import annotations

import pytest

from simulator.cli import main


@pytest.mark.parametrize(
    "lever",
    [
        pytest.param("population.case.collect_and_pay_arrears_only_share", id="arrears-only share"),
        pytest.param("population.paying_parent.pay_ratio[1]", id="Direct Pay pay ratio"),
        pytest.param("population.paying_parent.pay_ratio[0]", id="Collect and Pay pay ratio"),
    ],
)
def test_fit_population_prints_each_lever_before_and_after(capsys, lever):
    assert main(["fit-population", "--families", "20000", "--date", "2026-05-01"]) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if x.startswith(lever + " "))
    assert " -> " in line and "gap" in line
