"""Discovery documents for fault tests: sitemaps and feeds, hostile or merely careless.

XML bombs and external entities (:data:`BILLION_LAUGHS`, :func:`doctype`,
:func:`external_entity`) go into the prolog of a :func:`sitemap_xml` or
:func:`rss_xml`; :func:`sitemap_flood` streams a 100,000-URL sitemap from a
generator; :data:`BROKEN_DATES` are pubDates a careless CMS writes. Serve them
with ``Fault.raw(...)`` (:mod:`replica.faults`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from xml.sax.saxutils import escape, quoteattr

XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"
_SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"

#: The classic "billion laughs": ten levels of ten references, 10^9 "lol"s if expanded.
BILLION_LAUGHS = "".join(
    [
        '<!ENTITY lol "lol">',
        *(
            f'<!ENTITY lol{n} "{("&lol" + (str(n - 1) if n > 1 else "") + ";") * 10}">'
            for n in range(1, 10)
        ),
    ]
)


def doctype(root: str, declarations: str) -> str:
    """A DOCTYPE with an internal subset, e.g. ``doctype("urlset", BILLION_LAUGHS)``."""
    return f"<!DOCTYPE {root} [{declarations}]>\n"


def external_entity(name: str, uri: str) -> str:
    """An external entity declaration: ``file:///etc/passwd``, ``http://127.0.0.1:PORT/``."""
    return f"<!ENTITY {name} SYSTEM {quoteattr(uri)}>"


def sitemap_xml(
    urls: Iterable[str], *, prolog: str = "", extra: str = "", lastmod: str | None = None
) -> bytes:
    """A urlset; ``prolog`` goes before the root (a DOCTYPE), ``extra`` inside it, raw."""
    stamp = f"<lastmod>{escape(lastmod)}</lastmod>" if lastmod else ""
    rows = "".join(f"<url><loc>{escape(url)}</loc>{stamp}</url>\n" for url in urls)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<urlset xmlns="{_SITEMAP_NS}">\n'
        f"{extra}{rows}</urlset>\n"
    ).encode()


def sitemap_index_xml(urls: Iterable[str], *, prolog: str = "") -> bytes:
    """A sitemap index naming these child sitemaps."""
    rows = "".join(f"<sitemap><loc>{escape(url)}</loc></sitemap>\n" for url in urls)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<sitemapindex xmlns="{_SITEMAP_NS}">\n'
        f"{rows}</sitemapindex>\n"
    ).encode()


def rss_xml(
    urls: Iterable[str],
    *,
    prolog: str = "",
    extra: str = "",
    dates: Sequence[str] | None = None,
    title: str = "Berita",
) -> bytes:
    """An RSS 2.0 feed of these links; ``dates`` are the items' pubDate, verbatim."""
    items = []
    for n, url in enumerate(urls):
        date = f"<pubDate>{escape(dates[n % len(dates)])}</pubDate>" if dates else ""
        items.append(
            f"<item><title>{escape(title)} {n + 1}</title><link>{escape(url)}</link>{date}"
            f'<guid isPermaLink="true">{escape(url)}</guid></item>\n'
        )
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n{prolog}<rss version="2.0"><channel>'
        f"<title>{escape(title)}</title><link>/</link><description>Berita</description>\n"
        f"{extra}{''.join(items)}</channel></rss>\n"
    ).encode()


#: pubDate values a careless CMS writes: empty, local words, impossible dates, wrong formats.
BROKEN_DATES: tuple[str, ...] = (
    "",
    "kemarin sore",
    "Senin, 32 Desember 2026",
    "2026-13-45T25:61:00+07:00",
    "Mon, 99 Foo 2026 99:99:99 +0700",
    "0000-00-00 00:00:00",
    "{{ post.date }}",
)


def sitemap_flood(
    count: int, *, prefix: str = "/2019/01/01/arsip-", lastmod: str | None = None, head: int = 0
) -> Callable[[str], Iterator[bytes]]:
    """A urlset of ``count`` generated URLs ``<prefix>NNNNNN/``, streamed in chunks.

    ``head`` real URLs can be put first by wrapping (see :func:`flood_after`).
    The generated paths are unknown to the outlet, which answers 404.
    """

    def chunks(base_url: str) -> Iterator[bytes]:
        yield f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="{_SITEMAP_NS}">\n'.encode()
        stamp = f"<lastmod>{lastmod}</lastmod>" if lastmod else ""
        batch: list[str] = []
        for n in range(count):
            batch.append(f"<url><loc>{base_url}{prefix}{n:06d}/</loc>{stamp}</url>\n")
            if len(batch) == 1000:
                yield "".join(batch).encode()
                batch = []
        yield ("".join(batch) + "</urlset>\n").encode()

    return chunks


def flood_after(
    first: Callable[[str], Iterable[str]], flood: Callable[[str], Iterator[bytes]]
) -> Callable[[str], Iterator[bytes]]:
    """A flood sitemap that lists ``first(base_url)`` URLs before its generated ones.

    A big real sitemap lists the site's real articles too: they come first here,
    so a crawler that caps new URLs per run still reaches them.
    """

    def chunks(base_url: str) -> Iterator[bytes]:
        generated = flood(base_url)
        opening = next(generated)
        rows = "".join(f"<url><loc>{escape(url)}</loc></url>\n" for url in first(base_url))
        yield opening + rows.encode()
        yield from generated

    return chunks
