"""Article pages to one clean story: text in the export layout, plus metadata.

trafilatura finds the text; it is handed only the article's container (the
outlet's ``content_xpath``) when that matches, which is faster and keeps the
page's other parts out, and the whole page otherwise. The outlet's
``prune_xpath`` removes known noise inside the container, and the shared
post-clean (`crawler.content.textclean`) what still gets through. Metadata always
comes from the whole first page. Every outlet-specific choice lives in
config.yaml; this module holds none.
"""

from __future__ import annotations

import codecs
import json
import re
import unicodedata
from collections.abc import Iterator, Sequence
from copy import deepcopy
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urljoin, urlsplit

import trafilatura
from lxml import etree, html
from pydantic import Field, field_validator
from trafilatura.utils import decode_file

from crawler.config.base import StrictModel, XPathExpr, valid_regex, valid_xpath
from crawler.content.dates import find_published
from crawler.content.textclean import clean_paragraphs

__all__ = [
    "DEFAULT_DROP_LINE_PATTERNS",
    "DecodedPage",
    "ExtractedStory",
    "ExtractionFailed",
    "ExtractionRules",
    "SharedExtractionConfig",
    "decode_html",
    "extract_story",
]

DEFAULT_DROP_LINE_PATTERNS: tuple[str, ...] = (
    r"^\s*Baca [Jj]uga\b.*$",
    r"^\s*(Halaman|Page)\s*:?\s*[\d\s]*$",
    r"^\s*Editor\s*:.*$",
    r"^\s*(Penulis|Reporter|Pewarta)\s*:.*$",
    r"^\s*\d+\s+Komentar\s*$",
    r"^\s*Leave a (comment|Reply)\s*$",
    r"^\s*Back to top button\s*$",
    r"^\s*Adblock Detected\s*$",
    r"^\s*Please consider supporting us by disabling your ad blocker.*$",
    r"^\s*(Share|Bagikan)\s*:?\s*$",
)


class ExtractionRules(StrictModel):
    """One outlet's extraction rules: ``outlets.<name>.extraction`` in config.yaml."""

    content_xpath: XPathExpr | None = None
    title_xpath: XPathExpr | None = None
    prune_xpath: list[str] = []
    drop_line_patterns: list[str] = []
    date_xpath: XPathExpr | None = None
    author_xpath: XPathExpr | None = None

    # Lists are checked whole, so an error names the key (not the key and an index).
    @field_validator("prune_xpath")
    @classmethod
    def _valid_xpaths(cls, values: list[str]) -> list[str]:
        return [valid_xpath(value) for value in values]

    @field_validator("drop_line_patterns")
    @classmethod
    def _valid_patterns(cls, values: list[str]) -> list[str]:
        return [valid_regex(value) for value in values]


class SharedExtractionConfig(StrictModel):
    """Settings every outlet shares: the top-level ``extraction`` key."""

    min_chars: int = Field(default=300, ge=0)
    drop_line_patterns: list[str] = list(DEFAULT_DROP_LINE_PATTERNS)

    @field_validator("drop_line_patterns")
    @classmethod
    def _valid_patterns(cls, values: list[str]) -> list[str]:
        return [valid_regex(value) for value in values]


@dataclass(frozen=True)
class ExtractedStory:
    """A clean story and what the page says about it."""

    title: str
    author: str | None
    published_at: datetime | None
    canonical_url: str | None
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def render(self) -> str:
        """The export file's content: headline, blank line, paragraphs; no final newline."""
        return f"{self.title}\n\n{self.text}"


class ExtractionFailed(Exception):
    """No story in these pages; `reason` is short and machine-friendly.

    Reasons: ``empty`` (no text), ``too_short`` (text below min_chars),
    ``unparsable`` (not an HTML page), ``no_title`` (no headline anywhere).
    """

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(f"{reason}: {message}" if message else reason)
        self.reason = reason
        self.message = message


def extract_story(
    pages: Sequence[str | bytes],
    url: str,
    rules: ExtractionRules,
    shared: SharedExtractionConfig,
) -> ExtractedStory:
    """Extract one story from its pages (several for a story split over pages).

    Pages are joined in the given order before cleaning, so a header repeated
    on every page is kept once. Raises `ExtractionFailed`, never another error,
    for pages that hold no story.
    """
    if not pages:
        raise ExtractionFailed("empty", f"no page given for {url}")
    trees = [_load_page(page, number, url) for number, page in enumerate(pages, start=1)]
    blocks = [block for tree in trees for block in _page_blocks(tree, url, rules)]
    first = trees[0]
    title = _find_title(first, rules, url)
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
        author=_find_author(first, rules),
        published_at=find_published(first, rules),
        canonical_url=_find_canonical(first, url),
        paragraphs=tuple(paragraphs),
    )


# --- decoding ------------------------------------------------------------------

_FALLBACK = "cp1252"  # what a page that is not UTF-8 nearly always is (and ISO-8859-1 maps to)
_SINGLE_BYTE = frozenset({"cp1252", "iso8859-1", "iso8859-15"})


@dataclass(frozen=True)
class DecodedPage:
    """A page's text; `problem` (a stats key) and `detail` say what had to be repaired."""

    text: str
    problem: str | None = None
    detail: str = ""


def decode_html(body: bytes, encoding: str) -> DecodedPage:
    """Decode a page whose declared (or detected) charset is `encoding`, repairing a wrong one.

    Scrapy decodes with the declared charset and replaces what does not fit,
    so a windows-1252 page served as UTF-8 is stored full of U+FFFD, and a
    UTF-8 page served as ISO-8859-1 as mojibake ("â€œ"). Here: a body valid in
    its charset is taken as it is (problem None), unless it is labelled
    single-byte and is valid UTF-8 with non-ASCII text (``charset_wrong``,
    read as UTF-8); a body invalid in UTF-8 with no valid multi-byte sequence
    is single-byte text (``charset_wrong``, read as windows-1252); otherwise a
    few stray bytes are dropped (``invalid_bytes``), never kept as U+FFFD. A
    body holding NUL bytes is binary, not mislabelled text: it is decoded
    leniently, unrepaired, for extraction to refuse.
    """
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        name = "utf-8"
    text = _strict(body, name)
    if name in _SINGLE_BYTE and not body.isascii():
        utf8 = _strict(body, "utf-8")
        if utf8 is not None:
            return DecodedPage(utf8, "charset_wrong", f"declared {encoding}, but it is UTF-8")
    if text is not None:
        return DecodedPage(text)
    lenient = body.decode(name, errors="replace")
    if b"\x00" in body[:8192]:
        return DecodedPage(lenient)  # binary, not text in a wrong charset: extraction refuses it
    bad = lenient.count("\ufffd")
    if name == "utf-8" and not any(ord(char) > 127 and char != "\ufffd" for char in lenient):
        text = body.decode(_FALLBACK, errors="replace").replace("\ufffd", "")
        return DecodedPage(
            text,
            "charset_wrong",
            f"declared {encoding}, but {bad} bytes are invalid in it: read as {_FALLBACK}",
        )
    return DecodedPage(
        body.decode(name, errors="ignore"),
        "invalid_bytes",
        f"{bad} bytes invalid in {encoding} dropped",  # a few, amid valid multi-byte text
    )


def _strict(body: bytes, encoding: str) -> str | None:
    try:
        return body.decode(encoding)
    except UnicodeDecodeError:
        return None


# --- loading -------------------------------------------------------------------

_MAX_CONTROL_SHARE = 0.02  # real HTML has almost no control characters


def _load_page(page: str | bytes, number: int, url: str) -> html.HtmlElement:
    """Parse one page, refusing what is not HTML text (images, archives, noise)."""
    where = f"page {number} of {url}"
    try:
        text = decode_file(page)
    except (ValueError, TypeError, OSError, EOFError) as exc:
        raise ExtractionFailed("unparsable", f"{where}: {exc}") from exc
    if not text.strip():
        raise ExtractionFailed("empty", f"{where} is empty")
    if _looks_binary(text):
        raise ExtractionFailed("unparsable", f"{where} is not text")
    try:
        tree = trafilatura.load_html(text)
    except (ValueError, TypeError, etree.LxmlError) as exc:
        raise ExtractionFailed("unparsable", f"{where}: {exc}") from exc
    if tree is None:
        raise ExtractionFailed("unparsable", f"{where} is not HTML")
    return tree


def _looks_binary(text: str) -> bool:
    sample = text[:8192]
    bad = sum(
        1
        for char in sample
        if char == "\ufffd" or (unicodedata.category(char) == "Cc" and char not in "\t\n\r\f")
    )
    return bad > _MAX_CONTROL_SHARE * len(sample)


# --- body text -----------------------------------------------------------------


@lru_cache(maxsize=256)
def _compiled(expression: str) -> etree.XPath:
    return etree.XPath(expression)


def _page_blocks(tree: html.HtmlElement, url: str, rules: ExtractionRules) -> list[list[str]]:
    """The page's text blocks: from the article container when found, else the page."""
    container = _container(tree, rules.content_xpath)
    if container is not None:
        blocks = _trafilatura_blocks(container, url, rules)
        if blocks:
            return blocks
    return _trafilatura_blocks(tree, url, rules)


def _container(tree: html.HtmlElement, content_xpath: str | None) -> html.HtmlElement | None:
    """A small document holding only the article container (the largest match)."""
    if not content_xpath:
        return None
    matches = [node for node in _compiled(content_xpath)(tree) if isinstance(node, etree._Element)]
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


# --- metadata ------------------------------------------------------------------

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
    for result in _compiled(expression)(tree):
        text = "".join(result.itertext()) if isinstance(result, etree._Element) else str(result)
        if text.strip():
            yield _squash(text)


def _find_title(tree: html.HtmlElement, rules: ExtractionRules, url: str) -> str:
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


def _find_author(tree: html.HtmlElement, rules: ExtractionRules) -> str | None:
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


def _find_canonical(tree: html.HtmlElement, url: str) -> str | None:
    """The page's declared URL (rel=canonical, else og:url), made absolute."""
    for href in (*_CANONICAL_LINK(tree), *_OG_URL(tree)):
        absolute = urljoin(url, str(href).strip())
        parts = urlsplit(absolute)
        if str(href).strip() and parts.scheme in {"http", "https"} and parts.netloc:
            return absolute
    return None
