"""One outlet's `scrapy crawl` process: started in its own session, stopped in two steps.

A crawl that passes its time limit, or is asked to stop, gets SIGTERM (Scrapy
then closes the spider, which records the run); one still alive a grace period
later gets SIGKILL. Its own session means a signal to the runner's process
group does not reach it twice (docs/library-facts.md: a second SIGTERM forces
an unclean close).
"""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from crawler.ops.processes import child_env, signal_group


@dataclass
class OutletProcess:
    """A running crawl, its deadline (monotonic) and when it was sent SIGTERM, if it was."""

    outlet: str
    run_id: int
    process: subprocess.Popen[bytes]
    log_path: Path
    deadline: float
    terminated_at: float | None = None

    @classmethod
    def start(
        cls,
        outlet: str,
        run_id: int,
        command: Sequence[str],
        log_path: Path,
        timeout: float,
        env: dict[str, str],
    ) -> OutletProcess:
        """Start `command` in its own session, its output to `log_path`, due in `timeout` s."""
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                list(command),
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=child_env(**env),
                start_new_session=True,
            )
        return cls(outlet, run_id, process, log_path, time.monotonic() + timeout)

    @property
    def pid(self) -> int:
        return self.process.pid

    def poll(self) -> int | None:
        """Its exit code once it has ended."""
        return self.process.poll()

    def terminate(self, now: float) -> None:
        """Ask it to stop (SIGTERM), once; the kill grace counts from `now`."""
        if self.terminated_at is None:
            signal_group(self.pid, signal.SIGTERM)
            self.terminated_at = now

    def overdue(self, now: float) -> bool:
        """Past its time limit and not yet asked to stop."""
        return self.terminated_at is None and now > self.deadline

    def escalate(self, now: float, grace: float) -> None:
        """SIGKILL it if it was asked to stop more than `grace` seconds ago."""
        if self.terminated_at is not None and now > self.terminated_at + grace:
            signal_group(self.pid, signal.SIGKILL)


def stop_all(procs: Sequence[OutletProcess], grace: float) -> None:
    """Stop these crawls and wait for them: SIGTERM, then SIGKILL after `grace` seconds."""
    for proc in procs:
        signal_group(proc.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    for proc in procs:
        try:
            proc.process.wait(timeout=max(0.0, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            signal_group(proc.pid, signal.SIGKILL)
            proc.process.wait()
