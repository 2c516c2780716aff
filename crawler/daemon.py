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

import contextlib
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
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo
from pathlib import Path
from types import FrameType

from apscheduler.events import EVENT_JOB_MAX_INSTANCES, JobEvent
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.base import BaseTrigger
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from tzlocal import get_localzone

from crawler.config import Config, ScheduleConfig
from crawler.cycle import CycleResult, summarize_cycle
from crawler.export import TEMP_PREFIX
from crawler.notify import notify_cycle
from crawler.runner import KILL_GRACE_SECONDS
from storage.db import redact_url
from storage.repository import CycleRow, Repository

logger = logging.getLogger(__name__)

TRIGGER = "schedule"  # cycles.trigger of the daemon's cycles: the schedule's anchor
JOB_ID = "asnwatch-cycle"
POLL_SECONDS = 0.2
# After SIGTERM a cycle's runner waits KILL_GRACE_SECONDS before it kills a stuck crawl
# itself and closes its run; the daemon gives it that time, and a little more, first.
CYCLE_KILL_GRACE_SECONDS = KILL_GRACE_SECONDS + 5.0
STOP_RESERVE_SECONDS = 3.0  # of stop_timeout_seconds, kept for the cleanup after a kill
LOG_FILE_BYTES = 10_000_000
LOG_FILE_BACKUPS = 5
EXIT_STOPPED = 143  # 128 + SIGTERM: a cycle process that was told to stop


# ---- the schedule --------------------------------------------------------------------------

_CRON_DAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]


def _cron_day(value: str) -> int:
    text = value.strip().lower()
    if text.isdigit() and int(text) <= 7:
        return int(text) % 7
    if text in _CRON_DAYS:
        return _CRON_DAYS.index(text)
    raise ValueError(f"invalid day of week {value!r}")


def cron_weekdays(field: str) -> str:
    """A crontab day-of-week field in APScheduler 3's terms.

    APScheduler 3 counts days from 0 = Monday (its `from_crontab` warns about
    it); crontab from 0 = Sunday (7 too). The days are translated to names,
    which mean the same to both, so "1-5" stays Monday to Friday.
    """
    days: set[int] = set()
    for part in field.split(","):
        spec, _, step_text = part.partition("/")
        step = int(step_text) if step_text else 1
        if step < 1:
            raise ValueError(f"invalid step in day of week {part!r}")
        if spec in ("*", "?"):
            first, last = 0, 6
        elif "-" in spec:
            low, high = spec.split("-", 1)
            first, last = _cron_day(low), _cron_day(high)
            last = 7 if high.strip() == "7" else last
            if last < first:
                raise ValueError(f"invalid day-of-week range {spec!r}")
        else:
            first = _cron_day(spec)
            last = 6 if step_text else first
        days.update(day % 7 for day in range(first, last + 1, step))
    if days == set(range(7)):
        return "*"
    return ",".join(_CRON_DAYS[day] for day in sorted(days))


def cron_trigger(
    expression: str, *, timezone: tzinfo | None = None, jitter: int | None = None
) -> CronTrigger:
    """A crontab expression (minute hour day month weekday) as cron means it.

    Times are in the machine's local time zone, as with cron itself.
    """
    minute, hour, day, month, weekday = expression.split()
    return CronTrigger(
        minute=minute,
        hour=hour,
        day=day,
        month=month,
        day_of_week=cron_weekdays(weekday),
        timezone=timezone or get_localzone(),
        jitter=jitter,
    )


def interval(schedule: ScheduleConfig) -> timedelta:
    return timedelta(minutes=schedule.interval_minutes or 60)


def schedule_due(
    schedule: ScheduleConfig, last_start: datetime | None, now: datetime
) -> datetime | None:
    """When the next scheduled cycle is due, given when the last one started (no jitter).

    None: no scheduled cycle yet on an interval schedule, so one is due at once.
    """
    if schedule.cron:
        # A second past the last start, or a start exactly on a slot would be due again.
        after = last_start + timedelta(seconds=1) if last_start else now
        due = cron_trigger(schedule.cron).get_next_fire_time(None, after)
        return due.astimezone(UTC) if due else None
    return last_start + interval(schedule) if last_start else None


def first_run_time(
    schedule: ScheduleConfig, last_start: datetime | None, now: datetime
) -> datetime:
    """The first cycle after a (re)start: when due, or now if that is past (once, however late)."""
    due = schedule_due(schedule, last_start, now)
    return now if due is None or due <= now else due


def job_trigger(schedule: ScheduleConfig, start: datetime) -> BaseTrigger:
    """The trigger for the cycles after the first (APScheduler computes those from it)."""
    jitter = schedule.jitter_seconds or None
    if schedule.cron:
        return cron_trigger(schedule.cron, jitter=jitter)
    return IntervalTrigger(
        seconds=interval(schedule).total_seconds(), start_date=start, timezone=UTC, jitter=jitter
    )


def _when(moment: datetime | None) -> str:
    return moment.astimezone(UTC).isoformat() if moment else "never"


# ---- stopping ------------------------------------------------------------------------------


class StopSignal:
    """SIGTERM/SIGINT (and for a cycle process, its daemon's death) as a flag to poll.

    Handlers only set the flag; the work in progress checks it at safe points
    (the runner then terminates its crawls, which close their runs), so no
    signal interrupts a database write or an export file half way.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self.reason: str | None = None
        self.received_at: float | None = None  # time.monotonic() of the first request
        self.count = 0

    def install(self) -> StopSignal:
        """Handle SIGTERM and SIGINT from now on (call from the main thread)."""
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._handle)
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.request(signal.Signals(signum).name)

    def request(self, reason: str) -> None:
        self.count += 1
        if not self._event.is_set():
            self.reason = reason
            self.received_at = time.monotonic()
            self._event.set()

    def __call__(self) -> bool:
        return self._event.is_set()

    @property
    def forced(self) -> bool:
        """A second request: stop without waiting any longer."""
        return self.count > 1

    def wait(self, timeout: float) -> bool:
        return self._event.wait(timeout)

    def watch_parent(self, parent_pid: int, every: float = 1.0) -> None:
        """Stop when the parent process is gone (reparented), e.g. a daemon killed by SIGKILL.

        A cycle runs in its own session, so nothing else would tell it; left
        alone it would finish and could overlap the next daemon's first cycle.
        """

        def watch() -> None:
            while not self._event.wait(every):
                if os.getppid() != parent_pid:
                    self.request("the daemon that started this cycle is gone")
                    return

        threading.Thread(target=watch, name="watch-parent", daemon=True).start()


# ---- processes left behind -----------------------------------------------------------------


def _processes() -> Iterator[tuple[int, list[str]]]:
    """(pid, argv) of this machine's live processes; nothing where there is no /proc."""
    proc = Path("/proc")
    if not proc.is_dir():
        return
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if raw:  # zombies and kernel threads have none
            yield int(entry.name), raw.decode("utf-8", "replace").rstrip("\0").split("\0")


def crawl_processes(config_path: Path, run_ids: set[int]) -> list[int]:
    """Crawl processes of these runs still alive, found by their `-s NAME=value` settings.

    Run ids are per database, so the config file must match too: another
    installation's crawl (or another test's) with the same run id is left alone.
    """
    config = f"ASNWATCH_CONFIG={config_path}"
    wanted = {f"ASNWATCH_RUN_ID={run_id}" for run_id in run_ids}
    return [pid for pid, argv in _processes() if config in argv and wanted.intersection(argv)]


def cycle_processes(config_path: Path) -> list[int]:
    """Cycle processes a daemon with this config started (found by their command line)."""
    return [
        pid
        for pid, argv in _processes()
        if "crawler.cli" in argv and "--parent-pid" in argv and str(config_path) in argv
    ]


def _signal_group(pid: int, sig: int) -> None:
    """Signal a process started in its own session, and whatever it started in its group."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, sig)


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


def _env() -> dict[str, str]:
    env = dict(os.environ)
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


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
            "crawler.cli",
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
            "cycle due at %s skipped: the previous cycle is still running", _when(due[-1])
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
                env=_env(),
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
            logger.info("next cycle at %s", _when(self.next_run_time()))

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
                _signal_group(process.pid, signal.SIGTERM)
                kill_at = now + CYCLE_KILL_GRACE_SECONDS
            if self.stop():
                kill_at = min(kill_at, self._stop_kill_at())
            if not killed and now >= kill_at:
                logger.error("cycle process %s did not stop after SIGTERM: killing it", process.pid)
                _signal_group(process.pid, signal.SIGKILL)
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
            _signal_group(crawl, signal.SIGKILL)
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
            _signal_group(pid, signal.SIGKILL)
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
            f"last scheduled cycle #{last.id} started {_when(last.started_at)}"
            if last
            else "no scheduled cycle yet"
        )
        logger.info("next cycle at %s (%s)", _when(first), anchor)
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
