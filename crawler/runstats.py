"""Records each outlet crawl in the `crawl_runs` table: counts, status, errors.

`scrapy crawl` exits 0 even when every callback raised (LIBRARY-FACTS), so a
run is judged by its stats, written here: periodically while it runs (for
`asnwatch status` and live progress) and once at `spider_closed`. A run whose
process dies without closing stays "running" and is failed by the runner.
"""

from __future__ import annotations

import logging
from typing import Any

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from twisted.internet import task

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
    "http_errors": ("asnwatch/http_errors",),
    "fetch_errors": ("asnwatch/fetch_errors",),
    "offsite_blocked": ("asnwatch/offsite_blocked",),
    "robots_forbidden": ("robotstxt/forbidden",),
    "sitemaps_invalid": ("asnwatch/discovery/sitemaps_invalid",),
    "feeds_invalid": ("asnwatch/discovery/feeds_invalid",),
    "callback_errors": ("spider_exceptions/count",),
    "responses_ok": ("downloader/response_status_count/200",),
}


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
    """The run's status and error from how it closed and what it counted."""
    if reason != "finished":
        return "failed", f"crawl closed early: {reason}"
    if summary["responses_ok"] == 0 and summary["not_modified"] == 0:
        errors = summary["http_errors"] + summary["fetch_errors"]
        return "failed", f"outlet unreachable: no page fetched ({errors} errors)"
    return "ok", None


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
        return summarize(self.crawler.stats.get_stats())  # type: ignore[union-attr]

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
