"""The calibration report's Markdown (``cms-sim calibration-report``,
``calibration_report.md``, and the dashboard's "Calibration and validation").

The tables come from :func:`simulator.population.report.calibration_report`
(targets, calculation mix, liabilities by service, unfitted assumptions) and
:func:`simulator.experiments.fit_behaviour.behaviour_calibration` (behaviour);
this module only lays them out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

import pandas as pd

from simulator.reports.formatting import format_value, markdown_table

__all__ = ["calibration_markdown", "shown_targets"]

#: The targets shown in the report (the CSV has them all).
SHOWN_TREATMENTS = ("fitted", "generator_fitted", "compared")
TARGET_COLUMNS = [
    "id",
    "quantity",
    "period",
    "target",
    "achieved",
    "relative_gap",
    "treatment",
    "note",
]
BEHAVIOUR_COLUMNS = [
    "id",
    "measure",
    "published",
    "published_range",
    "simulated_fit_window",
    "simulated_last_year",
    "treatment",
]
ASSUMPTION_COLUMNS = ["assumption", "central", "low", "high", "unit", "reasoning"]
LIABILITY_COLUMNS = {
    "service": "service",
    "arrangements": "arrangements with a liability",
    "paying_parents": "paying parents",
    "average_weekly_liability": "average weekly liability (GBP)",
    "due_quarter_gbp_m": "due in a quarter (GBP m)",
    "median_gross_weekly_income": "paying parents' median gross weekly income (GBP)",
}


def shown_targets(targets: pd.DataFrame) -> pd.DataFrame:
    """The calibration targets the report shows: those fitted (by the weights
    or by the generator's distributions) and those compared."""
    return targets[targets.treatment.isin(list(SHOWN_TREATMENTS))]


def calibration_markdown(
    report: Mapping[str, pd.DataFrame],
    families: int,
    seed: int,
    date: dt.date,
    metadata: Mapping,
) -> str:
    """The whole report: ``report`` has the tables ``targets``,
    ``calculation_mix`` and ``assumptions`` (and ``liabilities`` for the
    liabilities by service, ``behaviour`` for the behaviour section); the
    population is described by its size (the families at its date), seed,
    date and metadata (weights, model version, parameter and assumption
    digests, and the entrants: families who separate later, not in these
    figures)."""
    shown = shown_targets(report["targets"])
    shown = shown.assign(
        target=[format_value(v, u) for v, u in zip(shown.target, shown.unit, strict=True)],
        achieved=[format_value(v, u) for v, u in zip(shown.achieved, shown.unit, strict=True)],
        relative_gap=[f"{g:+.1%}" if g == g and g is not None else "" for g in shown.relative_gap],
    )
    mix = report["calculation_mix"].assign(
        share=[f"{v:.1%}" for v in report["calculation_mix"].share]
    )
    out = [
        "# Calibration report",
        "",
        f"Population: {families:,} families{_entrants(metadata)}, seed {seed}, date {date}, "
        f"{metadata.get('weights')} weights; model {metadata.get('model_version')}, "
        f"parameters {metadata.get('parameters_digest')}, "
        f"assumptions {metadata.get('assumptions_digest')}.",
        "",
        "Fitted targets are matched by the calibration weights (within 2%); generator_fitted "
        "ones by documented distributions of the population (simulator/population/fit.py: "
        "money due by service and the Collect and Pay paying parents due to pay, never by "
        "the weights); compared ones are not fitted (other vintages, conflicting sources, or "
        "validation rows) and their gaps are reported as they are. Money due is the weekly "
        "liability at the population date x 13, in GBP million a quarter. The full list, "
        "with sources, is in calibration_report.csv.",
        "",
        markdown_table(shown[TARGET_COLUMNS]),
        "## Model outputs with no published figure: the CMS calculation mix",
        "",
        "Shares of CMS arrangements with an ongoing liability by rate and by gross weekly "
        "income (declared), for all CMS and for each service; these rest on the assumptions "
        "below and on the fitted money due, since the calculation mix is not published in "
        "the sources available.",
        "",
        markdown_table(mix),
        *liabilities_markdown(report.get("liabilities")),
        *margin_markdown(report.get("benefits_at_the_margin")),
        *behaviour_markdown(report.get("behaviour")),
        "## Unfitted assumptions (no published source)",
        "",
        markdown_table(report["assumptions"][ASSUMPTION_COLUMNS]),
    ]
    return "\n".join(out)


def _entrants(metadata: Mapping) -> str:
    """The entrants the population also holds, if any (not in the figures)."""
    entrants = int(metadata.get("entrants") or 0)
    if not entrants:
        return ""
    return (
        f" (and {entrants:,} who separate in the {metadata.get('entrant_months')} months "
        "after its date, not in these figures)"
    )


def liabilities_markdown(liabilities: pd.DataFrame | None) -> list[str]:
    """The liabilities-by-service section's lines (none without the table)."""
    if liabilities is None:
        return []
    shown = liabilities[list(LIABILITY_COLUMNS)].rename(columns=LIABILITY_COLUMNS)
    for column in shown.columns[1:]:
        shown[column] = [format_value(v, "") for v in shown[column]]
    return [
        "## Liabilities by service at the population date",
        "",
        "Arrangements with an ongoing liability (arrears-only Collect and Pay cases owe "
        "nothing), the average statutory weekly liability per arrangement, the money due in "
        "a quarter (A14a-c) and the paying parents' median gross weekly income as the "
        "calculation uses it (each paying parent once). DWP says Collect and Pay paying "
        "parents have lower incomes than Direct Pay ones (PQ 82228).",
        "",
        markdown_table(shown),
    ]


def margin_markdown(margin: pd.DataFrame | None) -> list[str]:
    """The benefits-at-the-margin section's lines (none without the table)."""
    if margin is None:
        return []
    shown = margin.assign(
        share=[f"{v:.1%}" for v in margin.share],
        mean_weekly_gbp=[f"{v:,.2f}" for v in margin.mean_weekly_gbp],
    )
    return [
        "## Benefits at the margin at the population date",
        "",
        "Share of households getting each, and the mean weekly amount among them: "
        "Scottish Child Payment and the Warm Home Discount paid; the net earnings the "
        "Universal Credit minimum income floor assumes above a self-employed claimant's "
        "own; the rent above the Local Housing Allowance of the household's rental area "
        "(private renters on Universal Credit).",
        "",
        markdown_table(shown),
    ]


def behaviour_markdown(behaviour: pd.DataFrame | None) -> list[str]:
    """The behaviour section's lines (none without a behaviour table)."""
    if behaviour is None:
        return []
    shown = behaviour.assign(
        published=[format_value(v, "share") for v in behaviour.published],
        simulated_fit_window=[format_value(v, "share") for v in behaviour.simulated_fit_window],
        simulated_last_year=[format_value(v, "share") for v in behaviour.simulated_last_year],
    )
    return [
        "## Behaviour: compliance and service moves (monthly dynamics)",
        "",
        "Four parameters of the compliance model are fitted (`cms-sim fit-behaviour`) so that "
        "the baseline reproduces the published Collect and Pay compliance shares, the Direct "
        "Pay survey share and the Direct Pay to Collect and Pay move rate (per month). These "
        "figures are therefore inputs, not validation. Other quarters of the same series and "
        "the payment-method mix are compared, not fitted. 'Fit window': the whole quarters "
        "of the first months the fit uses; 'last year': the last four quarters of a 24-month "
        "run, showing how far the baseline drifts from the fitted level as cases age.",
        "",
        markdown_table(shown[BEHAVIOUR_COLUMNS]),
    ]
