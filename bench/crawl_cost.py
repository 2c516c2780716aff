"""Crawl cost: a first cycle's throughput against a one-process extraction floor, the cost of
cycles that find nothing or little new, and the crawl processes' peak memory.

Every article page is rendered once before anything is timed (the floor does it
while saving the HTML), so the replica serves pages from its cache during the
crawl and the figures are the crawler's, not the replica's rendering. The
replica still runs in this process and answers over HTTP (gzip included); its
CPU time is reported beside the crawl's.
"""

from __future__ import annotations

import random
import resource
import statistics
import time
from dataclasses import dataclass, field

import trafilatura

from bench.procmem import DescendantPeaks
from bench.world import World
from crawler.ops.cycle import CycleResult, run_cycle
from replica.synthetic import synthetic_record


@dataclass
class Floor:
    """Plain `trafilatura.extract` over every article page, one process."""

    articles: int
    pages: int
    seconds: float
    page_bytes: list[int] = field(default_factory=list)

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    def size_summary(self) -> str:
        kb = sorted(b / 1024 for b in self.page_bytes)
        if not kb:
            return "no pages"
        q = statistics.quantiles(kb, n=10)
        return (
            f"min {kb[0]:.0f}, p10 {q[0]:.0f}, median {statistics.median(kb):.0f}, "
            f"p90 {q[-1]:.0f}, max {kb[-1]:.0f} KB"
        )


@dataclass
class CycleCost:
    """One timed cycle, as seen from outside: wall, requests, CPU, memory, outcome."""

    wall: float
    crawl_wall: float
    requests: int
    article_requests: int
    distinct_articles: int
    stored: int
    relevant: int
    irrelevant: int
    failed: int
    child_cpu: float
    replica_cpu: float
    peak_rss_mib: float
    peak_by_outlet: dict[str, float]
    log_bytes: int
    status: str
    exported: int


def save_article_pages(world: World) -> tuple[list[str], int, list[int]]:
    """Every article page's HTML, fetched in-process (this also warms the replica's cache)."""
    pages: list[str] = []
    sizes: list[int] = []
    for article in world.replica.articles:
        site = world.replica.sites[article.outlet]
        for number in range(1, len(article.pages) + 1):
            suffix = f"?page={number}" if number > 1 else ""
            body = site.handle(article.path() + suffix).body
            sizes.append(len(body))
            pages.append(body.decode("utf-8"))
    return pages, len(world.replica.articles), sizes


def measure_floor(world: World) -> Floor:
    pages, articles, sizes = save_article_pages(world)
    started = time.perf_counter()
    for html in pages:
        trafilatura.extract(html)
    return Floor(articles, len(pages), time.perf_counter() - started, sizes)


def _child_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _log_bytes(world: World) -> int:
    logs = world.options.log_dir
    return sum(p.stat().st_size for p in logs.glob("*.log")) if logs and logs.exists() else 0


def timed_cycle(world: World) -> CycleCost:
    """Run one cycle (crawl every outlet, then export) and measure it from outside."""
    replica = world.replica
    requests_before = len(replica.request_log)
    articles_before = len(replica.article_requests())
    distinct_before = {r.path for r in replica.article_requests()}
    logs_before = _log_bytes(world)
    cpu_before, own_before = _child_cpu(), time.process_time()
    started = time.perf_counter()
    with DescendantPeaks() as peaks:
        result: CycleResult = run_cycle(world.config, world.repo, world.options, trigger="bench")
    wall = time.perf_counter() - started
    child_cpu, replica_cpu = _child_cpu() - cpu_before, time.process_time() - own_before
    crawls = peaks.matching("scrapy crawl")
    by_outlet: dict[str, float] = {}
    for peak in crawls:
        outlet = next(
            (o for o in world.config.outlets if f" crawl {o} " in f"{peak.command} "), "?"
        )
        by_outlet[outlet] = max(by_outlet.get(outlet, 0.0), peak.hwm_kib / 1024)
    runs = result.runs
    starts = [r.started_at for r in runs]
    ends = [r.finished_at for r in runs if r.finished_at]
    article_log = replica.article_requests()
    return CycleCost(
        wall=wall,
        crawl_wall=(max(ends) - min(starts)).total_seconds() if ends and starts else wall,
        requests=len(replica.request_log) - requests_before,
        article_requests=len(article_log) - articles_before,
        distinct_articles=len({r.path for r in article_log} - distinct_before),
        stored=sum(r.stats.get("stored", 0) for r in runs),
        relevant=sum(r.stats.get("relevant", 0) for r in runs),
        irrelevant=sum(r.stats.get("irrelevant", 0) for r in runs),
        failed=sum(r.stats.get("extraction_failed", 0) for r in runs),
        child_cpu=child_cpu,
        replica_cpu=replica_cpu,
        peak_rss_mib=max(by_outlet.values(), default=0.0),
        peak_by_outlet=by_outlet,
        log_bytes=_log_bytes(world) - logs_before,
        status=result.status,
        exported=result.export.stories if result.export else 0,
    )


def publish_new_articles(world: World, count: int, seed: int = 1) -> None:
    """`count` new articles spread over the outlets (a third on topic), published now."""
    rng = random.Random(seed)
    taken = {a.id for a in world.replica.articles}
    outlets = list(world.config.outlets)
    for index in range(count):
        outlet = outlets[index % len(outlets)]
        number = 90_000 + index
        while f"{outlet}-{number:05d}" in taken:
            number += 1
        record = synthetic_record(rng, outlet, number, on_topic=index % 3 == 0)
        world.replica.add_article({**record, "outlet": outlet})
