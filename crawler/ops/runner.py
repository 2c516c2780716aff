"""One crawl cycle: one `scrapy crawl` subprocess per outlet, a few at a time.

Twisted's reactor cannot restart in a process (docs/library-facts.md), and a
crash, hang or memory blow-up in one outlet must not touch the others or the
caller, so each outlet runs in its own process, in its own session (a
SIGTERM to our process group does not reach it twice), with a hard time
limit. The crawl writes its own `crawl_runs` row; the runner only creates it
beforehand and fails it if the process died without closing it. A stop
request (Ctrl-C, SIGTERM) marks the running crawls' runs "interrupted" before
they are told to stop: an interrupted run is not an outlet failure.

The parts: `CrawlBatch` queues the outlets and polls their processes;
`crawler.ops.crawlprocs` starts a crawl and escalates SIGTERM to SIGKILL;
`crawler.ops.runends` records how crawls ended, retrying through database
outages.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from crawler.config.model import Config, ConfigError
from crawler.ops.crawlprocs import OutletProcess, stop_all
from crawler.ops.runends import PendingEnds, best_effort, close_stale_runs
from crawler.ops.runlogs import prune_run_logs, run_log_path
from storage.db import DatabaseError, error_reason
from storage.repository import Repository, RunRow

SCRAPY_SETTINGS = "crawler.crawl.settings"
#: Default seconds between a crawl's SIGTERM and its SIGKILL.
KILL_GRACE_SECONDS = 10.0
#: Default seconds between two looks at the running crawls.
POLL_SECONDS = 0.2


@dataclass
class CrawlOptions:
    """How the runner starts and supervises crawls.

    Tests and the demo override Scrapy settings here, and tests shorten the
    kill grace and the poll interval.
    """

    config_path: Path
    settings: dict[str, str] = field(default_factory=dict)
    log_dir: Path | None = None
    #: A crawl asked to stop (time limit, stop request) is killed this much later.
    kill_grace_seconds: float = KILL_GRACE_SECONDS
    poll_seconds: float = POLL_SECONDS
    #: Names the stop request (e.g. "SIGINT") in an interrupted run's reason.
    stop_reason: Callable[[], str | None] | None = None


def crawl_command(outlet: str, run_id: int, options: CrawlOptions) -> list[str]:
    """The `scrapy crawl` command line for one outlet."""
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        outlet,
        "-s",
        f"ASNWATCH_CONFIG={options.config_path}",
        "-s",
        f"ASNWATCH_RUN_ID={run_id}",
    ]
    for key, value in options.settings.items():
        command += ["-s", f"{key}={value}"]
    return command


def available_spiders(config: Config) -> set[str]:
    """The spider names `scrapy crawl` knows for `config`, loaded as the crawl processes do."""
    from scrapy.settings import Settings
    from scrapy.spiderloader import get_spider_loader

    settings = Settings()
    settings.setmodule(SCRAPY_SETTINGS, priority="project")
    settings.set("ASNWATCH_CONFIG", str(config.source), priority="cmdline")
    return set(get_spider_loader(settings).list())


def check_spiders(config: Config, outlets: Sequence[str] | None = None) -> None:
    """A ConfigError naming the first outlet to crawl that has no spider, before any crawl.

    The spider loader (`crawler.crawl.spiderloader`) gives every configured outlet a
    spider, except one whose name cannot be a spider name; and a spider module that
    does not import leaves no spider at all. Either way each cycle would start a
    `scrapy crawl NAME` that fails, and the mistake would show only as a failed run.
    """
    from crawler.crawl.spiderloader import valid_spider_name

    try:
        known = available_spiders(config)
    except Exception as exc:  # a broken spiders/ module: nothing can be crawled
        reason = (str(exc).strip().splitlines() or [""])[0]
        raise ConfigError(
            f"cannot load the spiders in spiders/ ({type(exc).__name__}: {reason})"
        ) from exc
    for name in outlets if outlets is not None else config.outlets:
        if not valid_spider_name(name):
            raise ConfigError(
                f"{config.source}: outlets.{name}: {name!r} is not a valid spider name "
                "(letters, digits, '_', '.' and '-', starting with a letter or digit)"
            )
        if name not in known:
            raise ConfigError(f"{config.source}: outlets.{name}: no spider named {name!r}")


def run_outlets(
    config: Config,
    repo: Repository,
    outlets: Sequence[str],
    options: CrawlOptions,
    *,
    cycle_id: int | None = None,
    on_progress: Callable[[list[RunRow]], None] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> list[RunRow]:
    """Crawl `outlets` (at most `crawl.parallel_outlets` at once); their finished run rows.

    The database may fail meanwhile (locked, or a PostgreSQL server gone): the
    crawls keep being supervised (time limits, stop requests) until they end,
    recording a run's end is retried until it succeeds, and if it still cannot
    be recorded once every crawl has ended, a DatabaseError says so. Whatever
    goes wrong here, no crawl process is left running unsupervised.
    """
    log_dir = options.log_dir or config.log_dir  # <paths.state_dir>/logs
    log_dir.mkdir(parents=True, exist_ok=True)
    prune_run_logs(log_dir, config.logging.keep_run_logs_days)
    close_stale_runs(repo, outlets)
    batch = CrawlBatch(config, repo, options, log_dir, cycle_id=cycle_id)
    batch.run(outlets, should_stop=should_stop, on_progress=on_progress)
    return batch.finish()


class CrawlBatch:
    """The crawls of one `run_outlets` call: the queue, the running processes, their ends."""

    def __init__(
        self,
        config: Config,
        repo: Repository,
        options: CrawlOptions,
        log_dir: Path,
        *,
        cycle_id: int | None = None,
    ) -> None:
        self.repo = repo
        self.options = options
        self.log_dir = log_dir
        self.cycle_id = cycle_id
        self.parallel = config.crawl.parallel_outlets
        self.timeout = config.crawl.outlet_timeout_minutes * 60
        self.queue: list[str] = []
        self.running: list[OutletProcess] = []
        self.pending = PendingEnds(repo)  # crawls whose end is not recorded yet
        self.run_ids: list[int] = []
        self.stopping = False

    def run(
        self,
        outlets: Sequence[str],
        *,
        should_stop: Callable[[], bool],
        on_progress: Callable[[list[RunRow]], None] | None,
    ) -> None:
        """Poll until every outlet was crawled (or the stop request ended the crawls)."""
        self.queue = list(outlets)
        try:
            while self.queue or self.running:
                if should_stop():
                    self.stop(self.stop_reason(should_stop))
                self.fill()
                self.supervise(time.monotonic())
                self.pending.retry()
                if on_progress is not None:
                    self.report(on_progress)
                if self.running:
                    time.sleep(self.options.poll_seconds)
        except BaseException:
            stop_all(self.running, self.options.kill_grace_seconds)
            raise

    def stop_reason(self, should_stop: Callable[[], bool]) -> str:
        """Why the crawls stop: the options' `stop_reason`, a `StopSignal`'s own, or unnamed."""
        named = self.options.stop_reason() if self.options.stop_reason else None
        return named or getattr(should_stop, "reason", None) or "stop requested"

    def stop(self, reason: str) -> None:
        """A stop request: start nothing more, mark the running crawls interrupted, stop them."""
        self.queue.clear()
        if not self.stopping:
            self.stopping = True
            ids = [proc.run_id for proc in self.running]
            best_effort(self.repo.interrupt_runs, ids, f"interrupted: {reason}")
        for proc in self.running:
            proc.terminate(time.monotonic())

    def fill(self) -> None:
        """Start queued outlets while fewer than `crawl.parallel_outlets` run."""
        while self.queue and len(self.running) < self.parallel:
            outlet = self.queue.pop(0)
            run_id = self.repo.start_run(outlet, cycle_id=self.cycle_id)
            self.run_ids.append(run_id)
            self.running.append(
                OutletProcess.start(
                    outlet,
                    run_id,
                    crawl_command(outlet, run_id, self.options),
                    run_log_path(self.log_dir, run_id, outlet),
                    self.timeout,
                    env={"SCRAPY_SETTINGS_MODULE": SCRAPY_SETTINGS},
                )
            )

    def supervise(self, now: float) -> None:
        """Collect ended crawls; SIGTERM those past their limit, SIGKILL those past the grace."""
        for proc in list(self.running):
            code = proc.poll()
            if code is not None:
                self.running.remove(proc)
                self.pending.add(proc, code)
            elif proc.overdue(now):
                proc.terminate(now)
                limit = f"killed after the {self.timeout:.0f}s time limit"
                best_effort(self.repo.fail_if_running, proc.run_id, limit)
            else:
                proc.escalate(now, self.options.kill_grace_seconds)

    def report(self, on_progress: Callable[[list[RunRow]], None]) -> None:
        """Hand the runs as they now are to `on_progress` (skipped while the database fails)."""
        rows = best_effort(self.repo.get_runs, self.run_ids)
        if rows is not None:
            on_progress(rows)

    def finish(self) -> list[RunRow]:
        """Every crawl has ended: record the last ends, then the finished run rows."""
        self.pending.retry()
        if self.pending:
            ids = ", ".join(str(run_id) for run_id in self.pending.run_ids())
            raise DatabaseError(f"the crawls ended but the database cannot record it (runs {ids})")
        try:
            return self.repo.get_runs(self.run_ids)
        except SQLAlchemyError as exc:
            raise DatabaseError(f"cannot read the crawl runs: {error_reason(exc)}") from exc
