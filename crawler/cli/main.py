"""`asnwatch`: the command line. It parses arguments and dispatches; each command family
lives in its own `crawler.cli.cmd_*` module, the work itself in the layers below.

Exit codes: 0 success; 1 a failure with a one-line reason (bad config,
database unreachable, export impossible); 3 a cycle in which some outlets
failed while others completed; 130 a crawl or run stopped by Ctrl-C (SIGINT),
143 one stopped early by SIGTERM.
"""

from __future__ import annotations

import argparse
import importlib.metadata
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeAlias

from sqlalchemy.exc import DBAPIError

from crawler.cli.cmd_crawl import cmd_crawl_only, cmd_run
from crawler.cli.cmd_diagnose import cmd_check, cmd_evaluate
from crawler.cli.cmd_export import cmd_export
from crawler.cli.cmd_extract import cmd_extract
from crawler.cli.cmd_ops import cmd_daemon, cmd_status
from crawler.cli.cmd_stories import add_stories_args, cmd_stories
from crawler.cli.common import EXIT_FAIL, CliError
from crawler.config.model import Config, ConfigError, config_path, load_config
from crawler.export import ExportError
from storage.db import DatabaseError, database_error_reason, redact_url

#: Each command (but `demo`, which writes its own config) and its implementation.
COMMANDS: dict[str, Callable[[Config, argparse.Namespace], int]] = {
    "crawl": cmd_crawl_only,
    "run": cmd_run,
    "export": cmd_export,
    "status": cmd_status,
    "evaluate": cmd_evaluate,
    "check": cmd_check,
    "extract": cmd_extract,
    "daemon": cmd_daemon,
    "stories": cmd_stories,
}


def _parser() -> argparse.ArgumentParser:
    """The command line: global options, then one subcommand."""
    parser = argparse.ArgumentParser(
        prog="asnwatch",
        description="Monitor Indonesian news on the neutrality of civil servants (ASN) "
        "in elections: crawl outlets, keep on-topic stories once, export them.",
        parents=[_global_options(None)],
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _job_commands(sub)
    _tool_commands(sub)
    return parser


Subparsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


def _global_options(default: object) -> argparse.ArgumentParser:
    """--config and -v, accepted before and after the subcommand.

    The subcommands' copies default to SUPPRESS, so an option given before the
    subcommand is not reset by the subcommand's parser.
    """
    options = argparse.ArgumentParser(add_help=False)
    options.add_argument(
        "--config",
        metavar="PATH",
        default=default,
        help="config file (default: $ASNWATCH_CONFIG or ./config.yaml)",
    )
    options.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        default=False if default is None else default,
        help="log debug details",
    )
    return options


def _command(sub: Subparsers, name: str, *, help: str) -> argparse.ArgumentParser:
    """A subcommand whose `--help` starts with its one-line description."""
    return sub.add_parser(
        name,
        help=help,
        description=help[0].upper() + help[1:] + ".",
        parents=[_global_options(argparse.SUPPRESS)],
    )


def _version() -> str:
    """The installed package's version (its metadata), or "unknown" when run uninstalled."""
    try:
        return importlib.metadata.version("asnwatch")
    except importlib.metadata.PackageNotFoundError:
        return "unknown"


def _job_commands(sub: Subparsers) -> None:
    """The main job, its parts and its results: crawl, export, run, daemon, status, stories."""
    crawl = _command(sub, "crawl", help="run one crawl cycle over all or the named outlets")
    crawl.add_argument(
        "--outlet", action="append", metavar="NAME", help="only this outlet (repeatable)"
    )

    exp = _command(sub, "export", help="write stories not yet exported to files")
    _export_args(exp)

    run = _command(sub, "run", help="the main job, once: crawl all outlets, then export")
    run.add_argument(
        "--outlet", action="append", metavar="NAME", help="only this outlet (repeatable)"
    )
    run.add_argument("--out", metavar="DIR", type=Path, help="export folder (default: export.dir)")
    run.add_argument("--format", choices=["txt", "jsonl", "csv"], help="default: export.format")
    # Set by `asnwatch daemon` for its cycle processes: how the cycle is recorded, and
    # the daemon whose death (a SIGKILL) must stop the cycle too.
    run.add_argument("--trigger", default="manual", help=argparse.SUPPRESS)
    run.add_argument("--parent-pid", type=int, help=argparse.SUPPRESS)

    daemon = _command(
        sub,
        "daemon",
        help="run the main job on the configured schedule until SIGTERM (see docs/deploy.md)",
    )
    daemon.add_argument(
        "--metrics", metavar="HOST:PORT", help="serve Prometheus /metrics (default: metrics.listen)"
    )
    status = _command(sub, "status", help="last cycles and runs per outlet, counts, health")
    status.add_argument("--json", action="store_true", help="print the status as one JSON object")
    stories = _command(sub, "stories", help="list or search the stored stories, or show one")
    add_stories_args(stories)


def _tool_commands(sub: Subparsers) -> None:
    """Diagnosis, the demo and the measurements: check, extract, demo, evaluate."""
    check = _command(
        sub,
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
    _extract_args(sub)

    demo = _command(sub, "demo", help="the main job against the bundled local replica")
    demo.add_argument(
        "--dir",
        type=Path,
        default=Path("demo"),
        metavar="DIR",
        help="where the demo keeps its database and export folder (default: ./demo)",
    )

    ev = _command(sub, "evaluate", help="measure the topic filter or the extraction")
    ev.add_argument("what", choices=["topic", "extraction"])
    ev.add_argument(
        "--labelled",
        type=Path,
        metavar="FILE",
        help="topic: a labelled YAML set (default: the one shipped with asnwatch)",
    )
    ev.add_argument(
        "--peer-bench",
        type=Path,
        metavar="DIR",
        help="extraction: the peer benchmark folder (default: $ASNWATCH_PEER_BENCH, else the "
        "development half beside the repository; see docs/extraction.md)",
    )


def _extract_args(sub: Subparsers) -> None:
    ext = _command(
        sub,
        "extract",
        help="extract stories from saved pages (.html, .html.gz) as a crawl would",
    )
    ext.add_argument("files", nargs="+", type=Path, metavar="FILE")
    ext.add_argument(
        "--url",
        metavar="URL",
        help="the files are the pages of one story at URL, in order "
        "(default: each file is an article at its file:// URL)",
    )
    ext.add_argument(
        "--outlet", metavar="NAME", help="this outlet's extraction rules (default: generic rules)"
    )
    ext.add_argument(
        "--format", choices=["txt", "jsonl"], default="txt", help="default: txt (export layout)"
    )


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
        return COMMANDS[args.command](config, args)
    except (ConfigError, CliError, DatabaseError, ExportError) as exc:
        print(f"asnwatch: error: {exc}", file=sys.stderr)
        return EXIT_FAIL
    except DBAPIError as exc:  # the database failed mid-way: the driver's line, no SQL
        print(f"asnwatch: error: database error: {database_error_reason(exc)}", file=sys.stderr)
        return EXIT_FAIL
    except KeyboardInterrupt:
        print("asnwatch: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
