"""``cms-sim run`` and ``cms-sim compare``: one scenario, or a baseline and
reforms on the same families, with every output file and the headline."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from simulator.cli.options import load_scenarios, require_one_or_more, run_options, run_settings

__all__ = ["add_parser", "run"]


def add_parser(commands) -> None:
    run_command = commands.add_parser(
        "run",
        help="run one scenario and write its metrics (with ranges if --replications > 1)",
        description="Run a scenario file on a synthetic population and write metrics.csv, "
        "monthly.csv, scenario.yaml and run.json to --out.",
    )
    run_command.add_argument(
        "scenario",
        type=Path,
        help="scenario file, or a shipped scenario's name (e.g. formula-refresh)",
    )
    run_options(run_command)

    compare = commands.add_parser(
        "compare",
        help="run a baseline and reforms on the same families and compare them",
        description="Run BASELINE and each REFORM on the same families with the same random "
        "draws; write metrics.csv (levels and changes against the baseline, with low-high "
        "ranges), deciles.csv, monthly.csv, quarterly.csv, distribution.csv (by nation, number of "
        "children and service), channels.csv and channels.md (each reform's changes split into "
        "channels that add up), scenario.yaml and run.json to --out.",
    )
    compare.add_argument(
        "scenarios",
        type=Path,
        nargs="+",
        metavar="SCENARIO.yaml",
        help="the baseline first, then one or more reforms: files, or shipped scenarios by name "
        "(e.g. baseline scrap-receiving-parent-fee)",
    )
    run_options(compare)
    compare.add_argument(
        "--no-channels",
        action="store_true",
        help="skip the split of each reform's changes into channels (its extra runs): "
        "no channels.csv or channels.md",
    )


def write_comparison(comparison, out: Path) -> None:
    """Every output of a comparison into folder ``out``, each file all-or-nothing."""
    import json

    import yaml

    from simulator.reports.files import write_csv_atomic, write_text_atomic

    out.mkdir(parents=True, exist_ok=True)
    write_csv_atomic(comparison.metrics, out / "metrics.csv")
    write_csv_atomic(comparison.deciles, out / "deciles.csv")
    write_csv_atomic(comparison.monthly, out / "monthly.csv")
    write_csv_atomic(comparison.quarterly, out / "quarterly.csv")
    write_csv_atomic(comparison.distribution, out / "distribution.csv")
    if not comparison.channels.empty:
        from simulator.experiments.channels import channels_markdown

        write_csv_atomic(comparison.channels, out / "channels.csv")
        write_text_atomic(
            channels_markdown(comparison.channels, comparison.scenarios, comparison.run),
            out / "channels.md",
        )
    resolved = {s.key: s.resolved() for s in comparison.scenarios}
    write_text_atomic(
        yaml.safe_dump(resolved, sort_keys=False, allow_unicode=True), out / "scenario.yaml"
    )
    write_text_atomic(json.dumps(comparison.run, indent=2) + "\n", out / "run.json")


def run(args: argparse.Namespace) -> int:
    from simulator.cli.options import stderr_progress
    from simulator.experiments.compare import compare
    from simulator.reports.headline import headline_text

    paths = [args.scenario] if args.command == "run" else args.scenarios
    scenarios = load_scenarios(paths, args.months)
    families, population = run_settings(args)
    require_one_or_more("--replications", args.replications)
    comparison = compare(
        scenarios,
        families=families,
        replications=args.replications,
        population=population,
        progress=stderr_progress,
        channels=args.command == "compare" and not args.no_channels and len(scenarios) > 1,
    )
    print(file=sys.stderr)
    write_comparison(comparison, args.out)
    print(headline_text(comparison.metrics))
    with_channels = not comparison.channels.empty
    if with_channels:
        from simulator.experiments.channels import channel_sentence

        for s in comparison.scenarios[1:]:
            print(channel_sentence(comparison.channels, s.key, s.name))
    print(
        f"written to {args.out}/ (metrics.csv, deciles.csv, monthly.csv, quarterly.csv, "
        f"distribution.csv, {'channels.csv, channels.md, ' if with_channels else ''}"
        "scenario.yaml, run.json) in "
        f"{comparison.run['timings_seconds']['total']:.1f} s",
        file=sys.stderr,
    )
    return 0
