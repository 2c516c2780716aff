"""The generic outlet: any outlet the replica has no hand-made renderer for.

A plain WordPress news theme, so that an outlet added to config.yaml can be
served from its config entry alone (:mod:`replica.outlets`). Permalinks are
dated (``/YYYY/MM/DD/<slug>/``, with AMP variants and the trailing-slash
redirect of :class:`~replica.sites.wordpress.WordPressSite`).

Discovery: robots.txt names ``/sitemap.xml`` (a urlset of every post with
``lastmod``); RSS 2.0 ``/feed/`` (the newest 10, advertised on every page);
search ``/?s=<terms>&paged=N``. Article noise, inside ``div.entry-content``:
a ``Baca Juga`` line after the second paragraph and a ``Bagikan:`` line at
the end (both dropped by config.yaml's shared ``drop_line_patterns``).
Disallowed: ``/private/``, ``/wp-admin/`` and ``/YYYY/MM/DD/draft-`` (dated
three days before today; linked: ``/YYYY/MM/DD/draft-susunan-redaksi-baru/``).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from datetime import date, datetime

from replica.model import ReplicaArticle, now_wib
from replica.responses import Response
from replica.sites.base import Params
from replica.sites.wordpress import WordPressSite
from replica.theme import esc

_FEED_COUNT = 10

#: A permalink of the generic outlet: what its config entry's article_url_pattern must match.
SAMPLE_PERMALINK = "/2026/11/20/contoh-judul-berita/"


def fits(article_url_pattern: str) -> bool:
    """Whether an outlet's ``article_url_pattern`` takes the generic outlet's permalinks."""
    return re.search(article_url_pattern, SAMPLE_PERMALINK) is not None


class GenericSite(WordPressSite):
    """A WordPress outlet named at run time (``name``, ``display_name``)."""

    has_search = True
    nav = (("/", "Beranda"), ("/?s=pemilu", "Pemilu"))

    def __init__(
        self,
        articles: Iterable[ReplicaArticle],
        *,
        name: str,
        display_name: str = "",
        today: date | None = None,
        clock: Callable[[], datetime] = now_wib,
    ) -> None:
        self.name = name
        self.display_name = display_name or name.title()
        self.address = f"Redaksi {self.display_name}, Jl. Asia Afrika No. 8, Bandung"
        super().__init__(articles, today=today, clock=clock)

    def head_extra(self) -> list[str]:
        return [self.rss_feed_link()]

    def sitemap_urls(self) -> list[str]:
        return [self.url("/sitemap.xml")]

    def site_route(self, path: str, params: Params) -> Response | None:
        return self.rss_and_urlset(path, _FEED_COUNT)

    def search_page(self, params: Params) -> Response | None:
        return self.search_listing(params, "paged", "/?s={q}&paged={page}")

    def content_html(self, article: ReplicaArticle) -> str:
        related = self.others(article, 1)
        parts = []
        for i, paragraph in enumerate(article.paragraphs):
            parts.append(f"<p>{esc(paragraph)}</p>")
            if i == 1 and related:
                parts.append(
                    f'<p>Baca Juga: <a href="{esc(related[0].path())}">'
                    f"{esc(related[0].title)}</a></p>"
                )
        return f'<div class="entry-content">{"".join(parts)}<p>Bagikan:</p></div>'
