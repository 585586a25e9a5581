"""Safe YAML reading that remembers line numbers and refuses duplicate keys.

Parameter files, and later scenario files, are data only: they are read with
PyYAML's ``SafeLoader`` (no code execution). Two additions make user mistakes
easy to locate:

* every mapping is returned as a :class:`LineDict`, a ``dict`` that also knows
  the line on which each of its keys was written, so an error can say
  "line 23";
* a key repeated in the same mapping is recorded (plain PyYAML silently keeps
  the last one, which would hide a typo in a dated value); :func:`first_duplicate`
  finds it, with the path of keys leading to it, so that the caller can name
  the parameter or field in its error.
"""

from __future__ import annotations

import errno
import re
from pathlib import Path
from typing import Any

import yaml

from simulator.errors import SimulatorError

__all__ = [
    "MAX_ALIASES",
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_DIGITS",
    "LineDict",
    "YamlError",
    "check_limits",
    "first_duplicate",
    "read_yaml",
    "read_yaml_text",
]

#: Limits every YAML text is checked against *before* it is built into
#: Python objects (``check_limits``), so that no input, however hostile, makes
#: the reader run for long or crash. The project's largest YAML file (the
#: behaviour register) is under 100 kB; scenario and sweep files are a few kB.
#: A file larger than this (bytes) is refused unread.
MAX_BYTES = 1_000_000
#: Nesting of mappings and lists: the deepest project file nests 6 levels;
#: far below Python's recursion limit (1,000), which a deeper text would hit.
MAX_DEPTH = 50
#: Aliases (``*name``): project files use none; a few are allowed for
#: hand-written files, but not the thousands an alias bomb expands into.
MAX_ALIASES = 20
#: Digits of a whole number: a seed (up to 2**63 - 1) has 19; Python refuses
#: to convert more than 4,300, and no quantity of the model needs more.
MAX_DIGITS = 30

_INTEGER = re.compile(r"[-+]?(0[xob])?[0-9_]+")


class YamlError(SimulatorError):
    """A YAML file could not be read; the message names the file and line.
    ``fix`` says what to do (by default: correct the YAML syntax)."""

    def __init__(self, message: str, fix: str = "correct the YAML syntax") -> None:
        super().__init__(message)
        self.fix = fix


class LineDict(dict):
    """A dict that records the 1-based line of each key (``line_of``)."""

    def __init__(self, *args: Any, line: int | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.line = line
        self.key_lines: dict[Any, int] = {}
        #: keys written more than once: (key, line, line of the first one)
        self.duplicates: list[tuple[Any, int, int]] = []

    def line_of(self, key: Any) -> int | None:
        """Line on which ``key`` was written, or the mapping's own line."""
        return self.key_lines.get(key, self.line)


class _Loader(yaml.SafeLoader):
    """SafeLoader producing LineDicts and rejecting duplicate keys."""


#: The same loader on libyaml's parser where PyYAML has it (the same events,
#: marks and values, several times faster); a text it cannot read is read
#: again with :class:`_Loader`, so that every error says what it says there.
_FastLoader = (
    type("_FastLoader", (yaml.CSafeLoader,), {})
    if getattr(yaml, "__with_libyaml__", False)
    else None
)


def _construct_mapping(loader: _Loader, node: yaml.MappingNode, deep: bool = False) -> LineDict:
    loader.flatten_mapping(node)
    mapping = LineDict(line=node.start_mark.line + 1)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            hash(key)
        except TypeError as exc:
            raise YamlError(
                f"line {key_node.start_mark.line + 1}: a key must be a plain value, not {key!r}"
            ) from exc
        if key in mapping:
            mapping.duplicates.append((key, key_node.start_mark.line + 1, mapping.key_lines[key]))
            continue
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """A date; an impossible one (2013-02-30) stays text so that the caller,
    which knows what the field is, can report it."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return node.value


for _loader in (_Loader, _FastLoader):
    if _loader is not None:
        _loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
        _loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


def check_limits(text: str, name: str = "<text>") -> None:
    """Refuse a YAML text beyond the limits above (size, nesting depth, aliases,
    digits of a whole number) from its parse events alone, which take time in
    proportion to the text's length: nothing is built, no alias expanded."""
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_BYTES:
        raise YamlError(
            f"{name}: the file is {size:,} bytes, more than the {MAX_BYTES:,} accepted",
            f"keep a YAML input under {MAX_BYTES:,} bytes",
        )
    loader = _FastLoader if _FastLoader is not None else _Loader
    if _FastLoader is not None and yaml.reader.Reader.NON_PRINTABLE.search(text):
        loader = _Loader
    depth = aliases = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            line = event.start_mark.line + 1 if event.start_mark else None
            if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
                depth += 1
                if depth > MAX_DEPTH:
                    raise YamlError(
                        f"{name}: line {line}: nested more than {MAX_DEPTH} levels deep",
                        f"nest lists and mappings at most {MAX_DEPTH} levels",
                    )
            elif isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_ALIASES:
                    raise YamlError(
                        f"{name}: line {line}: more than {MAX_ALIASES} aliases (*name)",
                        "write the values out instead of repeating anchors (&name) by alias",
                    )
            elif (
                isinstance(event, yaml.ScalarEvent)
                and (not event.style or event.tag == "tag:yaml.org,2002:int")
                and len(event.value) > MAX_DIGITS
                and _INTEGER.fullmatch(event.value)
            ):
                raise YamlError(
                    f"{name}: line {line}: a number of {len(event.value):,} digits",
                    f"write numbers of at most {MAX_DIGITS} digits",
                )
    except YamlError:
        raise
    except yaml.YAMLError:
        return  # a syntax error: reported, with its line, by the reading itself


def read_yaml_text(text: str, name: str = "<text>") -> Any:
    """Parse YAML text safely, within the limits of :func:`check_limits`;
    errors name ``name`` and the line."""
    check_limits(text, name)
    # (a character PyYAML's own reader refuses: read by it, for its error)
    if _FastLoader is not None and not yaml.reader.Reader.NON_PRINTABLE.search(text):
        try:
            return yaml.load(text, Loader=_FastLoader)
        except Exception:  # read again below, for the error it gives there
            pass
    try:
        return yaml.load(text, Loader=_Loader)
    except YamlError as exc:
        raise YamlError(f"{name}: {exc}") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        problem = exc.problem or exc.context or "not valid YAML"
        raise YamlError(f"{name}: {where}{problem} (not valid YAML)") from None
    except yaml.YAMLError as exc:
        raise YamlError(f"{name}: not valid YAML ({exc})") from None


def read_yaml(path: str | Path) -> Any:
    """Read a YAML file safely; errors name the file and the line."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise YamlError(
                f"{path}: the file is {size:,} bytes, more than the {MAX_BYTES:,} accepted",
                f"keep a YAML input under {MAX_BYTES:,} bytes",
            )
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise YamlError(f"{path}: file not found", "check the file's name and folder") from None
    except UnicodeDecodeError:
        raise YamlError(f"{path}: not a UTF-8 text file", "save it as UTF-8 text") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise YamlError(
                f"{path}: a symbolic link that loops back on itself",
                "point the link at a real file",
            ) from None
        raise YamlError(
            f"{path}: cannot be read ({exc.strerror})", "check the file's name and permissions"
        ) from None
    return read_yaml_text(text, str(path))


def first_duplicate(
    tree: Any, path: tuple = (), _seen: set[int] | None = None
) -> tuple[tuple, Any, int, int] | None:
    """The first repeated key in ``tree``: (keys leading to its mapping, key,
    line, line of the first occurrence), or None. A mapping or list reached
    again through an alias is looked at once."""
    seen = set() if _seen is None else _seen
    if isinstance(tree, dict | list):
        if id(tree) in seen:
            return None
        seen.add(id(tree))
    if isinstance(tree, LineDict) and tree.duplicates:
        key, line, first = tree.duplicates[0]
        return path, key, line, first
    if isinstance(tree, dict):
        for key, value in tree.items():
            found = first_duplicate(value, (*path, key), seen)
            if found:
                return found
    elif isinstance(tree, list):
        for index, value in enumerate(tree):
            found = first_duplicate(value, (*path, index), seen)
            if found:
                return found
    return None
