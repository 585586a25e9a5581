"""Reform scenarios: YAML files of dated changes, validated before anything runs.

A scenario file (``scenarios/*.yaml``) is data only, read with a safe YAML
loader::

    name: Scrap the receiving parent's 4% fee
    description: Receiving parents on Collect and Pay keep all that is collected.
    author: ...
    reference: ...
    start: 2026-05-01          # first simulated month
    months: 24                 # horizon
    seed: 20260401             # population and behaviour draws
    base: another.yaml         # optional: stack this scenario on another one
    one_off_costs:             # optional: one-off costs to government it declares
      - description: Building the new collection system
        gbp: 50000000          # GBP, positive
        year: 2027             # the calendar year it falls in
        source: where the figure comes from (a publication, or "assumption: ...")
    changes:
      - parameter: fees.collection.receiving_parent_rate   # statutory, dated
        from: 2026-05-01
        until: 2027-04-30      # optional; the previous schedule resumes after
        value: 0.0
      - assumption: behaviour.enforcement.alo_duration     # behavioural override
        value: 0.5
      - switch: rti_reassessment                           # structural reform
        value: true

:func:`load_scenario` takes a file, or the bare name of a shipped scenario
(``baseline``, ``scrap-receiving-parent-fee.yaml``: the files of the top-level
``scenarios/``, shipped inside the package), so that ``cms-sim compare baseline
formula-refresh`` works in any folder; a ``base`` that is not next to the file
may also name a shipped scenario. It checks everything — fields, types, dates,
parameter and assumption names, units and valid ranges, switches, contradicting
changes, a file or base that does not exist or loops — and raises
:class:`ScenarioError` naming the file, the line and field, and the fix. Changes
are applied to copies of the parameter and assumption sets, so nothing is ever
partly applied.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from simulator.errors import SimulatorError
from simulator.inputs.assumptions import AssumptionError, AssumptionSet, load_assumptions
from simulator.inputs.parameters import ParameterError, ParameterSet, Reference, load_parameters
from simulator.inputs.switches import Switches
from simulator.inputs.yamlio import LineDict, YamlError, first_duplicate, read_yaml, read_yaml_text
from simulator.resources import (
    display_path,
    find_file,
    not_found,
    scenario_folder,
    shipped_file,
    shipped_names,
)

__all__ = [
    "SCENARIO_FOLDER",
    "Change",
    "OneOffCost",
    "Scenario",
    "ScenarioError",
    "horizon_problem",
    "load_scenario",
    "load_scenario_text",
    "scenario_file",
]

SCENARIO_FOLDER = scenario_folder()
REQUIRED = ("name", "description", "author", "reference", "start", "months", "seed")
OPTIONAL = ("base", "changes", "one_off_costs")
#: The fields of a declared one-off cost, and the years it may fall in.
ONE_OFF_FIELDS = ("description", "gbp", "year", "source")
ONE_OFF_YEARS = (2000, 2100)
#: Horizon limits (months): at least one, at most ten years.
MONTHS_RANGE = (1, 120)
#: First simulated months the model supports: from the start of the
#: tax-benefit parameters (tax year 2024-25; synthesise_population refuses an
#: earlier date) to about five years past the last dated statutory values
#: (April 2026): later, every rate and income is the register's uprating
#: projected forward, and far-future starts compound it without limit.
START_RANGE = (dt.date(2024, 4, 6), dt.date(2030, 12, 31))
#: A change's dates: not before the 2012 scheme began (10 December 2012, the
#: Child Support Maintenance Calculation Regulations 2012; cms-rules.md), and
#: not after 2100 (no run reaches it: latest start plus the longest horizon).
CHANGE_DATES = (dt.date(2012, 12, 10), dt.date(2100, 12, 31))
#: A calendar quarter ends in a month that is a multiple of this; a run must
#: reach one, as its compliance measures are quarterly (reporting.py).
MONTHS_IN_QUARTER = 3
KINDS = ("parameter", "assumption", "switch")
CHANGE_FIELDS = {
    "parameter": {"parameter", "from", "until", "value", "note"},
    "assumption": {"assumption", "value", "note"},
    "switch": {"switch", "value", "note"},
}


class ScenarioError(SimulatorError):
    """A scenario file that cannot be used: the message names the file, the line
    and field, what is wrong and how to fix it."""

    def __init__(self, file: str, line: int | None, field: str | None, problem: str, fix: str):
        where = file + (f", line {line}" if line else "")
        what = f" '{field}':" if field else ""
        super().__init__(f"{where}:{what} {problem}. Fix: {fix}")
        self.file, self.line, self.field, self.problem, self.fix = file, line, field, problem, fix


@dataclass(frozen=True)
class Change:
    kind: str  # parameter | assumption | switch
    target: str
    value: Any
    start: dt.date | None = None
    until: dt.date | None = None
    note: str | None = None
    file: str = ""
    line: int | None = None

    def as_dict(self) -> dict:
        out: dict[str, Any] = {self.kind: self.target}
        if self.start is not None:
            out["from"] = self.start.isoformat()
        if self.until is not None:
            out["until"] = self.until.isoformat()
        out["value"] = self.value
        if self.note:
            out["note"] = self.note
        return out


@dataclass(frozen=True)
class OneOffCost:
    """A one-off cost to government a scenario declares (GBP, in ``year``),
    such as building a new collection system; shown beside the annual cost
    account, not in it."""

    description: str
    gbp: float
    year: int
    source: str

    def as_dict(self) -> dict:
        return {
            "description": self.description,
            "gbp": self.gbp,
            "year": self.year,
            "source": self.source,
        }


@dataclass(frozen=True)
class Scenario:
    """A validated scenario with its changes applied."""

    name: str
    description: str
    author: str
    reference: str
    start: dt.date
    months: int
    seed: int
    changes: tuple[Change, ...]
    file: str
    parameters: ParameterSet = field(repr=False, compare=False)
    assumptions: AssumptionSet = field(repr=False, compare=False)
    switches: Switches = field(default_factory=Switches)
    bases: tuple[str, ...] = ()
    #: one-off costs the scenario declares (its own; a base's are not inherited)
    one_off_costs: tuple[OneOffCost, ...] = ()

    @property
    def one_off_costs_gbp(self) -> float:
        """The one-off costs it declares, added up (GBP)."""
        return sum(c.gbp for c in self.one_off_costs)

    @property
    def key(self) -> str:
        """Short name for outputs: the file name without .yaml."""
        return Path(self.file).stem if self.file else self.name

    def resolved(self) -> dict:
        """The scenario as run: its fields and every change, base ones first."""
        return {
            "name": self.name,
            "description": self.description,
            "author": self.author,
            "reference": self.reference,
            "start": self.start.isoformat(),
            "months": self.months,
            "seed": self.seed,
            "file": self.file,
            "stacked_on": list(self.bases),
            "changes": [c.as_dict() for c in self.changes],
            "switches": {n: getattr(self.switches, n) for n in Switches.names()},
            **(
                {"one_off_costs": [c.as_dict() for c in self.one_off_costs]}
                if self.one_off_costs
                else {}
            ),
        }

    def resolved_yaml(self) -> str:
        return yaml.safe_dump(self.resolved(), sort_keys=False, allow_unicode=True)

    def with_horizon(self, start: dt.date, months: int, seed: int) -> Scenario:
        return replace(self, start=start, months=months, seed=seed)


def load_scenario(
    path: str | Path,
    parameters: ParameterSet | None = None,
    assumptions: AssumptionSet | None = None,
) -> Scenario:
    """Read and validate a scenario file (``path``, or the name of a shipped
    scenario: :func:`scenario_file`) and the files it stacks on, and apply its
    changes to copies of ``parameters`` and ``assumptions``."""
    return _load(
        scenario_file(path), parameters or load_parameters(), assumptions or load_assumptions(), ()
    )


def scenario_file(given: str | Path) -> Path:
    """The file a scenario argument names: ``given`` itself if it is a file;
    else, for a bare name (no folder part, with or without ``.yaml``), the
    shipped scenario of that name. Anything else is a :class:`ScenarioError`
    that lists the shipped scenarios."""
    found = find_file(given, SCENARIO_FOLDER)
    if found is None:
        raise ScenarioError(
            display_path(Path(given)), None, None, *not_found(given, "scenario", SCENARIO_FOLDER)
        )
    return found


#: Largest scenario text accepted from an upload or the URL (characters).
MAX_TEXT = 100_000


def load_scenario_text(
    text: str,
    name: str = "uploaded scenario",
    folder: Path = SCENARIO_FOLDER,
    parameters: ParameterSet | None = None,
    assumptions: AssumptionSet | None = None,
    local_bases: bool = False,
) -> Scenario:
    """Validate a scenario given as text (an upload, or one built from the
    dashboard's levers). Its ``base`` may name only a shipped scenario, by
    name — never a path, so that an upload cannot read another file — unless
    ``local_bases`` (a sweep's points, built from a local file by the command
    line), when ``base`` files are also looked for in ``folder``."""
    if len(text) > MAX_TEXT:
        raise ScenarioError(
            name,
            None,
            None,
            f"the file is {len(text):,} characters long",
            f"a scenario is a short text file; keep it under {MAX_TEXT:,} characters",
        )
    try:
        tree = read_yaml_text(text, name)
    except YamlError as exc:
        raise ScenarioError(name, None, None, str(exc).split(": ", 1)[-1], exc.fix) from None
    return _from_tree(
        tree,
        name,
        folder / name,
        parameters or load_parameters(),
        assumptions or load_assumptions(),
        (),
        shipped_only=not local_bases,
    )


def _load(
    path: Path, parameters: ParameterSet, assumptions: AssumptionSet, seen: tuple[Path, ...]
) -> Scenario:
    shown = display_path(path)
    try:
        tree = read_yaml(path)
    except YamlError as exc:
        raise ScenarioError(shown, None, None, str(exc).split(": ", 1)[-1], exc.fix) from None
    return _from_tree(tree, shown, path, parameters, assumptions, seen)


def _from_tree(
    tree: Any,
    shown: str,
    path: Path,
    parameters: ParameterSet,
    assumptions: AssumptionSet,
    seen: tuple[Path, ...],
    shipped_only: bool = False,
) -> Scenario:
    if not isinstance(tree, LineDict):
        raise ScenarioError(
            shown,
            None,
            None,
            "the file is not a mapping of fields",
            f"start with 'name: ...'; fields: {', '.join(REQUIRED + OPTIONAL)}",
        )
    duplicate = first_duplicate(tree)
    if duplicate:
        _, key, line, first = duplicate
        raise ScenarioError(
            shown, line, str(key), f"written twice (first on line {first})", "keep one of them"
        )
    unknown = [k for k in tree if k not in REQUIRED + OPTIONAL]
    if unknown:
        k = unknown[0]
        raise ScenarioError(
            shown,
            tree.line_of(k),
            str(k),
            "unknown field",
            f"use only {', '.join(REQUIRED + OPTIONAL)}",
        )
    for k in REQUIRED:
        if k not in tree:
            raise ScenarioError(shown, tree.line, k, "missing", f"add '{k}: ...'")
    for k in ("name", "description", "author", "reference"):
        if not isinstance(tree[k], str) or not tree[k].strip():
            raise ScenarioError(
                shown, tree.line_of(k), k, "must be non-empty text", f"write the {k}"
            )
    start = _date(tree["start"], shown, tree.line_of("start"), "start", *START_RANGE)
    months = _integer(tree["months"], shown, tree.line_of("months"), "months", *MONTHS_RANGE)
    problem = horizon_problem(start, months)
    if problem:
        raise ScenarioError(shown, tree.line_of("months"), "months", *problem)
    seed = _integer(tree["seed"], shown, tree.line_of("seed"), "seed", 0, 2**63 - 1)

    bases: tuple[str, ...] = ()
    switches = Switches()
    base_changes: tuple[Change, ...] = ()
    base = _base(tree, shown, path, parameters, assumptions, seen, shipped_only)
    if base is not None:
        parameters, assumptions, switches = base.parameters, base.assumptions, base.switches
        base_changes = base.changes
        bases = (*base.bases, base.file)

    changes = _changes(tree.get("changes"), shown, tree.line_of("changes"))
    _check_contradictions(changes, shown)
    one_off = _one_off_costs(tree.get("one_off_costs"), shown, tree.line_of("one_off_costs"))
    for c in changes:
        try:
            if c.kind == "parameter":
                parameters = parameters.with_value(
                    c.target,
                    c.start,
                    c.value,
                    until=c.until,
                    references=(Reference(title=f"Scenario: {tree['name']}", href=shown),),
                    note=c.note,
                    source=shown,
                )
            elif c.kind == "assumption":
                assumptions = assumptions.with_overrides({c.target: c.value}, source=shown)
            else:
                switches = replace(switches, **{c.target: c.value})
        except ParameterError as exc:
            raise ScenarioError(
                shown,
                c.line,
                c.target,
                exc.problem,
                "use a parameter path and value listed by 'cms-sim parameters' (unit and range "
                "as shown there)",
            ) from None
        except AssumptionError as exc:
            raise ScenarioError(
                shown,
                c.line,
                c.target,
                exc.problem,
                "use an assumption path from simulator/inputs/register/*.yaml with a value of its "
                "unit and within its bounds",
            ) from None
    return Scenario(
        name=tree["name"].strip(),
        description=" ".join(tree["description"].split()),
        author=tree["author"].strip(),
        reference=tree["reference"].strip(),
        start=start,
        months=months,
        seed=seed,
        changes=(*base_changes, *changes),
        file=shown,
        parameters=parameters,
        assumptions=assumptions,
        switches=switches,
        bases=bases,
        one_off_costs=one_off,
    )


def _base(
    tree: LineDict,
    shown: str,
    path: Path,
    parameters: ParameterSet,
    assumptions: AssumptionSet,
    seen: tuple[Path, ...],
    shipped_only: bool = False,
) -> Scenario | None:
    """The scenario this one stacks on (its ``base``: a file next to this one,
    else a shipped scenario of that name; only the latter if ``shipped_only``),
    loaded with its own bases; None if there is no ``base``."""
    if "base" not in tree:
        return None
    base_name = tree["base"]
    line = tree.line_of("base")
    if not isinstance(base_name, str) or not base_name.strip():
        raise ScenarioError(shown, line, "base", "must be a file name", "e.g. base: baseline.yaml")
    if shipped_only:
        found = _shipped_base(base_name)
        if found is None:  # the same words whatever the name: nothing about other files
            raise ScenarioError(
                shown,
                line,
                "base",
                "an uploaded scenario may stack only on a shipped scenario, named without a folder",
                "give the name of a shipped scenario: "
                + (", ".join(shipped_names(SCENARIO_FOLDER)) or "(none in this installation)"),
            )
        return _load(found, parameters, assumptions, (*seen, path.resolve()))
    found = find_file(base_name, SCENARIO_FOLDER, beside=path.parent)
    if found is None:
        raise ScenarioError(
            shown,
            line,
            "base",
            f"'{base_name}' not found next to this file",
            "give the file name of another scenario in the same folder, or the name of a "
            "shipped scenario: "
            + (", ".join(shipped_names(SCENARIO_FOLDER)) or "(none in this installation)"),
        )
    try:
        base_path = found.resolve(strict=True)
    except (OSError, RuntimeError):  # a link that loops, or leads nowhere
        raise ScenarioError(
            shown,
            line,
            "base",
            f"'{base_name}' is a symbolic link that loops or leads to no file",
            "point 'base' at a real scenario file",
        ) from None
    if base_path in seen or base_path == path.resolve():
        raise ScenarioError(
            shown,
            line,
            "base",
            f"'{base_name}' stacks back on itself",
            "remove the loop of 'base' fields",
        )
    return _load(base_path, parameters, assumptions, (*seen, path.resolve()))


def _shipped_base(name: str) -> Path | None:
    """The shipped scenario a bare ``name`` names, or None: no folder part,
    no link leading out of the shipped folder."""
    if "/" in name or "\\" in name or name.startswith(".") or "\0" in name:
        return None
    found = shipped_file(SCENARIO_FOLDER, name)
    if found is None:
        return None
    try:
        found = found.resolve(strict=True)
        found.relative_to(SCENARIO_FOLDER.resolve(strict=True))
    except (OSError, RuntimeError, ValueError):
        return None
    return found


def _changes(raw: Any, shown: str, line: int | None) -> tuple[Change, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise ScenarioError(
            shown,
            line,
            "changes",
            "must be a list of changes",
            "write each change on its own line starting with '- parameter:', '- assumption:' "
            "or '- switch:'",
        )
    out = []
    for item in raw:
        item_line = getattr(item, "line", line)
        if not isinstance(item, dict):
            raise ScenarioError(
                shown,
                item_line,
                "changes",
                f"{item!r} is not a change",
                "write e.g. '- parameter: fees.collection.receiving_parent_rate' with 'from' and "
                "'value' below it",
            )
        kinds = [k for k in KINDS if k in item]
        if len(kinds) != 1:
            raise ScenarioError(
                shown,
                item_line,
                "changes",
                "each change needs exactly one of 'parameter', 'assumption' or 'switch'",
                "split it into separate changes",
            )
        kind = kinds[0]
        extra = [k for k in item if k not in CHANGE_FIELDS[kind]]
        if extra:
            raise ScenarioError(
                shown,
                item.line_of(extra[0]),
                str(extra[0]),
                f"not a field of a {kind} change",
                f"use only {', '.join(sorted(CHANGE_FIELDS[kind]))}",
            )
        target = item[kind]
        if not isinstance(target, str) or not target.strip():
            raise ScenarioError(
                shown, item.line_of(kind), kind, "must name what changes", f"write '{kind}: name'"
            )
        if "value" not in item:
            raise ScenarioError(shown, item_line, target, "has no 'value'", "add 'value: ...'")
        value = item["value"]
        start = until = None
        if kind == "parameter":
            if "from" not in item:
                raise ScenarioError(
                    shown,
                    item_line,
                    target,
                    "has no 'from' date",
                    "add 'from: YYYY-MM-DD' (when the change takes effect)",
                )
            start = _date(item["from"], shown, item.line_of("from"), "from", *CHANGE_DATES)
            if item.get("until") is not None:
                until = _date(item["until"], shown, item.line_of("until"), "until", *CHANGE_DATES)
                if until < start:
                    raise ScenarioError(
                        shown,
                        item.line_of("until"),
                        "until",
                        f"{until} is before 'from' {start}",
                        "give an 'until' after 'from'",
                    )
        elif kind == "switch":
            if target not in Switches.names():
                raise ScenarioError(
                    shown,
                    item.line_of(kind),
                    target,
                    "unknown switch",
                    f"use one of {', '.join(Switches.names())}",
                )
            if not isinstance(value, bool):
                raise ScenarioError(
                    shown,
                    item.line_of("value"),
                    target,
                    f"value {value!r} is not true or false",
                    "write 'value: true' or 'value: false'",
                )
        note = item.get("note")
        if note is not None and not isinstance(note, str):
            raise ScenarioError(
                shown,
                item.line_of("note"),
                "note",
                "is not text (a list or mapping)",
                "write the note as one line of text, e.g. note: why this value",
            )
        out.append(Change(kind, target.strip(), value, start, until, note, shown, item_line))
    return tuple(out)


def _one_off_costs(raw: Any, shown: str, line: int | None) -> tuple[OneOffCost, ...]:
    """The scenario's declared one-off costs, each checked field by field."""
    if raw is None:
        return ()
    example = (
        "write e.g. '- description: Building the system', 'gbp: 50000000', 'year: 2027', "
        "'source: ...' under 'one_off_costs:'"
    )
    if not isinstance(raw, list) or not raw:
        raise ScenarioError(shown, line, "one_off_costs", "must be a list of costs", example)
    out = []
    for item in raw:
        item_line = getattr(item, "line", line)
        if not isinstance(item, dict):
            raise ScenarioError(
                shown, item_line, "one_off_costs", f"{item!r} is not a cost", example
            )
        for k in item:
            if k not in ONE_OFF_FIELDS:
                raise ScenarioError(
                    shown,
                    item.line_of(k),
                    str(k),
                    "not a field of a one-off cost",
                    f"use only {', '.join(ONE_OFF_FIELDS)}",
                )
        for k in ONE_OFF_FIELDS:
            if k not in item:
                raise ScenarioError(shown, item_line, k, "missing from a one-off cost", example)
        for k in ("description", "source"):
            if not isinstance(item[k], str) or not item[k].strip():
                raise ScenarioError(
                    shown, item.line_of(k), k, "must be non-empty text", f"write the {k}"
                )
        gbp = item["gbp"]
        if (
            isinstance(gbp, bool)
            or not isinstance(gbp, int | float)
            or not gbp > 0
            or gbp == float("inf")
        ):
            raise ScenarioError(
                shown,
                item.line_of("gbp"),
                "gbp",
                f"{gbp!r} is not a positive amount of pounds",
                "write the cost in GBP as a number, e.g. 50000000 for GBP 50m",
            )
        year = _integer(item["year"], shown, item.line_of("year"), "year", *ONE_OFF_YEARS)
        out.append(
            OneOffCost(
                " ".join(item["description"].split()), float(gbp), year, item["source"].strip()
            )
        )
    return tuple(out)


def _check_contradictions(changes: tuple[Change, ...], shown: str) -> None:
    """Two changes to the same thing that disagree: the same assumption or
    switch twice with different values; a parameter given different values
    from the same date, or inside a period another change bounds with 'until'.
    (A later 'from' without 'until' simply follows an earlier change.) Two
    open-ended changes to one parameter must be written in date order, so
    that the schedule never depends on the order of the file's lines."""
    for i, a in enumerate(changes):
        for b in changes[:i]:
            if (
                a.kind == b.kind == "parameter"
                and a.target == b.target
                and a.until is None
                and b.until is None
                and a.start < b.start
            ):
                raise ScenarioError(
                    shown,
                    a.line,
                    a.target,
                    f"from {a.start}, written after the change from {b.start} on line {b.line}",
                    "write open-ended changes to one parameter in date order",
                )
            if a.kind != b.kind or a.target != b.target or a.value == b.value:
                continue
            if a.kind == "parameter" and a.start != b.start:
                inside_b = b.until is not None and b.start <= a.start <= b.until
                inside_a = a.until is not None and a.start <= b.start <= a.until
                if not (inside_a or inside_b):
                    continue
            raise ScenarioError(
                shown,
                a.line,
                a.target,
                f"contradicts the change on line {b.line} ({b.value!r} against {a.value!r} "
                "for the same period)",
                "keep one value, or give the changes periods that do not overlap",
            )


def horizon_problem(start: dt.date, months: int) -> tuple[str, str] | None:
    """(problem, fix) if a run of ``months`` months from ``start`` is outside
    :data:`MONTHS_RANGE` or ends before the first calendar quarter end (its
    compliance is measured by quarter); None if it can run."""
    low, high = MONTHS_RANGE
    if not low <= months <= high:
        return f"{months} months is outside {low} to {high}", f"give a horizon of {low}-{high}"
    to_quarter_end = (MONTHS_IN_QUARTER - start.month % MONTHS_IN_QUARTER) % MONTHS_IN_QUARTER
    if months <= to_quarter_end:
        return (
            f"{months} month(s) from {start:%B %Y} end before the first quarter end "
            "(compliance is measured by calendar quarter)",
            f"give at least {to_quarter_end + 1} months",
        )
    return None


def _date(
    value: Any,
    shown: str,
    line: int | None,
    name: str,
    low: dt.date | None = None,
    high: dt.date | None = None,
) -> dt.date:
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value)[:40])
        except ValueError:
            shown_value = str(value) if len(str(value)) <= 40 else str(value)[:40] + "..."
            raise ScenarioError(
                shown, line, name, f"'{shown_value}' is not a date", "write it as YYYY-MM-DD"
            ) from None
    if (low is not None and value < low) or (high is not None and value > high):
        raise ScenarioError(
            shown,
            line,
            name,
            f"{value} is outside the dates the model supports ({low} to {high})",
            f"give a date from {low} to {high}",
        )
    return value


def _integer(value: Any, shown: str, line: int | None, name: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ScenarioError(shown, line, name, f"{value!r} is not a whole number", "write e.g. 24")
    if not low <= value <= high:
        raise ScenarioError(
            shown,
            line,
            name,
            f"{value} is outside {low} to {high}",
            f"give a value in {low}-{high}",
        )
    return value
