"""Listings: the configured listing, search and tag templates, page 1 and page 2.

Search templates are expanded with the first search query. Page 2 shows
whether pagination works: a site that ignores the page parameter serves page 1
again, and the crawler would stop there (no unseen link).
"""

from __future__ import annotations

from crawler.check.context import CheckContext, failed_doc
from crawler.check.fetcher import HtmlPage, read_html
from crawler.check.report import DocumentCheck, SourceReport
from crawler.discovery.listings import article_links, listing_url, next_page_link
from crawler.discovery.urls import same_site

MAX_LISTING_TEMPLATES = 3  # each costs page 1 and page 2


def check_listings(ctx: CheckContext) -> SourceReport:
    """The listings source: up to `MAX_LISTING_TEMPLATES` templates, in config order."""
    config = ctx.discovery.listings
    if not config.enabled:
        return SourceReport("listings", "OFF", "disabled in config")
    kinds = [
        *((t, "listing") for t in config.urls),
        *((t, "search") for t in config.search),
        *((t, "tag") for t in config.tags),
    ]
    report = SourceReport("listings", "OK", "")
    if not kinds:
        report.verdict = "WARN"
        report.summary = "enabled, but no listing, search or tag template is configured"
        return report
    queries = ctx.config.queries_for(ctx.outlet)
    for template, kind in kinds[:MAX_LISTING_TEMPLATES]:
        if "{query}" in template and not queries:
            doc = DocumentCheck(template, kind, "not fetched", "WARN", "no search query set")
            report.documents.append(doc)
            continue
        query = queries[0] if "{query}" in template else None
        report.documents.append(_read_listing(ctx, template, kind, query))
    if len(kinds) > MAX_LISTING_TEMPLATES:
        report.notes.append(
            f"{len(kinds) - MAX_LISTING_TEMPLATES} more template(s) not checked "
            f"(at most {MAX_LISTING_TEMPLATES} per check)"
        )
    links = sum(d.matching or 0 for d in report.documents)
    report.conclude(f"{links} article link(s) on page 1 of {len(report.documents)} template(s)")
    return report


def _read_listing(ctx: CheckContext, template: str, kind: str, query: str | None) -> DocumentCheck:
    url = listing_url(template, ctx.base, query, 1)
    role = f"{kind}, page 1" + (f", query {query!r}" if query is not None else "")
    doc = DocumentCheck(url, role)
    fetched = ctx.discover(url)
    if not fetched.ok:
        failed_doc(doc, fetched, missing_ok=True, what=f"{kind} page")
        return doc
    doc.result = fetched.describe()
    page = read_html(fetched)
    found = ctx.html_articles(doc, page, kind)
    if not found:
        doc.notes.append("pagination not checked: page 1 lists no article")
        return doc
    if "{page}" in template:
        second: str | None = listing_url(template, ctx.base, query, 2)
    else:
        second = next_page_link(page.selector, page.url)
    if second is None:
        doc.notes.append("no {page} in the template and no rel=next link: page 1 only")
        return doc
    _check_page_two(ctx, doc, page, second, kind)
    return doc


def _check_page_two(
    ctx: CheckContext, doc: DocumentCheck, first: HtmlPage, url: str, kind: str
) -> None:
    """Page 2 must list other articles than page 1; its new ones are offered too."""
    fetched = ctx.discover(url)
    if fetched.gone:
        doc.notes.append(f"page 2 answers HTTP {fetched.status}: one page only ({url})")
        return
    if not fetched.ok:
        doc.notes.append(f"page 2: {fetched.describe()} ({url})")
        if doc.verdict == "OK":
            doc.verdict, doc.hint = "WARN", f"{kind} page 2 {fetched.describe()}: {url}"
        return
    second = read_html(fetched)
    one = set(article_links(first.selector, first.base_url, ctx.pattern))
    two = set(article_links(second.selector, second.base_url, ctx.pattern))
    ctx.candidates.offer(
        (u for u in two if same_site(u, ctx.base) and ctx.fetcher.allowed(u)), kind
    )
    if two and two == one:
        doc.verdict = "WARN"
        doc.hint = (
            f"{kind} page 2 lists the same articles as page 1: the site ignores the page "
            f"parameter; fix the template ({url})"
        )
    else:
        doc.notes.append(f"page 2: {len(two)} article link(s), {len(two - one)} not on page 1")
