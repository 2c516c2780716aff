"""abadikini: sitemaps only (no feed link, ``/feed/`` 404, no search, no listings).

Discovery: robots.txt names ``/sitemap_index.xml`` → ``/post-sitemap1.xml.gz``
(gzip files of up to 200 posts each, with ``lastmod``) and ``/news-sitemap.xml``
(Google News, the newest 10). Article noise as in sample 003, all inside
``div.entry-content``: ``Baca Juga`` lines, ``Back to top button``, the
ad-blocker notice and the gambling-spam link words.
Disallowed: ``/private/``, ``/wp-admin/`` and ``/YYYY/MM/DD/draft-`` (dated
three days before today; linked: ``/YYYY/MM/DD/draft-susunan-redaksi-baru/``).
"""

from __future__ import annotations

import re

from replica import responses, xmlfeeds
from replica.model import ReplicaArticle
from replica.responses import Response
from replica.sites.base import Params
from replica.sites.wordpress import WordPressSite
from replica.theme import esc

_POST_SITEMAP = re.compile(r"^/post-sitemap(\d+)\.xml\.gz$")
# The injected gambling-spam words of sample 003.
_SPAM = ("planet128", "pay4d", "cahaya128", "turbo128", "planet128", "rawit128") * 3


class Abadikini(WordPressSite):
    name = "abadikini"
    display_name = "Abadikini"
    address = "Jl. Cikini Raya No. 58, Menteng, Jakarta Pusat"
    posts_per_sitemap = 200
    nav = (
        ("/", "Beranda"),
        ("/#nasional", "Nasional"),
        ("/#politik", "Politik"),
        ("/#hukum", "Hukum"),
        ("/#daerah", "Daerah"),
        ("/#ekonomi", "Ekonomi"),
    )

    def sitemap_urls(self) -> list[str]:
        return [self.url("/sitemap_index.xml")]

    def post_chunks(self) -> list[list[ReplicaArticle]]:
        items = self.snapshot()
        size = self.posts_per_sitemap
        return [items[i : i + size] for i in range(0, len(items), size)] or [[]]

    def site_route(self, path: str, params: Params) -> Response | None:
        if path == "/sitemap_index.xml":
            children = [
                (
                    self.url(f"/post-sitemap{n}.xml.gz"),
                    max((a.published for a in chunk), default=None),
                )
                for n, chunk in enumerate(self.post_chunks(), start=1)
            ]
            children.append((self.url("/news-sitemap.xml"), self.changed_at))
            return responses.xml(xmlfeeds.sitemap_index(children), self.changed_at)
        if match := _POST_SITEMAP.match(path):
            chunks = self.post_chunks()
            number = int(match.group(1))
            if not 1 <= number <= len(chunks):
                return None
            data = xmlfeeds.gzip_file(xmlfeeds.urlset(self.entries(chunks[number - 1])))
            return responses.gzip_file(data, self.changed_at)
        if path == "/news-sitemap.xml":
            entries = self.entries(self.snapshot()[:10])
            return responses.xml(xmlfeeds.news_sitemap(entries, self.display_name), self.changed_at)
        return None

    def content_html(self, article: ReplicaArticle) -> str:
        related = self.others(article, 1)
        parts = []
        for i, paragraph in enumerate(article.paragraphs):
            parts.append(f"<p>{esc(paragraph)}</p>")
            if i == 1 and related:
                parts.append(
                    f'<p><strong>Baca Juga</strong> <a href="{esc(related[0].path())}">'
                    f"{esc(related[0].title)}</a></p>"
                )
        spam = " ".join(f'<a href="https://{w}.example/" rel="dofollow">{w}</a>' for w in _SPAM)
        return (
            f'<div class="entry-content clearfix">{"".join(parts)}'
            "<p><strong>Baca Juga</strong></p>"
            '<a href="#" class="back-to-top" title="Back to top">Back to top button</a>'
            '<div class="adblock adblock-notice"><h4>Adblock Detected</h4>'
            "<p>Please consider supporting us by disabling your ad blocker</p></div>"
            f'<div class="spam-links">{spam} Slot Thailand -</div></div>'
        )
