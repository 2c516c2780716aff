"""`asnwatch check OUTLET`: one bounded, polite look at a live site, source by source.

Why it exists: the outlets' discovery paths and `article_url_pattern`s in
config.yaml are partly assumed (docs/outlets.md) and sites change. A user runs this
to see, for each discovery source the crawler uses (robots.txt `Sitemap:`
lines, sitemaps and their indexes, feeds configured or advertised on the
homepage, the homepage, listing and search templates), what the site offers
today and whether the pattern fits what it lists; then one article is fetched
and extracted with the outlet's rules and judged by the topic filter. Every
source ends in OK, WARN or FAIL with a hint saying what to change.

The reading is the crawl's own: sitemaps, feeds, robots.txt, listings and
article pagers through `crawler.discovery` (the same functions and caps the
spider uses), URL identity through `crawler.discovery.urls`, the article
through `extract_story` and `TopicFilter`, so the check sees the documents as
the crawler will. Manners (`fetcher`): the config's user agent, delay, timeout
and size caps; robots.txt obeyed; at most `MAX_REQUESTS` requests, a few kept
for the article; never another site.

Layout: `run` orders the checks; one module per source (`robots`, `sitemaps`,
`feeds`, `homepage`, `listings`, `article`), sharing `context`; `candidates`
collects the article URLs found; `report` holds the verdicts and renders them.
"""

from crawler.check.fetcher import MAX_REQUESTS, Fetched, Fetcher
from crawler.check.report import (
    ArticleCheck,
    CheckReport,
    DocumentCheck,
    SourceReport,
    format_report,
)
from crawler.check.run import run_check

__all__ = [
    "MAX_REQUESTS",
    "ArticleCheck",
    "CheckReport",
    "DocumentCheck",
    "Fetched",
    "Fetcher",
    "SourceReport",
    "format_report",
    "run_check",
]
