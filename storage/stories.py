"""stories and story_bands: the serialized story writer, dedup lookups, inserts and counts.

The lookups and `insert_story` are static and take the caller's connection, so
that dedup's look-then-insert runs inside one `story_writer` transaction.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Engine, Select, and_, bindparam, func, or_, select

from storage.db import readonly_connection
from storage.models import utcnow
from storage.sql import bands_t, dialect_insert, stories

STORY_WRITER_LOCK_ID = 0x73746F72  # "stor": PostgreSQL advisory lock for story writes


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
    pages_missing: int = 0  # further pages not fetched: an incomplete story


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


class Stories:
    """Repository methods on stories and story_bands (mixin: needs `engine`)."""

    engine: Engine

    @contextmanager
    def story_writer(self) -> Iterator[Connection]:
        """A write transaction that no other process's story writer overlaps."""
        with self.engine.begin() as conn:
            if conn.dialect.name == "postgresql":
                conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({STORY_WRITER_LOCK_ID})")
            yield conn

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
            dialect_insert(conn, stories)
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

    @staticmethod
    def incomplete_story_id(conn: Connection, canonical_url: str) -> int | None:
        """The id of the story stored at this URL while pages of it are missing."""
        return conn.scalar(
            select(stories.c.id).where(
                and_(stories.c.canonical_url == canonical_url, stories.c.pages_missing > 0)
            )
        )

    @staticmethod
    def replace_story_text(
        conn: Connection,
        story_id: int,
        story: NewStory,
        duplicate_of: int | None,
        bands: Sequence[tuple[int, int]],
    ) -> None:
        """Put a refetched story's text and judgement into its row, in place.

        Its id, URL and export records stay. Its index bands are replaced (none for a
        duplicate); the caller chose `duplicate_of` with the old bands already gone
        (`delete_story_bands`), and the copies pointing at it follow it when it turns
        out to be a duplicate itself, so no copy points at a copy.
        """
        values = {k: v for k, v in story.__dict__.items() if k not in ("outlet", "canonical_url")}
        conn.execute(
            stories.update()
            .where(stories.c.id == story_id)
            .values(**values, duplicate_of_id=duplicate_of)
        )
        if duplicate_of is not None:
            conn.execute(
                stories.update()
                .where(stories.c.duplicate_of_id == story_id)
                .values(duplicate_of_id=duplicate_of)
            )
        elif bands:
            conn.execute(
                bands_t.insert(),
                [{"story_id": story_id, "band_no": no, "value": value} for no, value in bands],
            )

    @staticmethod
    def delete_story_bands(conn: Connection, story_id: int) -> None:
        conn.execute(bands_t.delete().where(bands_t.c.story_id == story_id))

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

    def outlet_counts(self) -> dict[str, dict[str, int]]:
        """Per outlet: primaries and duplicates stored (for `status`)."""
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
