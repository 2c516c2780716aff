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
`crawler.crawl.middlewares.ConditionalGetMiddleware`); a 304 ends that branch, so
their validators are stored only at the end of a run that finished and left
nothing for later.

This module keeps the spider's settings, start requests, candidate selection
and the feed, homepage and listing callbacks; its other jobs are mixins:
`crawler.crawl.sitemaps` (robots.txt and sitemaps, read carefully),
`crawler.crawl.articles` (multi-page articles into one item) and
`crawler.crawl.failures` (every failure counted once, by cause, with a log
line naming the URL); `crawler.crawl.context` holds what they share.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any
from urllib.parse import urljoin

from scrapy import Request, signals
from scrapy.exceptions import UsageError
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.spiders import SitemapSpider
from scrapy.utils.response import get_base_url

from crawler.config.model import Config, ConfigError, load_config_cached
from crawler.crawl.articles import ArticlePages
from crawler.crawl.context import STAT, Candidates, OutletContext, logger
from crawler.crawl.failures import GONE_STATUSES, FailureHandling
from crawler.crawl.sitemaps import SITEMAP_BATCH, SitemapReading
from crawler.crawl.validators import ConditionalDiscovery
from crawler.discovery.documents import (
    FeedError,
    XmlEntitiesError,
    article_links,
    autodiscovered_feeds,
    feed_entries,
    listing_starts,
    listing_url,
    next_page_link,
    parse_w3c_or_rfc_date,
)
from crawler.discovery.urls import canonicalize, fetch_url, same_site
from storage.repository import Repository

# Imported from here by the outlet spiders, the pipelines and the tests.
__all__ = [
    "GONE_STATUSES",
    "SITEMAP_BATCH",
    "STAT",
    "Candidates",
    "OutletContext",
    "OutletSpider",
    "scrapy_settings_from_config",
]

#: Sources whose offsite entries are odd enough to log as warnings (the site's own documents).
_MACHINE_SOURCES = {"sitemap", "feed", "robots"}


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
        "ASNWATCH_MAX_NEW_ARTICLES": crawl.max_new_articles_per_run,
        "ASNWATCH_SITEMAP_MAXSIZE": crawl.max_sitemap_bytes,
        "LOG_LEVEL": config.logging.level,
    }


class OutletSpider(
    ArticlePages, SitemapReading, ConditionalDiscovery, FailureHandling, SitemapSpider
):
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

    def _discovery_request(self, url: str, callback: Any, source: str, **meta: Any) -> Request:
        return Request(
            url,
            callback=callback,
            errback=self.discovery_failed,
            meta={"conditional": True, "source": source, **meta},
        )

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
            if not self._on_site(url, source):
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

    def _on_site(self, url: str, source: str) -> bool:
        """Whether `url` is on the outlet's site.

        Another host's URL is never requested, but counted
        (`discovery/offsite_skipped`) and logged, wherever it was found.
        """
        if same_site(url, self.base_url):
            return True
        self._inc("discovery/offsite_skipped")
        log = logger.warning if source in _MACHINE_SOURCES else logger.info
        log("offsite %s entry skipped: %s (outlet is %s)", source, url, self.base_url)
        return False

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

    # -- feeds and homepage -------------------------------------------------

    def parse_homepage(self, response: Response) -> Iterator[Request]:
        if self._not_modified(response) or not isinstance(response, TextResponse):
            return
        if self.ctx.outlet.discovery.feeds.enabled and self.ctx.outlet.discovery.feeds.autodiscover:
            for url in autodiscovered_feeds(response.selector, response.url):
                if self._on_site(url, "homepage feed link"):
                    yield self._discovery_request(url, self.parse_feed, "feed")
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
            if next_url and self._on_site(next_url, "listing next page"):
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


def _readable(date: str) -> bool:
    return parse_w3c_or_rfc_date(date) is not None
