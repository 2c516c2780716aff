"""Reading stories: full-text search, newest-first lists, and one story with its copies.

The index is maintained by the database itself (migration 0007): on SQLite an
external-content FTS5 table `stories_fts` kept in step by triggers, ranked by
`bm25()` (title weighted 10, text 1) with `snippet()`s; on PostgreSQL the
generated `stories.search` tsvector (title A, text D, `simple` configuration)
with a GIN index, ranked by `ts_rank()` with `ts_headline()`s. Neither stems,
so a word matches as written; case and diacritics are folded on both.

User input never reaches the query syntax: the query is cut into words, and
each is quoted as an FTS5 string or handed to `plainto_tsquery`, so quotes,
`*`, `-`, `:` and the like are separators, never operators. All words must
match. Without words the list is newest first.

A story's date is its published time, or when it was fetched when the outlet
gave none: lists are ordered by it and `since`/`until` filter on it (a date
alone is a UTC day; `until` includes its day).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Engine,
    Float,
    Select,
    func,
    literal,
    literal_column,
    select,
    table,
)

from storage.db import readonly_connection
from storage.sql import stories

#: Diacritics folded by PostgreSQL's generated column (migration 0007 holds the same letters).
FOLD_FROM = (
    "ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćĈĉĊċČčĎďĐđÈÉÊËèéêëĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħÌÍÎÏìíîïĨĩĪīĬĭĮįİı"
    "ĴĵĶķĹĺĻļĽľĿŀŁłÑñŃńŅņŇňÒÓÔÕÖØòóôõöøŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲų"
    "ŴŵÝýÿŶŷŸŹźŻżŽž"
)
FOLD_TO = (
    "AAAAAAaaaaaaAaAaAaCcCcCcCcCcDdDdEEEEeeeeEeEeEeEeEeGgGgGgGgHhHhIIIIiiiiIiIiIiIiIi"
    "JjKkLlLlLlLlLlNnNnNnNnOOOOOOooooooOoOoOoRrRrRrSsSsSsSsTtTtTtUUUUuuuuUuUuUuUuUuUu"
    "WwYyyYyYZzZzZz"
)
_FOLD = str.maketrans(FOLD_FROM, FOLD_TO)

#: The search index's database objects, which are not SQLAlchemy models: the FTS5
#: table and its shadow tables (SQLite), the generated column and its index (PostgreSQL).
SEARCH_TABLES = frozenset(
    {"stories_fts"} | {f"stories_fts_{s}" for s in ("data", "idx", "docsize", "config")}
)
SEARCH_COLUMNS = frozenset({("stories", "search")})
SEARCH_INDEXES = frozenset({"ix_stories_search"})

MARKS = ("[", "]")  # around matched words in snippets
SNIPPET_CHARS = 240  # the text's start, as the snippet of an unranked list
_TITLE_WEIGHT, _TEXT_WEIGHT = 10.0, 1.0  # bm25 column weights (SQLite)

_FTS = table("stories_fts")
_FTS_REF = literal_column("stories_fts")
_PG_SEARCH = literal_column("stories.search")
_HIT_COLUMNS = (
    stories.c.id,
    stories.c.outlet,
    stories.c.title,
    stories.c.url,
    stories.c.published_at,
    stories.c.fetched_at,
    stories.c.score,
    stories.c.duplicate_of_id,
)


def _story_date() -> ColumnElement[datetime]:
    """A story's date: published, else fetched."""
    return func.coalesce(stories.c.published_at, stories.c.fetched_at)


def is_search_object(name: str | None, type_: str, table_name: str | None = None) -> bool:
    """Whether a reflected schema object belongs to the search index (for schema comparison)."""
    if type_ == "table":
        return name in SEARCH_TABLES
    if type_ == "column":
        return (table_name, name) in SEARCH_COLUMNS
    return type_ == "index" and name in SEARCH_INDEXES


def include_object(obj: object, name: str | None, type_: str, reflected: bool, _to: object) -> bool:
    """Alembic's `include_object`: leave out the search index when comparing with the models.

    The index (FTS5 tables, the tsvector column and its GIN index) is made by
    migration 0007 in raw SQL and is no model, so autogenerate must neither drop it
    nor report it; the schema test compares the same way.
    """
    table = getattr(getattr(obj, "table", None), "name", None)
    return not (reflected and is_search_object(name, type_, table))


@dataclass(frozen=True)
class StoryHit:
    """One story in a list: `rank` is the search relevance (0 unranked), `score` the topic score."""

    id: int
    outlet: str
    title: str
    url: str
    published_at: datetime | None
    fetched_at: datetime
    score: float
    duplicate_of_id: int | None
    rank: float
    snippet: str


@dataclass(frozen=True)
class StoryCopy:
    """A syndicated copy of a story: a stored duplicate pointing at it."""

    id: int
    outlet: str
    title: str
    url: str
    published_at: datetime | None


@dataclass(frozen=True)
class StoryDetail:
    """One story whole: metadata, the topic score and the terms that decided it, copies, text."""

    id: int
    outlet: str
    title: str
    url: str
    canonical_url: str
    author: str | None
    published_at: datetime | None
    fetched_at: datetime
    score: float
    matched_terms: list[str]
    duplicate_of_id: int | None
    pages_missing: int
    text: str
    copies: list[StoryCopy]


def query_words(q: str | None) -> list[str]:
    """The words of a user query, diacritics folded: the only part of it that is searched."""
    return re.findall(r"\w+", (q or "").translate(_FOLD))


def _day_start(when: date | datetime) -> datetime:
    if isinstance(when, datetime):
        return when if when.tzinfo else when.replace(tzinfo=UTC)
    return datetime.combine(when, time(), tzinfo=UTC)


def _filters(
    outlet: str | None,
    since: date | datetime | None,
    until: date | datetime | None,
    include_duplicates: bool,
) -> list[ColumnElement[bool]]:
    clauses: list[ColumnElement[bool]] = []
    day = _story_date()
    if outlet:
        clauses.append(stories.c.outlet == outlet)
    if since is not None:
        clauses.append(day >= _day_start(since))
    if until is not None:
        if isinstance(until, datetime):
            clauses.append(day <= _day_start(until))
        else:
            clauses.append(day < _day_start(until + timedelta(days=1)))
    if not include_duplicates:
        clauses.append(stories.c.duplicate_of_id.is_(None))
    return clauses


def _newest(filters: list[ColumnElement[bool]]) -> Select[Any]:
    rank = literal(0.0, Float()).label("rank")
    snippet = func.substr(stories.c.text, 1, SNIPPET_CHARS).label("snippet")
    return (
        select(*_HIT_COLUMNS, rank, snippet)
        .where(*filters)
        .order_by(_story_date().desc(), stories.c.id.desc())
    )


def _sqlite_ranked(words: list[str], filters: list[ColumnElement[bool]]) -> Select[Any]:
    match = " ".join('"' + w.replace('"', '""') + '"' for w in words)
    bm25 = func.bm25(_FTS_REF, _TITLE_WEIGHT, _TEXT_WEIGHT)
    snippet = func.snippet(_FTS_REF, 1, MARKS[0], MARKS[1], "…", 24)
    return (
        select(*_HIT_COLUMNS, (-bm25).label("rank"), snippet.label("snippet"))
        .select_from(_FTS.join(stories, stories.c.id == literal_column("stories_fts.rowid")))
        .where(_FTS_REF.op("MATCH")(match), *filters)
        .order_by(bm25, _story_date().desc(), stories.c.id.desc())
    )


def _pg_ranked(
    words: list[str], filters: list[ColumnElement[bool]], limit: int, offset: int
) -> Select[Any]:
    """Rank in a subquery, then headline only the page of hits (ts_headline reads whole texts)."""
    tsq = func.plainto_tsquery(literal_column("'simple'"), " ".join(words))
    rank = func.ts_rank(_PG_SEARCH, tsq)
    page = (
        select(stories.c.id, rank.label("rank"))
        .where(_PG_SEARCH.op("@@")(tsq), *filters)
        .order_by(rank.desc(), _story_date().desc(), stories.c.id.desc())
        .limit(limit)
        .offset(offset)
        .subquery()
    )
    options = f'StartSel="{MARKS[0]}", StopSel="{MARKS[1]}", MaxWords=30, MinWords=12'
    headline = func.ts_headline(literal_column("'simple'"), stories.c.text, tsq, options)
    return (
        select(*_HIT_COLUMNS, page.c.rank, headline.label("snippet"))
        .join(page, page.c.id == stories.c.id)
        .order_by(page.c.rank.desc(), _story_date().desc(), stories.c.id.desc())
    )


class Search:
    """Repository methods that read stories for people (mixin: needs `engine`)."""

    engine: Engine

    def search_stories(
        self,
        q: str | None = None,
        outlet: str | None = None,
        since: date | datetime | None = None,
        until: date | datetime | None = None,
        limit: int = 20,
        offset: int = 0,
        include_duplicates: bool = False,
    ) -> list[StoryHit]:
        """Stories matching every word of `q`, best first; without words, newest first."""
        words = query_words(q)
        filters = _filters(outlet, since, until, include_duplicates)
        with readonly_connection(self.engine) as conn:
            if not words:
                query = _newest(filters).limit(limit).offset(offset)
            elif conn.dialect.name == "postgresql":
                query = _pg_ranked(words, filters, limit, offset)
            else:
                query = _sqlite_ranked(words, filters).limit(limit).offset(offset)
            return [StoryHit(**row._mapping) for row in conn.execute(query)]

    def story_detail(self, story_id: int) -> StoryDetail | None:
        """One story with its syndicated copies (stories whose duplicate_of_id is it)."""
        copy_columns = [getattr(stories.c, f) for f in StoryCopy.__dataclass_fields__]
        with readonly_connection(self.engine) as conn:
            row = conn.execute(select(stories).where(stories.c.id == story_id)).first()
            if row is None:
                return None
            copies = conn.execute(
                select(*copy_columns)
                .where(stories.c.duplicate_of_id == story_id)
                .order_by(stories.c.id)
            )
            fields = {f: row._mapping[f] for f in StoryDetail.__dataclass_fields__ if f != "copies"}
            return StoryDetail(**fields, copies=[StoryCopy(**c._mapping) for c in copies])
