"""Sitemaps: robots.txt's and the configured ones, sitemap indexes and their children.

Read by the crawler's own reader (`crawler.discovery.sitemaps`) under the
crawler's cap (`crawl.max_sitemap_bytes`, downloaded and gunzipped): a sitemap
the crawler refuses (too large, broken gzip, not XML, declaring XML entities,
not a sitemap) fails with the reason the crawler logs; one served as text/html
is read, as the crawler reads it. Entries are dated and filtered as the
crawler does (Google News publication dates, `sitemaps.max_age_days`); at most
`MAX_SITEMAPS` documents, newest index children first. A sitemap whose entries
are all too old is a warning: the crawler would take nothing from it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from crawler.check.context import CheckContext, add_document, failed_doc
from crawler.check.fetcher import Fetched
from crawler.check.report import DocumentCheck, SourceReport
from crawler.discovery.dates import parse_w3c_or_rfc_date
from crawler.discovery.sitemaps import (
    SitemapDocument,
    SitemapRefused,
    parse_sitemap,
    scrapy_reads_as_xml,
    sitemap_xml,
)
from crawler.discovery.urls import same_site

MAX_SITEMAPS = 10  # sitemap documents (indexes and their children)


def check_sitemaps(ctx: CheckContext, robots_sitemaps: list[str] | None) -> SourceReport:
    """The sitemaps source: each document fetched once, index children followed.

    `robots_sitemaps` is None when robots.txt could not be read.
    """
    config = ctx.discovery.sitemaps
    if not config.enabled:
        note = f"; robots.txt names {len(robots_sitemaps)}" if robots_sitemaps else ""
        return SourceReport("sitemaps", "OFF", f"disabled in config{note}")
    queue: list[tuple[str, str]] = []
    if config.from_robots_txt:
        queue += [(u, "from robots.txt") for u in robots_sitemaps or []]
    queue += [(ctx.url(u), "configured") for u in config.urls]
    report = SourceReport("sitemaps", "OK", "")
    if not queue:
        robots = (
            "robots.txt names none"
            if robots_sitemaps is not None
            else ("robots.txt could not be read")
        )
        report.verdict = "WARN"
        report.summary = (
            f"no sitemap: {robots} and discovery.sitemaps.urls is empty; add the "
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
    fetched = ctx.discover(doc.url, max_bytes=ctx.fetcher.max_sitemap_bytes)
    if not fetched.ok:
        failed_doc(doc, fetched, missing_ok=True, what="sitemap")
        return []
    doc.result = fetched.describe()
    document = read_sitemap(doc, fetched, ctx.fetcher.max_sitemap_bytes)
    if document is None:
        return []
    doc.kind = "urlset (Google News)" if document.news else document.kind
    entries = [e for e in document if e.get("loc")]
    dates = {e["loc"]: date for e in entries if (date := document.entry_date(e))}
    _date_range(doc, list(dates.values()))
    max_age = ctx.discovery.sitemaps.max_age_days
    now = datetime.now(UTC)
    fresh = [e["loc"] for e in entries if document.is_recent(e, max_age, now)]
    if document.kind == "sitemapindex":
        return _index_children(ctx, doc, entries, fresh)
    own = ctx.measure(doc, [e["loc"] for e in entries])
    doc.recent = sum(1 for url in fresh if same_site(url, ctx.base))
    if own and max_age and doc.recent == 0 and doc.verdict == "OK":
        doc.verdict = "WARN"
        doc.hint = (
            f"no entry is newer than sitemaps.max_age_days ({max_age:g}): the crawler takes "
            f"none; is {doc.url} still updated?"
        )
    ctx.candidates.offer(own, "sitemap", dates)
    return []


def read_sitemap(doc: DocumentCheck, fetched: Fetched, cap: int) -> SitemapDocument | None:
    """The sitemap as the crawler reads it, or None with a FAIL saying why the crawler would not.

    `cap` is `crawl.max_sitemap_bytes`: the crawler's download of a larger
    sitemap is cancelled, and a gzip sitemap may not unpack beyond it either.
    """
    try:
        if fetched.truncated:
            raise SitemapRefused(f"larger than crawl.max_sitemap_bytes ({cap} bytes)")
        xml = sitemap_xml(
            fetched.body,
            cap,
            served_as_xml=scrapy_reads_as_xml(
                fetched.final_url, fetched.content_type, fetched.body
            ),
            content_type=fetched.content_type,
        )
        if xml.mislabelled:
            served = fetched.content_type or "no type"
            doc.notes.append(f"served as {served}, read as XML (as the crawler does)")
        return parse_sitemap(xml.xml)
    except SitemapRefused as refused:
        doc.verdict = "FAIL"
        doc.hint = f"sitemap {doc.url} is ignored by the crawler: {refused}"
        return None


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
