"""crawl_runs and cycles: the record of every crawl, and the daemon's view of cycles.

A cycle groups one run per outlet; the daemon reads cycles to schedule the next
and to fail the runs whose processes died (their discovery validators go too).

A run is "running", then "ok" or "failed" as its crawl judged it, or
"interrupted" when the runner or the daemon stopped it on purpose (Ctrl-C,
SIGTERM, `systemctl stop`): `interrupt_runs` marks it before the crawl is told
to stop, and the crawl's own close keeps that status unless it still ended ok.
An interrupted run is not an outlet failure. A run is open until it has a
finish time: "running", or "interrupted" and still closing.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Engine, and_, case, func, literal, or_, select, update

from storage.db import readonly_connection
from storage.models import utcnow
from storage.seen import clear_validators
from storage.sql import cycles_t, runs_t

INTERRUPTED = "interrupted"


def _open() -> ColumnElement[bool]:
    """A run not closed yet: running, or interrupted and its crawl still closing."""
    return or_(
        runs_t.c.status == "running",
        and_(runs_t.c.status == INTERRUPTED, runs_t.c.finished_at.is_(None)),
    )


@dataclass(frozen=True)
class RunRow:
    id: int
    outlet: str
    cycle_id: int | None
    started_at: datetime
    finished_at: datetime | None
    status: str
    stats: dict[str, Any]
    error: str | None
    pid: int | None


@dataclass(frozen=True)
class CycleRow:
    id: int
    trigger: str
    started_at: datetime
    finished_at: datetime | None
    status: str
    summary: dict[str, Any]


class Runs:
    """Repository methods on crawl_runs and cycles (mixin: needs `engine`)."""

    engine: Engine

    # -- crawl runs and cycles ---------------------------------------------

    def start_cycle(self, trigger: str) -> int:
        with self.engine.begin() as conn:
            return conn.execute(
                cycles_t.insert()
                .values(trigger=trigger, started_at=utcnow(), status="running", summary={})
                .returning(cycles_t.c.id)
            ).scalar_one()

    def recent_cycles(self, limit: int = 10) -> list[CycleRow]:
        with readonly_connection(self.engine) as conn:
            rows = conn.execute(select(cycles_t).order_by(cycles_t.c.id.desc()).limit(limit))
            return [CycleRow(**r._mapping) for r in rows]

    def start_run(self, outlet: str, *, cycle_id: int | None = None) -> int:
        with self.engine.begin() as conn:
            return conn.execute(
                runs_t.insert()
                .values(
                    outlet=outlet,
                    cycle_id=cycle_id,
                    started_at=utcnow(),
                    status="running",
                    stats={},
                    pid=os.getpid(),
                )
                .returning(runs_t.c.id)
            ).scalar_one()

    def claim_run(self, run_id: int) -> None:
        """The crawl process adopts a run row its parent created."""
        with self.engine.begin() as conn:
            conn.execute(update(runs_t).where(runs_t.c.id == run_id).values(pid=os.getpid()))

    def update_run_stats(self, run_id: int, stats: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(update(runs_t).where(runs_t.c.id == run_id).values(stats=stats))

    def finish_run(
        self,
        run_id: int,
        status: str,
        stats: dict[str, Any] | None = None,
        error: str | None = None,
    ) -> None:
        """Record how a run ended; a run interrupted on purpose stays so unless it ended ok."""
        kept = runs_t.c.status == INTERRUPTED
        if status == "ok":
            values: dict[str, Any] = {"status": status, "error": error}
        else:
            values = {
                "status": case((kept, runs_t.c.status), else_=status),
                "error": case((kept, runs_t.c.error), else_=error),
            }
        values["finished_at"] = utcnow()
        if stats is not None:
            values["stats"] = stats
        with self.engine.begin() as conn:
            conn.execute(update(runs_t).where(runs_t.c.id == run_id).values(**values))

    def fail_if_running(self, run_id: int, error: str, *, forget_validators: bool = False) -> bool:
        """Close a run still open (its process died): True if it was.

        A running run becomes failed with `error`; an interrupted one keeps its
        status and reason and gets its finish time. With `forget_validators`,
        the run's discovery validators go in the same transaction (see
        `forget_validators`), so a run that did not end ok never leaves them.
        """
        kept = runs_t.c.status == INTERRUPTED
        with self.engine.begin() as conn:
            failed = conn.execute(
                update(runs_t)
                .where(and_(runs_t.c.id == run_id, _open()))
                .values(
                    status=case((kept, runs_t.c.status), else_="failed"),
                    error=case((kept, runs_t.c.error), else_=error),
                    finished_at=utcnow(),
                )
                .returning(runs_t.c.outlet, runs_t.c.started_at)
            ).first()
            if failed is not None and forget_validators:
                clear_validators(conn, failed.outlet, failed.started_at)
            return failed is not None

    def interrupt_runs(self, run_ids: Sequence[int], reason: str) -> None:
        """The runs, if still running, are being stopped on purpose: mark them interrupted."""
        if not run_ids:
            return
        with self.engine.begin() as conn:
            conn.execute(
                update(runs_t)
                .where(and_(runs_t.c.id.in_(list(run_ids)), runs_t.c.status == "running"))
                .values(status=INTERRUPTED, error=reason)
            )

    def get_run(self, run_id: int) -> RunRow | None:
        with readonly_connection(self.engine) as conn:
            row = conn.execute(select(runs_t).where(runs_t.c.id == run_id)).first()
            return RunRow(**row._mapping) if row else None

    def get_runs(self, run_ids: Sequence[int]) -> list[RunRow]:
        """The given runs in one query, by id (missing ones left out)."""
        if not run_ids:
            return []
        query = select(runs_t).where(runs_t.c.id.in_(list(run_ids))).order_by(runs_t.c.id)
        with readonly_connection(self.engine) as conn:
            return [RunRow(**r._mapping) for r in conn.execute(query)]

    def recent_runs(self, outlet: str | None = None, limit: int = 10) -> list[RunRow]:
        query = select(runs_t).order_by(runs_t.c.id.desc()).limit(limit)
        if outlet is not None:
            query = query.where(runs_t.c.outlet == outlet)
        with readonly_connection(self.engine) as conn:
            return [RunRow(**r._mapping) for r in conn.execute(query)]

    def running_runs(self, outlets: Sequence[str]) -> list[RunRow]:
        """The outlets' open runs (running, or interrupted and not closed), oldest first."""
        query = (
            select(runs_t)
            .where(and_(_open(), runs_t.c.outlet.in_(list(outlets))))
            .order_by(runs_t.c.id)
        )
        with readonly_connection(self.engine) as conn:
            return [RunRow(**r._mapping) for r in conn.execute(query)]

    def runs_of_cycle(self, cycle_id: int) -> list[RunRow]:
        query = select(runs_t).where(runs_t.c.cycle_id == cycle_id).order_by(runs_t.c.id)
        with readonly_connection(self.engine) as conn:
            return [RunRow(**r._mapping) for r in conn.execute(query)]

    # -- the daemon's view of cycles ------------------------------------------

    def get_cycle(self, cycle_id: int) -> CycleRow | None:
        with readonly_connection(self.engine) as conn:
            row = conn.execute(select(cycles_t).where(cycles_t.c.id == cycle_id)).first()
            return CycleRow(**row._mapping) if row else None

    def last_cycle(self, trigger: str) -> CycleRow | None:
        """The most recently started cycle with this trigger: the daemon's schedule anchor."""
        query = (
            select(cycles_t)
            .where(cycles_t.c.trigger == trigger)
            .order_by(cycles_t.c.started_at.desc(), cycles_t.c.id.desc())
            .limit(1)
        )
        with readonly_connection(self.engine) as conn:
            row = conn.execute(query).first()
            return CycleRow(**row._mapping) if row else None

    def latest_cycle_id(self) -> int:
        """The highest cycle id so far (0 when none): cycles created later have higher ids."""
        with readonly_connection(self.engine) as conn:
            return conn.scalar(select(func.max(cycles_t.c.id))) or 0

    def cycles_after(self, cycle_id: int, trigger: str) -> list[CycleRow]:
        """Cycles with this trigger created after `cycle_id`, oldest first."""
        query = (
            select(cycles_t)
            .where(and_(cycles_t.c.id > cycle_id, cycles_t.c.trigger == trigger))
            .order_by(cycles_t.c.id)
        )
        with readonly_connection(self.engine) as conn:
            return [CycleRow(**r._mapping) for r in conn.execute(query)]

    def running_cycles(self, trigger: str) -> list[CycleRow]:
        """Cycles with this trigger still marked running, oldest first."""
        query = (
            select(cycles_t)
            .where(and_(cycles_t.c.status == "running", cycles_t.c.trigger == trigger))
            .order_by(cycles_t.c.id)
        )
        with readonly_connection(self.engine) as conn:
            return [CycleRow(**r._mapping) for r in conn.execute(query)]

    def fail_running_runs_of_cycle(
        self, cycle_id: int, error: str, *, interrupted: bool = False
    ) -> list[int]:
        """Close the cycle's open runs (their processes are gone): their ids.

        They fail with `error`; with `interrupted` (the cycle was stopped on
        purpose) they are interrupted instead, and an interrupted run keeps its
        own reason. Without it, runs interrupted by the cycle's stop fail too:
        the stop was the cycle's time limit, a failure. Their discovery
        validators go in the same transaction (see `forget_validators`), so
        such a run never leaves validators behind.
        """
        closing = _open() if interrupted else runs_t.c.status.in_(["running", INTERRUPTED])
        status = INTERRUPTED if interrupted else "failed"
        with self.engine.begin() as conn:
            rows = conn.execute(
                select(runs_t.c.id, runs_t.c.outlet, runs_t.c.started_at).where(
                    and_(runs_t.c.cycle_id == cycle_id, closing)
                )
            ).all()
            ids = [row.id for row in rows]
            if ids:
                now = literal(utcnow(), type_=runs_t.c.finished_at.type)
                kept = and_(runs_t.c.status == INTERRUPTED, runs_t.c.error.is_not(None))
                conn.execute(
                    update(runs_t)
                    .where(and_(runs_t.c.id.in_(ids), closing))
                    .values(
                        status=status,
                        finished_at=func.coalesce(runs_t.c.finished_at, now),
                        error=case((kept, runs_t.c.error), else_=error) if interrupted else error,
                    )
                )
            for row in rows:
                clear_validators(conn, row.outlet, row.started_at)
            return ids

    def close_cycle(self, cycle_id: int, status: str, summary: dict[str, Any]) -> None:
        """Set a cycle's final status and summary, keeping its finish time if it has one."""
        now = literal(utcnow(), type_=cycles_t.c.finished_at.type)
        with self.engine.begin() as conn:
            conn.execute(
                update(cycles_t)
                .where(cycles_t.c.id == cycle_id)
                .values(
                    status=status,
                    summary=summary,
                    finished_at=func.coalesce(cycles_t.c.finished_at, now),
                )
            )
