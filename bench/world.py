"""A benchmark world: a synthetic replica at scale, a config pointed at it, a fresh database.

Built like the crawl tests' world (tests/test_crawl.py): the demo's config
writer points config.yaml at the replica, politeness delays are off (this is
our own local server, never a real site), and the benchmark's own settings
make discovery reach every article of a large replica: sitemap entries of any
age, and neraca's listings paged deep enough for all its articles.
"""

from __future__ import annotations

import math
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from crawler.config.model import Config, load_config
from crawler.demo import demo_config
from crawler.discovery.urls import canonicalize
from crawler.ops.runner import CrawlOptions
from replica import weight
from replica.server import Replica
from replica.synthetic import SyntheticSummary, write_synthetic_data
from storage.repository import Repository

ROOT = Path(__file__).resolve().parents[1]
CONFIG_PATH = ROOT / "config.yaml"
WORK = ROOT / "bench" / "work"

#: Scrapy settings for crawls of the local replica: the crawl tests' FAST, more concurrency,
#: and no cap on new articles per run (a first crawl here has up to 2,000 per outlet).
FAST = {
    "RETRY_BACKOFF_BASE": "0",
    "DOWNLOAD_DELAY": "0",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "8",
    "ASNWATCH_MAX_NEW_ARTICLES": "0",
}
PAGE_KB = (60, 150)


@dataclass
class World:
    directory: Path
    data: SyntheticSummary
    replica: Replica
    config: Config
    config_path: Path
    repo: Repository
    options: CrawlOptions
    setup_seconds: float

    def canonical_key(self, outlet: str, path: str) -> str:
        base = self.replica.base_urls[outlet]
        return canonicalize(base + path, self.config.outlets[outlet].canonical)

    def stored_on_topic(self) -> tuple[int, int]:
        """(on-topic replica articles stored, on-topic replica articles): the run's sanity check."""
        stored = {row["canonical_url"] for row in self.repo.story_rows()}
        positives = [a for a in self.replica.articles if a.label == "positive"]
        found = sum(self.canonical_key(a.outlet, a.path()) in stored for a in positives)
        return found, len(positives)


def bench_config(work: Path, base_urls: dict[str, str], per_outlet: int, **overrides: Any) -> Path:
    """The demo's config plus what a large replica needs; `overrides` are top-level sections."""
    path = demo_config(CONFIG_PATH, work, base_urls)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["crawl"].update(
        {"parallel_outlets": 2, "concurrent_requests_per_domain": 8, "outlet_timeout_minutes": 120}
    )
    # Enough listing pages for every article of an outlet, whatever the page size (10).
    depth = math.ceil(per_outlet / 10) + 2
    for outlet in data["outlets"].values():
        discovery = outlet["discovery"]
        if discovery.get("sitemaps", {}).get("enabled"):
            discovery["sitemaps"]["max_age_days"] = None  # synthetic dates span months
        listings = discovery.get("listings") or {}
        if listings.get("enabled"):
            listings["max_depth"] = max(listings.get("max_depth", 3), depth)
    for key, value in overrides.items():
        data[key] = {**(data.get(key) or {}), **value}
    path.write_text(
        "# Written by bench/world.py: config.yaml pointed at the synthetic replica.\n"
        + yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    return path


@contextmanager
def world(
    name: str, articles: int, *, seed: int = 0, page_kb: tuple[int, int] | None = PAGE_KB
) -> Iterator[World]:
    """A running synthetic replica of `articles` articles and a fresh database in bench/work/.

    The articles are spread over config.yaml's outlets (an outlet without a
    hand-made renderer is served by the generic one, see replica.outlets).
    """
    started = time.perf_counter()
    directory = WORK / name
    if directory.exists():
        shutil.rmtree(directory)
    directory.mkdir(parents=True)
    configured = load_config(CONFIG_PATH).outlets
    summary = write_synthetic_data(
        directory / "data", articles, seed=seed, outlets=list(configured)
    )
    previous = weight.page_weight()
    weight.set_page_weight(page_kb)
    replica = Replica(directory / "data", outlets=configured)
    try:
        with replica:
            per_outlet = max(summary.per_outlet.values(), default=0)
            config_path = bench_config(directory, replica.base_urls, per_outlet)
            config = load_config(config_path)
            repo = Repository.open(config.database.url)
            options = CrawlOptions(
                config_path=config_path, settings=dict(FAST), log_dir=directory / "logs"
            )
            try:
                yield World(
                    directory,
                    summary,
                    replica,
                    config,
                    config_path,
                    repo,
                    options,
                    time.perf_counter() - started,
                )
            finally:
                repo.close()
    finally:
        weight.set_page_weight(previous)
