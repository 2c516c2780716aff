"""Downloader middlewares: same-site only, robots.txt, conditional GET, retries, redirect loops.

Each is one small class that reads its settings in `from_crawler` (Scrapy's
own component style) and reaches the outlet's context through the spider.
A request they refuse fails with a subclass of `IgnoreRequest` that says why
(`OffsiteRequest`, `RobotsForbidden`, `RedirectLoop`), so the spider's
errbacks can count each cause once instead of calling them all fetch errors.
"""

from __future__ import annotations

import asyncio
import logging
import random
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import urljoin

from scrapy import Request, Spider
from scrapy.crawler import Crawler
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.robotstxt import RobotParser
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from scrapy.utils.misc import build_from_crawler
from scrapy.utils.response import response_status_message
from twisted.internet.defer import Deferred

from crawler.discovery.urls import same_site
from storage.models import utcnow

logger = logging.getLogger(__name__)


def _spider(crawler: Crawler) -> Spider:
    assert crawler.spider is not None
    return crawler.spider


def _inc(crawler: Crawler, key: str) -> None:
    crawler.stats.inc_value(key)  # type: ignore[union-attr]


class OffsiteRequest(IgnoreRequest):
    """A request to another host or port than the outlet's (counted where it was refused)."""


class RobotsForbidden(IgnoreRequest):
    """A request robots.txt does not allow (Scrapy counts it as ``robotstxt/forbidden``)."""


class RedirectLoop(IgnoreRequest):
    """A redirect back to a URL already in the request's redirect chain."""


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
            _inc(self.crawler, "asnwatch/offsite_blocked")
            via = request.meta.get("redirect_urls")
            logger.warning(
                "offsite request blocked: %s (outlet is %s)%s",
                request.url,
                base,
                f", redirected from {via[-1]}" if via else "",
            )
            raise OffsiteRequest(f"offsite: {request.url}")


_DISALLOW_ALL = b"User-agent: *\nDisallow: /\n"


class StrictRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt handling, made to hold for every request and to fail closed.

    Two changes (Scrapy 2.19):

    - Requests that wait while robots.txt downloads all get its parser.
      Scrapy awaits one shared Deferred from each of them, and converting a
      Deferred to an asyncio future consumes its result: in Scrapy every waiter
      but the first gets None, "no robots.txt", and is let through (the
      homepage, feeds and listing pages of every crawl's start;
      scrapy/scrapy#6802). Each waiter here gets its own Deferred chained to
      the shared one.
    - A robots.txt the outlet cannot serve (5xx or 429 after retries, a
      time-out, a reset) means "complete disallow" (RFC 9309, 2.3.1.4), not
      "allow all": nothing is fetched, the run counts
      ``asnwatch/robots_unavailable`` and fails with a clear error. Another
      4xx still means "no rules" (RFC 9309, 2.3.1.3).
    """

    async def robot_parser(self, request: Request) -> RobotParser | None:
        shared = self._parsers.get(urlparse_cached(request).netloc)
        if isinstance(shared, Deferred):
            mine: Deferred[RobotParser | None] = Deferred()

            def relay(result: Any) -> Any:
                mine.callback(result)
                return result  # kept for the next waiter

            shared.addBoth(relay)
            return await maybe_deferred_to_future(mine)
        return await super().robot_parser(request)

    def process_request_2(self, rp: RobotParser | None, request: Request) -> None:
        try:
            super().process_request_2(rp, request)
        except IgnoreRequest as exc:
            logger.info("forbidden by robots.txt: %s", request.url)
            raise RobotsForbidden(str(exc)) from None

    async def _parse_robots(self, response: Response, netloc: str, request: Request) -> None:
        if response.status >= 500 or response.status == 429:
            self._unavailable(response.url, f"HTTP {response.status}")
            response = response.replace(body=_DISALLOW_ALL)
        await super()._parse_robots(response, netloc, request)

    def _robots_error(self, exc: Exception, netloc: str) -> None:
        if isinstance(exc, IgnoreRequest):
            super()._robots_error(exc, netloc)
            return
        self._stats.inc_value(f"robotstxt/exception_count/{type(exc)}")
        self._unavailable(f"robots.txt of {netloc}", f"{type(exc).__name__}: {exc}")
        shared = self._parsers[netloc]
        assert isinstance(shared, Deferred)
        parser = build_from_crawler(self._parserimpl, self.crawler, _DISALLOW_ALL)
        self._parsers[netloc] = parser
        shared.callback(parser)

    def _unavailable(self, where: str, why: str) -> None:
        self._stats.inc_value("asnwatch/robots_unavailable")
        logger.error(
            "robots.txt unavailable (%s): %s; nothing is fetched from this site this run "
            "(RFC 9309: an unreachable robots.txt means complete disallow)",
            why,
            where,
        )


class RedirectLoopMiddleware:
    """Ends a redirect that leads back into its own chain, counted and logged.

    Scrapy's RedirectMiddleware passes the redirected request through the
    duplicate filter, so a page redirecting to itself (or A -> B -> A) just
    vanishes: no errback, no log line at INFO. Placed after it (a higher
    number), this sees the 3xx first.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RedirectLoopMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Response) -> Response:
        location = response.headers.get("Location")
        if not 300 <= response.status < 400 or not location:
            return response
        target = urljoin(request.url, location.decode("latin-1").strip())
        chain = [*request.meta.get("redirect_urls", []), request.url]
        if target in chain:
            _inc(self.crawler, "asnwatch/redirect_loops")
            logger.warning("redirect loop: %s -> %s", " -> ".join(chain), target)
            raise RedirectLoop(f"redirect loop back to {target}")
        return response


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
            _inc(self.crawler, "asnwatch/retry_after_too_long")
            return response
        retry = self._retry(request, response_status_message(response.status))
        if retry is None:
            return response
        asked = response.headers.get("Retry-After")
        self._log_retry(request, f"HTTP {response.status}", str(response.status), delay, asked)
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
            name = type(exception).__name__
            self._log_retry(request, f"{name}: {exception}", name, delay, None)
            if delay > 0:
                await asyncio.sleep(delay)
        return retry

    def _log_retry(
        self, request: Request, problem: str, key: str, delay: float, asked: bytes | None
    ) -> None:
        """One line per retry (Scrapy's own is DEBUG) and a count per cause."""
        _inc(self.crawler, "asnwatch/retries")
        _inc(self.crawler, f"asnwatch/retries/{key}")
        attempt = request.meta.get("retry_times", 0) + 1
        most = request.meta.get("max_retry_times", self.max_retry_times)
        logger.info(
            "retrying %s after %s: attempt %d of %d in %.1fs%s",
            request.url,
            problem,
            attempt,
            most,
            delay,
            f" (Retry-After: {asked.decode('latin-1')})" if asked else "",
        )
