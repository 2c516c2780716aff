"""Downloader middlewares: same-site only, conditional GET, retries that back off.

Each is one small class that reads its settings in `from_crawler` (Scrapy's
own component style) and reaches the outlet's context through the spider.
"""

from __future__ import annotations

import asyncio
import logging
import random
from email.utils import parsedate_to_datetime
from typing import Any

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.settings import BaseSettings
from scrapy.utils.response import response_status_message

from crawler.urls import same_site
from storage.models import utcnow

logger = logging.getLogger(__name__)


def _spider(crawler: Crawler) -> Spider:
    assert crawler.spider is not None
    return crawler.spider


class SameSiteOnlyMiddleware:
    """Drops every request to a host (or port) other than the outlet's own.

    Runs before robots.txt handling, so not even another host's robots.txt is
    fetched. Redirects pass through here again, so a redirect offsite is
    dropped too. Scrapy's OffsiteMiddleware compares host names only, which
    would let through another port on the same host.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SameSiteOnlyMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        base = getattr(_spider(self.crawler), "base_url", None)
        if base and not same_site(request.url, base):
            self.crawler.stats.inc_value("asnwatch/offsite_blocked")  # type: ignore[union-attr]
            logger.warning("offsite request blocked: %s (outlet is %s)", request.url, base)
            raise IgnoreRequest(f"offsite: {request.url}")


class ConditionalGetMiddleware:
    """Sends If-None-Match / If-Modified-Since for discovery pages seen before.

    Validators are stored per URL in the database by the spider once a page's
    links were taken (so a page that failed half-way is fetched whole next
    time). A 304 is passed to the callback (`handle_httpstatus_list`), which
    ends that branch. Lighter than HTTPCACHE, which grows without bound and
    hands callbacks the cached body as a 200.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalGetMiddleware:
        return cls(crawler)

    def process_request(self, request: Request) -> None:
        if not request.meta.get("conditional") or "conditional_key" in request.meta:
            return
        ctx = getattr(_spider(self.crawler), "ctx", None)
        if ctx is None:
            return
        request.meta["conditional_key"] = request.url
        validators = ctx.repo.validators(request.url)
        if validators is None:
            return
        if validators.etag:
            request.headers["If-None-Match"] = validators.etag
        if validators.last_modified:
            request.headers["If-Modified-Since"] = validators.last_modified
        allowed = list(request.meta.get("handle_httpstatus_list", []))
        request.meta["handle_httpstatus_list"] = [*allowed, 304]


def retry_after_seconds(response: Response) -> float | None:
    """The Retry-After header as seconds (delta or HTTP date), or None."""
    raw = response.headers.get("Retry-After")
    if not raw:
        return None
    value = raw.decode("latin-1").strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return max(0.0, (when - utcnow()).total_seconds())


class BackoffRetryMiddleware(RetryMiddleware):
    """Scrapy's retries, plus exponential backoff with jitter and `Retry-After`.

    Scrapy 2.19 retries at once and AutoThrottle ignores Retry-After; a server
    answering 429/503 asks us to wait, and we do (up to RETRY_AFTER_MAX; longer
    means "come back next cycle": the URL is given up for this run).
    """

    def __init__(self, settings: BaseSettings) -> None:
        super().__init__(settings)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE")
        self.backoff_max = settings.getfloat("RETRY_BACKOFF_MAX")
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX")

    def _delay(self, request: Request, response: Response | None) -> float | None:
        if response is not None:
            asked = retry_after_seconds(response)
            if asked is not None:
                return asked if asked <= self.retry_after_max else None
        attempt = request.meta.get("retry_times", 0)
        delay = min(self.backoff_max, self.backoff_base * (2**attempt))
        return delay * random.uniform(0.5, 1.0)

    async def process_response(self, request: Request, response: Response) -> Any:  # type: ignore[override]
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        delay = self._delay(request, response)
        if delay is None:
            logger.warning(
                "giving up %s until next cycle: Retry-After beyond %.0fs",
                request.url,
                self.retry_after_max,
            )
            self.crawler.stats.inc_value("asnwatch/retry_after_too_long")  # type: ignore[union-attr]
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        if delay > 0:
            await asyncio.sleep(delay)
        return retry

    async def process_exception(self, request: Request, exception: Exception) -> Any:  # type: ignore[override]
        if request.meta.get("dont_retry", False) or not isinstance(
            exception, self.exceptions_to_retry
        ):
            return None
        retry = self._retry(request, exception)
        if retry is not None:
            delay = self._delay(request, None) or 0
            if delay > 0:
                await asyncio.sleep(delay)
        return retry
