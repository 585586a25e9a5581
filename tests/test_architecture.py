"""The shape of the code: the flow runs one way, no import cycles, files that
read in one sitting, rules that stay pure, a model that never needs Streamlit.

Read from the source (Python's own parser), so a test fails with the module,
the import and the line to change.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "simulator"
#: The dashboard: app.py and its pages.
DASHBOARD = [ROOT / "app.py", *sorted((ROOT / "dashboard").glob("**/*.py"))]

#: The layers, lowest first: a module may import from its own layer and those
#: below it, never from one above (README, Architecture). The package root
#: (version and public API) is a facade and not part of the order.
LAYERS = (
    (
        "simulator.errors",
        "simulator.randomness",
        "simulator.allocator",
        "simulator.resources",
        "simulator.workers",
    ),
    ("simulator.inputs",),
    # writing files and formatting numbers: used from the calculator up
    ("simulator.reports.files", "simulator.reports.formatting"),
    ("simulator.rules",),
    ("simulator.calculator",),
    ("simulator.population",),
    ("simulator.dynamics",),
    ("simulator.outcomes",),
    ("simulator.scenarios",),
    ("simulator.experiments",),
    # the reports built from a run's tables (headline, calibration, validation,
    # sources, the briefing): they may name metrics (simulator.outcomes.labels)
    ("simulator.reports",),
    ("simulator.cli",),
)
#: Size limits: proxies for "a file per process that reads in one sitting".
MAX_MODULE_LINES = 800
MAX_FUNCTION_LINES = 150
#: What a statutory rule may import: numpy, the parameters and other rules.
#: The engine (blocks of cases on threads) is the one place for execution.
RULES_MAY_IMPORT = ("numpy", "simulator.inputs.parameters", "simulator.rules")
RULES_EXECUTION = "simulator.rules.engine"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PACKAGE.glob("**/*.py"))}


@cache
def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _imports(name: str) -> list[tuple[str, int]]:
    """Every import in the module (at the top or inside functions): the module
    imported, resolved to a module of the package where it names one."""
    path = _modules()[name]
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = []
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            out += [(alias.name, node.lineno) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, node.module] if node.module else base)
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                out.append((sub if sub in _modules() else target, node.lineno))
    return out


def _internal_imports(name: str) -> list[tuple[str, int]]:
    return [(t, line) for t, line in _imports(name) if t in _modules() and t != name]


def _layer(name: str) -> int | None:
    for rank, prefixes in enumerate(LAYERS):
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            return rank
    return None


def test_every_module_has_a_layer():
    unplaced = [m for m in _modules() if m != "simulator" and _layer(m) is None]
    assert not unplaced, f"add these modules to a layer in LAYERS (and the README): {unplaced}"


def test_nothing_imports_from_a_layer_above_it():
    upward = []
    for name in _modules():
        if name == "simulator":
            continue
        for target, line in _internal_imports(name):
            if target != "simulator" and _layer(target) > _layer(name):
                upward.append(f"{name} (line {line}) imports {target}")
    assert not upward, "imports against the flow:\n" + "\n".join(upward)


def test_no_import_cycles():
    graph = {m: sorted({t for t, _ in _internal_imports(m)}) for m in _modules()}
    cycles, state = [], {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = "open"
        for target in graph[node]:
            if state.get(target) == "open":
                cycles.append(" -> ".join([*stack[stack.index(target) :], target]))
            elif target not in state:
                visit(target, [*stack, target])
        state[node] = "done"

    for module in graph:
        if module not in state:
            visit(module, [module])
    assert not cycles, "import cycles:\n" + "\n".join(cycles)


def _sources() -> list[Path]:
    return [*_modules().values(), *DASHBOARD]


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_modules_and_functions_read_in_one_sitting(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{lines} lines: split it by what it does"
    long = [
        f"{node.name} (line {node.lineno}): {node.end_lineno - node.lineno + 1} lines"
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert not long, f"functions over {MAX_FUNCTION_LINES} lines: {long}"


def test_the_model_never_imports_streamlit():
    found = [
        f"{name} (line {line})"
        for name in _modules()
        for target, line in _imports(name)
        if target.split(".")[0] == "streamlit"
    ]
    assert not found, f"simulator/ must run without Streamlit: {found}"


def test_statutory_rules_are_pure_functions_of_arrays():
    """No files, pandas, randomness, threads or processes in a rule: only
    numpy, the parameters and other rules (the engine alone runs blocks of
    cases on threads)."""
    impure = []
    for name in _modules():
        if not name.startswith("simulator.rules") or name == RULES_EXECUTION:
            continue
        for target, line in _imports(name):
            stdlib_ok = target.split(".")[0] in {"__future__", "dataclasses", "datetime", "typing"}
            if not stdlib_ok and not any(
                target == allowed or target.startswith(allowed + ".")
                for allowed in RULES_MAY_IMPORT
            ):
                impure.append(f"{name} (line {line}) imports {target}")
    assert not impure, "rules must stay pure:\n" + "\n".join(impure)
