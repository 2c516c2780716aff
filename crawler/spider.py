"""The base spider: discovery from sitemaps, feeds and listings, for any outlet.

An outlet's spider (in `spiders/`) only names the outlet; everything it does
is driven by that outlet's entry in `config.yaml`. Discovery follows
OUTLETS.md: sitemaps (robots.txt `Sitemap:` lines, indexes, news sitemaps,
gzip), then feeds (configured or autodiscovered on the homepage), then
listing pages (followed until a page brings no unseen article). Entries of
the site's own sitemaps and feeds are candidates whatever the URL pattern
(same site only); links on HTML pages must match `article_url_pattern`.

Every candidate is canonicalized and checked against the database before it
is requested, so an article is fetched once in the life of the database.
Discovery documents are requested conditionally (see
`crawler.middlewares.ConditionalGetMiddleware`); a 304 ends that branch.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

from scrapy import Request, signals
from scrapy.exceptions import UsageError
from scrapy.http import Response, TextResponse
from scrapy.settings import BaseSettings
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.spiders import SitemapSpider
from scrapy.utils.response import get_base_url
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots
from twisted.python.failure import Failure

from crawler.config import Config, ConfigError, OutletConfig, load_config_cached
from crawler.discovery import (
    FeedError,
    article_links,
    autodiscovered_feeds,
    feed_entry_urls,
    listing_starts,
    listing_url,
    news_publication_dates,
    next_page_link,
    other_article_pages,
    sitemap_entry_age_ok,
    sitemap_entry_date,
)
from crawler.items import ArticlePage
from crawler.urls import canonicalize, fetch_url, same_site
from storage.repository import Repository

logger = logging.getLogger(__name__)

STAT = "asnwatch/"
GONE_STATUSES = {404, 410}


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
        crawler.signals.connect(spider._close_repo, signal=signals.spider_closed)
        return spider

    def _close_repo(self) -> None:
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

    def _not_modified(self, response: Response) -> bool:
        if response.status == 304:
            self._inc("discovery/not_modified")
            logger.debug("not modified, branch ends: %s", response.url)
            return True
        return False

    def _remember(self, response: Response) -> None:
        """Store the page's validators once its links have been taken."""
        etag = response.headers.get("ETag")
        modified = response.headers.get("Last-Modified")
        if etag or modified:
            self.ctx.repo.save_validators(
                response.meta.get("conditional_key", response.url),
                self.name,
                etag.decode("latin-1") if etag else None,
                modified.decode("latin-1") if modified else None,
            )

    def article_requests(self, urls: Iterable[str], source: str) -> tuple[list[Request], int]:
        """Requests for the candidates never seen before, and how many candidates were unseen.

        The count includes unseen candidates already scheduled earlier in this
        run (pagination decisions depend on the database, not on this run).
        """
        rules = self.ctx.outlet.canonical
        keyed: dict[str, str] = {}
        for url in urls:
            if not same_site(url, self.base_url):
                self._inc("discovery/offsite_skipped")
                continue
            try:
                keyed.setdefault(canonicalize(url, rules), url)
            except ValueError:
                continue
        unseen = self.ctx.repo.unseen(keyed)
        self._inc("articles/already_seen", len(keyed) - len(unseen))
        requests = []
        for key in unseen:
            if key in self._scheduled:
                continue
            self._scheduled.add(key)
            self._inc("articles/discovered")
            requests.append(
                Request(
                    fetch_url(keyed[key], rules),
                    callback=self.parse_article,
                    errback=self.article_failed,
                    meta={"canonical": key, "source": source},
                )
            )
        return requests, len(unseen)

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
                yield self._discovery_request(
                    urljoin(base + "/", url), self.parse_sitemap_document, "sitemap"
                )
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
        """robots.txt, a sitemap index or a urlset (plain or gzip); failures are counted."""
        if self._not_modified(response):
            return
        if response.meta.get("source") == "robots":
            body = response.body
            sitemaps = list(sitemap_urls_from_robots(body, base_url=response.url))
            for url in sitemaps:
                if same_site(url, self.base_url):
                    yield self._discovery_request(url, self.parse_sitemap_document, "sitemap")
                else:
                    self._inc("discovery/offsite_skipped")
            return
        self._inc("discovery/sitemaps")
        body = self._get_sitemap_body(response)
        sitemap = Sitemap(body) if body else None
        if sitemap is None or sitemap.type not in ("sitemapindex", "urlset"):
            self._inc("discovery/sitemaps_invalid")
            logger.warning("invalid or unreadable sitemap ignored: %s", response.url)
            return
        entries = list(sitemap)
        # A Google News sitemap dates its entries only inside <news:news>, which Sitemap drops.
        news_dates = news_publication_dates(body) if any("news" in e for e in entries) else {}
        entries = list(self.sitemap_filter(entries, news_dates))
        locs = [entry["loc"] for entry in entries if entry.get("loc")]
        if sitemap.type == "sitemapindex":
            for loc in locs:
                if same_site(loc, self.base_url):
                    yield self._discovery_request(loc, self.parse_sitemap_document, "sitemap")
                else:
                    self._inc("discovery/offsite_skipped")
        else:
            self._inc("discovery/sitemap_entries", len(locs))
            requests, _ = self.article_requests(locs, "sitemap")
            yield from requests
        self._remember(response)

    # -- feeds and homepage -------------------------------------------------

    def parse_homepage(self, response: Response) -> Iterator[Request]:
        if self._not_modified(response) or not isinstance(response, TextResponse):
            return
        if self.ctx.outlet.discovery.feeds.enabled and self.ctx.outlet.discovery.feeds.autodiscover:
            for url in autodiscovered_feeds(response.selector, response.url):
                if same_site(url, self.base_url):
                    yield self._discovery_request(url, self.parse_feed, "feed")
        yield from self._links_from_html(response, "homepage")[0]
        self._remember(response)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        if self._not_modified(response):
            return
        self._inc("discovery/feeds")
        try:
            urls = feed_entry_urls(response.body, response.url)
        except FeedError as exc:
            self._inc("discovery/feeds_invalid")
            logger.warning("invalid feed ignored: %s (%s)", response.url, exc)
            return
        self._inc("discovery/feed_entries", len(urls))
        requests, _ = self.article_requests(urls, "feed")
        yield from requests
        self._remember(response)

    # -- listings -----------------------------------------------------------

    def _links_from_html(self, response: TextResponse, source: str) -> tuple[list[Request], int]:
        """Requests for a page's unseen article links, and how many were unseen."""
        articles = article_links(
            response.selector, get_base_url(response), self.ctx.article_pattern
        )
        return self.article_requests(articles, source)

    def parse_listing(self, response: Response) -> Iterator[Request]:
        if self._not_modified(response) or not isinstance(response, TextResponse):
            return
        self._inc("discovery/listing_pages")
        requests, unseen = self._links_from_html(response, "listing")
        yield from requests
        page = response.meta["page"]
        if unseen and page < self.ctx.outlet.discovery.listings.max_depth:
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
        elif not unseen:
            self._inc("discovery/pagination_stopped_no_new")
        self._remember(response)

    # -- articles -----------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[Any]:
        """An article's first page: fetch the remaining pages, then hand one item over."""
        self._inc("articles/fetched")
        meta = response.meta
        if "dataloss" in response.flags:
            # A body cut short: not marked seen, so the next cycle fetches it whole.
            self._inc("fetch_errors")
            logger.warning("article body truncated, retried next cycle: %s", response.url)
            return
        pages: list[str] = [_text_of(response)]
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
        if "dataloss" in response.flags:
            self._inc("fetch_errors")
            logger.warning("article page truncated, retried next cycle: %s", response.url)
            return
        pages = [*meta["pages"], _text_of(response)]
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
        self._inc("fetch_errors")
        logger.warning("article fetch failed: %s (%s)", request.url, failure.getErrorMessage())

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
        self._inc("fetch_errors")
        logger.warning("%s fetch failed: %s (%s)", source, request.url, failure.getErrorMessage())


def _text_of(response: Response) -> str:
    if isinstance(response, TextResponse):
        return response.text
    return response.body.decode("utf-8", errors="replace")
