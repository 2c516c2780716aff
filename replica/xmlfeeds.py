"""XML the outlets publish for machines: sitemaps (plain, index, Google News) and RSS/Atom feeds.

Each function takes ``(absolute URL, article)`` pairs so the outlets decide
which articles a document lists and under which URLs.
"""

from __future__ import annotations

import gzip
from collections.abc import Sequence
from datetime import datetime
from email.utils import format_datetime
from xml.sax.saxutils import escape, quoteattr

from replica.model import WIB, ReplicaArticle
from replica.theme import excerpt

Entry = tuple[str, ReplicaArticle]  # (absolute URL, article)

_XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n'
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_NEWS_NS = "http://www.google.com/schemas/sitemap-news/0.9"


def iso(when: datetime) -> str:
    """W3C datetime in WIB, as WordPress and news sitemaps print it."""
    return when.astimezone(WIB).isoformat(timespec="seconds")


def urlset(entries: Sequence[Entry]) -> bytes:
    """A plain sitemap (``<urlset>``) with ``lastmod``."""
    rows = "".join(
        f"<url><loc>{escape(url)}</loc><lastmod>{iso(a.published)}</lastmod></url>\n"
        for url, a in entries
    )
    return f'{_XML_DECL}<urlset xmlns="{_SITEMAP_NS}">\n{rows}</urlset>\n'.encode()


def sitemap_index(children: Sequence[tuple[str, datetime | None]]) -> bytes:
    """A sitemap index naming child sitemaps (``lastmod`` when known)."""
    rows = "".join(
        f"<sitemap><loc>{escape(url)}</loc>"
        + (f"<lastmod>{iso(lastmod)}</lastmod>" if lastmod else "")
        + "</sitemap>\n"
        for url, lastmod in children
    )
    return f'{_XML_DECL}<sitemapindex xmlns="{_SITEMAP_NS}">\n{rows}</sitemapindex>\n'.encode()


def news_sitemap(entries: Sequence[Entry], publication: str) -> bytes:
    """A Google News sitemap: title and publication date live in the ``news:`` namespace."""
    rows = "".join(
        f"<url><loc>{escape(url)}</loc><news:news><news:publication>"
        f"<news:name>{escape(publication)}</news:name><news:language>id</news:language>"
        f"</news:publication><news:publication_date>{iso(a.published)}"
        f"</news:publication_date><news:title>{escape(a.title)}</news:title></news:news></url>\n"
        for url, a in entries
    )
    return (
        f'{_XML_DECL}<urlset xmlns="{_SITEMAP_NS}" xmlns:news="{_NEWS_NS}">\n{rows}</urlset>\n'
    ).encode()


def gzip_file(data: bytes) -> bytes:
    """A ``.gz`` file body; mtime 0 keeps it byte-identical between requests (stable ETag)."""
    return gzip.compress(data, mtime=0)


def rss(
    entries: Sequence[Entry], *, title: str, site_url: str, feed_url: str, updated: datetime
) -> bytes:
    """An RSS 2.0 feed as WordPress writes it (``dc:creator``, ``atom:link rel=self``)."""
    items = "".join(
        f"<item><title>{escape(a.title)}</title><link>{escape(url)}</link>"
        f"<dc:creator><![CDATA[{a.author}]]></dc:creator>"
        f"<pubDate>{format_datetime(a.published.astimezone(WIB))}</pubDate>"
        f"<category><![CDATA[{a.category}]]></category>"
        f'<guid isPermaLink="true">{escape(url)}</guid>'
        f"<description><![CDATA[{excerpt(a, 40)}]]></description></item>\n"
        for url, a in entries
    )
    return (
        f'{_XML_DECL}<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" '
        f'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>\n'
        f"<title>{escape(title)}</title>"
        f'<atom:link href={quoteattr(feed_url)} rel="self" type="application/rss+xml"/>'
        f"<link>{escape(site_url)}</link><description>Berita terkini</description>"
        f"<lastBuildDate>{format_datetime(updated.astimezone(WIB))}</lastBuildDate>"
        f"<language>id-ID</language>\n{items}</channel>\n</rss>\n"
    ).encode()


def atom(
    entries: Sequence[Entry], *, title: str, site_url: str, feed_url: str, updated: datetime
) -> bytes:
    """An Atom 1.0 feed as WordPress writes it at ``/feed/atom/``."""
    rows = "".join(
        f"<entry><author><name>{escape(a.author)}</name></author>"
        f'<title type="html">{escape(a.title)}</title>'
        f'<link rel="alternate" type="text/html" href={quoteattr(url)}/>'
        f"<id>{escape(url)}</id><updated>{iso(a.published)}</updated>"
        f"<published>{iso(a.published)}</published>"
        f"<category term={quoteattr(a.category)}/>"
        f'<summary type="html">{escape(excerpt(a, 40))}</summary></entry>\n'
        for url, a in entries
    )
    return (
        f'{_XML_DECL}<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="id-ID">\n'
        f'<title type="text">{escape(title)}</title><updated>{iso(updated)}</updated>'
        f'<link rel="alternate" type="text/html" href={quoteattr(site_url)}/>'
        f"<id>{escape(feed_url)}</id>"
        f'<link rel="self" type="application/atom+xml" href={quoteattr(feed_url)}/>\n'
        f"{rows}</feed>\n"
    ).encode()
