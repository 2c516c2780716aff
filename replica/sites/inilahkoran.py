"""inilahkoran: sitemaps and listings, no feed; long articles are split over ``?page=N``.

Discovery: robots.txt names ``/sitemap.xml`` (an index of ``/sitemap-news.xml``
and the gzip file ``/sitemap-posts.xml.gz``); latest news ``/berita?page=N``,
categories ``/berita/<category>?page=N``, search ``/search?q=..&page=N``.
Article noise as in sample 000: headline and lead repeated above the body, a
photo caption, ``Baca Juga`` blocks and one inline ``Baca Juga`` paragraph, the
``Halaman :`` pager and the ``Editor :`` line.
Disallowed: ``/private/`` and ``/berita/internal/`` (linked: ``/berita/internal/999/draft-...``).
"""

from __future__ import annotations

import re

from replica import responses, theme, xmlfeeds
from replica.model import ReplicaArticle, slugify
from replica.responses import Response
from replica.sites.base import Site
from replica.sites.markup import Params, json_ld, meta_published, page_number
from replica.theme import Link, esc

_CATEGORY = re.compile(r"^/berita/([\w-]+)$")
_NEWS_COUNT = 10


class InilahKoran(Site):
    name = "inilahkoran"
    display_name = "Inilah Koran"
    address = "Jl. Soekarno-Hatta No. 590, Bandung"
    categories = ("bandung-raya", "jabar", "pemerintahan", "politik", "ekonomi", "nasional")
    nav = (
        ("/", "Home"),
        ("/berita", "Terkini"),
        *((f"/berita/{c}", c.replace("-", " ").title()) for c in categories),
    )

    def disallowed(self) -> list[str]:
        return [*super().disallowed(), "/berita/internal/"]

    def private_links(self) -> list[Link]:
        return [
            *super().private_links(),
            ("/berita/internal/999/draft-jadwal-liputan-pekan-depan", "Jadwal liputan pekan depan"),
        ]

    def sitemap_urls(self) -> list[str]:
        return [self.url("/sitemap.xml")]

    def route(self, path: str, params: Params) -> Response | None:
        article = self.resolve(path)
        if article is not None:
            return self.article_response(article, page_number(params))
        if path == "/sitemap.xml":
            children = [("/sitemap-news.xml", self.changed_at), ("/sitemap-posts.xml.gz", None)]
            data = xmlfeeds.sitemap_index([(self.url(p), lm) for p, lm in children])
            return responses.xml(data, self.changed_at)
        if path == "/sitemap-news.xml":
            entries = self.entries(self.snapshot()[:_NEWS_COUNT])
            return responses.xml(xmlfeeds.news_sitemap(entries, self.display_name), self.changed_at)
        if path == "/sitemap-posts.xml.gz":
            data = xmlfeeds.gzip_file(xmlfeeds.urlset(self.entries(self.snapshot())))
            return responses.gzip_file(data, self.changed_at)
        if path == "/berita":
            return self.listing(
                self.snapshot(),
                page_number(params),
                lambda n: f"/berita?page={n}",
                heading="Berita Terkini",
            )
        if match := _CATEGORY.match(path):
            category = match.group(1)
            items = [a for a in self.snapshot() if a.category == category]
            if not items and category not in self.categories:
                return None
            return self.listing(
                items,
                page_number(params),
                lambda n: f"/berita/{category}?page={n}",
                heading=category.title(),
            )
        if path == "/search":
            return self.search_listing(params, "page", "/search?q={q}&page={page}")
        return None

    def article_response(self, article: ReplicaArticle, page: int | None) -> Response | None:
        pages = article.pages
        if page is None or page > len(pages):
            return None
        html = self.page(
            title=f"{article.title} - {self.display_name}",
            canonical_path=article.path() + (f"?page={page}" if page > 1 else ""),
            main=self.article_main(article, page),
            body_class="detail",
            head=[
                meta_published(article),
                json_ld(article, self.url(article.path()), self.display_name),
                f'<meta name="author" content="{esc(article.author)}">',
            ],
            og_type="article",
        )
        return responses.html(html, article.published)

    def article_main(self, article: ReplicaArticle, page: int) -> str:
        paragraphs = article.pages[page - 1]
        related = self.others(article, 3)
        parts: list[str] = []
        if page == 1:
            lead = theme.strip_dateline(article.paragraphs[0])
            caption_source = article.paragraphs[1] if len(article.paragraphs) > 1 else lead
            caption = caption_source.split(". ")[0].rstrip(".") + ". (istimewa)"
            parts.append(
                f'<div class="detail-head"><h2 class="detail-title">{esc(article.title)}</h2>'
                f'<p class="detail-lead">{esc(lead)}</p></div>'
                f'<figure class="detail-photo"><img src="/media/{article.numeric_id}.jpg" '
                f'alt="{esc(article.title)}" width="720" height="405">'
                f"<figcaption>{esc(article.title)}<br>{esc(caption)}</figcaption></figure>"
            )
        for i, paragraph in enumerate(paragraphs):
            parts.append(f"<p>{esc(paragraph)}</p>")
            if i == 1 and related:
                parts.append(self.baca_juga(related[0], block=True))
            if i == 3 and len(related) > 1:
                parts.append(self.baca_juga(related[1], block=False))
            if i == 5 and len(related) > 2:
                parts.append(self.baca_juga(related[2], block=True))
        if len(article.pages) > 1:
            links = [
                f'<a href="{esc(article.path())}?page=1">1</a>'
                if n == 1
                else f'<a href="?page={n}">{n}</a>'
                for n in range(1, len(article.pages) + 1)
            ]
            parts.append(f'<div class="pagination-detail">Halaman : {" ".join(links)}</div>')
        parts.append(
            f'<div class="editor">Editor : <a href="/penulis/{slugify(article.author)}">'
            f"{esc(article.author)}</a></div>"
        )
        return (
            f'<div class="breadcrumb"><a href="/">Home</a> › <a href="/berita/{article.category}">'
            f"{esc(article.category.title())}</a></div>"
            f'<h1 class="detail-judul">{esc(article.title)}</h1>'
            f'<div class="detail-info"><span class="reporter">Oleh {esc(article.author)}</span> '
            f'<span class="waktu">{theme.long_date(article.published)}</span></div>'
            f'<div class="detail-content">{"".join(parts)}</div>'
            '<div class="share-box"><a href="https://facebook.example/share">Bagikan</a></div>'
        )

    @staticmethod
    def baca_juga(other: ReplicaArticle, *, block: bool) -> str:
        link = f'<a href="{esc(other.path())}">{esc(other.title)}</a>'
        if block:
            return f'<div class="baca-juga">Baca Juga : {link}</div>'
        return f"<p>Baca Juga : {link}</p>"
