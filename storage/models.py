"""SQLAlchemy models: the database schema of asnwatch.

The schema is what guarantees "every story stored once", not only the code:
canonical URLs are unique, a primary story's exact-text hash is unique
(a partial index over primaries), and every write is an idempotent upsert.
Changes to this module need an Alembic migration in `storage/migrations/`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

# SQLite only autoincrements INTEGER PRIMARY KEY; PostgreSQL gets a BIGINT identity.
IdType = BigInteger().with_variant(Integer(), "sqlite")

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every backend.

    SQLite drops the offset (docs/library-facts.md: DateTime(timezone=True) comes back
    naive), so values are converted to UTC on the way in and tagged UTC on the
    way out; callers always get aware datetimes.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: store aware datetimes only")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    """Now, timezone-aware in UTC: the only clock the storage layer uses."""
    return datetime.now(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: dict[Any, Any] = {datetime: UTCDateTime}


class Story(Base):
    """One story as stored: a primary, or a duplicate pointing at its primary."""

    __tablename__ = "stories"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    outlet: Mapped[str] = mapped_column(String(64), index=True)
    canonical_url: Mapped[str] = mapped_column(String(2048), unique=True)
    url: Mapped[str] = mapped_column(String(2048))
    title: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(256))
    published_at: Mapped[datetime | None]
    fetched_at: Mapped[datetime] = mapped_column(index=True)  # export --since
    text: Mapped[str] = mapped_column(Text)
    # 64-bit SimHash stored as a signed BIGINT (crawler.dedup.fingerprint.to_signed64).
    fingerprint: Mapped[int] = mapped_column(BigInteger, index=True)  # export recovery
    text_hash: Mapped[str] = mapped_column(String(64))  # uq_stories_primary_text_hash
    score: Mapped[float] = mapped_column(Float)
    matched_terms: Mapped[list[str]] = mapped_column(JSON)
    duplicate_of_id: Mapped[int | None] = mapped_column(
        ForeignKey("stories.id", ondelete="SET NULL"), index=True
    )
    # Further pages that could not be fetched: > 0 is an incomplete story, fetched again
    # next cycle (storage.seen) and completed in place, and not exported until then.
    pages_missing: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    created_at: Mapped[datetime]

    __table_args__ = (
        # One primary per exact text: the database refuses a second one.
        Index(
            "uq_stories_primary_text_hash",
            "text_hash",
            unique=True,
            sqlite_where=duplicate_of_id.is_(None),
            postgresql_where=duplicate_of_id.is_(None),
        ),
    )


class StoryBand(Base):
    """The near-duplicate index (MinHash LSH bands of primaries): a lookup reads a few buckets."""

    __tablename__ = "story_bands"

    story_id: Mapped[int] = mapped_column(
        ForeignKey("stories.id", ondelete="CASCADE"), primary_key=True
    )
    band_no: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    value: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_story_bands_lookup", "band_no", "value"),)


class SeenUrl(Base):
    """Every URL ever fetched (articles) or polled (discovery pages), by canonical key.

    Articles: a row means "never fetch again" whatever the outcome
    (stored, duplicate, irrelevant, failed). Discovery pages: the row keeps the
    validators for conditional requests.
    """

    __tablename__ = "seen_urls"

    url: Mapped[str] = mapped_column(String(2048), primary_key=True)
    outlet: Mapped[str] = mapped_column(String(64), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # article | discovery
    status: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str | None] = mapped_column(Text)
    etag: Mapped[str | None] = mapped_column(String(512))
    last_modified: Mapped[str | None] = mapped_column(String(64))
    story_id: Mapped[int | None] = mapped_column(ForeignKey("stories.id", ondelete="SET NULL"))
    attempts: Mapped[int] = mapped_column(Integer, default=1)
    first_seen: Mapped[datetime]
    last_seen: Mapped[datetime]


class Cycle(Base):
    """One crawl-then-export cycle (manual, scheduled or demo)."""

    __tablename__ = "cycles"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    trigger: Mapped[str] = mapped_column(String(16))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16))  # running|ok|partial|failed|interrupted
    summary: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class CrawlRun(Base):
    """One outlet's crawl: its counts and how it ended."""

    __tablename__ = "crawl_runs"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    outlet: Mapped[str] = mapped_column(String(64), index=True)
    cycle_id: Mapped[int | None] = mapped_column(ForeignKey("cycles.id", ondelete="SET NULL"))
    started_at: Mapped[datetime]
    finished_at: Mapped[datetime | None]
    status: Mapped[str] = mapped_column(String(16))  # running|ok|failed|interrupted (storage.runs)
    stats: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    error: Mapped[str | None] = mapped_column(Text)
    pid: Mapped[int | None] = mapped_column(Integer)


class ExportRecord(Base):
    """A story written to one folder in one format: "new" means no row here yet."""

    __tablename__ = "exports"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    story_id: Mapped[int] = mapped_column(ForeignKey("stories.id", ondelete="CASCADE"))
    folder: Mapped[str] = mapped_column(String(1024))
    format: Mapped[str] = mapped_column(String(8))
    file_name: Mapped[str] = mapped_column(String(255))
    exported_at: Mapped[datetime]

    __table_args__ = (
        UniqueConstraint("story_id", "folder", "format", name="uq_exports_story"),
        Index("ix_exports_folder_format", "folder", "format"),
    )


class DaemonBeat(Base):
    """One `asnwatch daemon` start: where it runs, and its latest heartbeat.

    A row per start (a few a month), so `status` can say "running on HOST
    (pid N)" from a fresh beat, or "no daemon running (last seen ...)" from a
    stale one or a recorded stop. `beat_seconds` is the daemon's own interval:
    a reader judges staleness by it rather than guessing.
    """

    __tablename__ = "daemons"

    id: Mapped[int] = mapped_column(IdType, primary_key=True, autoincrement=True)
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    started_at: Mapped[datetime]
    heartbeat_at: Mapped[datetime] = mapped_column(index=True)
    beat_seconds: Mapped[float] = mapped_column(Float)
    next_cycle_at: Mapped[datetime | None]
    stopped_at: Mapped[datetime | None]


class SentAlert(Base):
    """What was last reported about one subject, and when."""

    __tablename__ = "sent_alerts"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    sent_at: Mapped[datetime]
