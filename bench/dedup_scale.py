"""Deduplication at scale: the cost of one lookup-and-insert as the story table grows.

The table is filled directly (executemany in large transactions, no ORM) with
rows exactly as `Deduplicator.store` writes them: a story with a realistic
text (a synthetic article plus a serial number, so no two are equal), a random
64-bit SimHash, and its 20 MinHash band values in `story_bands` (random: band
values of different real stories are uniformly spread 31-bit hashes too; the
fill's texts repeat a pool of 500, whose real bands would collide). At each
checkpoint the benchmark times `Deduplicator.store` itself on new realistic
articles: MinHash bands, exact-hash probe, band probes, containment checks of
the candidates, insert with bands, seen-URL mark, commit.
"""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import statistics
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from bench.world import ROOT, WORK
from crawler.config.model import load_config
from crawler.dedup.deduplicator import (
    MINHASH_BAND_OFFSET,
    MINHASH_BANDS,
    Deduplicator,
    new_story,
    story_bands,
)
from crawler.dedup.fingerprint import text_hash, to_signed64
from replica.synthetic import synthetic_texts
from storage.db import readonly_connection
from storage.repository import NewStory, Repository

CHECKPOINTS = (1_000, 10_000, 100_000, 1_000_000)
FILL_CHUNK = 20_000


@dataclass
class Breakdown:
    """What a lookup finds and costs, measured apart from the timed operations (same texts).

    The lookup is `Deduplicator.find_primary` itself, so this follows the policy
    whatever it becomes; `sharing` says how many stored stories share a band with
    the new one by chance. What is left of an operation's time is the write.
    """

    bands_ms: float = 0.0  # story_bands: the MinHash of the text (CPU, no database)
    lookup_ms: float = 0.0  # find_primary: exact hash, band probes, checks of candidates
    sharing: float = 0.0  # stories sharing at least one band (band_candidates, at most 50)


@dataclass
class Checkpoint:
    stories: int
    fill_seconds: float
    operations: int
    mean_ms: float
    p50_ms: float
    p95_ms: float
    breakdown: Breakdown
    database_mib: float


def _stamp(moment: datetime) -> str:
    """A datetime as SQLAlchemy stores it in SQLite (naive UTC)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


def _fill_rows(
    start: int, end: int, texts: Sequence[str], rng: random.Random
) -> Iterator[tuple[list[tuple[object, ...]], list[tuple[int, int, int]]]]:
    """(story rows, band rows) for ids start..end-1, in chunks."""
    now = _stamp(datetime.now(UTC))
    for chunk_start in range(start, end, FILL_CHUNK):
        stories: list[tuple[object, ...]] = []
        band_rows: list[tuple[int, int, int]] = []
        for story_id in range(chunk_start, min(end, chunk_start + FILL_CHUNK)):
            text = f"{texts[story_id % len(texts)]}\n\nNomor arsip {story_id}."
            fingerprint = rng.getrandbits(64)
            url = f"https://fill.example/berita/{story_id}"
            stories.append(
                (
                    story_id,
                    "fill",
                    url,
                    url,
                    f"Berita arsip {story_id}",
                    None,
                    now,
                    now,
                    text,
                    to_signed64(fingerprint),
                    text_hash(text),
                    8.0,
                    "[]",
                    None,
                    now,
                )
            )
            band_rows.extend(
                (story_id, MINHASH_BAND_OFFSET + no, rng.getrandbits(31))
                for no in range(MINHASH_BANDS)
            )
        yield stories, band_rows


def fill(path: Path, start: int, end: int, texts: Sequence[str], seed: int) -> float:
    """Insert stories start..end-1 (and their bands) straight into SQLite; seconds taken.

    The tables' secondary indexes are dropped for the fill and built again from
    their own stored SQL afterwards (a sorted build is far faster than a million
    random inserts), so the measured database has exactly the schema's indexes.
    """
    started = time.perf_counter()
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA cache_size=-2000000")
        indexes = conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('stories', 'story_bands')"
        ).fetchall()
        for name, _sql in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        rng = random.Random(seed + start)
        for stories, band_rows in _fill_rows(start, end, texts, rng):
            conn.execute("BEGIN")
            conn.executemany(
                "INSERT INTO stories (id, outlet, canonical_url, url, title, author, "
                "published_at, fetched_at, text, fingerprint, text_hash, score, matched_terms, "
                "duplicate_of_id, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                stories,
            )
            conn.executemany(
                "INSERT INTO story_bands (story_id, band_no, value) VALUES (?,?,?)", band_rows
            )
            conn.execute("COMMIT")
        for _name, sql in indexes:
            conn.execute(sql)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # no ANALYZE: production never runs it
    finally:
        conn.close()
    _flush_to_disk(path)
    return time.perf_counter() - started


def _flush_to_disk(path: Path) -> None:
    """fsync the filled database before anything is timed.

    The fill runs with synchronous=OFF, so gigabytes of its pages are still dirty
    in the kernel's cache when it ends; the first checkpoint of a timed operation
    fsyncs the file and would pay for writing them all (one run each, 1,000,000
    stories: 21.6 ms per operation without this flush, 17.2 ms with it).
    """
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


PROBE_PREFIX = "https://bench.example/berita/"


def remove_probes(path: Path) -> None:
    """Delete the timed stories once a checkpoint is measured.

    The probes are synthetic on-topic articles composed from one set of templates:
    they share more 3-word shingles with each other than real different stories
    do, hence some MinHash bands. Kept, they would pile up checkpoint after
    checkpoint and make each lookup read more of them: a cost of the probes, not
    of the number of stories stored. Each checkpoint thus times its operations
    against the fill plus its own earlier operations only.
    """
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("BEGIN IMMEDIATE")
        ids = "SELECT id FROM stories WHERE canonical_url LIKE ?"
        pattern = (PROBE_PREFIX + "%",)
        conn.execute(f"DELETE FROM story_bands WHERE story_id IN ({ids})", pattern)
        conn.execute("DELETE FROM seen_urls WHERE url LIKE ?", pattern)
        conn.execute(f"UPDATE stories SET duplicate_of_id = NULL WHERE id IN ({ids})", pattern)
        conn.execute("DELETE FROM stories WHERE canonical_url LIKE ?", pattern)
        conn.execute("COMMIT")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


def _new_story(text: str, number: int) -> NewStory:
    url = f"{PROBE_PREFIX}{number}"
    return new_story(
        outlet="bench",
        canonical_url=url,
        url=url,
        title=text.split("\n", 1)[0][:80],
        fetched_at=datetime.now(UTC),
        text=text,
        score=8.0,
        matched_terms=[],
    )


def _breakdown(repo: Repository, dedup: Deduplicator, story: NewStory) -> Breakdown:
    started = time.perf_counter()
    bands = story_bands(story.text)
    bands_ms = 1000 * (time.perf_counter() - started)
    with readonly_connection(repo.engine) as conn:
        started = time.perf_counter()
        dedup.find_primary(conn, story, bands)
        lookup_ms = 1000 * (time.perf_counter() - started)
        found = repo.band_candidates(conn, bands)
    return Breakdown(bands_ms, lookup_ms, len(found))


def _mean_breakdown(parts: Sequence[Breakdown]) -> Breakdown:
    if not parts:
        return Breakdown()
    return Breakdown(
        *(statistics.fmean(getattr(p, f) for p in parts) for f in Breakdown.__dataclass_fields__)
    )


def measure_operations(
    repo: Repository, dedup: Deduplicator, texts: Sequence[str], first_number: int
) -> tuple[list[float], Breakdown]:
    """Time `store` on each text: milliseconds per operation, and the lookups' mean breakdown."""
    times: list[float] = []
    parts: list[Breakdown] = []
    for offset, text in enumerate(texts):
        story = _new_story(text, first_number + offset)
        parts.append(_breakdown(repo, dedup, story))  # untimed, before the story is stored
        started = time.perf_counter()
        dedup.store(story, [story.canonical_url])
        times.append((time.perf_counter() - started) * 1000)
    return times, _mean_breakdown(parts)


def run(
    checkpoints: Sequence[int] = CHECKPOINTS, operations: int = 200, seed: int = 0
) -> list[Checkpoint]:
    """Fill to each checkpoint in turn and time `operations` lookup-and-inserts there."""
    directory = WORK / "dedup"
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    path = directory / "dedup.db"
    config = load_config(ROOT / "config.yaml")
    pool = synthetic_texts(500, seed=seed + 1)
    probes = synthetic_texts(operations * len(checkpoints), on_topic_share=1.0, seed=seed + 2)
    results: list[Checkpoint] = []
    filled = 0
    next_id = 1
    for index, target in enumerate(checkpoints):
        Repository.open(f"sqlite:///{path}").close()  # the schema, migrated
        seconds = fill(path, next_id, next_id + target - filled, pool, seed)
        next_id += target - filled
        repo = Repository.open(f"sqlite:///{path}")
        try:
            dedup = Deduplicator(repo, config.dedup)
            batch = probes[index * operations : (index + 1) * operations]
            times, breakdown = measure_operations(repo, dedup, batch, 10_000_000 + next_id)
        finally:
            repo.close()
        remove_probes(path)
        next_id += len(batch)
        filled = target
        results.append(
            Checkpoint(
                stories=target,
                fill_seconds=seconds,
                operations=len(times),
                mean_ms=statistics.fmean(times),
                p50_ms=statistics.median(times),
                p95_ms=statistics.quantiles(times, n=20)[-1],
                breakdown=breakdown,
                database_mib=path.stat().st_size / 1024**2,
            )
        )
    return results
