"""The walk through one story's pages: which page to fetch next, and when to stop.

Shared by the spider (`crawler.crawl.articles`) and `asnwatch check`, so both
join the same pages. Each page read may name further pages (page 2's
rel=next names page 3); the walk takes only page numbers above the page it
is on, each number and URL once (a pager pointing back, or at itself, ends
nothing but adds nothing either), fetches them in increasing order, and
never beyond `article_pages.max_pages` pages. A page whose paragraphs all
appeared on earlier pages (a server that ignores `?page=N` and sends page 1
again) adds nothing and its links are not followed. Further pages that could
not be fetched are counted in `missing`: the story is incomplete.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class PageWalk:
    """One story's pages: the first URL, what is queued, fetched, missing (picklable)."""

    first_url: str
    max_pages: int
    number: int = 1  # the page the walk is on
    fetched: int = 1
    missing: int = 0
    repeated: int = 0
    capped: bool = False  # the story names more pages than max_pages
    queued: dict[int, str] = field(default_factory=dict)
    urls: set[str] = field(default_factory=set)
    digests: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        self.urls.add(self.first_url)

    def add(self, pages: Iterable[tuple[int, str]]) -> None:
        """Queue the further pages a page named (numbers above the current page only)."""
        for number, url in pages:
            if number <= self.number or number in self.queued or url in self.urls:
                continue
            if number > self.max_pages:
                self.capped = True
                continue
            self.queued[number] = url

    def next_url(self) -> str | None:
        """The next page to fetch (lowest number first), or None when the story is complete."""
        if not self.queued:
            return None
        self.number = min(self.queued)
        url = self.queued.pop(self.number)
        self.urls.add(url)
        return url

    def read(self, digests: Iterable[str]) -> bool:
        """Note a fetched page's text digests; False when it repeats earlier pages."""
        new = set(digests) - self.digests
        if not new:
            self.repeated += 1
            return False
        self.digests |= new
        self.fetched += 1
        return True

    def first_read(self, digests: Iterable[str]) -> None:
        """The first page's text digests (it is always kept)."""
        self.digests |= set(digests)

    def failed(self) -> None:
        """The page last returned by `next_url` could not be fetched."""
        self.missing += 1
