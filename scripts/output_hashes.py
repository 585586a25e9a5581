"""Record hashes of the model's outputs: the safety net for restructures.

    python scripts/output_hashes.py                  # print the hashes (JSON)
    python scripts/output_hashes.py --out FILE.json  # also save them
    python scripts/output_hashes.py --check FILE.json  # exit 1 if any differs

A restructure must leave every hash unchanged. What is hashed (all through the
``cms-sim`` commands, so the command line is covered too):

- a population of 100,000 families (seed 20260401, date 2026-04-01): every column;
- every shipped scenario compared with current law on 100,000 families:
  ``metrics.csv``, ``monthly.csv``, ``quarterly.csv`` and ``deciles.csv``, whole and
  each scenario's rows;
- a comparison with 3 replications (20,000 families; ranges and drawn assumptions);
- ``cms-sim simulate`` (monthly and quarterly), the calibration and validation
  reports, a small sweep (serial), one sensitivity run, the behaviour fit (what it
  prints) and the calculator on the bundled examples.

Takes about 40 s on a 2-core machine.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
SCENARIOS = sorted((ROOT / "scenarios").glob("*.yaml"))
FAMILIES = 100_000
SEED = 20260401
DATE = "2026-04-01"


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:16]


def _cms_sim(*argv: str) -> str:
    """Run a ``cms-sim`` command in this process; its standard output."""
    from simulator.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(io.StringIO()) as err:
        status = main([str(a) for a in argv])
    if status not in (0, None):
        raise SystemExit(f"cms-sim {' '.join(argv)} failed ({status}): {err.getvalue()}")
    return out.getvalue()


def _table_hashes(folder: Path, names: list[str]) -> dict[str, str]:
    out = {}
    for name in names:
        path = folder / name
        out[name] = _digest(path.read_bytes())
        table = pd.read_csv(path)
        if "scenario" in table.columns:
            for key, rows in table.groupby("scenario", sort=False):
                out[f"{name}[{key}]"] = _digest(rows.to_csv(index=False).encode())
    return out


def record() -> dict[str, str]:
    hashes: dict[str, str] = {}
    timings: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)

        t = time.perf_counter()
        pop_file = tmp / "population.parquet"
        _cms_sim(
            "population", "--families", FAMILIES, "--seed", SEED, "--date", DATE, "--out", pop_file
        )
        frame = pd.read_parquet(pop_file)
        for column in frame.columns:
            hashes[f"population/{column}"] = _digest(
                pd.util.hash_pandas_object(frame[column], index=True).values.tobytes()
            )
        timings["population"] = time.perf_counter() - t

        t = time.perf_counter()
        compare = tmp / "compare"
        _cms_sim("compare", *SCENARIOS, "--families", FAMILIES, "--out", compare)
        for key, value in _table_hashes(
            compare, ["metrics.csv", "monthly.csv", "quarterly.csv", "deciles.csv"]
        ).items():
            hashes[f"compare/{key}"] = value
        timings["compare"] = time.perf_counter() - t

        t = time.perf_counter()
        reps = tmp / "replications"
        _cms_sim(
            "compare",
            ROOT / "scenarios" / "baseline.yaml",
            ROOT / "scenarios" / "scrap-receiving-parent-fee.yaml",
            ROOT / "scenarios" / "stronger-enforcement.yaml",
            "--families",
            20_000,
            "--replications",
            3,
            "--out",
            reps,
        )
        for key, value in _table_hashes(reps, ["metrics.csv", "monthly.csv"]).items():
            hashes[f"replications/{key}"] = value
        timings["replications"] = time.perf_counter() - t

        t = time.perf_counter()
        sim = tmp / "simulate"
        _cms_sim("simulate", "--population", pop_file, "--months", 12, "--out", sim)
        for key, value in _table_hashes(sim, ["monthly.csv", "quarterly.csv"]).items():
            hashes[f"simulate/{key}"] = value
        timings["simulate"] = time.perf_counter() - t

        t = time.perf_counter()
        report = tmp / "calibration"
        _cms_sim(
            "calibration-report", "--families", 20_000, "--seed", SEED, "--date", DATE,
            "--out", report,
        )  # fmt: skip
        for name in ("calibration_report.csv", "calibration_report.md"):
            hashes[f"calibration/{name}"] = _digest((report / name).read_bytes())
        timings["calibration"] = time.perf_counter() - t

        t = time.perf_counter()
        validate = tmp / "validate"
        _cms_sim("validate", "--families", 20_000, "--out", validate)
        for name in ("validation_report.csv", "coverage.csv", "validation_report.md"):
            hashes[f"validate/{name}"] = _digest((validate / name).read_bytes())
        timings["validate"] = time.perf_counter() - t

        t = time.perf_counter()
        sweep_file = tmp / "sweep.yaml"
        baseline = (ROOT / "scenarios" / "baseline.yaml").read_text()
        (tmp / "short.yaml").write_text(baseline.replace("months: 24", "months: 6"))
        sweep_file.write_text(
            "name: hash sweep\nbase: short.yaml\nfamilies: 5000\nreplications: 2\n"
            "metrics: [children_in_relative_poverty_ahc, maintenance_received_cms_annual_gbp]\n"
            "vary:\n  - parameter: fees.collection.receiving_parent_rate\n"
            "    from: 2026-05-01\n    values: [0.0, 0.02]\n"
        )
        sweep = tmp / "sweep"
        _cms_sim("sweep", sweep_file, "--out", sweep, "--scheduler", "serial")
        for name in ("sweep.csv", "summary.csv"):
            hashes[f"sweep/{name}"] = _digest((sweep / name).read_bytes())
        timings["sweep"] = time.perf_counter() - t

        t = time.perf_counter()
        sens = tmp / "sensitivity"
        _cms_sim(
            "sensitivity", ROOT / "scenarios" / "scrap-receiving-parent-fee.yaml",
            "--metric", "children_in_relative_poverty_ahc", "--families", 3000,
            "--months", 3, "--out", sens,
        )  # fmt: skip
        hashes["sensitivity/sensitivity.csv"] = _digest((sens / "sensitivity.csv").read_bytes())
        hashes["fit-behaviour/stdout"] = _digest(
            _cms_sim("fit-behaviour", "--families", 2000, "--date", DATE).encode()
        )
        timings["sensitivity, fit-behaviour"] = time.perf_counter() - t

        calc = tmp / "calc.csv"
        _cms_sim("calc", ROOT / "data" / "examples" / "calc_input.csv", "-o", calc, "--date", DATE)
        hashes["calc/output.csv"] = _digest(calc.read_bytes())
        hashes["calc/explain"] = _digest(
            _cms_sim(
                "calc", "--explain", "--gross-weekly-income", 450, "--care-nights", "0,104|52",
                "--relevant-other-children", 1, "--date", DATE,
            ).encode()
        )  # fmt: skip
    print("timings: " + ", ".join(f"{k} {v:.1f} s" for k, v in timings.items()), file=sys.stderr)
    return hashes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, help="save the hashes to this JSON file")
    parser.add_argument("--check", type=Path, help="compare with hashes saved earlier")
    args = parser.parse_args()
    hashes = record()
    text = json.dumps(hashes, indent=1, sort_keys=True) + "\n"
    if args.out:
        args.out.write_text(text)
    if args.check:
        before = json.loads(args.check.read_text())
        differ = sorted(k for k in before.keys() | hashes.keys() if before.get(k) != hashes.get(k))
        for key in differ:
            print(f"differs: {key}: {before.get(key)} -> {hashes.get(key)}", file=sys.stderr)
        print(
            f"{len(hashes)} hashes, {len(differ)} differ from {args.check}",
            file=sys.stderr,
        )
        return 1 if differ else 0
    print(text, end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
