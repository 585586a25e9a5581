"""Benchmark: a 20-point sweep serially and on a local Dask cluster (not part
of the test suite).

    python benchmarks/bench_sweep.py [--families 50000]

Sweeps the receiving parent's fee over 20 values (one replication each, 24
months) from scenarios/baseline.yaml, first serially in this process, then on a
local Dask cluster with one single-threaded worker process per core; checks the
two give the same results; prints one JSON object with both wall times (the
Dask time includes starting the cluster) and the speed-up.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

import pandas as pd
from _measure import report, timed

from simulator.experiments.sweep import load_sweep, run_sweep
from simulator.scenarios.load import SCENARIO_FOLDER

SWEEP = """name: benchmark sweep
base: {base}
families: {families}
replications: 1
metrics: [children_in_relative_poverty_ahc, collection_fees_receiving_parents_annual_gbp]
vary:
  - parameter: fees.collection.receiving_parent_rate
    range: {{start: 0.0, stop: 0.038, step: 0.002}}
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--families", type=int, default=50_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "sweep.yaml"
        path.write_text(
            SWEEP.format(base=SCENARIO_FOLDER / "baseline.yaml", families=args.families)
        )
        sweep = load_sweep(path)
        serial, _ = timed(lambda: run_sweep(sweep, Path(folder) / "serial", scheduler="serial"))
        dask, _ = timed(lambda: run_sweep(sweep, Path(folder) / "dask", scheduler="dask-local"))
        same = pd.read_csv(Path(folder) / "serial" / "sweep.csv").equals(
            pd.read_csv(Path(folder) / "dask" / "sweep.csv")
        )
    report(
        "sweep_20_points",
        points=len(sweep.points),
        families=args.families,
        serial_seconds=round(serial, 2),
        dask_local_cluster_seconds=round(dask, 2),
        speed_up=round(serial / dask, 2),
        same_results=same,
    )


if __name__ == "__main__":
    main()
