"""The repository: every read and write asnwatch makes, in one small API.

Writes are idempotent upserts (`ON CONFLICT`) that work on SQLite and
PostgreSQL alike, chosen by dialect name. Transactions are short; the story
writer is serialized across processes (SQLite: BEGIN IMMEDIATE; PostgreSQL: a
transaction-scoped advisory lock) so that two crawls running at once still
store each story once.

The methods live with their tables, one module per family (`storage.seen`,
`storage.stories`, `storage.runs`, `storage.exports`, `storage.daemons`; shared SQL helpers in
`storage.sql`); `Repository` composes them and owns the engine, so callers keep
one object and one import.
"""

from __future__ import annotations

from sqlalchemy import Engine

from storage.daemons import DaemonRow, Daemons
from storage.db import check_reachable, create_db_engine
from storage.exports import Exports, ExportStory
from storage.migrate import upgrade
from storage.runs import CycleRow, RunRow, Runs
from storage.search import Search
from storage.seen import SeenUrls, Validators
from storage.stories import NewStory, Stories

__all__ = [
    "CycleRow",
    "DaemonRow",
    "ExportStory",
    "NewStory",
    "Repository",
    "RunRow",
    "Validators",
]


class Repository(SeenUrls, Stories, Search, Runs, Exports, Daemons):
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
