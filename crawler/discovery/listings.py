"""HTML discovery pages: listing URL templates, the links of a page, a listing's next page.

Listing, search and tag templates (config.yaml `discovery.listings`) name a
page with `{query}` (URL-encoded) and `{page}`; a template without `{page}` is
followed through the page's own rel=next link. Links on HTML pages are
candidates only when their path matches the outlet's `article_url_pattern`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import quote_plus, urljoin, urlsplit

from parsel import Selector

_SKIPPED_HREFS = ("#", "mailto:", "javascript:", "tel:")


def listing_url(template: str, base_url: str, query: str | None, page: int) -> str:
    """One listing page: `{query}` URL-encoded, `{page}` the page number."""
    path = template.format(query=quote_plus(query or ""), page=page)
    return urljoin(base_url + "/", path.lstrip("/"))


def listing_starts(template: str, queries: list[str]) -> Iterator[str | None]:
    """The queries a template is expanded with: each query, or once (None) without {query}."""
    if "{query}" in template:
        yield from queries
    else:
        yield None


def next_page_link(html: Selector, base_url: str) -> str | None:
    """A listing's own "next" link (rel=next), for templates without {page}."""
    href = html.xpath('//link[@rel="next"]/@href | //a[@rel="next"]/@href').get()
    return urljoin(base_url, href) if href else None


def is_article_url(url: str, pattern: re.Pattern[str]) -> bool:
    """Whether a URL's path matches the outlet's `article_url_pattern`."""
    return bool(pattern.search(urlsplit(url).path or "/"))


def page_links(html: Selector, base_url: str) -> list[str]:
    """Every link of an HTML page, absolute, in page order.

    `base_url` is what relative links resolve against: the page's URL, or its
    `<base href>` (Scrapy's `get_base_url`). Fragments, mailto:, javascript: and
    tel: links lead to no page and are left out; hrefs are stripped of
    surrounding whitespace, as browsers do.
    """
    links = []
    for raw in html.xpath("//a/@href").getall():
        href = raw.strip()
        if href and not href.startswith(_SKIPPED_HREFS):
            links.append(urljoin(base_url, href))
    return links


def article_links(html: Selector, base_url: str, pattern: re.Pattern[str]) -> list[str]:
    """The links of an HTML page that match `article_url_pattern`, in page order."""
    return [url for url in page_links(html, base_url) if is_article_url(url, pattern)]
