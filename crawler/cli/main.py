"""`asnwatch`: the command line. It parses arguments and reports; the work lives elsewhere.

Exit codes: 0 success; 1 a failure with a one-line reason (bad config,
database unreachable, export impossible); 3 a cycle in which some outlets
failed while others completed; 143 a crawl or run stopped early by SIGTERM/SIGINT.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from crawler.cli.progress import ProgressPrinter
from crawler.cli.views import print_cycle
from crawler.config.model import Config, ConfigError, config_path, load_config
from crawler.export import ExportError, export
from crawler.ops import status as status_view
from crawler.ops.cycle import run_cycle
from crawler.ops.runner import CrawlOptions, check_spiders
from storage.db import DatabaseError, database_error_reason, redact_url
from storage.repository import Repository

EXIT_OK, EXIT_FAIL, EXIT_PARTIAL = 0, 1, 3


class CliError(Exception):
    """A failure to report as one line and exit 1."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="asnwatch",
        description="Monitor Indonesian news on the neutrality of civil servants (ASN) "
        "in elections: crawl outlets, keep on-topic stories once, export them.",
    )
    parser.add_argument(
        "--config",
        metavar="PATH",
        help="config file (default: $ASNWATCH_CONFIG or ./config.yaml)",
    )
    parser.add_argument("-v", "--verbose", action="store_true", help="log debug details")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    crawl = sub.add_parser("crawl", help="run one crawl cycle over all or the named outlets")
    crawl.add_argument(
        "--outlet", action="append", metavar="NAME", help="only this outlet (repeatable)"
    )

    exp = sub.add_parser("export", help="write stories not yet exported to files")
    _export_args(exp)

    run = sub.add_parser("run", help="the main job, once: crawl all outlets, then export")
    run.add_argument(
        "--outlet", action="append", metavar="NAME", help="only this outlet (repeatable)"
    )
    run.add_argument("--out", metavar="DIR", type=Path, help="export folder (default: export.dir)")
    run.add_argument("--format", choices=["txt", "jsonl", "csv"], help="default: export.format")
    # Set by `asnwatch daemon` for its cycle processes: how the cycle is recorded, and
    # the daemon whose death (a SIGKILL) must stop the cycle too.
    run.add_argument("--trigger", default="manual", help=argparse.SUPPRESS)
    run.add_argument("--parent-pid", type=int, help=argparse.SUPPRESS)

    sub.add_parser(
        "daemon",
        help="run the main job on the configured schedule until SIGTERM (see docs/deploy.md)",
    )
    sub.add_parser("status", help="last cycles and runs per outlet, counts, health")

    check = sub.add_parser(
        "check",
        help="diagnose one outlet's config against its live site (a few polite requests)",
    )
    check.add_argument("outlet", metavar="OUTLET")
    check.add_argument(
        "--base-url", metavar="URL", help="check this site instead of the outlet's base_url"
    )
    check.add_argument(
        "--sample", type=int, default=5, metavar="N", help="article URLs to list (default: 5)"
    )
    check.add_argument("--json", action="store_true", help="print the report as JSON")

    demo = sub.add_parser("demo", help="the main job against the bundled local replica")
    demo.add_argument(
        "--dir",
        type=Path,
        default=Path("demo"),
        metavar="DIR",
        help="where the demo keeps its database and export folder (default: ./demo)",
    )

    ev = sub.add_parser("evaluate", help="measure the topic filter or the extraction")
    ev.add_argument("what", choices=["topic", "extraction"])
    ev.add_argument(
        "--labelled",
        type=Path,
        metavar="FILE",
        help="topic: a labelled YAML set (default: the one shipped with asnwatch)",
    )
    return parser


def _export_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out", metavar="DIR", type=Path, help="export folder (default: export.dir)"
    )
    parser.add_argument("--format", choices=["txt", "jsonl", "csv"], help="default: export.format")
    parser.add_argument(
        "--since", metavar="DATE", type=_date, help="only stories fetched since DATE (YYYY-MM-DD)"
    )
    parser.add_argument(
        "--all", action="store_true", help="export every story again, not only new ones"
    )


def _date(value: str) -> datetime:
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date like 2026-11-01, got {value!r}"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _setup_logging(config: Config | None, verbose: bool) -> None:
    level = (
        logging.DEBUG if verbose else getattr(logging, config.logging.level if config else "INFO")
    )
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


def _open(config: Config) -> Repository:
    try:
        return Repository.open(config.database.url)
    except DatabaseError as exc:
        raise CliError(str(exc)) from None


def _check_outlets(
    config: Config, names: Sequence[str] | None, *, spiders: bool = True
) -> list[str]:
    """The outlets to crawl; a ConfigError if one is unknown or (`spiders`) has no spider."""
    for name in names or []:
        config.outlet(name)  # raises ConfigError naming the known outlets
    outlets = list(names or config.outlets)
    if spiders:
        check_spiders(config, outlets)
    return outlets


def cmd_crawl(config: Config, args: argparse.Namespace, *, with_export: bool) -> int:
    from crawler.ops.processes import EXIT_STOPPED, StopSignal

    # A daemon's cycle (--parent-pid) skips the spider check: the daemon made it at its
    # start, and loading the spiders costs a cycle under its time limit most of a second.
    parent_pid = getattr(args, "parent_pid", None)
    names = _check_outlets(config, args.outlet, spiders=parent_pid is None)
    # SIGTERM/SIGINT stop the crawls cleanly (they run in their own sessions, so a
    # signal to us alone would leave them running); an export not yet begun is skipped.
    stop = StopSignal().install()
    if parent_pid:
        stop.watch_parent(parent_pid)
    repo = _open(config)
    if stop():
        return EXIT_STOPPED
    options = CrawlOptions(config_path=Path(config.source).resolve())
    progress = ProgressPrinter(names)
    result = run_cycle(
        config,
        repo,
        options,
        outlets=names,
        with_export=with_export,
        export_to=getattr(args, "out", None),
        export_format=getattr(args, "format", None),
        on_progress=progress.update,
        trigger=getattr(args, "trigger", "manual"),
        should_stop=stop,
    )
    progress.finish()
    print_cycle(result)
    if stop():
        print(f"asnwatch: stopped early ({stop.reason})", file=sys.stderr)
        return EXIT_STOPPED
    return {"ok": EXIT_OK, "partial": EXIT_PARTIAL}.get(result.status, EXIT_FAIL)


def cmd_export(config: Config, args: argparse.Namespace) -> int:
    repo = _open(config)
    result = export(
        repo,
        args.out or config.export.dir,
        args.format or config.export.format,
        since=args.since,
        include_exported=args.all,
    )
    recovered = (
        f" ({result.recovered} recovered from an interrupted run)" if result.recovered else ""
    )
    print(f"Exported {result.stories} stories to {result.folder}{recovered}")
    return EXIT_OK


def cmd_evaluate(config: Config, args: argparse.Namespace) -> int:
    if args.what == "topic":
        from crawler.content.topic import TopicFilter
        from crawler.evaluate.topic import DEFAULT_LABELLED, evaluate, format_report, load_labelled

        labelled = args.labelled or DEFAULT_LABELLED
        print(format_report(evaluate(load_labelled(labelled), TopicFilter(config.topic))))
        return EXIT_OK
    from crawler.evaluate.replica import evaluate_extraction_on_replica

    print(evaluate_extraction_on_replica(config))
    return EXIT_OK


def cmd_check(config: Config, args: argparse.Namespace) -> int:
    from crawler.check import format_report, run_check

    if args.sample < 1:
        raise CliError("--sample must be at least 1")
    report = run_check(config, args.outlet, base_url=args.base_url, sample_size=args.sample)
    print(report.to_json() if args.json else format_report(report))
    if report.exit_code:
        print(f"asnwatch: check {args.outlet} failed: {report.reason}", file=sys.stderr)
    return report.exit_code


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command == "demo":
            from crawler.demo import run_demo

            _setup_logging(None, args.verbose)
            return run_demo(args.dir, config_path(args.config))
        config = load_config(args.config)
        _setup_logging(config, args.verbose)
        logging.getLogger(__name__).debug("database: %s", redact_url(config.database.url))
        if args.command == "crawl":
            return cmd_crawl(config, args, with_export=False)
        if args.command == "run":
            return cmd_crawl(config, args, with_export=True)
        if args.command == "export":
            return cmd_export(config, args)
        if args.command == "status":
            print(status_view.render(config, _open(config)))
            return EXIT_OK
        if args.command == "evaluate":
            return cmd_evaluate(config, args)
        if args.command == "check":
            return cmd_check(config, args)
        if args.command == "daemon":
            from crawler.ops.daemon import run_daemon

            check_spiders(config)  # each cycle would fail on it: refuse to start instead
            return run_daemon(config)
    except (ConfigError, CliError, DatabaseError, ExportError) as exc:
        print(f"asnwatch: error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except DBAPIError as exc:  # the database failed mid-way: the driver's line, no SQL
        print(f"asnwatch: error: database error: {database_error_reason(exc)}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print("asnwatch: interrupted", file=sys.stderr)
        return 130
    raise AssertionError(f"unhandled command {args.command}")


if __name__ == "__main__":
    sys.exit(main())
