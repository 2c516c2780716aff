"""The article URLs the sources found, and the order in which the check tries them.

Every source offers what it lists; a URL listed by several sources is one
candidate (by its identity key) remembering them all, because "found by search,
a listing and the sitemap" says more about a pattern than any one source.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime

from crawler.config.canonical import CanonicalRules
from crawler.discovery.dates import parse_w3c_or_rfc_date
from crawler.discovery.listings import is_article_url
from crawler.discovery.urls import canonicalize, fetch_url

# The most telling source first: search results are the likeliest to be on topic (so the
# topic verdict means something), sitemaps list everything.
SOURCE_ORDER = ("search", "feed", "listing", "tag", "homepage", "sitemap")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class Candidate:
    """An article URL and every source that listed it (`sources[0]` the most telling)."""

    url: str  # as the crawler would request it (tracking parameters removed)
    sources: list[str]
    matches_pattern: bool
    date: str | None = None  # sitemap lastmod or news date, to try recent entries first

    @property
    def source(self) -> str:
        return "+".join(self.sources)


class CandidatePool:
    """Candidates by identity key, as the crawler would deduplicate them."""

    def __init__(self, rules: CanonicalRules, pattern: re.Pattern[str]) -> None:
        self._rules = rules
        self._pattern = pattern
        self._by_key: dict[str, Candidate] = {}

    def offer(
        self, urls: Iterable[str], source: str, dates: Mapping[str, str] | None = None
    ) -> None:
        """Take a source's URLs; `dates` (by URL) order sitemap entries newest first."""
        dates = dates or {}
        for url in urls:
            try:
                key = canonicalize(url, self._rules)
            except ValueError:
                continue
            known = self._by_key.get(key)
            if known is None:
                clean = fetch_url(url, self._rules)
                matches = is_article_url(url, self._pattern)
                self._by_key[key] = Candidate(clean, [source], matches, dates.get(url))
            elif source not in known.sources:
                known.sources.append(source)
                known.sources.sort(key=SOURCE_ORDER.index)
                known.date = known.date or dates.get(url)

    def ordered(self, allowed: Callable[[str], bool]) -> list[Candidate]:
        """Fetchable candidates, matching the pattern first, their best sources taking turns.

        Search results come first, then feeds (newest first), listings, the
        homepage, and sitemaps (newest first, by lastmod or news date).
        """
        by_source: dict[str, list[Candidate]] = {}
        for candidate in self._by_key.values():
            if allowed(candidate.url):
                by_source.setdefault(candidate.sources[0], []).append(candidate)
        sitemap = by_source.get("sitemap", [])
        sitemap.sort(key=lambda c: parse_w3c_or_rfc_date(c.date or "") or _EPOCH, reverse=True)
        turns = [by_source[s] for s in SOURCE_ORDER if s in by_source]
        mixed = list(_round_robin(turns))
        return [c for c in mixed if c.matches_pattern] + [c for c in mixed if not c.matches_pattern]


def _round_robin(lists: list[list[Candidate]]) -> Iterator[Candidate]:
    for index in range(max((len(items) for items in lists), default=0)):
        for items in lists:
            if index < len(items):
                yield items[index]
