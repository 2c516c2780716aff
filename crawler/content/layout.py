"""Generic repairs of a page's layout before trafilatura reads it.

Both come from how news templates break an article's text, whatever the site:
an inline promotion of another story set as a paragraph of the body, and a
body split over several containers of one class (an advertisement row closes the
first and opens the next). Neither depends on a selector, so they hold on pages
nobody configured. Measured on the peer benchmark (`docs/extraction.md`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from copy import deepcopy

from lxml import etree, html

__all__ = ["continued_body", "drop_link_promos"]

_LABELS = frozenset({"strong", "b"})
_MAX_LABEL_WORDS = 4
_MAX_LABEL_SHARE = 0.25  # of the link words: "[VIDEO]" tags beside several links
_MIN_PROMO_LINK_WORDS = 3
_PUNCTUATION_ONLY = re.compile(r"^[\W_]*$")
_MIN_ANCHOR_CHARS = 80


def drop_link_promos(tree: html.HtmlElement) -> None:
    """Remove paragraphs that are only links to other stories, with at most short bold labels.

    "Baca Juga: <a>headline</a>", "<b>SEE MORE: <a>headline</a></b>", a bold "DON'T MISS"
    over three links tagged "[VIDEO]": an inline promotion is a paragraph whose own words
    are all link text, apart from a few bold label words. A sentence with a link in it has
    words of its own, and stays.
    """
    for paragraph in list(tree.iter("p")):
        link_words = sum(len(a.text_content().split()) for a in paragraph.iter("a"))
        if link_words < _MIN_PROMO_LINK_WORDS:
            continue
        label_words = sum(
            len(_text(label, skip={"a"}).split())
            for label in paragraph.iter(*_LABELS)
            if not any(
                parent.tag in _LABELS or parent.tag == "a" for parent in label.iterancestors()
            )
        )
        few_labels = label_words <= max(_MAX_LABEL_WORDS, link_words * _MAX_LABEL_SHARE)
        if few_labels and _PUNCTUATION_ONLY.match(_text(paragraph, skip={"a", *_LABELS})):
            paragraph.drop_tree()


def _text(element: etree._Element, skip: set[str]) -> str:
    """The element's text outside descendants with the tags in `skip`."""
    parts = [element.text or ""]
    for child in element:
        if isinstance(child.tag, str) and child.tag not in skip:
            parts.append(_text(child, skip))
        parts.append(child.tail or "")
    return "".join(parts)


def continued_body(
    tree: html.HtmlElement, blocks: Sequence[Sequence[str]]
) -> html.HtmlElement | None:
    """The story's body when the page splits it over sibling containers of one class.

    The container is the parent of the page paragraph that starts like the first
    long line trafilatura returned (`blocks`); its continuations are the later
    elements with the same tag and class, none inside another. Returns a small
    document whose one container holds their content in page order, or None when
    the body is not split.
    """
    anchor = next(
        (
            " ".join(line.split())
            for block in blocks
            for line in block
            if len(line) >= _MIN_ANCHOR_CHARS
        ),
        None,
    )
    if anchor is None:
        return None
    probe = anchor[:_MIN_ANCHOR_CHARS]
    paragraph = next(
        (p for p in tree.iter("p") if " ".join(p.text_content().split()).startswith(probe)), None
    )
    container = paragraph.getparent() if paragraph is not None else None
    css = container.get("class") if container is not None else None
    if not css:
        return None
    same = [node for node in tree.iter(container.tag) if node.get("class") == css]
    parts = same[same.index(container) :]  # continuations follow the story's start
    if len(parts) < 2 or any(a in b.iterancestors() for a in parts for b in parts):
        return None
    document = html.Element("html")
    merged = etree.SubElement(etree.SubElement(document, "body"), container.tag, {"class": css})
    for part in parts:  # one container, so trafilatura cannot keep only the first part
        merged.extend(deepcopy(child) for child in part)
    return document
