"""Store a story once: same URL, same text, or the same story on another outlet.

The policy lives here; the tables and queries in `storage.repository`.
Within one serialized write transaction:
1. a canonical URL already stored is an idempotent no-op;
2. the same normalized text as a primary makes this a duplicate of it;
3. near duplicates: candidates come from the banded index `story_bands`
   (MinHash LSH bands), then are confirmed by shingle containment
   (`min_containment`);
4. otherwise it is a new primary, indexed by its bands.
The first-seen copy stays primary; later copies point at it.

Why MinHash bands (20 bands of 3 rows, `band_no` 64..83) and not the SimHash:
measured on our fixtures (tests/data/fingerprint/measure.py), a reworded lead
or a trimmed last paragraph moves a SimHash 6-14 bits, beyond any distance a
pigeonhole index serves cheaply, while MinHash bands found every such copy
(6-14 shared bands of 20), every copy with another dateline (19-20) and no
different story on the same topic (0). Nor is the SimHash indexed in
16-bit chunks: the chunks find nothing the MinHash bands miss, and at a
million stories each chunk's bucket holds ~15 unrelated stories by chance,
so every lookup would read ~60 rows for nothing (bench/results.md). A MinHash
band value has 31 bits: a chance match costs ~20 / 2**31 per stored story, so
a lookup reads only true candidates at 100 or at 1,000,000 stories.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from sqlalchemy import Connection

from crawler.config.model import DedupConfig
from crawler.dedup.fingerprint import (
    containment,
    minhash_band_values,
    simhash64,
    text_hash,
    to_signed64,
)
from storage.repository import NewStory, Repository

Outcome = Literal["stored", "duplicate", "exists"]
#: `band_no` of the first MinHash band; the numbers below it are reserved and hold no rows.
MINHASH_BAND_OFFSET = 64
#: MinHash bands per primary story (each of `MINHASH_ROWS` minimums).
MINHASH_BANDS = 20
MINHASH_ROWS = 3


@dataclass(frozen=True)
class StoreResult:
    outcome: Outcome
    story_id: int | None
    duplicate_of: int | None = None


def new_story(
    *,
    outlet: str,
    canonical_url: str,
    url: str,
    title: str,
    text: str,
    fetched_at: datetime,
    score: float,
    matched_terms: Sequence[str],
    author: str | None = None,
    published_at: datetime | None = None,
) -> NewStory:
    """A story to store, with its fingerprint and text hash derived from its text.

    The only way stories are built for `Deduplicator.store`: a hash computed apart
    from its text would let an exact copy slip past the unique index.
    """
    return NewStory(
        outlet=outlet,
        canonical_url=canonical_url,
        url=url,
        title=title,
        author=author,
        published_at=published_at,
        fetched_at=fetched_at,
        text=text,
        fingerprint=to_signed64(simhash64(text)),
        text_hash=text_hash(text),
        score=score,
        matched_terms=list(matched_terms),
    )


def story_bands(text: str) -> list[tuple[int, int]]:
    """(band_no, value) pairs indexing a story: its MinHash LSH bands (none for no text)."""
    values = minhash_band_values(text, bands=MINHASH_BANDS, rows=MINHASH_ROWS)
    return [(MINHASH_BAND_OFFSET + no, value) for no, value in enumerate(values)]


class Deduplicator:
    """Writes stories through the repository, deciding primary or duplicate."""

    def __init__(self, repo: Repository, config: DedupConfig) -> None:
        self.repo = repo
        self.config = config

    def find_primary(
        self, conn: Connection, story: NewStory, bands: list[tuple[int, int]]
    ) -> int | None:
        """The primary this story duplicates, or None when it is new."""
        exact = self.repo.primary_by_text_hash(conn, story.text_hash)
        if exact is not None:
            return exact
        # Most shared bands first (the repository's order): the likeliest copy is
        # read and confirmed first.
        for story_id in self.repo.band_candidates(conn, bands):
            other = self.repo.story_text(conn, story_id)
            if containment(story.text, other) >= self.config.min_containment:
                return story_id
        return None

    def store(self, story: NewStory, seen_keys: list[str]) -> StoreResult:
        """Store `story` once; mark every key in `seen_keys` seen in the same transaction."""
        bands = story_bands(story.text)
        with self.repo.story_writer() as conn:
            existing = self.repo.story_id_by_url(conn, story.canonical_url)
            if existing is not None:
                result = StoreResult("exists", existing)
            else:
                primary = self.find_primary(conn, story, bands)
                story_id = self.repo.insert_story(conn, story, primary, bands)
                outcome: Outcome = "duplicate" if primary is not None else "stored"
                result = StoreResult(outcome, story_id, primary)
            for key in seen_keys:
                self.repo.mark_seen(
                    key, story.outlet, status=result.outcome, story_id=result.story_id, conn=conn
                )
        return result
