"""nyaringindonesia: feeds only (no sitemap in robots.txt, no search, no listings).

Discovery: the Atom feed ``/feed/atom/``, advertised on every page with
``<link rel="alternate" type="application/atom+xml">``; it lists every post,
since it is the only way to find them all. Permalinks are ``/<slug>/``. The
theme prints the body twice inside ``div.entry-content`` (sample 001's defect);
as in the sample, the second copy's first paragraph has lost its dateline.
Disallowed: ``/private/``, ``/wp-admin/`` and ``/private-draft-`` (linked:
``/private-draft-susunan-redaksi-baru/``).
"""

from __future__ import annotations

from replica import responses, theme, xmlfeeds
from replica.model import ReplicaArticle
from replica.responses import Response
from replica.sites.base import Params
from replica.sites.wordpress import WordPressSite
from replica.theme import esc


class NyaringIndonesia(WordPressSite):
    name = "nyaringindonesia"
    display_name = "NyaringIndonesia"
    address = "Jl. Raya Cibabat No. 12, Cimahi"
    nav = (
        ("/", "Beranda"),
        ("/#daerah", "Daerah"),
        ("/#politik", "Politik"),
        ("/#pemerintahan", "Pemerintahan"),
        ("/#peristiwa", "Peristiwa"),
    )

    def draft_prefix(self) -> str:
        return "/private-draft-"

    def head_extra(self) -> list[str]:
        return [
            '<link rel="alternate" type="application/atom+xml" title="NyaringIndonesia &raquo; '
            f'Atom" href="{esc(self.url("/feed/atom/"))}">'
        ]

    def site_route(self, path: str, params: Params) -> Response | None:
        if path == "/feed/atom/":
            data = xmlfeeds.atom(
                self.entries(self.snapshot()),
                title=self.display_name,
                site_url=self.url("/"),
                feed_url=self.url("/feed/atom/"),
                updated=self.changed_at,
            )
            return responses.feed(data, "application/atom+xml", self.changed_at)
        return None

    def content_html(self, article: ReplicaArticle) -> str:
        first = "".join(f"<p>{esc(p)}</p>" for p in article.paragraphs)
        again = [theme.strip_dateline(article.paragraphs[0]), *article.paragraphs[1:]]
        second = "".join(f"<p>{esc(p)}</p>" for p in again)
        return f'<div class="entry-content">{first}{second}</div>'
