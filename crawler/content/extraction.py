"""Article pages to one clean story: text in the export layout, plus metadata.

The steps, each in its own module: `crawler.content.decoding` parses each page,
refusing what is not HTML; `crawler.content.body` finds the story's text blocks
(the outlet's ``content_xpath`` container when it matches, pruned by its
``prune_xpath``, through trafilatura); `crawler.content.textclean` drops what
still gets through; `crawler.content.metadata` and `crawler.content.dates` read
headline, author, declared URL and publication date from the whole first page;
`crawler.content.selectors` tells which configured selectors matched, for the
crawl's and the check's template-health warnings (the text does not depend on it).
Every outlet-specific choice lives in config.yaml (`crawler.config.extraction`);
these modules hold none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from lxml.html import HtmlElement

from crawler.config.extraction import ExtractionRules, SharedExtractionConfig
from crawler.content.body import page_blocks
from crawler.content.dates import find_published
from crawler.content.decoding import load_page
from crawler.content.metadata import find_author, find_canonical, find_title
from crawler.content.selectors import SelectorHits, first_page_hits
from crawler.content.story import ExtractedStory, ExtractionFailed
from crawler.content.textclean import clean_paragraphs

__all__ = ["extract_story"]


def extract_story(
    pages: Sequence[str | bytes],
    url: str,
    rules: ExtractionRules,
    shared: SharedExtractionConfig,
    *,
    pager_xpath: str | None = None,
) -> ExtractedStory:
    """Extract one story from its pages (several for a story split over pages).

    Pages are joined in the given order before cleaning, so a header repeated
    on every page is kept once. Raises `ExtractionFailed`, never another error,
    for pages that hold no story. The story (or the failure, once the pages
    are read) carries which configured selectors matched (`SelectorHits`);
    `pager_xpath` (``article_pages``) is judged too when given.
    """
    if not pages:
        raise ExtractionFailed("empty", f"no page given for {url}")
    trees = [load_page(page, number, url) for number, page in enumerate(pages, start=1)]
    bodies = [page_blocks(tree, url, rules) for tree in trees]
    tries = [("content_xpath", body.from_container) for body in bodies if rules.content_xpath]
    hits = SelectorHits.of([*tries, *first_page_hits(trees[0], rules, pager_xpath)])
    blocks = [block for body in bodies for block in body.blocks]
    try:
        story = _story(trees[0], blocks, url, rules, shared)
    except ExtractionFailed as exc:
        exc.selectors = hits
        raise
    return replace(story, selectors=hits)


def _story(
    first: HtmlElement,
    blocks: list[list[str]],
    url: str,
    rules: ExtractionRules,
    shared: SharedExtractionConfig,
) -> ExtractedStory:
    """The clean story from the pages' blocks and the first page's metadata."""
    title = find_title(first, rules, url)
    drop = (*shared.drop_line_patterns, *rules.drop_line_patterns)
    paragraphs = clean_paragraphs(blocks, title=title, drop_patterns=drop)
    text_length = len("\n\n".join(paragraphs))
    if not paragraphs:
        raise ExtractionFailed("empty", f"no text found in {url}")
    if text_length < shared.min_chars:
        raise ExtractionFailed(
            "too_short", f"{text_length} characters in {url}, fewer than {shared.min_chars}"
        )
    if not title:
        raise ExtractionFailed("no_title", f"no headline found in {url}")
    return ExtractedStory(
        title=title,
        author=find_author(first, rules),
        published_at=find_published(first, rules),
        canonical_url=find_canonical(first, url),
        paragraphs=tuple(paragraphs),
    )
