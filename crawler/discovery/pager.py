"""The further pages of a multi-page article (config.yaml `article_pages`).

`pager_xpath` is the outlet's override: when it matches links on a page, they
are the story's further pages. Otherwise, and on every outlet without one, the
pages are found generically (`crawler.discovery.pagelinks`: rel=next and
numbered pagers whose links keep the story's URL stem).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from crawler.config.canonical import CanonicalRules
from crawler.discovery.pagelinks import generic_page_links, page_number
from crawler.discovery.urls import canonicalize

_FIRST_PAGE = re.compile(r"(^|&)(page|halaman)=1($|&)")


def other_article_pages(
    html: Selector,
    url: str,
    pager_xpath: str | None,
    rules: CanonicalRules,
    *,
    base_url: str | None = None,
    max_pages: int | None = None,
) -> list[str]:
    """The further pages of a multi-page article, found with the outlet's `pager_xpath`.

    A pager link is a further page when it has the article's own identity key
    (`canonicalize` drops the page parameter), is not `url` itself and is not an
    explicit page 1. `base_url` resolves relative links (default `url`);
    `max_pages` counts the first page too (`article_pages.max_pages`).
    """
    if not pager_xpath:
        return []
    own = canonicalize(url, rules)
    pages: list[str] = []
    for href in html.xpath(pager_xpath).getall():
        page = urljoin(base_url or url, href)
        if page == url or page in pages or _FIRST_PAGE.search(urlsplit(page).query):
            continue
        try:
            if canonicalize(page, rules) == own:
                pages.append(page)
        except ValueError:
            continue
    return pages if max_pages is None else pages[: max_pages - 1]


def further_pages(
    html: Selector,
    page_url: str,
    first_url: str,
    pager_xpath: str | None,
    rules: CanonicalRules,
    *,
    base_url: str | None = None,
) -> list[tuple[int, str]]:
    """(N, URL) of the story's further pages named on one of its pages, in page order.

    The `pager_xpath` links when it finds any (an unnumbered link takes the
    next free number after the pager's own), else the generic pager links.
    Numbers are read against `first_url`, the story's first page.
    """
    override = other_article_pages(html, page_url, pager_xpath, rules, base_url=base_url)
    if not override:
        return generic_page_links(html, page_url, first_url, base_url=base_url)
    numbered: dict[int, str] = {}
    unnumbered: list[str] = []
    for url in override:
        number = page_number(url, first_url)
        if number is not None and number >= 2:
            numbered.setdefault(number, url)
        elif number is None and url != first_url:
            unnumbered.append(url)
    current = page_number(page_url, first_url) or 1
    after = max([current, *numbered])
    numbered.update({after + i: url for i, url in enumerate(unnumbered, start=1)})
    return sorted(numbered.items())
