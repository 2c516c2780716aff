"""Feeds: the configured ones and those the homepage advertises (when autodiscover is on).

Read by the crawler's own reader (`crawler.discovery.feeds`) under the
crawler's cap for them (`crawl.max_page_bytes`): a feed the crawler refuses
fails with the reason. Feeds on another site are reported, never fetched (the
crawler ignores them); at most `MAX_FEEDS` are read per check.
"""

from __future__ import annotations

from crawler.check.context import CheckContext, add_document, failed_doc
from crawler.check.report import DocumentCheck, SourceReport
from crawler.discovery.feeds import FeedError, feed_entry_urls
from crawler.discovery.urls import same_site

MAX_FEEDS = 3


def check_feeds(ctx: CheckContext, homepage_feeds: list[str]) -> SourceReport:
    """The feeds source: each distinct same-site feed read and measured."""
    config = ctx.discovery.feeds
    if not config.enabled:
        note = f"; the homepage advertises {len(homepage_feeds)}" if homepage_feeds else ""
        return SourceReport("feeds", "OFF", f"disabled in config{note}")
    feeds = [(ctx.url(u), "configured") for u in config.urls]
    if config.autodiscover:
        feeds += [(u, "advertised on the homepage") for u in homepage_feeds]
    report = SourceReport("feeds", "OK", "")
    seen: set[str] = set()
    fetched = 0
    for url, role in feeds:
        doc = add_document(report, seen, url, role)
        if doc is None:
            continue
        if not same_site(url, ctx.base):
            doc.verdict, doc.result = "WARN", "offsite"
            doc.hint = f"feed {url} is on another site; the crawler ignores it"
        elif fetched >= MAX_FEEDS:
            doc.result = "skipped"
            doc.notes.append(f"not fetched: at most {MAX_FEEDS} feeds per check")
        else:
            fetched += 1
            _read_feed(ctx, doc)
    if not report.documents:
        report.verdict = "WARN"
        where = "the homepage advertises none" if config.autodiscover else "autodiscover is off"
        report.summary = (
            f"no feed: none configured and {where}; add discovery.feeds.urls or set "
            "feeds.enabled: false"
        )
        return report
    entries = sum(d.same_site or 0 for d in report.documents)
    report.conclude(f"{entries} entries in {len(report.documents)} feed(s)")
    return report


def _read_feed(ctx: CheckContext, doc: DocumentCheck) -> None:
    fetched = ctx.discover(doc.url)
    if not fetched.ok:
        failed_doc(doc, fetched, missing_ok=True, what="feed")
        return
    doc.result = fetched.describe()
    doc.kind = fetched.content_type.split(";")[0].strip() or None
    if fetched.truncated:
        cap = ctx.fetcher.max_bytes
        doc.verdict = "FAIL"
        doc.hint = (
            f"feed {doc.url} is ignored by the crawler: larger than crawl.max_page_bytes "
            f"({cap} bytes)"
        )
        return
    try:
        urls = feed_entry_urls(fetched.body, fetched.final_url)
    except FeedError as exc:
        doc.verdict, doc.hint = "FAIL", f"{doc.url} is not a feed: {exc}"
        return
    ctx.candidates.offer(ctx.measure(doc, urls), "feed")
