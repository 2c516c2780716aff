"""A story's metadata from its first page: headline, author and declared URL.

Each comes from the outlet's XPath when `config.yaml` gives one and it matches, else
from what pages commonly declare (meta tags, JSON-LD, markup), in order of trust. The
publication date has its own module (`crawler.content.dates`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

from lxml import etree, html

from crawler.config.extraction import ExtractionRules
from crawler.content.xpath import compiled, result_text

__all__ = ["find_author", "find_canonical", "find_title"]

_SITE_SEPARATOR = re.compile(r"\s+[-|–—»·:]{1,2}\s+")
_MAX_SITE_NAME_WORDS = 5
_AUTHOR_PREFIX = re.compile(
    r"^(oleh|by|penulis|reporter|editor|pewarta|ditulis oleh)\s*:?\s+", re.IGNORECASE
)
_MAX_AUTHOR_CHARS = 100

_META_TITLES = etree.XPath(
    '//meta[@property="og:title" or @name="og:title" or @name="twitter:title"]/@content'
)
_H1 = etree.XPath("//h1")
_HTML_TITLE = etree.XPath("//title")
_SITE_NAME = etree.XPath('//meta[@property="og:site_name"]/@content')
_META_AUTHORS = etree.XPath(
    '//meta[@name="author" or @property="article:author" or @name="dc.creator"]/@content'
)
_JSON_LD = etree.XPath('//script[@type="application/ld+json"]/text()')
_AUTHOR_ELEMENTS = etree.XPath(
    '//*[@rel="author"] | //*[@itemprop="author"]//*[@itemprop="name"]'
    ' | //*[contains(concat(" ", normalize-space(@class), " "), " author-name ")]'
)
_CANONICAL_LINK = etree.XPath(
    '//link[contains(concat(" ", translate(@rel, "CANONIL", "canonil"), " "), " canonical ")]/@href'
)
_OG_URL = etree.XPath('//meta[@property="og:url"]/@content')


def _squash(text: str) -> str:
    return " ".join(text.split())


def _xpath_texts(tree: etree._Element, expression: str) -> Iterator[str]:
    for result in compiled(expression)(tree):
        text = result_text(result)
        if text.strip():
            yield _squash(text)


def find_title(tree: html.HtmlElement, rules: ExtractionRules, url: str) -> str:
    """The headline: the outlet's title_xpath, else og:title, the <h1>, or <title>.

    A site name appended after a separator ("Headline - Outlet") is removed.
    """
    if rules.title_xpath:
        found = next(_xpath_texts(tree, rules.title_xpath), "")
        if found:
            return found
    headings = [_squash("".join(node.itertext())) for node in _H1(tree)]
    candidates = [
        *(str(value) for value in _META_TITLES(tree)),
        *headings,
        *("".join(node.itertext()) for node in _HTML_TITLE(tree)),
    ]
    # A meta title that is the page's <h1> plus something ("Headline - Outlet") is
    # the <h1>, whatever the suffix says: the site name is not always recognizable.
    for heading in headings:
        if len(heading.split()) >= 3 and any(
            _squash(c).startswith(heading) and _squash(c) != heading for c in candidates
        ):
            return heading
    site_keys = _site_keys(tree, url)
    for candidate in candidates:
        title = _strip_site_name(_squash(candidate), site_keys)
        if title:
            return title
    return ""


def _key(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


def _site_keys(tree: html.HtmlElement, url: str) -> set[str]:
    host = (urlsplit(url).hostname or "").removeprefix("www.")
    keys = {_key(host.split(".")[0])} if host else set()
    keys.update(_key(str(name)) for name in _SITE_NAME(tree))
    return {key for key in keys if key}


def _strip_site_name(title: str, site_keys: set[str]) -> str:
    parts = _SITE_SEPARATOR.split(title)
    if len(parts) < 2 or len(parts[-1].split()) > _MAX_SITE_NAME_WORDS:
        return title
    last = _key(parts[-1])
    if any(key in last or last in key for key in site_keys if last):
        return title[: title.rfind(parts[-1])].rstrip(" -|–—»·:")
    return title


def find_author(tree: html.HtmlElement, rules: ExtractionRules) -> str | None:
    """The author (or editor): the outlet's author_xpath, else meta, JSON-LD, markup."""
    sources: list[Iterator[str]] = []
    if rules.author_xpath:
        sources.append(_xpath_texts(tree, rules.author_xpath))
    sources.append(str(value) for value in _META_AUTHORS(tree))
    sources.append(_json_ld_authors(tree))
    sources.append("".join(node.itertext()) for node in _AUTHOR_ELEMENTS(tree))
    for source in sources:
        for candidate in source:
            author = _AUTHOR_PREFIX.sub("", _squash(candidate))
            if author and len(author) <= _MAX_AUTHOR_CHARS and "://" not in author:
                return author
    return None


def _json_ld_authors(tree: html.HtmlElement) -> Iterator[str]:
    for script in _JSON_LD(tree):
        try:
            data = json.loads(str(script))
        except ValueError:
            continue
        yield from _walk_authors(data)


def _walk_authors(node: Any) -> Iterator[str]:
    if isinstance(node, list):
        for child in node:
            yield from _walk_authors(child)
    elif isinstance(node, dict):
        author = node.get("author")
        if isinstance(author, str):
            yield author
        elif isinstance(author, dict | list):
            for entry in author if isinstance(author, list) else [author]:
                if isinstance(entry, dict) and isinstance(entry.get("name"), str):
                    yield entry["name"]
        for key in ("@graph", "mainEntity", "mainEntityOfPage"):
            if isinstance(node.get(key), dict | list):
                yield from _walk_authors(node[key])


def find_canonical(tree: html.HtmlElement, url: str) -> str | None:
    """The page's declared URL (rel=canonical, else og:url), made absolute."""
    for href in (*_CANONICAL_LINK(tree), *_OG_URL(tree)):
        absolute = urljoin(url, str(href).strip())
        parts = urlsplit(absolute)
        if str(href).strip() and parts.scheme in {"http", "https"} and parts.netloc:
            return absolute
    return None
