"""Store a story once: same URL, same text, or the same story on another outlet.

The policy lives here; the tables and queries in `storage.repository`.
Within one serialized write transaction:
1. a canonical URL already stored is an idempotent no-op;
2. the same normalized text as a primary makes this a duplicate of it;
3. near duplicates: candidates come from the banded index `story_bands`,
   then are confirmed by shingle containment (`min_containment`);
4. otherwise it is a new primary, indexed by its bands.
The first-seen copy stays primary; later copies point at it.

The banded index holds two kinds of band, told apart by `band_no`:
- SimHash bands (`band_no` 0..d): the 64-bit fingerprint cut into
  `max_hamming_distance + 1` chunks, so by the pigeonhole principle every
  fingerprint within that distance shares a chunk. This finds copies that
  differ by a few words (a changed dateline).
- MinHash LSH bands (`band_no` 64..83): measured on our fixtures
  (tests/data/fingerprint/measure.py), a reworded lead or a trimmed last
  paragraph moves a SimHash 6-14 bits, beyond any distance a pigeonhole index
  serves cheaply; MinHash bands (20 x 3 rows) found every such copy and no
  different story on the same topic.
Either way a lookup is a few index probes, so it costs the same at 100 and
at 1,000,000 stories.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Connection

from crawler.config import DedupConfig
from crawler.fingerprint import (
    band_values,
    containment,
    from_signed64,
    hamming,
    minhash_band_values,
)
from storage.repository import NewStory, Repository

Outcome = Literal["stored", "duplicate", "exists"]
MINHASH_BAND_OFFSET = 64


@dataclass(frozen=True)
class StoreResult:
    outcome: Outcome
    story_id: int | None
    duplicate_of: int | None = None


def story_bands(text: str, fingerprint: int, max_distance: int) -> list[tuple[int, int]]:
    """(band_no, value) pairs indexing a story: SimHash chunks, then MinHash bands."""
    simhash = list(enumerate(band_values(fingerprint, max_distance + 1)))
    minhash = [
        (MINHASH_BAND_OFFSET + no, value) for no, value in enumerate(minhash_band_values(text))
    ]
    return simhash + minhash


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
        fingerprint = from_signed64(story.fingerprint)
        simhash_bands = [b for b in bands if b[0] < MINHASH_BAND_OFFSET]
        minhash_bands = [b for b in bands if b[0] >= MINHASH_BAND_OFFSET]
        # A shared 16-bit SimHash chunk is mostly chance at a million stories (~15 per
        # bucket): only fingerprints truly within the distance are candidates. A shared
        # MinHash band is rare by chance (31-bit values), so each one is a candidate.
        close = [
            (story_id, fp)
            for story_id, fp in self.repo.band_candidates(conn, simhash_bands)
            if hamming(fingerprint, from_signed64(fp)) <= self.config.max_hamming_distance
        ]
        candidates = dict(close)
        for story_id, fp in self.repo.band_candidates(conn, minhash_bands):
            candidates.setdefault(story_id, fp)
        # Closest fingerprints first; containment of the text decides.
        ordered = sorted(
            candidates.items(), key=lambda c: hamming(fingerprint, from_signed64(c[1]))
        )
        for story_id, _fp in ordered:
            other = self.repo.story_text(conn, story_id)
            if containment(story.text, other) >= self.config.min_containment:
                return story_id
        return None

    def store(self, story: NewStory, seen_keys: list[str]) -> StoreResult:
        """Store `story` once; mark every key in `seen_keys` seen in the same transaction."""
        bands = story_bands(
            story.text, from_signed64(story.fingerprint), self.config.max_hamming_distance
        )
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
