"""One crawl cycle: one `scrapy crawl` subprocess per outlet, a few at a time.

Twisted's reactor cannot restart in a process (LIBRARY-FACTS), and a crash,
hang or memory blow-up in one outlet must not touch the others or the
caller, so each outlet runs in its own process, in its own session (a
SIGTERM to our process group does not reach it twice), with a hard time
limit. The crawl writes its own `crawl_runs` row; the runner only creates it
beforehand and fails it if the process died without closing it.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy.exc import SQLAlchemyError

from crawler.config.model import Config, ConfigError
from crawler.ops.processes import child_env, pid_alive, signal_group
from crawler.ops.runlogs import prune_run_logs, run_log_path
from storage.db import DatabaseError, error_reason
from storage.repository import Repository, RunRow

SCRAPY_SETTINGS = "crawler.crawl.settings"
KILL_GRACE_SECONDS = 10.0
# The run stat counting articles a database error kept from being written
# (crawler.crawl.pipelines / crawler.crawl.runstats).
POLL_SECONDS = 0.2
logger = logging.getLogger(__name__)
T = TypeVar("T")


@dataclass
class OutletProcess:
    outlet: str
    run_id: int
    process: subprocess.Popen[bytes]
    log_path: Path
    deadline: float
    terminated_at: float | None = None


@dataclass
class CrawlOptions:
    """How the runner starts crawls; tests and the demo override Scrapy settings here."""

    config_path: Path
    settings: dict[str, str] = field(default_factory=dict)
    log_dir: Path | None = None


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


def available_spiders() -> set[str]:
    """The spider names `scrapy crawl` knows, loaded as the crawl processes load them."""
    from scrapy.settings import Settings
    from scrapy.spiderloader import get_spider_loader

    settings = Settings()
    settings.setmodule(SCRAPY_SETTINGS, priority="project")
    return set(get_spider_loader(settings).list())


def check_spiders(config: Config, outlets: Sequence[str] | None = None) -> None:
    """A ConfigError naming the first configured outlet that has no spider, before any crawl.

    Otherwise each cycle would start a `scrapy crawl NAME` that fails with
    "Spider not found", and the mistake would show only as a failed run.
    """
    try:
        known = available_spiders()
    except Exception as exc:  # a broken spiders/ module: nothing can be crawled
        reason = (str(exc).strip().splitlines() or [""])[0]
        raise ConfigError(
            f"cannot load the spiders in spiders/ ({type(exc).__name__}: {reason})"
        ) from exc
    for name in outlets if outlets is not None else config.outlets:
        if name not in known:
            raise ConfigError(
                f"{config.source}: outlets.{name}: no spider named {name!r} in spiders/ "
                f"(add spiders/{name}.py; spiders: {', '.join(sorted(known)) or 'none'})"
            )


class CycleAborted(Exception):
    """The cycle was asked to stop (SIGTERM/SIGINT); running crawls were stopped."""


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
    log_dir = options.log_dir or Path(config.source).resolve().parent / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    prune_run_logs(log_dir, config.logging.keep_run_logs_days)
    timeout = config.crawl.outlet_timeout_minutes * 60
    close_stale_runs(repo, outlets)
    queue = list(outlets)
    running: list[OutletProcess] = []
    ended: list[tuple[OutletProcess, int]] = []  # crawls whose end is not recorded yet
    run_ids: list[int] = []
    try:
        while queue or running:
            if should_stop():
                queue.clear()
                for proc in running:
                    if proc.terminated_at is None:
                        signal_group(proc.process.pid, signal.SIGTERM)
                        proc.terminated_at = time.monotonic()
            while queue and len(running) < config.crawl.parallel_outlets:
                outlet = queue.pop(0)
                run_id = repo.start_run(outlet, cycle_id=cycle_id)
                run_ids.append(run_id)
                running.append(_start(outlet, run_id, options, log_dir, timeout))
            now = time.monotonic()
            for proc in list(running):
                code = proc.process.poll()
                if code is not None:
                    running.remove(proc)
                    ended.append((proc, code))
                elif proc.terminated_at is None and now > proc.deadline:
                    signal_group(proc.process.pid, signal.SIGTERM)
                    proc.terminated_at = now
                    _record(
                        repo.fail_if_running,
                        proc.run_id,
                        f"killed after the {timeout:.0f}s time limit",
                    )
                elif (
                    proc.terminated_at is not None and now > proc.terminated_at + KILL_GRACE_SECONDS
                ):
                    signal_group(proc.process.pid, signal.SIGKILL)
            ended = [(proc, code) for proc, code in ended if not _close_run(repo, proc, code)]
            if on_progress is not None:
                rows = _record(repo.get_runs, run_ids)
                if rows is not None:
                    on_progress(rows)
            if running:
                time.sleep(POLL_SECONDS)
    except BaseException:
        _abandon(running)
        raise
    ended = [(proc, code) for proc, code in ended if not _close_run(repo, proc, code)]
    if ended:
        ids = ", ".join(str(proc.run_id) for proc, _ in ended)
        raise DatabaseError(f"the crawls ended but the database cannot record it (runs {ids})")
    try:
        return repo.get_runs(run_ids)
    except SQLAlchemyError as exc:
        raise DatabaseError(f"cannot read the crawl runs: {error_reason(exc)}") from exc


def _start(
    outlet: str, run_id: int, options: CrawlOptions, log_dir: Path, timeout: float
) -> OutletProcess:
    log_path = run_log_path(log_dir, run_id, outlet)
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            crawl_command(outlet, run_id, options),
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=child_env(SCRAPY_SETTINGS_MODULE=SCRAPY_SETTINGS),
            start_new_session=True,
        )
    return OutletProcess(outlet, run_id, process, log_path, time.monotonic() + timeout)


def _record(action: Callable[..., T], *args: Any) -> T | None:
    """A database call the runner can do without (progress, an early note): None if it failed."""
    try:
        return action(*args)
    except SQLAlchemyError as exc:
        logger.warning("database unavailable, will retry: %s", error_reason(exc))
        return None


def _abandon(running: list[OutletProcess]) -> None:
    """The runner is failing: stop its crawls (SIGTERM, then SIGKILL) rather than orphan them."""
    for proc in running:
        signal_group(proc.process.pid, signal.SIGTERM)
    deadline = time.monotonic() + KILL_GRACE_SECONDS
    for proc in running:
        try:
            proc.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            signal_group(proc.process.pid, signal.SIGKILL)
            proc.process.wait()


def close_stale_runs(repo: Repository, outlets: Sequence[str]) -> list[int]:
    """Fail the outlets' runs still marked running whose process is gone: their ids.

    A crawl killed together with its runner (kill -9 of `asnwatch run`, the
    machine going down), or whose end could not be recorded (the database was
    down), leaves its row "running" and its discovery validators saved; both
    would outlive it. A row's pid is the crawl process once it started (its
    runner's before): a pid still alive is left alone. Pids are this machine's:
    with crawls on several machines sharing one database, a live run elsewhere
    could be failed here; its own end then records its real status over it, and
    losing its validators only costs a full read.
    """
    closed = []
    for run in repo.running_runs(outlets):
        if run.pid is not None and pid_alive(run.pid):
            continue
        reason = "left running by a crawl process that is gone"
        if repo.fail_if_running(run.id, reason, forget_validators=True):
            logger.warning(
                "run %s (%s) was left running by a crawl that is gone", run.id, run.outlet
            )
            closed.append(run.id)
    return closed


def _close_run(repo: Repository, proc: OutletProcess, code: int) -> bool:
    """A crawl process ended: fail its run if it did not close it itself.

    Returns False when the database could not be written (the caller retries).
    A run that did not end ok leaves no discovery validators behind
    (`Repository.forget_validators`): the next run must find the articles this
    one never stored. (A run that ended ok but could not store some articles
    saved none: see `spider_validators`.)
    """
    if code == 0:
        reason = "crawl process ended without recording its result"
    else:
        tail = _log_tail(proc.log_path)
        reason = f"crawl process exited with code {code}" + (f": {tail}" if tail else "")
    try:
        # Failed here: its validators go in the same transaction. Ended by itself not ok:
        # they go now.
        if repo.fail_if_running(proc.run_id, reason, forget_validators=True):
            return True
        run = repo.get_run(proc.run_id)
        if run is not None and run.status != "ok":
            forgotten = repo.forget_validators(run.outlet, run.started_at)
            if forgotten:
                logger.info(
                    "run %s (%s) did not store everything: %s discovery page(s) will be read "
                    "in full next time",
                    run.id,
                    run.outlet,
                    forgotten,
                )
    except SQLAlchemyError as exc:
        logger.warning("cannot record the end of run %s yet: %s", proc.run_id, error_reason(exc))
        return False
    return True


def _log_tail(path: Path) -> str:
    """The last meaningful line of a crawl log, for a one-line failure reason."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    for line in reversed(lines):
        if line.strip():
            return line.strip()[:300]
    return ""
