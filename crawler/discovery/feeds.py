"""Reading feeds: RSS 2.0, RSS 1.0 and Atom entries, and the feeds a page advertises.

One reader for the spider and `asnwatch check`. A feed is parsed with entity
resolution and network access off, and a feed declaring XML entities is
refused whole (`crawler.discovery.entities`). An entry's date is kept as
written: articles are dated from their own pages, so an unreadable feed date
is only noted (`unreadable_dates`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree
from parsel import Selector

from crawler.discovery.dates import parse_w3c_or_rfc_date
from crawler.discovery.entities import declared_entities, entities_refusal

FEED_TYPES = ("application/rss+xml", "application/atom+xml", "application/feed+json")
ATOM_NS = "{http://www.w3.org/2005/Atom}"
DC_NS = "{http://purl.org/dc/elements/1.1/}"
RSS1_NS = "{http://purl.org/rss/1.0/}"


class FeedError(ValueError):
    """A document that is not a parsable RSS or Atom feed."""


class XmlEntitiesError(FeedError):
    """A feed that declares XML entities (refused: see `crawler.discovery.entities`)."""


@dataclass(frozen=True)
class FeedEntry:
    """One feed item: its link and its date as written (None when it has no date element)."""

    url: str
    date: str | None


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
    tag = etree.QName(root).localname.lower()
    if tag == "feed":
        return _atom_entries(root, base_url)
    if tag in ("rss", "rdf"):
        return _rss_entries(root, base_url)
    raise FeedError(f"not a feed (root element <{tag}>)")


def _atom_entries(root: etree._Element, base_url: str) -> list[FeedEntry]:
    entries = []
    for entry in root.iter(f"{ATOM_NS}entry"):
        href = _atom_link(entry)
        if href:
            date = _first_text(entry, f"{ATOM_NS}published", f"{ATOM_NS}updated")
            entries.append(FeedEntry(urljoin(base_url, href), date))
    return entries


def _rss_entries(root: etree._Element, base_url: str) -> list[FeedEntry]:
    entries = []
    for item in root.iter("item", f"{RSS1_NS}item"):
        link = item.findtext("link") or item.findtext(f"{RSS1_NS}link")
        if not link:
            guid = item.find("guid")
            if guid is not None and guid.get("isPermaLink", "true") != "false":
                link = guid.text
        if link and link.strip():
            date = _first_text(item, "pubDate", f"{DC_NS}date")
            entries.append(FeedEntry(urljoin(base_url, link.strip()), date))
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


def unreadable_dates(entries: Iterable[FeedEntry]) -> list[str]:
    """The dates of entries that have one no date format reads (empty dates included)."""
    return [e.date for e in entries if e.date is not None and parse_w3c_or_rfc_date(e.date) is None]


def autodiscovered_feeds(html: Selector, base_url: str) -> list[str]:
    """Feed URLs a page advertises with <link rel="alternate" type="...rss/atom...">."""
    found = []
    for link in html.xpath("//link[@href]"):
        rel = (link.attrib.get("rel") or "").lower().split()
        kind = (link.attrib.get("type") or "").lower()
        if "alternate" in rel and kind in FEED_TYPES:
            found.append(urljoin(base_url, link.attrib["href"]))
    return list(dict.fromkeys(found))
