"""sahabat: every surface (RSS feed, sitemap, search and category listings).

Discovery: RSS 2.0 ``/feed/`` (the newest 10, advertised on every page with
``<link rel="alternate" type="application/rss+xml">``); robots.txt names
``/sitemap.xml`` (a urlset of every post with ``lastmod``); search
``/?s=<terms>&paged=N``; categories ``/category/<slug>/`` and
``/category/<slug>/page/N/``. Article noise as in sample 002, inside
``div.post-content``: ``0 Komentar``, a list of unrelated headlines
(``ul.related-posts``) and ``Leave a comment``.
Disallowed: ``/private/``, ``/wp-admin/`` and ``/YYYY/MM/DD/draft-`` (dated
three days before today; linked: ``/YYYY/MM/DD/draft-susunan-redaksi-baru/``).
"""

from __future__ import annotations

import re

from replica.model import ReplicaArticle
from replica.responses import Response
from replica.sites.base import Params
from replica.sites.wordpress import WordPressSite
from replica.theme import esc

_CATEGORY = re.compile(r"^/category/([\w-]+)/(?:page/(\d+)/)?$")
_FEED_COUNT = 10


class Sahabat(WordPressSite):
    name = "sahabat"
    display_name = "Sahabat"
    address = "Jl. Kebon Sirih No. 17, Jakarta Pusat"
    has_search = True
    categories = ("nasional", "politik", "pemerintahan", "ekonomi", "daerah")
    nav = (("/", "Beranda"), *tuple((f"/category/{c}/", c.title()) for c in categories))

    def head_extra(self) -> list[str]:
        return [self.rss_feed_link()]

    def sitemap_urls(self) -> list[str]:
        return [self.url("/sitemap.xml")]

    def site_route(self, path: str, params: Params) -> Response | None:
        if (feed := self.rss_and_urlset(path, _FEED_COUNT)) is not None:
            return feed
        if match := _CATEGORY.match(path):
            category, page = match.group(1), int(match.group(2) or 1)
            items = [a for a in self.snapshot() if a.category == category]
            if (not items and category not in self.categories) or page < 1:
                return None
            return self.listing(
                items,
                page,
                lambda n: f"/category/{category}/" + (f"page/{n}/" if n > 1 else ""),
                heading=category.title(),
            )
        return None

    def search_page(self, params: Params) -> Response | None:
        return self.search_listing(params, "paged", "/?s={q}&paged={page}")

    def content_html(self, article: ReplicaArticle) -> str:
        body = "".join(f"<p>{esc(p)}</p>" for p in article.paragraphs)
        headlines = "".join(
            f'<li><a href="{esc(a.path())}">{esc(a.title)}</a></li>'
            for a in self.others(article, 10)
        )
        return (
            f'<div class="post-content entry">{body}'
            '<div class="comments"><h4 class="comments-title">0 Komentar</h4>'
            f'<ul class="related-posts">{headlines}</ul>'
            '<a class="leave-reply" href="#respond">Leave a comment</a></div></div>'
        )
