"""Leaving the database and the export folder consistent after a cycle process, however it ended.

A cycle process killed at its time limit, or at the daemon's stop, or dead by
itself, may leave its cycle and runs marked "running", crawls still alive and
a temporary export file. After each cycle process, and at the daemon's start
for what an earlier daemon left, `CycleCleanup` kills what is left, closes the
open runs (interrupted when the daemon's stop ended them, failed otherwise),
closes the cycle with the reason, and removes the temporary files.
"""

from __future__ import annotations

import logging
import signal
import time
from pathlib import Path

from crawler.config.model import Config
from crawler.export import TEMP_PREFIX
from crawler.ops.cycle import CycleResult, summarize_cycle
from crawler.ops.daemon_options import DaemonOptions
from crawler.ops.daemonlog import log_tail, seconds
from crawler.ops.processes import StopSignal, crawl_processes, cycle_processes, signal_group
from crawler.ops.schedule import TRIGGER
from storage.repository import CycleRow, Repository

logger = logging.getLogger(__name__)


class CycleCleanup:
    """Closes the cycles a cycle process (or an earlier daemon) left open."""

    def __init__(
        self, config: Config, repo: Repository, stop: StopSignal, options: DaemonOptions
    ) -> None:
        self.repo = repo
        self.stop = stop
        self.options = options
        self.config_path = Path(config.source).resolve()
        self.export_dir = Path(config.export.dir).expanduser().resolve()

    def settle(
        self,
        before: int,
        pid: int,
        code: int,
        stopped: str | None,
        log_path: Path,
        *,
        interrupted: bool = False,
    ) -> list[CycleRow]:
        """Close what cycle process `pid` left open; the cycles it recorded, as they now are.

        `before` is the highest cycle id before it started, `stopped` why the
        daemon stopped it (None if it ended by itself), `interrupted` whether
        that was the daemon's own stop (not the cycle's time limit), `log_path`
        its output.
        """
        cycles = self.repo.cycles_after(before, TRIGGER)
        for cycle in cycles:
            reason = stopped
            if cycle.status == "running" and reason is None:
                tail = log_tail(log_path) or "no output"
                reason = f"cycle process exited with code {code}: {tail}"
            if reason:
                self.close(cycle.id, reason, interrupted=interrupted and stopped is not None)
        self.remove_temp_files(pid)
        return [row for row in (self.repo.get_cycle(c.id) for c in cycles) if row is not None]

    def close(self, cycle_id: int, reason: str, *, interrupted: bool = False) -> None:
        """Close the cycle's unfinished runs (killing their crawls if alive) and finish it.

        With `interrupted` (the daemon's stop ended it) they and the cycle are
        interrupted; otherwise the runs fail and the cycle is judged by its runs.
        """
        running = {r.id for r in self.repo.runs_of_cycle(cycle_id) if r.finished_at is None}
        for crawl in crawl_processes(self.config_path, running) if running else []:
            logger.warning("cycle %s: killing crawl process %s left behind", cycle_id, crawl)
            signal_group(crawl, signal.SIGKILL)
        self.repo.fail_running_runs_of_cycle(
            cycle_id, f"crawl ended with its cycle: {reason}", interrupted=interrupted
        )
        cycle = self.repo.get_cycle(cycle_id)
        if cycle is None:
            return
        problems = [*cycle.summary.get("problems", []), reason]
        result = CycleResult(cycle_id=cycle_id, runs=self.repo.runs_of_cycle(cycle_id))
        result.problems = problems
        summary = {**cycle.summary, **summarize_cycle(result)}
        self.repo.close_cycle(cycle_id, "interrupted" if interrupted else result.status, summary)

    def remove_temp_files(self, pid: int) -> None:
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
        waiting = self._wait_for_cycle_processes()
        for pid in waiting + crawl_processes(self.config_path, runs):
            logger.warning("killing process %s of an earlier daemon's cycle", pid)
            signal_group(pid, signal.SIGKILL)
        for cycle in self.repo.running_cycles(TRIGGER):
            logger.warning("cycle %s was left running by an earlier daemon: closing it", cycle.id)
            self.close(cycle.id, "left running by a daemon that ended without closing it")

    def _wait_for_cycle_processes(self) -> list[int]:
        """Give an earlier daemon's cycle processes the kill grace to stop; those still alive."""
        waiting = cycle_processes(self.config_path)
        if not waiting:
            return waiting
        grace = self.options.cycle_kill_grace_seconds
        logger.warning(
            "waiting up to %s for an earlier daemon's cycle process to stop: %s",
            seconds(grace),
            waiting,
        )
        deadline = time.monotonic() + grace
        while (
            waiting
            and time.monotonic() < deadline
            and not self.stop.wait(self.options.recover_poll_seconds)
        ):
            waiting = cycle_processes(self.config_path)
        return waiting
