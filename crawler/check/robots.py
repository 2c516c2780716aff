"""robots.txt: read first, obeyed by every later request, and its `Sitemap:` lines.

Read as the crawler reads it (`crawler.discovery.robots`). A configured
discovery URL that robots.txt disallows is silently skipped by the crawler;
the check says so, because that is a config entry to remove.
"""

from __future__ import annotations

from crawler.check.context import CheckContext
from crawler.check.report import DocumentCheck, SourceReport
from crawler.discovery.listings import listing_url
from crawler.discovery.robots import RobotsRules, robots_sitemaps
from crawler.discovery.urls import same_site


def check_robots(ctx: CheckContext) -> tuple[SourceReport, list[str] | None]:
    """The robots.txt source, and the sitemaps its `Sitemap:` lines name.

    None instead of the sitemaps when robots.txt could not be read (an error,
    not a 404): then nothing can be said about what it names.
    """
    url = ctx.url("/robots.txt")
    fetched = ctx.fetcher.fetch(url, robots_txt=True)
    doc = DocumentCheck(url, "robots.txt", fetched.describe())
    report = SourceReport("robots.txt", "OK", "", [doc])
    sitemaps: list[str] = []
    if fetched.ok:
        ctx.fetcher.obey(RobotsRules.parse(fetched.body))
        sitemaps = robots_sitemaps(fetched.body, fetched.final_url)
        doc.notes += [f"Sitemap: {u}" for u in sitemaps]
        offsite = [u for u in sitemaps if not same_site(u, ctx.base)]
        doc.notes += [f"names a sitemap on another site (not followed): {u}" for u in offsite]
        blocked = [u for u in configured_urls(ctx) if not ctx.fetcher.allowed(u)]
        if blocked:
            doc.verdict = "WARN"
            doc.hint = (
                f"robots.txt disallows configured URL(s) {', '.join(blocked)}: "
                "the crawler skips them; remove them from the config"
            )
        lines = len(sitemaps)
        report.summary = doc.hint or f"read; {lines} Sitemap: line(s); configured URLs allowed"
    elif fetched.gone:
        report.summary = f"none (HTTP {fetched.status}): no rules, no Sitemap: lines"
    elif fetched.error or (fetched.status or 500) >= 500:
        doc.verdict = "FAIL"
        report.summary = doc.hint = f"{fetched.describe()} at {url}: is the site down?"
        return _verdict(report, doc), None
    else:
        doc.verdict = "WARN"
        report.summary = doc.hint = f"{fetched.describe()} at {url}: treated as no rules"
    return _verdict(report, doc), sitemaps


def _verdict(report: SourceReport, doc: DocumentCheck) -> SourceReport:
    report.verdict = doc.verdict
    return report


def configured_urls(ctx: CheckContext) -> list[str]:
    """The discovery URLs config.yaml names (listings with the first query, page 1)."""
    d = ctx.discovery
    urls = [ctx.url("/")]
    if d.sitemaps.enabled:
        urls += [ctx.url(u) for u in d.sitemaps.urls]
    if d.feeds.enabled:
        urls += [ctx.url(u) for u in d.feeds.urls]
    if d.listings.enabled:
        query = next(iter(ctx.config.queries_for(ctx.outlet)), "")
        for template in [*d.listings.urls, *d.listings.search, *d.listings.tags]:
            urls.append(listing_url(template, ctx.base, query, 1))
    return list(dict.fromkeys(urls))
