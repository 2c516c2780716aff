"""The daemon's heartbeat, and how `asnwatch status` reads it.

The daemon registers itself in the `daemons` table at start (host, pid),
beats every `DaemonOptions.heartbeat_seconds` and at each cycle's start and
end with the time of its next cycle, and records its stop. A reader calls a
daemon running when its row has no stop, its last beat is younger than
`STALE_BEATS` of its own intervals (plus `STALE_SLACK_SECONDS` for a write
held up by a busy database), and, on this same host, its pid is alive: a
daemon killed with SIGKILL or lost with its machine records no stop, and is
recognised by its silence (or at once by its dead pid).

A beat that cannot be written (the database is down) is logged and skipped:
the daemon outlives the outage, and its status reads "not running" meanwhile.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.exc import SQLAlchemyError

from crawler.ops.processes import pid_alive
from storage.db import error_reason
from storage.models import utcnow
from storage.repository import DaemonRow, Repository

logger = logging.getLogger(__name__)

#: Beats a daemon may miss before it is taken for gone.
STALE_BEATS = 3
#: Added to the stale limit: a beat may wait for SQLite's lock or a slow server.
STALE_SLACK_SECONDS = 5.0


class Heartbeat:
    """One daemon's row in `daemons`: registered at start, beaten, stopped."""

    def __init__(
        self,
        repo: Repository,
        every: float,
        next_cycle: Callable[[], datetime | None] = lambda: None,
    ) -> None:
        self.repo = repo
        self.every = every
        self.next_cycle = next_cycle
        self.daemon_id: int | None = None
        self._last = -float("inf")  # time.monotonic() of the last beat written
        self._lock = threading.Lock()  # the main loop and the cycle thread both beat

    def register(self) -> None:
        """Record this daemon's start (a database error here ends the start-up)."""
        self.daemon_id = self.repo.register_daemon(socket.gethostname(), os.getpid(), self.every)
        self._last = time.monotonic()

    def beat(self, *, force: bool = False) -> None:
        """Beat if an interval has passed since the last (or at once with `force`)."""
        if self.daemon_id is None:
            return
        with self._lock:
            if not force and time.monotonic() - self._last < self.every:
                return
            try:
                self.repo.daemon_beat(self.daemon_id, self.next_cycle())
                self._last = time.monotonic()
            except SQLAlchemyError as exc:
                logger.warning("cannot write the daemon's heartbeat: %s", error_reason(exc))

    def stopped(self) -> None:
        """Record a clean stop: `status` then says no daemon runs, and no next cycle."""
        if self.daemon_id is None:
            return
        with self._lock:
            try:
                self.repo.daemon_stopped(self.daemon_id)
            except SQLAlchemyError as exc:
                logger.warning("cannot record the daemon's stop: %s", error_reason(exc))


@dataclass(frozen=True)
class DaemonState:
    """Whether a daemon runs on this database, from the newest row of `daemons`."""

    running: bool
    row: DaemonRow | None

    def as_dict(self) -> dict[str, object]:
        """The `daemon` object of `asnwatch status --json`."""
        row = self.row

        def iso(moment: datetime | None) -> str | None:
            return moment.isoformat() if moment else None

        return {
            "running": self.running,
            "host": row.host if row else None,
            "pid": row.pid if row else None,
            "started_at": iso(row.started_at) if row else None,
            "heartbeat_at": iso(row.heartbeat_at) if row else None,
            "next_cycle_at": iso(row.next_cycle_at) if row and self.running else None,
            "stopped_at": iso(row.stopped_at) if row else None,
        }


def alive(row: DaemonRow, now: datetime) -> bool:
    """Whether this daemon row belongs to a daemon still running (see the module doc)."""
    if row.stopped_at is not None:
        return False
    limit = timedelta(seconds=STALE_BEATS * row.beat_seconds + STALE_SLACK_SECONDS)
    if now - row.heartbeat_at > limit:
        return False
    return row.host != socket.gethostname() or pid_alive(row.pid)


def daemon_state(repo: Repository, now: datetime | None = None) -> DaemonState:
    """The newest daemon's state, as of `now` (default: the current time)."""
    row = repo.last_daemon()
    return DaemonState(running=row is not None and alive(row, now or utcnow()), row=row)
