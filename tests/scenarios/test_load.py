"""Scenario files: the shipped ones (by path or by name, from any folder),
stacking one on another, dated schedules, and a clear error for every kind of
bad file, before anything runs. (``cms-sim compare`` given each bad file:
tests/cli/test_compare.py.)"""

from __future__ import annotations

from pathlib import Path

import pytest

from simulator.scenarios.load import SCENARIO_FOLDER, ScenarioError, load_scenario
from tests.scenario_files import GOOD, MONTHS, SHIPPED, write

ROOT = Path(__file__).resolve().parents[2]

# ------------------------------------------------------------- shipped scenarios


def test_the_shipped_scenarios_are_all_there():
    names = {p.stem for p in SHIPPED}
    assert {
        "baseline",
        "scrap-receiving-parent-fee",
        "scrap-collection-fees",
        "lifestyle-income",
        "faster-job-change-reassessment",
        "stronger-enforcement",
        "single-collection-service",
        "domestic-abuse-protections",
        "formula-refresh",
        "fix-the-cms-package",
    } <= names


def test_a_schedule_of_dated_changes_is_not_a_contradiction(tmp_path):
    path = write(
        tmp_path,
        "schedule",
        GOOD
        + """  - parameter: fees.collection.receiving_parent_rate
    from: 2027-05-01
    value: 0.02
""",
    )
    p = load_scenario(path).parameters
    assert p.at("2026-06-01").fees.collection.receiving_parent_rate == 0
    assert p.at("2027-06-01").fees.collection.receiving_parent_rate == 0.02


def test_stacked_scenarios_carry_their_base_changes():
    stacked = load_scenario(SCENARIO_FOLDER / "scrap-collection-fees.yaml")
    targets = [c.target for c in stacked.changes]
    assert targets[0] == "fees.collection.receiving_parent_rate"
    assert "fees.collection.paying_parent_rate" in targets
    p = stacked.parameters.at("2026-06-01").fees.collection
    assert p.receiving_parent_rate == 0 and p.paying_parent_rate == 0
    assert "scrap-receiving-parent-fee.yaml" in stacked.resolved()["stacked_on"][0]


# ---------------------------------------------------------- scenarios by name

BY_NAME = [
    # (how the scenario is given, what is given, a file in the working folder or None,
    #  the file loaded: a shipped one or the working folder's)
    ("a shipped name", "baseline", None, "shipped: baseline.yaml"),
    ("a shipped name with .yaml", "formula-refresh.yaml", None, "shipped: formula-refresh.yaml"),
    (
        "the path of a shipped file",
        str(SCENARIO_FOLDER / "lifestyle-income.yaml"),
        None,
        "shipped: lifestyle-income.yaml",
    ),
    (
        "a file in the working folder wins over a shipped name",
        "baseline.yaml",
        "baseline.yaml",
        "here: baseline.yaml",
    ),
    ("a file without .yaml", "my-reform", "my-reform", "here: my-reform"),
]


@pytest.mark.parametrize("how, given, here, loaded", BY_NAME, ids=[b[0] for b in BY_NAME])
def test_a_scenario_is_a_file_or_the_name_of_a_shipped_one(
    tmp_path, monkeypatch, how, given, here, loaded
):
    monkeypatch.chdir(tmp_path)
    if here:
        write(tmp_path, "local", GOOD).rename(here)
    scenario = load_scenario(given)
    where, name = loaded.split(": ")
    if where == "shipped":
        assert Path(scenario.file).resolve() == (SCENARIO_FOLDER / name).resolve()
        assert scenario.key == Path(name).stem
    else:
        assert scenario.file == name and scenario.name == "local"


NOT_FOUND = [
    # (what is given, expected in the message)
    ("baselin", ["baselin:", "no shipped scenario of that name", "baseline, ", "formula-refresh"]),
    ("nowhere/reform.yaml", ["reform.yaml", "file not found", "name of a shipped scenario"]),
    ("elsewhere/baseline", ["file not found"]),  # a folder part: a path, not a name
]


@pytest.mark.parametrize("given, expected", NOT_FOUND, ids=[n[0] for n in NOT_FOUND])
def test_neither_a_file_nor_a_shipped_name_lists_the_shipped_scenarios(
    tmp_path, monkeypatch, given, expected
):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(given)
    message = str(caught.value)
    assert "Fix: give the path of a scenario file, or the name of a shipped scenario" in message
    for fragment in expected:
        assert fragment in message, (fragment, message)


def test_shipped_scenarios_show_their_file_as_from_the_repository_folder(monkeypatch):
    """Reports name the scenario's file (the validation report is hashed): by
    name or by path, run from the repository folder it is scenarios/NAME.yaml."""
    monkeypatch.chdir(ROOT)
    assert load_scenario("baseline").file == "scenarios/baseline.yaml"
    assert load_scenario("scenarios/baseline.yaml").file == "scenarios/baseline.yaml"
    assert load_scenario(SCENARIO_FOLDER / "baseline.yaml").file == "scenarios/baseline.yaml"
    stacked = load_scenario("scrap-collection-fees")
    assert stacked.bases == ("scenarios/scrap-receiving-parent-fee.yaml",)


def test_a_scenario_anywhere_may_stack_on_a_shipped_one_by_name(tmp_path):
    path = write(tmp_path, "mine", GOOD, "base: scrap-collection-fees\n")
    stacked = load_scenario(path)
    assert [Path(b).stem for b in stacked.bases] == [
        "scrap-receiving-parent-fee",
        "scrap-collection-fees",
    ]
    assert stacked.parameters.at("2026-06-01").fees.collection.paying_parent_rate == 0


# ------------------------------------------------------------- bad scenario files

BAD = [
    # (what is wrong, changes, extra top-level text, expected in the message)
    (
        "unknown parameter",
        "  - parameter: fees.collection.nonsense\n    from: 2026-05-01\n    value: 0\n",
        "",
        ["line 9", "fees.collection.nonsense"],
    ),
    (
        "wrong type",
        "  - parameter: fees.collection.receiving_parent_rate\n    from: 2026-05-01\n"
        "    value: four percent\n",
        "",
        ["line 9", "receiving_parent_rate"],
    ),
    (
        "outside the valid range",
        "  - parameter: fees.collection.receiving_parent_rate\n"
        "    from: 2026-05-01\n    value: 1.5\n",
        "",
        ["receiving_parent_rate", "1.5"],
    ),
    (
        "number for a switch-like parameter",
        "  - parameter: service.direct_pay.available\n    from: 2026-05-01\n    value: 3\n",
        "",
        ["service.direct_pay.available"],
    ),
    (
        "malformed date",
        "  - parameter: fees.collection.receiving_parent_rate\n"
        "    from: 2026-13-01\n    value: 0\n",
        "",
        ["line 10", "'from'", "YYYY-MM-DD"],
    ),
    (
        "until before from",
        "  - parameter: fees.collection.receiving_parent_rate\n"
        "    from: 2026-05-01\n    until: 2026-01-01\n    value: 0\n",
        "",
        ["until", "before"],
    ),
    (
        "overlapping bounded periods",
        "  - parameter: fees.collection.receiving_parent_rate\n    from: 2026-05-01\n"
        "    until: 2026-12-31\n    value: 0\n"
        "  - parameter: fees.collection.receiving_parent_rate\n    from: 2026-09-01\n"
        "    value: 0.02\n",
        "",
        ["line 13", "contradicts"],
    ),
    (
        "contradicting changes",
        GOOD + "  - parameter: fees.collection.receiving_parent_rate\n"
        "    from: 2026-05-01\n    value: 0.02\n",
        "",
        ["line 12", "contradicts", "line 9"],
    ),
    (
        "unknown assumption",
        "  - assumption: behaviour.nonsense\n    value: 1\n",
        "",
        ["behaviour.nonsense"],
    ),
    (
        "assumption outside its bounds",
        "  - assumption: behaviour.income.job_change_prob\n    value: 2\n",
        "",
        ["job_change_prob"],
    ),
    (
        "unknown switch",
        "  - switch: teleport_payments\n    value: true\n",
        "",
        ["teleport_payments", "rti_reassessment"],
    ),
    (
        "switch not true or false",
        "  - switch: rti_reassessment\n    value: 1\n",
        "",
        ["true or false"],
    ),
    (
        "change without a value",
        "  - parameter: fees.collection.receiving_parent_rate\n    from: 2026-05-01\n",
        "",
        ["has no 'value'"],
    ),
    (
        "change of two kinds",
        "  - parameter: fees.collection.receiving_parent_rate\n"
        "    switch: rti_reassessment\n    value: 0\n",
        "",
        ["exactly one"],
    ),
    ("unknown field in a change", GOOD + "    colour: red\n", "", ["'colour'", "line 12"]),
    ("unknown top-level field", GOOD, "horizon: 12\n", ["'horizon'", "unknown field"]),
    ("months not a number", GOOD, "", ["months"]),
    ("base that does not exist", GOOD, "base: nowhere.yaml\n", ["nowhere.yaml", "not found"]),
    ("base that loops", GOOD, "base: bad.yaml\n", ["stacks back on itself"]),
    # a declared one-off cost (one_off_costs)
    ("one-off costs not a list", GOOD, "one_off_costs: 5\n", ["one_off_costs", "list"]),
    (
        "one-off cost without a year",
        GOOD,
        "one_off_costs:\n  - description: Build\n    gbp: 5\n    source: assumption\n",
        ["'year'", "missing"],
    ),
    (
        "one-off cost that is negative",
        GOOD,
        "one_off_costs:\n  - description: Build\n    gbp: -5\n    year: 2027\n"
        "    source: assumption\n",
        ["'gbp'", "positive amount"],
    ),
    (
        "one-off cost given as text",
        GOOD,
        "one_off_costs:\n  - description: Build\n    gbp: fifty million\n    year: 2027\n"
        "    source: assumption\n",
        ["'gbp'", "positive amount", "50000000"],
    ),
    (
        "one-off cost in a year out of range",
        GOOD,
        "one_off_costs:\n  - description: Build\n    gbp: 5\n    year: 1850\n"
        "    source: assumption\n",
        ["'year'", "outside 2000 to 2100"],
    ),
    (
        "one-off cost without a source",
        GOOD,
        "one_off_costs:\n  - description: Build\n    gbp: 5\n    year: 2027\n    source: ''\n",
        ["'source'", "non-empty"],
    ),
    (
        "unknown field in a one-off cost",
        GOOD,
        "one_off_costs:\n  - description: Build\n    gbp: 5\n    year: 2027\n"
        "    source: x\n    currency: EUR\n",
        ["'currency'", "not a field of a one-off cost"],
    ),
]


def write_bad(folder: Path, problem: str, changes: str, extra: str) -> Path:
    """The scenario file ``folder/bad.yaml`` of a row of BAD."""
    path = write(folder, "bad", changes, extra)
    if problem == "months not a number":
        path.write_text(path.read_text().replace(f"months: {MONTHS}", "months: two years"))
    return path


@pytest.mark.parametrize("problem, changes, extra, expected", BAD, ids=[b[0] for b in BAD])
def test_each_bad_scenario_gets_a_clear_error_and_nothing_runs(
    tmp_path, problem, changes, extra, expected
):
    path = write_bad(tmp_path, problem, changes, extra)
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert "bad.yaml" in message and "Fix:" in message
    for fragment in expected:
        assert fragment in message, (fragment, message)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("name: [unclosed\n", "not valid YAML"),
        ("- just\n- a list\n", "not a mapping"),
        ("name: x\ndescription: y\n", "missing"),
    ],
)
def test_files_that_are_not_scenarios(tmp_path, text, expected):
    path = tmp_path / "broken.yaml"
    path.write_text(text)
    with pytest.raises(ScenarioError, match=expected):
        load_scenario(path)


def test_scenario_files_are_data_only(tmp_path):
    """A YAML tag that would run code in an unsafe loader is refused."""
    path = tmp_path / "evil.yaml"
    path.write_text("name: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(ScenarioError, match="not valid YAML"):
        load_scenario(path)


def test_a_declared_one_off_cost_is_read_and_shown_as_run(tmp_path):
    path = write(
        tmp_path,
        "build",
        GOOD,
        "one_off_costs:\n  - description: Build the   system\n    gbp: 50000000\n"
        "    year: 2027\n    source: assumption for the test\n",
    )
    scenario = load_scenario(path)
    (cost,) = scenario.one_off_costs
    assert (cost.description, cost.gbp, cost.year) == ("Build the system", 50e6, 2027)
    assert scenario.resolved()["one_off_costs"][0]["gbp"] == 50e6
