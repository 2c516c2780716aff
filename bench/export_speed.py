"""Export speed: stories per second written to files, from a database of realistic stories.

The stories are inserted directly (one executemany) with synthetic article
texts; then `crawler.export.export` runs as `asnwatch export` runs it: txt is
one file per story, each written to a temporary name, fsynced and renamed,
then recorded; jsonl is one file for the whole run.
"""

from __future__ import annotations

import random
import shutil
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from bench.world import WORK
from crawler.dedup.fingerprint import text_hash, to_signed64
from crawler.export import Format, export
from replica.synthetic import synthetic_texts
from storage.models import Story
from storage.repository import Repository


@dataclass
class ExportSpeed:
    format: Format
    stories: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.stories / self.seconds if self.seconds else 0.0


def fill(repo: Repository, count: int, seed: int = 0) -> None:
    """`count` primary stories with realistic texts, in one transaction."""
    rng = random.Random(seed)
    now = datetime.now(UTC)
    rows = []
    for number, text in enumerate(synthetic_texts(count, on_topic_share=1.0, seed=seed)):
        url = f"https://export.example/berita/{number}"
        rows.append(
            {
                "outlet": "bench",
                "canonical_url": url,
                "url": url,
                "title": " ".join(text.split()[3:13]).rstrip(".,"),
                "author": None,
                "published_at": now - timedelta(minutes=number),
                "fetched_at": now,
                "text": text,
                "fingerprint": to_signed64(rng.getrandbits(64)),
                "text_hash": text_hash(text),
                "score": 8.0,
                "matched_terms": [],
                "duplicate_of_id": None,
                "created_at": now,
            }
        )
    with repo.engine.begin() as conn:
        conn.execute(Story.__table__.insert(), rows)


def run(count: int = 10_000, formats: tuple[Format, ...] = ("txt", "jsonl")) -> list[ExportSpeed]:
    directory = WORK / "export"
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    repo = Repository.open(f"sqlite:///{directory / 'export.db'}")
    try:
        fill(repo, count)
        results = []
        for fmt in formats:
            started = time.perf_counter()
            result = export(repo, directory / fmt, fmt)
            results.append(ExportSpeed(fmt, result.stories, time.perf_counter() - started))
        return results
    finally:
        repo.close()
