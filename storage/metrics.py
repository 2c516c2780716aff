"""The reads behind `/metrics` (`crawler.ops.metrics`): runs, cycles and exports by id range.

The collector keeps running totals and asks only for rows from a floor id up
(the primary key's index), so a scrape reads what is new since the last one
plus a small overlap, never the whole history. Only the counts it needs are
taken out of a run's `stats` JSON, by the database, never the whole object.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, select

from storage.db import readonly_connection
from storage.sql import cycles_t, exports_t, runs_t, stories

#: The `crawl_runs.stats` counts the metrics read (crawler.ops.runstats_model names).
RUN_COUNTS = ("stored", "duplicates", "requests", "not_modified", "extraction_failed")
#: Rows read per query: the first scrape after a start reads history in such pages.
PAGE = 5000


@dataclass(frozen=True)
class RunFigures:
    id: int
    outlet: str
    status: str
    started_at: datetime
    finished_at: datetime | None
    counts: dict[str, int]


@dataclass(frozen=True)
class CycleFigures:
    id: int
    status: str
    started_at: datetime
    finished_at: datetime | None


class MetricsReads:
    """Id-ranged reads of crawl_runs, cycles and exports (built from an engine)."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def runs_from(self, floor: int) -> Iterator[RunFigures]:
        """Runs with id >= floor, oldest first, with their counts."""
        counts = [runs_t.c.stats[name].as_integer().label(name) for name in RUN_COUNTS]
        columns = [
            runs_t.c.id,
            runs_t.c.outlet,
            runs_t.c.status,
            runs_t.c.started_at,
            runs_t.c.finished_at,
            *counts,
        ]
        for row in self._paged(columns, runs_t.c.id, floor):
            yield RunFigures(
                id=row.id,
                outlet=row.outlet,
                status=row.status,
                started_at=row.started_at,
                finished_at=row.finished_at,
                counts={name: int(getattr(row, name) or 0) for name in RUN_COUNTS},
            )

    def cycles_from(self, floor: int) -> Iterator[CycleFigures]:
        """Cycles with id >= floor, oldest first."""
        columns = [cycles_t.c.id, cycles_t.c.status, cycles_t.c.started_at, cycles_t.c.finished_at]
        for row in self._paged(columns, cycles_t.c.id, floor):
            yield CycleFigures(row.id, row.status, row.started_at, row.finished_at)

    def exports_from(self, floor: int) -> Iterator[tuple[int, str]]:
        """Export records with id >= floor, oldest first: (id, outlet of the story)."""
        columns = [exports_t.c.id, stories.c.outlet]
        joined = exports_t.join(stories, stories.c.id == exports_t.c.story_id)
        for row in self._paged(columns, exports_t.c.id, floor, joined):
            yield row.id, row.outlet

    def _paged(self, columns: list, key, floor: int, source=None) -> Iterator:  # type: ignore[no-untyped-def, type-arg]
        """Rows with `key` >= floor, ordered by it, read a page at a time."""
        while True:
            query = select(*columns).where(key >= floor).order_by(key).limit(PAGE)
            if source is not None:
                query = query.select_from(source)
            with readonly_connection(self.engine) as conn:
                rows = conn.execute(query).all()
            yield from rows
            if len(rows) < PAGE:
                return
            floor = rows[-1].id + 1
