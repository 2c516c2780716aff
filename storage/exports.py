"""exports, and the story reads that exporting and cycle reports need.

Export records say which story went to which file in which folder and format,
so a run exports only what is new and a killed run's files can be recovered.
Reads walk the stories in id order and in chunks, never all at once.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, and_, func, or_, select

from storage.db import readonly_connection
from storage.models import utcnow
from storage.sql import CHUNK, chunked, dialect_insert, exports_t, seen_t, stories


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
    pages_missing: int


class Exports:
    """Repository methods on exports and the story reads around them (mixin: needs `engine`)."""

    engine: Engine

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

    def stories_to_export(
        self,
        folder: str,
        fmt: str,
        *,
        since: datetime | None = None,
        include_exported: bool,
        incomplete_attempts: int | None = None,
    ) -> Iterator[ExportStory]:
        """Primaries not yet exported to `folder` in `fmt` (or all), oldest first, in chunks.

        An incomplete story (`pages_missing`) waits: it is exported once its
        missing pages are fetched, not cut short; with `incomplete_attempts`, also
        once its URL was fetched that many times (the crawl has given up on it).
        """
        whole = stories.c.pages_missing == 0
        if incomplete_attempts:
            given_up = (
                select(seen_t.c.url)
                .where(
                    and_(
                        seen_t.c.url == stories.c.canonical_url,
                        seen_t.c.attempts >= incomplete_attempts,
                    )
                )
                .exists()
            )
            whole = or_(whole, given_up)
        last_id = 0
        while True:
            query = (
                select(*(stories.c[f] for f in ExportStory.__dataclass_fields__))
                .where(
                    and_(
                        stories.c.duplicate_of_id.is_(None),
                        whole,
                        stories.c.id > last_id,
                    )
                )
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
            for chunk in chunked(list(story_ids)):
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
            stmt = dialect_insert(conn, exports_t)
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

    def export_index_rows(self, folder: str) -> list[dict[str, Any]]:
        """What `index.jsonl` says of each txt file recorded in `folder`, by file name.

        file, id, url, outlet, title, published_at, fetched_at.
        """
        query = (
            select(
                exports_t.c.file_name.label("file"),
                stories.c.id,
                stories.c.canonical_url.label("url"),
                stories.c.outlet,
                stories.c.title,
                stories.c.published_at,
                stories.c.fetched_at,
            )
            .join(stories, stories.c.id == exports_t.c.story_id)
            .where(and_(exports_t.c.folder == folder, exports_t.c.format == "txt"))
            .order_by(exports_t.c.file_name)
        )
        with readonly_connection(self.engine) as conn:
            return [dict(row._mapping) for row in conn.execute(query)]

    def file_names(self, story_ids: Sequence[int], fmt: str) -> dict[int, str]:
        """The latest file each story was exported to in `fmt`, in any folder."""
        found: dict[int, str] = {}
        with readonly_connection(self.engine) as conn:
            for chunk in chunked(list(story_ids)):
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
            for chunk in chunked(list(fingerprints)):
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
