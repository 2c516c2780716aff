"""Parsing of discovery documents: feeds, feed autodiscovery, listing pagination.

Sitemaps are parsed by Scrapy's own `Sitemap` (through `SitemapSpider`); this
module covers what Scrapy does not: RSS/Atom feeds (parsed with entity
resolution and network access off, so an XML bomb or an external entity in a
feed expands to nothing), the homepage's `<link rel="alternate">` feeds, and
listing URL templates with `{query}` and `{page}`.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from urllib.parse import quote_plus, urljoin

from lxml import etree
from parsel import Selector

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
ATOM_NS = "{http://www.w3.org/2005/Atom}"


class FeedError(ValueError):
    """A document that is not a parsable RSS or Atom feed."""


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
    try:
        root = etree.fromstring(body, parser=_safe_parser())
    except (etree.XMLSyntaxError, ValueError) as exc:
        raise FeedError(f"not XML: {exc}") from exc
    if root is None:
        raise FeedError("empty or unparsable feed")
    urls: list[str] = []
    tag = etree.QName(root).localname.lower()
    if tag == "feed":  # Atom
        for entry in root.iter(f"{ATOM_NS}entry"):
            href = _atom_link(entry)
            if href:
                urls.append(urljoin(base_url, href))
    elif tag in ("rss", "rdf"):
        for item in root.iter("item", "{http://purl.org/rss/1.0/}item"):
            link = item.findtext("link") or item.findtext("{http://purl.org/rss/1.0/}link")
            if not link:
                guid = item.find("guid")
                if guid is not None and guid.get("isPermaLink", "true") != "false":
                    link = guid.text
            if link and link.strip():
                urls.append(urljoin(base_url, link.strip()))
    else:
        raise FeedError(f"not a feed (root element <{tag}>)")
    return urls


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
