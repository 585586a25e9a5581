"""A sweep's fingerprint covers the whole resolved base: a change to the base's
own base is another sweep, so resume refuses the old folder."""

from __future__ import annotations

import pytest

from simulator.experiments.sweep import SweepError, check_workers, load_sweep

GRAND_BASE = """name: grand base
description: the base's base
author: test
reference: none
start: 2026-05-01
months: 3
seed: 1
base: baseline
changes:
  - parameter: fees.collection.receiving_parent_rate
    from: 2026-05-01
    value: %s
"""
BASE = """name: base
description: stacked on the grand base
author: test
reference: none
start: 2026-05-01
months: 3
seed: 1
base: grand.yaml
changes: []
"""
SWEEP = """name: stacked sweep
description: varies a stacked base
base: base.yaml
families: 300
metrics: [collect_and_pay_share]
vary:
  - parameter: fees.collection.paying_parent_rate
    from: 2026-05-01
    values: [0.1, 0.2]
"""


def test_a_change_to_the_bases_base_changes_the_fingerprint(tmp_path):
    (tmp_path / "base.yaml").write_text(BASE)
    (tmp_path / "sweep.yaml").write_text(SWEEP)
    digests = []
    for rate in ("0.01", "0.02"):
        (tmp_path / "grand.yaml").write_text(GRAND_BASE % rate)
        digests.append(load_sweep(tmp_path / "sweep.yaml").digest)
    assert digests[0] != digests[1]


@pytest.mark.parametrize("workers", [0, -1, 1.5, True, "2"])
def test_bad_worker_counts_are_refused(workers):
    with pytest.raises(SweepError, match="--workers must be a whole number of 1 or more"):
        check_workers(workers)


@pytest.mark.parametrize("workers", [None, 1, 4])
def test_good_worker_counts_pass(workers):
    check_workers(workers)


def test_a_bad_point_cites_the_sweep_files_line_not_the_generated_scenarios(tmp_path):
    (tmp_path / "sweep.yaml").write_text(
        SWEEP.replace("base: base.yaml", "base: baseline").replace("[0.1, 0.2]", "[0.1, -5]")
    )
    with pytest.raises(SweepError) as error:
        load_sweep(tmp_path / "sweep.yaml")
    message = str(error.value)
    assert "sweep.yaml, line 7 (vary)" in message
    assert "baseline.yaml, line" not in message
