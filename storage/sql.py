"""SQL helpers shared by the repository's table families: table handles, dialect insert, chunks.

They live apart so that each family module (seen, stories, runs, exports) imports
the same handles and the same dialect choice, and none imports another family.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Connection
from sqlalchemy.dialects import postgresql, sqlite

from storage.models import CrawlRun, Cycle, ExportRecord, SeenUrl, Story, StoryBand

CHUNK = 500  # bound on IN (...) lists: SQLite's variable limit and query size

stories = Story.__table__
bands_t = StoryBand.__table__
seen_t = SeenUrl.__table__
runs_t = CrawlRun.__table__
cycles_t = Cycle.__table__
exports_t = ExportRecord.__table__


def dialect_insert(conn: Connection, table: Any) -> Any:
    """The dialect's INSERT, which has ON CONFLICT (plain `insert` has not)."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    return dialect.insert(table)


def chunked(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    """Slices of at most `size` items, so no IN (...) list outgrows what the database takes."""
    for start in range(0, len(items), size):
        yield items[start : start + size]
