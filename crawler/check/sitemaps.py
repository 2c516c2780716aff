"""Sitemaps: robots.txt's and the configured ones, sitemap indexes and their children.

Read as the crawler reads them (gzip unpacked under the size cap, a sitemap
declaring XML entities refused, Scrapy's `Sitemap`, Google News publication
dates, `sitemaps.max_age_days`), at most
`MAX_SITEMAPS` documents, newest index children first. A sitemap whose
entries are all too old is a warning: the crawler would take nothing from it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from lxml import etree
from scrapy.utils.sitemap import Sitemap

from crawler.check.context import CheckContext, add_document, failed_doc
from crawler.check.fetcher import short_error
from crawler.check.report import DocumentCheck, SourceReport
from crawler.discovery.documents import (
    declared_entities,
    entities_refusal,
    news_publication_dates,
    parse_w3c_or_rfc_date,
    sitemap_body,
    sitemap_entry_age_ok,
    sitemap_entry_date,
)
from crawler.discovery.urls import same_site

MAX_SITEMAPS = 10  # sitemap documents (indexes and their children)


def check_sitemaps(ctx: CheckContext, robots_sitemaps: list[str]) -> SourceReport:
    """The sitemaps source: each document fetched once, index children followed."""
    config = ctx.discovery.sitemaps
    if not config.enabled:
        note = f"; robots.txt names {len(robots_sitemaps)}" if robots_sitemaps else ""
        return SourceReport("sitemaps", "OFF", f"disabled in config{note}")
    queue: list[tuple[str, str]] = []
    if config.from_robots_txt:
        queue += [(u, "from robots.txt") for u in robots_sitemaps]
    queue += [(ctx.url(u), "configured") for u in config.urls]
    report = SourceReport("sitemaps", "OK", "")
    if not queue:
        report.verdict = "WARN"
        report.summary = (
            "no sitemap: robots.txt names none and discovery.sitemaps.urls is empty; add the "
            "site's sitemap URL there or set sitemaps.enabled: false"
        )
        return report
    seen: set[str] = set()
    while queue and len(report.documents) < MAX_SITEMAPS:
        url, role = queue.pop(0)
        doc = add_document(report, seen, url, role)
        if doc is not None:
            queue += _read_sitemap(ctx, doc)
    if queue:
        report.notes.append(
            f"{len(queue)} more sitemap(s) not fetched (at most {MAX_SITEMAPS} per check)"
        )
    articles = sum(d.same_site or 0 for d in report.documents if d.kind != "sitemapindex")
    report.conclude(f"{articles} article URL(s) in {len(report.documents)} sitemap document(s)")
    return report


def _read_sitemap(ctx: CheckContext, doc: DocumentCheck) -> list[tuple[str, str]]:
    """Fetch and measure one sitemap; returns the index children to fetch next."""
    fetched = ctx.discover(doc.url)
    if not fetched.ok:
        failed_doc(doc, fetched, missing_ok=True, what="sitemap")
        return []
    doc.result = fetched.describe()
    try:
        xml = sitemap_body(fetched.body, ctx.fetcher.max_bytes)
        entities = declared_entities(xml)
        if entities:
            # The crawler refuses such a sitemap whole (spider_sitemaps): say so, rather
            # than report what Scrapy's parser makes of it without the entities.
            doc.verdict = "FAIL"
            doc.hint = f"sitemap {doc.url} is ignored by the crawler: {entities_refusal(entities)}"
            return []
        sitemap = Sitemap(xml)
        entries = list(sitemap)
    except (ValueError, etree.XMLSyntaxError, StopIteration) as exc:
        doc.verdict, doc.hint = (
            "FAIL",
            f"unreadable sitemap {doc.url}: {short_error(exc) or 'empty'}",
        )
        return []
    doc.kind = sitemap.type
    if sitemap.type not in ("urlset", "sitemapindex"):
        doc.verdict = "FAIL"
        doc.hint = f"not a sitemap (root element <{sitemap.type}>): {doc.url}"
        return []
    if fetched.truncated:
        doc.notes.append(f"cut off at crawl.max_page_bytes ({ctx.fetcher.max_bytes} bytes)")
    news_dates: dict[str, str] = {}
    if any("news" in e for e in entries):
        doc.kind = "urlset (Google News)"
        news_dates = news_publication_dates(xml)
    dates = {
        e["loc"]: date
        for e in entries
        if e.get("loc") and (date := sitemap_entry_date(e, news_dates))
    }
    _date_range(doc, list(dates.values()))
    max_age = ctx.discovery.sitemaps.max_age_days
    now = datetime.now(UTC)
    fresh = [
        e["loc"]
        for e in entries
        if e.get("loc") and sitemap_entry_age_ok(sitemap_entry_date(e, news_dates), max_age, now)
    ]
    if sitemap.type == "sitemapindex":
        return _index_children(ctx, doc, entries, fresh)
    own = ctx.measure(doc, [e["loc"] for e in entries if e.get("loc")])
    doc.recent = sum(1 for url in fresh if same_site(url, ctx.base))
    if own and max_age and doc.recent == 0 and doc.verdict == "OK":
        doc.verdict = "WARN"
        doc.hint = (
            f"no entry is newer than sitemaps.max_age_days ({max_age:g}): the crawler takes "
            f"none; is {doc.url} still updated?"
        )
    ctx.candidates.offer(own, "sitemap", dates)
    return []


def _index_children(
    ctx: CheckContext, doc: DocumentCheck, entries: list[dict[str, Any]], fresh: list[str]
) -> list[tuple[str, str]]:
    """Count an index's children; the fresh same-site ones, newest first, are fetched next."""
    locs = [e["loc"] for e in entries if e.get("loc")]
    own = [u for u in locs if same_site(u, ctx.base)]
    doc.entries, doc.same_site, doc.recent = len(locs), len(own), len(fresh)
    if len(own) < len(locs):
        doc.notes.append(f"{len(locs) - len(own)} child sitemap(s) on other sites (skipped)")
    if len(fresh) < len(locs):
        doc.notes.append(
            f"{len(locs) - len(fresh)} child sitemap(s) older than sitemaps.max_age_days "
            "(skipped, as the crawler does)"
        )
    if not own:
        doc.verdict, doc.hint = "WARN", f"sitemap index {doc.url} names no sitemap on this site"
    lastmod = {e["loc"]: e.get("lastmod") or "" for e in entries if e.get("loc")}
    children = [u for u in fresh if same_site(u, ctx.base)]
    children.sort(key=lambda u: lastmod.get(u, ""), reverse=True)  # newest first
    return [(u, "index child") for u in children]


def _date_range(doc: DocumentCheck, values: list[str]) -> None:
    dates = [d for d in (parse_w3c_or_rfc_date(v) for v in values) if d is not None]
    if dates:
        doc.first_date, doc.last_date = min(dates).isoformat(), max(dates).isoformat()
