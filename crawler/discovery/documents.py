"""Parsing of discovery documents, shared by the spider and `asnwatch check`.

Sitemaps are parsed by Scrapy's own `Sitemap` (through `SitemapSpider`); this
module covers what Scrapy does not: RSS/Atom feeds (parsed with entity
resolution and network access off), documents that declare XML entities
(refused whole: a billion-laughs bomb makes libxml2 stop parsing silently,
and an external entity is never legitimate in a sitemap or feed), XML served
under another content type, the homepage's `<link rel="alternate">` feeds,
listing URL templates with `{query}` and `{page}`, the dates of sitemap entries
(Google News dates included), gzip sitemaps outside Scrapy, the links of an
HTML page and the further pages of a multi-page article.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from io import BytesIO
from typing import Any
from urllib.parse import quote_plus, urljoin, urlsplit

from lxml import etree
from parsel import Selector
from scrapy.utils.gz import gunzip

from crawler.discovery.urls import CanonicalRules, canonicalize

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
ATOM_NS = "{http://www.w3.org/2005/Atom}"
DC_NS = "{http://purl.org/dc/elements/1.1/}"
_GZIP_MAGIC = b"\x1f\x8b\x08"
_SKIPPED_HREFS = ("#", "mailto:", "javascript:", "tel:")
_FIRST_PAGE = re.compile(r"(^|&)(page|halaman)=1($|&)")


class FeedError(ValueError):
    """A document that is not a parsable RSS or Atom feed."""


class XmlEntitiesError(FeedError):
    """A feed that declares XML entities (refused: see `declared_entities`)."""


@dataclass(frozen=True)
class FeedEntry:
    """One feed item: its link and its date as written (None when it has no date element)."""

    url: str
    date: str | None


def declared_entities(body: bytes) -> list[str]:
    """The entities an XML document declares in its DOCTYPE (none for sitemaps and feeds).

    Such declarations are how XML bombs (billion laughs) and external entities
    (``file:///etc/passwd``, an internal URL) arrive. Nothing is resolved or
    fetched here: the parse stops at the root element's start tag. A document
    that is not XML declares nothing.
    """
    events = etree.iterparse(
        BytesIO(body),
        events=("start",),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        recover=True,
        huge_tree=False,
    )
    try:
        _, root = next(events)
    except (StopIteration, etree.XMLSyntaxError):
        return []
    dtd = root.getroottree().docinfo.internalDTD
    return [entity.name for entity in dtd.iterentities()] if dtd is not None else []


def entities_refusal(names: list[str]) -> str:
    """Why a document declaring these entities is refused, for the log."""
    shown = ", ".join(names[:5]) + (", ..." if len(names) > 5 else "")
    return (
        f"it declares XML entities ({shown}): entity expansion or an external entity, "
        "never resolved"
    )


_XML_START = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*<(?:\?xml\b|!--|!DOCTYPE\s|(?:\w+:)?(?:urlset|sitemapindex)\b)"
)


def looks_like_xml(body: bytes) -> bool:
    """Whether a body starts like an XML document (a declaration or a sitemap root element).

    Sitemaps served as text/html or text/plain are common; Scrapy drops them
    silently (scrapy#2900), while their content is as good as any.
    """
    return bool(_XML_START.match(body[:1024]))


def _safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        recover=True,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def feed_entry_urls(body: bytes, base_url: str) -> list[str]:
    """The entry links of an RSS 2.0, RSS 1.0 or Atom feed, absolute, in feed order."""
    return [entry.url for entry in feed_entries(body, base_url)]


def feed_entries(body: bytes, base_url: str) -> list[FeedEntry]:
    """The entries of an RSS 2.0, RSS 1.0 or Atom feed: absolute links and raw dates.

    Raises `XmlEntitiesError` for a feed declaring entities, `FeedError` for
    anything that is not a feed.
    """
    entities = declared_entities(body)
    if entities:
        raise XmlEntitiesError(entities_refusal(entities))
    try:
        root = etree.fromstring(body, parser=_safe_parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise FeedError(f"not XML: {exc}") from exc
    if root is None:
        raise FeedError("empty or unparsable feed")
    entries: list[FeedEntry] = []
    tag = etree.QName(root).localname.lower()
    if tag == "feed":  # Atom
        for entry in root.iter(f"{ATOM_NS}entry"):
            href = _atom_link(entry)
            if href:
                date = _first_text(entry, f"{ATOM_NS}published", f"{ATOM_NS}updated")
                entries.append(FeedEntry(urljoin(base_url, href), date))
    elif tag in ("rss", "rdf"):
        for item in root.iter("item", "{http://purl.org/rss/1.0/}item"):
            link = item.findtext("link") or item.findtext("{http://purl.org/rss/1.0/}link")
            if not link:
                guid = item.find("guid")
                if guid is not None and guid.get("isPermaLink", "true") != "false":
                    link = guid.text
            if link and link.strip():
                date = _first_text(item, "pubDate", f"{DC_NS}date")
                entries.append(FeedEntry(urljoin(base_url, link.strip()), date))
    else:
        raise FeedError(f"not a feed (root element <{tag}>)")
    return entries


def _first_text(element: etree._Element, *tags: str) -> str | None:
    """The stripped text of the first of `tags` present ("" when empty), None if none is."""
    for tag in tags:
        found = element.find(tag)
        if found is not None:
            return (found.text or "").strip()
    return None


def _atom_link(entry: etree._Element) -> str | None:
    fallback = None
    for link in entry.iter(f"{ATOM_NS}link"):
        rel = link.get("rel", "alternate")
        if rel == "alternate":
            return link.get("href")
        fallback = fallback or link.get("href")
    return fallback


def autodiscovered_feeds(html: Selector, base_url: str) -> list[str]:
    """Feed URLs a page advertises with <link rel="alternate" type="...rss/atom...">."""
    found = []
    for link in html.xpath("//link[@href]"):
        rel = (link.attrib.get("rel") or "").lower().split()
        kind = (link.attrib.get("type") or "").lower()
        if "alternate" in rel and kind in FEED_TYPES:
            found.append(urljoin(base_url, link.attrib["href"]))
    return list(dict.fromkeys(found))


def next_page_link(html: Selector, base_url: str) -> str | None:
    """A listing's own "next" link (rel=next), for templates without {page}."""
    href = html.xpath('//link[@rel="next"]/@href | //a[@rel="next"]/@href').get()
    return urljoin(base_url, href) if href else None


def listing_url(template: str, base_url: str, query: str | None, page: int) -> str:
    """One listing page: `{query}` URL-encoded, `{page}` the page number."""
    path = template.format(query=quote_plus(query or ""), page=page)
    return urljoin(base_url + "/", path.lstrip("/"))


def listing_starts(template: str, queries: list[str]) -> Iterator[str | None]:
    """The queries a template is expanded with: each query, or once (None) without {query}."""
    if "{query}" in template:
        yield from queries
    else:
        yield None


def sitemap_body(body: bytes, max_size: int) -> bytes:
    """A sitemap's XML: gunzipped when the body is a gzip file, as `SitemapSpider` does.

    For readers outside Scrapy (`asnwatch check`); the spider has
    `SitemapSpider._get_sitemap_body`. Raises ValueError for broken gzip data or
    more than `max_size` bytes unpacked (a gzip bomb).
    """
    if body[:3] != _GZIP_MAGIC:
        return body
    try:
        return gunzip(body, max_size=max_size)
    except (OSError, EOFError, struct.error, zlib.error) as exc:
        raise ValueError(f"broken gzip data ({exc or type(exc).__name__})") from exc


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


def parse_w3c_or_rfc_date(value: str) -> datetime | None:
    """A sitemap/feed date (W3C datetime or RFC 822) as an aware datetime, or None."""
    value = value.strip()
    try:
        when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def is_article_url(url: str, pattern: re.Pattern[str]) -> bool:
    """Whether a URL's path matches the outlet's `article_url_pattern`."""
    return bool(pattern.search(urlsplit(url).path or "/"))


def page_links(html: Selector, base_url: str) -> list[str]:
    """Every link of an HTML page, absolute, in page order.

    `base_url` is what relative links resolve against: the page's URL, or its
    `<base href>` (Scrapy's `get_base_url`). Fragments, mailto:, javascript: and
    tel: links lead to no page and are left out; hrefs are stripped of
    surrounding whitespace, as browsers do.
    """
    links = []
    for raw in html.xpath("//a/@href").getall():
        href = raw.strip()
        if href and not href.startswith(_SKIPPED_HREFS):
            links.append(urljoin(base_url, href))
    return links


def article_links(html: Selector, base_url: str, pattern: re.Pattern[str]) -> list[str]:
    """The links of an HTML page that match `article_url_pattern`, in page order."""
    return [url for url in page_links(html, base_url) if is_article_url(url, pattern)]


def other_article_pages(
    html: Selector,
    url: str,
    pager_xpath: str | None,
    rules: CanonicalRules,
    *,
    base_url: str | None = None,
    max_pages: int | None = None,
) -> list[str]:
    """The further pages of a multi-page article, found with the outlet's `pager_xpath`.

    A pager link is a further page when it has the article's own identity key
    (`canonicalize` drops the page parameter), is not `url` itself and is not an
    explicit page 1. `base_url` resolves relative links (default `url`);
    `max_pages` counts the first page too (`article_pages.max_pages`).
    """
    if not pager_xpath:
        return []
    own = canonicalize(url, rules)
    pages: list[str] = []
    for href in html.xpath(pager_xpath).getall():
        page = urljoin(base_url or url, href)
        if page == url or page in pages or _FIRST_PAGE.search(urlsplit(page).query):
            continue
        try:
            if canonicalize(page, rules) == own:
                pages.append(page)
        except ValueError:
            continue
    return pages if max_pages is None else pages[: max_pages - 1]
