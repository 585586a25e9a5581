"""The assumption register: population and behavioural assumptions as data.

Every non-statutory number the model uses lives in a YAML file under
``simulator/inputs/register/`` with a central value, a low-high range, a unit and
its basis::

    rp_female_share:
      label: Receiving parents who are women
      description: Share of receiving parents who are women.
      unit: /1
      central: 0.89
      low: 0.86
      high: 0.92
      basis: published            # published | derived | assumption
      source:                      # at least one for published and derived
        - title: DWP separated families statistics (via targets.csv D07)
          href: https://...
      reasoning: why this value and range (required for derived and assumption)
      targets: [D07]               # calibration targets it is based on (optional)

Groups of assumptions nest like the statutory parameters. Values may be
numbers or lists of numbers (then ``low`` and ``high`` are lists too).
:func:`load_assumptions` returns an immutable :class:`AssumptionSet`;
``.values()`` gives the central values as a read-only tree, ``.values(draw)``
values at chosen points of their ranges (for uncertainty runs), and
``.with_overrides`` a validated copy with some values replaced (scenarios).
"""

from __future__ import annotations

import functools
import hashlib
import json
import math
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

import numpy as np

from simulator.errors import SimulatorError
from simulator.inputs.parameters import UNITS, Reference, _Group
from simulator.inputs.yamlio import LineDict, YamlError, first_duplicate, read_yaml

__all__ = ["Assumption", "AssumptionError", "AssumptionSet", "load_assumptions"]

#: fitted: solved for so that the model reproduces the published figures its
#: ``targets`` name (the reasoning gives the method and the values before and after).
BASES = ("published", "derived", "assumption", "fitted")
_FIELDS = {
    "label",
    "description",
    "unit",
    "central",
    "low",
    "high",
    "basis",
    "source",
    "reasoning",
    "targets",
    "min",
    "max",
    "exclusive",
}
#: Hard bounds the unit implies where an entry gives none (``min``/``max``):
#: a share (/1) lies in [0, 1]; a duration (months, years), a count or an
#: amount of pounds is not negative. An entry may narrow them, or widen the
#: minimum where negative values mean something (a logit shift, a slope).
#: ``exclusive: true`` makes both bounds strict: a probability the model
#: divides by, or takes the logit of, may be neither 0 nor 1; ``exclusive:
#: min`` or ``max`` makes one of them strict (a volume the model divides by is
#: above 0; a monthly hazard of 1 would empty the caseload in a month).
EXCLUSIVE = {False: (), True: ("min", "max"), "min": ("min",), "max": ("max",)}
UNIT_BOUNDS = {
    "/1": (0.0, 1.0),
    "months": (0.0, None),
    "years": (0.0, None),
    "count": (0.0, None),
    "currency-GBP": (0.0, None),
}
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")


class AssumptionError(SimulatorError):
    """A bad assumption file or override; names the file, assumption and problem."""

    def __init__(self, file: str, name: str | None, problem: str, line: int | None = None):
        where = file + (f", line {line}" if line else "")
        what = f" assumption '{name}'" if name else ""
        super().__init__(f"{where}:{what}: {problem}" if what else f"{where}: {problem}")
        self.file, self.name, self.problem, self.line = file, name, problem, line


@dataclass(frozen=True)
class Assumption:
    path: str
    file: str
    label: str
    description: str
    unit: str
    central: Any  # float or tuple of floats
    low: Any
    high: Any
    basis: str
    sources: tuple[Reference, ...]
    reasoning: str
    targets: tuple[str, ...]
    minimum: float | None
    maximum: float | None
    #: the bounds that are strict ("min", "max"): the model divides by the
    #: value or takes its logit there
    exclusive: tuple[str, ...] = ()

    def at(self, position: float | np.ndarray) -> Any:
        """The value at ``position`` along the range: 0 = low, 0.5 = central,
        1 = high (piecewise linear through the central value)."""
        pos = np.asarray(position, dtype=float)
        central, low, high = (
            np.asarray(v, dtype=float) for v in (self.central, self.low, self.high)
        )
        below = low + (central - low) * (pos / 0.5)
        above = central + (high - central) * ((pos - 0.5) / 0.5)
        value = np.where(pos <= 0.5, below, above)
        return float(value) if value.ndim == 0 else tuple(value.tolist())


class AssumptionSet(Mapping[str, Assumption]):
    """All assumptions, immutable; with the values currently chosen for each."""

    def __init__(
        self, assumptions: Mapping[str, Assumption], chosen: Mapping[str, Any] | None = None
    ):
        self._items = MappingProxyType(dict(sorted(assumptions.items())))
        self._chosen = MappingProxyType(dict(chosen or {}))

    def __getitem__(self, path: str) -> Assumption:
        try:
            return self._items[path]
        except KeyError:
            close = [p for p in self._items if p.split(".")[-1] == path.split(".")[-1]]
            hint = f"; did you mean {' or '.join(close)}?" if close else ""
            raise KeyError(f"unknown assumption '{path}'{hint}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def value(self, path: str) -> Any:
        """The value in use: an override if one was set, else the central value."""
        return self._chosen.get(path, self[path].central)

    def values(self) -> _Group:
        """Every value in use, as a read-only tree (``v.population.rp_female_share``)."""
        tree: dict[str, Any] = {}
        for path in self._items:
            node = tree
            parts = path.split(".")
            for part in parts[:-1]:
                node = node.setdefault(part, {})
            value = self.value(path)
            if isinstance(value, tuple):
                value = np.array(value, dtype=float)
                value.setflags(write=False)
            node[parts[-1]] = value
        return _freeze(tree, "")

    def with_overrides(
        self, overrides: Mapping[str, Any], source: str = "override"
    ) -> AssumptionSet:
        """A copy with some values replaced; each is checked against the
        assumption's unit, shape and valid bounds (not its low-high range, which
        a scenario may leave)."""
        chosen = dict(self._chosen)
        for path, value in overrides.items():
            if path not in self._items:
                try:
                    self[path]
                except KeyError as exc:
                    raise AssumptionError(source, None, exc.args[0]) from None
            item = self._items[path]
            chosen[path] = _check_value(value, item, source, path, None, "value")
        return AssumptionSet(self._items, chosen)

    def at_positions(self, positions: Mapping[str, float]) -> AssumptionSet:
        """A copy with each named assumption moved to a point of its range
        (0 = low, 0.5 = central, 1 = high)."""
        return AssumptionSet(
            self._items, {**self._chosen, **{p: self[p].at(pos) for p, pos in positions.items()}}
        )

    def digest(self) -> str:
        canonical = [[p, _jsonable(self.value(p))] for p in self._items]
        return hashlib.sha256(json.dumps(canonical).encode()).hexdigest()[:16]


def _jsonable(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _freeze(tree: dict, path: str) -> _Group:
    return _Group(
        path,
        {
            k: _freeze(v, f"{path}.{k}" if path else k) if isinstance(v, dict) else v
            for k, v in tree.items()
        },
    )


# --------------------------------------------------------------------------- loading


def _default_directory() -> Path:
    return Path(str(resources.files("simulator.inputs") / "register"))


@functools.lru_cache(maxsize=8)
def _load_cached(directory: str) -> AssumptionSet:
    return _load(Path(directory))


def load_assumptions(directory: str | Path | None = None) -> AssumptionSet:
    """Load and validate every ``*.yaml`` file of the assumption register."""
    path = Path(directory) if directory is not None else _default_directory()
    return _load_cached(str(path.resolve()))


def _load(directory: Path) -> AssumptionSet:
    files = sorted(directory.glob("*.yaml")) if directory.is_dir() else []
    if not files:
        raise AssumptionError(str(directory), None, "no *.yaml assumption files found")
    items: dict[str, Assumption] = {}
    for file in files:
        shown = str(Path(*file.parts[-3:]))
        try:
            tree = read_yaml(file)
        except YamlError as exc:
            raise AssumptionError(shown, None, str(exc).split(": ", 1)[-1]) from None
        if not isinstance(tree, dict):
            raise AssumptionError(shown, None, "the file must be a mapping of assumptions")
        duplicate = first_duplicate(tree)
        if duplicate:
            keys, key, line, first = duplicate
            raise AssumptionError(
                shown,
                ".".join([file.stem, *map(str, keys)]) or None,
                f"'{key}' appears twice (first on line {first}); keep one",
                line,
            )
        _walk(tree, file.stem, shown, items)
    return AssumptionSet(items)


def _walk(node: dict, path: str, file: str, out: dict[str, Assumption]) -> None:
    lines = node if isinstance(node, LineDict) else LineDict(node)
    if "central" in node:
        out[path] = _assumption(lines, path, file)
        return
    for key, child in node.items():
        if key == "description":
            continue
        if not isinstance(key, str) or not _NAME.match(key):
            raise AssumptionError(
                file,
                f"{path}.{key}",
                "names must be lower-case letters, digits and underscores",
                lines.line_of(key),
            )
        if not isinstance(child, dict):
            raise AssumptionError(
                file,
                f"{path}.{key}",
                "expected an assumption (with central, low, high) or a group of assumptions",
                lines.line_of(key),
            )
        _walk(child, f"{path}.{key}", file, out)


def _assumption(node: LineDict, path: str, file: str) -> Assumption:
    unknown = set(node) - _FIELDS
    if unknown:
        key = sorted(map(str, unknown))[0]
        raise AssumptionError(
            file,
            path,
            f"unknown field '{key}'; an assumption has {', '.join(sorted(_FIELDS))}",
            node.line_of(key),
        )
    for field in ("label", "description", "unit", "basis"):
        if not isinstance(node.get(field), str) or not node[field].strip():
            raise AssumptionError(file, path, f"missing '{field}' (non-empty text)", node.line)
    if node["unit"] not in UNITS:
        raise AssumptionError(
            file,
            path,
            f"unknown unit '{node['unit']}'; use one of {', '.join(UNITS)}",
            node.line_of("unit"),
        )
    if node["basis"] not in BASES:
        raise AssumptionError(
            file, path, f"basis must be one of {', '.join(BASES)}", node.line_of("basis")
        )
    sources = []
    for item in node.get("source") or []:
        if (
            not isinstance(item, dict)
            or not item.get("title")
            or not str(item.get("href", "")).startswith(("https://", "http://"))
        ):
            raise AssumptionError(
                file,
                path,
                "each source needs a title and an http(s):// href",
                node.line_of("source"),
            )
        sources.append(Reference(" ".join(str(item["title"]).split()), item["href"]))
    if node["basis"] in ("published", "derived") and not sources:
        raise AssumptionError(
            file, path, f"a {node['basis']} value needs at least one source", node.line
        )
    reasoning = " ".join(str(node.get("reasoning") or "").split())
    if node["basis"] in ("derived", "assumption", "fitted") and not reasoning:
        raise AssumptionError(file, path, f"a {node['basis']} value needs its reasoning", node.line)
    if node["basis"] == "fitted" and not node.get("targets"):
        raise AssumptionError(
            file,
            path,
            "a fitted value names the targets it is fitted to (targets: [...])",
            node.line,
        )
    bounds = {k: node.get(k) for k in ("min", "max")}
    implied = dict(zip(("min", "max"), UNIT_BOUNDS.get(node["unit"], (None, None)), strict=True))
    bounds = {k: implied[k] if v is None else v for k, v in bounds.items()}
    if bounds["min"] is None:
        raise AssumptionError(
            file, path, "no lower bound: give 'min:' (the least value it can mean)", node.line
        )
    given = node.get("exclusive", False)
    if not isinstance(given, bool | str) or given not in EXCLUSIVE:
        raise AssumptionError(
            file, path, "'exclusive' must be true, false, min or max", node.line_of("exclusive")
        )
    exclusive = EXCLUSIVE[given]
    stub = Assumption(
        path,
        file,
        node["label"],
        "",
        node["unit"],
        None,
        None,
        None,
        node["basis"],
        (),
        "",
        (),
        bounds["min"],
        bounds["max"],
        exclusive,
    )
    values = {
        k: _check_value(node.get(k), stub, file, path, node.line_of(k), k)
        for k in ("central", "low", "high")
    }
    shapes = {np.shape(values[k]) for k in values}
    if len(shapes) > 1:
        raise AssumptionError(
            file, path, "central, low and high must have the same shape", node.line
        )
    low, central, high = (np.asarray(values[k], dtype=float) for k in ("low", "central", "high"))
    if np.any(low > central) or np.any(central > high):
        raise AssumptionError(
            file, path, "the range must satisfy low <= central <= high", node.line_of("central")
        )
    targets = node.get("targets") or []
    if not isinstance(targets, list) or not all(isinstance(t, str) for t in targets):
        raise AssumptionError(
            file, path, "targets must be a list of target ids", node.line_of("targets")
        )
    return Assumption(
        path=path,
        file=file,
        label=node["label"].strip(),
        description=" ".join(node["description"].split()),
        unit=node["unit"],
        central=values["central"],
        low=values["low"],
        high=values["high"],
        basis=node["basis"],
        sources=tuple(sources),
        reasoning=reasoning,
        targets=tuple(targets),
        minimum=bounds["min"],
        maximum=bounds["max"],
        exclusive=exclusive,
    )


def _check_value(
    value: Any, item: Assumption, file: str, path: str, line: int | None, field: str
) -> Any:
    def number(x: Any) -> float:
        if isinstance(x, bool) or not isinstance(x, int | float) or not math.isfinite(x):
            raise AssumptionError(
                file, path, f"'{field}' must be a number or a list of numbers, found {x!r}", line
            )
        if item.minimum is not None and x < item.minimum:
            raise AssumptionError(
                file, path, f"'{field}' {x} is below the valid minimum {item.minimum:g}", line
            )
        if item.maximum is not None and x > item.maximum:
            raise AssumptionError(
                file, path, f"'{field}' {x} is above the valid maximum {item.maximum:g}", line
            )
        for end in item.exclusive:
            bound = item.minimum if end == "min" else item.maximum
            if bound is not None and x == bound:
                side = "above" if end == "min" else "below"
                raise AssumptionError(
                    file,
                    path,
                    f"'{field}' {x:g} is a bound the model cannot use (it divides by the value "
                    f"or takes its logit); give a value strictly {side} {bound:g}",
                    line,
                )
        return float(x)

    if value is None:
        raise AssumptionError(file, path, f"missing '{field}'", line)
    if isinstance(value, list | tuple | np.ndarray):
        if len(value) == 0:
            raise AssumptionError(file, path, f"'{field}' is an empty list", line)
        converted = tuple(number(x) for x in value)
        if item.central is not None and np.shape(converted) != np.shape(item.central):
            raise AssumptionError(
                file, path, f"'{field}' must have the shape of the central value", line
            )
        return converted
    converted = number(value)
    if item.central is not None and np.shape(item.central) != ():
        raise AssumptionError(file, path, f"'{field}' must be a list like the central value", line)
    return converted
