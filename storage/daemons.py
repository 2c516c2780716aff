"""daemons: each `asnwatch daemon` start and its heartbeat (`crawler.ops.liveness`).

The daemon registers itself at start, beats every few seconds and at each
cycle's start and end (with the time of its next cycle), and records its stop.
`asnwatch status` reads the newest row to say whether a daemon is running.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select, update

from storage.db import readonly_connection
from storage.models import DaemonBeat, utcnow

daemons_t = DaemonBeat.__table__


@dataclass(frozen=True)
class DaemonRow:
    id: int
    host: str
    pid: int
    started_at: datetime
    heartbeat_at: datetime
    beat_seconds: float
    next_cycle_at: datetime | None
    stopped_at: datetime | None


class Daemons:
    """Repository methods on the daemons table (mixin: needs `engine`)."""

    engine: Engine

    def register_daemon(self, host: str, pid: int, beat_seconds: float) -> int:
        """A daemon starts: its row's id, with a first beat."""
        now = utcnow()
        with self.engine.begin() as conn:
            return conn.execute(
                daemons_t.insert()
                .values(
                    host=host,
                    pid=pid,
                    started_at=now,
                    heartbeat_at=now,
                    beat_seconds=beat_seconds,
                )
                .returning(daemons_t.c.id)
            ).scalar_one()

    def daemon_beat(self, daemon_id: int, next_cycle_at: datetime | None) -> None:
        """The daemon is alive now; its next cycle is due at `next_cycle_at` (None: unknown)."""
        with self.engine.begin() as conn:
            conn.execute(
                update(daemons_t)
                .where(daemons_t.c.id == daemon_id)
                .values(heartbeat_at=utcnow(), next_cycle_at=next_cycle_at)
            )

    def daemon_stopped(self, daemon_id: int) -> None:
        """The daemon stopped cleanly: no next cycle is coming from it."""
        now = utcnow()
        with self.engine.begin() as conn:
            conn.execute(
                update(daemons_t)
                .where(daemons_t.c.id == daemon_id)
                .values(heartbeat_at=now, stopped_at=now, next_cycle_at=None)
            )

    def last_daemon(self) -> DaemonRow | None:
        """The daemon that beat last (running or not), if any ever ran on this database."""
        query = (
            select(daemons_t)
            .order_by(daemons_t.c.heartbeat_at.desc(), daemons_t.c.id.desc())
            .limit(1)
        )
        with readonly_connection(self.engine) as conn:
            row = conn.execute(query).first()
            return DaemonRow(**row._mapping) if row else None
