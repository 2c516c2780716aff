"""The base spider: discovery from sitemaps, feeds and listings, for any outlet.

An outlet's spider (in `spiders/`) only names the outlet; everything it does
is driven by that outlet's entry in `config.yaml`. Discovery follows
OUTLETS.md: sitemaps (robots.txt `Sitemap:` lines, indexes, news sitemaps,
gzip), then feeds (configured or autodiscovered on the homepage), then
listing pages (followed until a page brings no unseen article). Entries of
the site's own sitemaps and feeds are candidates whatever the URL pattern
(same site only); links on HTML pages must match `article_url_pattern`.

Every candidate is canonicalized and checked against the database before it
is requested, so an article is fetched once in the life of the database; at
most ASNWATCH_MAX_NEW_ARTICLES new ones per run (the rest are counted and
left for later runs). Discovery documents are requested conditionally (see
`crawler.middlewares.ConditionalGetMiddleware`); a 304 ends that branch, so
their validators are stored only at the end of a run that finished and left
nothing for later.

Pages are written by strangers: sitemaps and feeds that declare XML entities
are refused, sitemaps are read as a stream under their own size cap, a page
whose bytes do not match its declared charset is repaired, and every failure
is counted once, by cause, with a log line naming the URL.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import islice
from typing import Any
from urllib.parse import urljoin

from scrapy import Request, signals
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest, UsageError
from scrapy.http import Response, TextResponse, XmlResponse
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.spiders import SitemapSpider
from scrapy.utils.response import get_base_url
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.internet.defer import CancelledError
from twisted.python.failure import Failure

from crawler.config import Config, ConfigError, OutletConfig, load_config_cached
from crawler.discovery import (
    FeedError,
    XmlEntitiesError,
    article_links,
    autodiscovered_feeds,
    declared_entities,
    entities_refusal,
    feed_entries,
    listing_starts,
    listing_url,
    looks_like_xml,
    news_publication_dates,
    next_page_link,
    other_article_pages,
    parse_w3c_or_rfc_date,
    sitemap_body,
    sitemap_entry_age_ok,
    sitemap_entry_date,
)
from crawler.extraction import decode_html
from crawler.items import ArticlePage
from crawler.middlewares import OffsiteRequest, RedirectLoop, RobotsForbidden
from crawler.urls import canonicalize, fetch_url, same_site
from storage.repository import Repository

logger = logging.getLogger(__name__)

STAT = "asnwatch/"
GONE_STATUSES = {404, 410}
#: Sitemap entries checked against the database (and turned into requests) at a time.
SITEMAP_BATCH = 1000
#: Sources whose offsite entries are odd enough to log as warnings (the site's own documents).
_MACHINE_SOURCES = {"sitemap", "feed", "robots"}


@dataclass
class OutletContext:
    """What every component of one outlet's crawl shares (handed over by the spider)."""

    name: str
    config: Config
    outlet: OutletConfig
    repo: Repository
    article_pattern: re.Pattern[str]


def scrapy_settings_from_config(config: Config) -> dict[str, Any]:
    """The Scrapy settings `config.yaml`'s `crawl:` section controls."""
    crawl = config.crawl
    return {
        "USER_AGENT": crawl.user_agent,
        "ROBOTSTXT_OBEY": crawl.obey_robots_txt,
        "CONCURRENT_REQUESTS_PER_DOMAIN": crawl.concurrent_requests_per_domain,
        "DOWNLOAD_DELAY": crawl.download_delay_seconds,
        "AUTOTHROTTLE_ENABLED": crawl.autothrottle,
        "DOWNLOAD_TIMEOUT": crawl.download_timeout_seconds,
        "DOWNLOAD_MAXSIZE": crawl.max_page_bytes,
        "DOWNLOAD_WARNSIZE": min(crawl.max_page_bytes, 2_000_000),
        "RETRY_TIMES": crawl.retry_times,
        "RETRY_AFTER_MAX": crawl.max_retry_after_seconds,
        "LOG_LEVEL": config.logging.level,
    }


class OutletSpider(SitemapSpider):
    """Crawls one outlet as its `config.yaml` entry describes. Subclasses set `name`."""

    sitemap_rules = [("", "parse_article")]
    ctx: OutletContext

    @classmethod
    def update_settings(cls, settings: BaseSettings) -> None:
        super().update_settings(settings)
        try:
            config = load_config_cached(settings.get("ASNWATCH_CONFIG"))
        except ConfigError as exc:
            raise UsageError(str(exc), print_help=False) from None
        settings.setdict(scrapy_settings_from_config(config), priority="spider")

    def __init__(self, *args: Any, base_url: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._base_url_override = base_url.rstrip("/") if base_url else None
        self._scheduled: set[str] = set()
        self._max_new = 0  # set from settings in from_crawler
        self._sitemap_maxsize = 0
        self._validators: list[tuple[str, str | None, str | None]] = []

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> OutletSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        try:
            config = load_config_cached(crawler.settings.get("ASNWATCH_CONFIG"))
            outlet = config.outlet(spider.name)
        except ConfigError as exc:
            raise UsageError(str(exc), print_help=False) from None
        if spider._base_url_override:
            outlet = outlet.model_copy(update={"base_url": spider._base_url_override})
        spider.ctx = OutletContext(
            name=spider.name,
            config=config,
            outlet=outlet,
            repo=Repository.open(config.database.url),
            article_pattern=re.compile(outlet.article_url_pattern),
        )
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        spider._max_new = crawler.settings.getint("ASNWATCH_MAX_NEW_ARTICLES")
        spider._sitemap_maxsize = crawler.settings.getint("ASNWATCH_SITEMAP_MAXSIZE")
        return spider

    def _closed(self, reason: str) -> None:
        self._save_validators(reason)
        self.ctx.repo.close()

    # -- helpers ------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return self.ctx.outlet.base_url

    def _inc(self, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(STAT + key, count)

    def _discovery_request(self, url: str, callback: Any, source: str, **meta: Any) -> Request:
        return Request(
            url,
            callback=callback,
            errback=self.discovery_failed,
            meta={"conditional": True, "source": source, **meta},
        )

    @property
    def _sitemap_cap(self) -> int:
        """Bytes a sitemap may have, downloaded or gunzipped (ASNWATCH_SITEMAP_MAXSIZE)."""
        return self._sitemap_maxsize or self.crawler.settings.getint("DOWNLOAD_MAXSIZE")

    def _sitemap_request(self, url: str, source: str = "sitemap", **meta: Any) -> Request:
        """A sitemap: its own size cap, as sitemaps outgrow pages."""
        cap = self._sitemap_cap
        return self._discovery_request(
            url,
            self.parse_sitemap_document,
            source,
            download_maxsize=cap,
            download_warnsize=cap,
            **meta,
        )

    def _not_modified(self, response: Response) -> bool:
        if response.status == 304:
            self._inc("discovery/not_modified")
            logger.debug("not modified, branch ends: %s", response.url)
            return True
        return False

    def _remember(self, response: Response) -> None:
        """Keep the page's validators, once its links have been taken, for the end of the run."""
        etag = response.headers.get("ETag")
        modified = response.headers.get("Last-Modified")
        if etag or modified:
            self._validators.append(
                (
                    response.meta.get("conditional_key", response.url),
                    etag.decode("latin-1") if etag else None,
                    modified.decode("latin-1") if modified else None,
                )
            )

    def _save_validators(self, reason: str) -> None:
        """Store the discovery pages' validators, unless the next run must read them in full.

        A 304 next run ends a branch, so validators are stored only when this
        run took everything those pages lead to: it finished, and no candidate
        was left for later by the new-article cap (a sitemap index answering
        304 would hide its children's deferred entries until it changes).
        """
        deferred = self.crawler.stats.get_value(STAT + "articles/deferred", 0)
        if reason != "finished" or deferred:
            logger.info(
                "discovery validators not stored (%s): the next run reads every page in full",
                f"{deferred} candidates deferred" if deferred else f"run ended: {reason}",
            )
            return
        for url, etag, modified in self._validators:
            self.ctx.repo.save_validators(url, self.name, etag, modified)

    def article_requests(self, urls: Iterable[str], source: str) -> Candidates:
        """Requests for the candidates never seen before, within this run's cap.

        `unseen` includes unseen candidates already scheduled earlier in this
        run (pagination decisions depend on the database, not on this run).
        Once ASNWATCH_MAX_NEW_ARTICLES requests are scheduled, further
        candidates are `deferred`: neither requested nor marked seen, and not
        even canonicalized or looked up (that costs ~0.1 ms each, 10 s for a
        100,000-URL sitemap), so a later run takes them.
        """
        urls = list(urls)
        room = self._max_new - len(self._scheduled) if self._max_new else len(urls)
        if room <= 0:
            self._inc("articles/deferred", len(urls))
            return Candidates(deferred=len(urls))
        rules = self.ctx.outlet.canonical
        keyed: dict[str, str] = {}
        for url in urls:
            if not same_site(url, self.base_url):
                self._offsite_candidate(url, source)
                continue
            try:
                keyed.setdefault(canonicalize(url, rules), url)
            except ValueError:
                continue
        unseen = self.ctx.repo.unseen(keyed)
        self._inc("articles/already_seen", len(keyed) - len(unseen))
        found = Candidates(unseen=len(unseen))
        for key in unseen:
            if key in self._scheduled:
                continue
            if len(found.requests) >= room:
                found.deferred += 1
                continue
            self._scheduled.add(key)
            self._inc("articles/discovered")
            found.requests.append(
                Request(
                    fetch_url(keyed[key], rules),
                    callback=self.parse_article,
                    errback=self.article_failed,
                    meta={"canonical": key, "source": source},
                )
            )
        if found.deferred:
            self._inc("articles/deferred", found.deferred)
        return found

    def _offsite_candidate(self, url: str, source: str) -> None:
        """Another host's URL among the outlet's candidates: never requested, counted, logged."""
        self._inc("discovery/offsite_skipped")
        log = logger.warning if source in _MACHINE_SOURCES else logger.info
        log("offsite %s entry skipped: %s (outlet is %s)", source, url, self.base_url)

    def _report_deferred(self, deferred: int, where: str) -> None:
        if deferred:
            logger.warning(
                "%d candidate URLs from %s left for a later run: this run's cap of %d "
                "new articles (ASNWATCH_MAX_NEW_ARTICLES) is reached",
                deferred,
                where,
                self._max_new,
            )

    # -- start --------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for request in self.start_requests_from_config():
            yield request

    def start_requests_from_config(self) -> Iterator[Request]:
        discovery = self.ctx.outlet.discovery
        base = self.base_url
        if discovery.sitemaps.enabled:
            if discovery.sitemaps.from_robots_txt:
                yield self._discovery_request(
                    f"{base}/robots.txt", self.parse_sitemap_document, "robots", conditional=False
                )
            for url in discovery.sitemaps.urls:
                yield self._sitemap_request(urljoin(base + "/", url))
        if discovery.feeds.enabled:
            for url in discovery.feeds.urls:
                yield self._discovery_request(urljoin(base + "/", url), self.parse_feed, "feed")
        # The homepage: feed autodiscovery, and its own article links.
        yield self._discovery_request(f"{base}/", self.parse_homepage, "homepage")
        if discovery.listings.enabled:
            listings = discovery.listings
            queries = self.ctx.config.queries_for(self.ctx.outlet)
            for template in [*listings.urls, *listings.search, *listings.tags]:
                for query in listing_starts(template, queries):
                    yield self._discovery_request(
                        listing_url(template, base, query, 1),
                        self.parse_listing,
                        "listing",
                        template=template,
                        query=query,
                        page=1,
                    )

    # -- sitemaps -----------------------------------------------------------

    def sitemap_filter(
        self, entries: Iterable[dict[str, Any]], news_dates: Mapping[str, str] | None = None
    ) -> Iterator[dict[str, Any]]:
        """Entries within `max_age_days`, dated by lastmod or their Google News date."""
        max_age = self.ctx.outlet.discovery.sitemaps.max_age_days
        now = datetime.now(UTC)
        for entry in entries:
            if sitemap_entry_age_ok(sitemap_entry_date(entry, news_dates or {}), max_age, now):
                yield entry
            else:
                self._inc("discovery/sitemap_entries_too_old")

    def parse_sitemap_document(self, response: Response) -> Iterator[Request]:
        """robots.txt, a sitemap index or a urlset (plain or gzip); failures are counted.

        A urlset is read as a stream and its entries are checked and
        requested in batches, so a sitemap of 100,000 URLs never becomes
        100,000 dicts and requests at once.
        """
        if self._not_modified(response):
            return
        if response.meta.get("source") == "robots":
            self._inc("discovery/robots_txt")  # not a page: the run's judge leaves it out
            body = response.body
            sitemaps = list(sitemap_urls_from_robots(body, base_url=response.url))
            for url in sitemaps:
                if same_site(url, self.base_url):
                    yield self._sitemap_request(url)
                else:
                    self._offsite_candidate(url, "robots")
            return
        self._inc("discovery/sitemaps")
        body = self._sitemap_body(response)
        if body is None:
            return
        sitemap = Sitemap(body)
        if sitemap.type not in ("sitemapindex", "urlset"):
            self._sitemap_invalid(response, f"not a sitemap (root element <{sitemap.type}>)")
            return
        # A Google News sitemap dates its entries only inside <news:news>, which Sitemap drops.
        news_dates = news_publication_dates(body) if b"sitemap-news" in body else {}
        locs = (e["loc"] for e in self.sitemap_filter(sitemap, news_dates) if e.get("loc"))
        deferred = 0
        if sitemap.type == "sitemapindex":
            for loc in locs:
                if same_site(loc, self.base_url):
                    yield self._sitemap_request(loc)
                else:
                    self._offsite_candidate(loc, "sitemap")
        else:
            for batch in _batches(locs, SITEMAP_BATCH):
                self._inc("discovery/sitemap_entries", len(batch))
                found = self.article_requests(batch, "sitemap")
                deferred += found.deferred
                yield from found.requests
        self._report_deferred(deferred, response.url)
        self._remember(response)

    def _sitemap_body(self, response: Response) -> bytes | None:
        """The sitemap's XML (gunzipped under the sitemap cap), or None, counted and logged.

        Unlike `SitemapSpider._get_sitemap_body`, an XML document served with
        another type (text/html, text/plain) is read, not silently dropped,
        and a refusal says why.
        """
        body = response.body
        try:
            body = sitemap_body(body, self._sitemap_cap)
        except ValueError as exc:
            self._sitemap_invalid(response, f"unreadable gzip: {exc}")
            return None
        kind = response.headers.get("Content-Type", b"no type").decode("latin-1")
        if not (isinstance(response, XmlResponse) or looks_like_xml(body)):
            self._sitemap_invalid(response, f"not XML (served as {kind})")
            return None
        if not isinstance(response, XmlResponse) and body is response.body:
            self._inc("discovery/sitemaps_mislabelled")
            logger.info("sitemap served as %s, read as XML: %s", kind, response.url)
        entities = declared_entities(body)
        if entities:
            self._inc("discovery/xml_entities_refused")
            self._sitemap_invalid(response, entities_refusal(entities))
            return None
        return body

    def _sitemap_invalid(self, response: Response, reason: str) -> None:
        self._inc("discovery/sitemaps_invalid")
        logger.warning("sitemap ignored: %s: %s", reason, response.url)

    # -- feeds and homepage -------------------------------------------------

    def parse_homepage(self, response: Response) -> Iterator[Request]:
        if self._not_modified(response) or not isinstance(response, TextResponse):
            return
        if self.ctx.outlet.discovery.feeds.enabled and self.ctx.outlet.discovery.feeds.autodiscover:
            for url in autodiscovered_feeds(response.selector, response.url):
                if same_site(url, self.base_url):
                    yield self._discovery_request(url, self.parse_feed, "feed")
                else:
                    self._offsite_candidate(url, "homepage feed link")
        yield from self._links_from_html(response, "homepage").requests
        self._remember(response)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        if self._not_modified(response):
            return
        self._inc("discovery/feeds")
        try:
            entries = feed_entries(response.body, response.url)
        except FeedError as exc:
            self._inc("discovery/feeds_invalid")
            if isinstance(exc, XmlEntitiesError):
                self._inc("discovery/xml_entities_refused")
            logger.warning("feed ignored: %s: %s", exc, response.url)
            return
        undated = [e.date for e in entries if e.date is not None and not _readable(e.date)]
        if undated:
            # Feed dates are not used (an article is dated from its page): kept, but noted.
            self._inc("discovery/feed_dates_invalid", len(undated))
            logger.warning(
                "feed has %d entries with unreadable dates (e.g. %r), kept: %s",
                len(undated),
                max(undated, key=bool),
                response.url,
            )
        self._inc("discovery/feed_entries", len(entries))
        found = self.article_requests([e.url for e in entries], "feed")
        yield from found.requests
        self._report_deferred(found.deferred, response.url)
        self._remember(response)

    # -- listings -----------------------------------------------------------

    def _links_from_html(self, response: TextResponse, source: str) -> Candidates:
        """Requests for a page's unseen article links (deferred ones reported)."""
        articles = article_links(
            response.selector, get_base_url(response), self.ctx.article_pattern
        )
        found = self.article_requests(articles, source)
        self._report_deferred(found.deferred, response.url)
        return found

    def parse_listing(self, response: Response) -> Iterator[Request]:
        if self._not_modified(response) or not isinstance(response, TextResponse):
            return
        self._inc("discovery/listing_pages")
        found = self._links_from_html(response, "listing")
        yield from found.requests
        page = response.meta["page"]
        if found.unseen and page < self.ctx.outlet.discovery.listings.max_depth:
            template, query = response.meta["template"], response.meta["query"]
            if "{page}" in template:
                next_url: str | None = listing_url(template, self.base_url, query, page + 1)
            else:
                next_url = next_page_link(response.selector, response.url)
            if next_url and same_site(next_url, self.base_url):
                yield self._discovery_request(
                    next_url,
                    self.parse_listing,
                    "listing",
                    template=template,
                    query=query,
                    page=page + 1,
                )
        elif not found.unseen:
            self._inc("discovery/pagination_stopped_no_new")
        self._remember(response)

    # -- articles -----------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[Any]:
        """An article's first page: fetch the remaining pages, then hand one item over."""
        self._inc("articles/fetched")
        meta = response.meta
        pages: list[str] = [self._page_text(response)]
        remaining = self._other_pages(response) if isinstance(response, TextResponse) else []
        if remaining:
            yield self._next_page_request(remaining, pages, response, meta)
            return
        yield self._item(response, pages)

    def _other_pages(self, response: TextResponse) -> list[str]:
        """The article's further pages still to fetch (`article_pages` in config)."""
        settings = self.ctx.outlet.article_pages
        return other_article_pages(
            response.selector,
            response.url,
            settings.pager_xpath,
            self.ctx.outlet.canonical,
            base_url=get_base_url(response),
            max_pages=settings.max_pages,
        )

    def _next_page_request(
        self, remaining: list[str], pages: list[str], first: Response, meta: dict[str, Any]
    ) -> Request:
        return Request(
            remaining[0],
            callback=self.parse_article_page,
            errback=self.article_failed,
            dont_filter=True,
            meta={
                "canonical": meta["canonical"],
                "source": meta.get("source", "?"),
                "pages": pages,
                "remaining": remaining[1:],
                "first_url": first.url,
            },
        )

    def parse_article_page(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        pages = [*meta["pages"], self._page_text(response)]
        if meta["remaining"]:
            yield self._next_page_request(meta["remaining"], pages, response, meta)
            return
        yield self._item(response, pages, url=meta["first_url"])

    def _item(self, response: Response, pages: list[str], url: str | None = None) -> ArticlePage:
        return ArticlePage(
            outlet=self.name,
            url=url or response.url,
            canonical=response.meta["canonical"],
            pages=pages,
            source=response.meta.get("source", "?"),
            fetched_at=datetime.now(UTC),
        )

    def _page_text(self, response: Response) -> str:
        """The page as text; bytes that do not fit the declared charset are repaired, counted."""
        if not isinstance(response, TextResponse):
            return response.body.decode("utf-8", errors="replace")
        page = decode_html(response.body, response.encoding)
        if page.problem is None:
            return response.text
        self._inc(f"pages/{page.problem}")
        logger.warning("page text repaired (%s): %s", page.detail, response.url)
        return page.text

    # -- failures -----------------------------------------------------------

    def article_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        key = request.meta.get("canonical")
        if failure.check(HttpError):
            status = failure.value.response.status
            self._inc("http_errors")
            self._inc(f"http_errors/{status}")
            if status in GONE_STATUSES and key:
                # Permanently gone: remember it, or a sitemap listing it costs a fetch per cycle.
                self.ctx.repo.mark_seen(key, self.name, status="gone", reason=f"HTTP {status}")
            logger.warning("article HTTP %s: %s", status, request.url)
            return
        if self._refused(failure):
            return
        if _too_large(failure):
            maxsize = request.meta.get("download_maxsize", self._page_maxsize)
            self._inc("too_large")
            if key:
                # It will not shrink: remember it, or every cycle downloads the cap again.
                reason = f"over {maxsize} bytes"
                self.ctx.repo.mark_seen(key, self.name, status="too_large", reason=reason)
            logger.warning(
                "article too large, cut at %d bytes (max_page_bytes), not stored: %s",
                maxsize,
                request.url,
            )
            return
        self._inc("fetch_errors")
        logger.warning("article fetch failed: %s (%s)", request.url, _describe(failure))

    def discovery_failed(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        source = request.meta.get("source", "discovery")
        if failure.check(HttpError):
            status = failure.value.response.status
            if status in GONE_STATUSES:
                self._inc(f"discovery/{source}_missing")
                logger.info("%s not offered (HTTP %s): %s", source, status, request.url)
                return
            self._inc("http_errors")
            self._inc(f"http_errors/{status}")
            logger.warning("%s HTTP %s: %s", source, status, request.url)
            return
        if self._refused(failure):
            return
        if _too_large(failure):
            maxsize = request.meta.get("download_maxsize", self._page_maxsize)
            self._inc("too_large")
            logger.warning("%s too large, cut at %d bytes: %s", source, maxsize, request.url)
            return
        self._inc("fetch_errors")
        logger.warning("%s fetch failed: %s (%s)", source, request.url, _describe(failure))

    @property
    def _page_maxsize(self) -> int:
        return self.crawler.settings.getint("DOWNLOAD_MAXSIZE")

    @staticmethod
    def _refused(failure: Failure) -> bool:
        """Refused on purpose: robots.txt, another site, a redirect loop.

        Each is counted and logged where it was refused, so it is no error here.
        """
        return bool(failure.check(RobotsForbidden, OffsiteRequest, RedirectLoop))


@dataclass
class Candidates:
    """What one batch of candidate URLs gave: requests, how many were unseen, how many deferred."""

    requests: list[Request] = field(default_factory=list)
    unseen: int = 0
    deferred: int = 0


def _batches(items: Iterable[str], size: int) -> Iterator[list[str]]:
    """Consecutive lists of `size` items (itertools.batched arrives in Python 3.12)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def _too_large(failure: Failure) -> bool:
    """A download stopped at the size cap (Content-Length, streaming, or gzip unpacking)."""
    if failure.check(DownloadCancelledError, CancelledError):
        # The downloader cancels a body only at the size cap (a time-out is DownloadTimeoutError,
        # and a graceful shutdown lets downloads finish).
        return True
    return bool(failure.check(IgnoreRequest)) and "DOWNLOAD_MAXSIZE" in str(failure.value)


def _describe(failure: Failure) -> str:
    return failure.getErrorMessage() or type(failure.value).__name__


def _readable(date: str) -> bool:
    return parse_w3c_or_rfc_date(date) is not None
