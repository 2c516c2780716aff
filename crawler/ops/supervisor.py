"""Supervision of the daemon's cycle processes: one at a time, each made sure to end.

Each cycle is its own process (`asnwatch run --trigger schedule`), in its own
session, with a hard time limit: Twisted's reactor cannot restart, and a
crash, hang or memory blow-up must end with that process, not with the
daemon. At the limit, or when the daemon stops, it gets SIGTERM (its runner
stops the crawls, which close their runs), then SIGKILL after a grace;
however it ended, `CycleCleanup` then closes what it left "running" and
removes its temporary export files, and the cycle is logged.
A cycle the daemon's own stop ended is "interrupted"; one its time limit
ended, failed. The daemon's heartbeat is written at each cycle's start and end.
"""

from __future__ import annotations

import logging
import math
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from apscheduler.events import JobEvent

from crawler.config.model import Config
from crawler.ops.cleanup import CycleCleanup
from crawler.ops.daemon_options import DaemonOptions
from crawler.ops.daemonlog import log_tail, report_cycle, seconds
from crawler.ops.liveness import Heartbeat
from crawler.ops.processes import StopSignal, child_env, signal_group
from crawler.ops.schedule import TRIGGER, when
from storage.repository import Repository

logger = logging.getLogger(__name__)


@dataclass
class CycleEnd:
    """How a cycle process ended."""

    code: int
    stopped: str | None  # why the daemon stopped it (time limit, shutdown), if it did
    interrupted: bool = False  # stopped because the daemon stops, not at its time limit


class CycleSupervisor:
    """Runs one cycle process at a time, makes sure it ends, and ends clean in the database."""

    def __init__(
        self,
        config: Config,
        repo: Repository,
        stop: StopSignal,
        options: DaemonOptions | None = None,
        heartbeat: Heartbeat | None = None,
    ) -> None:
        self.config = config
        self.repo = repo
        self.stop = stop
        self.options = options or DaemonOptions()
        self.heartbeat = heartbeat or Heartbeat(repo, self.options.heartbeat_seconds)
        self.cleanup = CycleCleanup(config, repo, stop, self.options)
        self.config_path = Path(config.source).resolve()
        self.log_dir = config.log_dir
        self.idle = threading.Event()
        self.idle.set()
        self.next_run_time: Callable[[], datetime | None] = lambda: None

    def next_cycle_at(self) -> datetime | None:
        """When the scheduler runs the next cycle (None before it starts or once it stopped)."""
        try:
            return self.next_run_time()
        except Exception:  # a scheduler shutting down: no next cycle to announce
            return None

    def command(self) -> list[str]:
        """The cycle process's command line: `asnwatch run` as the daemon's child."""
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
        self.heartbeat.beat(force=True)
        end = self._wait(process)
        cycles = self.cleanup.settle(
            before, process.pid, end.code, end.stopped, log_path, interrupted=end.interrupted
        )
        elapsed = time.monotonic() - started
        if not cycles:
            logger.error(
                "cycle process exited with code %s before recording a cycle: %s",
                end.code,
                log_tail(log_path) or "no output",
            )
        for cycle in cycles:
            report_cycle(self.repo, cycle, elapsed)
        if not self.stop():
            self.heartbeat.beat(force=True)
            logger.info("next cycle at %s", when(self.next_run_time()))

    def _stop_kill_at(self) -> float:
        """When a cycle still running after a stop request is killed (monotonic)."""
        if self.stop.forced or self.stop.received_at is None:
            return time.monotonic()
        budget = self.config.schedule.stop_timeout_seconds
        return self.stop.received_at + budget - min(self.options.stop_reserve_seconds, budget / 3)

    def _stop_reason(self, limit: float) -> str:
        """Why the daemon stops the cycle process: its own stop, or the cycle's time limit."""
        if self.stop():
            return f"stopped early: the daemon is stopping ({self.stop.reason})"
        return f"killed after the {seconds(limit)} cycle time limit"

    def _wait(self, process: subprocess.Popen[bytes]) -> CycleEnd:
        """Wait for the cycle process; SIGTERM at its limit or a stop, SIGKILL after the grace."""
        limit = self.config.schedule.cycle_timeout_minutes * 60
        deadline = time.monotonic() + limit
        stopped: str | None = None
        interrupted = False
        kill_at = math.inf
        killed = False
        while True:
            try:
                code = process.wait(timeout=self.options.poll_seconds)
                return CycleEnd(code, stopped, interrupted)
            except subprocess.TimeoutExpired:
                pass
            now = time.monotonic()
            if stopped is None and (self.stop() or now >= deadline):
                interrupted = self.stop()
                stopped = self._stop_reason(limit)
                logger.warning("cycle process %s: %s", process.pid, stopped)
                signal_group(process.pid, signal.SIGTERM)
                kill_at = now + self.options.cycle_kill_grace_seconds
            if self.stop():
                kill_at = min(kill_at, self._stop_kill_at())
            if not killed and now >= kill_at:
                logger.error("cycle process %s did not stop after SIGTERM: killing it", process.pid)
                signal_group(process.pid, signal.SIGKILL)
                killed = True
