"""The spider's feed, homepage and listing side: candidates from feeds and HTML pages.

Entries of the site's own feeds are candidates whatever their URL pattern
(same site only); links on HTML pages must match `article_url_pattern`. The
homepage also advertises feeds (autodiscovery). A listing is followed page
after page until a page brings no unseen article or `max_depth` is reached.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.utils.response import get_base_url

from crawler.crawl.candidates import CandidateFilter
from crawler.crawl.context import Candidates, OutletContext, SpiderStats, logger
from crawler.crawl.discovery_requests import DiscoveryRequests
from crawler.crawl.validators import DiscoveryValidators
from crawler.discovery.feeds import (
    FeedError,
    XmlEntitiesError,
    autodiscovered_feeds,
    feed_entries,
    unreadable_dates,
)
from crawler.discovery.listings import article_links, listing_url, next_page_link


class DiscoveryPages:
    """Reads feeds, the homepage and listing pages into article and further page requests."""

    def __init__(
        self,
        ctx: OutletContext,
        stats: SpiderStats,
        *,
        requests: DiscoveryRequests,
        candidates: CandidateFilter,
        validators: DiscoveryValidators,
        feed_callback: Callable[..., Any],
        listing_callback: Callable[..., Any],
    ) -> None:
        self._ctx = ctx
        self._stats = stats
        self._requests = requests
        self._candidates = candidates
        self._validators = validators
        self._feed_callback = feed_callback
        self._listing_callback = listing_callback

    def homepage(self, response: Response) -> Iterator[Request]:
        """The homepage: the feeds it advertises (if autodiscovery is on), its article links."""
        if self._validators.not_modified(response) or not isinstance(response, TextResponse):
            return
        feeds = self._ctx.outlet.discovery.feeds
        if feeds.enabled and feeds.autodiscover:
            for url in autodiscovered_feeds(response.selector, response.url):
                if self._candidates.on_site(url, "homepage feed link"):
                    yield self._requests.page(url, self._feed_callback, "feed")
        yield from self._links_from_html(response, "homepage").requests
        self._validators.remember(response)

    def feed(self, response: Response) -> Iterator[Request]:
        """A feed: its entries as candidates; a feed that cannot be read is counted and logged."""
        if self._validators.not_modified(response):
            return
        self._stats.inc("discovery/feeds")
        try:
            entries = feed_entries(response.body, response.url)
        except FeedError as exc:
            self._stats.inc("discovery/feeds_invalid")
            if isinstance(exc, XmlEntitiesError):
                self._stats.inc("discovery/xml_entities_refused")
            logger.warning("feed ignored: %s: %s", exc, response.url)
            return
        undated = unreadable_dates(entries)
        if undated:
            # Feed dates are not used (an article is dated from its page): kept, but noted.
            self._stats.inc("discovery/feed_dates_invalid", len(undated))
            logger.warning(
                "feed has %d entries with unreadable dates (e.g. %r), kept: %s",
                len(undated),
                max(undated, key=bool),
                response.url,
            )
        self._stats.inc("discovery/feed_entries", len(entries))
        found = self._candidates.requests([e.url for e in entries], "feed")
        yield from found.requests
        self._candidates.report_deferred(found.deferred, response.url)
        self._validators.remember(response)

    def listing(self, response: Response) -> Iterator[Request]:
        """A listing page: its article links, and the next page while this one brought news."""
        if self._validators.not_modified(response) or not isinstance(response, TextResponse):
            return
        self._stats.inc("discovery/listing_pages")
        found = self._links_from_html(response, "listing")
        yield from found.requests
        page = response.meta["page"]
        if found.unseen and page < self._ctx.outlet.discovery.listings.max_depth:
            next_request = self._next_listing_page(response, page + 1)
            if next_request is not None:
                yield next_request
        elif not found.unseen:
            self._stats.inc("discovery/pagination_stopped_no_new")
        self._validators.remember(response)

    def _next_listing_page(self, response: TextResponse, page: int) -> Request | None:
        """Page `page` of a listing: from its template's {page}, else the page's rel=next."""
        template, query = response.meta["template"], response.meta["query"]
        if "{page}" in template:
            url: str | None = listing_url(template, self._ctx.base_url, query, page)
        else:
            url = next_page_link(response.selector, response.url)
        if not url or not self._candidates.on_site(url, "listing next page"):
            return None
        return self._requests.page(
            url, self._listing_callback, "listing", template=template, query=query, page=page
        )

    def _links_from_html(self, response: TextResponse, source: str) -> Candidates:
        """Requests for a page's unseen article links (deferred ones reported)."""
        articles = article_links(
            response.selector, get_base_url(response), self._ctx.article_pattern
        )
        found = self._candidates.requests(articles, source)
        self._candidates.report_deferred(found.deferred, response.url)
        return found
