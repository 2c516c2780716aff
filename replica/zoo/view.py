"""What a zoo template is given to render one page of an article, and the page URLs it uses.

A site (:class:`replica.sites.base.Site`) builds an :class:`ArticleView` from its own
chrome (header, sidebar, footer, ``<head>`` extras) and the article; a template turns
it into a whole page. Templates never reach back into the site, so the zoo has no
import of :mod:`replica.sites`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from replica.model import ReplicaArticle

#: A further page in path style: ``<article path>/2`` or ``<article path>/2/``.
PATH_PAGE = re.compile(r"^(?P<article>.+?)/(?P<page>\d{1,3})/?$")


def path_page_href(article_path: str, page: int) -> str:
    """``/berita/x/1/slug`` → ``/berita/x/1/slug/2``; ``/2026/11/20/slug/`` → ``…/slug/2/``."""
    if page == 1:
        return article_path
    if article_path.endswith("/"):
        return f"{article_path}{page}/"
    return f"{article_path}/{page}"


def query_page_href(article_path: str, page: int) -> str:
    """``?page=N`` for further pages; page 1 is the article's own URL."""
    return article_path if page == 1 else f"{article_path}?page={page}"


@dataclass(frozen=True)
class ArticleView:
    """One page of one article, with the site's chrome, ready for a template."""

    article: ReplicaArticle
    page: int
    site_name: str
    base_url: str
    header_html: str
    sidebar_html: str
    footer_html: str
    head_extra: Sequence[str]
    related: Sequence[ReplicaArticle]  # other stories of the outlet, for noise blocks

    @property
    def paragraphs(self) -> tuple[str, ...]:
        return self.article.pages[self.page - 1]

    @property
    def page_count(self) -> int:
        return len(self.article.pages)

    def url(self, path: str) -> str:
        return self.base_url + path
