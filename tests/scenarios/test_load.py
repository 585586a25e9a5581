"""Scenario files: the shipped ones, stacking one on another, dated schedules,
and a clear error for every kind of bad file, before anything runs."""

from __future__ import annotations

import pytest

from simulator.cli import main
from simulator.scenarios.load import SCENARIO_FOLDER, ScenarioError, load_scenario
from tests.scenario_files import GOOD, MONTHS, SHIPPED, write

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
]


@pytest.mark.parametrize("problem, changes, extra, expected", BAD, ids=[b[0] for b in BAD])
def test_each_bad_scenario_gets_a_clear_error_and_nothing_runs(
    tmp_path, capsys, problem, changes, extra, expected
):
    path = write(tmp_path, "bad", changes, extra)
    if problem == "months not a number":
        path.write_text(path.read_text().replace(f"months: {MONTHS}", "months: two years"))
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    message = str(caught.value)
    assert "bad.yaml" in message and "Fix:" in message
    for fragment in expected:
        assert fragment in message, (fragment, message)
    out = tmp_path / "out"
    assert (
        main(
            [
                "compare",
                str(SCENARIO_FOLDER / "baseline.yaml"),
                str(path),
                "--out",
                str(out),
                "--families",
                "100",
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert "bad.yaml" in err and "Traceback" not in err
    assert not out.exists()


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
