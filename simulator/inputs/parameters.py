"""Statutory parameters as dated, referenced data.

Every statutory number lives in a YAML file under ``simulator/inputs/statutory/``,
one file per statutory area. A file is a tree: a node with a ``values`` key is
a parameter, any other mapping is a group. The file name is the first part of
each parameter's path, e.g. ``rates.flat_rate.amount``.

A parameter::

    amount:
      label: Flat rate                      # short name for tables (optional)
      description: Weekly amount payable at the flat rate ...
      unit: currency-GBP                    # one of UNITS
      period: week                          # week | year | day | month (optional)
      min: 0                                # valid range, checked here and for reforms
      max: 1000
      values:
        2012-12-10:                         # effective-from date (ISO)
          value: 5
          reference:                        # at least one, each with a title and a link
            - title: SI 2012/2678
              href: https://www.legislation.gov.uk/uksi/2012/2678
          note: optional confidence / open-point remark
        2013-11-25:
          value: 7
          reference: ...

Values are numbers, lists (or nested lists) of numbers, or booleans for
``unit: bool``. A ratio may be written as an exact fraction string ("1/7").

:func:`load_parameters` returns an immutable :class:`ParameterSet`;
``params.at(date)`` gives a :class:`Parameters` snapshot of the values in force
on that date, which is what the rules take.
"""

from __future__ import annotations

import datetime as _dt
import difflib
import functools
import hashlib
import json
import math
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from simulator.errors import SimulatorError
from simulator.inputs.yamlio import LineDict, YamlError, first_duplicate, read_yaml

__all__ = [
    "SCHEME_START",
    "UNITS",
    "DateOutOfRange",
    "DatedValue",
    "Parameter",
    "ParameterError",
    "ParameterSet",
    "Parameters",
    "Reference",
    "load_parameters",
]

#: The 2012 scheme's calculation rules first applied on 10 Dec 2012 (CMOPA 2008
#: Sch. 4 paras. 1-3, commenced by SI 2012/3042). Earlier dates belong to the
#: 2003 scheme, which the simulator does not model.
SCHEME_START = _dt.date(2012, 12, 10)

#: Units a parameter may have.
UNITS = {
    "currency-GBP": "£",
    "/1": "share (0-1)",
    "nights": "nights a year",
    "days": "days",
    "months": "months",
    "years": "years",
    "count": "number",
    "date": "date",
    "bool": "yes/no",
}
PERIODS = {"week", "year", "day", "month"}

_PARAMETER_FIELDS = {"label", "description", "unit", "period", "min", "max", "values"}
_VALUE_FIELDS = {"value", "reference", "note"}
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_FRACTION = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*$")


class ParameterError(SimulatorError):
    """A parameter file or change is wrong. The message names the file, the
    parameter (and line, where known), what is wrong and how to fix it."""

    def __init__(self, file: str, parameter: str | None, problem: str, line: int | None = None):
        self.file = file
        self.parameter = parameter
        self.problem = problem
        self.line = line
        where = file + (f", line {line}" if line else "")
        what = f" parameter '{parameter}'" if parameter else ""
        super().__init__(f"{where}:{what}: {problem}" if what else f"{where}: {problem}")


class DateOutOfRange(SimulatorError):
    """A date before the 2012 scheme (or before a parameter's first value)."""


@dataclass(frozen=True)
class Reference:
    title: str
    href: str


@dataclass(frozen=True)
class DatedValue:
    """One value of a parameter, in force from ``start``."""

    start: _dt.date
    value: Any
    references: tuple[Reference, ...]
    note: str | None = None


@dataclass(frozen=True)
class Parameter:
    """A statutory parameter: metadata plus its dated values (ascending)."""

    path: str
    file: str
    label: str
    description: str
    unit: str
    period: str | None
    minimum: float | None
    maximum: float | None
    values: tuple[DatedValue, ...]

    def entry_at(self, when: _dt.date) -> DatedValue | None:
        """The dated value in force on ``when`` (None before the first one)."""
        found = None
        for entry in self.values:
            if entry.start <= when:
                found = entry
            else:
                break
        return found

    def value_at(self, when: _dt.date) -> Any:
        entry = self.entry_at(when)
        return None if entry is None else entry.value


# --------------------------------------------------------------------------- snapshot


class _Group:
    """Read-only attribute access to a level of the parameter tree."""

    __slots__ = ("_items", "_path")

    def __init__(self, path: str, items: Mapping[str, Any]):
        object.__setattr__(self, "_path", path)
        object.__setattr__(self, "_items", MappingProxyType(dict(items)))

    def __getattr__(self, name: str) -> Any:
        try:
            return self._items[name]
        except KeyError:
            where = f"'{self._path}'" if self._path else "the parameter tree"
            raise AttributeError(f"no parameter '{name}' in {where}") from None

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("parameters are read-only; use ParameterSet.with_value for a reform")

    def __dir__(self) -> list[str]:
        return sorted(self._items)

    def __repr__(self) -> str:
        return f"<parameters {self._path or '(root)'}: {', '.join(sorted(self._items))}>"


class Parameters(_Group):
    """The values in force on one date, as a read-only tree.

    ``p.rates.flat_rate.amount`` is a float, list-valued parameters are
    read-only float arrays, ``unit: bool`` parameters are bools. A parameter
    whose first value starts after the date is ``None``.
    """

    __slots__ = ("date", "parameter_set")

    def __init__(self, parameter_set: ParameterSet, when: _dt.date):
        tree: dict[str, Any] = {}
        for path, parameter in parameter_set.items():
            node = tree
            parts = path.split(".")
            for part in parts[:-1]:
                node = node.setdefault(part, {})
            node[parts[-1]] = _as_runtime(parameter.value_at(when))
        root = _freeze(tree, "")
        _Group.__init__(self, "", root._items)
        object.__setattr__(self, "date", when)
        object.__setattr__(self, "parameter_set", parameter_set)

    def entry(self, path: str) -> DatedValue | None:
        """The dated value (with references) behind ``path`` on this date."""
        return self.parameter_set[path].entry_at(self.date)

    def get(self, path: str) -> Any:
        node: Any = self
        for part in path.split("."):
            node = getattr(node, part)
        return node


def _freeze(tree: dict[str, Any], path: str) -> _Group:
    items = {
        key: _freeze(value, f"{path}.{key}" if path else key) if isinstance(value, dict) else value
        for key, value in tree.items()
    }
    return _Group(path, items)


def _as_runtime(value: Any) -> Any:
    if value is None or isinstance(value, bool | _dt.date):
        return value
    if isinstance(value, tuple):
        array = np.array(value, dtype=float)
        array.setflags(write=False)
        return array
    return float(value)


# --------------------------------------------------------------------------- the set


class ParameterSet(Mapping[str, Parameter]):
    """All statutory parameters; immutable. ``at(date)`` gives a snapshot."""

    def __init__(self, parameters: Mapping[str, Parameter]):
        self._parameters = MappingProxyType(dict(sorted(parameters.items())))
        starts = {entry.start for p in self._parameters.values() for entry in p.values}
        starts.add(SCHEME_START)
        self._change_dates = tuple(sorted(d for d in starts if d >= SCHEME_START))
        self._snapshots: dict[_dt.date, Parameters] = {}

    # Mapping protocol
    def __getitem__(self, path: str) -> Parameter:
        try:
            return self._parameters[path]
        except KeyError:
            raise KeyError(self.unknown_message(path)) from None

    def unknown_message(self, path: str) -> str:
        """'unknown parameter' with the closest known names, for error messages."""
        last = str(path).split(".")[-1]
        close = [p for p in self._parameters if p.split(".")[-1] == last]
        if not close:
            close = difflib.get_close_matches(str(path), list(self._parameters), n=3)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        return f"unknown parameter '{path}'{hint}"

    def __iter__(self) -> Iterator[str]:
        return iter(self._parameters)

    def __len__(self) -> int:
        return len(self._parameters)

    @property
    def change_dates(self) -> tuple[_dt.date, ...]:
        """Every date on which some parameter changes (ascending, from SCHEME_START)."""
        return self._change_dates

    def period_start(self, when: Any) -> _dt.date:
        """Start of the period of unchanged parameters containing ``when``."""
        when = _to_date(when)
        if when < SCHEME_START:
            raise DateOutOfRange(
                f"{when.isoformat()} is before the 2012 scheme started (10 Dec 2012); "
                "the simulator does not model the 2003 scheme. Use a date on or after 2012-12-10."
            )
        index = (
            int(
                np.searchsorted(
                    np.array(self._change_dates, dtype="datetime64[D]"),
                    np.datetime64(when, "D"),
                    side="right",
                )
            )
            - 1
        )
        return self._change_dates[index]

    def period_index(self, dates: np.ndarray) -> np.ndarray:
        """Vectorised: index into ``change_dates`` of the period holding each date.

        Dates before the scheme start get -1.
        """
        starts = np.array(self._change_dates, dtype="datetime64[D]")
        return np.searchsorted(starts, np.asarray(dates, dtype="datetime64[D]"), side="right") - 1

    def at(self, when: Any) -> Parameters:
        """The parameters in force on ``when`` (a date, ISO string or datetime64)."""
        start = self.period_start(when)
        snapshot = self._snapshots.get(start)
        if snapshot is None:
            snapshot = Parameters(self, start)
            self._snapshots[start] = snapshot
        return snapshot

    def digest(self) -> str:
        """A short hash of every value and date: changes whenever a value does."""
        canonical = [
            [path, [[e.start.isoformat(), _jsonable(e.value)] for e in p.values]]
            for path, p in self._parameters.items()
        ]
        text = json.dumps(canonical, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def digest_on(self, dates: list[_dt.date]) -> str:
        """A short hash of the values in force on each of ``dates``: equal for
        two parameter sets that agree on those dates, whatever else differs."""
        canonical = []
        for path, parameter in self._parameters.items():
            entries = [parameter.entry_at(when) for when in dates]
            # each entry's value made jsonable once (a value is in force on
            # many of the dates)
            jsonable = {}
            for e in entries:
                if e is not None and id(e) not in jsonable:
                    jsonable[id(e)] = _jsonable(e.value)
            canonical.append([path, [None if e is None else jsonable[id(e)] for e in entries]])
        text = json.dumps(canonical, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]

    def with_value(
        self,
        path: str,
        start: Any,
        value: Any,
        until: Any = None,
        references: Iterable[Reference] = (),
        note: str | None = None,
        source: str = "change",
    ) -> ParameterSet:
        """A new set in which ``path`` takes ``value`` from ``start`` (to ``until``
        inclusive, after which the previous schedule resumes). Validated like the
        files: an unknown path, a wrong type or shape, or a value outside the
        parameter's range raises :class:`ParameterError` and nothing changes."""
        if path not in self._parameters:
            raise ParameterError(source, None, self.unknown_message(path))
        old = self._parameters[path]
        start_date = _to_date(start)
        until_date = None if until is None else _to_date(until)
        if until_date is not None and until_date < start_date:
            raise ParameterError(
                source, path, f"'until' {until_date} is before 'from' {start_date}"
            )
        checked = _check_value(value, old.unit, old.minimum, old.maximum, source, path, None)
        if old.values and _shape(checked) != _shape(old.values[0].value):
            raise ParameterError(
                source,
                path,
                f"value {_describe(value)} does not have the shape of the current value "
                f"{_describe(old.values[-1].value)}",
            )
        refs = tuple(references) or (Reference(title=f"Reform: {source}", href=""),)
        new_entry = DatedValue(start_date, checked, refs, note)
        entries = [e for e in old.values if e.start < start_date]
        entries.append(new_entry)
        if until_date is not None:
            resume = until_date + _dt.timedelta(days=1)
            previous = old.entry_at(resume)
            later = [e for e in old.values if e.start > resume]
            if previous is not None and previous.start <= resume:
                entries.append(
                    DatedValue(resume, previous.value, previous.references, previous.note)
                )
            entries.extend(later)
        new = Parameter(**{**old.__dict__, "values": tuple(entries)})
        return ParameterSet({**self._parameters, path: new})


def _jsonable(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, _dt.date):
        return value.isoformat()
    return value


def _to_date(when: Any) -> _dt.date:
    if isinstance(when, _dt.datetime):
        return when.date()
    if isinstance(when, _dt.date):
        return when
    if isinstance(when, np.datetime64):
        return _dt.date.fromisoformat(str(when.astype("datetime64[D]")))
    if isinstance(when, str):
        try:
            return _dt.date.fromisoformat(when.strip())
        except ValueError:
            raise ValueError(f"'{when}' is not a date; write it as YYYY-MM-DD") from None
    raise TypeError(f"expected a date, got {when!r}")


# --------------------------------------------------------------------------- loading


def _default_directory() -> Path:
    return Path(str(resources.files("simulator.inputs") / "statutory"))


@functools.lru_cache(maxsize=8)
def _load_cached(directory: str) -> ParameterSet:
    return _load(Path(directory))


def load_parameters(directory: str | Path | None = None) -> ParameterSet:
    """Load and validate every ``*.yaml`` parameter file in ``directory``
    (default: the package's own ``simulator/inputs/statutory``).

    Raises :class:`ParameterError` naming the file, parameter and problem.
    The result is immutable and cached per directory.
    """
    path = Path(directory) if directory is not None else _default_directory()
    return _load_cached(str(path.resolve()))


def _load(directory: Path) -> ParameterSet:
    if not directory.is_dir():
        raise ParameterError(str(directory), None, "parameter directory not found")
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise ParameterError(str(directory), None, "no *.yaml parameter files found")
    parameters: dict[str, Parameter] = {}
    for file in files:
        shown = _display(file)
        stem = file.stem
        if not _NAME.match(stem):
            raise ParameterError(
                shown, None, "file name must be lower-case letters, digits and underscores"
            )
        try:
            tree = read_yaml(file)
        except YamlError as exc:
            raise ParameterError(shown, None, str(exc).split(": ", 1)[-1]) from None
        if not isinstance(tree, dict):
            raise ParameterError(shown, None, "the file must be a mapping of parameter names")
        duplicate = first_duplicate(tree)
        if duplicate:
            keys, key, line, first = duplicate
            names = list(keys[: keys.index("values")] if "values" in keys else keys)
            raise ParameterError(
                shown,
                ".".join([stem, *map(str, names)]) if names else None,
                f"'{key}' appears twice in the same block (first on line {first}); keep one",
                line,
            )
        _walk(tree, stem, shown, parameters)
    return ParameterSet(parameters)


def _display(file: Path) -> str:
    try:
        return str(file.relative_to(Path.cwd()))
    except ValueError:
        parts = file.parts
        return str(Path(*parts[-3:])) if len(parts) >= 3 else str(file)


def _walk(node: dict, path: str, file: str, out: dict[str, Parameter]) -> None:
    lines = node if isinstance(node, LineDict) else LineDict(node)
    if "values" in node:
        out[path] = _parameter(lines, path, file)
        return
    children = {k: v for k, v in node.items() if k != "description"}
    if "description" in node and not isinstance(node["description"], str):
        raise ParameterError(file, path, "'description' must be text", lines.line_of("description"))
    if not children:
        raise ParameterError(file, path, "empty group: give it parameters or remove it", lines.line)
    for key, child in children.items():
        child_path = f"{path}.{key}"
        line = lines.line_of(key)
        if not isinstance(key, str) or not _NAME.match(key):
            raise ParameterError(
                file,
                child_path,
                "names must be lower-case letters, digits and underscores, starting with a letter",
                line,
            )
        if not isinstance(child, dict):
            raise ParameterError(
                file,
                child_path,
                "expected a parameter (with label, description, unit and values) or a group of "
                f"parameters, found {_describe(child)}",
                line,
            )
        _walk(child, child_path, file, out)


def _parameter(node: LineDict, path: str, file: str) -> Parameter:
    unknown = set(node) - _PARAMETER_FIELDS
    if unknown:
        key = sorted(unknown, key=str)[0]
        raise ParameterError(
            file,
            path,
            f"unknown field '{key}'; a parameter has {', '.join(sorted(_PARAMETER_FIELDS))}",
            node.line_of(key),
        )
    for field in ("description", "unit"):
        if not isinstance(node.get(field), str) or not node[field].strip():
            raise ParameterError(
                file, path, f"missing '{field}' (it must be non-empty text)", node.line
            )
    unit = node["unit"]
    if unit not in UNITS:
        raise ParameterError(
            file,
            path,
            f"unknown unit '{unit}'; use one of {', '.join(UNITS)}",
            node.line_of("unit"),
        )
    period = node.get("period")
    if period is not None and period not in PERIODS:
        raise ParameterError(
            file,
            path,
            f"unknown period '{period}'; use one of {', '.join(sorted(PERIODS))}",
            node.line_of("period"),
        )
    bounds = {}
    for field in ("min", "max"):
        bound = node.get(field)
        if bound is not None and (isinstance(bound, bool) or not isinstance(bound, int | float)):
            raise ParameterError(file, path, f"'{field}' must be a number", node.line_of(field))
        bounds[field] = None if bound is None else float(bound)
    if bounds["min"] is not None and bounds["max"] is not None and bounds["min"] > bounds["max"]:
        raise ParameterError(file, path, "'min' is greater than 'max'", node.line_of("min"))

    raw_values = node["values"]
    if not isinstance(raw_values, dict) or not raw_values:
        raise ParameterError(
            file,
            path,
            "'values' must map effective-from dates (YYYY-MM-DD) to values",
            node.line_of("values"),
        )
    lines = raw_values if isinstance(raw_values, LineDict) else LineDict(raw_values)
    entries: list[DatedValue] = []
    for key, entry in raw_values.items():
        line = lines.line_of(key)
        start = _entry_date(key, file, path, line)
        if entries and start <= entries[-1].start:
            raise ParameterError(
                file,
                path,
                f"dates out of order: {start} comes after {entries[-1].start}; list values "
                "from the earliest date to the latest",
                line,
            )
        entries.append(_entry(entry, start, unit, bounds, file, path, line))
    shapes = {_shape(e.value) for e in entries}
    if len(shapes) > 1:
        raise ParameterError(
            file,
            path,
            "values on different dates have different shapes (list lengths)",
            node.line_of("values"),
        )
    label = node.get("label") or path.split(".")[-1].replace("_", " ").capitalize()
    return Parameter(
        path=path,
        file=file,
        label=str(label),
        description=" ".join(node["description"].split()),
        unit=unit,
        period=period,
        minimum=bounds["min"],
        maximum=bounds["max"],
        values=tuple(entries),
    )


def _entry_date(key: Any, file: str, path: str, line: int | None) -> _dt.date:
    if isinstance(key, _dt.datetime):
        raise ParameterError(
            file, path, f"'{key}' has a time; give just the date (YYYY-MM-DD)", line
        )
    if isinstance(key, _dt.date):
        return key
    if isinstance(key, str):
        try:
            return _dt.date.fromisoformat(key.strip())
        except ValueError:
            if re.fullmatch(r"\d{4}-\d{2}-\d{2}", key.strip()):
                raise ParameterError(file, path, f"'{key}' is not a real date", line) from None
    raise ParameterError(
        file, path, f"'{key}' is not an effective-from date; write dates as YYYY-MM-DD", line
    )


def _entry(
    entry: Any, start: _dt.date, unit: str, bounds: dict, file: str, path: str, line: int | None
) -> DatedValue:
    if not isinstance(entry, dict):
        raise ParameterError(
            file,
            path,
            f"the value for {start} must be a block with 'value' and 'reference', "
            f"found {_describe(entry)}",
            line,
        )
    lines = entry if isinstance(entry, LineDict) else LineDict(entry)
    unknown = set(entry) - _VALUE_FIELDS
    if unknown:
        key = sorted(unknown, key=str)[0]
        raise ParameterError(
            file,
            path,
            f"unknown field '{key}' in the value for {start}; use value, reference and note",
            lines.line_of(key),
        )
    if "value" not in entry:
        raise ParameterError(file, path, f"no 'value' for {start}", line)
    value = _check_value(
        entry["value"],
        unit,
        bounds["min"],
        bounds["max"],
        file,
        path,
        lines.line_of("value"),
        start,
    )
    references = _references(
        entry.get("reference"),
        file,
        path,
        start,
        lines.line_of("reference") if "reference" in entry else line,
    )
    note = entry.get("note")
    if note is not None and not isinstance(note, str):
        raise ParameterError(file, path, f"'note' for {start} must be text", lines.line_of("note"))
    return DatedValue(start, value, references, None if note is None else " ".join(note.split()))


def _references(
    raw: Any, file: str, path: str, start: _dt.date, line: int | None
) -> tuple[Reference, ...]:
    if not raw:
        raise ParameterError(
            file,
            path,
            f"no legal reference for the value from {start}: add 'reference' with a title and "
            "an href (link) for each source",
            line,
        )
    if isinstance(raw, dict):
        raw = [raw]
    if not isinstance(raw, list):
        raise ParameterError(
            file, path, f"'reference' for {start} must be a list of {{title, href}}", line
        )
    refs = []
    for item in raw:
        if not isinstance(item, dict):
            raise ParameterError(
                file, path, f"each reference for {start} needs a title and an href", line
            )
        title, href = item.get("title"), item.get("href")
        if not isinstance(title, str) or not title.strip():
            raise ParameterError(file, path, f"a reference for {start} has no title", line)
        if not isinstance(href, str) or not href.startswith("https://"):
            raise ParameterError(
                file,
                path,
                f"the reference '{title}' for {start} needs an href link starting https://",
                line,
            )
        extra = set(item) - {"title", "href"}
        if extra:
            raise ParameterError(
                file,
                path,
                f"unknown field '{sorted(extra)[0]}' in a reference "
                f"for {start}; use title and href",
                line,
            )
        refs.append(Reference(title=" ".join(title.split()), href=href.strip()))
    return tuple(refs)


def _check_value(
    value: Any,
    unit: str,
    minimum: float | None,
    maximum: float | None,
    file: str,
    path: str,
    line: int | None,
    start: _dt.date | None = None,
) -> Any:
    """Validate a value against its unit and range; return it in stored form
    (floats, nested tuples of floats, or a bool)."""
    when = f" for {start}" if start else ""
    if unit == "date":
        if isinstance(value, str):
            try:
                value = _dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        if not isinstance(value, _dt.date) or isinstance(value, _dt.datetime):
            raise ParameterError(
                file,
                path,
                f"value{when} must be a date (YYYY-MM-DD), found {_describe(value)}",
                line,
            )
        return value
    if unit == "bool":
        if not isinstance(value, bool):
            raise ParameterError(
                file, path, f"value{when} must be true or false, found {_describe(value)}", line
            )
        return value

    def convert(item: Any) -> Any:
        if isinstance(item, list | tuple):
            if not item:
                raise ParameterError(file, path, f"value{when} has an empty list", line)
            return tuple(convert(x) for x in item)
        if isinstance(item, bool) or item is None:
            raise ParameterError(
                file, path, f"value{when} must be a number, found {_describe(item)}", line
            )
        if isinstance(item, str):
            match = _FRACTION.match(item)
            if match and unit == "/1" and int(match.group(2)) != 0:
                return float(Fraction(int(match.group(1)), int(match.group(2))))
            raise ParameterError(
                file, path, f"value{when} must be a number, found text '{item}'", line
            )
        if not isinstance(item, int | float):
            raise ParameterError(
                file, path, f"value{when} must be a number, found {_describe(item)}", line
            )
        number = float(item)
        if not math.isfinite(number):
            raise ParameterError(file, path, f"value{when} must be a finite number", line)
        if minimum is not None and number < minimum:
            raise ParameterError(
                file, path, f"value{when} {item} is below the valid minimum {minimum:g}", line
            )
        if maximum is not None and number > maximum:
            raise ParameterError(
                file, path, f"value{when} {item} is above the valid maximum {maximum:g}", line
            )
        return number

    converted = convert(value)
    if isinstance(converted, tuple):
        _shape(converted, file, path, line)  # ragged lists are refused
    return converted


def _shape(value: Any, file: str = "", path: str = "", line: int | None = None) -> tuple:
    if not isinstance(value, tuple):
        return ()
    inner = {_shape(v, file, path, line) for v in value}
    if len(inner) > 1:
        raise ParameterError(file, path, "the rows of a table must all have the same length", line)
    return (len(value), *inner.pop())


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a block of fields"
    if isinstance(value, list | tuple):
        return f"a list {list(value)!r}"
    if isinstance(value, str):
        return f"text '{value}'"
    if value is None:
        return "nothing"
    return repr(value)
