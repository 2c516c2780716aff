"""The repository: every read and write asnwatch makes, in one small API.

Writes are idempotent upserts (`ON CONFLICT`) that work on SQLite and
PostgreSQL alike, chosen by dialect name. Transactions are short; the story
writer is serialized across processes (SQLite: BEGIN IMMEDIATE; PostgreSQL: a
transaction-scoped advisory lock) so that two crawls running at once still
store each story once.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import (
    Connection,
    Engine,
    Select,
    and_,
    bindparam,
    func,
    literal,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from storage.db import check_reachable, create_db_engine, readonly_connection
from storage.migrate import upgrade
from storage.models import (
    CrawlRun,
    Cycle,
    ExportRecord,
    SeenUrl,
    Story,
    StoryBand,
    utcnow,
)

CHUNK = 500  # bound on IN (...) lists: SQLite's variable limit and query size
STORY_WRITER_LOCK_ID = 0x73746F72  # "stor": PostgreSQL advisory lock for story writes

stories = Story.__table__
bands_t = StoryBand.__table__
seen_t = SeenUrl.__table__
runs_t = CrawlRun.__table__
cycles_t = Cycle.__table__
exports_t = ExportRecord.__table__


@lru_cache(maxsize=4)
def _band_query(count: int) -> Select[tuple[int]]:
    """The candidate query for `count` bands, built once: its parameters are bound per call.

    Building twenty `band_no = ? AND value = ?` clauses anew cost more than running
    them; a cached construct is also a cached compiled statement.
    """
    clauses = [
        and_(bands_t.c.band_no == bindparam(f"b{i}"), bands_t.c.value == bindparam(f"v{i}"))
        for i in range(count)
    ]
    shared = func.count().label("shared")
    return (
        select(bands_t.c.story_id)
        .where(or_(*clauses))
        .group_by(bands_t.c.story_id)
        .order_by(shared.desc(), bands_t.c.story_id)
        .limit(bindparam("limit"))
    )


@dataclass(frozen=True)
class Validators:
    """What a server said about a discovery page, for the next conditional request."""

    etag: str | None
    last_modified: str | None


@dataclass(frozen=True)
class NewStory:
    """A story ready to store (fingerprints computed, topic scored)."""

    outlet: str
    canonical_url: str
    url: str
    title: str
    author: str | None
    published_at: datetime | None
    fetched_at: datetime
    text: str
    fingerprint: int  # signed 64-bit form
    text_hash: str
    score: float
    matched_terms: list[str]


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


@dataclass(frozen=True)
class ExportStory:
    """A primary story as the exporters need it."""

    id: int
    outlet: str
    url: str
    canonical_url: str
    title: str
    author: str | None
    published_at: datetime | None
    fetched_at: datetime
    text: str
    fingerprint: int
    score: float
    matched_terms: list[str]


def _insert(conn: Connection, table: Any) -> Any:
    """The dialect's INSERT, which has ON CONFLICT (plain `insert` has not)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def _chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


class Repository:
    """All database access; construct with `Repository.open(url)`."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    @classmethod
    def open(cls, url: str, *, migrate: bool = True) -> Repository:
        """Connect, fail clearly if unreachable, and bring the schema up to date."""
        engine = create_db_engine(url)
        check_reachable(engine)
        if migrate:
            upgrade(engine)
        return cls(engine)

    def close(self) -> None:
        self.engine.dispose()

    # -- transactions -------------------------------------------------------

    @contextmanager
    def story_writer(self) -> Iterator[Connection]:
        """A write transaction that no other process's story writer overlaps."""
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({STORY_WRITER_LOCK_ID})")
            yield conn

    # -- seen URLs ----------------------------------------------------------

    def unseen(self, urls: Iterable[str]) -> list[str]:
        """The URLs (canonical keys) never seen before, in the order given, once each."""
        ordered = list(dict.fromkeys(urls))
        if not ordered:
            return []
        seen: set[str] = set()
        with readonly_connection(self.engine) as conn:
            for chunk in _chunks(ordered):
                rows = conn.execute(select(seen_t.c.url).where(seen_t.c.url.in_(chunk)))
                seen.update(row.url for row in rows)
        return [url for url in ordered if url not in seen]

    def mark_seen(
        self,
        url: str,
        outlet: str,
        *,
        kind: str = "article",
        status: str,
        reason: str | None = None,
        story_id: int | None = None,
        conn: Connection | None = None,
    ) -> None:
        """Remember a URL (upsert): an article marked seen is never fetched again."""
        if conn is None:
            with self.engine.begin() as own:
                self.mark_seen(
                    url,
                    outlet,
                    kind=kind,
                    status=status,
                    reason=reason,
                    story_id=story_id,
                    conn=own,
                )
            return
        now = utcnow()
        stmt = _insert(conn, seen_t).values(
            url=url,
            outlet=outlet,
            kind=kind,
            status=status,
            reason=reason,
            story_id=story_id,
            attempts=1,
            first_seen=now,
            last_seen=now,
        )
        stmt = stmt.on_conflict_do_update(
            index_elements=[seen_t.c.url],
            set_={
                "status": stmt.excluded.status,
                "reason": stmt.excluded.reason,
                "story_id": func.coalesce(stmt.excluded.story_id, seen_t.c.story_id),
                "attempts": seen_t.c.attempts + 1,
                "last_seen": stmt.excluded.last_seen,
            },
        )
        conn.execute(stmt)

    def seen_status(self, url: str) -> str | None:
        with readonly_connection(self.engine) as conn:
            return conn.scalar(select(seen_t.c.status).where(seen_t.c.url == url))

    def validators(self, url: str) -> Validators | None:
        """The stored ETag/Last-Modified of a discovery page, if the server gave any."""
        with readonly_connection(self.engine) as conn:
            row = conn.execute(
                select(seen_t.c.etag, seen_t.c.last_modified).where(seen_t.c.url == url)
            ).first()
        if row is None or (row.etag is None and row.last_modified is None):
            return None
        return Validators(row.etag, row.last_modified)

    def save_validators(
        self, url: str, outlet: str, etag: str | None, last_modified: str | None
    ) -> None:
        """Store a discovery page's validators (upsert), after its links were taken."""
        now = utcnow()
        with self.engine.begin() as conn:
            stmt = _insert(conn, seen_t).values(
                url=url,
                outlet=outlet,
                kind="discovery",
                status="polled",
                etag=etag,
                last_modified=last_modified,
                attempts=1,
                first_seen=now,
                last_seen=now,
            )
            stmt = stmt.on_conflict_do_update(
                index_elements=[seen_t.c.url],
                set_={
                    "etag": stmt.excluded.etag,
                    "last_modified": stmt.excluded.last_modified,
                    "attempts": seen_t.c.attempts + 1,
                    "last_seen": stmt.excluded.last_seen,
                },
            )
            conn.execute(stmt)

    def forget_validators(
        self, outlet: str, since: datetime, *, conn: Connection | None = None
    ) -> int:
        """Drop the ETag/Last-Modified of the outlet's discovery pages saved since `since`.

        A discovery page's validators are saved once its article links are
        scheduled, not once those articles are stored. A run that dies or
        cannot write in between would leave validators that turn the next
        run's request into a 304, and the articles it never stored would not
        be found again. So a run that did not end well takes the validators
        saved during it along (those of another run of the same outlet at the
        same time too: that only costs a full read); the next run reads those
        pages in full. Returns how many pages lost theirs.
        """
        if conn is None:
            with self.engine.begin() as own:
                return self.forget_validators(outlet, since, conn=own)
        result = conn.execute(
            update(seen_t)
            .where(
                and_(
                    seen_t.c.outlet == outlet,
                    seen_t.c.kind == "discovery",
                    seen_t.c.last_seen >= since,
                    or_(seen_t.c.etag.is_not(None), seen_t.c.last_modified.is_not(None)),
                )
            )
            .values(etag=None, last_modified=None)
        )
        return result.rowcount

    # -- stories ------------------------------------------------------------

    @staticmethod
    def story_id_by_url(conn: Connection, canonical_url: str) -> int | None:
        return conn.scalar(select(stories.c.id).where(stories.c.canonical_url == canonical_url))

    @staticmethod
    def primary_by_text_hash(conn: Connection, text_hash: str) -> int | None:
        return conn.scalar(
            select(stories.c.id).where(
                and_(stories.c.text_hash == text_hash, stories.c.duplicate_of_id.is_(None))
            )
        )

    @staticmethod
    def band_candidates(
        conn: Connection, bands: Sequence[tuple[int, int]], limit: int = 50
    ) -> list[int]:
        """Ids of the primaries sharing a (band_no, value) with the given bands.

        Most shared bands first, then oldest. Only primaries have bands, so the
        index alone answers: one probe per band, whose cost depends on the bucket
        sizes, not on how many stories are stored.
        """
        if not bands:
            return []
        params = {f"b{i}": no for i, (no, _v) in enumerate(bands)}
        params |= {f"v{i}": value for i, (_no, value) in enumerate(bands)}
        params["limit"] = limit
        return list(conn.scalars(_band_query(len(bands)), params))

    @staticmethod
    def story_text(conn: Connection, story_id: int) -> str:
        return conn.scalar(select(stories.c.text).where(stories.c.id == story_id)) or ""

    @staticmethod
    def insert_story(
        conn: Connection,
        story: NewStory,
        duplicate_of: int | None,
        bands: Sequence[tuple[int, int]],
    ) -> int | None:
        """Insert a story (and its bands when primary); None when its URL is already stored."""
        values = {**story.__dict__, "duplicate_of_id": duplicate_of, "created_at": utcnow()}
        stmt = (
            _insert(conn, stories)
            .values(**values)
            .on_conflict_do_nothing(index_elements=[stories.c.canonical_url])
            .returning(stories.c.id)
        )
        story_id = conn.execute(stmt).scalar()
        if story_id is not None and duplicate_of is None and bands:
            conn.execute(
                bands_t.insert(),
                [{"story_id": story_id, "band_no": no, "value": value} for no, value in bands],
            )
        return story_id

    def count_stories(self, *, primaries_only: bool = False) -> int:
        query = select(func.count()).select_from(stories)
        if primaries_only:
            query = query.where(stories.c.duplicate_of_id.is_(None))
        with readonly_connection(self.engine) as conn:
            return conn.scalar(query) or 0

    def story_rows(self) -> list[dict[str, Any]]:
        """Every story as a dict (tests and small tools; not for large databases)."""
        with readonly_connection(self.engine) as conn:
            return [dict(r._mapping) for r in conn.execute(select(stories).order_by(stories.c.id))]

    # -- crawl runs and cycles ---------------------------------------------

    def start_cycle(self, trigger: str) -> int:
        with self.engine.begin() as conn:
            return conn.execute(
                cycles_t.insert()
                .values(trigger=trigger, started_at=utcnow(), status="running", summary={})
                .returning(cycles_t.c.id)
            ).scalar_one()

    def finish_cycle(self, cycle_id: int, status: str, summary: dict[str, Any]) -> None:
        with self.engine.begin() as conn:
            conn.execute(
                update(cycles_t)
                .where(cycles_t.c.id == cycle_id)
                .values(status=status, summary=summary, finished_at=utcnow())
            )

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

    def fail_if_running(self, run_id: int, error: str) -> bool:
        """Mark a run failed unless it already finished (its process died): True if it was."""
        with self.engine.begin() as conn:
            result = conn.execute(
                update(runs_t)
                .where(and_(runs_t.c.id == run_id, runs_t.c.status == "running"))
                .values(status="failed", finished_at=utcnow(), error=error)
            )
            return result.rowcount > 0

    def get_run(self, run_id: int) -> RunRow | None:
        with readonly_connection(self.engine) as conn:
            row = conn.execute(select(runs_t).where(runs_t.c.id == run_id)).first()
            return RunRow(**row._mapping) if row else None

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

        Their discovery validators go too (see `forget_validators`).
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
                self.forget_validators(row.outlet, row.started_at, conn=conn)
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

    def primaries_stored_between(
        self, start: datetime, end: datetime, limit: int = 100
    ) -> tuple[list[dict[str, Any]], int]:
        """Primary stories stored in [start, end], oldest first (at most `limit`), and how many.

        A cycle's new stories: its crawls store them between its start and finish.
        """
        window = and_(
            stories.c.duplicate_of_id.is_(None),
            stories.c.created_at >= start,
            stories.c.created_at <= end,
        )
        query = (
            select(
                stories.c.id,
                stories.c.outlet,
                stories.c.title,
                stories.c.canonical_url,
                stories.c.published_at,
            )
            .where(window)
            .order_by(stories.c.id)
            .limit(limit)
        )
        with readonly_connection(self.engine) as conn:
            total = conn.scalar(select(func.count()).select_from(stories).where(window)) or 0
            return [dict(r._mapping) for r in conn.execute(query)], total

    # -- export -------------------------------------------------------------

    def stories_to_export(
        self, folder: str, fmt: str, *, since: datetime | None = None, include_exported: bool
    ) -> Iterator[ExportStory]:
        """Primaries not yet exported to `folder` in `fmt` (or all), oldest first, in chunks."""
        last_id = 0
        while True:
            query = (
                select(*(stories.c[f] for f in ExportStory.__dataclass_fields__))
                .where(and_(stories.c.duplicate_of_id.is_(None), stories.c.id > last_id))
                .order_by(stories.c.id)
                .limit(CHUNK)
            )
            if since is not None:
                query = query.where(stories.c.fetched_at >= since)
            if not include_exported:
                done = select(exports_t.c.story_id).where(
                    and_(
                        exports_t.c.folder == folder,
                        exports_t.c.format == fmt,
                        exports_t.c.story_id == stories.c.id,
                    )
                )
                query = query.where(~done.exists())
            with readonly_connection(self.engine) as conn:
                batch = [ExportStory(**r._mapping) for r in conn.execute(query)]
            if not batch:
                return
            yield from batch
            last_id = batch[-1].id

    def duplicates_of(self, story_ids: Sequence[int]) -> dict[int, list[dict[str, str]]]:
        """The other copies of each primary: {story_id: [{url, outlet}, ...]}."""
        found: dict[int, list[dict[str, str]]] = {}
        with readonly_connection(self.engine) as conn:
            for chunk in _chunks(list(story_ids)):
                rows = conn.execute(
                    select(stories.c.duplicate_of_id, stories.c.canonical_url, stories.c.outlet)
                    .where(stories.c.duplicate_of_id.in_(chunk))
                    .order_by(stories.c.id)
                )
                for row in rows:
                    found.setdefault(row.duplicate_of_id, []).append(
                        {"url": row.canonical_url, "outlet": row.outlet}
                    )
        return found

    def record_export(self, story_id: int, folder: str, fmt: str, file_name: str) -> None:
        """Mark a story exported; only called once its file exists under its final name."""
        self.record_exports([(story_id, file_name)], folder, fmt)

    def record_exports(self, items: Iterable[tuple[int, str]], folder: str, fmt: str) -> None:
        now = utcnow()
        rows = [
            {
                "story_id": sid,
                "folder": folder,
                "format": fmt,
                "file_name": name,
                "exported_at": now,
            }
            for sid, name in items
        ]
        if not rows:
            return
        with self.engine.begin() as conn:
            stmt = _insert(conn, exports_t)
            stmt = stmt.on_conflict_do_update(
                index_elements=[exports_t.c.story_id, exports_t.c.folder, exports_t.c.format],
                set_={
                    "file_name": stmt.excluded.file_name,
                    "exported_at": stmt.excluded.exported_at,
                },
            )
            conn.execute(stmt, rows)

    def export_records(self, folder: str, fmt: str) -> dict[int, str]:
        with readonly_connection(self.engine) as conn:
            rows = conn.execute(
                select(exports_t.c.story_id, exports_t.c.file_name).where(
                    and_(exports_t.c.folder == folder, exports_t.c.format == fmt)
                )
            )
            return {row.story_id: row.file_name for row in rows}

    def file_names(self, story_ids: Sequence[int], fmt: str) -> dict[int, str]:
        """The latest file each story was exported to in `fmt`, in any folder."""
        found: dict[int, str] = {}
        with readonly_connection(self.engine) as conn:
            for chunk in _chunks(list(story_ids)):
                rows = conn.execute(
                    select(exports_t.c.story_id, exports_t.c.file_name)
                    .where(and_(exports_t.c.story_id.in_(chunk), exports_t.c.format == fmt))
                    .order_by(exports_t.c.exported_at)
                )
                found.update({row.story_id: row.file_name for row in rows})
        return found

    def primaries_with_fingerprints(self, fingerprints: Sequence[int]) -> list[ExportStory]:
        """Primaries with one of the (signed) fingerprints: to recover files of a killed run."""
        found: list[ExportStory] = []
        columns = [stories.c[f] for f in ExportStory.__dataclass_fields__]
        with readonly_connection(self.engine) as conn:
            for chunk in _chunks(list(fingerprints)):
                rows = conn.execute(
                    select(*columns).where(
                        and_(
                            stories.c.fingerprint.in_(chunk),
                            stories.c.duplicate_of_id.is_(None),
                        )
                    )
                )
                found.extend(ExportStory(**r._mapping) for r in rows)
        return found

    # -- status -------------------------------------------------------------

    def outlet_counts(self) -> dict[str, dict[str, int]]:
        """Per outlet: primaries and duplicates stored."""
        query = select(
            stories.c.outlet,
            func.count().label("total"),
            func.count(stories.c.duplicate_of_id).label("duplicates"),
        ).group_by(stories.c.outlet)
        with readonly_connection(self.engine) as conn:
            return {
                r.outlet: {"stories": r.total - r.duplicates, "duplicates": r.duplicates}
                for r in conn.execute(query)
            }
