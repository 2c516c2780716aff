"""Candidate article URLs into requests: same site only, unseen only, within the run's cap.

Every candidate is canonicalized and checked against the database before it
is requested, so an article is fetched once in the life of the database; at
most ASNWATCH_MAX_NEW_ARTICLES new ones per run (the rest are counted and
left for later runs).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from scrapy import Request

from crawler.crawl.context import Candidates, OutletContext, SpiderStats, logger
from crawler.discovery.urls import canonicalize, fetch_url, same_site

#: Sources whose offsite entries are odd enough to log as warnings (the site's own documents).
_MACHINE_SOURCES = {"sitemap", "feed", "robots"}


class CandidateFilter:
    """Turns candidate URLs into article requests, remembering what this run scheduled."""

    def __init__(
        self,
        ctx: OutletContext,
        stats: SpiderStats,
        *,
        max_new: int,
        callback: Callable[..., Any],
        errback: Callable[..., Any],
    ) -> None:
        self._ctx = ctx
        self._stats = stats
        self._max_new = max_new
        self._callback = callback
        self._errback = errback
        self._scheduled: set[str] = set()

    def requests(self, urls: Iterable[str], source: str) -> Candidates:
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
            self._stats.inc("articles/deferred", len(urls))
            return Candidates(deferred=len(urls))
        keyed = self._keyed(urls, source)
        attempts = self._ctx.config.crawl.incomplete_story_attempts
        unseen = self._ctx.repo.unseen(keyed, incomplete_attempts=attempts)
        self._stats.inc("articles/already_seen", len(keyed) - len(unseen))
        found = Candidates(unseen=len(unseen))
        for key in unseen:
            if key in self._scheduled:
                continue
            if len(found.requests) >= room:
                found.deferred += 1
                continue
            self._scheduled.add(key)
            self._stats.inc("articles/discovered")
            found.requests.append(self._request(keyed[key], key, source))
        if found.deferred:
            self._stats.inc("articles/deferred", found.deferred)
        return found

    def _keyed(self, urls: list[str], source: str) -> dict[str, str]:
        """The same-site URLs by identity key (the first URL of each key kept)."""
        rules = self._ctx.outlet.canonical
        keyed: dict[str, str] = {}
        for url in urls:
            if not self.on_site(url, source):
                continue
            try:
                keyed.setdefault(canonicalize(url, rules), url)
            except ValueError:
                continue
        return keyed

    def _request(self, url: str, key: str, source: str) -> Request:
        return Request(
            fetch_url(url, self._ctx.outlet.canonical),
            callback=self._callback,
            errback=self._errback,
            meta={"canonical": key, "source": source},
        )

    def on_site(self, url: str, source: str) -> bool:
        """Whether `url` is on the outlet's site.

        Another host's URL is never requested, but counted
        (`discovery/offsite_skipped`) and logged, wherever it was found.
        """
        base = self._ctx.base_url
        if same_site(url, base):
            return True
        self._stats.inc("discovery/offsite_skipped")
        log = logger.warning if source in _MACHINE_SOURCES else logger.info
        log("offsite %s entry skipped: %s (outlet is %s)", source, url, base)
        return False

    def report_deferred(self, deferred: int, where: str) -> None:
        """One warning for the candidates of a document left for a later run."""
        if deferred:
            logger.warning(
                "%d candidate URLs from %s left for a later run: this run's cap of %d "
                "new articles (ASNWATCH_MAX_NEW_ARTICLES) is reached",
                deferred,
                where,
                self._max_new,
            )
