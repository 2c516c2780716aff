"""Pages and feeds written by strangers: broken markup, charsets, sizes, bombs, floods.

One replica, one real cycle: sahabat serves every page and feed fault at
once (its other pages healthy), abadikini a sitemap of 100,000 URLs. Each
test then checks one case: the run completed, the stats counted it, the
healthy articles were stored, nothing bad was stored, the log names it.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from replica.faultdocs import (
    BILLION_LAUGHS,
    BROKEN_DATES,
    doctype,
    flood_after,
    rss_xml,
    sitemap_flood,
    sitemap_xml,
)
from replica.faults import Fault, gzip_of_zeros
from replica.model import ReplicaArticle
from tests.faults.netkit import World, curly_quotes, make_world, republish, unlisted
from tests.world import replica_for

pytestmark = pytest.mark.crawl

OUTLET = "sahabat"
FLOOD_OUTLET = "abadikini"
FLOOD_SIZE = 100_000
NEW_ARTICLE_CAP = 100  # small, so the flood costs few 404s; the default is 1000
MAX_RSS_MB = 300
XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"

# Link-only paths (nothing the outlet publishes there): what they serve is the fault.
EMPTY = "/2026/11/22/halaman-kosong/"
HUGE = "/2026/11/22/arsip-raksasa/"
HUGE_DECLARED = "/2026/11/22/arsip-raksasa-berpanjang/"
GZIP_BOMB = "/2026/11/22/bom-gzip/"
BINARY = "/2026/11/22/berkas-biner/"
LAUGHS_SITEMAP = "/faults/laughs-sitemap.xml"
LAUGHS_FEED = "/faults/laughs-feed.xml"
BOMB_SITEMAP = "/faults/bom-sitemap.xml.gz"
HTML_SITEMAP = "/faults/peta-situs"
DATES_FEED = "/faults/tanggal-rusak.xml"
FLOOD_SITEMAP = "/faults/sitemap-arsip.xml"
FLOOD_PREFIX = "/2019/01/01/arsip-"


@dataclass
class Crawl:
    world: World
    articles: dict[str, ReplicaArticle]  # case -> its article (healthy text = gold)


def malformed(body: bytes) -> bytes:
    """What broken templates and cut caches serve: end tags lost, stray ones, junk after."""
    return (
        body.replace(b"</p>", b"")
        .replace(b"</div>", b"</span>", 3)
        .replace(b"<body", b"<table><tr><td><body", 1)
        + b"<<<div <p class=>\x01</td"
    )


def unclosed_comment(body: bytes) -> bytes:
    """A comment opened before the story and never closed: the rest of the page is hidden."""
    return body.replace(b'<div class="post-content', b'<!-- <div class="post-content', 1)


def without_charset(body: bytes) -> bytes:
    return body.replace(b'<meta charset="utf-8">', b"")


def as_windows_1252(body: bytes) -> bytes:
    """The page re-encoded in windows-1252; the header and the meta tag still say UTF-8."""
    return body.decode("utf-8").encode("cp1252")


def with_invalid_bytes(article: ReplicaArticle):  # type: ignore[no-untyped-def]
    """Two stray invalid bytes inside words of two paragraphs (a bad copy-paste)."""

    def change(body: bytes) -> bytes:
        for paragraph in article.paragraphs[1:3]:
            first, second = paragraph.split()[3:5]
            body = body.replace(
                f"{first} {second}".encode(), f"{first} ".encode() + b"\xff\xfe" + second.encode()
            )
        return body

    return change


def binary_junk() -> bytes:
    rng = random.Random(7)
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(rng.randrange(256) for _ in range(60_000))


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    with replica_for() as replica:
        plan = replica.faults(OUTLET)
        articles: dict[str, ReplicaArticle] = {}
        # Articles of its own for each page fault, borrowed from outlets not crawled here.
        for case, source, change in [
            ("malformed", "neraca-002", malformed),
            ("comment", "neraca-014", unclosed_comment),
            ("no_charset", "neraca-007", without_charset),
            ("windows_1252", "neraca-010", as_windows_1252),
        ]:
            article = republish(replica, source, OUTLET, f"uji-{case}", change=curly_quotes)
            articles[case] = article
            content_type = "text/html" if case == "no_charset" else None
            plan.at(article.path(), Fault.rewrite(change, content_type))
        article = republish(replica, "inilahkoran-001", OUTLET, "uji-bita-rusak")
        articles["invalid_bytes"] = article
        plan.at(article.path(), Fault.rewrite(with_invalid_bytes(article)))

        for path, fault in [
            (EMPTY, Fault.empty()),
            (HUGE, Fault.huge(20_000_000)),
            (HUGE_DECLARED, Fault.huge(20_000_000, declare_length=True)),
            (GZIP_BOMB, Fault.gzip_bomb(1 << 30)),
            (BINARY, Fault.raw(binary_junk())),
        ]:
            plan.at(path, fault).link(path)

        # Discovery documents: each lists an article only it leads to.
        listed = [
            ("html_sitemap", "inilahkoran-004"),
            ("dates_feed", "inilahkoran-007"),
            ("laughs_sitemap", "inilahkoran-010"),
            ("laughs_feed", "inilahkoran-012"),
        ]
        for case, source in listed:
            articles[case] = unlisted(replica, plan, source, OUTLET, f"hanya-di-{case}")

        def url(case: str):  # type: ignore[no-untyped-def]
            return lambda base: [base + articles[case].path()]

        plan.at(
            HTML_SITEMAP,
            Fault.raw(lambda base: sitemap_xml(url("html_sitemap")(base)), "text/html"),
        ).sitemap(HTML_SITEMAP)
        plan.at(
            DATES_FEED,
            Fault.raw(lambda base: rss_xml(url("dates_feed")(base) * 7, dates=BROKEN_DATES), RSS),
        ).feed(DATES_FEED)
        bomb_prolog = doctype("urlset", BILLION_LAUGHS)
        plan.at(
            LAUGHS_SITEMAP,
            Fault.raw(
                lambda base: sitemap_xml(
                    url("laughs_sitemap")(base),
                    prolog=bomb_prolog,
                    extra=f"<url><loc>{base}/2026/11/22/&lol9;/</loc></url>\n",
                ),
                XML,
            ),
        ).sitemap(LAUGHS_SITEMAP)
        plan.at(
            LAUGHS_FEED,
            Fault.raw(
                lambda base: rss_xml(
                    url("laughs_feed")(base),
                    prolog=doctype("rss", BILLION_LAUGHS),
                    extra="<item><title>&lol9;</title><link>/2026/11/22/lol/</link></item>\n",
                ),
                RSS,
            ),
        ).feed(LAUGHS_FEED)
        plan.at(BOMB_SITEMAP, Fault.raw(gzip_of_zeros(1 << 30), "application/x-gzip")).sitemap(
            BOMB_SITEMAP
        )

        # A sitemap of 100,000 URLs on another outlet, listing its real articles first.
        site = replica.sites[FLOOD_OUTLET]
        replica.faults(FLOOD_OUTLET).at(
            FLOOD_SITEMAP,
            Fault.raw(
                flood_after(
                    lambda base: [base + a.path() for a in site.snapshot()],
                    sitemap_flood(FLOOD_SIZE, prefix=FLOOD_PREFIX),
                ),
                XML,
            ),
        ).sitemap(FLOOD_SITEMAP)

        world = make_world(
            tmp_path_factory.mktemp("pages"),
            replica,
            change=lambda d: d["crawl"].update(max_new_articles_per_run=NEW_ARTICLE_CAP),
        )
        world.cycle([OUTLET, FLOOD_OUTLET])
        yield Crawl(world, articles)


def assert_stored_whole(crawl: Crawl, case: str) -> None:
    article = crawl.articles[case]
    row = crawl.world.stored(article)
    assert row is not None, f"{case}: not stored"
    assert row["title"] == article.title
    assert row["text"] == "\n\n".join(article.paragraphs)


def test_every_page_fault_at_once_leaves_the_run_ok_and_the_healthy_articles_stored(
    crawl: Crawl,
) -> None:
    """every page and feed fault on one outlet at once: the runs complete, good articles stored"""
    world = crawl.world
    assert world.run(OUTLET).status == "ok", world.run(OUTLET).error
    assert world.run(FLOOD_OUTLET).status == "ok", world.run(FLOOD_OUTLET).error
    assert world.missing_positives(OUTLET, exclude={crawl.articles["comment"].id}) == []
    assert world.missing_positives(FLOOD_OUTLET) == []


def test_malformed_html_is_parsed_leniently_and_stored_whole(crawl: Crawl) -> None:
    """malformed HTML (lost end tags, stray ones, junk): parsed leniently, the whole story stored"""
    assert_stored_whole(crawl, "malformed")
    url = crawl.world.url(OUTLET, crawl.articles["malformed"].path())
    assert crawl.world.log_lines(OUTLET, "stored story", url)


def test_html_hiding_the_story_in_an_unclosed_comment_is_a_counted_failed_extraction(
    crawl: Crawl,
) -> None:
    """malformed HTML hiding the story (unclosed comment): failed extraction, counted, not stored"""
    world, article = crawl.world, crawl.articles["comment"]
    assert world.run(OUTLET).stats["extraction_failed"] >= 1
    assert world.stored(article) is None
    assert world.seen_status(OUTLET, article.path()) == "extraction_failed"
    assert world.log_lines(OUTLET, "extraction failed", world.url(OUTLET, article.path()))


def test_a_page_without_any_charset_is_decoded_right(crawl: Crawl) -> None:
    """no charset in the header or the page: detected as UTF-8, stored without mojibake"""
    assert_stored_whole(crawl, "no_charset")
    assert "\u201c" in crawl.world.stored(crawl.articles["no_charset"])["text"]  # type: ignore[index]


def test_windows_1252_served_as_utf8_is_repaired_counted_and_logged(crawl: Crawl) -> None:
    """windows-1252 bytes served as UTF-8: read as windows-1252, counted, logged, stored right"""
    world, article = crawl.world, crawl.articles["windows_1252"]
    assert_stored_whole(crawl, "windows_1252")
    assert world.detail(OUTLET).get("pages/charset_wrong", 0) >= 1
    assert world.log_lines(
        OUTLET, "page text repaired", "cp1252", world.url(OUTLET, article.path())
    )


def test_invalid_bytes_are_dropped_counted_and_logged(crawl: Crawl) -> None:
    """invalid bytes inside a UTF-8 page: dropped (no U+FFFD), counted, logged, story stored"""
    world, article = crawl.world, crawl.articles["invalid_bytes"]
    assert_stored_whole(crawl, "invalid_bytes")
    assert world.detail(OUTLET).get("pages/invalid_bytes", 0) >= 1
    assert world.log_lines(
        OUTLET, "bytes invalid in utf-8 dropped", world.url(OUTLET, article.path())
    )


def test_an_empty_200_is_a_counted_failed_extraction(crawl: Crawl) -> None:
    """an empty 200 page: a failed extraction, counted, marked seen, nothing stored"""
    world = crawl.world
    assert world.seen_status(OUTLET, EMPTY) == "extraction_failed"
    assert world.log_lines(OUTLET, "extraction failed", world.url(OUTLET, EMPTY), "empty")


@pytest.mark.parametrize("path", [HUGE, HUGE_DECLARED], ids=["streamed", "with-length"])
def test_a_20mb_page_is_cut_at_the_cap_counted_and_remembered(crawl: Crawl, path: str) -> None:
    """a 20 MB article page: cut at max_page_bytes, counted as too large, marked seen, not stored"""
    world = crawl.world
    assert world.run(OUTLET).stats["too_large"] >= 3  # both 20 MB pages and the gzip bomb
    assert world.seen_status(OUTLET, path) == "too_large"
    assert world.replica.faults(OUTLET).hits(path) == 1  # not retried, not fetched twice
    assert world.log_lines(OUTLET, "article too large", world.url(OUTLET, path))


def test_a_gzip_bomb_page_stops_unpacking_at_the_cap(crawl: Crawl) -> None:
    """a gzip bomb page (1 GB of zeros in 1 MB): unpacking stops at max_page_bytes, counted"""
    world = crawl.world
    assert world.seen_status(OUTLET, GZIP_BOMB) == "too_large"
    assert world.log_lines(OUTLET, "article too large", world.url(OUTLET, GZIP_BOMB))
    assert world.detail(OUTLET)["peak_rss_mb"] < MAX_RSS_MB


def test_binary_served_as_html_is_refused_as_not_text(crawl: Crawl) -> None:
    """binary data served as text/html: refused by extraction as not text, counted, not stored"""
    world = crawl.world
    assert world.seen_status(OUTLET, BINARY) == "extraction_failed"
    assert world.log_lines(OUTLET, "extraction failed", world.url(OUTLET, BINARY), "not text")


def test_a_billion_laughs_sitemap_is_refused_unexpanded(crawl: Crawl) -> None:
    """a billion-laughs XML bomb in a sitemap: refused unexpanded, counted invalid, logged"""
    world = crawl.world
    assert world.run(OUTLET).stats["xml_entities_refused"] >= 2  # this sitemap and the feed
    assert world.run(OUTLET).stats["sitemaps_invalid"] >= 1
    assert world.log_lines(
        OUTLET, "sitemap ignored", "XML entities", world.url(OUTLET, LAUGHS_SITEMAP)
    )
    assert world.stored(crawl.articles["laughs_sitemap"]) is None  # nothing in it is used
    assert not [r for r in world.replica.requests(OUTLET) if "lol" in r.path]


def test_a_billion_laughs_feed_is_refused_unexpanded(crawl: Crawl) -> None:
    """a billion-laughs XML bomb in a feed: refused unexpanded, counted invalid, logged"""
    world = crawl.world
    assert world.run(OUTLET).stats["feeds_invalid"] >= 1
    assert world.log_lines(OUTLET, "feed ignored", "XML entities", world.url(OUTLET, LAUGHS_FEED))
    assert world.stored(crawl.articles["laughs_feed"]) is None


def test_a_gzip_bomb_sitemap_stops_unpacking_at_the_sitemap_cap(crawl: Crawl) -> None:
    """a gzip-bomb sitemap (.xml.gz, 1 GB unpacked): unpacking stops at the cap, counted invalid"""
    world = crawl.world
    assert world.run(OUTLET).stats["sitemaps_invalid"] >= 2  # with the billion-laughs one
    assert world.log_lines(OUTLET, "sitemap ignored", "gzip", world.url(OUTLET, BOMB_SITEMAP))


def test_a_sitemap_served_as_html_is_read_as_xml(crawl: Crawl) -> None:
    """a sitemap served as text/html: read anyway (it is XML), counted, its article stored"""
    world = crawl.world
    assert world.detail(OUTLET).get("discovery/sitemaps_mislabelled", 0) >= 1
    assert world.log_lines(OUTLET, "sitemap served as text/html", world.url(OUTLET, HTML_SITEMAP))
    assert_stored_whole(crawl, "html_sitemap")


def test_a_feed_with_broken_dates_is_still_followed(crawl: Crawl) -> None:
    """a feed whose dates are empty, words or impossible: entries followed, bad dates counted"""
    world = crawl.world
    # The feed lists its one article seven times, once with each broken date.
    assert world.detail(OUTLET).get("discovery/feed_dates_invalid", 0) == len(BROKEN_DATES)
    assert world.log_lines(OUTLET, "unreadable dates", world.url(OUTLET, DATES_FEED))
    assert_stored_whole(crawl, "dates_feed")


def test_a_sitemap_of_100000_urls_is_streamed_capped_and_deferred(crawl: Crawl) -> None:
    """a sitemap of 100,000 URLs: streamed in bounded memory, new URLs capped, the rest deferred"""
    world = crawl.world
    detail = world.detail(FLOOD_OUTLET)
    assert detail["discovery/sitemap_entries"] >= FLOOD_SIZE
    assert detail["peak_rss_mb"] < MAX_RSS_MB
    fetched = [
        r.path for r in world.replica.requests(FLOOD_OUTLET) if r.path.startswith(FLOOD_PREFIX)
    ]
    assert 0 < len(fetched) <= NEW_ARTICLE_CAP
    assert detail["articles/deferred"] >= FLOOD_SIZE - NEW_ARTICLE_CAP
    # Fetched ones answered 404: remembered as gone; the deferred ones are left for later runs.
    assert world.seen_status(FLOOD_OUTLET, fetched[0]) == "gone"
    assert world.seen_status(FLOOD_OUTLET, f"{FLOOD_PREFIX}{FLOOD_SIZE - 1:06d}/") is None
    flood_url = world.url(FLOOD_OUTLET, FLOOD_SITEMAP)
    # Nothing answers 304 next run: the flood and the index above the outlet's other sitemaps.
    assert world.repo.validators(flood_url) is None
    assert world.repo.validators(world.url(FLOOD_OUTLET, "/sitemap_index.xml")) is None
    assert world.repo.validators(world.url(OUTLET, "/sitemap.xml")) is not None  # not deferred
    assert world.log_lines(FLOOD_OUTLET, "left for a later run", flood_url)


_JUNK = re.compile("\ufffd|lollol|\x00|\x01|PNG")


def test_nothing_bad_is_stored(crawl: Crawl) -> None:
    """every fault at once: no stored story holds U+FFFD, control bytes, entity text or junk"""
    rows = crawl.world.repo.story_rows()
    assert rows
    assert [row["canonical_url"] for row in rows if _JUNK.search(row["text"] + row["title"])] == []
    faulty = {crawl.world.key(OUTLET, p) for p in (EMPTY, HUGE, HUGE_DECLARED, GZIP_BOMB, BINARY)}
    assert faulty.isdisjoint(crawl.world.stories())
