"""Finding a story's further pages without a selector: page numbers, pager links, the walk."""

from __future__ import annotations

import pytest
from parsel import Selector

from crawler.config.canonical import CanonicalRules
from crawler.discovery.pagelinks import generic_page_links, page_digests, page_number
from crawler.discovery.pager import further_pages
from crawler.discovery.pagewalk import PageWalk

FIRST = "https://news.example/berita/2026/01/05/asn-harus-netral"


@pytest.mark.parametrize(
    ("url", "number"),
    [
        (FIRST + "?page=2", 2),
        (FIRST + "?hal=3", 3),
        (FIRST + "?halaman=4", 4),
        (FIRST + "/2", 2),
        (FIRST + "/2/", 2),
        (FIRST + "-3", 3),
        (FIRST + "/page/5", 5),
        (FIRST + "/halaman/2/", 2),
        ("https://news.example/amp/berita/2026/01/05/asn-harus-netral/2", 2),
        (FIRST + "/2/amp/", 2),
        ("https://www.news.example/berita/2026/01/05/asn-harus-netral?page=2", 2),
        (FIRST + "?page=1", 1),
        (FIRST + "/", 1),
    ],
)
def test_page_markers_number_the_pages_of_the_same_story(url: str, number: int) -> None:
    assert page_number(url, FIRST) == number


@pytest.mark.parametrize(
    "url",
    [
        "https://other.example/berita/2026/01/05/asn-harus-netral?page=2",  # another host
        "https://news.example/berita?page=2",  # the listing's pager
        "https://news.example/berita/2026/01/05/asn-lain?page=2",  # another story
        FIRST + "/comment-page-2/",  # comment pages
        FIRST + "?cpage=2",
        FIRST + "?page=2&sort=old",  # another query
        FIRST + "/foto/2",
        "ftp://news.example/berita/2026/01/05/asn-harus-netral?page=2",
    ],
)
def test_other_urls_are_not_pages_of_the_story(url: str) -> None:
    assert page_number(url, FIRST) is None


def test_extensions_keep_their_place() -> None:
    first = "https://news.example/read/asn-netral.html"
    assert page_number("https://news.example/read/asn-netral-2.html", first) == 2
    assert page_number("https://news.example/read/asn-netral.html?page=3", first) == 3
    assert page_number("https://news.example/read/asn-netral-2.php", first) is None


def _page(body: str, head: str = "") -> Selector:
    return Selector(text=f"<html><head>{head}</head><body>{body}</body></html>")


def test_a_pager_of_any_class_and_rel_next_are_found() -> None:
    html = _page(
        '<div class="pagination">Halaman : <span>1</span> <a href="?page=2">2</a> '
        '<a href="?page=3">3</a> <a href="?page=2">Selanjutnya »</a></div>',
        head=f'<link rel="next" href="{FIRST}?page=2">',
    )
    assert generic_page_links(html, FIRST, FIRST) == [
        (2, FIRST + "?page=2"),
        (3, FIRST + "?page=3"),
    ]


def test_related_stories_and_listing_pagers_are_not_pages() -> None:
    html = _page(
        '<div class="related"><a href="/berita/2026/01/05/asn-harus-netral-2">'
        "ASN harus netral jelang pilkada, kata Bawaslu</a>"
        '<a href="/berita/2026/01/05/lain">Lain</a></div>'
        '<div class="pager"><a href="/berita?page=2">2</a><a href="/berita/page/3">3</a></div>'
    )
    assert generic_page_links(html, FIRST, FIRST) == []


def test_numbers_are_read_against_the_first_page() -> None:
    page2 = FIRST + "/2/"
    html = _page(f'<a rel="next" href="{FIRST}/3/">berikutnya</a><a href="{FIRST}/">1</a>')
    assert generic_page_links(html, page2, FIRST) == [(3, FIRST + "/3/")]


def test_the_override_wins_where_it_matches_and_the_generic_pager_elsewhere() -> None:
    html = _page(
        '<div class="pg"><a href="?page=2">2</a></div>'
        '<div class="other"><a href="?page=3">3</a></div>'
    )
    override = '//div[@class="pg"]//a/@href'
    rules = CanonicalRules()
    assert further_pages(html, FIRST, FIRST, override, rules) == [(2, FIRST + "?page=2")]
    missing = '//div[@class="none"]//a/@href'
    assert [n for n, _ in further_pages(html, FIRST, FIRST, missing, rules)] == [2, 3]


def test_the_walk_goes_up_once_each_and_stops_at_max_pages() -> None:
    walk = PageWalk(FIRST, max_pages=3)
    walk.add([(2, "u2"), (3, "u3"), (4, "u4")])
    assert walk.capped
    assert walk.next_url() == "u2"
    walk.add([(2, "u2"), (1, FIRST), (3, "u3-again")])  # back links and known numbers
    assert walk.next_url() == "u3"
    walk.add([(2, "u2"), (3, "u3")])  # a loop
    assert walk.next_url() is None


def test_a_page_repeating_earlier_pages_adds_nothing() -> None:
    one = _page("<p>Paragraf satu tentang ASN.</p><p>Paragraf dua.</p>")
    two = _page("<div><p>Paragraf dua.</p><p>Paragraf satu tentang ASN.</p></div><p></p>")
    three = _page("<p>Paragraf tiga, baru.</p><p>Paragraf dua.</p>")
    walk = PageWalk(FIRST, max_pages=10)
    walk.first_read(page_digests(one))
    assert not walk.read(page_digests(two))
    assert walk.read(page_digests(three))
    assert (walk.fetched, walk.repeated) == (2, 1)
