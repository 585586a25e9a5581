"""The sources of every number: the statutory parameters in force on a date
and the assumption register, as tables with their references and links
(``cms-sim parameters``, the dashboard's "Assumptions and sources")."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pandas as pd

from simulator.inputs.assumptions import AssumptionSet, load_assumptions
from simulator.inputs.parameters import ParameterSet, load_parameters
from simulator.reports.formatting import show_value

__all__ = ["assumption_table", "parameter_table"]


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
