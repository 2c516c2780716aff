"""The spider's sitemap side: robots.txt `Sitemap:` lines, indexes and urlsets, read carefully.

Scrapy's own `SitemapSpider` path fails silently (a gzip bomb over the size
cap, a billion-laughs document yielding nothing, a sitemap served as
text/html), so sitemaps are read here instead: documents that declare XML
entities are refused, gzip is unpacked under the sitemap's own size cap
(ASNWATCH_SITEMAP_MAXSIZE, as sitemaps outgrow pages), XML served with
another type is read, and a urlset's entries are checked and requested in
batches. Every refusal is counted and logged with the sitemap's URL.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from itertools import islice
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.http import Response, XmlResponse
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from crawler.crawl.context import Candidates, SpiderParts, logger
from crawler.discovery.documents import (
    declared_entities,
    entities_refusal,
    looks_like_xml,
    news_publication_dates,
    sitemap_body,
    sitemap_entry_age_ok,
    sitemap_entry_date,
)

#: Sitemap entries checked against the database (and turned into requests) at a time.
SITEMAP_BATCH = 1000


class SitemapReading(SpiderParts):
    """The callback for robots.txt and sitemaps, and the requests for sitemaps."""

    if TYPE_CHECKING:  # from OutletSpider (crawler/spider.py): discovery and candidates
        _sitemap_maxsize: int

        def _discovery_request(
            self, url: str, callback: Any, source: str, **meta: Any
        ) -> Request: ...
        def _not_modified(self, response: Response) -> bool: ...
        def _remember(self, response: Response) -> None: ...
        def _on_site(self, url: str, source: str) -> bool: ...
        def article_requests(self, urls: Iterable[str], source: str) -> Candidates: ...
        def _report_deferred(self, deferred: int, where: str) -> None: ...

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
                if self._on_site(url, "robots"):
                    yield self._sitemap_request(url)
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
                if self._on_site(loc, "sitemap"):
                    yield self._sitemap_request(loc)
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


def _batches(items: Iterable[str], size: int) -> Iterator[list[str]]:
    """Consecutive lists of `size` items (itertools.batched arrives in Python 3.12)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
