"""`asnwatch crawl` and `asnwatch run`: one cycle, with live progress and a summary screen.

A daemon's cycle process is `asnwatch run --trigger schedule --parent-pid PID`:
it records its cycle as scheduled and stops when its daemon is gone.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from crawler.cli.common import EXIT_FAIL, EXIT_OK, EXIT_PARTIAL, open_repo
from crawler.cli.progress import ProgressPrinter
from crawler.cli.views import print_cycle
from crawler.config.model import Config
from crawler.ops.cycle import run_cycle
from crawler.ops.preflight import preflight
from crawler.ops.processes import INTERRUPT_GRACE_SECONDS, StopSignal
from crawler.ops.runner import CrawlOptions, check_spiders


def check_outlets(
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
    """One cycle over the chosen outlets (`with_export`: then export); its exit code."""
    # A daemon's cycle (--parent-pid) skips the spider check: the daemon made it at its
    # start, and loading the spiders costs a cycle under its time limit most of a second.
    parent_pid = getattr(args, "parent_pid", None)
    names = check_outlets(config, args.outlet, spiders=parent_pid is None)
    preflight(config, export_dir=getattr(args, "out", None), export=with_export)
    # SIGTERM/SIGINT stop the crawls cleanly (they run in their own sessions, so a
    # signal to us alone would leave them running); an export not yet begun is skipped.
    stop = StopSignal().install()
    if parent_pid:
        stop.watch_parent(parent_pid)
    repo = open_repo(config)
    if stop():
        return stop.exit_code
    options = CrawlOptions(
        config_path=Path(config.source).resolve(), stop_reason=lambda: stop.reason
    )
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
        should_stop=interrupt_aware(stop, options),
    )
    progress.finish()
    print_cycle(result)
    if stop():
        print(f"asnwatch: stopped early ({stop.reason})", file=sys.stderr)
        return stop.exit_code
    return {"ok": EXIT_OK, "partial": EXIT_PARTIAL}.get(result.status, EXIT_FAIL)


def interrupt_aware(stop: StopSignal, options: CrawlOptions) -> Callable[[], bool]:
    """`stop` for the runner, which after Ctrl-C gives the crawls a short kill grace.

    A SIGTERM (systemd, the daemon) keeps the full grace, so each crawl closes
    its own run; after Ctrl-C someone waits at the terminal, and a crawl held up
    by a slow download is killed after `INTERRUPT_GRACE_SECONDS` (the runner
    then records its run as ended).
    """

    def should_stop() -> bool:
        if not stop():
            return False
        if stop.interrupted:
            options.kill_grace_seconds = min(options.kill_grace_seconds, INTERRUPT_GRACE_SECONDS)
        return True

    return should_stop


def cmd_crawl_only(config: Config, args: argparse.Namespace) -> int:
    """`asnwatch crawl`: the cycle without its export."""
    return cmd_crawl(config, args, with_export=False)


def cmd_run(config: Config, args: argparse.Namespace) -> int:
    """`asnwatch run`: the main job once, crawl then export."""
    return cmd_crawl(config, args, with_export=True)
