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
    compare.add_argument(
        "--briefing",
        type=Path,
        metavar="FILE.pdf",
        default=None,
        help="also write a briefing to take away (PDF): the scenarios and what each "
        "changes, the headline table with ranges, charts, caveats and the model stamp",
    )


#: Every file ``run`` and ``compare`` may write to ``--out``.
OUTPUT_FILES = (
    "metrics.csv",
    "deciles.csv",
    "monthly.csv",
    "quarterly.csv",
    "distribution.csv",
    "channels.csv",
    "channels.md",
    "scenario.yaml",
    "run.json",
)


def _scenario_yaml(comparison) -> str:
    """The resolved scenarios as YAML; a value YAML cannot represent (a note
    written as a mapping, say) is a user error naming it, before any file."""
    import yaml

    from simulator.cli.options import UserError

    resolved = {s.key: s.resolved() for s in comparison.scenarios}
    try:
        return yaml.safe_dump(resolved, sort_keys=False, allow_unicode=True)
    except yaml.YAMLError as exc:
        raise UserError(
            f"a scenario holds a value that cannot be written to scenario.yaml ({exc}). "
            "Fix: give notes and names as plain text (quote them), not mappings or lists; "
            "nothing was written"
        ) from None


def write_comparison(comparison, out: Path) -> None:
    """Every output of a comparison into folder ``out``, all-or-nothing: the
    whole set is written into a temporary folder beside ``out`` and swapped in."""
    import json

    from simulator.reports.files import output_folder, write_csv_atomic, write_text_atomic

    scenario_text = _scenario_yaml(comparison)
    run_text = json.dumps(comparison.run, indent=2) + "\n"
    with output_folder(out, OUTPUT_FILES) as new:
        write_csv_atomic(comparison.metrics, new / "metrics.csv")
        write_csv_atomic(comparison.deciles, new / "deciles.csv")
        write_csv_atomic(comparison.monthly, new / "monthly.csv")
        write_csv_atomic(comparison.quarterly, new / "quarterly.csv")
        write_csv_atomic(comparison.distribution, new / "distribution.csv")
        if not comparison.channels.empty:
            from simulator.experiments.channels import channels_markdown

            write_csv_atomic(comparison.channels, new / "channels.csv")
            write_text_atomic(
                channels_markdown(comparison.channels, comparison.scenarios, comparison.run),
                new / "channels.md",
            )
        write_text_atomic(scenario_text, new / "scenario.yaml")
        write_text_atomic(run_text, new / "run.json")


def write_briefing(comparison, path: Path) -> None:
    """The comparison's briefing (:func:`simulator.reports.briefing_pdf.briefing_pdf`)
    written to ``path`` all-or-nothing."""
    from simulator.reports.briefing_pdf import BriefingResults, briefing_pdf
    from simulator.reports.files import write_path_atomic
    from simulator.scenarios.levers import describe

    scenarios = comparison.scenarios
    results = BriefingResults(
        comparison.metrics,
        comparison.run,
        [s.key for s in scenarios],
        {s.key: s.name for s in scenarios},
        {s.key: describe(s, scenarios[0]) for s in scenarios},
    )
    data = briefing_pdf(results)
    write_path_atomic(path, lambda temporary: Path(temporary).write_bytes(data))


def run(args: argparse.Namespace) -> int:
    from simulator.cli.options import stderr_progress
    from simulator.experiments.compare import compare
    from simulator.reports.headline import headline_text

    paths = [args.scenario] if args.command == "run" else args.scenarios
    scenarios = load_scenarios(paths, args.months)
    families, population = run_settings(args)
    from simulator.reports.files import check_output_folder

    check_output_folder(args.out, OUTPUT_FILES)  # before the run, not after
    briefing = getattr(args, "briefing", None)
    if briefing is not None:
        from simulator.cli.options import UserError
        from simulator.reports.files import check_output_file

        check_output_file(briefing)
        if not (briefing.parent if str(briefing.parent) else Path(".")).is_dir():
            raise UserError(
                f"--briefing {briefing}: folder {briefing.parent} does not exist. Fix: "
                "create it or give another file name"
            )
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
    if briefing is not None:
        write_briefing(comparison, briefing)
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
    if briefing is not None:
        print(f"briefing written to {briefing}", file=sys.stderr)
    return 0
