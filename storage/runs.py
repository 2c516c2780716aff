"""crawl_runs and cycles: the record of every crawl, and the daemon's view of cycles.

A cycle groups one run per outlet; the daemon reads cycles to schedule the next
and to fail the runs whose processes died (their discovery validators go too).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, and_, func, literal, select, update

from storage.db import readonly_connection
from storage.models import utcnow
from storage.seen import clear_validators
from storage.sql import cycles_t, runs_t


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
        values: dict[str, Any] = {"status": status, "finished_at": utcnow(), "error": error}
        if stats is not None:
            values["stats"] = stats
        with self.engine.begin() as conn:
            conn.execute(update(runs_t).where(runs_t.c.id == run_id).values(**values))

    def fail_if_running(self, run_id: int, error: str, *, forget_validators: bool = False) -> bool:
        """Mark a run failed unless it already finished (its process died): True if it was.

        With `forget_validators`, the run's discovery validators go in the same
        transaction (see `forget_validators`), so a failed run never leaves them.
        """
        with self.engine.begin() as conn:
            failed = conn.execute(
                update(runs_t)
                .where(and_(runs_t.c.id == run_id, runs_t.c.status == "running"))
                .values(status="failed", finished_at=utcnow(), error=error)
                .returning(runs_t.c.outlet, runs_t.c.started_at)
            ).first()
            if failed is not None and forget_validators:
                clear_validators(conn, failed.outlet, failed.started_at)
            return failed is not None

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
        """The outlets' runs marked running, oldest first."""
        query = (
            select(runs_t)
            .where(and_(runs_t.c.status == "running", runs_t.c.outlet.in_(list(outlets))))
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

    def fail_running_runs_of_cycle(self, cycle_id: int, error: str) -> list[int]:
        """Fail the cycle's runs still marked running (their processes are gone): their ids.

        Their discovery validators go too (see `forget_validators`), in the same
        transaction, so a failed run never leaves validators behind.
        """
        with self.engine.begin() as conn:
            rows = conn.execute(
                select(runs_t.c.id, runs_t.c.outlet, runs_t.c.started_at).where(
                    and_(runs_t.c.cycle_id == cycle_id, runs_t.c.status == "running")
                )
            ).all()
            ids = [row.id for row in rows]
            if ids:
                conn.execute(
                    update(runs_t)
                    .where(and_(runs_t.c.id.in_(ids), runs_t.c.status == "running"))
                    .values(status="failed", finished_at=utcnow(), error=error)
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
