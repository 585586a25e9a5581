"""Reform scenarios: loading and validating scenario files, running them against
the baseline on the same families, outcomes and their ranges, and the
run / compare / sensitivity / validate commands."""

from __future__ import annotations

import dataclasses
import json
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from simulator.cli import main
from simulator.experiments.compare import compare, sensitivity
from simulator.outcomes.metrics import METRIC_UNITS
from simulator.population import synthesise_population
from simulator.scenarios.load import SCENARIO_FOLDER, ScenarioError, load_scenario

SHIPPED = sorted(SCENARIO_FOLDER.glob("*.yaml"))
FAMILIES = 3_000
MONTHS = 6


@cache
def population():
    return synthesise_population(FAMILIES, 20260401, "2026-05-01")


def short(name: str, months: int = MONTHS):
    s = load_scenario(SCENARIO_FOLDER / f"{name}.yaml")
    return s.with_horizon(s.start, months, s.seed)


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


@cache
def all_shipped():
    scenarios = [short("baseline")] + [short(p.stem) for p in SHIPPED if p.stem != "baseline"]
    return compare(scenarios, population=population(), workers=1)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: p.stem)
def test_every_shipped_scenario_runs_and_gives_every_metric(path):
    table = all_shipped().metrics
    rows = table[table.scenario == path.stem].set_index("metric")
    assert set(METRIC_UNITS) <= set(rows.index)
    # no Direct Pay after the single collection service: its share is undefined
    undefined = {"months_to_corrected_liability"} | (
        {"direct_pay_received_all_share"} if path.stem == "single-collection-service" else set()
    )
    headline = [m for m in METRIC_UNITS if m not in undefined]
    assert np.isfinite(rows.loc[headline, "value"].astype(float)).all()
    if path.stem != "baseline":
        assert "children_in_relative_poverty_ahc_change" in rows.index
        assert "children_lifted_out_of_poverty_bhc" in rows.index


@pytest.mark.parametrize(
    "scenario, metric, direction",
    [
        ("scrap-receiving-parent-fee", "collection_fees_receiving_parents_annual_gbp", -1),
        ("scrap-collection-fees", "collection_fees_paying_parents_annual_gbp", -1),
        ("single-collection-service", "collect_and_pay_share", +1),
        ("lifestyle-income", "hidden_income_brought_in_annual_gbp", +1),
        ("stronger-enforcement", "enforcement_charges_annual_gbp", +1),
        ("formula-refresh", "maintenance_due_cms_annual_gbp", +1),
        ("domestic-abuse-protections", "collection_fees_receiving_parents_annual_gbp", -1),
    ],
)
def test_each_reform_moves_what_it_targets(scenario, metric, direction):
    table = all_shipped().metrics.set_index(["scenario", "metric"])
    change = table.loc[(scenario, f"{metric}_change"), "value"]
    assert np.sign(change) == direction, change


def test_faster_reassessment_shortens_the_time_to_a_corrected_liability():
    scenarios = [short("baseline", 18), short("faster-job-change-reassessment", 18)]
    table = compare(scenarios, population=population(), workers=1).metrics
    months = table[table.metric == "months_to_corrected_liability"].set_index("scenario").value
    assert months["faster-job-change-reassessment"] < months["baseline"]


# -------------------------------------------------------------- exact properties


def write(folder: Path, name: str, changes: str, extra: str = "") -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(
        f"""name: {name}
description: a test scenario
author: tests
reference: tests
start: 2026-05-01
months: {MONTHS}
seed: 20260401
{extra}changes:
{changes}"""
    )
    return path


def test_a_scenario_that_changes_nothing_equals_the_baseline_exactly(tmp_path):
    same = write(
        tmp_path,
        "same",
        """  - parameter: fees.collection.receiving_parent_rate
    from: 2026-05-01
    value: 0.04
""",
    )
    result = compare([short("baseline"), load_scenario(same)], population=population(), workers=1)
    t = result.metrics.set_index(["scenario", "metric"]).value
    for name in METRIC_UNITS:
        assert t[("same", name)] == t[("baseline", name)] or (
            np.isnan(t[("same", name)]) and np.isnan(t[("baseline", name)])
        ), name
    changes = result.metrics[result.metrics.metric.str.endswith("_change")]
    assert (changes.value.fillna(0) == 0).all()
    assert (result.deciles.mean_change_gbp_annual == 0).all()


def test_scrapping_the_4pct_fee_gives_receiving_parents_exactly_the_fee(tmp_path):
    """Before behavioural effects (no extra moves to Collect and Pay), every
    month's money received rises by exactly what the 4% fee took."""
    no_behaviour = write(
        tmp_path,
        "scrap-fee-no-behaviour",
        """  - parameter: fees.collection.receiving_parent_rate
    from: 2026-05-01
    value: 0.0
  - assumption: behaviour.service.cp_switch_uplift_if_rp_fee_removed
    value: 0.0
""",
    )
    result = compare(
        [short("baseline"), load_scenario(no_behaviour)], population=population(), workers=1
    )
    m = result.monthly.set_index(["scenario", "month"])
    base, reform = m.loc["baseline"], m.loc["scrap-fee-no-behaviour"]
    assert base.fees_receiving_parents.sum() > 0
    np.testing.assert_allclose(
        reform.received, base.received + base.fees_receiving_parents, rtol=1e-12
    )
    np.testing.assert_allclose(reform.paid, base.paid, rtol=1e-12)


def test_same_seed_same_results_and_ranges_contain_the_central_run():
    scenarios = [short("baseline", 4), short("scrap-receiving-parent-fee", 4)]
    one = compare(scenarios, families=1_500, replications=3, workers=1)
    two = compare(scenarios, families=1_500, replications=3, workers=1)
    pd.testing.assert_frame_equal(one.metrics, two.metrics)
    m = one.metrics.dropna(subset=["value"])
    assert (m.low <= m.value + 1e-9).all() and (m.value <= m.high + 1e-9).all()
    assert (m.high > m.low).any()
    assert len(one.run["varied_assumptions"]) > 20


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

GOOD = """  - parameter: fees.collection.receiving_parent_rate
    from: 2026-05-01
    value: 0.0
"""

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


def test_scenarios_to_compare_must_share_start_months_and_seed(tmp_path, capsys):
    other = write(tmp_path, "other", GOOD).read_text().replace("seed: 20260401", "seed: 7")
    (tmp_path / "other.yaml").write_text(other)
    args = ["compare", str(SCENARIO_FOLDER / "baseline.yaml"), str(tmp_path / "other.yaml")]
    assert main([*args, "--out", str(tmp_path / "o"), "--families", "100"]) == 2
    assert "must share" in capsys.readouterr().err


# ----------------------------------------------------------------------- commands


def test_cms_sim_compare_writes_every_output(tmp_path, capsys):
    out = tmp_path / "results"
    args = [
        "compare",
        str(SCENARIO_FOLDER / "baseline.yaml"),
        str(SCENARIO_FOLDER / "scrap-receiving-parent-fee.yaml"),
        "--families",
        "1500",
        "--months",
        "4",
        "--replications",
        "2",
        "--out",
        str(out),
    ]
    assert main(args) == 0
    assert {p.name for p in out.iterdir()} == {
        "metrics.csv",
        "deciles.csv",
        "monthly.csv",
        "quarterly.csv",
        "scenario.yaml",
        "run.json",
    }
    metrics = pd.read_csv(out / "metrics.csv")
    assert list(metrics.columns) == ["scenario", "metric", "value", "low", "high", "unit"]
    assert set(METRIC_UNITS) <= set(metrics.metric)
    deciles = pd.read_csv(out / "deciles.csv")
    assert set(deciles.decile) == set(range(1, 11))
    run = json.loads((out / "run.json").read_text())
    for key in (
        "model_version",
        "file_hashes",
        "population_seed",
        "population_size",
        "timings_seconds",
        "replications",
    ):
        assert key in run
    assert "children_in_relative_poverty_bhc" in capsys.readouterr().out


def test_cms_sim_run_and_validate(tmp_path, capsys):
    assert (
        main(
            [
                "run",
                str(SCENARIO_FOLDER / "baseline.yaml"),
                "--families",
                "1500",
                "--months",
                "6",
                "--out",
                str(tmp_path / "run"),
            ]
        )
        == 0
    )
    assert (tmp_path / "run" / "metrics.csv").exists()
    assert (
        main(
            [
                "validate",
                "--families",
                "3000",
                "--months",
                "12",
                "--out",
                str(tmp_path / "validation"),
            ]
        )
        == 0
    )
    table = pd.read_csv(tmp_path / "validation" / "validation_report.csv")
    assert {"B02a", "E02a"} <= set(table.id)
    assert not {"B01a", "B01b", "B10a", "A11"} & set(table.id)  # fitted: not validation
    text = (tmp_path / "validation" / "validation_report.md").read_text()
    assert "| S |" in text or "| PS |" in text


def test_sensitivity_ranks_assumptions_by_their_effect():
    table = sensitivity(
        short("baseline", 3),
        "collect_and_pay_paid_some_share",
        population=synthesise_population(800, 3, "2026-05-01"),
        workers=1,
    )
    assert len(table) > 20
    swings = table.swing.abs().to_numpy()
    assert (np.diff(swings) <= 1e-12).all()
    assert swings[0] > 0
    with pytest.raises(ValueError, match="unknown metric"):
        sensitivity(short("baseline", 3), "happiness", families=100)


def test_scenario_files_are_data_only(tmp_path):
    """A YAML tag that would run code in an unsafe loader is refused."""
    path = tmp_path / "evil.yaml"
    path.write_text("name: !!python/object/apply:os.system ['echo hacked']\n")
    with pytest.raises(ScenarioError, match="not valid YAML"):
        load_scenario(path)


def test_every_scenario_starts_from_current_laws_history():
    """The warm-up before the start runs under current law (its parameters,
    behaviour and switches) for baseline and reform alike, so both start from
    the same arrears and enforcement stages."""
    from simulator.dynamics import simulate

    base, reform = short("baseline", 2), short("fix-the-cms-package", 2)
    pop = population()
    runs = [
        simulate(
            pop,
            s.parameters,
            s.months,
            s.start,
            s.seed,
            assumptions=s.assumptions,
            switches=s.switches,
            warm_up_assumptions=base.assumptions,
            warm_up_switches=base.switches,
            workers=1,
        )
        for s in (base, reform)
    ]
    np.testing.assert_array_equal(
        runs[0].families["arrears_start"], runs[1].families["arrears_start"]
    )
    assert runs[0].families["arrears_start"].sum() > 0
    # without the shared history the reform's own rules would have shaped it
    alone = simulate(
        pop,
        reform.parameters,
        reform.months,
        reform.start,
        reform.seed,
        assumptions=reform.assumptions,
        switches=reform.switches,
        workers=1,
    )
    assert not np.array_equal(alone.families["arrears_start"], runs[0].families["arrears_start"])


def test_scenarios_sharing_a_warm_up_give_what_separate_runs_give():
    """A comparison works the warm-up out once for the scenarios whose
    parameters agree before the start, then runs each from a copy of that
    state. Each result must equal a run of its own: here for a reform from the
    start (the formula refresh) and for one whose rules differ already during
    the warm-up (so it warms up on its own)."""
    from simulator.dynamics import simulate
    from simulator.experiments.compare import run_scenarios

    base, refresh = short("baseline", 3), short("formula-refresh", 3)
    earlier = base.parameters.with_value("fees.collection.paying_parent_rate", "2025-09-01", 0.1)
    pop = population()
    scenarios = [base, refresh, base]
    parameter_sets = [base.parameters, refresh.parameters, earlier]
    together = run_scenarios(
        pop,
        [
            dataclasses.replace(s, parameters=p)
            for s, p in zip(scenarios, parameter_sets, strict=True)
        ],
        base.seed,
        [s.assumptions for s in scenarios],
        workers=1,
    )
    for scenario, parameters, shared in zip(scenarios, parameter_sets, together, strict=True):
        alone = simulate(
            pop,
            parameters,
            scenario.months,
            scenario.start,
            scenario.seed,
            assumptions=scenario.assumptions,
            switches=scenario.switches,
            warm_up_assumptions=base.assumptions,
            warm_up_switches=base.switches,
            workers=1,
        )
        pd.testing.assert_frame_equal(shared.monthly, alone.monthly)
        for key, values in alone.families.items():
            np.testing.assert_array_equal(shared.families[key], values, err_msg=key)
    # the reform and the earlier change did change something
    assert not together[1].monthly.equals(together[0].monthly)
    assert not together[2].monthly.equals(together[0].monthly)


def test_a_reform_run_alone_gives_what_it_gives_in_a_comparison():
    """Every run starts from current law's history, so a reform with switches
    and its own assumptions run alone (``cms-sim run``) gives the figures it
    gives against the baseline."""
    base, package = short("baseline", 3), short("fix-the-cms-package", 3)
    alone = compare([package], families=FAMILIES).metrics
    together = compare([base, package], families=FAMILIES).metrics
    together = together[together.scenario == package.key]
    levels = together[~together.metric.str.endswith("_change")]
    merged = levels.merge(alone, on=["scenario", "metric"], suffixes=("_together", "_alone"))
    assert len(merged) == len(alone) > 20
    pd.testing.assert_series_equal(
        merged.value_together, merged.value_alone, check_names=False, check_index=False
    )
