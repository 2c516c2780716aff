"""Reading a downloaded sitemap: the one reader of the spider and `asnwatch check`.

Scrapy's `SitemapSpider` path fails silently (a gzip bomb over the size cap, a
billion-laughs document yielding nothing, a sitemap served as text/html:
see docs/library-facts.md), so a sitemap is read in two steps, each refusal a
`SitemapRefused` whose message both the spider's log and the check's hint use:

- `sitemap_xml`: the XML of a body. Gzip is unpacked under the sitemap cap
  (`crawl.max_sitemap_bytes`, as sitemaps outgrow pages); XML served under
  another type (text/html, text/plain) is read and flagged `mislabelled`; a
  body that neither is served as XML nor looks like it is refused.
- `parse_sitemap`: a document declaring XML entities is refused; Scrapy's
  `Sitemap` parses the rest, which must be a urlset or a sitemap index. Google
  News publication dates, which `Sitemap` drops, are read alongside.

`SitemapDocument.is_recent` is the date filter (`sitemaps.max_age_days`).
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from io import BytesIO
from typing import Any

from lxml import etree
from scrapy.http import Headers, XmlResponse
from scrapy.responsetypes import responsetypes
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap

from crawler.discovery.dates import parse_w3c_or_rfc_date
from crawler.discovery.entities import declared_entities, entities_refusal

#: The root elements of a sitemap.
SITEMAP_KINDS = ("sitemapindex", "urlset")
#: Part of the Google News sitemap namespace; only such a sitemap is searched for news dates.
NEWS_NAMESPACE = b"sitemap-news"
_GZIP_MAGIC = b"\x1f\x8b\x08"
_XML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*<(?:\?xml\b|!--|!DOCTYPE\s|(?:\w+:)?(?:urlset|sitemapindex)\b)"
)


class SitemapRefused(ValueError):
    """A sitemap that is not read; the message says why. `entities`: it declares XML entities."""

    def __init__(self, reason: str, *, entities: bool = False) -> None:
        super().__init__(reason)
        self.entities = entities


@dataclass(frozen=True)
class SitemapXml:
    """A sitemap's XML, and whether it was served under a non-XML content type."""

    xml: bytes
    mislabelled: bool


@dataclass
class SitemapDocument:
    """A parsed sitemap: its kind, its entries (a stream, read once), their news dates."""

    kind: str
    entries: Sitemap
    news_dates: dict[str, str] = field(default_factory=dict)

    @property
    def news(self) -> bool:
        """Whether the entries are dated by Google News publication dates."""
        return bool(self.news_dates)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.entries)

    def entry_date(self, entry: Mapping[str, Any]) -> str | None:
        """An entry's date: its `<lastmod>`, else its Google News publication date."""
        return sitemap_entry_date(entry, self.news_dates)

    def is_recent(
        self, entry: Mapping[str, Any], max_age_days: float | None, now: datetime
    ) -> bool:
        """Whether an entry is within `max_age_days` (entries without a usable date are)."""
        return sitemap_entry_age_ok(self.entry_date(entry), max_age_days, now)


def sitemap_body(body: bytes, max_size: int) -> bytes:
    """A sitemap's bytes, gunzipped when the body is a gzip file.

    Raises ValueError for broken gzip data or more than `max_size` bytes
    unpacked (a gzip bomb).
    """
    if body[:3] != _GZIP_MAGIC:
        return body
    try:
        return gunzip(body, max_size=max_size)
    except (OSError, EOFError, struct.error, zlib.error) as exc:
        raise ValueError(f"broken gzip data ({exc or type(exc).__name__})") from exc


def looks_like_xml(body: bytes) -> bool:
    """Whether a body starts like an XML document (a declaration or a sitemap root element).

    Sitemaps served as text/html or text/plain are common; Scrapy drops them
    silently (scrapy#2900), while their content is as good as any.
    """
    return bool(_XML_START.match(body[:1024]))


def scrapy_reads_as_xml(url: str, content_type: str, body: bytes) -> bool:
    """Whether Scrapy's downloader makes this answer an `XmlResponse`.

    The spider knows from the response it is handed; the check, fetching
    without Scrapy, asks Scrapy's own rule (type, then URL, then body).
    """
    headers = Headers({"Content-Type": content_type}) if content_type else None
    return issubclass(responsetypes.from_args(headers=headers, url=url, body=body), XmlResponse)


def sitemap_xml(
    body: bytes, max_size: int, *, served_as_xml: bool, content_type: str
) -> SitemapXml:
    """The XML of a downloaded sitemap, or `SitemapRefused`.

    `max_size` caps the gunzipped size; `content_type` (the header as sent,
    "" when none) only names the type in messages.
    """
    try:
        xml = sitemap_body(body, max_size)
    except ValueError as exc:
        raise SitemapRefused(f"unreadable gzip: {exc}") from None
    if not (served_as_xml or looks_like_xml(xml)):
        raise SitemapRefused(f"not XML (served as {content_type or 'no type'})")
    return SitemapXml(xml, mislabelled=not served_as_xml and xml is body)


def parse_sitemap(xml: bytes) -> SitemapDocument:
    """A sitemap's kind and entries, or `SitemapRefused` (entities, not a sitemap, no XML)."""
    entities = declared_entities(xml)
    if entities:
        raise SitemapRefused(entities_refusal(entities), entities=True)
    try:
        sitemap = Sitemap(xml)
    except (etree.XMLSyntaxError, StopIteration) as exc:
        raise SitemapRefused(f"unreadable XML ({str(exc) or 'no root element'})") from None
    if sitemap.type not in SITEMAP_KINDS:
        raise SitemapRefused(f"not a sitemap (root element <{sitemap.type}>)")
    news = news_publication_dates(xml) if NEWS_NAMESPACE in xml else {}
    return SitemapDocument(sitemap.type, sitemap, news)


def news_publication_dates(xml: bytes) -> dict[str, str]:
    """Each `<url>`'s `<news:publication_date>` in a Google News sitemap, by `<loc>`.

    Scrapy's `Sitemap` keeps only the direct children of `<url>`, so this date,
    nested in `<news:news>`, is lost there, and a news sitemap (which usually has
    no `<lastmod>`) could not be filtered by age. Parsed as safely as Scrapy
    parses sitemaps (no entities, no network, recovering), namespace-agnostic.
    """
    dates: dict[str, str] = {}
    try:
        for _, url in etree.iterparse(
            BytesIO(xml),
            events=("end",),
            tag="{*}url",
            resolve_entities=False,
            no_network=True,
            recover=True,
            huge_tree=False,
        ):
            loc = (url.findtext("{*}loc") or "").strip()
            published = (url.findtext("{*}news/{*}publication_date") or "").strip()
            if loc and published:
                dates[loc] = published
            url.clear()
    except etree.XMLSyntaxError:
        pass
    return dates


def sitemap_entry_date(entry: Mapping[str, Any], news_dates: Mapping[str, str]) -> str | None:
    """A sitemap entry's date: its `<lastmod>`, else its Google News publication date."""
    return entry.get("lastmod") or news_dates.get(entry.get("loc") or "")


def sitemap_entry_age_ok(lastmod: str | None, max_age_days: float | None, now: datetime) -> bool:
    """Whether a sitemap entry is recent enough; entries without a usable date are kept."""
    if max_age_days is None or not lastmod:
        return True
    when = parse_w3c_or_rfc_date(lastmod)
    if when is None:
        return True
    return (now - when).total_seconds() <= max_age_days * 86400
