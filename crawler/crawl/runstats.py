"""Records each outlet crawl in the `crawl_runs` table: counts, status, errors.

`scrapy crawl` exits 0 even when every callback raised (LIBRARY-FACTS), so a
run is judged by its stats, written here: periodically while it runs (for
`asnwatch status` and live progress) and once at `spider_closed`. A run whose
process dies without closing stays "running" and is failed by the runner.
"""

from __future__ import annotations

import logging
import resource
import sys
from pathlib import Path
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

from crawler.ops.procstatus import status_field_kib

logger = logging.getLogger(__name__)

UPDATE_EVERY_SECONDS = 2.0

# Public run-stat name -> Scrapy stats key (summed when several).
RUN_STATS: dict[str, tuple[str, ...]] = {
    "requests": ("downloader/request_count",),
    "not_modified": ("downloader/response_status_count/304",),
    "discovered": ("asnwatch/articles/discovered",),
    "already_seen": ("asnwatch/articles/already_seen",),
    "fetched": ("asnwatch/articles/fetched",),
    "relevant": ("asnwatch/articles/relevant",),
    "irrelevant": ("asnwatch/articles/irrelevant",),
    "stored": ("asnwatch/articles/stored",),
    "duplicates": ("asnwatch/articles/duplicates",),
    "extraction_failed": ("asnwatch/articles/extraction_failed",),
    "store_failed": ("asnwatch/articles/store_failed",),
    "http_errors": ("asnwatch/http_errors",),
    "fetch_errors": ("asnwatch/fetch_errors",),
    "offsite_blocked": ("asnwatch/offsite_blocked",),
    "robots_forbidden": ("robotstxt/forbidden",),
    "robots_unavailable": ("asnwatch/robots_unavailable",),
    # robots.txt read by the robots.txt middleware and by sitemap discovery: not pages.
    "robots_txt_ok": ("robotstxt/response_status_count/200", "asnwatch/discovery/robots_txt"),
    "sitemaps_invalid": ("asnwatch/discovery/sitemaps_invalid",),
    "feeds_invalid": ("asnwatch/discovery/feeds_invalid",),
    "xml_entities_refused": ("asnwatch/discovery/xml_entities_refused",),
    "too_large": ("asnwatch/too_large",),
    "redirect_loops": ("asnwatch/redirect_loops",),
    "retries": ("asnwatch/retries",),
    "pages_repaired": ("asnwatch/pages/charset_wrong", "asnwatch/pages/invalid_bytes"),
    "deferred": ("asnwatch/articles/deferred",),
    "callback_errors": ("spider_exceptions/count",),
    "responses_ok": ("downloader/response_status_count/200",),
}

#: The crawl process's peak resident memory (MiB), in the run's detail stats.
PEAK_RSS_KEY = "asnwatch/peak_rss_mb"


def summarize(raw: dict[str, Any]) -> dict[str, Any]:
    """The run's public counts from Scrapy's stats, plus the detailed asnwatch keys."""
    summary: dict[str, Any] = {
        name: sum(int(raw.get(key, 0) or 0) for key in keys) for name, keys in RUN_STATS.items()
    }
    summary["detail"] = {
        k.removeprefix("asnwatch/"): v
        for k, v in raw.items()
        if k.startswith("asnwatch/") and isinstance(v, int)
    }
    return summary


def judge(summary: dict[str, Any], reason: str) -> tuple[str, str | None]:
    """The run's status and error from how it closed and what it counted.

    robots.txt itself does not count as a page fetched: an outlet whose
    robots.txt forbids everything, or cannot be read, yielded nothing.
    """
    if reason != "finished":
        return "failed", f"crawl closed early: {reason}"
    pages_ok = summary["responses_ok"] - summary.get("robots_txt_ok", 0)
    if pages_ok <= 0 and summary["not_modified"] == 0:
        if summary.get("robots_unavailable"):
            return "failed", (
                "outlet unreachable: its robots.txt could not be read, so nothing was fetched "
                "(RFC 9309: complete disallow)"
            )
        if summary["robots_forbidden"]:
            refused = summary["robots_forbidden"]
            return "failed", f"robots.txt forbids every page: nothing fetched ({refused} refused)"
        errors = summary["http_errors"] + summary["fetch_errors"]
        return "failed", f"outlet unreachable: no page fetched ({errors} errors)"
    return "ok", None


def peak_rss_mb(status: Path = Path("/proc/self/status")) -> int:
    """This process's peak resident memory since it started its program, in MiB.

    Linux's VmHWM (see `crawler.ops.procstatus`): a crawl started by a 3 GB benchmark
    read 3 GB through ru_maxrss. Without /proc, ru_maxrss it is (KiB on Linux,
    bytes on macOS).
    """
    hwm = status_field_kib(status, "VmHWM")
    if hwm is not None:
        return hwm // 1024
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak // 1024**2 if sys.platform == "darwin" else peak // 1024


class RunRecorder:
    """Creates (or adopts, via ASNWATCH_RUN_ID) the run row and keeps it current."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.run_id: int | None = crawler.settings.getint("ASNWATCH_RUN_ID") or None
        self._loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RunRecorder:
        if not crawler.settings.getbool("ASNWATCH_RECORD_RUNS", True):
            raise NotConfigured
        recorder = cls(crawler)
        crawler.signals.connect(recorder.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(recorder.spider_closed, signal=signals.spider_closed)
        return recorder

    def _repo(self, spider: Spider) -> Any:
        ctx = getattr(spider, "ctx", None)
        return ctx.repo if ctx is not None else None

    def spider_opened(self, spider: Spider) -> None:
        repo = self._repo(spider)
        if repo is None:
            return
        if self.run_id is None:
            self.run_id = repo.start_run(spider.name)
        else:
            repo.claim_run(self.run_id)
        self._loop = task.LoopingCall(self._update, spider)
        self._loop.start(UPDATE_EVERY_SECONDS, now=False)

    def _stats(self) -> dict[str, Any]:
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value(PEAK_RSS_KEY, peak_rss_mb())
        return summarize(stats.get_stats())

    def _update(self, spider: Spider) -> None:
        repo = self._repo(spider)
        if repo is not None and self.run_id is not None:
            try:
                repo.update_run_stats(self.run_id, self._stats())
            except Exception:  # progress is best effort; the final write is not
                logger.exception("could not update run progress")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        repo = self._repo(spider)
        if repo is None or self.run_id is None:
            return
        summary = self._stats()
        status, error = judge(summary, reason)
        repo.finish_run(self.run_id, status, summary, error)
        log = logger.info if status == "ok" else logger.error
        log(
            "run %s %s: %s fetched, %s stored, %s duplicates, %s failed extractions%s",
            self.run_id,
            status,
            summary["fetched"],
            summary["stored"],
            summary["duplicates"],
            summary["extraction_failed"],
            f" ({error})" if error else "",
        )
