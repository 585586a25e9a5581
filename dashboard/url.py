"""The view in the URL: the page's choices as query parameters, so a link
reproduces what was on screen, while the widgets own their state.

Why it works this way: a widget given a ``value=``/``default=`` read from the
URL changes identity whenever the URL changes (it is rewritten after every
run), and Streamlit then resets it, so a choice could revert after Run. Here a
widget has a stable ``key`` and no URL-derived default; the URL is read into
``st.session_state`` once, on a session's first run, and written from it on
every run.

- A page **binds** each widget whose value belongs in a link, at import (module
  level of a module ``app.py`` imports, so the binding exists before the first
  run reads the URL)::

      bind("sweep-name", TEXT, None, param="sweep", keep=True)

  and creates the widget with that key and no value, e.g.
  ``st.selectbox("Sweep", names, key="sweep-name")``. ``codec`` reads the URL's
  text into a value (None if it is not a valid one: ignored) and writes a value
  as text (:func:`text`, :func:`flag`, :func:`number`, :func:`members`,
  :func:`choice`, :func:`date_between`). ``default``: the value when the URL
  does not give one, and one that is left out of the URL (None: the widget's
  own default; the value is written whenever there is one). ``keep=True`` for
  a widget that is not drawn on every run (one on a tab: only the open tab is
  drawn), so that its value outlives the runs it is not drawn in. ``group``:
  the value is written as ``param=value`` inside that query parameter, with
  the group's others, comma-separated (the levers: ``?custom=rp_fee=0,cap=2000``).
  ``initial``: the value on a first load with no URL at all, when it differs
  from the value of a URL that leaves the parameter out; such a parameter is
  always written (the shipped scenarios: the default view shows one, a link
  without them shows none).
- The household page's inputs (keys ``hh-<field>``) bind the same way, e.g.
  ``bind("hh-income", number(0, 100_000), 450.0, keep=True)`` (the query
  parameter defaults to the key).
- ``app.py`` calls :func:`restore` first and :func:`write` last on every run.

The links of earlier versions (``?scenarios=a,b&stack=1&custom=key=value,...&replications=N``)
are this format, and keep working.
"""

from __future__ import annotations

import copy
import datetime as dt
import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import streamlit as st

__all__ = [
    "DEFAULT_REPLICATIONS",
    "REPLICATIONS_RANGE",
    "TEXT",
    "Codec",
    "bind",
    "choice",
    "date_between",
    "flag",
    "members",
    "number",
    "one_of",
    "query_number",
    "restore",
    "text",
    "write",
]

#: Replications the dashboard runs unless the URL says otherwise: ranges are
#: shown by default. Three on the dashboard's families keep a new scenario
#: within its speed budget (benchmarks/bench_dashboard.py); the replications'
#: families and re-fits are prepared once per process, not per scenario.
DEFAULT_REPLICATIONS = 3
#: The replications slider's range (and so the URL's).
REPLICATIONS_RANGE = (1, 10)
#: Characters of a number in the URL read at most (longer ones are ignored
#: before conversion: Python refuses whole numbers of over 4,300 digits).
MAX_NUMBER_TEXT = 30
#: Characters of a text in the URL kept at most (a name, a sweep's name).
MAX_TEXT_CHARACTERS = 200
#: Significant digits of a number written in the URL: more than any lever's
#: step needs, few enough to keep links short.
URL_DIGITS = 12
#: Decimal places a number is rounded to before it is written (the old links' rounding).
URL_DECIMALS = 6
#: The session-state flag saying the URL has been read (once per session).
URL_READ = "_url-read"


def query_number(text: str | None) -> float | None:
    """A number given in the URL, or None if it is missing or not a finite number."""
    if text is None or len(text) > MAX_NUMBER_TEXT:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


@dataclass(frozen=True)
class Codec:
    """How a value is read from the URL's text (None: not a valid value) and written."""

    read: Callable[[str], Any]
    write: Callable[[Any], str]


def text(limit: int = MAX_TEXT_CHARACTERS) -> Codec:
    """Text, trimmed, at most ``limit`` characters; empty text is no value."""
    return Codec(lambda s: s.strip()[:limit] or None, str)


TEXT = text()


def flag() -> Codec:
    """On or off, written 1 or 0."""
    return Codec(lambda s: {"1": True, "0": False}.get(s.strip()), lambda v: "1" if v else "0")


def number(low: float, high: float, whole: bool = False) -> Codec:
    """A number clamped to ``low``..``high`` (a whole one if ``whole``)."""

    def read(s: str) -> float | int | None:
        value = query_number(s)
        if value is None:
            return None
        value = min(max(value, low), high)
        return int(min(max(round(value), math.ceil(low)), math.floor(high))) if whole else value

    def written(value: float) -> str:
        if whole:
            return str(int(value))
        return format(round(float(value), URL_DECIMALS), f".{URL_DIGITS}g")

    return Codec(read, written)


def members(options: Callable[[], Iterable[str]]) -> Codec:
    """Comma-separated names, keeping only those among ``options()`` (once
    each, in the URL's order); empty text is the empty list."""

    def read(s: str) -> list[str]:
        known = set(options())
        return [x for x in dict.fromkeys(s.split(",")) if x in known]

    return Codec(read, ",".join)


def one_of(options: Callable[[], Iterable[str]]) -> Codec:
    """One name among ``options()`` (another is no value: ignored)."""
    return Codec(lambda s: s.strip() if s.strip() in set(options()) else None, str)


def choice(slugs: Mapping[str, Any]) -> Codec:
    """One of ``slugs``' values, written as its short name in the URL."""
    names = {value: slug for slug, value in slugs.items()}
    return Codec(lambda s: slugs.get(s.strip()), lambda v: names[v])


def date_between(low: dt.date, high: dt.date) -> Codec:
    """A date written YYYY-MM-DD, clamped to ``low``..``high``."""

    def read(s: str) -> dt.date | None:
        try:
            given = dt.date.fromisoformat(s.strip()[: len("YYYY-MM-DD")])
        except ValueError:
            return None
        return min(max(given, low), high)

    return Codec(read, lambda v: v.isoformat())


@dataclass(frozen=True)
class Binding:
    """A widget's key bound to a query parameter (see the module's docstring)."""

    key: str
    codec: Codec
    default: Callable[[], Any]
    param: str
    group: str | None = None
    initial: Callable[[], Any] | None = None
    keep: bool = False


_BINDINGS: dict[str, Binding] = {}


def _maker(value: Any) -> Callable[[], Any]:
    return value if callable(value) else (lambda: copy.copy(value))


def bind(
    key: str,
    codec: Codec,
    default: Any,
    *,
    param: str | None = None,
    group: str | None = None,
    initial: Any = None,
    keep: bool = False,
) -> None:
    """Bind the widget of ``key`` to the query parameter ``param`` (default
    ``key``). ``default`` and ``initial`` may be values or functions giving them
    (worked out when needed: a default read from the model). Binding a key again
    replaces it, in its place."""
    _BINDINGS[key] = Binding(
        key,
        codec,
        _maker(default),
        param or key,
        group,
        None if initial is None else _maker(initial),
        keep,
    )


def _given() -> dict[str, str]:
    """The URL's values by parameter; a group's as ``group.param``."""
    given = {name: st.query_params.get(name) for name in st.query_params}
    groups = {b.group for b in _BINDINGS.values() if b.group}
    for group in groups & set(given):
        for item in given.pop(group).split(","):
            if "=" in item:
                name, value = item.split("=", 1)
                given[f"{group}.{name}"] = value
    return given


def restore() -> None:
    """On a session's first run, the URL's values into ``st.session_state``
    (a value the URL does not give validly: the default; with no URL at all,
    the initial value); on every run, keep the values of widgets not drawn."""
    state = st.session_state
    if URL_READ not in state:
        state[URL_READ] = True
        given = _given()
        for b in _BINDINGS.values():
            raw = given.get(f"{b.group}.{b.param}" if b.group else b.param)
            value = b.codec.read(raw) if raw is not None else None
            if value is None:
                value = b.initial() if (not given and b.initial) else b.default()
            if value is not None:
                state[b.key] = value
    for b in _BINDINGS.values():
        if b.keep and b.key in state:
            state[b.key] = state[b.key]  # a widget not drawn this run keeps its value


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, float) or isinstance(b, float):
        try:
            return math.isclose(float(a), float(b), rel_tol=0, abs_tol=10.0**-URL_DECIMALS)
        except (TypeError, ValueError):
            return False
    return a == b


def query() -> dict[str, str]:
    """The URL of the view: every bound value that is not its default (and
    those with an initial value, always), in the order they were bound."""
    out: dict[str, str] = {}
    grouped: dict[str, list[str]] = {}
    for b in _BINDINGS.values():
        if b.key not in st.session_state:
            continue
        value = st.session_state[b.key]
        if value is None or (b.initial is None and _same(value, b.default())):
            continue
        written = b.codec.write(value)
        if b.group:
            out.setdefault(b.group, "")
            grouped.setdefault(b.group, []).append(f"{b.param}={written}")
        else:
            out[b.param] = written
    for group, items in grouped.items():
        out[group] = ",".join(items)
    return out


def write() -> None:
    """Write the URL from the widgets' state (only when it changes)."""
    wanted = query()
    if st.query_params.to_dict() != wanted:
        st.query_params.from_dict(wanted)
