"""What the dashboard needs from the model, without Streamlit: the default
population, the reform levers and the scenario they make, stacking, and a
plain-English summary of a scenario (the tables of parameters and assumptions
are in ``simulator.reports.sources``).

``app.py`` and ``dashboard/`` only lay these out; every number comes from here,
and every scenario — shipped, stacked, built from levers or uploaded — goes
through the same validation as ``cms-sim``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from simulator.reports.formatting import show_with_unit
from simulator.scenarios.load import SCENARIO_FOLDER, Scenario, load_scenario

__all__ = [
    "DEFAULT_FAMILIES",
    "LEVERS",
    "Lever",
    "changed_levers",
    "describe",
    "lever_defaults",
    "lever_scenario_text",
    "shipped_scenarios",
    "stacked_scenario_text",
]

#: The dashboard's bundled population: synthesised on start from this seed (no
#: download), large enough for stable headline figures, small enough that a
#: new scenario is compared in about a second.
DEFAULT_FAMILIES = 20_000


@dataclass(frozen=True)
class Lever:
    """One control of the custom reform: a statutory parameter, an assumption
    or a switch. ``scale`` converts the stored value to what is shown (100 for
    percentages)."""

    key: str
    label: str
    kind: str  # parameter | assumption | switch
    target: str
    minimum: float = 0.0
    maximum: float = 1.0
    step: float = 0.01
    scale: float = 1.0
    unit: str = ""
    index: int | None = None  # an element of a list-valued parameter
    help: str = ""


LEVERS = (
    Lever(
        "rp_fee",
        "Receiving parent's collection fee",
        "parameter",
        "fees.collection.receiving_parent_rate",
        0,
        20,
        0.5,
        100,
        "%",
    ),
    Lever(
        "pp_fee",
        "Paying parent's collection fee",
        "parameter",
        "fees.collection.paying_parent_rate",
        0,
        40,
        0.5,
        100,
        "%",
    ),
    Lever(
        "pp_fee_compliant",
        "Paying parent's fee when paying in full",
        "parameter",
        "fees.collection.compliant_paying_parent_rate",
        0,
        40,
        0.5,
        100,
        "%",
        help="Applies where lower than the paying parent's fee.",
    ),
    Lever("direct_pay", "Direct Pay available", "parameter", "service.direct_pay.available"),
    Lever(
        "lifestyle",
        "Count lifestyle-inconsistent income",
        "parameter",
        "variations.lifestyle_income.available",
    ),
    Lever(
        "lifestyle_detection",
        "Lifestyle cases detected a year",
        "assumption",
        "behaviour.reform.lifestyle_detection_annual",
        0,
        100,
        1,
        100,
        "%",
    ),
    Lever(
        "lifestyle_share",
        "Share of hidden income counted",
        "assumption",
        "behaviour.reform.lifestyle_share_of_gap",
        0,
        100,
        5,
        100,
        "%",
    ),
    Lever(
        "rti", "Reassess from monthly payroll data after a job change", "switch", "rti_reassessment"
    ),
    Lever(
        "deo_reissue",
        "Re-issue deduction orders automatically on a new job",
        "switch",
        "automatic_deo_reissue",
    ),
    Lever(
        "admin_lo",
        "Administrative liability orders",
        "parameter",
        "service.liability_orders.administrative",
    ),
    Lever(
        "deo_setup",
        "Months to set up a deduction order",
        "assumption",
        "behaviour.enforcement.deduction_order_setup_delay",
        0,
        6,
        0.25,
    ),
    Lever(
        "sanctions",
        "Sanctions referrals a year after a liability order",
        "assumption",
        "behaviour.enforcement.sanction_referral_prob_given_lo",
        0,
        100,
        1,
        100,
        "%",
    ),
    Lever("flat_rate", "Flat rate", "parameter", "rates.flat_rate.amount", 0, 50, 1, 1, "£ a week"),
    *(
        Lever(
            f"basic_{k + 1}",
            f"Basic rate, {children}",
            "parameter",
            "rates.basic_rate.percentages",
            0,
            40,
            0.5,
            100,
            "%",
            index=k,
        )
        for k, children in enumerate(("one child", "two children", "three or more children"))
    ),
)
LEVER_BY_KEY = {lever.key: lever for lever in LEVERS}
#: What each structural switch does, in plain English.
SWITCH_TEXT = {
    "rti_reassessment": "pay changes are picked up from monthly payroll data",
    "automatic_deo_reissue": "deduction orders are re-issued automatically on a new job",
}


def shipped_scenarios(folder: Path = SCENARIO_FOLDER) -> dict[str, Scenario]:
    """The scenario files in ``scenarios/``, baseline first, by key."""
    paths = sorted(folder.glob("*.yaml"), key=lambda p: (p.stem != "baseline", p.stem))
    return {p.stem: load_scenario(p) for p in paths}


def lever_defaults(baseline: Scenario) -> dict[str, Any]:
    """Each lever's value in the baseline at its start date (as stored)."""
    p = baseline.parameters.at(baseline.start)
    out = {}
    for lever in LEVERS:
        if lever.kind == "parameter":
            value = p.get(lever.target)
            out[lever.key] = float(value[lever.index]) if lever.index is not None else value
        elif lever.kind == "assumption":
            out[lever.key] = baseline.assumptions.value(lever.target)
        else:
            out[lever.key] = getattr(baseline.switches, lever.target)
    return out


def changed_levers(baseline: Scenario, values: dict[str, Any]) -> dict[str, Any]:
    """The levers in ``values`` set away from the baseline's value."""
    defaults = lever_defaults(baseline)
    return {k: v for k, v in values.items() if not _same(v, defaults[k])}


def lever_scenario_text(
    baseline: Scenario, values: dict[str, Any], name: str = "Custom reform"
) -> str:
    """Scenario YAML for the levers that differ from the baseline (values as
    stored, not as shown); validated like any file when loaded."""
    changed = changed_levers(baseline, values)
    p = baseline.parameters.at(baseline.start)
    changes: list[dict] = []
    lists: dict[str, list] = {}
    for lever in LEVERS:
        if lever.key not in changed:
            continue
        value = changed[lever.key]
        if lever.kind == "parameter" and lever.index is not None:
            current = lists.setdefault(lever.target, [float(v) for v in p.get(lever.target)])
            current[lever.index] = float(value)
            continue
        if lever.kind == "parameter":
            changes.append(
                {
                    "parameter": lever.target,
                    "from": baseline.start.isoformat(),
                    "value": _plain(value),
                }
            )
        elif lever.kind == "assumption":
            changes.append({"assumption": lever.target, "value": _plain(value)})
        else:
            changes.append({"switch": lever.target, "value": bool(value)})
    for target, value in lists.items():
        changes.append({"parameter": target, "from": baseline.start.isoformat(), "value": value})
    return _scenario_yaml(
        baseline,
        name,
        "A reform built from the dashboard's levers: "
        + ("; ".join(_change_label(c) for c in changes) if changes else "no change")
        + ".",
        changes,
    )


def stacked_scenario_text(baseline: Scenario, scenarios: list[Scenario]) -> str:
    """One scenario applying the changes of ``scenarios`` in order (later ones
    follow earlier ones; two that disagree for the same period are refused by
    the validation, as in a file)."""
    changes = [c.as_dict() for s in scenarios for c in s.changes]
    return _scenario_yaml(
        baseline,
        " + ".join(s.name for s in scenarios),
        "Stacked: " + " Then: ".join(s.description for s in scenarios),
        changes,
    )


def _scenario_yaml(baseline: Scenario, name: str, description: str, changes: list[dict]) -> str:
    tree = {
        "name": name,
        "description": description,
        "author": "dashboard user",
        "reference": "built in the dashboard",
        "start": baseline.start.isoformat(),
        "months": baseline.months,
        "seed": baseline.seed,
        "changes": changes,
    }
    return yaml.safe_dump(tree, sort_keys=False, allow_unicode=True)


def describe(scenario: Scenario, baseline: Scenario) -> list[str]:
    """Plain-English lines saying what ``scenario`` changes, from the
    parameter and assumption metadata (labels, units, values before and after)."""
    lines = []
    for c in scenario.changes:
        if c.kind == "parameter":
            parameter = baseline.parameters[c.target]
            try:
                before = baseline.parameters.at(c.start).get(c.target)
            except ValueError:
                before = None
            until = f" until {c.until:%d %B %Y}" if c.until else ""
            lines.append(
                f"{parameter.label}: {show_with_unit(before, parameter.unit)} → "
                f"{show_with_unit(c.value, parameter.unit)} from {c.start:%d %B %Y}{until}."
            )
        elif c.kind == "assumption":
            item = baseline.assumptions[c.target]
            before = show_with_unit(baseline.assumptions.value(c.target), item.unit)
            lines.append(
                f"{item.label} (assumption): {before} → {show_with_unit(c.value, item.unit)}."
            )
        else:
            doc = SWITCH_TEXT[c.target]
            lines.append(f"{'Switched on' if c.value else 'Switched off'}: {doc}.")
    return lines or ["No change from current law."]


def _change_label(change: dict) -> str:
    kind = next(k for k in ("parameter", "assumption", "switch") if k in change)
    return f"{change[kind]} = {change['value']}"


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return bool(a) == bool(b)
    return bool(np.isclose(float(a), float(b), rtol=0, atol=1e-12))


def _plain(value: Any) -> Any:
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | np.integer):
        return int(value)
    return float(value)
