"""seen_urls: which URLs were already handled, and the validators of discovery pages.

An article URL marked seen is never fetched again; a discovery page keeps its
ETag/Last-Modified so the next poll can be conditional. Both writes are the same
upsert on `url`, built once in `_upsert_seen`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, Engine, and_, false, func, or_, select, update

from storage.db import readonly_connection
from storage.models import utcnow
from storage.sql import chunked, dialect_insert, seen_t, stories

#: The seen status of an article fetched with pages missing and not stored: fetched again.
INCOMPLETE = "incomplete"


@dataclass(frozen=True)
class Validators:
    """What a server said about a discovery page, for the next conditional request."""

    etag: str | None
    last_modified: str | None


def _upsert_seen(
    conn: Connection,
    values: dict[str, Any],
    *,
    replace: Sequence[str],
    replace_unless_null: Sequence[str] = (),
) -> None:
    """Insert a seen_urls row, or update the one with the same URL and count the attempt.

    On conflict only the columns named take the new values (`replace_unless_null`
    ones keep the old value when the new is NULL); every other column, such as
    `first_seen` or the other kind of write's columns, stays as stored.
    """
    now = utcnow()
    stmt = dialect_insert(conn, seen_t).values(**values, attempts=1, first_seen=now, last_seen=now)
    set_: dict[str, Any] = {name: stmt.excluded[name] for name in replace}
    set_ |= {
        name: func.coalesce(stmt.excluded[name], seen_t.c[name]) for name in replace_unless_null
    }
    set_ |= {"attempts": seen_t.c.attempts + 1, "last_seen": stmt.excluded.last_seen}
    conn.execute(stmt.on_conflict_do_update(index_elements=[seen_t.c.url], set_=set_))


def clear_validators(conn: Connection, outlet: str, since: datetime) -> int:
    """`SeenUrls.forget_validators` within a caller's transaction (runs use it too)."""
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


class SeenUrls:
    """Repository methods on seen_urls (mixin: needs `engine`)."""

    engine: Engine

    def unseen(self, urls: Iterable[str], *, incomplete_attempts: int | None = None) -> list[str]:
        """The URLs (canonical keys) to fetch, in the order given, once each.

        Those never seen, and those seen as part of an incomplete story (a further
        page could not be fetched): marked `incomplete`, or linked to a story with
        `pages_missing`. They are fetched again until the story is whole, or, with
        `incomplete_attempts`, until they were fetched that many times.
        """
        ordered = list(dict.fromkeys(urls))
        if not ordered:
            return []
        complete = and_(
            seen_t.c.status != INCOMPLETE, func.coalesce(stories.c.pages_missing, 0) == 0
        )
        given_up = seen_t.c.attempts >= incomplete_attempts if incomplete_attempts else false()
        seen: set[str] = set()
        with readonly_connection(self.engine) as conn:
            for chunk in chunked(ordered):
                query = (
                    select(seen_t.c.url)
                    .select_from(seen_t.outerjoin(stories, stories.c.id == seen_t.c.story_id))
                    .where(seen_t.c.url.in_(chunk), or_(complete, given_up))
                )
                seen.update(row.url for row in conn.execute(query))
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
        _upsert_seen(
            conn,
            {
                "url": url,
                "outlet": outlet,
                "kind": kind,
                "status": status,
                "reason": reason,
                "story_id": story_id,
            },
            replace=("status", "reason"),
            replace_unless_null=("story_id",),
        )

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
        with self.engine.begin() as conn:
            _upsert_seen(
                conn,
                {
                    "url": url,
                    "outlet": outlet,
                    "kind": "discovery",
                    "status": "polled",
                    "etag": etag,
                    "last_modified": last_modified,
                },
                replace=("etag", "last_modified"),
            )

    def forget_validators(
        self, outlet: str, since: datetime, *, conn: Connection | None = None
    ) -> int:
        """Drop the ETag/Last-Modified of the outlet's discovery pages saved since `since`.

        The crawl saves its discovery pages' validators when it closes, and only
        after a run that stored everything (`crawler.crawl.validators`). A run
        judged failed afterwards, or whose end a crash or an outage left open,
        may still have saved some; they would turn the next run's requests into
        304s, and the articles it never stored would not be found again. So
        such a run takes the validators saved since it started along (those of
        another run of the same outlet at the same time too: that only costs a
        full read); the next run reads those pages in full. Returns how many
        pages lost theirs.
        """
        if conn is None:
            with self.engine.begin() as own:
                return self.forget_validators(outlet, since, conn=own)
        return clear_validators(conn, outlet, since)
