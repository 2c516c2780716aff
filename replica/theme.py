"""HTML building blocks every replica outlet shares: page shell, menus, sidebar, footer, dates.

Real news pages carry a few kilobytes of chrome around the story (menus,
widgets, scripts, footers); the replica reproduces that bulk so extraction and
size limits are tested on realistic pages. Outlets pick their own class names
(the extraction xpaths in config.yaml depend on them), so this module only
builds the parts whose markup does not matter. External links point to the
reserved ``.example`` domain: a crawler that wrongly followed one could never
reach a real site.
"""

from __future__ import annotations

import html
import re
import zlib
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime

from replica.model import WIB, ReplicaArticle

# The page weight knobs live in replica.weight; benchmarks and tests reach them here too.
from replica.weight import page_padding, page_weight

WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)

Link = tuple[str, str]  # (href, text)


_DATELINE = re.compile(r"^.{0,70}?\s[-–]\s")
_TAG_CLOUD = (
    "pilkada",
    "pemilu",
    "bawaslu",
    "kpu",
    "asn",
    "pemerintahan",
    "ekonomi",
    "umkm",
    "pendidikan",
    "kesehatan",
    "infrastruktur",
    "olahraga",
)


# Themes inline a few kilobytes of critical CSS; it makes page sizes realistic.
_INLINE_CSS = "".join(
    f".{block}{{margin:0 0 {i}px;padding:{i % 7}px {i % 11}px;font:400 {12 + i % 6}px/1.5 "
    f"Roboto,Arial,sans-serif;color:#2{i % 10}2{i % 10}2{i % 10}}}"
    for i, block in enumerate(
        f"{part}-{n}"
        for part in ("header", "menu", "widget", "card", "footer", "grid")
        for n in range(12)
    )
)


def esc(text: str) -> str:
    """HTML-escape text and attribute values."""
    return html.escape(text, quote=True)


def weekday_date(when: datetime) -> str:
    """``Kamis, 26/03/2026``: the way neraca prints a date."""
    local = when.astimezone(WIB)
    return f"{WEEKDAYS[local.weekday()]}, {local:%d/%m/%Y}"


def long_date(when: datetime) -> str:
    """``Senin, 02 November 2026 | 08:15 WIB``: the usual Indonesian byline date."""
    local = when.astimezone(WIB)
    month = MONTHS[local.month - 1]
    return f"{WEEKDAYS[local.weekday()]}, {local:%d} {month} {local:%Y} | {local:%H:%M} WIB"


def strip_dateline(paragraph: str) -> str:
    """The paragraph without its opening dateline (``INILAHKORAN, Cimahi - ``)."""
    return _DATELINE.sub("", paragraph, count=1)


def excerpt(article: ReplicaArticle, words: int = 24) -> str:
    """The first words of the body, as listings and feeds show them."""
    tokens = strip_dateline(article.paragraphs[0]).split()
    return " ".join(tokens[:words]) + ("…" if len(tokens) > words else "")


def links_list(links: Iterable[Link], *, ul_class: str = "", ordered: bool = False) -> str:
    """A ``<ul>``/``<ol>`` of links."""
    tag = "ol" if ordered else "ul"
    items = "".join(f'<li><a href="{esc(href)}">{esc(text)}</a></li>' for href, text in links)
    cls = f' class="{ul_class}"' if ul_class else ""
    return f"<{tag}{cls}>{items}</{tag}>"


def head(
    *,
    title: str,
    canonical: str,
    extra: Sequence[str] = (),
    og_type: str = "website",
    description: str = "",
) -> str:
    """The ``<head>``: canonical, Open Graph, analytics snippet and whatever the page adds."""
    parts = [
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f'<meta name="description" content="{esc(description or title)}">',
        f'<link rel="canonical" href="{esc(canonical)}">',
        f'<meta property="og:type" content="{og_type}">',
        f'<meta property="og:title" content="{esc(title)}">',
        f'<meta property="og:url" content="{esc(canonical)}">',
        '<meta property="og:locale" content="id_ID">',
        '<link rel="icon" href="/favicon.ico">',
        '<link rel="stylesheet" href="/assets/css/style.css?ver=6.4.2">',
        f"<style>{_INLINE_CSS}</style>",
        *extra,
        "<script>window.dataLayer=window.dataLayer||[];function gtag(){dataLayer.push(arguments)}"
        "gtag('js',new Date());gtag('config','G-REPLICA01');</script>",
    ]
    return "<head>\n" + "\n".join(parts) + "\n</head>"


def menu(items: Sequence[Link], *, nav_class: str = "main-menu") -> str:
    """The site's navigation bar, with a search box and the usual social icons."""
    entries = "".join(
        f'<li class="menu-item"><a href="{esc(h)}">{esc(t)}</a></li>' for h, t in items
    )
    social = "".join(
        f'<a class="social-icon" href="https://{name}.example/replica" rel="nofollow">{name}</a>'
        for name in ("facebook", "twitter", "instagram", "youtube")
    )
    return (
        f'<nav class="{nav_class}" aria-label="Menu utama"><ul class="menu">{entries}</ul></nav>'
        f'<div class="header-social">{social}</div>'
    )


def sidebar(
    popular: Sequence[Link],
    latest: Sequence[Link] = (),
    *,
    heading: str = "Terpopuler",
    tags_base: str = "",
) -> str:
    """A sidebar: most-read and latest lists, an ad slot, a tag cloud and a newsletter box."""
    tag_links = (
        " ".join(f'<a href="{esc(tags_base)}{t}">#{t}</a>' for t in _TAG_CLOUD)
        if tags_base
        else " ".join(f"<span>#{t}</span>" for t in _TAG_CLOUD)
    )
    return (
        '<aside class="sidebar" role="complementary">'
        f'<section class="widget widget-populer"><h3 class="widget-title">{esc(heading)}</h3>'
        f"{links_list(popular, ordered=True)}</section>"
        '<section class="widget widget-terkini"><h3 class="widget-title">Terkini</h3>'
        f"{links_list(latest)}</section>"
        '<section class="widget ads-slot"><div class="ad-300x250" data-slot="sidebar-1">'
        "<span>Advertisement</span></div></section>"
        f'<section class="widget tag-cloud"><h3 class="widget-title">Tag Populer</h3>{tag_links}'
        "</section>"
        '<section class="widget newsletter"><h3 class="widget-title">Berlangganan</h3>'
        "<p>Dapatkan berita pilihan setiap pagi langsung di kotak masuk Anda.</p>"
        '<form action="#"><input type="email" placeholder="Alamat email"><button>Daftar</button>'
        "</form></section></aside>"
    )


def footer(site_name: str, address: str, links: Sequence[Link]) -> str:
    """The footer: static pages, address, copyright."""
    return (
        '<footer class="site-footer"><div class="footer-links">'
        + " | ".join(f'<a href="{esc(h)}">{esc(t)}</a>' for h, t in links)
        + f'</div><div class="footer-address"><p>{esc(site_name)}</p><p>{esc(address)}</p>'
        "<p>Seluruh konten dilindungi undang-undang. Dilarang mengutip tanpa izin tertulis.</p>"
        f"</div><p class='copyright'>&copy; 2026 {esc(site_name)}. All rights reserved.</p>"
        "</footer>"
    )


def document(
    *,
    head_html: str,
    header_html: str,
    main_html: str,
    sidebar_html: str,
    footer_html: str,
    body_class: str,
    amp: bool = False,
) -> str:
    """Assemble a full page (padded to a realistic weight when `set_page_weight` asks)."""
    html_open = '<html amp lang="id">' if amp else '<html lang="id">'
    menu_html = more_html = scripts_html = ""
    if page_weight() is not None:
        bare = len(head_html) + len(header_html) + len(main_html) + len(sidebar_html)
        menu_html, more_html, scripts_html = page_padding(
            zlib.crc32(main_html.encode("utf-8")), bare + len(footer_html) + 300
        )
    return (
        f'<!DOCTYPE html>\n{html_open}\n{head_html}\n<body class="{body_class}">\n'
        f'<header class="site-header">{header_html}{menu_html}</header>\n'
        f'<div class="wrapper"><main class="main-column">{main_html}</main>\n'
        f"{sidebar_html}{more_html}</div>\n{footer_html}\n{scripts_html}</body>\n</html>\n"
    )


def logo(site_name: str) -> str:
    """The header logo linking home."""
    return f'<div class="site-logo"><a href="/" title="{esc(site_name)}">{esc(site_name)}</a></div>'


def pagination(
    current: int,
    last: int,
    href_for: Callable[[int], str],
    *,
    css: str = "pagination",
    next_text: str = "Selanjutnya",
) -> str:
    """A listing pager: a window of numbered links, the current page as a span, rel=next."""
    parts = []
    for number in range(max(1, current - 4), min(last, current + 5) + 1):
        if number == current:
            parts.append(f'<span class="current">{number}</span>')
        else:
            parts.append(f'<a class="page-numbers" href="{esc(href_for(number))}">{number}</a>')
    if current < last:
        parts.append(
            f'<a class="next" rel="next" href="{esc(href_for(current + 1))}">{next_text}</a>'
        )
    return f'<div class="{css}">{" ".join(parts)}</div>'


def empty_page(site_name: str, message: str) -> str:
    """A bare page (static pages, private drafts, errors)."""
    return (
        f'<!DOCTYPE html>\n<html lang="id"><head><meta charset="utf-8"><title>{esc(site_name)}'
        f"</title></head><body>{logo(site_name)}<main><p>{esc(message)}</p></main></body></html>\n"
    )
