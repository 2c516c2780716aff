"""Records each outlet crawl in the `crawl_runs` table: counts, status, errors.

`scrapy crawl` exits 0 even when every callback raised (docs/library-facts.md),
so a run is judged by its counts (`RunStats`), written here: periodically while
it runs (for `asnwatch status` and live progress) and once at `spider_closed`.
A run whose process dies without closing stays "running" and is failed by the
runner. A configured selector that matched none of the run's article pages is
logged at the close, as `asnwatch status` shows it.
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
from crawler.ops.runstats_model import RunStats

logger = logging.getLogger(__name__)

UPDATE_EVERY_SECONDS = 2.0

#: The crawl process's peak resident memory (MiB), in the run's detail stats.
PEAK_RSS_KEY = "asnwatch/peak_rss_mb"


def judge(stats: RunStats, reason: str) -> tuple[str, str | None]:
    """The run's status and error from how it closed and what it counted.

    robots.txt itself does not count as a page fetched: an outlet whose
    robots.txt forbids everything, or cannot be read, yielded nothing.
    """
    if reason != "finished":
        return "failed", f"crawl closed early: {reason}"
    if stats.pages_ok <= 0 and stats.not_modified == 0:
        if stats.robots_unavailable:
            return "failed", (
                "outlet unreachable: its robots.txt could not be read, so nothing was fetched "
                "(RFC 9309: complete disallow)"
            )
        if stats.robots_forbidden:
            refused = stats.robots_forbidden
            return "failed", f"robots.txt forbids every page: nothing fetched ({refused} refused)"
        errors = stats.http_errors + stats.fetch_errors
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

    def _stats(self) -> RunStats:
        stats = self.crawler.stats
        assert stats is not None
        stats.set_value(PEAK_RSS_KEY, peak_rss_mb())
        return RunStats.from_scrapy(stats.get_stats())

    def _update(self, spider: Spider) -> None:
        repo = self._repo(spider)
        if repo is not None and self.run_id is not None:
            try:
                repo.update_run_stats(self.run_id, self._stats().as_dict())
            except Exception:  # progress is best effort; the final write is not
                logger.exception("could not update run progress")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self._loop is not None and self._loop.running:
            self._loop.stop()
        repo = self._repo(spider)
        if repo is None or self.run_id is None:
            return
        stats = self._stats()
        status, error = judge(stats, reason)
        repo.finish_run(self.run_id, status, stats.as_dict(), error)
        log = logger.info if status == "ok" else logger.error
        log(
            "run %s %s: %s fetched, %s stored, %s duplicates, %s failed extractions%s",
            self.run_id,
            status,
            stats.fetched,
            stats.stored,
            stats.duplicates,
            stats.extraction_failed,
            f" ({error})" if error else "",
        )
        for warning in stats.selectors.warnings():
            logger.warning("run %s: %s", self.run_id, warning)
