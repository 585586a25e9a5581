"""The calibration report: every target beside the population's value, the
assumptions no published figure pins down, the calculation mix (all CMS and
by service), the liabilities by service (average weekly liability, money
due, paying parents' median income) and the benefits at the margin (who gets
Scottish Child Payment, the Warm Home Discount, who is held to the minimum
income floor, and the Local Housing Allowance shortfall)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from simulator.inputs.assumptions import AssumptionSet, load_assumptions
from simulator.population.frame import COLLECT_AND_PAY, DIRECT_PAY, Population
from simulator.population.liabilities import cms_liabilities
from simulator.population.targets import (
    FIT_TOLERANCE,
    MILLION,
    WEEKS_IN_QUARTER,
    Target,
    load_targets,
    measure,
)
from simulator.reports.formatting import show_value

__all__ = [
    "SERVICE_GROUPS",
    "benefits_at_the_margin",
    "calculation_mix",
    "calibration_report",
    "liabilities_by_service",
]

#: The groups of CMS arrangements the mix and the liabilities are shown for.
SERVICE_GROUPS = ("all CMS", "Direct Pay", "Collect and Pay")


def calibration_report(
    pop: Population, targets: list[Target] | None = None, assumptions: AssumptionSet | None = None
) -> dict[str, pd.DataFrame]:
    """Every target with the population's value, the gap and its treatment;
    the assumptions with no published source; and model outputs the published
    statistics do not give (the calculation mix and the liabilities by
    service)."""
    targets = load_targets() if targets is None else targets
    rows = []
    for t in targets:
        achieved = measure(pop, t.measure) if t.measure else None
        gap = None if achieved is None or t.value is None else achieved - t.value
        relative = None if gap is None or not t.value else gap / t.value
        rows.append(
            {
                "id": t.id,
                "quantity": t.quantity,
                "target": t.value,
                "achieved": achieved,
                "gap": gap,
                "relative_gap": relative,
                "treatment": t.treatment,
                "within_2pct": None if relative is None else abs(relative) <= FIT_TOLERANCE,
                "role": t.role,
                "unit": "share" + t.unit.strip()[len("percent") :]
                if t.unit.strip().startswith("percent")
                else t.unit,
                "period": t.period,
                "source": t.source_title,
                "source_url": t.source_url,
                "note": t.note,
            }
        )
    assumptions = assumptions or load_assumptions()
    unfitted = pd.DataFrame(
        [
            {
                "assumption": a.path,
                "label": a.label,
                "central": show_value(a.central),
                "low": show_value(a.low),
                "high": show_value(a.high),
                "unit": a.unit,
                "reasoning": a.reasoning,
            }
            for a in (assumptions[k] for k in assumptions)
            if a.basis == "assumption"
        ]
    )
    return {
        "targets": pd.DataFrame(rows),
        "assumptions": unfitted,
        "calculation_mix": calculation_mix(pop),
        "liabilities": liabilities_by_service(pop),
        "benefits_at_the_margin": benefits_at_the_margin(pop),
    }


def _groups(pop: Population, family_index: np.ndarray) -> dict[str, np.ndarray]:
    """Masks over ``family_index`` (CMS families) for each of SERVICE_GROUPS."""
    service = pop.service[family_index]
    return {
        "all CMS": np.ones(len(family_index), dtype=bool),
        "Direct Pay": service == DIRECT_PAY,
        "Collect and Pay": service == COLLECT_AND_PAY,
    }


def calculation_mix(pop: Population) -> pd.DataFrame:
    """CMS arrangements with an ongoing liability by rate and by band of gross
    weekly income (declared), for all CMS and each service, from the rules
    engine: model output resting on assumptions, since DWP publishes no
    calculation mix in the sources available (statistics.md A)."""
    liability = cms_liabilities(pop)
    weight = pop.weight[liability["family_index"]]
    rows = []
    for group, mask in _groups(pop, liability["family_index"]).items():
        frame = pd.DataFrame(
            {
                "rate": liability["rate"][mask],
                "gross weekly income": liability["income_band"][mask],
                "weight": weight[mask],
            }
        )
        total = frame.weight.sum()
        for breakdown in ("rate", "gross weekly income"):
            for category, value in frame.groupby(breakdown)["weight"].sum().items():
                rows.append(
                    {
                        "service": group,
                        "breakdown": breakdown,
                        "category": category,
                        "share": value / total,
                    }
                )
    return pd.DataFrame(rows)


def _weighted_median(values: np.ndarray, weights: np.ndarray) -> float:
    if len(values) == 0:
        return float("nan")
    order = np.argsort(values, kind="stable")
    cumulative = np.cumsum(weights[order])
    return float(values[order][np.searchsorted(cumulative, cumulative[-1] / 2)])


def liabilities_by_service(pop: Population) -> pd.DataFrame:
    """For all CMS and each service at the population date: arrangements with
    an ongoing liability and their paying parents (weighted), the average
    weekly liability per arrangement, the money due in a quarter (GBP million,
    weekly x 13: A14a-c) and the paying parents' median gross weekly income
    (as the calculation uses it; each paying parent once)."""
    liability = cms_liabilities(pop)
    family = liability["family_index"]
    weight = pop.weight[family]
    weekly = liability["weekly_liability"]
    first = pop.receiving_parent_rank[family] == 0
    rows = []
    for group, mask in _groups(pop, family).items():
        arrangements = float(weight[mask].sum())
        parents = mask & first
        rows.append(
            {
                "service": group,
                "arrangements": arrangements,
                "paying_parents": float(weight[parents].sum()),
                "average_weekly_liability": float(np.sum(weight[mask] * weekly[mask]))
                / arrangements
                if arrangements
                else float("nan"),
                "due_quarter_gbp_m": float(np.sum(weight[mask] * weekly[mask]))
                * WEEKS_IN_QUARTER
                / MILLION,
                "median_gross_weekly_income": _weighted_median(
                    liability["gross_weekly_income"][parents], weight[parents]
                ),
            }
        )
    return pd.DataFrame(rows)


def benefits_at_the_margin(pop: Population) -> pd.DataFrame:
    """For the receiving and the paying households (each paying parent once):
    the weighted share of households getting Scottish Child Payment, the Warm
    Home Discount, held to the Universal Credit minimum income floor, and
    private renters on Universal Credit whose rent is above their Local
    Housing Allowance; and the mean weekly amount among them (the payment,
    the net earnings the floor assumes, the rent above the LHA)."""
    weeks = 52
    rows = []
    for side, label in (("rp", "receiving households"), ("pp", "paying households")):
        mask = (
            np.ones(len(pop.weight), dtype=bool) if side == "rp" else pop.receiving_parent_rank == 0
        )
        c = pop.columns
        on_uc = c[f"{side}_universal_credit"] > 0
        cap = c[f"{side}_lha_cap_monthly"]
        rent = c[f"{side}_rent_monthly"]
        short = on_uc & (cap > 0) & (rent > cap)
        amounts = {
            "Scottish Child Payment": c[f"{side}_scottish_child_payment"] / weeks,
            "Warm Home Discount": c[f"{side}_warm_home_discount"] / weeks,
            "held to the minimum income floor (net earnings assumed)": c[
                f"{side}_uc_assumed_earnings"
            ]
            / weeks,
            "rent above the Local Housing Allowance (on UC)": np.where(
                short, (rent - cap) * 12 / weeks, 0.0
            ),
        }
        weight = pop.weight[mask]
        for programme, weekly in amounts.items():
            hit = weekly[mask] > 0
            got = float(weight[hit].sum())
            rows.append(
                {
                    "households": label,
                    "programme": programme,
                    "share": got / float(weight.sum()),
                    "mean_weekly_gbp": float(np.average(weekly[mask][hit], weights=weight[hit]))
                    if got
                    else 0.0,
                }
            )
    return pd.DataFrame(rows)
