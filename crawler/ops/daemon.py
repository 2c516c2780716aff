"""`asnwatch daemon`: the main job on the configured schedule, for months without attention.

How it stays up and stays right (docs/ARCHITECTURE.md, "The daemon"):

- The schedule is rebuilt from config.yaml at every start and anchored on the
  `cycles` table (`crawler.ops.schedule`): no persistent job store, which
  pickles the job (docs/library-facts.md: a rename loses it, locks fail) and
  would only repeat what the `cycles` table already knows.
- Each cycle is its own process with a hard time limit, supervised by
  `crawler.ops.supervisor`; whatever it left open is closed by
  `crawler.ops.cleanup`, at once or, after a crash, at the next start.
- SIGTERM/SIGINT: no new cycle; the running one is told to stop at once and
  killed if it has not stopped within `stop_timeout_seconds` (less a reserve
  for the cleanup); then the daemon exits 0.
- Liveness: a heartbeat in the database (`crawler.ops.liveness`) every few
  seconds and at each cycle's start and end, with the next cycle's time, and
  a recorded stop, so `asnwatch status` can tell whether a daemon runs.

This module wires those parts together and waits for the stop request.
"""

from __future__ import annotations

import logging
import os

from crawler.config.model import Config, ScheduleConfig
from crawler.ops.daemon_options import DaemonOptions
from crawler.ops.daemonlog import configure_logging, seconds
from crawler.ops.liveness import Heartbeat, daemon_state
from crawler.ops.processes import StopSignal
from crawler.ops.schedule import TRIGGER, interval, start_scheduler, when
from crawler.ops.supervisor import CycleSupervisor
from storage.db import redact_url
from storage.repository import CycleRow, Repository

logger = logging.getLogger(__name__)


def describe(schedule: ScheduleConfig) -> str:
    """The schedule and its limits, for the start-up line."""
    every = (
        f"cron {schedule.cron!r}"
        if schedule.cron
        else f"every {seconds(interval(schedule).total_seconds())}"
    )
    return (
        f"{every}, jitter {schedule.jitter_seconds} s, "
        f"cycle limit {seconds(schedule.cycle_timeout_minutes * 60)}, "
        f"stop limit {seconds(schedule.stop_timeout_seconds)}"
    )


def run_daemon(
    config: Config, options: DaemonOptions | None = None, repo: Repository | None = None
) -> int:
    """Run cycles on the schedule until SIGTERM/SIGINT; 0 once stopped cleanly.

    `repo` is the caller's open repository (then the caller closes it), so the
    daemon and what runs beside it (metrics, alerts) share one engine.
    """
    options = options or DaemonOptions()
    configure_logging(config)
    stop = StopSignal().install()
    owned = repo is None
    repo = repo or Repository.open(config.database.url)
    heartbeat = Heartbeat(repo, options.heartbeat_seconds)
    try:
        logger.info(
            "daemon started (pid %s): %s; database %s",
            os.getpid(),
            describe(config.schedule),
            redact_url(config.database.url),
        )
        _warn_if_another_runs(repo)
        heartbeat.register()
        supervisor = CycleSupervisor(config, repo, stop, options, heartbeat)
        heartbeat.next_cycle = supervisor.next_cycle_at
        supervisor.cleanup.recover()
        if stop():
            return 0
        _serve(config.schedule, supervisor, repo.last_cycle(TRIGGER), stop, options)
        logger.info("daemon stopped")
        return 0
    finally:
        heartbeat.stopped()
        if owned:
            repo.close()


def _warn_if_another_runs(repo: Repository) -> None:
    """Two daemons on one database run every cycle twice: say so (each still works)."""
    other = daemon_state(repo)
    if other.running and other.row is not None:
        logger.warning(
            "another daemon seems to run on this database: %s (pid %s), last beat %s",
            other.row.host,
            other.row.pid,
            when(other.row.heartbeat_at),
        )


def _serve(
    schedule: ScheduleConfig,
    supervisor: CycleSupervisor,
    last: CycleRow | None,
    stop: StopSignal,
    options: DaemonOptions,
) -> None:
    """Run the scheduler until the stop request, then let the running cycle end."""
    scheduler, first = start_scheduler(schedule, supervisor, last.started_at if last else None)
    anchor = (
        f"last scheduled cycle #{last.id} started {when(last.started_at)}"
        if last
        else "no scheduled cycle yet"
    )
    logger.info("next cycle at %s (%s)", when(first), anchor)
    supervisor.heartbeat.beat(force=True)  # with the first cycle's time
    while not stop.wait(options.idle_poll_seconds):
        supervisor.heartbeat.beat()
    logger.info("stopping (%s)", stop.reason)
    scheduler.shutdown(wait=False)
    if not supervisor.idle.wait(schedule.stop_timeout_seconds + 2 * options.poll_seconds):
        # Last resort (e.g. a database that stopped answering): a worker thread still
        # busy would hold the interpreter's exit; the next start closes what is left.
        logger.error("the cycle did not end within the stop limit; exiting anyway")
        supervisor.heartbeat.stopped()
        logging.shutdown()
        os._exit(0)
