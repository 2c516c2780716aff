"""The spider's errbacks: every failed request counted once, by cause, with a log line.

What went wrong is told apart once (`fetch_failure`), in one order for
articles and discovery documents alike, so both count an HTTP error, a
download cut at the size cap or any other fetch error the same way. What is
done about it differs: an article that is gone or too large is marked seen
(it will not come back or shrink, and refetching it every cycle costs a
download), while a discovery document the site does not offer is noted, not
counted as an error.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet.defer import CancelledError
from twisted.python.failure import Failure

from crawler.crawl.context import OutletContext, SpiderStats, logger
from crawler.crawl.middlewares import OffsiteRequest, RedirectLoop, RobotsForbidden

GONE_STATUSES = {404, 410}


@dataclass(frozen=True)
class FetchFailure:
    """Why a request failed, as the errbacks count and log it."""

    #: "http": an HTTP error status; "refused": refused on purpose (robots.txt, another
    #: site, a redirect loop), counted and logged where it was refused; "too_large": cut
    #: at the size cap; "error": anything else (time-out, connection, DNS...).
    kind: Literal["http", "refused", "too_large", "error"]
    status: int = 0
    maxsize: int = 0
    detail: str = ""

    @property
    def stats(self) -> tuple[str, ...]:
        """The failure counters it adds to (none for a refusal: already counted)."""
        if self.kind == "http":
            return ("http_errors", f"http_errors/{self.status}")
        if self.kind == "too_large":
            return ("too_large",)
        if self.kind == "error":
            return ("fetch_errors",)
        return ()


def fetch_failure(failure: Failure, page_maxsize: int) -> FetchFailure:
    """What went wrong; `page_maxsize` is the cap of a request that sets none of its own."""
    if failure.check(HttpError):
        return FetchFailure("http", status=failure.value.response.status)
    if failure.check(RobotsForbidden, OffsiteRequest, RedirectLoop):
        return FetchFailure("refused")
    if _too_large(failure):
        request = failure.request  # type: ignore[attr-defined]
        return FetchFailure("too_large", maxsize=request.meta.get("download_maxsize", page_maxsize))
    return FetchFailure("error", detail=_describe(failure))


class FailureCounter:
    """The errbacks' work for article requests and discovery requests."""

    def __init__(self, ctx: OutletContext, stats: SpiderStats, *, page_maxsize: int) -> None:
        self._ctx = ctx
        self._stats = stats
        #: The size cap of a request that sets none of its own (DOWNLOAD_MAXSIZE).
        self._page_maxsize = page_maxsize

    def article_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        key = request.meta.get("canonical")
        failed = self.count(failure)
        if failed.kind == "http":
            status = failed.status
            if status in GONE_STATUSES and key:
                # Permanently gone: remember it, or a sitemap listing it costs a fetch per cycle.
                self._ctx.repo.mark_seen(
                    key, self._ctx.name, status="gone", reason=f"HTTP {status}"
                )
            logger.warning("article HTTP %s: %s", status, request.url)
        elif failed.kind == "too_large":
            if key:
                # It will not shrink: remember it, or every cycle downloads the cap again.
                reason = f"over {failed.maxsize} bytes"
                self._ctx.repo.mark_seen(key, self._ctx.name, status="too_large", reason=reason)
            logger.warning(
                "article too large, cut at %d bytes (max_page_bytes), not stored: %s",
                failed.maxsize,
                request.url,
            )
        elif failed.kind == "error":
            logger.warning("article fetch failed: %s (%s)", request.url, failed.detail)

    def discovery_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        source = request.meta.get("source", "discovery")
        failed = fetch_failure(failure, self._page_maxsize)
        if failed.kind == "http" and failed.status in GONE_STATUSES:
            # A sitemap or feed the site does not offer: worth knowing, not an error.
            self._stats.inc(f"discovery/{source}_missing")
            logger.info("%s not offered (HTTP %s): %s", source, failed.status, request.url)
            return
        self._count(failed)
        if failed.kind == "http":
            logger.warning("%s HTTP %s: %s", source, failed.status, request.url)
        elif failed.kind == "too_large":
            logger.warning("%s too large, cut at %d bytes: %s", source, failed.maxsize, request.url)
        elif failed.kind == "error":
            logger.warning("%s fetch failed: %s (%s)", source, request.url, failed.detail)

    def count(self, failure: Failure) -> FetchFailure:
        """Classify a failure and count it under its stats, as every errback does."""
        failed = fetch_failure(failure, self._page_maxsize)
        self._count(failed)
        return failed

    def _count(self, failed: FetchFailure) -> None:
        for key in failed.stats:
            self._stats.inc(key)


def _too_large(failure: Failure) -> bool:
    """A download stopped at the size cap (Content-Length, streaming, or gzip unpacking)."""
    if failure.check(DownloadCancelledError, CancelledError):
        # The downloader cancels a body only at the size cap (a time-out is DownloadTimeoutError,
        # and a graceful shutdown lets downloads finish).
        return True
    return bool(failure.check(IgnoreRequest)) and "DOWNLOAD_MAXSIZE" in str(failure.value)


def _describe(failure: Failure) -> str:
    return failure.getErrorMessage() or type(failure.value).__name__
