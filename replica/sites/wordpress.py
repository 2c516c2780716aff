"""What the WordPress outlets share: trailing-slash permalinks, AMP variants, ``?s=`` search.

Every article is also served at ``<path>amp/``, an AMP page whose canonical
link points back to the normal URL (the homepage links some articles that
way); a permalink without its trailing slash is redirected (301) as WordPress
does. Drafts live under a disallowed prefix that looks like a permalink.
"""

from __future__ import annotations

from datetime import timedelta

from replica import responses, theme, xmlfeeds, zoo
from replica.model import ReplicaArticle
from replica.responses import Response
from replica.sites.base import UTM, Site
from replica.sites.markup import Params, json_ld, meta_published
from replica.theme import Link, esc


class WordPressSite(Site):
    """Base of the WordPress themes: abadikini, sahabat, nyaringindonesia and the generic outlet."""

    has_search = False

    def draft_prefix(self) -> str:
        """A disallowed prefix that an article permalink could have (dated a few days ago)."""
        return f"/{self.today - timedelta(days=3):%Y/%m/%d}/draft-"

    def disallowed(self) -> list[str]:
        return [*super().disallowed(), "/wp-admin/", self.draft_prefix()]

    def private_links(self) -> list[Link]:
        return [
            *super().private_links(),
            (f"{self.draft_prefix()}susunan-redaksi-baru/", "Susunan redaksi baru (draf)"),
        ]

    def resolve_variant(self, path: str) -> tuple[ReplicaArticle, bool] | None:
        """``(article, is_amp)`` for a permalink or its AMP variant."""
        article = self.resolve(path)
        if article is not None:
            return article, False
        if path.endswith("/amp/"):
            article = self.resolve(path[: -len("amp/")])
            if article is not None:
                return article, True
        return None

    def article_for(self, path: str) -> ReplicaArticle | None:
        found = self.resolve_variant(path.split("?", 1)[0])
        return found[0] if found else super().article_for(path)

    def route(self, path: str, params: Params) -> Response | None:
        if path == "/" and "s" in params:
            return self.search_page(params) if self.has_search else None
        found = self.resolve_variant(path)
        if found is not None:
            return self.article_response(*found)
        if not path.endswith("/") and self.resolve_variant(path + "/"):
            return responses.redirect(path + "/")
        return self.site_route(path, params)

    def site_route(self, path: str, params: Params) -> Response | None:
        """The outlet's sitemaps, feeds and listings."""
        return None

    def rss_feed_link(self) -> str:
        """The ``<link rel=alternate>`` advertising the RSS ``/feed/`` on every page."""
        return (
            f'<link rel="alternate" type="application/rss+xml" '
            f'title="{esc(self.display_name)} &raquo; Feed" href="{esc(self.url("/feed/"))}">'
        )

    def rss_and_urlset(self, path: str, feed_count: int) -> Response | None:
        """RSS ``/feed/`` (the newest `feed_count` posts) and a ``/sitemap.xml`` of all posts."""
        if path == "/feed/":
            data = xmlfeeds.rss(
                self.entries(self.snapshot()[:feed_count]),
                title=self.display_name,
                site_url=self.url("/"),
                feed_url=self.url("/feed/"),
                updated=self.changed_at,
            )
            return responses.feed(data, "application/rss+xml", self.changed_at)
        if path == "/sitemap.xml":
            return responses.xml(xmlfeeds.urlset(self.entries(self.snapshot())), self.changed_at)
        return None

    def search_page(self, params: Params) -> Response | None:
        return None

    def home_href(self, article: ReplicaArticle, index: int) -> str:
        href = super().home_href(article, index)
        if index % 4 == 2:
            href = f"{article.path()}amp/" + (f"?{UTM}" if "?" in href else "")
        return href

    # ---- article pages ---------------------------------------------------------------------

    def article_response(self, article: ReplicaArticle, amp: bool) -> Response | None:
        if self.template_of(article) != zoo.HOME:  # the AMP variant of a zoo page
            return self.zoo_response(article, 1)
        meta = [
            meta_published(article),
            json_ld(article, self.url(article.path()), self.display_name),
            f'<meta property="article:section" content="{esc(article.category)}">',
            f'<meta name="author" content="{esc(article.author)}">',
        ]
        title = f"{article.title} - {self.display_name}"
        if amp:
            html = theme.document(
                head_html=theme.head(
                    title=title, canonical=self.url(article.path()), extra=meta, og_type="article"
                ),
                header_html=theme.logo(self.display_name),
                main_html=self.article_main(article),
                sidebar_html="",
                footer_html=self.footer(),
                body_class="amp-single",
                amp=True,
            )
        else:
            amphtml = f'<link rel="amphtml" href="{esc(self.url(article.path()))}amp/">'
            html = self.page(
                title=title,
                canonical_path=article.path(),
                main=self.article_main(article),
                body_class="single single-post",
                head=[*meta, amphtml],
                og_type="article",
            )
        return responses.html(html, article.published)

    def article_main(self, article: ReplicaArticle) -> str:
        return (
            f'<div class="breadcrumb"><a href="/">Beranda</a> » {esc(article.category.title())}'
            f'</div><h1 class="entry-title">{esc(article.title)}</h1>'
            f'<div class="entry-meta"><span class="byline">Oleh <span class="author vcard">'
            f"{esc(article.author)}</span></span> "
            f'<time class="published" datetime="{xmlfeeds.iso(article.published)}">'
            f"{theme.long_date(article.published)}</time></div>"
            f"{self.content_html(article)}"
            '<div class="share-buttons"><a href="https://facebook.example/sharer">Facebook</a> '
            '<a href="https://wa.example/send">WhatsApp</a></div>'
        )

    def content_html(self, article: ReplicaArticle) -> str:
        """The post body with the theme's noise; its class is the outlet's content xpath."""
        raise NotImplementedError
