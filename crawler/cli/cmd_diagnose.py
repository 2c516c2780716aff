"""`asnwatch check` and `asnwatch evaluate`: diagnosing an outlet's config, measuring the filters.

Their modules are imported when the command runs: the other commands need
neither the evaluation sets nor the live-site checker.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import crawler
from crawler.cli.common import EXIT_OK, CliError
from crawler.config.model import Config


def cmd_evaluate(config: Config, args: argparse.Namespace) -> int:
    """Measure the topic filter (on a labelled set), or the extraction: on the replica, then
    on the peer benchmark of real pages when it is present."""
    if args.what == "topic":
        from crawler.content.topic import TopicFilter
        from crawler.evaluate.topic import DEFAULT_LABELLED, evaluate, format_report, load_labelled

        labelled = args.labelled or DEFAULT_LABELLED
        print(format_report(evaluate(load_labelled(labelled), TopicFilter(config.topic))))
        return EXIT_OK
    from crawler.evaluate.replica import evaluate_extraction_on_replica

    print(evaluate_extraction_on_replica(config))
    print()
    print(peer_report(config, args.peer_bench))
    return EXIT_OK


def peer_report(config: Config, folder: Path | None) -> str:
    """The peer benchmark's figures, or where it was looked for when it is absent.

    An absent default benchmark is a note (it lives beside the repository, not in
    it); a `folder` given on the command line that holds no benchmark is an error.
    """
    from crawler.evaluate.peer import (
        default_peer_bench,
        evaluate_peer_bench,
        format_peer_report,
        is_peer_bench,
        load_peer_bench,
        peer_bench_places,
    )

    if folder is not None:
        if not is_peer_bench(folder):
            raise CliError(f"peer benchmark not found (looked in {folder})")
    else:
        repo_root = Path(crawler.__file__).resolve().parent.parent
        found = default_peer_bench(repo_root)
        if found is None:
            looked = ", ".join(str(place) for place in peer_bench_places(repo_root))
            return f"peer benchmark not found (looked in {looked})"
        folder = found
    mine, theirs, _ = evaluate_peer_bench(load_peer_bench(folder), config.extraction)
    return format_peer_report(folder, mine, theirs)


def cmd_check(config: Config, args: argparse.Namespace) -> int:
    """Check one outlet's config against its live site; the report's exit code."""
    from crawler.check import format_report, run_check

    if args.sample < 1:
        raise CliError("--sample must be at least 1")
    report = run_check(config, args.outlet, base_url=args.base_url, sample_size=args.sample)
    print(report.to_json() if args.json else format_report(report))
    if report.exit_code:
        print(f"asnwatch: check {args.outlet} failed: {report.reason}", file=sys.stderr)
    return report.exit_code
