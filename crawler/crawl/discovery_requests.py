"""The requests for discovery documents: conditional, with the discovery errback.

Sitemaps get their own size cap (ASNWATCH_SITEMAP_MAXSIZE, from
`crawl.max_sitemap_bytes`), as sitemaps outgrow pages; the same cap bounds
their gunzipped size (`crawler.discovery.sitemaps`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scrapy import Request


class DiscoveryRequests:
    """Builds discovery requests; callbacks and the errback are the spider's methods."""

    def __init__(
        self,
        *,
        errback: Callable[..., Any],
        sitemap_callback: Callable[..., Any],
        sitemap_cap: int,
    ) -> None:
        self._errback = errback
        self._sitemap_callback = sitemap_callback
        #: Bytes a sitemap may have, downloaded or gunzipped.
        self.sitemap_cap = sitemap_cap

    def page(self, url: str, callback: Callable[..., Any], source: str, **meta: Any) -> Request:
        """A discovery document, requested conditionally unless `conditional=False`."""
        return Request(
            url,
            callback=callback,
            errback=self._errback,
            meta={"conditional": True, "source": source, **meta},
        )

    def sitemap(self, url: str, source: str = "sitemap", **meta: Any) -> Request:
        """A sitemap (or robots.txt, read for its `Sitemap:` lines) under the sitemap cap."""
        cap = self.sitemap_cap
        return self.page(
            url,
            self._sitemap_callback,
            source,
            download_maxsize=cap,
            download_warnsize=cap,
            **meta,
        )
