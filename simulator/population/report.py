"""The calibration report: every target beside the population's value, the
assumptions no published figure pins down, and the calculation mix."""

from __future__ import annotations

import pandas as pd

from simulator.inputs.assumptions import AssumptionSet, load_assumptions
from simulator.population.frame import Population
from simulator.population.liabilities import cms_liabilities
from simulator.population.targets import FIT_TOLERANCE, Target, load_targets, measure
from simulator.reports.formatting import show_value

__all__ = ["calculation_mix", "calibration_report"]


def calibration_report(
    pop: Population, targets: list[Target] | None = None, assumptions: AssumptionSet | None = None
) -> dict[str, pd.DataFrame]:
    """Every target with the population's value, the gap and its treatment;
    the assumptions with no published source; and model outputs the published
    statistics do not give (the calculation mix)."""
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
                "unit": "share" if t.unit.strip() == "percent" else t.unit,
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
    }


def calculation_mix(pop: Population) -> pd.DataFrame:
    """CMS cases by rate and by band of gross weekly income (declared), from
    the rules engine: model output resting on assumptions, since DWP publishes
    no calculation mix in the sources available (statistics.md A)."""
    liability = cms_liabilities(pop)
    weight = pop.weight[liability["family_index"]]
    frame = pd.DataFrame(
        {
            "rate": liability["rate"],
            "band": liability["income_band"],
            "weight": weight,
        }
    )
    by_rate = frame.groupby("rate")["weight"].sum()
    by_band = frame.groupby("band")["weight"].sum()
    total = weight.sum()
    rows = [{"breakdown": "rate", "category": k, "share": v / total} for k, v in by_rate.items()]
    rows += [
        {"breakdown": "gross weekly income", "category": k, "share": v / total}
        for k, v in by_band.items()
    ]
    return pd.DataFrame(rows)
