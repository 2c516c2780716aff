"""sent_alerts, and the few reads the daemon's alert rules make (`crawler.ops.alerts`).

An alert goes out once per change: what was last reported about a subject
("outlet_failing:neraca", "new_stories:cycle", ...) is one row here, written
after the message went out, so a restarted daemon neither repeats nor forgets
it. The rule reads are bounded: the last N decided runs of an outlet, its
latest story, the cycles finished after a cursor.

Built from an engine (`AlertStore(repo.engine)`), beside the `Repository`.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import Engine, and_, select

from storage.db import readonly_connection
from storage.models import SentAlert, utcnow
from storage.runs import CycleRow
from storage.sql import cycles_t, dialect_insert, runs_t, stories

#: Run statuses that count for "failing N cycles in a row"; others (running, an
#: interrupted run) say nothing about the outlet's health.
FAILED = ("failed",)
DECIDED = ("ok", *FAILED)


alerts_t = SentAlert.__table__


class AlertStore:
    """The alert memory and the reads of the alert rules."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    # -- what was sent ---------------------------------------------------------------------

    def get(self, key: str) -> dict[str, Any] | None:
        """What was last recorded for `key`, or None."""
        with readonly_connection(self.engine) as conn:
            row = conn.execute(select(alerts_t.c.value).where(alerts_t.c.key == key)).first()
            return dict(row[0]) if row else None

    def put(self, key: str, value: dict[str, Any]) -> None:
        """Record `value` for `key` (an upsert)."""
        with self.engine.begin() as conn:
            insert = dialect_insert(conn, alerts_t).values(key=key, value=value, sent_at=utcnow())
            conn.execute(
                insert.on_conflict_do_update(
                    index_elements=[alerts_t.c.key],
                    set_={"value": insert.excluded.value, "sent_at": insert.excluded.sent_at},
                )
            )

    def delete(self, key: str) -> None:
        with self.engine.begin() as conn:
            conn.execute(alerts_t.delete().where(alerts_t.c.key == key))

    # -- what the rules read -----------------------------------------------------------------

    def finished_cycles_after(self, cycle_id: int, limit: int = 50) -> list[CycleRow]:
        """Cycles after `cycle_id`, oldest first, up to the first one still running."""
        query = (
            select(cycles_t).where(cycles_t.c.id > cycle_id).order_by(cycles_t.c.id).limit(limit)
        )
        with readonly_connection(self.engine) as conn:
            rows = [CycleRow(**r._mapping) for r in conn.execute(query)]
        done: list[CycleRow] = []
        for row in rows:
            if row.finished_at is None:
                break
            done.append(row)
        return done

    def last_decided_runs(self, outlet: str, count: int) -> list[tuple[int, str, str | None]]:
        """The outlet's last `count` finished ok/failed runs, newest first: (id, status, error)."""
        query = (
            select(runs_t.c.id, runs_t.c.status, runs_t.c.error)
            .where(and_(runs_t.c.outlet == outlet, runs_t.c.status.in_(DECIDED)))
            .order_by(runs_t.c.id.desc())
            .limit(count)
        )
        with readonly_connection(self.engine) as conn:
            return [(r.id, r.status, r.error) for r in conn.execute(query)]

    def last_story_at(self, outlet: str) -> datetime | None:
        """When the outlet's latest story (primary or duplicate) was stored; None: never."""
        query = (
            select(stories.c.created_at)
            .where(stories.c.outlet == outlet)
            .order_by(stories.c.id.desc())
            .limit(1)
        )
        with readonly_connection(self.engine) as conn:
            return conn.scalar(query)

    def ok_runs_since(self, outlet: str, since: datetime) -> int:
        """The outlet's runs that ended ok and started after `since` (at most 2 are counted)."""
        query = (
            select(runs_t.c.id)
            .where(
                and_(
                    runs_t.c.outlet == outlet,
                    runs_t.c.status == "ok",
                    runs_t.c.started_at >= since,
                )
            )
            .order_by(runs_t.c.id.desc())
            .limit(2)
        )
        with readonly_connection(self.engine) as conn:
            return len(conn.execute(query).all())
