"""`run_check`: one outlet's sources checked in fetch order, reported in discovery order.

robots.txt is read first (every later request obeys it, and its `Sitemap:`
lines feed the sitemaps check), then the homepage (its advertised feeds feed
the feeds check), sitemaps, feeds and listings; the article comes last, from
what they all found, with requests kept back for it. The configured selectors
are then judged on the article's pages, which the fetcher recorded
(`crawler.check.selectors`).
"""

from __future__ import annotations

from pydantic import ValidationError

from crawler.check.article import check_article
from crawler.check.context import CheckContext
from crawler.check.feeds import check_feeds
from crawler.check.fetcher import MAX_REQUESTS, Fetcher
from crawler.check.homepage import check_homepage
from crawler.check.listings import check_listings
from crawler.check.report import CheckReport
from crawler.check.robots import check_robots
from crawler.check.selectors import check_selectors
from crawler.check.sitemaps import check_sitemaps
from crawler.config.model import Config, ConfigError, OutletConfig


def run_check(
    config: Config,
    outlet_name: str,
    *,
    base_url: str | None = None,
    sample_size: int = 5,
    max_requests: int = MAX_REQUESTS,
) -> CheckReport:
    """Check one outlet's config against its site (or `base_url`); never raises for the site.

    Raises ConfigError for an unknown outlet or an invalid `base_url`.
    """
    outlet = config.outlet(outlet_name)
    if base_url:
        try:
            data = {**outlet.model_dump(), "base_url": base_url}
            outlet = OutletConfig.model_validate(data)
        except ValidationError:
            raise ConfigError(
                f"--base-url: expected an http(s) URL of a site's root, got {base_url!r}"
            ) from None
    fetcher = Fetcher(outlet.base_url, config.crawl, max_requests=max_requests)
    try:
        return _check(CheckContext(config, outlet_name, outlet, fetcher), sample_size)
    finally:
        fetcher.close()


def _check(ctx: CheckContext, sample_size: int) -> CheckReport:
    robots, robots_sitemaps = check_robots(ctx)
    homepage, homepage_feeds = check_homepage(ctx)
    sources = [
        robots,
        check_sitemaps(ctx, robots_sitemaps),
        check_feeds(ctx, homepage_feeds),
        homepage,
        check_listings(ctx),
    ]
    ordered = ctx.candidates.ordered(ctx.fetcher.allowed)
    article_source, article, hits = check_article(ctx, ordered)
    sources.append(article_source)
    return CheckReport(
        outlet=ctx.key,
        name=ctx.outlet.name,
        base_url=ctx.base,
        article_url_pattern=ctx.outlet.article_url_pattern,
        user_agent=ctx.fetcher.user_agent,
        max_requests=ctx.fetcher.max_requests,
        sources=sources,
        candidates_found=len(ordered),
        sample=ordered[:sample_size],
        article=article,
        selectors=check_selectors(ctx, article, hits),
        requests=list(ctx.fetcher.log),
        unreachable=ctx.fetcher.unreachable,
    )
