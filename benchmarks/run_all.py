"""Run every benchmark, each in its own process, and save the results.

    python benchmarks/run_all.py [--quick]

Writes benchmarks/results/latest.json (a list of the JSON objects the
scripts print) so runs can be compared over time. ``--quick`` skips the
full-GB and ten-million-case runs.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RUNS = [
    ("bench_rules.py", ["--cases", "1000000"], False),
    ("bench_rules.py", ["--cases", "10000000", "--repeat", "3"], True),
    ("bench_rules.py", ["--cases", "1000000", "--steps"], False),
    ("bench_rules.py", ["--cases", "10000000", "--repeat", "2", "--steps"], True),
    ("bench_population.py", ["--families", "100000"], False),
    ("bench_population.py", ["--full-gb"], True),
    ("bench_dynamics.py", ["--families", "200000"], False),
    ("bench_dynamics.py", ["--full-gb"], True),
    ("bench_compare.py", ["--families", "100000"], False),
    ("bench_compare.py", ["--full-gb"], True),
    ("bench_cli_compare.py", ["--families", "100000"], False),
    ("bench_cli_compare.py", ["--full-gb"], True),
    ("bench_dashboard.py", [], False),
    ("bench_sweep.py", [], False),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="skip the largest runs")
    args = parser.parse_args()
    results = []
    for script, options, large in RUNS:
        if large and args.quick:
            continue
        print(f"running {script} {' '.join(options)}", file=sys.stderr, flush=True)
        done = subprocess.run(
            [sys.executable, str(HERE / script), *options],
            check=True,
            capture_output=True,
            text=True,
        )
        results.append(json.loads(done.stdout))
        print(done.stdout, flush=True)
    out = HERE / "results" / "latest.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    print(f"saved {out}", file=sys.stderr)


if __name__ == "__main__":
    main()
