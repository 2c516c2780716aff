"""Pieces the zoo templates share: page shells, inline promotions, pagers, comments, related lists.

Each piece comes in the shapes real Indonesian news themes use, so a template is a
choice among them: "Baca Juga" as a link box, a list or a bold paragraph; the pager
as numbered links, ``rel=next`` links or a lone "Selanjutnya"; comments as a
WordPress thread or a discussion box. Reader comments and labels are the team's own
text, not real readers'.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence

from replica import theme, xmlfeeds
from replica.model import ReplicaArticle, slugify
from replica.theme import esc
from replica.zoo.view import ArticleView

PageHref = Callable[[str, int], str]

# Readers' comments under a story (invented by the team).
_COMMENTS = (
    ("Warga Cimahi", "Semoga pelayanan di kantor kelurahan tetap cepat seperti biasa."),
    ("Dedi S.", "Informasinya bermanfaat, terima kasih redaksi sudah menuliskannya."),
    ("Rina", "Kapan jadwal lengkapnya diumumkan? Mohon dikabari lagi ya."),
)


def shell_div(view: ArticleView, *, canonical: str, head: Sequence[str], main: str) -> str:
    """A page built of ``<div>``s only: no ``<main>``, ``<header>``, ``<aside>`` or ``<footer>``."""
    head_html = theme.head(
        title=page_title(view),
        canonical=view.url(canonical),
        extra=[*head, *view.head_extra],
        og_type="article",
    )
    return (
        f'<!DOCTYPE html>\n<html lang="id">\n{head_html}\n<body class="post-template-default">\n'
        f'<div id="page"><div class="topbar">{view.header_html}</div>\n'
        f'<div class="container"><div class="row"><div class="col-md-8">{main}</div>\n'
        f'<div class="col-md-4">{view.sidebar_html}</div></div></div>\n'
        f'<div class="bottom-bar">{view.footer_html}</div></div>\n</body>\n</html>\n'
    )


def shell_semantic(view: ArticleView, *, canonical: str, head: Sequence[str], main: str) -> str:
    """The usual HTML5 page (``<header>``, ``<main>``, ``<aside>``, ``<footer>``)."""
    return theme.document(
        head_html=theme.head(
            title=page_title(view),
            canonical=view.url(canonical),
            extra=[*head, *view.head_extra],
            og_type="article",
        ),
        header_html=view.header_html,
        main_html=main,
        sidebar_html=view.sidebar_html,
        footer_html=view.footer_html,
        body_class="single-article",
    )


def page_title(view: ArticleView) -> str:
    """``Headline - Outlet``, with ``(Halaman N)`` on further pages."""
    more = f" (Halaman {view.page})" if view.page > 1 else ""
    return f"{view.article.title}{more} - {view.site_name}"


def meta_published(article: ReplicaArticle) -> str:
    return f'<meta property="article:published_time" content="{xmlfeeds.iso(article.published)}">'


def meta_author(article: ReplicaArticle) -> str:
    return f'<meta name="author" content="{esc(article.author)}">'


def json_ld(view: ArticleView) -> str:
    """A schema.org graph (Yoast style) naming the date and the author, but no body."""
    article = view.article
    data = {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebPage", "@id": view.url(article.path()), "name": article.title},
            {
                "@type": "NewsArticle",
                "headline": article.title,
                "datePublished": xmlfeeds.iso(article.published),
                "author": [{"@type": "Person", "name": article.author}],
                "publisher": {"@type": "Organization", "name": view.site_name},
            },
        ],
    }
    text = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
    return f'<script type="application/ld+json">{text}</script>'


def author_href(article: ReplicaArticle) -> str:
    return f"/penulis/{slugify(article.author)}"


def figure(article: ReplicaArticle, *, css: str) -> str:
    """The lead photo with its caption (a sentence of the story plus a credit)."""
    source = article.paragraphs[1] if len(article.paragraphs) > 1 else article.paragraphs[0]
    caption = theme.strip_dateline(source).split(". ")[0].rstrip(".") + ". (Foto: dok. redaksi)"
    return (
        f'<figure class="{css}"><img src="/media/{slugify(article.slug)}.jpg" alt="" '
        f'width="800" height="450"><figcaption>{esc(caption)}</figcaption></figure>'
    )


# ---- "Baca Juga" in its shapes ----------------------------------------------------------


def promo_box(other: ReplicaArticle) -> str:
    """A link box: a label and one headline, in ``<div>``s."""
    return (
        f'<div class="inline-promo"><span class="inline-promo__label">Baca Juga</span>'
        f'<a class="inline-promo__link" href="{esc(other.path())}">{esc(other.title)}</a></div>'
    )


def promo_list(others: Sequence[ReplicaArticle]) -> str:
    """A heading over a list of headlines."""
    items = "".join(f'<li><a href="{esc(a.path())}">{esc(a.title)}</a></li>' for a in others)
    return f'<div class="related-inline"><h4>Baca Juga</h4><ul>{items}</ul></div>'


def promo_bold(other: ReplicaArticle) -> str:
    """A paragraph: a bold label and a link."""
    return (
        f'<p><strong>BACA JUGA:</strong> <a href="{esc(other.path())}">{esc(other.title)}</a></p>'
    )


def promo_div(other: ReplicaArticle) -> str:
    """A ``<div>`` line inside the body: label text and a link, no paragraph."""
    return (
        f'<div class="baca-lain">Baca juga: <a href="{esc(other.path())}">{esc(other.title)}</a>'
        "</div>"
    )


def ad_break() -> str:
    """An in-article ad slot with its labels, as portals print them between paragraphs."""
    return (
        '<div class="ads-inarticle"><div class="ads-label">ADVERTISEMENT</div>'
        '<div id="div-gpt-ad-inarticle-1"></div>'
        '<div class="ads-scroll">SCROLL TO CONTINUE WITH CONTENT</div></div>'
    )


# ---- pagers ----------------------------------------------------------------------------


def pager_numbers(view: ArticleView, href: PageHref) -> str:
    """Numbered links, the current page as a span."""
    if view.page_count < 2:
        return ""
    path = view.article.path()
    links = [
        f'<span class="aktif">{n}</span>'
        if n == view.page
        else f'<a href="{esc(href(path, n))}">{n}</a>'
        for n in range(1, view.page_count + 1)
    ]
    return f'<div class="paging-artikel"><span class="label">Halaman</span> {" ".join(links)}</div>'


def pager_rel_next(view: ArticleView, href: PageHref) -> tuple[str, str]:
    """(head links, body pager): ``<link rel=prev/next>`` plus numbers and a rel=next link."""
    if view.page_count < 2:
        return "", ""
    path, page = view.article.path(), view.page
    head = []
    if page > 1:
        head.append(f'<link rel="prev" href="{esc(view.url(href(path, page - 1)))}">')
    if page < view.page_count:
        head.append(f'<link rel="next" href="{esc(view.url(href(path, page + 1)))}">')
    numbers = [
        f'<span class="page-current">{n}</span>'
        if n == page
        else f'<a class="post-page-numbers" href="{esc(href(path, n))}">{n}</a>'
        for n in range(1, view.page_count + 1)
    ]
    if page < view.page_count:
        numbers.append(
            f'<a class="next-page" rel="next" href="{esc(href(path, page + 1))}">Berikutnya</a>'
        )
    return "".join(head), f'<nav class="page-links">{" ".join(numbers)}</nav>'


def pager_next_only(view: ArticleView, href: PageHref) -> str:
    """A lone "Selanjutnya" button: the only way from one page to the next."""
    if view.page >= view.page_count:
        return ""
    target = href(view.article.path(), view.page + 1)
    return f'<div class="lanjut"><a class="btn-lanjut" href="{esc(target)}">Selanjutnya</a></div>'


# ---- after the story -------------------------------------------------------------------


def tags(article: ReplicaArticle) -> str:
    words = [article.category, "berita", "terkini"]
    links = " ".join(f'<a href="/tag/{w}">{esc(w)}</a>' for w in words)
    return f'<div class="tag-list"><span>Tag:</span> {links}</div>'


def related_links(others: Sequence[ReplicaArticle], heading: str) -> str:
    """A heading over other stories' headlines."""
    items = "".join(f'<li><a href="{esc(a.path())}">{esc(a.title)}</a></li>' for a in others)
    return f'<div class="box-terkait"><h3>{esc(heading)}</h3><ul>{items}</ul></div>'


def related_cards(others: Sequence[ReplicaArticle]) -> str:
    """Cards of other stories: headline, date and an excerpt cut with an ellipsis."""
    cards = "".join(
        f'<article class="card-post"><h3 class="card-post__title"><a href="{esc(a.path())}">'
        f'{esc(a.title)}</a></h3><span class="card-post__date">{theme.long_date(a.published)}'
        f'</span><p class="card-post__excerpt">{esc(theme.excerpt(a, 18))}</p></article>'
        for a in others
    )
    return f'<section class="more-stories"><h2>Artikel Lainnya</h2>{cards}</section>'


def comments_thread() -> str:
    """A WordPress comment thread with its reply form."""
    items = "".join(
        f'<li class="comment"><div class="comment-author vcard"><b class="fn">{esc(name)}</b>'
        f'</div><div class="comment-content"><p>{esc(text)}</p></div></li>'
        for name, text in _COMMENTS
    )
    return (
        f'<div id="comments" class="comments-area"><h2 class="comments-title">'
        f'{len(_COMMENTS)} Tanggapan</h2><ol class="comment-list">{items}</ol>'
        '<div id="respond" class="comment-respond"><h3>Tinggalkan Balasan</h3>'
        '<form action="/wp-comments-post.php" method="post"><textarea name="comment">'
        "</textarea><button>Kirim Komentar</button></form></div></div>"
    )


def comments_box() -> str:
    """A discussion box of the kind embedded comment services fill in with a script."""
    return (
        '<div class="comment-box" id="komentar"><h3>Komentar</h3>'
        '<div class="fb-comments" data-href="" data-numposts="5"></div>'
        '<div id="disqus_thread"></div>'
        "<script>var disqus_config=function(){this.page.identifier='replica';};</script></div>"
    )
