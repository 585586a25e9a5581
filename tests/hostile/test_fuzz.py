"""Property-based fuzzing of the scenario loader (hypothesis): whatever text or
structure it is given, it returns a valid Scenario or raises the project's
clear error (a SimulatorError, whose message names the file and the fix) —
never another exception — and within a time bound (hypothesis's deadline,
generous for noisy CI machines). ``max_examples`` stays modest so CI is fast.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simulator.errors import SimulatorError
from simulator.inputs.assumptions import load_assumptions
from simulator.inputs.parameters import load_parameters
from simulator.scenarios.load import Scenario, load_scenario_text

ROOT = Path(__file__).resolve().parents[2]
BASELINE = yaml.safe_load((ROOT / "scenarios" / "baseline.yaml").read_text(encoding="utf-8"))
PARAMETERS = load_parameters()
ASSUMPTIONS = load_assumptions()
FUZZ = settings(
    max_examples=100,
    deadline=2000,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
)
trees = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=10), inner, max_size=5)
    ),
    max_leaves=30,
)
names = st.sampled_from(
    [*sorted(ASSUMPTIONS)[:40], "fees.collection.receiving_parent_rate", "no.such.thing"]
)
changes = st.lists(
    st.builds(
        lambda kind, name, rest: {kind: name, **rest},
        st.sampled_from(["parameter", "assumption", "switch"]),
        names,
        st.fixed_dictionaries(
            {},
            optional={
                "from": st.one_of(st.dates(), scalars),
                "until": st.one_of(st.dates(), scalars),
                "value": st.one_of(scalars, st.floats(min_value=-2, max_value=2)),
                "note": scalars,
            },
        ),
    ),
    max_size=4,
)


def _loads(text: str) -> None:
    try:
        result = load_scenario_text(
            text, "fuzzed.yaml", parameters=PARAMETERS, assumptions=ASSUMPTIONS
        )
    except SimulatorError as error:
        assert str(error).startswith("fuzzed.yaml")
        assert "Fix:" in str(error)
    else:
        assert isinstance(result, Scenario)


@FUZZ
@given(st.text(max_size=400))
def test_any_text_gives_a_scenario_or_a_clear_error(text):
    _loads(text)


@FUZZ
@given(trees)
def test_any_yaml_structure_gives_a_scenario_or_a_clear_error(tree):
    _loads(yaml.safe_dump(tree, allow_unicode=True))


@FUZZ
@given(
    st.dictionaries(st.sampled_from([*BASELINE, "base", "one_off_costs"]), trees, max_size=3),
    changes,
)
def test_a_scenario_with_fields_and_changes_changed_gives_one_or_a_clear_error(fields, edits):
    tree = {**BASELINE, **fields, "changes": edits}
    _loads(yaml.safe_dump(tree, allow_unicode=True, sort_keys=False))
