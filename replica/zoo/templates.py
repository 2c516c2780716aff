"""The zoo's article templates: the same story in markup config.yaml was not written for.

Each is a kind of theme Indonesian outlets run, with its own class names, nesting and
places for the date, the author, inline promotions, related stories, comments and
the pager:

========  ========================  =========================  ===============================
template  date / author             "Baca Juga" / after story  pager
========  ========================  =========================  ===============================
portal    visible text only         link box / headline list   numbered ``?page=N``
magazine  ``<time>``, JSON-LD       list / cards, comments     ``/2/`` with ``rel=next``
bare      meta tags, ``<br>`` body  bold paragraph / fb box    "Selanjutnya" only, ``?page=N``
classic   text inside the body      ``<div>`` line, ad label   numbered ``/2``
========  ========================  =========================  ===============================

An outlet's own markup is its "home" template (:mod:`replica.sites`); these never
reuse a class name of a configured outlet's selectors.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from replica import theme
from replica.theme import esc
from replica.zoo import parts
from replica.zoo.parts import PageHref
from replica.zoo.view import ArticleView, path_page_href, query_page_href


@dataclass(frozen=True)
class Template:
    """How a zoo template renders an article page and names its further pages."""

    name: str
    render: Callable[[ArticleView], str]
    page_href: PageHref
    path_pages: bool  # further pages at ``<path>/N`` rather than ``?page=N``


def _body(view: ArticleView, promo: Callable[[int], str]) -> str:
    """The page's paragraphs, each followed by what `promo` puts after it (often nothing)."""
    return "".join(f"<p>{esc(p)}</p>{promo(i)}" for i, p in enumerate(view.paragraphs))


def portal(view: ArticleView) -> str:
    """A ``<div>`` portal: date and author as visible text, link-box promotions, numbers."""
    article, related = view.article, view.related
    first = view.page == 1

    def promo(i: int) -> str:
        if i == 1 and related:
            return parts.promo_box(related[0])
        if i == 4 and len(related) > 2:
            return parts.promo_box(related[2])
        return ""

    main = (
        f'<div class="breadcrumb-wrap"><a href="/">Beranda</a> &gt; '
        f"<span>{esc(article.category.title())}</span></div>"
        f'<div class="read-header"><h1 class="read-title">{esc(article.title)}</h1>'
        f'<div class="read-info"><div class="read-author">Penulis: '
        f'<a href="{parts.author_href(article)}">{esc(article.author)}</a></div>'
        f'<div class="read-time">{theme.long_date(article.published)}</div></div></div>'
        + (parts.figure(article, css="read-photo") if first else "")
        + f'<div class="read-body"><div class="read-body__inner">{_body(view, promo)}</div></div>'
        + parts.pager_numbers(view, query_page_href)
        + parts.tags(article)
        + parts.related_links(related[3:8], "Berita Terkait")
    )
    return parts.shell_div(
        view, canonical=query_page_href(article.path(), view.page), head=[], main=main
    )


def magazine(view: ArticleView) -> str:
    """An ``<article>`` theme: ``<time>`` and JSON-LD, promotion lists, cards, comments."""
    article, related = view.article, view.related

    def promo(i: int) -> str:
        return parts.promo_list(related[:2]) if i == 2 and len(related) > 1 else ""

    head_links, pager = parts.pager_rel_next(view, path_page_href)
    main = (
        f'<article class="post hentry"><header class="post-header">'
        f'<span class="post-cat"><a href="/kanal/{article.category}">{esc(article.category)}</a>'
        f'</span><h1 class="post-headline">{esc(article.title)}</h1>'
        f'<div class="post-byline">Oleh <a rel="author" href="{parts.author_href(article)}">'
        f'{esc(article.author)}</a> <time class="entry-date" datetime="'
        f'{article.published.isoformat()}">{theme.long_date(article.published)}</time></div>'
        "</header>"
        + (parts.figure(article, css="post-thumb") if view.page == 1 else "")
        + f'<section class="post-body">{_body(view, promo)}{pager}</section>'
        + f'<footer class="post-footer">{parts.tags(article)}</footer></article>'
        + parts.related_cards(related[2:6])
        + parts.comments_thread()
    )
    return parts.shell_semantic(
        view,
        canonical=path_page_href(article.path(), view.page),
        head=[parts.json_ld(view), head_links],
        main=main,
    )


def bare(view: ArticleView) -> str:
    """Plain ``<div>``s and a ``<br>``-separated body: meta-tag date, bold promotions."""
    article, related = view.article, view.related
    lines: list[str] = []
    for i, paragraph in enumerate(view.paragraphs):
        lines.append(esc(paragraph))
        if i == 1 and related:
            lines.append(parts.promo_bold(related[0]))
    main = (
        f'<div class="kiri"><div class="judul-berita"><h1>{esc(article.title)}</h1></div>'
        + f'<div class="isi-berita">{"<br><br>".join(lines)}</div>'
        + parts.pager_next_only(view, query_page_href)
        + parts.comments_box()
        + parts.related_links(related[2:7], "Berita Lainnya")
        + "</div>"
    )
    return parts.shell_div(
        view,
        canonical=query_page_href(article.path(), view.page),
        head=[parts.meta_published(article), parts.meta_author(article)],
        main=main,
    )


def classic(view: ArticleView) -> str:
    """An older portal: noise inside the body (date line, ad label, promotions), AMP-ish pager."""
    article, related = view.article, view.related

    def promo(i: int) -> str:
        if i == 0:
            return parts.ad_break()
        if i == 2 and related:
            return parts.promo_div(related[0])
        return ""

    main = (
        f'<div class="box-artikel"><h1 class="judul">{esc(article.title)}</h1>'
        f'<div class="isi-artikel"><div class="tanggal-inline">{theme.long_date(article.published)}'
        f"</div>{_body(view, promo)}"
        f"{parts.pager_numbers(view, path_page_href)}</div>"
        f"{parts.related_links(related[3:8], 'Berita Pilihan')}</div>"
    )
    return parts.shell_div(
        view,
        canonical=path_page_href(article.path(), view.page),
        head=[parts.meta_author(article)],
        main=main,
    )


#: The zoo, by name (the outlets' own "home" markup is not here).
ZOO: dict[str, Template] = {
    t.name: t
    for t in (
        Template("portal", portal, query_page_href, path_pages=False),
        Template("magazine", magazine, path_page_href, path_pages=True),
        Template("bare", bare, query_page_href, path_pages=False),
        Template("classic", classic, path_page_href, path_pages=True),
    )
}
