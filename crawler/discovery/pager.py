"""The further pages of a multi-page article (config.yaml `article_pages`)."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

from parsel import Selector

from crawler.config.canonical import CanonicalRules
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
