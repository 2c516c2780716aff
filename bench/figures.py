"""Measurements into report sections: the wording and the targets of the issue, in one place."""

from __future__ import annotations

from collections.abc import Sequence

from bench.crawl_cost import CycleCost, Floor
from bench.daemon_memory import DaemonMemory
from bench.dedup_scale import Checkpoint
from bench.export_speed import ExportSpeed
from bench.report import Section


def _mib(value: float) -> str:
    return f"{value:.0f} MiB"


def throughput(
    articles: int,
    cycle: CycleCost,
    floor: Floor,
    on_topic: tuple[int, int],
    cpus: int,
) -> Section:
    section = Section(f"1. Full cycle throughput: first crawl of {articles:,} articles")
    rate = articles / cycle.wall
    section.add(
        "pipeline, end to end (fetch, extract, filter, dedup, store, export)",
        f"{rate:.1f} articles/s ({cycle.wall:.1f} s; crawl phase {cycle.crawl_wall:.1f} s)",
    )
    section.add(
        "floor: plain trafilatura.extract, one process, same HTML",
        f"{floor.articles_per_second:.1f} articles/s ({floor.pages:,} pages in "
        f"{floor.seconds:.1f} s, {1000 * floor.seconds / max(floor.pages, 1):.0f} ms/page)",
    )
    ratio = rate / floor.articles_per_second if floor.articles_per_second else 0.0
    section.add("ratio pipeline / floor", f"{ratio:.2f}x", ">= 1")
    section.add(
        "CPU of the crawl processes",
        f"{cycle.child_cpu:.1f} s = {1000 * cycle.child_cpu / articles:.1f} ms/article; "
        f"{100 * cycle.child_cpu / (cycle.wall * cpus):.0f}% of {cpus} cores over the cycle",
    )
    section.add("CPU of the replica (HTTP server, same machine)", f"{cycle.replica_cpu:.1f} s")
    section.add("article page sizes", floor.size_summary(), "60-150 KB")
    section.add(
        "requests / article pages fetched",
        f"{cycle.requests:,} / {cycle.article_requests:,} ({cycle.distinct_articles:,} distinct)",
    )
    section.add(
        "outcome",
        f"{cycle.stored} stored, {cycle.irrelevant} off topic, {cycle.failed} failed, "
        f"{cycle.exported} exported; cycle {cycle.status}",
    )
    found, total = on_topic
    section.add("on-topic replica articles stored", f"{found} of {total}", f"{total} of {total}")
    section.add(
        "crawl logs written",
        f"{cycle.log_bytes / 1024:,.0f} KiB ({cycle.log_bytes / articles:,.0f} bytes/article)",
    )
    section.notes.append(
        "Every article page was rendered once before timing (the floor saves them), so the "
        "replica serves from its cache; it still answers over HTTP with gzip in this process."
    )
    return section


def large_crawl(articles: int, cycle: CycleCost, on_topic: tuple[int, int], cpus: int) -> Section:
    section = Section(f"1b. First crawl of {articles:,} articles")
    section.add(
        "pipeline, end to end",
        f"{articles / cycle.wall:.1f} articles/s ({cycle.wall:.1f} s; "
        f"{1000 * cycle.child_cpu / articles:.1f} ms CPU/article)",
    )
    section.add(
        "CPU of the crawl processes",
        f"{100 * cycle.child_cpu / (cycle.wall * cpus):.0f}% of {cpus} cores over the cycle",
    )
    section.add(
        "requests / article pages fetched", f"{cycle.requests:,} / {cycle.article_requests:,}"
    )
    found, total = on_topic
    section.add("on-topic replica articles stored", f"{found} of {total}", f"{total} of {total}")
    section.add("crawl logs written", f"{cycle.log_bytes / 1024:,.0f} KiB")
    return section


def incremental(unchanged: CycleCost, after_new: CycleCost, new: int) -> Section:
    section = Section("2. Incremental cost")
    section.add(
        "second cycle, unchanged replica: requests",
        f"{unchanged.requests} ({unchanged.wall:.1f} s wall, "
        f"{unchanged.child_cpu:.1f} s CPU in crawl processes)",
    )
    section.add(
        "second cycle, unchanged replica: article pages fetched",
        str(unchanged.article_requests),
        "0",
    )
    section.add(
        f"after {new} new articles: article pages fetched",
        f"{after_new.article_requests} ({after_new.requests} requests, {after_new.wall:.1f} s, "
        f"{after_new.stored} stored)",
        str(new),
    )
    return section


def dedup(results: Sequence[Checkpoint]) -> Section:
    section = Section("3. Deduplication at scale (SQLite): one lookup-and-insert")
    for r in results:
        section.add(
            f"{r.stories:>9,} stories stored",
            f"mean {r.mean_ms:.1f} ms, p50 {r.p50_ms:.1f}, p95 {r.p95_ms:.1f} "
            f"({r.operations} ops; fill {r.fill_seconds:.0f} s; db {r.database_mib:,.0f} MiB)",
            "flat",
        )
    for r in results:
        b = r.breakdown
        section.add(
            f"{r.stories:>9,}: where an operation goes",
            f"MinHash bands {b.bands_ms:.1f} ms, lookup (find_primary) {b.lookup_ms:.1f} ms, "
            f"write and commit {max(0.0, r.mean_ms - b.bands_ms - b.lookup_ms):.1f} ms; "
            f"{b.sharing:.1f} stories share a band",
        )
    if len(results) >= 2 and results[0].mean_ms:
        first, last = results[0], results[-1]
        section.notes.append(
            f"{last.stories:,} vs {first.stories:,} stories: {last.mean_ms / first.mean_ms:.2f}x "
            f"the time per operation; the lookup alone {last.breakdown.lookup_ms:.1f} vs "
            f"{first.breakdown.lookup_ms:.1f} ms. The index holds 20 MinHash band values of 31 "
            "bits per story, so a new story shares one with ~20 x stories / 2**31 stored "
            "stories by chance (0.01 at a million); the stories sharing a band are the "
            "probes' own look-alikes (synthetic texts share template phrases). What grows is "
            "the write: each of the 20 band rows lands in its own B-tree leaf once the index "
            "outgrows a few pages, and WAL checkpoints write those leaves back (the p95)."
        )
        section.notes.append(
            "The fill is fsynced before timing: its pages, written with synchronous=OFF, "
            "would otherwise be flushed by the first timed checkpoint."
        )
    return section


def memory(
    sizes: Sequence[tuple[int, CycleCost]], daemon: DaemonMemory | None, daemon_cycles: int
) -> Section:
    section = Section("4. Memory")
    section.notes.append(
        "Crawl peaks are each `scrapy crawl` process's VmHWM (/proc), read after its exec. "
        "Not getrusage's ru_maxrss: Linux carries a forked child's pre-exec size (its "
        "parent's) into it."
    )
    for articles, cycle in sizes:
        by_outlet = ", ".join(f"{o} {v:.0f}" for o, v in sorted(cycle.peak_by_outlet.items()))
        section.add(
            f"peak RSS of a crawl process, first crawl of {articles:,} articles",
            f"{_mib(cycle.peak_rss_mib)} (by outlet, MiB: {by_outlet})",
            "not growing with the count",
        )
    if daemon is None:
        section.notes.append(f"Daemon over {daemon_cycles} cycles: not measured in this run.")
        return section
    rss = daemon.rss_mib
    if rss:
        section.add(
            f"{daemon.mode} RSS over {daemon.cycles} cycles",
            f"after cycle 1: {rss[0]:.0f} MiB, min {min(rss):.0f}, max {max(rss):.0f}, "
            f"last {rss[-1]:.0f} ({rss[-1] - rss[0]:+.1f} MiB; {daemon.seconds / 60:.1f} min, "
            f"{daemon.failed_cycles} cycles not ok)",
            "flat",
        )
    if daemon.cycle_process_peak_mib:
        section.add("peak RSS of a cycle process", _mib(daemon.cycle_process_peak_mib))
    section.add("peak RSS of its crawl processes", _mib(daemon.crawl_process_peak_mib))
    if daemon.note:
        section.notes.append(daemon.note)
    return section


def export(results: Sequence[ExportSpeed]) -> Section:
    section = Section("5. Export")
    for r in results:
        section.add(
            f"{r.format}: {r.stories:,} stories",
            f"{r.per_second:,.0f} stories/s ({r.seconds:.1f} s)",
        )
    section.notes.append(
        "txt writes one file per story: temporary file, fsync, rename, directory fsync, "
        "then its export record."
    )
    return section
