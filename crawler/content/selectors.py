"""Which of an outlet's configured selectors matched its article pages: template health.

An outlet's XPaths (``extraction.content_xpath``, ``title_xpath``, ``date_xpath``,
``author_xpath`` and ``article_pages.pager_xpath``) are written against its page
template. When the site changes the template they silently stop matching and
extraction falls back to generic detection, which still yields a story, often a
worse one. So extraction reports, per story, on how many pages each configured
selector was tried and how many it matched (`SelectorHits`); the crawl counts
them per run (``asnwatch/selectors/<name>/pages`` and ``.../matched``), and
``asnwatch status`` and ``asnwatch check`` warn, in the same words
(`SelectorCount.warning`), about a selector that matched none of its pages.

A match is what extraction would use: the content container when trafilatura
found the text in it; a headline or author with text; a date text that parses;
a pager with any result. ``content_xpath`` is tried on every page of a story,
the others on its first page, where the metadata is read and a story's pager
first shows. A selector that is not configured is never tried, so never reported.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from lxml import html

from crawler.config.extraction import ExtractionRules
from crawler.content.dates import parse_date
from crawler.content.xpath import compiled, result_text

__all__ = ["SELECTORS", "SelectorCount", "SelectorHits", "configured", "first_page_hits"]

#: Every selector whose health is counted, in report order.
SELECTORS = ("content_xpath", "pager_xpath", "title_xpath", "date_xpath", "author_xpath")

#: What extraction did instead when the selector matched nothing.
_FALLBACK = {
    "content_xpath": "generic extraction was used",
    "pager_xpath": "generic pager detection was used (fine if no story was split over pages)",
    "title_xpath": "the headline was found generically",
    "date_xpath": "the date was found generically, if at all",
    "author_xpath": "the author was found generically, if at all",
}


@dataclass(frozen=True)
class SelectorCount:
    """One selector: the pages it was tried on and the pages it matched."""

    pages: int = 0
    matched: int = 0

    def __add__(self, other: SelectorCount) -> SelectorCount:
        return SelectorCount(self.pages + other.pages, self.matched + other.matched)

    def warning(self, name: str) -> str | None:
        """The warning when `name` matched none of its pages; None if it matched or went untried."""
        if self.pages <= 0 or self.matched > 0:
            return None
        noun = "page" if self.pages == 1 else "pages"
        return (
            f"{name} matched 0 of {self.pages} {noun}: the template may have changed; "
            f"{_FALLBACK.get(name, 'generic extraction was used')}"
        )


@dataclass(frozen=True)
class SelectorHits:
    """Per configured selector, its `SelectorCount`; a story's, or a run's when added up."""

    counts: Mapping[str, SelectorCount] = field(default_factory=dict)

    @classmethod
    def of(cls, tries: Iterable[tuple[str, bool]]) -> SelectorHits:
        """Counts from (selector, matched) pairs, one per page a selector was tried on."""
        counts: dict[str, SelectorCount] = {}
        for name, matched in tries:
            counts[name] = counts.get(name, SelectorCount()) + SelectorCount(1, int(matched))
        return cls(counts)

    def __add__(self, other: SelectorHits) -> SelectorHits:
        counts = dict(self.counts)
        for name, count in other.counts.items():
            counts[name] = counts.get(name, SelectorCount()) + count
        return SelectorHits(counts)

    def ordered(self) -> list[tuple[str, SelectorCount]]:
        """The selectors tried, in `SELECTORS` order (any other name after them)."""
        rank = {name: index for index, name in enumerate(SELECTORS)}
        return sorted(self.counts.items(), key=lambda item: (rank.get(item[0], len(rank)), item[0]))

    def warnings(self) -> list[str]:
        """A warning per selector that matched none of the pages it was tried on."""
        return [w for name, count in self.ordered() if (w := count.warning(name)) is not None]


def configured(rules: ExtractionRules, pager_xpath: str | None = None) -> tuple[str, ...]:
    """The selectors an outlet's config sets, in `SELECTORS` order."""
    values = {
        "content_xpath": rules.content_xpath,
        "pager_xpath": pager_xpath,
        "title_xpath": rules.title_xpath,
        "date_xpath": rules.date_xpath,
        "author_xpath": rules.author_xpath,
    }
    return tuple(name for name in SELECTORS if values[name])


def first_page_hits(
    tree: html.HtmlElement, rules: ExtractionRules, pager_xpath: str | None = None
) -> list[tuple[str, bool]]:
    """(selector, matched) for each configured first-page selector on a story's first page."""
    tries: list[tuple[str, bool]] = []
    if pager_xpath:
        tries.append(("pager_xpath", any(_texts(tree, pager_xpath))))
    if rules.title_xpath:
        tries.append(("title_xpath", any(_texts(tree, rules.title_xpath))))
    if rules.date_xpath:
        dated = any(parse_date(text) is not None for text in _texts(tree, rules.date_xpath))
        tries.append(("date_xpath", dated))
    if rules.author_xpath:
        tries.append(("author_xpath", any(_texts(tree, rules.author_xpath))))
    return tries


def _texts(tree: html.HtmlElement, expression: str) -> Iterable[str]:
    """The non-blank texts the expression selects (an XPath may also yield a number or boolean)."""
    found = compiled(expression)(tree)
    results = found if isinstance(found, list) else [found] if found else []
    return (text for result in results if (text := result_text(result)).strip())
