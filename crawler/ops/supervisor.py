"""Supervision of the daemon's cycle processes: one at a time, each made sure to end.

Each cycle is its own process (`asnwatch run --trigger schedule`), in its own
session, with a hard time limit: Twisted's reactor cannot restart, and a
crash, hang or memory blow-up must end with that process, not with the
daemon. At the limit, or when the daemon stops, it gets SIGTERM (its runner
stops the crawls, which close their runs), then SIGKILL after a grace;
however it ended, `CycleCleanup` then closes what it left "running" and
removes its temporary export files, and the cycle is logged and notified.
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
from crawler.ops.notify import notify_cycle
from crawler.ops.processes import StopSignal, child_env, signal_group
from crawler.ops.schedule import TRIGGER, when
from storage.repository import Repository

logger = logging.getLogger(__name__)


@dataclass
class CycleEnd:
    """How a cycle process ended."""

    code: int
    stopped: str | None  # why the daemon stopped it (time limit, shutdown), if it did


class CycleSupervisor:
    """Runs one cycle process at a time, makes sure it ends, and ends clean in the database."""

    def __init__(
        self,
        config: Config,
        repo: Repository,
        stop: StopSignal,
        options: DaemonOptions | None = None,
    ) -> None:
        self.config = config
        self.repo = repo
        self.stop = stop
        self.options = options or DaemonOptions()
        self.cleanup = CycleCleanup(config, repo, stop, self.options)
        self.config_path = Path(config.source).resolve()
        self.log_dir = self.config_path.parent / "logs"
        self.idle = threading.Event()
        self.idle.set()
        self.next_run_time: Callable[[], datetime | None] = lambda: None

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
        end = self._wait(process)
        cycles = self.cleanup.settle(before, process.pid, end.code, end.stopped, log_path)
        elapsed = time.monotonic() - started
        if not cycles:
            logger.error(
                "cycle process exited with code %s before recording a cycle: %s",
                end.code,
                log_tail(log_path) or "no output",
            )
        for cycle in cycles:
            report_cycle(self.repo, cycle, elapsed)
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
        kill_at = math.inf
        killed = False
        while True:
            try:
                return CycleEnd(process.wait(timeout=self.options.poll_seconds), stopped)
            except subprocess.TimeoutExpired:
                pass
            now = time.monotonic()
            if stopped is None and (self.stop() or now >= deadline):
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
