"""neraca: listings only (no sitemap in robots.txt, no feed; ``/feed/`` and ``/sitemap.xml`` 404).

Discovery: category listings ``/kategori/<section>?page=N`` and search
``/search?q=..&page=N``. Neraca files every story under one of its own
sections; a story whose category is not one of them (a syndicated copy keeps
its original outlet's category, e.g. ``ekonomi``) goes to ``makro``, the
economics desk, so the configured listings still reach every story. The page prints its date only as
``<div class="date"><span>Kamis, 26/03/2026</span></div>`` (no
``article:published_time``). Article noise as in sample 004: a ``NERACA`` line
above the body, then inside the content area the ``berita-terkait`` teasers
(``NERACA <City> - <first words>…``, one repeated, one of them this story's own)
and the ``terpopuler1`` most-read block.
Disallowed: ``/private/`` and ``/article/0/`` (linked: ``/article/0/draf-...``).
"""

from __future__ import annotations

import re

from replica import responses, theme
from replica.model import ReplicaArticle
from replica.responses import Response
from replica.sites.base import Params, Site, page_number
from replica.theme import Link, esc

_CATEGORY = re.compile(r"^/kategori/([\w-]+)$")
_TEASER_WORDS = 16


def teaser(article: ReplicaArticle) -> str:
    """``NERACA Depok - Fakultas Kedokteran ...…``: how neraca's related block quotes a story."""
    first = article.paragraphs[0]
    city, sep, rest = first.partition(" - ")
    if not sep:
        city, rest = "Jakarta", first
    tokens = rest.split()
    return f"NERACA {city} - {' '.join(tokens[:_TEASER_WORDS])}…"


class Neraca(Site):
    name = "neraca"
    display_name = "Neraca"
    address = "Jl. Jambrut No. 2-4, Kenari, Senen, Jakarta Pusat"
    categories = ("makro", "daerah", "keuangan", "industri", "nasional")
    nav = (("/", "Home"), *tuple((f"/kategori/{c}", c.title()) for c in categories))

    def section(self, article: ReplicaArticle) -> str:
        """The neraca section an article is listed under."""
        return article.category if article.category in self.categories else "makro"

    def disallowed(self) -> list[str]:
        return [*super().disallowed(), "/article/0/"]

    def private_links(self) -> list[Link]:
        return [
            *super().private_links(),
            ("/article/0/draf-laporan-keuangan-internal", "Draf laporan keuangan internal"),
        ]

    def route(self, path: str, params: Params) -> Response | None:
        article = self.resolve(path)
        if article is not None:
            return self.article_response(article)
        if match := _CATEGORY.match(path):
            category = match.group(1)
            items = [a for a in self.snapshot() if self.section(a) == category]
            if not items and category not in self.categories:
                return None
            return self.listing(
                items,
                page_number(params),
                lambda n: f"/kategori/{category}?page={n}",
                heading=category.title(),
            )
        if path == "/search":
            return self.search_listing(params, "page", "/search?q={q}&page={page}")
        return None

    def article_response(self, article: ReplicaArticle) -> Response:
        html = self.page(
            title=f"{article.title} | Neraca.co.id",
            canonical_path=article.path(),
            main=self.article_main(article),
            body_class="article-page",
            og_type="article",
        )
        return responses.html(html, article.published)

    def article_main(self, article: ReplicaArticle) -> str:
        others = self.others(article, 3)
        # Like the sample: other stories, this story's own teaser, and one teaser twice.
        related = [*others, article, *others[:1]]
        related_items = "".join(
            f'<li><a href="{esc(a.path())}"><span>{esc(teaser(a))}</span></a></li>' for a in related
        )
        popular = theme.links_list(
            [(a.path(), a.title) for a in self.others(None, 5)], ordered=True
        )
        body = "".join(f"<p>{esc(p)}</p>" for p in article.paragraphs)
        section = self.section(article)
        return (
            f'<div class="breadcrumbs"><a href="/">Home</a> / '
            f'<a href="/kategori/{section}">{esc(section.title())}</a></div>'
            f'<h1 class="title">{esc(article.title)}</h1>'
            f'<div class="date"><span>{theme.weekday_date(article.published)}</span></div>'
            f'<div class="penulis">Penulis: {esc(article.author)}</div>'
            f'<div class="content-detail"><p>NERACA</p>{body}'
            f'<div class="berita-terkait"><h3>Berita Terkait</h3><ul>{related_items}</ul></div>'
            f'<div class="terpopuler1"><h3>Terpopuler</h3>{popular}</div></div>'
        )
