"""The calibration report's Markdown, from small tables: what is shown, how
values and gaps are written, and the behaviour section only when there is one."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from simulator.reports.calibration import calibration_markdown, shown_targets

NAN = float("nan")
TARGETS = pd.DataFrame(
    [
        ("A01", "children in CMS cases", "2025", 600_000.0, 606_000.0, 0.01, "count", "fitted"),
        ("A02", "Collect and Pay share", "2025", 0.4, 0.37, -0.075, "share", "compared"),
        ("A03", "an unused row", "2020", 1.0, NAN, NAN, "count", "not used"),
        ("A14b", "due via Direct Pay", "2026", 292.3, 295.0, 0.009, "GBP m", "generator_fitted"),
    ],
    columns=["id", "quantity", "period", "target", "achieved", "relative_gap", "unit", "treatment"],
).assign(note="")
MIX = pd.DataFrame({"group": ["basic rate"], "share": [0.512]})
ASSUMPTIONS = pd.DataFrame(
    {
        "assumption": ["behaviour.x"],
        "central": ["0.5"],
        "low": ["0.4"],
        "high": ["0.6"],
        "unit": ["/1"],
        "reasoning": ["a guess"],
    }
)
LIABILITIES = pd.DataFrame(
    {
        "service": ["Direct Pay"],
        "arrangements": [449_400.0],
        "paying_parents": [395_000.0],
        "average_weekly_liability": [50.04],
        "due_quarter_gbp_m": [292.3],
        "median_gross_weekly_income": [420.5],
    }
)
BEHAVIOUR = pd.DataFrame(
    {
        "id": ["B01a"],
        "measure": ["collect_and_pay_paid_some_share"],
        "published": [0.68],
        "published_range": ["65.0% to 71.0%"],
        "simulated_fit_window": [0.679],
        "simulated_last_year": [0.6512],
        "treatment": ["fitted: logit = 1.2 (1 to 1.4)"],
        "source": ["DWP"],
    }
)
METADATA = {
    "weights": "calibrated",
    "model_version": "0.1.0",
    "parameters_digest": "p123",
    "assumptions_digest": "a456",
}


def report(behaviour: bool = True) -> str:
    tables = {
        "targets": TARGETS,
        "calculation_mix": MIX,
        "assumptions": ASSUMPTIONS,
        "liabilities": LIABILITIES,
    }
    if behaviour:
        tables["behaviour"] = BEHAVIOUR
    return calibration_markdown(tables, 20_000, 7, dt.date(2026, 4, 1), METADATA)


def test_the_fitted_and_compared_targets_are_shown():
    assert list(shown_targets(TARGETS).id) == ["A01", "A02", "A14b"]


@pytest.mark.parametrize(
    "line",
    [
        "# Calibration report",
        "Population: 20,000 families, seed 7, date 2026-04-01, calibrated weights; "
        "model 0.1.0, parameters p123, assumptions a456.",
        "| A01 | children in CMS cases | 2025 | 600,000 | 606,000 | +1.0% | fitted |  |",
        "| A02 | Collect and Pay share | 2025 | 40.0% | 37.0% | -7.5% | compared |  |",
        "| basic rate | 51.2% |",
        "| A14b | due via Direct Pay | 2026 | 292.30 | 295.00 | +0.9% | generator_fitted |  |",
        "## Liabilities by service at the population date",
        "| Direct Pay | 449,400 | 395,000 | 50.04 | 292.30 | 420.50 |",
        "## Behaviour: compliance and service moves (monthly dynamics)",
        "| B01a | collect_and_pay_paid_some_share | 68.0% | 65.0% to 71.0% | 67.9% | 65.1% "
        "| fitted: logit = 1.2 (1 to 1.4) |",
        "## Unfitted assumptions (no published source)",
        "| behaviour.x | 0.5 | 0.4 | 0.6 | /1 | a guess |",
    ],
    ids=[
        "the title",
        "the population it describes",
        "a fitted count with its gap",
        "a compared share as percentages",
        "the calculation mix in percentages",
        "money due fitted by the generator, with its gap",
        "the liabilities by service",
        "a service's arrangements, average liability, money due and median income",
        "the behaviour section",
        "a fitted behaviour figure",
        "the unfitted assumptions",
        "an unfitted assumption",
    ],
)
def test_the_report_has(line):
    assert line in report().splitlines()


def test_a_target_not_used_is_left_out():
    assert "A03" not in report()


def test_without_the_dynamics_there_is_no_behaviour_section():
    text = report(behaviour=False)
    assert "## Behaviour" not in text and "B01a" not in text
    assert "## Unfitted assumptions (no published source)" in text
