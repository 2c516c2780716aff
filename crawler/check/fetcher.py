"""Bounded, polite HTTP for `asnwatch check`: the only part of the check that does I/O.

Plain urllib3, not Scrapy: one diagnostic run needs no reactor, subprocess or
database. The manners are the crawl's: the config's user agent, download delay,
timeout and size caps (`crawl.max_page_bytes`, or `crawl.max_sitemap_bytes` for
a sitemap); robots.txt, read by the crawl's own parser
(`crawler.discovery.robots.RobotsRules`, its Crawl-delay honoured when longer
than ours), obeyed for every request but robots.txt itself; a request budget;
redirects followed on the same site only (a redirect to another host is
reported, never followed).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urljoin

import urllib3
from parsel import Selector
from w3lib.encoding import html_to_unicode
from w3lib.html import get_base_url

from crawler.config.model import CrawlConfig
from crawler.content.decoding import decode_html
from crawler.discovery.robots import RobotsRules
from crawler.discovery.urls import same_site

MAX_REQUESTS = 25  # everything one check may ask of a site
MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})
GONE = frozenset({404, 410})
_BASE_SCAN = 4096  # how far Scrapy's `get_base_url` looks for <base href>


@dataclass
class Fetched:
    """One answer, or why there is none.

    `skipped` is set when the check chose not to ask (robots.txt, budget,
    another site): not the site's fault. `error` is a network failure.
    """

    url: str
    final_url: str
    status: int | None = None
    body: bytes = b""
    content_type: str = ""
    truncated: bool = False
    error: str | None = None
    skipped: str | None = None
    location: str | None = None  # a redirect's target, as sent

    @property
    def ok(self) -> bool:
        return self.status == 200 and not self.error and not self.skipped

    @property
    def gone(self) -> bool:
        """The site says there is nothing here (404/410): missing, not broken."""
        return self.status in GONE

    def describe(self) -> str:
        return self.skipped or self.error or f"HTTP {self.status}"


@dataclass
class RequestRecord:
    """One request the check made (the report lists them all)."""

    url: str
    result: str


@dataclass(frozen=True)
class HtmlPage:
    """A fetched HTML page, decoded and parsed as Scrapy does it for the crawler."""

    url: str  # where the page was fetched from, after redirects
    base_url: str  # what its relative links resolve against (<base href> honoured)
    selector: Selector
    #: The page as the crawl hands it to extraction: a wrong charset repaired (decode_html).
    text: str


def read_html(fetched: Fetched) -> HtmlPage:
    """The page as the crawler's `TextResponse` sees it: same decoding, same base URL."""
    encoding, text = html_to_unicode(fetched.content_type or None, fetched.body)
    base_url = get_base_url(text[:_BASE_SCAN], fetched.final_url, encoding)
    repaired = decode_html(fetched.body, encoding)
    story_text = text if repaired.problem is None else repaired.text
    selector = Selector(text=text, base_url=fetched.final_url)
    return HtmlPage(fetched.final_url, base_url, selector, story_text)


def short_error(exc: BaseException) -> str:
    """An exception as one short line for the report."""
    text = str(exc) or type(exc).__name__
    return text if len(text) <= 160 else text[:157] + "..."


def connect_reason(exc: BaseException) -> str:
    """Why a connection failed, in the operating system's words ("Connection refused").

    urllib3 wraps the socket error in a long line naming its connection object;
    the socket error it chains from says it in two words.
    """
    cause: BaseException | None = exc
    while cause is not None:
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror
        cause = cause.__cause__ or cause.__context__
    if isinstance(exc, urllib3.exceptions.ConnectTimeoutError):
        return "connection timed out"
    return short_error(exc)


class Fetcher:
    """Bounded, robots-obeying GETs on one site."""

    def __init__(
        self,
        base_url: str,
        crawl: CrawlConfig,
        *,
        max_requests: int = MAX_REQUESTS,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.base_url = base_url
        self.user_agent = crawl.user_agent
        self.timeout = crawl.download_timeout_seconds
        self.max_bytes = crawl.max_page_bytes
        self.max_sitemap_bytes = crawl.max_sitemap_bytes
        self.max_requests = max_requests
        self.delay = crawl.download_delay_seconds
        self.log: list[RequestRecord] = []
        self._sleep = sleep
        self._last_request: float | None = None
        self._robots: RobotsRules | None = None
        #: Why the site cannot be reached at all (a failed connect); later fetches are not tried.
        self.unreachable: str | None = None
        self._pool = urllib3.PoolManager(
            headers={"User-Agent": self.user_agent, "Accept-Encoding": "gzip, deflate"},
            retries=False,
            timeout=urllib3.Timeout(connect=self.timeout, read=self.timeout),
        )

    @property
    def remaining(self) -> int:
        return self.max_requests - len(self.log)

    def obey(self, rules: RobotsRules) -> None:
        """Obey these robots.txt rules from now on, and their Crawl-delay when longer than ours."""
        self._robots = rules
        self.delay = max(self.delay, rules.crawl_delay(self.user_agent) or 0)

    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets our user agent fetch `url` (no robots.txt: yes)."""
        return self._robots is None or self._robots.allowed(url, self.user_agent)

    def fetch(
        self,
        url: str,
        *,
        robots_txt: bool = False,
        reserve: int = 0,
        max_bytes: int | None = None,
    ) -> Fetched:
        """GET `url`, following same-site redirects; never another site.

        `reserve` requests are kept back for later stages. robots.txt itself
        (`robots_txt=True`) is the one request robots.txt does not govern.
        The body is cut after `max_bytes` (default `crawl.max_page_bytes`),
        and `truncated` set.
        """
        current = url
        if self.unreachable:
            return Fetched(url, url, error=self.unreachable)
        for _ in range(MAX_REDIRECTS + 1):
            if not same_site(current, self.base_url):
                return Fetched(url, current, skipped=f"on another site, not followed: {current}")
            if not robots_txt and not self.allowed(current):
                return Fetched(url, current, skipped="disallowed by robots.txt")
            if self.remaining <= reserve:
                return Fetched(url, current, skipped="not fetched: request budget used up")
            self._wait()
            answer = self._get(current, max_bytes or self.max_bytes)
            self._last_request = time.monotonic()
            self.log.append(RequestRecord(current, answer.describe()))
            if answer.location is None:
                answer.url = url
                return answer
            current = urljoin(current, answer.location)
        return Fetched(url, current, error=f"more than {MAX_REDIRECTS} redirects")

    def _wait(self) -> None:
        """crawl.download_delay_seconds between requests, as the crawl itself keeps."""
        if self._last_request is not None:
            pause = self._last_request + self.delay - time.monotonic()
            if pause > 0:
                self._sleep(pause)

    def _get(self, url: str, max_bytes: int) -> Fetched:
        """One GET, its body read up to `max_bytes` within the timeout."""
        started = time.monotonic()
        try:
            response = self._pool.request("GET", url, preload_content=False, redirect=False)
        except urllib3.exceptions.ConnectTimeoutError as exc:  # NewConnectionError is one
            # The site itself cannot be reached: every other request would fail alike.
            self.unreachable = f"cannot connect: {connect_reason(exc)}"
            return Fetched(url, url, error=self.unreachable)
        except (urllib3.exceptions.HTTPError, OSError, ValueError) as exc:
            return Fetched(url, url, error=f"cannot connect: {short_error(exc)}")
        answer = Fetched(url, url, response.status)
        answer.content_type = response.headers.get("Content-Type", "")
        complete = False
        try:
            if response.status in REDIRECTS and response.headers.get("Location"):
                answer.location = response.headers["Location"]
                return answer
            chunks: list[bytes] = []
            size = 0
            while chunk := response.read(min(65536, max_bytes + 1 - size)):
                chunks.append(chunk)
                size += len(chunk)
                if size > max_bytes:
                    answer.truncated = True
                    break
                if time.monotonic() - started > self.timeout:
                    return Fetched(url, url, error=f"timed out after {self.timeout:g} s")
            else:
                complete = True
            answer.body = b"".join(chunks)[:max_bytes]
            return answer
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            return Fetched(url, url, error=f"download failed: {short_error(exc)}")
        finally:
            if not complete:
                response.close()  # unread data left: the connection cannot be reused
            response.release_conn()

    def close(self) -> None:
        self._pool.clear()
