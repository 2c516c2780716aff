"""The spider's sitemap side: robots.txt `Sitemap:` lines, indexes and urlsets.

A downloaded sitemap is read by `crawler.discovery.sitemaps`, the reader
`asnwatch check` uses too; this side counts and logs what the reader refused
(with the sitemap's URL), follows an index's children and turns a urlset's
entries into article requests in batches.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from itertools import islice
from typing import Any

from scrapy import Request
from scrapy.http import Response, XmlResponse

from crawler.crawl.candidates import CandidateFilter
from crawler.crawl.context import OutletContext, SpiderStats, logger
from crawler.crawl.discovery_requests import DiscoveryRequests
from crawler.crawl.validators import DiscoveryValidators
from crawler.discovery.robots import robots_sitemaps
from crawler.discovery.sitemaps import (
    SitemapDocument,
    SitemapRefused,
    parse_sitemap,
    sitemap_xml,
)

#: Sitemap entries checked against the database (and turned into requests) at a time.
SITEMAP_BATCH = 1000


class SitemapPages:
    """Reads robots.txt's `Sitemap:` lines and sitemaps into further requests."""

    def __init__(
        self,
        ctx: OutletContext,
        stats: SpiderStats,
        *,
        requests: DiscoveryRequests,
        candidates: CandidateFilter,
        validators: DiscoveryValidators,
    ) -> None:
        self._ctx = ctx
        self._stats = stats
        self._requests = requests
        self._candidates = candidates
        self._validators = validators

    def parse(self, response: Response) -> Iterator[Request]:
        """robots.txt, a sitemap index or a urlset (plain or gzip); failures are counted.

        A urlset's entries are checked and requested in batches, so a sitemap
        of 100,000 URLs never becomes 100,000 requests at once.
        """
        if self._validators.not_modified(response):
            return
        if response.meta.get("source") == "robots":
            self._stats.inc("discovery/robots_txt")  # not a page: the run's judge leaves it out
            for url in robots_sitemaps(response.body, response.url):
                if self._candidates.on_site(url, "robots"):
                    yield self._requests.sitemap(url)
            return
        self._stats.inc("discovery/sitemaps")
        document = self._read(response)
        if document is None:
            return
        locs = (e["loc"] for e in self._recent(document) if e.get("loc"))
        deferred = 0
        if document.kind == "sitemapindex":
            for loc in locs:
                if self._candidates.on_site(loc, "sitemap"):
                    yield self._requests.sitemap(loc)
        else:
            for batch in _batches(locs, SITEMAP_BATCH):
                self._stats.inc("discovery/sitemap_entries", len(batch))
                found = self._candidates.requests(batch, "sitemap")
                deferred += found.deferred
                yield from found.requests
        self._candidates.report_deferred(deferred, response.url)
        self._validators.remember(response)

    def _read(self, response: Response) -> SitemapDocument | None:
        """The parsed sitemap, or None when the reader refuses it (counted and logged)."""
        kind = response.headers.get("Content-Type", b"").decode("latin-1")
        try:
            xml = sitemap_xml(
                response.body,
                self._requests.sitemap_cap,
                served_as_xml=isinstance(response, XmlResponse),
                content_type=kind,
            )
            if xml.mislabelled:
                self._stats.inc("discovery/sitemaps_mislabelled")
                shown = kind or "no type"
                logger.info("sitemap served as %s, read as XML: %s", shown, response.url)
            return parse_sitemap(xml.xml)
        except SitemapRefused as refused:
            if refused.entities:
                self._stats.inc("discovery/xml_entities_refused")
            self._stats.inc("discovery/sitemaps_invalid")
            logger.warning("sitemap ignored: %s: %s", refused, response.url)
            return None

    def _recent(self, document: SitemapDocument) -> Iterator[dict[str, Any]]:
        """Entries within `max_age_days`, dated by lastmod or their Google News date."""
        max_age = self._ctx.outlet.discovery.sitemaps.max_age_days
        now = datetime.now(UTC)
        for entry in document:
            if document.is_recent(entry, max_age, now):
                yield entry
            else:
                self._stats.inc("discovery/sitemap_entries_too_old")


def _batches(items: Iterable[str], size: int) -> Iterator[list[str]]:
    """Consecutive lists of `size` items (Python 3.11 has no itertools.batched)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
