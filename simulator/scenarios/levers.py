"""What the dashboard needs from the model, without Streamlit: the default
population, the reform levers and the scenario they make, stacking, and a
plain-English summary of a scenario (the tables of parameters and assumptions
are in ``simulator.reports.sources``).

``app.py`` and ``dashboard/`` only lay these out; every number comes from here,
and every scenario — shipped, stacked, built from levers or uploaded — goes
through the same validation as ``cms-sim``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import yaml

from simulator.errors import SimulatorError
from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.parameters import load_parameters
from simulator.inputs.switches import Switches
from simulator.inputs.yamlio import YamlError, read_yaml
from simulator.reports.formatting import show_with_unit
from simulator.resources import display_path
from simulator.scenarios import formula_review
from simulator.scenarios.load import SCENARIO_FOLDER, Scenario, load_scenario

__all__ = [
    "DEFAULT_FAMILIES",
    "FAMILY_CHOICES",
    "Lever",
    "LeverError",
    "changed_levers",
    "describe",
    "lever_by_key",
    "lever_defaults",
    "lever_scenario_text",
    "lever_table",
    "load_levers",
    "shipped_scenarios",
    "stacked_scenario_text",
    "switch_summary",
    "with_horizon_text",
]

#: The dashboard's bundled population: synthesised on start from this seed (no
#: download), large enough for stable headline figures, small enough that a
#: new scenario is compared in about a second.
DEFAULT_FAMILIES = 20_000
#: The population sizes the dashboard offers: more families, less sampling
#: error, slower. Measured on the 2-core machine (issue 18), a comparison of one
#: reform with current law and its channels: 2.3 s on 20,000 families, 4.6 s on
#: 50,000, 9.7 s on 100,000 (the command line's default).
FAMILY_CHOICES = (20_000, 50_000, 100_000)


@dataclass(frozen=True)
class Lever:
    """One control of the custom reform: a statutory parameter, an assumption,
    a switch, or a value the law is derived from (``derived``: see
    :data:`DERIVED`). ``scale`` converts the stored value to what is shown (100
    for percentages); ``help`` is the one-line explanation the dashboard lists."""

    key: str
    label: str
    kind: str  # parameter | assumption | switch | derived
    target: str
    minimum: float = 0.0
    maximum: float = 1.0
    step: float = 0.01
    scale: float = 1.0
    unit: str = ""
    index: int | None = None  # an element of a list-valued parameter
    help: str = ""
    summary: str = ""  # for a switch: what switching it on does


#: The levers file shipped with the package (read with importlib.resources).
LEVERS_FILE = "levers.yaml"
_KINDS = ("parameter", "assumption", "switch", "derived")
#: Derived levers: a name, its value in a law, and the statutory parameters
#: (name -> value) that give a chosen value; the derivation is stated in its module.
DERIVED = {
    "cost_of_a_child_share": (formula_review.implied_share, formula_review.rates_for_share),
}
#: The longest one-line explanation of a lever (characters): a tooltip and a
#: row of the dashboard's list of levers, not a paragraph.
HELP_LIMIT = 240
_FIELDS = {"label", *_KINDS, "range", "step", "scale", "unit", "index", "help", "summary"}


class LeverError(SimulatorError):
    """A levers file that cannot be used: names the file, line and field."""


def load_levers(path: str | Path | None = None) -> tuple[Lever, ...]:
    """The dashboard's levers, in order, from ``path`` (default: the package's
    ``simulator/scenarios/levers.yaml``); every target is checked against the
    statutory parameters, the assumption register and the switches."""
    if path is None:
        return _shipped_levers()
    return _read_levers(Path(path))


@functools.cache
def _shipped_levers() -> tuple[Lever, ...]:
    return _read_levers(Path(str(resources.files("simulator.scenarios") / LEVERS_FILE)))


def _read_levers(path: Path) -> tuple[Lever, ...]:
    shown = display_path(path)
    try:
        tree = read_yaml(path)
    except YamlError as exc:
        raise LeverError(f"{shown}: {str(exc).split(': ', 1)[-1]}") from None
    if not isinstance(tree, dict) or not tree:
        raise LeverError(f"{shown}: the file must be a mapping of lever names to levers")
    parameters, assumptions = load_parameters(), load_assumptions()
    known = {
        "parameter": lambda t: t in parameters,
        "assumption": lambda t: t in assumptions,
        "switch": lambda t: t in Switches.names(),
        "derived": lambda t: t in DERIVED,
    }
    return tuple(
        _lever(str(key), item, f"{shown}, line {tree.line_of(key)}: lever '{key}'", known)
        for key, item in tree.items()
    )


def _lever(key: str, item, where: str, known) -> Lever:
    """One lever of the file; ``where`` names it in errors."""

    def fail(problem: str) -> LeverError:
        return LeverError(f"{where}: {problem}")

    if not isinstance(item, dict):
        raise fail("must be a mapping of fields (label, parameter, range, ...)")
    unknown = sorted(set(item) - _FIELDS)
    if unknown:
        raise fail(f"unknown field '{unknown[0]}'; use {', '.join(sorted(_FIELDS))}")
    kinds = [k for k in _KINDS if k in item]
    if len(kinds) != 1:
        raise fail("give exactly one of parameter, assumption, switch or derived")
    kind = kinds[0]
    if not known[kind](item[kind]):
        raise fail(f"no {kind} '{item[kind]}'")
    if not isinstance(item.get("label"), str):
        raise fail("needs a label (text)")
    explanation = item.get("help", item.get("summary")) if kind == "switch" else item.get("help")
    if not isinstance(explanation, str) or not explanation.strip():
        raise fail("needs help: a one-line explanation of what the lever changes")
    if len(" ".join(explanation.split())) > HELP_LIMIT:
        raise fail(f"help is a one-line explanation: at most {HELP_LIMIT} characters")
    index = item.get("index")
    if index is not None and (isinstance(index, bool) or not isinstance(index, int) or index < 0):
        raise fail("index must be a whole number from 0")
    bounds = item.get("range", (0.0, 1.0))
    if not isinstance(bounds, list | tuple) or len(bounds) != 2:
        raise fail("range must be [lowest, highest]")
    low, high = bounds
    numbers = [low, high, item.get("step", 0.01), item.get("scale", 1.0)]
    if not all(isinstance(x, int | float) and not isinstance(x, bool) for x in numbers):
        raise fail("range, step and scale must be numbers")
    return Lever(
        key=key,
        label=item["label"],
        kind=kind,
        target=item[kind],
        minimum=low,
        maximum=high,
        step=item.get("step", 0.01),
        scale=item.get("scale", 1.0),
        unit=str(item.get("unit", "")),
        index=index,
        help=" ".join(explanation.split()),
        summary=str(item.get("summary", "")),
    )


def lever_by_key() -> dict[str, Lever]:
    return {lever.key: lever for lever in load_levers()}


def switch_summary(name: str) -> str:
    """What switching ``name`` on does, in plain English (from its lever)."""
    for lever in load_levers():
        if lever.kind == "switch" and lever.target == name:
            return lever.summary
    return name.replace("_", " ")


def shipped_scenarios(folder: Path = SCENARIO_FOLDER) -> dict[str, Scenario]:
    """The scenario files in ``scenarios/``, baseline first, by key."""
    paths = sorted(folder.glob("*.yaml"), key=lambda p: (p.stem != "baseline", p.stem))
    return {p.stem: load_scenario(p) for p in paths}


def lever_defaults(baseline: Scenario) -> dict[str, Any]:
    """Each lever's value in the baseline at its start date (as stored)."""
    p = baseline.parameters.at(baseline.start)
    out = {}
    for lever in load_levers():
        if lever.kind == "parameter":
            value = p.get(lever.target)
            out[lever.key] = float(value[lever.index]) if lever.index is not None else value
        elif lever.kind == "assumption":
            out[lever.key] = baseline.assumptions.value(lever.target)
        elif lever.kind == "derived":
            out[lever.key] = DERIVED[lever.target][0](p)
        else:
            out[lever.key] = getattr(baseline.switches, lever.target)
    return out


def lever_value_text(number: float, unit: str) -> str:
    """A lever's value with its unit as read: "£3,000 a week", "4%",
    "0.5% per £", "12 months"."""
    if unit.startswith("£"):
        return f"£{number:,.10g}{unit[1:]}"
    if unit.startswith("%"):
        return f"{number:g}{unit}"
    return f"{number:g} {unit}".strip()


def lever_table(baseline: Scenario) -> pd.DataFrame:
    """Every lever of a custom reform, in order: what it changes, its value
    today (as shown), its range and its one-line explanation."""
    defaults = lever_defaults(baseline)
    names = {"parameter": "law", "assumption": "assumption", "switch": "switch", "derived": "law"}
    rows = []
    for lever in load_levers():
        today = defaults[lever.key]
        if isinstance(today, bool | np.bool_):
            shown, bounds = ("on" if today else "off"), "on / off"
        else:
            shown = lever_value_text(float(today) * lever.scale, lever.unit)
            low, high = (lever_value_text(v, lever.unit) for v in (lever.minimum, lever.maximum))
            bounds = f"{low} to {high}"
        rows.append(
            {
                "lever": lever.label,
                "changes": f"{names[lever.kind]}: {lever.target}",
                "today": shown,
                "range": bounds,
                "what it does": lever.help,
            }
        )
    return pd.DataFrame(rows)


def changed_levers(baseline: Scenario, values: dict[str, Any]) -> dict[str, Any]:
    """The levers in ``values`` set away from the baseline's value."""
    defaults = lever_defaults(baseline)
    return {k: v for k, v in values.items() if not _same(v, defaults[k])}


def lever_scenario_text(
    baseline: Scenario,
    values: dict[str, Any],
    name: str = "Custom reform",
    effective: dt.date | None = None,
) -> str:
    """Scenario YAML named ``name`` for the levers that differ from the
    baseline (values as stored, not as shown; compared with the baseline's
    values at its start), its changes to the law in force from ``effective``
    (default the baseline's start: a comparison from another date passes its
    own, so that the reform runs from its first month); validated like any file
    when loaded."""
    changed = changed_levers(baseline, values)
    p = baseline.parameters.at(baseline.start)
    since = (effective or baseline.start).isoformat()
    changes: list[dict] = []
    # derived levers first: the parameters they set, which a lever for one of
    # those parameters (or one element of it) then overrides
    lists: dict[str, list] = {}
    for lever in load_levers():
        if lever.kind == "derived" and lever.key in changed:
            lists.update(DERIVED[lever.target][1](p, float(changed[lever.key])))
    for lever in load_levers():
        if lever.key not in changed or lever.kind == "derived":
            continue
        value = changed[lever.key]
        if lever.kind == "parameter" and lever.target in lists and lever.index is None:
            lists.pop(lever.target)
        if lever.kind == "parameter" and lever.index is not None:
            current = lists.setdefault(lever.target, [float(v) for v in p.get(lever.target)])
            current[lever.index] = float(value)
            continue
        if lever.kind == "parameter":
            changes.append(
                {
                    "parameter": lever.target,
                    "from": since,
                    "value": _plain(value),
                }
            )
        elif lever.kind == "assumption":
            changes.append({"assumption": lever.target, "value": _plain(value)})
        else:
            changes.append({"switch": lever.target, "value": bool(value)})
    for target, value in lists.items():
        changes.append({"parameter": target, "from": since, "value": value})
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


#: A top-level field of a scenario text: its line (at the start of a line, as
#: YAML writes a mapping's keys), its value and any comment after it.
_TOP_FIELD = r"^{field}:[ \t]*(?P<value>[^#\n]*?)[ \t]*(?P<comment>#[^\n]*)?$"


def with_horizon_text(text: str, start: dt.date, months: int) -> str:
    """A scenario text run from ``start`` for ``months`` months: its top-level
    ``start:`` and ``months:`` lines rewritten, keeping the rest (comments too);
    the same text if they already say so. A text without them is returned as it
    is, for its validation to report."""
    for field, wanted in (("start", start.isoformat()), ("months", str(months))):

        def rewritten(found: re.Match, field: str = field, wanted: str = wanted) -> str:
            if found["value"].strip("'\"") == wanted:
                return found[0]
            comment = f"  {found['comment']}" if found["comment"] else ""
            return f"{field}: {wanted}{comment}"

        text = re.sub(_TOP_FIELD.format(field=field), rewritten, text, count=1, flags=re.M)
    return text


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
            doc = switch_summary(c.target)
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
