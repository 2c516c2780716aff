"""What every source check of one outlet shares: the outlet, the fetcher, the candidates.

The source modules (`robots`, `sitemaps`, `feeds`, `homepage`, `listings`,
`article`) are functions of a `CheckContext`; what one source learns for
another (robots.txt's `Sitemap:` lines, the homepage's feeds) is passed on
explicitly by `crawler.check.run`.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urljoin, urlsplit

from crawler.check.candidates import CandidatePool
from crawler.check.fetcher import Fetched, Fetcher, HtmlPage
from crawler.check.report import DocumentCheck, SourceReport
from crawler.config.model import Config, OutletConfig
from crawler.discovery.listings import is_article_url, page_links
from crawler.discovery.urls import canonicalize, fetch_url, same_site

ARTICLE_RESERVE = 3  # requests discovery leaves for the article and its pages
LOW_MATCH_RATIO = 0.5  # below this share of entries matching the pattern, it is probably wrong
EXAMPLES = 3


class CheckContext:
    """One outlet's check in progress: shared helpers for measuring what a source lists."""

    def __init__(self, config: Config, key: str, outlet: OutletConfig, fetcher: Fetcher) -> None:
        self.config = config
        self.key = key
        self.outlet = outlet
        self.fetcher = fetcher
        self.base = outlet.base_url
        self.discovery = outlet.discovery
        self.pattern = re.compile(outlet.article_url_pattern)
        self.candidates = CandidatePool(outlet.canonical, self.pattern)

    def url(self, path: str) -> str:
        """A configured path or URL, absolute on this site."""
        return urljoin(self.base + "/", path.lstrip("/")) if "://" not in path else path

    def matches(self, url: str) -> bool:
        return is_article_url(url, self.pattern)

    def discover(self, url: str, *, max_bytes: int | None = None) -> Fetched:
        """Fetch a discovery document, keeping requests back for the article.

        `max_bytes` is the document's size cap (default `crawl.max_page_bytes`).
        """
        return self.fetcher.fetch(url, reserve=ARTICLE_RESERVE, max_bytes=max_bytes)

    def measure(self, doc: DocumentCheck, urls: list[str]) -> list[str]:
        """Entry counts of a sitemap or feed; returns its same-site URLs."""
        own = [url for url in urls if same_site(url, self.base)]
        doc.entries, doc.same_site = len(urls), len(own)
        doc.matching = sum(1 for url in own if self.matches(url))
        if len(own) < len(urls):
            doc.notes.append(f"{len(urls) - len(own)} entries on other sites (never followed)")
        if not urls:
            doc.verdict, doc.hint = "WARN", "no entries"
        elif not own:
            doc.verdict, doc.hint = "WARN", "no entry is on this site"
        elif doc.matching < LOW_MATCH_RATIO * len(own):
            doc.non_matching_examples = [u for u in own if not self.matches(u)][:EXAMPLES]
            doc.verdict = "WARN"
            doc.hint = (
                f"{doc.matching} of {len(own)} entries match article_url_pattern: is the pattern "
                f"wrong? e.g. {doc.non_matching_examples[0]} (the crawler still takes every entry)"
            )
        return own

    def html_articles(self, doc: DocumentCheck, page: HtmlPage, source: str) -> int:
        """Article links of an HTML page (offered as candidates); WARN when none match."""
        links = [
            u
            for u in dict.fromkeys(page_links(page.selector, page.base_url))
            if same_site(u, self.base)
        ]
        articles = [u for u in links if self.matches(u)]
        allowed = [u for u in articles if self.fetcher.allowed(u)]
        keys = {canonicalize(u, self.outlet.canonical) for u in allowed}
        doc.kind, doc.entries, doc.matching = "html", len(links), len(keys)
        if len(allowed) < len(articles):
            doc.notes.append(
                f"{len(articles) - len(allowed)} matching link(s) disallowed by robots.txt, skipped"
            )
        self.candidates.offer(allowed, source)
        if not keys:
            doc.non_matching_examples = self.likely_articles(
                u for u in links if not self.matches(u)
            )
            doc.verdict = "WARN"
            doc.hint = "no link matches article_url_pattern" + (
                f"; sample link: {doc.non_matching_examples[0]}"
                if doc.non_matching_examples
                else ""
            )
        return len(keys)

    def likely_articles(self, links: Iterable[str]) -> list[str]:
        """A few links, cleaned and distinct, longest path first: article slugs are long."""
        distinct: dict[str, str] = {}
        for url in links:
            try:
                distinct.setdefault(canonicalize(url, self.outlet.canonical), url)
            except ValueError:
                continue
        clean = [fetch_url(url, self.outlet.canonical) for url in distinct.values()]
        clean.sort(key=lambda u: len(urlsplit(u).path), reverse=True)
        return clean[:EXAMPLES]


def failed_doc(doc: DocumentCheck, fetched: Fetched, *, missing_ok: bool, what: str) -> None:
    """Verdict and hint for a document without a usable answer.

    Skipped (robots.txt, budget) is a warning; a missing optional document
    (`missing_ok`, 404/410) is a stale config entry, so a warning with a fix;
    anything else means the site is broken for the crawler too.
    """
    doc.result = fetched.describe()
    where = f"{what}: {fetched.describe()} ({fetched.final_url})"
    if fetched.skipped:
        doc.verdict, doc.hint = "WARN", where
    elif fetched.error or not fetched.gone or not missing_ok:
        doc.verdict, doc.hint = "FAIL", where
    else:
        doc.verdict, doc.hint = "WARN", f"{where}: fix or remove it in the config"


def document_key(url: str) -> str:
    """A discovery document's identity, to fetch each once (its pager parameters count)."""
    try:
        return canonicalize(url, article=False)
    except ValueError:
        return url


def add_document(report: SourceReport, seen: set[str], url: str, role: str) -> DocumentCheck | None:
    """The document added to the report, or None when `seen` has it already (by its key).

    Feeds and sitemaps are often named twice (robots.txt and the config, a
    homepage link and the config, an index and the config): each is fetched and
    reported once, under the role it was first met with.
    """
    key = document_key(url)
    if key in seen:
        return None
    seen.add(key)
    doc = DocumentCheck(url, role)
    report.documents.append(doc)
    return doc
