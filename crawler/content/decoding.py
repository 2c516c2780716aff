"""Page bytes to text and to a parsed tree, repairing a wrong charset and refusing non-HTML.

`decode_html` turns a response body into text for storage and extraction, trusting
its declared charset only where the bytes agree; `load_page` parses one page for
extraction and refuses, with `ExtractionFailed`, what is not HTML text.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

import trafilatura
from lxml import etree, html
from trafilatura.utils import decode_file

from crawler.content.story import ExtractionFailed

__all__ = ["DecodedPage", "decode_html", "load_page"]

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


# --- parsing ---------------------------------------------------------------------

_MAX_CONTROL_SHARE = 0.02  # real HTML has almost no control characters


def load_page(page: str | bytes, number: int, url: str) -> html.HtmlElement:
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
