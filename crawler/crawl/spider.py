"""The base spider: discovery from sitemaps, feeds and listings, for any outlet.

An outlet's spider (built by `crawler.crawl.spiderloader`, or named in `spiders/`)
only names the outlet; everything it does
is driven by that outlet's entry in `config.yaml`. Discovery follows
docs/outlets.md: sitemaps (robots.txt `Sitemap:` lines, indexes, news
sitemaps, gzip), then feeds (configured or autodiscovered on the homepage),
then listing pages (followed until a page brings no unseen article). Entries
of the site's own sitemaps and feeds are candidates whatever the URL pattern
(same site only); links on HTML pages must match `article_url_pattern`.

Discovery documents are requested conditionally (see
`crawler.crawl.middlewares.ConditionalGetMiddleware`); a 304 ends that branch,
so their validators are stored only at the end of a run that finished and
left nothing for later.

The spider holds the settings, the start requests and the Scrapy callbacks;
each callback hands the response to a collaborator built in `from_crawler`
with what it needs, dependencies going one way:

- `crawler.crawl.candidates.CandidateFilter`: candidate URLs into article
  requests (same site, unseen, within the run's cap);
- `crawler.crawl.sitemaps.SitemapPages`: robots.txt and sitemaps, read by
  `crawler.discovery.sitemaps`;
- `crawler.crawl.pages.DiscoveryPages`: feeds, the homepage and listings;
- `crawler.crawl.articles.ArticleAssembler`: multi-page articles into one item;
- `crawler.crawl.failures.FailureCounter`: every failure counted once, by
  cause, with a log line naming the URL;
- `crawler.crawl.validators.DiscoveryValidators`: 304s and validators.

Callbacks and errbacks stay methods of the spider, so every request names
them as Scrapy expects (and can serialize them).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urljoin

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError
from scrapy.http import Response
from scrapy.settings import BaseSettings
from twisted.python.failure import Failure

from crawler.config.model import Config, ConfigError, load_config_cached
from crawler.crawl.articles import ArticleAssembler
from crawler.crawl.candidates import CandidateFilter
from crawler.crawl.context import OutletContext, SpiderStats
from crawler.crawl.discovery_requests import DiscoveryRequests
from crawler.crawl.failures import FailureCounter
from crawler.crawl.pages import DiscoveryPages
from crawler.crawl.sitemaps import SitemapPages
from crawler.crawl.validators import DiscoveryValidators
from crawler.discovery.listings import listing_starts, listing_url
from storage.repository import Repository

__all__ = ["OutletSpider", "scrapy_settings_from_config"]


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


class OutletSpider(Spider):
    """Crawls one outlet as its `config.yaml` entry describes. Subclasses set `name`."""

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

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> OutletSpider:
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
        spider._assemble(crawler)
        crawler.signals.connect(spider._closed, signal=signals.spider_closed)
        return spider

    def _assemble(self, crawler: Crawler) -> None:
        """Build the collaborators, each with the context, the stats and the callables it uses."""
        settings = crawler.settings
        stats = SpiderStats(crawler)
        page_maxsize = settings.getint("DOWNLOAD_MAXSIZE")
        sitemap_maxsize = settings.getint("ASNWATCH_SITEMAP_MAXSIZE") or page_maxsize
        self._validators = DiscoveryValidators(self.ctx, stats)
        self._requests = DiscoveryRequests(
            errback=self.discovery_failed,
            sitemap_callback=self.parse_sitemap_document,
            sitemap_cap=sitemap_maxsize,
        )
        self._candidates = CandidateFilter(
            self.ctx,
            stats,
            max_new=settings.getint("ASNWATCH_MAX_NEW_ARTICLES"),
            callback=self.parse_article,
            errback=self.article_failed,
        )
        parts = {
            "requests": self._requests,
            "candidates": self._candidates,
            "validators": self._validators,
        }
        self._sitemaps = SitemapPages(self.ctx, stats, **parts)
        self._pages = DiscoveryPages(
            self.ctx,
            stats,
            feed_callback=self.parse_feed,
            listing_callback=self.parse_listing,
            **parts,
        )
        self._failures = FailureCounter(self.ctx, stats, page_maxsize=page_maxsize)
        self._articles = ArticleAssembler(
            self.ctx,
            stats,
            page_callback=self.parse_article_page,
            page_errback=self.article_page_failed,
            count_failure=self._failures.count,
        )

    @property
    def base_url(self) -> str:
        """The outlet's site (the same-site middleware compares every request with it)."""
        return self.ctx.outlet.base_url

    def _closed(self, reason: str) -> None:
        self._validators.save(reason)
        self.ctx.repo.close()

    # -- start --------------------------------------------------------------

    async def start(self) -> AsyncIterator[Any]:
        for request in self.start_requests_from_config():
            yield request

    def start_requests_from_config(self) -> Iterator[Request]:
        """robots.txt and sitemaps, feeds, the homepage, then every listing's first page."""
        discovery = self.ctx.outlet.discovery
        base = self.base_url
        page = self._requests.page
        if discovery.sitemaps.enabled:
            if discovery.sitemaps.from_robots_txt:
                yield page(
                    f"{base}/robots.txt", self.parse_sitemap_document, "robots", conditional=False
                )
            for url in discovery.sitemaps.urls:
                yield self._requests.sitemap(urljoin(base + "/", url))
        if discovery.feeds.enabled:
            for url in discovery.feeds.urls:
                yield page(urljoin(base + "/", url), self.parse_feed, "feed")
        # The homepage: feed autodiscovery, and its own article links.
        yield page(f"{base}/", self.parse_homepage, "homepage")
        if discovery.listings.enabled:
            listings = discovery.listings
            queries = self.ctx.config.queries_for(self.ctx.outlet)
            for template in [*listings.urls, *listings.search, *listings.tags]:
                for query in listing_starts(template, queries):
                    yield page(
                        listing_url(template, base, query, 1),
                        self.parse_listing,
                        "listing",
                        template=template,
                        query=query,
                        page=1,
                    )

    # -- callbacks and errbacks ---------------------------------------------

    def parse_sitemap_document(self, response: Response) -> Iterator[Request]:
        """robots.txt (its `Sitemap:` lines), a sitemap index or a urlset."""
        return self._sitemaps.parse(response)

    def parse_homepage(self, response: Response) -> Iterator[Request]:
        return self._pages.homepage(response)

    def parse_feed(self, response: Response) -> Iterator[Request]:
        return self._pages.feed(response)

    def parse_listing(self, response: Response) -> Iterator[Request]:
        return self._pages.listing(response)

    def parse_article(self, response: Response) -> Iterator[Any]:
        return self._articles.first_page(response)

    def parse_article_page(self, response: Response) -> Iterator[Any]:
        return self._articles.further_page(response)

    def article_page_failed(self, failure: Failure) -> Iterator[Any]:
        return self._articles.page_failed(failure)

    def article_failed(self, failure: Failure) -> None:
        self._failures.article_failed(failure)

    def discovery_failed(self, failure: Failure) -> None:
        self._failures.discovery_failed(failure)
