"""Opt-in page weight for benchmarks: padding that brings replica pages to real pages' size.

The pages of :mod:`replica.theme` weigh ~17 KB; real news pages weigh 60-150 KB, most of it
inline scripts, mega menus, icon sprites and "more news" grids. Extraction cost grows with
the page, so a benchmark that wants realistic costs turns padding on with
`set_page_weight((60, 150))` or ASNWATCH_REPLICA_PAGE_KB=60-150 (for `python -m replica`).
Off by default: tests and the demo see unpadded pages. Padding sits outside the article
and links only /tag/ and /kanal/ paths (no outlet's article pattern matches them), carries
no dates, and is the same for the same page every time (seeded by the page's main
content), so ETags stay stable.
"""

from __future__ import annotations

import os
from functools import lru_cache

PAGE_WEIGHT_ENV = "ASNWATCH_REPLICA_PAGE_KB"
_PAD_WORDS = (
    "pemerintah",
    "warga",
    "kota",
    "desa",
    "program",
    "bantuan",
    "jalan",
    "pasar",
    "sekolah",
    "festival",
    "harga",
    "layanan",
    "kesehatan",
    "bandung",
    "jakarta",
    "daerah",
    "nasional",
    "wisata",
    "kuliner",
    "olahraga",
    "teknologi",
    "banjir",
    "tol",
    "kereta",
    "bandara",
    "pelabuhan",
    "petani",
    "nelayan",
    "musim",
    "hujan",
    "mudik",
    "libur",
    "promo",
    "diskon",
)


def _parse_weight(value: str | None) -> tuple[int, int] | None:
    """``"60-150"`` (kilobytes) to (60, 150); empty or None to None."""
    if not value:
        return None
    low, _, high = value.partition("-")
    bounds = (int(low), int(high or low))
    if not 0 < bounds[0] <= bounds[1]:
        raise ValueError(f"{PAGE_WEIGHT_ENV} must be MIN-MAX kilobytes, got {value!r}")
    return bounds


_page_weight: tuple[int, int] | None = _parse_weight(os.environ.get(PAGE_WEIGHT_ENV))


def set_page_weight(kilobytes: tuple[int, int] | None) -> None:
    """Pad every page to a size within ``(min, max)`` KB from now on; None turns it off.

    Sites cache rendered pages: set this before the replica serves anything.
    """
    global _page_weight
    if kilobytes is not None and not 0 < kilobytes[0] <= kilobytes[1]:
        raise ValueError(f"page weight must be (min, max) kilobytes, got {kilobytes!r}")
    _page_weight = kilobytes


def page_weight() -> tuple[int, int] | None:
    """The current page weight range in KB, or None (pages unpadded)."""
    return _page_weight


def _pad_text(seed: int, words: int) -> str:
    return " ".join(_PAD_WORDS[(seed * 7 + i * 13) % len(_PAD_WORDS)] for i in range(words))


def _script_block(i: int) -> str:
    """An ad-slot configuration script of the kind news themes inline by the dozen."""
    slots = [f"div-gpt-ad-{i}-{k}" for k in range(12)]
    segments = ",".join(str(i * k % 997) for k in range(40))
    labels = [_pad_text(i * 3 + k, 4) for k in range(18)]
    return (
        f'<script id="widget-{i}">(function(w,d){{var c=w.__cfg{i}=w.__cfg{i}||{{}};'
        f"c.slots={slots!r};"
        f'c.targeting={{"kanal":"{_pad_text(i, 1)}","seg":[{segments}]}};'
        f"c.labels={labels!r};"
        "d.addEventListener('DOMContentLoaded',function(){var e=d.querySelectorAll('.ads-slot');"
        "for(var n=0;n<e.length;n++){e[n].setAttribute('data-ready','1');}});"
        "})(window,document);</script>"
    )


@lru_cache(maxsize=1)
def _padding_blocks() -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
    """The pieces pages are padded with, built once: menu, icons, cards, scripts."""
    columns = "".join(
        f'<div class="mega-col"><h4>{_pad_text(c, 2).title()}</h4><ul>'
        + "".join(
            f'<li><a href="/kanal/{_pad_text(c * 20 + i, 2).replace(" ", "-")}">'
            f"{_pad_text(c * 20 + i, 3).title()}</a></li>"
            for i in range(14)
        )
        + "</ul></div>"
        for c in range(8)
    )
    menu = f'<div class="mega-menu" hidden>{columns}</div>'
    icons = (
        '<svg xmlns="http://www.w3.org/2000/svg" style="display:none">'
        + "".join(
            f'<symbol id="icon-{i}" viewBox="0 0 24 24"><path d="M{i % 9} {i % 7}'
            + "".join(f"l{(i * k) % 11 - 5} {(i + k) % 13 - 6}" for k in range(24))
            + 'z"/></symbol>'
            for i in range(30)
        )
        + "</svg>"
    )
    cards = tuple(
        f'<div class="card card-{i}"><a href="/tag/{_pad_text(i, 2).replace(" ", "-")}">'
        f'<img src="/media/thumb-{i}.jpg" alt="" loading="lazy" width="320" height="180">'
        f"<h3>{_pad_text(i, 9).capitalize()}</h3></a>"
        f'<span class="card-label">{_pad_text(i + 3, 1)}</span></div>'
        for i in range(400)
    )
    scripts = tuple(_script_block(i) for i in range(200))
    return menu, icons, cards, scripts


def page_padding(seed: int, bare_size: int) -> tuple[str, str, str]:
    """(menu, more-news grid, scripts) bringing a page of `bare_size` bytes to its weight.

    The target is drawn from the weight range by `seed`; about a third of what is
    missing becomes HTML (menu, icons, cards), the rest inline scripts, as on real
    news pages.
    """
    if _page_weight is None:
        return "", "", ""
    low, high = (kb * 1024 for kb in _page_weight)
    target = low + seed % (high - low + 1)
    menu, icons, cards, scripts = _padding_blocks()
    missing = max(0, target - bare_size - len(menu) - len(icons))
    grid: list[str] = []
    html_budget = missing // 3
    while html_budget > 0:
        card = cards[(seed + len(grid)) % len(cards)]
        grid.append(card)
        html_budget -= len(card)
    missing -= sum(map(len, grid))
    inline: list[str] = []
    while missing > 0:
        script = scripts[(seed + len(inline)) % len(scripts)]
        inline.append(script)
        missing -= len(script)
    more = f'<section class="more-news"><h2>Berita Lainnya</h2>{"".join(grid)}</section>'
    return menu + icons, more, "".join(inline)
