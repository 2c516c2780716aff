"""Conditional discovery: a 304 ends a branch; validators are kept for the next run.

Discovery documents (sitemaps, feeds, the homepage, listings) are requested
conditionally (see `crawler.crawl.middlewares.ConditionalGetMiddleware`). A page's
ETag and Last-Modified are kept once its links have been taken, and stored
only at the end of a run that took everything those pages lead to: otherwise
a 304 next run would hide what this run left for later.
"""

from __future__ import annotations

from scrapy.http import Response

from crawler.crawl.context import OutletContext, SpiderStats, logger


class DiscoveryValidators:
    """304 handling and the discovery pages' validators, stored when the run ends."""

    def __init__(self, ctx: OutletContext, stats: SpiderStats) -> None:
        self._ctx = ctx
        self._stats = stats
        self._kept: list[tuple[str, str | None, str | None]] = []

    def not_modified(self, response: Response) -> bool:
        """Whether the page answered 304 (counted): its branch ends there."""
        if response.status == 304:
            self._stats.inc("discovery/not_modified")
            logger.debug("not modified, branch ends: %s", response.url)
            return True
        return False

    def remember(self, response: Response) -> None:
        """Keep the page's validators, once its links have been taken, for the end of the run."""
        etag = response.headers.get("ETag")
        modified = response.headers.get("Last-Modified")
        if etag or modified:
            self._kept.append(
                (
                    response.meta.get("conditional_key", response.url),
                    etag.decode("latin-1") if etag else None,
                    modified.decode("latin-1") if modified else None,
                )
            )

    def save(self, reason: str) -> None:
        """Store the discovery pages' validators, unless the next run must read them in full.

        A 304 next run ends a branch, so validators are stored only when this
        run took everything those pages lead to: it finished, no candidate was
        left for later by the new-article cap (a sitemap index answering 304
        would hide its children's deferred entries until it changes), and no
        article failed to be stored (the database was locked or gone).
        """
        deferred = self._stats.get("articles/deferred")
        store_failed = self._stats.get("articles/store_failed")
        if reason != "finished" or deferred or store_failed:
            if deferred:
                why = f"{deferred} candidates deferred"
            elif store_failed:
                why = f"{store_failed} articles not stored"
            else:
                why = f"run ended: {reason}"
            logger.info(
                "discovery validators not stored (%s): the next run reads every page in full", why
            )
            return
        for url, etag, modified in self._kept:
            self._ctx.repo.save_validators(url, self._ctx.name, etag, modified)
