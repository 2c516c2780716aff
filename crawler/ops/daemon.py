"""`asnwatch daemon`: the main job on the configured schedule, for months without attention.

How it stays up and stays right (docs/ARCHITECTURE.md, "The daemon"):

- The schedule is rebuilt from config.yaml at every start and anchored on the
  `cycles` table: the last cycle with trigger "schedule" started at T, so the
  next one is due at T + interval (or the cron expression's next time after
  T). A due time already past runs once, now, never once per missed slot. No
  persistent job store: it pickles the job (LIBRARY-FACTS: a rename loses it,
  locks fail) and would only repeat what the `cycles` table already knows.
- Each cycle is its own process (`asnwatch run --trigger schedule`), in its
  own session, with a hard time limit: Twisted's reactor cannot restart, and a
  crash, hang or memory blow-up must end with that process, not with the
  daemon. At the limit it gets SIGTERM (its runner stops the crawls, which
  close their runs), then SIGKILL after a grace; however it ended, the daemon
  then closes what it left "running" and removes its temporary export files.
- One cycle at a time (`max_instances=1`): a cycle due while one runs is
  skipped and logged. APScheduler's one-second default misfire grace would
  silently drop late runs; here the grace is unlimited and runs coalesce.
- SIGTERM/SIGINT: no new cycle; the running one is told to stop at once and
  killed if it has not stopped within `stop_timeout_seconds` (less a reserve
  for the cleanup); then the daemon exits 0.
"""

from __future__ import annotations

import logging
import logging.handlers
import math
import os
import random
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, JobEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler

from crawler.config.model import Config, ScheduleConfig
from crawler.export import TEMP_PREFIX
from crawler.ops.cycle import CycleResult, summarize_cycle
from crawler.ops.notify import notify_cycle
from crawler.ops.processes import (
    StopSignal,
    child_env,
    crawl_processes,
    cycle_processes,
    signal_group,
)
from crawler.ops.runner import KILL_GRACE_SECONDS
from crawler.ops.schedule import TRIGGER, first_run_time, interval, job_trigger, when
from storage.db import redact_url
from storage.repository import CycleRow, Repository

logger = logging.getLogger(__name__)

JOB_ID = "asnwatch-cycle"
POLL_SECONDS = 0.2
# After SIGTERM a cycle's runner waits KILL_GRACE_SECONDS before it kills a stuck crawl
# itself and closes its run; the daemon gives it that time, and a little more, first.
CYCLE_KILL_GRACE_SECONDS = KILL_GRACE_SECONDS + 5.0
STOP_RESERVE_SECONDS = 3.0  # of stop_timeout_seconds, kept for the cleanup after a kill
LOG_FILE_BYTES = 10_000_000
LOG_FILE_BACKUPS = 5


# ---- one cycle -----------------------------------------------------------------------------


@dataclass
class CycleEnd:
    """How a cycle process ended."""

    code: int
    stopped: str | None  # why the daemon stopped it (time limit, shutdown), if it did


def _seconds(value: float) -> str:
    """A duration for the log: 2.0 s, 45 s, 20 min, 6 h."""
    if value < 10:
        return f"{value:.1f} s"
    if value < 120:
        return f"{value:.0f} s"
    return f"{value / 60:.0f} min" if value < 7200 else f"{value / 3600:.0f} h"


def _log_tail(path: Path, lines: int = 3) -> str:
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(line.strip() for line in text[-lines:] if line.strip())[:500]


class CycleSupervisor:
    """Runs one cycle process at a time, makes sure it ends, and ends clean in the database."""

    def __init__(self, config: Config, repo: Repository, stop: StopSignal) -> None:
        self.config = config
        self.repo = repo
        self.stop = stop
        self.config_path = Path(config.source).resolve()
        self.log_dir = self.config_path.parent / "logs"
        self.export_dir = Path(config.export.dir).expanduser().resolve()
        self.idle = threading.Event()
        self.idle.set()
        self.next_run_time: Callable[[], datetime | None] = lambda: None

    def command(self) -> list[str]:
        return [
            sys.executable,
            "-m",
            "crawler.cli.main",
            "--config",
            str(self.config_path),
            "run",
            "--trigger",
            TRIGGER,
            "--parent-pid",
            str(os.getpid()),
        ]

    # -- the scheduler's job ----------------------------------------------------------------

    def run_scheduled(self) -> None:
        """One cycle, from start to a clean end in the database. Never raises."""
        if self.stop():
            return
        self.idle.clear()
        try:
            self._run()
        except Exception:  # the daemon outlives any one cycle, a database outage included
            logger.exception("cycle supervision failed; the daemon goes on")
        finally:
            self.idle.set()

    def on_skipped(self, event: JobEvent) -> None:
        """A cycle came due while the previous one still ran (max_instances=1)."""
        due = getattr(event, "scheduled_run_times", None) or [None]
        logger.warning(
            "cycle due at %s skipped: the previous cycle is still running", when(due[-1])
        )

    def _run(self) -> None:
        before = self.repo.latest_cycle_id()
        started = time.monotonic()
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log_path = self.log_dir / "cycle-schedule.log"  # the last cycle process's own output
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                self.command(),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=child_env(),
                start_new_session=True,  # our own signals reach it once, from us
            )
        end = self._wait(process)
        cycles = self._settle(before, process.pid, end, log_path)
        elapsed = time.monotonic() - started
        if not cycles:
            logger.error(
                "cycle process exited with code %s before recording a cycle: %s",
                end.code,
                _log_tail(log_path) or "no output",
            )
        for cycle in cycles:
            self._report(cycle, elapsed)
            if self._may_notify():
                notify_cycle(self.config.notify, self.repo, cycle)
        if not self.stop():
            logger.info("next cycle at %s", when(self.next_run_time()))

    def _may_notify(self) -> bool:
        """Not when stopping leaves less time than a webhook may take to answer."""
        if not self.stop() or self.stop.received_at is None:
            return True
        left = self.stop.received_at + self.config.schedule.stop_timeout_seconds
        return left - time.monotonic() > self.config.notify.timeout_seconds + 1

    def _stop_kill_at(self) -> float:
        """When a cycle still running after a stop request is killed (monotonic)."""
        if self.stop.forced or self.stop.received_at is None:
            return time.monotonic()
        budget = self.config.schedule.stop_timeout_seconds
        return self.stop.received_at + budget - min(STOP_RESERVE_SECONDS, budget / 3)

    def _wait(self, process: subprocess.Popen[bytes]) -> CycleEnd:
        limit = self.config.schedule.cycle_timeout_minutes * 60
        deadline = time.monotonic() + limit
        stopped: str | None = None
        kill_at = math.inf
        killed = False
        while True:
            try:
                code = process.wait(timeout=POLL_SECONDS)
            except subprocess.TimeoutExpired:
                pass
            else:
                return CycleEnd(code, stopped)
            now = time.monotonic()
            if stopped is None and (self.stop() or now >= deadline):
                stopped = (
                    f"stopped early: the daemon is stopping ({self.stop.reason})"
                    if self.stop()
                    else f"killed after the {_seconds(limit)} cycle time limit"
                )
                logger.warning("cycle process %s: %s", process.pid, stopped)
                signal_group(process.pid, signal.SIGTERM)
                kill_at = now + CYCLE_KILL_GRACE_SECONDS
            if self.stop():
                kill_at = min(kill_at, self._stop_kill_at())
            if not killed and now >= kill_at:
                logger.error("cycle process %s did not stop after SIGTERM: killing it", process.pid)
                signal_group(process.pid, signal.SIGKILL)
                killed = True

    # -- leaving the database and the export folder consistent ------------------------------

    def _settle(self, before: int, pid: int, end: CycleEnd, log_path: Path) -> list[CycleRow]:
        """Close what the cycle process left open; the cycles it recorded, as they now are."""
        cycles = self.repo.cycles_after(before, TRIGGER)
        for cycle in cycles:
            reason = end.stopped
            if cycle.status == "running" and reason is None:
                tail = _log_tail(log_path) or "no output"
                reason = f"cycle process exited with code {end.code}: {tail}"
            if reason:
                self.close(cycle.id, reason)
        self._remove_temp_files(pid)
        return [row for row in (self.repo.get_cycle(c.id) for c in cycles) if row is not None]

    def close(self, cycle_id: int, reason: str) -> None:
        """Fail the cycle's unfinished runs (killing their crawls if alive) and finish it."""
        running = {run.id for run in self.repo.runs_of_cycle(cycle_id) if run.status == "running"}
        for crawl in crawl_processes(self.config_path, running) if running else []:
            logger.warning("cycle %s: killing crawl process %s left behind", cycle_id, crawl)
            signal_group(crawl, signal.SIGKILL)
        self.repo.fail_running_runs_of_cycle(cycle_id, f"crawl ended with its cycle: {reason}")
        cycle = self.repo.get_cycle(cycle_id)
        if cycle is None:
            return
        problems = [*cycle.summary.get("problems", []), reason]
        result = CycleResult(cycle_id=cycle_id, runs=self.repo.runs_of_cycle(cycle_id))
        result.problems = problems
        summary = {**cycle.summary, **summarize_cycle(result)}
        self.repo.close_cycle(cycle_id, result.status, summary)

    def _remove_temp_files(self, pid: int) -> None:
        """A cycle process killed during its export leaves its temporary file: remove it."""
        if not self.export_dir.is_dir():
            return
        for stale in self.export_dir.glob(f"{TEMP_PREFIX}{pid}-*.tmp"):
            logger.warning("removing %s, left by an interrupted export", stale.name)
            stale.unlink(missing_ok=True)

    def recover(self) -> None:
        """Close scheduled cycles an earlier daemon left running (killed, or the machine died).

        A cycle process whose daemon is gone stops by itself (`watch_parent`):
        it is given the time to. Crawls whose cycle process is gone too have
        nobody to stop them: they are killed. Then the rows are closed.
        """
        stale = self.repo.running_cycles(TRIGGER)
        if not stale:
            return
        runs = {r.id for c in stale for r in self.repo.runs_of_cycle(c.id)}
        waiting = cycle_processes(self.config_path)
        if waiting:
            logger.warning(
                "waiting up to %s for an earlier daemon's cycle process to stop: %s",
                _seconds(CYCLE_KILL_GRACE_SECONDS),
                waiting,
            )
            deadline = time.monotonic() + CYCLE_KILL_GRACE_SECONDS
            while waiting and time.monotonic() < deadline and not self.stop.wait(0.5):
                waiting = cycle_processes(self.config_path)
        for pid in waiting + crawl_processes(self.config_path, runs):
            logger.warning("killing process %s of an earlier daemon's cycle", pid)
            signal_group(pid, signal.SIGKILL)
        for cycle in self.repo.running_cycles(TRIGGER):
            logger.warning("cycle %s was left running by an earlier daemon: closing it", cycle.id)
            self.close(cycle.id, "left running by a daemon that ended without closing it")

    # -- logs ----------------------------------------------------------------------------

    def _report(self, cycle: CycleRow, elapsed: float) -> None:
        """One line for the cycle, one per outlet, with the counts."""
        runs = self.repo.runs_of_cycle(cycle.id)
        new = sum(r.stats.get("stored", 0) for r in runs)
        duplicates = sum(r.stats.get("duplicates", 0) for r in runs)
        ok = sum(r.status == "ok" for r in runs)
        problems = cycle.summary.get("problems") or []
        log = logger.info if cycle.status == "ok" else logger.warning
        log(
            "cycle %s %s in %s: %s new, %s duplicates, %s exported, %s of %s outlets ok%s",
            cycle.id,
            cycle.status,
            _seconds(elapsed),
            new,
            duplicates,
            cycle.summary.get("exported", 0),
            ok,
            len(runs),
            f"; {'; '.join(problems)}" if problems else "",
        )
        for run in runs:
            s = run.stats
            (logger.info if run.status == "ok" else logger.warning)(
                "cycle %s outlet %s %s: %s fetched, %s new, %s duplicates, "
                "%s extraction failures, %s HTTP errors%s",
                cycle.id,
                run.outlet,
                run.status,
                s.get("fetched", 0),
                s.get("stored", 0),
                s.get("duplicates", 0),
                s.get("extraction_failed", 0),
                s.get("http_errors", 0),
                f" ({run.error})" if run.error else "",
            )


# ---- the daemon ----------------------------------------------------------------------------


class _NoSkipWarning(logging.Filter):
    """APScheduler's own line for a skipped run; CycleSupervisor.on_skipped logs a clearer one."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances" not in str(record.msg)


def configure_logging(config: Config) -> None:
    """Add the rotating log file (`logging.file`, relative to the config) and quiet libraries."""
    root = logging.getLogger()
    if config.logging.file is not None:
        path = config.logging.file.expanduser()
        if not path.is_absolute():
            path = Path(config.source).resolve().parent / path
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=LOG_FILE_BYTES, backupCount=LOG_FILE_BACKUPS, encoding="utf-8"
        )
        if root.handlers:
            handler.setFormatter(root.handlers[0].formatter)
        root.addHandler(handler)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("apscheduler.scheduler").addFilter(_NoSkipWarning())
    logging.getLogger("alembic").setLevel(logging.WARNING)


def start_scheduler(
    schedule: ScheduleConfig, supervisor: CycleSupervisor, last: CycleRow | None
) -> tuple[BackgroundScheduler, datetime]:
    """The scheduler with the cycle job, rebuilt from the config; and the first run time."""
    now = datetime.now(UTC)
    first = first_run_time(schedule, last.started_at if last else None, now)
    first += timedelta(seconds=random.uniform(0, schedule.jitter_seconds))
    scheduler = BackgroundScheduler(
        timezone=UTC, executors={"default": ThreadPoolExecutor(max_workers=1)}
    )
    scheduler.add_listener(supervisor.on_skipped, EVENT_JOB_MAX_INSTANCES)
    scheduler.add_job(
        supervisor.run_scheduled,
        trigger=job_trigger(schedule, first),
        id=JOB_ID,
        name="asnwatch cycle",
        next_run_time=first,  # explicit: a trigger would round a past start up to its grid
        max_instances=1,
        coalesce=True,
        misfire_grace_time=None,  # late (suspend, a long cycle) runs once, never silently not
    )

    def next_run_time() -> datetime | None:
        job = scheduler.get_job(JOB_ID)
        return job.next_run_time if job else None

    supervisor.next_run_time = next_run_time
    scheduler.start()
    return scheduler, first


def _describe(schedule: ScheduleConfig) -> str:
    every = (
        f"cron {schedule.cron!r}"
        if schedule.cron
        else f"every {_seconds(interval(schedule).total_seconds())}"
    )
    return (
        f"{every}, jitter {schedule.jitter_seconds} s, "
        f"cycle limit {_seconds(schedule.cycle_timeout_minutes * 60)}, "
        f"stop limit {_seconds(schedule.stop_timeout_seconds)}"
    )


def run_daemon(config: Config) -> int:
    """Run cycles on the schedule until SIGTERM/SIGINT; 0 once stopped cleanly."""
    configure_logging(config)
    stop = StopSignal().install()
    schedule = config.schedule
    repo = Repository.open(config.database.url)
    try:
        logger.info(
            "daemon started (pid %s): %s; database %s",
            os.getpid(),
            _describe(schedule),
            redact_url(config.database.url),
        )
        supervisor = CycleSupervisor(config, repo, stop)
        supervisor.recover()
        if stop():
            return 0
        last = repo.last_cycle(TRIGGER)
        scheduler, first = start_scheduler(schedule, supervisor, last)
        anchor = (
            f"last scheduled cycle #{last.id} started {when(last.started_at)}"
            if last
            else "no scheduled cycle yet"
        )
        logger.info("next cycle at %s (%s)", when(first), anchor)
        while not stop.wait(1.0):
            pass
        logger.info("stopping (%s)", stop.reason)
        scheduler.shutdown(wait=False)
        if not supervisor.idle.wait(schedule.stop_timeout_seconds + 2 * POLL_SECONDS):
            # Last resort (e.g. a database that stopped answering): a worker thread still
            # busy would hold the interpreter's exit; the next start closes what is left.
            logger.error("the cycle did not end within the stop limit; exiting anyway")
            logging.shutdown()
            os._exit(0)
        logger.info("daemon stopped")
        return 0
    finally:
        repo.close()
