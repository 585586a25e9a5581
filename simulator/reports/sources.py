"""The sources of every number: the statutory parameters in force on a date
and the assumption register, as tables with their references and links
(``cms-sim parameters``, the dashboard's "Assumptions and sources")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from simulator.inputs.assumptions import AssumptionSet, load_assumptions
from simulator.inputs.parameters import ParameterSet, load_parameters
from simulator.outcomes.labels import unit_text
from simulator.reports.formatting import show_value, show_with_unit

__all__ = ["assumption_table", "parameter_table", "readable_assumptions", "readable_parameters"]

#: A parameter's period, as its value is read ("£27.05 a week").
PERIODS = {"week": "a week", "month": "a month", "year": "a year"}


def parameter_table(parameters: ParameterSet | None = None, when: Any = None) -> pd.DataFrame:
    """Every statutory parameter: value in force on ``when``, unit, the date it
    took effect and its legal references."""
    parameters = parameters or load_parameters()
    when = when or dt.date.today()
    rows = []
    for path, parameter in parameters.items():
        entry = parameter.entry_at(
            dt.date.fromisoformat(str(when)) if isinstance(when, str) else when
        )
        value = None if entry is None else entry.value
        rows.append(
            {
                "parameter": path,
                "label": parameter.label,
                "value": "(not in force)" if value is None else show_value(value),
                "unit": parameter.unit,
                "period": parameter.period or "",
                "in_force_from": "" if entry is None else entry.start.isoformat(),
                "reference": "" if entry is None else "; ".join(r.title for r in entry.references),
                "link": ""
                if entry is None
                else next((r.href for r in entry.references if r.href), ""),
            }
        )
    return pd.DataFrame(rows)


def assumption_table(assumptions: AssumptionSet | None = None) -> pd.DataFrame:
    """Every assumption: central value, range, unit, basis, source and reasoning."""
    assumptions = assumptions or load_assumptions()
    rows = []
    for path in assumptions:
        a = assumptions[path]
        rows.append(
            {
                "assumption": path,
                "label": a.label,
                "central": show_value(a.central),
                "low": show_value(a.low),
                "high": show_value(a.high),
                "unit": a.unit,
                "basis": a.basis,
                "source": "; ".join(s.title for s in a.sources),
                "link": next((s.href for s in a.sources if s.href), ""),
                "reasoning": a.reasoning,
            }
        )
    return pd.DataFrame(rows)


def _in_words(value: Any, unit: str) -> str:
    """A value with its unit in words: "£27.05", "4.0%", "12 months"."""
    shown = show_with_unit(value, unit)
    return (
        shown.removesuffix(f" {unit}") + f" {unit_text(unit)}"
        if shown.endswith(unit) and unit not in ("", "count")
        else shown
    )


def readable_parameters(parameters: ParameterSet | None = None, when: Any = None) -> pd.DataFrame:
    """The dashboard's table of :func:`parameter_table`: each parameter by its
    name, its value in force with its unit in words ("£27.05 a week", "4.0%"),
    the date it took effect, its reference and link, and last the key it has
    in the parameter files."""
    parameters = parameters or load_parameters()
    day = dt.date.fromisoformat(str(when)) if isinstance(when, str) else (when or dt.date.today())
    table = parameter_table(parameters, day)
    shown = []
    for path in table.parameter:
        parameter = parameters[path]
        entry = parameter.entry_at(day)
        if entry is None:
            shown.append("(not in force)")
            continue
        period = PERIODS.get(parameter.period or "", "")
        shown.append(" ".join(filter(None, [_in_words(entry.value, parameter.unit), period])))
    return pd.DataFrame(
        {
            "Parameter": table.label,
            "Value": shown,
            "In force from": table.in_force_from,
            "Legal reference": table.reference,
            "link": table.link,
            "Key in the parameter files": table.parameter,
        }
    )


def readable_assumptions(assumptions: AssumptionSet | None = None) -> pd.DataFrame:
    """The dashboard's table of :func:`assumption_table`: each assumption by
    its name, its central value and range with the unit in words, its basis,
    source, link and reasoning, and last its key in the register."""
    assumptions = assumptions or load_assumptions()
    table = assumption_table(assumptions)
    items = [assumptions[p] for p in table.assumption]
    return pd.DataFrame(
        {
            "Assumption": table.label,
            "Central": [_in_words(a.central, a.unit) for a in items],
            "Range": [f"{_in_words(a.low, a.unit)} to {_in_words(a.high, a.unit)}" for a in items],
            "Basis": table.basis,
            "Source": table.source,
            "link": table.link,
            "Reasoning": table.reasoning,
            "Key in the register": table.assumption,
        }
    )
