"""The homepage: its article links, and the feeds it advertises (autodiscovery).

The homepage is the one discovery document the crawler always fetches, so a
homepage the site cannot serve fails the check.
"""

from __future__ import annotations

from crawler.check.context import CheckContext, failed_doc
from crawler.check.fetcher import read_html
from crawler.check.report import DocumentCheck, SourceReport
from crawler.discovery.feeds import autodiscovered_feeds


def check_homepage(ctx: CheckContext) -> tuple[SourceReport, list[str]]:
    """The homepage source, and the feeds the homepage advertises."""
    url = ctx.url("/")
    fetched = ctx.discover(url)
    doc = DocumentCheck(url, "homepage")
    report = SourceReport("homepage", "OK", "", [doc])
    if not fetched.ok:
        failed_doc(doc, fetched, missing_ok=False, what="the homepage")
        report.verdict, report.summary = doc.verdict, doc.hint
        return report, []
    doc.result = fetched.describe()
    page = read_html(fetched)
    feeds = autodiscovered_feeds(page.selector, page.url)
    doc.notes += [f"advertises feed: {u}" for u in feeds]
    found = ctx.html_articles(doc, page, "homepage")
    report.verdict = doc.verdict
    report.summary = doc.hint or f"{found} article link(s) match article_url_pattern"
    return report, feeds
