"""Store a story once: same URL, same text, or the same story on another outlet.

The policy lives here; the tables and queries in `storage.repository`.
Within one serialized write transaction:
1. a canonical URL already stored is an idempotent no-op;
2. the same normalized text as a primary makes this a duplicate of it;
3. a primary whose SimHash is within `max_hamming_distance` bits (found
   through the banded index: `max_hamming_distance + 1` bands, so by the
   pigeonhole principle any such fingerprint shares a band) and whose text
   contains enough of this one's shingles makes it a duplicate;
4. otherwise it is a new primary, indexed by its bands.
The first-seen copy stays primary; later copies point at it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from crawler.config import DedupConfig
from crawler.fingerprint import band_values, containment, from_signed64, hamming
from storage.repository import NewStory, Repository

Outcome = Literal["stored", "duplicate", "exists"]


@dataclass(frozen=True)
class StoreResult:
    outcome: Outcome
    story_id: int | None
    duplicate_of: int | None = None


class Deduplicator:
    """Writes stories through the repository, deciding primary or duplicate."""

    def __init__(self, repo: Repository, config: DedupConfig) -> None:
        self.repo = repo
        self.config = config
        self.bands = config.max_hamming_distance + 1

    def find_primary(self, conn: object, story: NewStory) -> int | None:
        """The primary this story duplicates, or None when it is new."""
        exact = self.repo.primary_by_text_hash(conn, story.text_hash)  # type: ignore[arg-type]
        if exact is not None:
            return exact
        fingerprint = from_signed64(story.fingerprint)
        candidates = self.repo.band_candidates(
            conn,  # type: ignore[arg-type]
            band_values(fingerprint, self.bands),
        )
        near = sorted(
            (hamming(fingerprint, from_signed64(fp)), story_id)
            for story_id, fp in candidates
            if hamming(fingerprint, from_signed64(fp)) <= self.config.max_hamming_distance
        )
        for _distance, story_id in near:
            other = self.repo.story_text(conn, story_id)  # type: ignore[arg-type]
            if containment(story.text, other) >= self.config.min_containment:
                return story_id
        return None

    def store(self, story: NewStory, seen_keys: list[str]) -> StoreResult:
        """Store `story` once; mark every key in `seen_keys` seen in the same transaction."""
        with self.repo.story_writer() as conn:
            existing = self.repo.story_id_by_url(conn, story.canonical_url)
            if existing is not None:
                result = StoreResult("exists", existing)
            else:
                primary = self.find_primary(conn, story)
                story_id = self.repo.insert_story(
                    conn, story, primary, band_values(from_signed64(story.fingerprint), self.bands)
                )
                outcome: Outcome = "duplicate" if primary is not None else "stored"
                result = StoreResult(outcome, story_id, primary)
            for key in seen_keys:
                self.repo.mark_seen(
                    key, story.outlet, status=result.outcome, story_id=result.story_id, conn=conn
                )
        return result
