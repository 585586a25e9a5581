"""Parameter sweeps: shipped ones by name from any folder, the same results
serially and on a Dask cluster, a failed point does not lose the others, a
rerun resumes, bad sweep files get clear errors, and a point gives what a
comparison gives for that reform. (``cms-sim sweep``: tests/cli/test_sweep.py.)"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from simulator.experiments.sweep import SWEEP_FOLDER, SweepError, load_sweep, run_sweep, run_task
from simulator.scenarios.load import SCENARIO_FOLDER

SWEEP = """name: test sweep
base: {base}
families: 600
replications: 2
metrics: [collection_fees_receiving_parents_annual_gbp, children_in_relative_poverty_ahc]
vary:
  - parameter: fees.collection.receiving_parent_rate
    from: 2026-05-01
    values: [0.0, 0.04]
"""


def write_sweep(folder: Path, text: str = SWEEP, months: int = 4) -> Path:
    base = folder / "base.yaml"
    base.write_text(
        (SCENARIO_FOLDER / "baseline.yaml").read_text().replace("months: 24", f"months: {months}")
    )
    path = folder / "sweep.yaml"
    path.write_text(text.replace("{base}", "base.yaml"))
    return path


def test_the_example_sweep_is_valid():
    sweep = load_sweep(Path(__file__).resolve().parents[2] / "sweeps" / "receiving-parent-fee.yaml")
    values = [p["fees.collection.receiving_parent_rate"] for p in sweep.points]
    assert values == pytest.approx([0, 0.005, 0.01, 0.015, 0.02, 0.025, 0.03, 0.035, 0.04])
    assert sweep.replications == 20


SHIPPED_SWEEP = [
    # (how the sweep is given, what is given)
    ("a shipped name", "receiving-parent-fee"),
    ("a shipped name with .yaml", "receiving-parent-fee.yaml"),
    ("the path of a shipped file", str(SWEEP_FOLDER / "receiving-parent-fee.yaml")),
]


@pytest.mark.parametrize("how, given", SHIPPED_SWEEP, ids=[s[0] for s in SHIPPED_SWEEP])
def test_a_shipped_sweep_is_found_from_any_folder_with_its_base(tmp_path, monkeypatch, how, given):
    monkeypatch.chdir(tmp_path)
    sweep = load_sweep(given)
    assert len(sweep.points) == 9
    # its base, ../scenarios/baseline.yaml, is the shipped baseline
    assert Path(sweep.base.file).resolve() == (SCENARIO_FOLDER / "baseline.yaml").resolve()


@pytest.mark.parametrize(
    "given, expected",
    [
        ("receiving-parent", "no shipped sweep of that name"),
        ("nowhere/sweep.yaml", "file not found"),
    ],
)
def test_neither_a_file_nor_a_shipped_name_lists_the_shipped_sweeps(
    tmp_path, monkeypatch, given, expected
):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SweepError) as caught:
        load_sweep(given)
    message = str(caught.value)
    assert expected in message
    assert "Fix: give the path of a sweep file, or the name of a shipped sweep: " in message
    assert "receiving-parent-fee" in message


def test_a_sweep_anywhere_may_vary_a_shipped_scenario_by_name(tmp_path):
    path = tmp_path / "sweep.yaml"
    path.write_text(SWEEP.replace("{base}", "formula-refresh"))
    sweep = load_sweep(path)
    assert sweep.base.key == "formula-refresh" and sweep.base_name == "formula-refresh.yaml"


def test_serial_and_dask_cluster_give_the_same_results(tmp_path):
    distributed = pytest.importorskip("dask.distributed")
    sweep = load_sweep(write_sweep(tmp_path))
    serial = run_sweep(sweep, tmp_path / "serial", scheduler="serial")
    assert serial["run"] == 4 and serial["failed"] == 0
    with distributed.LocalCluster(
        n_workers=2, processes=False, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        on_dask = run_sweep(sweep, tmp_path / "dask", scheduler=cluster.scheduler_address)
    assert on_dask["run"] == 4
    a = pd.read_csv(tmp_path / "serial" / "sweep.csv")
    b = pd.read_csv(tmp_path / "dask" / "sweep.csv")
    pd.testing.assert_frame_equal(a, b)
    # the fee is what it should be: nothing at 0%, something at 4%
    fees = a[a.metric == "collection_fees_receiving_parents_annual_gbp"]
    at = fees.groupby("fees.collection.receiving_parent_rate").value.max()
    assert at[0.0] == 0 and at[0.04] > 0
    summary = pd.read_csv(tmp_path / "serial" / "summary.csv")
    assert (summary.replications == 2).all()
    assert (summary.low <= summary.value).all() and (summary.value <= summary.high).all()


def flaky(spec: dict) -> dict:
    """Point 1 fails (its scenario text is broken); the others run."""
    if spec["point"] == 1:
        return run_task({**spec, "text": "name: [broken"})
    return run_task(spec)


def test_a_failed_point_is_reported_and_the_rest_completes_then_resume(tmp_path):
    sweep = load_sweep(write_sweep(tmp_path))
    out = tmp_path / "out"
    first = run_sweep(sweep, out, scheduler="serial", task=flaky)
    assert first["failed"] == 2 and first["run"] == 4
    failures = pd.read_csv(out / "failures.csv")
    assert set(failures.point) == {1}
    assert set(failures["fees.collection.receiving_parent_rate"]) == {0.04}
    assert failures.error.str.contains("ScenarioError").all()
    done = pd.read_csv(out / "sweep.csv")
    assert set(done.point) == {0}
    # a rerun skips what is finished and runs only the failed point
    second = run_sweep(sweep, out, scheduler="serial")
    assert second == {"tasks": 4, "run": 2, "skipped": 2, "failed": 0, "failures": []}
    assert set(pd.read_csv(out / "sweep.csv").point) == {0, 1}
    assert not (out / "failures.csv").exists()
    # and a third run has nothing to do
    assert run_sweep(sweep, out, scheduler="serial")["run"] == 0


def test_another_sweep_in_the_same_folder_is_refused(tmp_path):
    sweep = load_sweep(write_sweep(tmp_path))
    run_sweep(sweep, tmp_path / "out", scheduler="serial")
    other = load_sweep(
        write_sweep(tmp_path, SWEEP.replace("values: [0.0, 0.04]", "values: [0.01]"))
    )
    with pytest.raises(SweepError, match="another sweep"):
        run_sweep(other, tmp_path / "out", scheduler="serial")


@pytest.mark.parametrize(
    "change, expected",
    [
        (("families: 600", "families: lots"), "'families'"),
        (("metrics: [", "metrics: [happiness, "), "unknown metric 'happiness'"),
        (("values: [0.0, 0.04]", "values: [0.0, 7]"), "above the valid maximum"),
        (("values: [0.0, 0.04]", "range: {start: 0.04, stop: 0.0, step: 0.01}"), "stop >= start"),
        (("name: test sweep", "name: test sweep\ncolour: red"), "unknown field"),
        (("base: {base}", "base: nowhere.yaml"), "not found"),
    ],
)
def test_bad_sweep_files_get_clear_errors(tmp_path, change, expected):
    text = SWEEP.replace(*change)
    path = write_sweep(tmp_path, text)
    with pytest.raises(SweepError, match=expected.replace("[", r"\[")):
        load_sweep(path)


def test_a_point_gives_what_a_comparison_gives_for_that_reform(tmp_path):
    """Each point starts from current law's history, as a reform does in a
    comparison (here a base with switches and its own assumptions, whose
    history would otherwise differ): its figures are the comparison's."""
    from simulator.experiments.compare import compare
    from simulator.scenarios.load import load_scenario, load_scenario_text

    base = SCENARIO_FOLDER / "fix-the-cms-package.yaml"
    text = f"""name: one point
base: {base}
families: 600
replications: 1
metrics: [maintenance_received_cms_annual_gbp, arrears_stock_end_gbp]
vary:
  - parameter: fees.collection.paying_parent_rate
    from: 2026-05-01
    values: [0.15]
"""
    path = tmp_path / "sweep.yaml"
    path.write_text(text)
    sweep = load_sweep(path)
    run_sweep(sweep, tmp_path / "out", scheduler="serial")
    swept = pd.read_csv(tmp_path / "out" / "sweep.csv").set_index("metric").value
    point = load_scenario_text(
        sweep.point_text(0), sweep.base_name, Path(sweep.folder), local_bases=True
    )
    current_law = load_scenario(SCENARIO_FOLDER / "baseline.yaml")
    table = compare([current_law, point], families=600).metrics
    reform = table[table.scenario == point.key].set_index("metric").value
    for metric in sweep.metrics:
        assert swept[metric] == reform[metric], metric
