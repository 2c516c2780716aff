"""A page's story text as blocks of lines: the article container, pruned, through trafilatura.

trafilatura finds the text; it is handed only the article's container (the outlet's
``content_xpath``, its largest match) when that matches, which is faster and keeps the
page's other parts out, and the whole page otherwise. The outlet's ``prune_xpath`` is
passed to trafilatura, which removes those elements before it looks for text. Its body
tree is then cut into blocks (one per paragraph, heading, list item, table row) of
lines (split at ``<lb/>``), for the shared post-clean (`crawler.content.textclean`).
"""

from __future__ import annotations

from collections.abc import Iterator
from copy import deepcopy
from typing import NamedTuple

import trafilatura
from lxml import etree, html

from crawler.config.extraction import ExtractionRules
from crawler.content.layout import continued_body, drop_link_promos
from crawler.content.story import ExtractionFailed
from crawler.content.xpath import compiled

__all__ = ["PageBody", "page_blocks"]


class PageBody(NamedTuple):
    """A page's text blocks, and whether they came from the outlet's ``content_xpath``."""

    blocks: list[list[str]]
    from_container: bool


def page_blocks(tree: html.HtmlElement, url: str, rules: ExtractionRules) -> PageBody:
    """The page's text blocks: from the article container when found, else the page.

    Inline promotions are removed from the page first (`tree` is changed). Without
    a container, a body the template split over several containers is read whole.
    `from_container` tells selector health (`crawler.content.selectors`) whether
    ``content_xpath`` matched: found a container trafilatura found text in.
    """
    drop_link_promos(tree)
    container = _container(tree, rules.content_xpath)
    if container is not None:
        blocks = _trafilatura_blocks(container, url, rules)
        if blocks:
            return PageBody(blocks, True)
    blocks = _trafilatura_blocks(tree, url, rules)
    continued = continued_body(tree, blocks)
    if continued is not None:
        whole = _trafilatura_blocks(continued, url, rules)
        if _length(whole) > _length(blocks):
            return PageBody(whole, False)
    return PageBody(blocks, False)


def _length(blocks: list[list[str]]) -> int:
    return sum(len(line) for block in blocks for line in block)


def _container(tree: html.HtmlElement, content_xpath: str | None) -> html.HtmlElement | None:
    """A small document holding only the article container (the largest match)."""
    if not content_xpath:
        return None
    matches = [node for node in compiled(content_xpath)(tree) if isinstance(node, etree._Element)]
    if not matches:
        return None
    largest = max(matches, key=lambda node: len("".join(node.itertext())))
    document = html.Element("html")
    etree.SubElement(document, "body").append(deepcopy(largest))
    return document


def _trafilatura_blocks(
    tree: html.HtmlElement, url: str, rules: ExtractionRules
) -> list[list[str]]:
    try:
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            include_comments=False,
            include_tables=True,
            include_images=False,
            include_links=False,
            include_formatting=False,
            # Precision mode drops more link lists and teasers and, measured on the peer
            # benchmark, lost no recall (docs/extraction.md).
            favor_precision=True,
            deduplicate=False,  # its cache is process-wide: output would vary between calls
            with_metadata=False,
            prune_xpath=list(rules.prune_xpath) or None,
        )
    except Exception as exc:  # a third-party parser: any failure means "no story here"
        raise ExtractionFailed("unparsable", f"{url}: {type(exc).__name__}: {exc}") from exc
    if document is None or document.body is None:
        return []
    return [block for block in _blocks(document.body) if any(line.strip() for line in block)]


_NESTING = frozenset({"list", "table", "quote", "div"})
_BLOCKS = frozenset({"p", "head", "item", "row", "cell", "code", *_NESTING})


def _blocks(element: etree._Element) -> Iterator[list[str]]:
    """One block per block element of trafilatura's body tree, as lines split at <lb/>."""
    for child in element:
        if not isinstance(child.tag, str):
            continue
        if child.tag in _NESTING and any(sub.tag in _BLOCKS for sub in child):
            yield [child.text or ""]
            yield from _blocks(child)
        elif child.tag == "row":
            yield [" | ".join(" ".join(_lines(cell)) for cell in child)]
        else:
            yield _lines(child)
        yield [child.tail or ""]


def _lines(element: etree._Element) -> list[str]:
    lines = [""]

    def walk(node: etree._Element) -> None:
        if node.tag == "lb":
            lines.append("")
        else:
            lines[-1] += node.text or ""
        for child in node:
            walk(child)
            lines[-1] += child.tail or ""

    walk(element)
    return lines
