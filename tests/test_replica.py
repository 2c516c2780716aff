"""The local replica serves what docs/outlets.md and config.yaml expect of each outlet.

Every test starts its own replica on port 0 from the small fixture in
tests/data/replica_mini/ (plus the generic outlet for any configured outlet
the fixture has no data for) and talks only to 127.0.0.1.
"""

from __future__ import annotations

import gzip
import http.client
import json
import re
import subprocess
import sys
import time
import zlib
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from email.message import Message
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import lxml.etree
import lxml.html
import pytest
import yaml
from protego import Protego
from scrapy.utils.sitemap import Sitemap

from crawler.config.model import load_config
from replica import Replica
from replica.faults import (
    LINKS_FEED,
    LINKS_SITEMAP,
    Fault,
    Sentinel,
    flood_after,
    gzip_of_zeros,
    sitemap_flood,
)
from replica.loader import DEFAULT_DATA_DIR, data_outlets, load_articles
from replica.model import WIB
from replica.sites import SITES
from tests.conftest import CONFIGURED_OUTLETS, ROOT

MINI = Path(__file__).resolve().parent / "data" / "replica_mini"
TODAY = date(2026, 11, 23)  # the data frame's today: dates are served as written
CONFIG = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))["outlets"]
CONFIGURED = load_config(ROOT / "config.yaml").outlets
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "atom": "http://www.w3.org/2005/Atom",
}


@pytest.fixture
def replica() -> Iterator[Replica]:
    with Replica(MINI, outlets=CONFIGURED, today=TODAY) as running:
        yield running


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, Message, bytes]:
    """GET without following redirects; refuses anything but the loopback replica."""
    split = urlsplit(url)
    assert split.hostname == "127.0.0.1", url
    conn = http.client.HTTPConnection(split.hostname, split.port, timeout=10)
    try:
        target = split.path + (f"?{split.query}" if split.query else "")
        conn.request("GET", target, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def get_ok(url: str) -> bytes:
    status, _, body = fetch(url)
    assert status == 200, (url, status)
    return body


def content_block(page: bytes, outlet: str) -> lxml.html.HtmlElement:
    (block,) = lxml.html.fromstring(page).xpath(CONFIG[outlet]["extraction"]["content_xpath"])
    return block


def body_paragraphs(block: lxml.html.HtmlElement) -> list[str]:
    """The ``<p>`` directly in the content block, minus inline ``Baca Juga`` lines."""
    texts = [p.text_content() for p in block.xpath("./p")]
    return [t for t in texts if not t.startswith("Baca Juga") and t != "NERACA"]


# ---- server basics ---------------------------------------------------------------------------


def test_each_outlet_listens_on_its_own_loopback_port(replica: Replica) -> None:
    ports = {urlsplit(url).port for url in replica.base_urls.values()}
    assert set(replica.base_urls) == {*CONFIGURED_OUTLETS, *data_outlets(MINI)}
    assert all(url.startswith("http://127.0.0.1:") for url in replica.base_urls.values())
    assert len(ports) == len(replica.base_urls) and 0 not in ports


def test_stop_frees_the_ports() -> None:
    running = Replica(MINI, today=TODAY).start()
    url = running.base_urls["neraca"]
    running.stop()
    with pytest.raises(OSError):
        fetch(url + "/robots.txt")


def test_every_article_path_matches_the_configured_pattern(replica: Replica) -> None:
    for article in replica.articles:
        assert re.match(CONFIG[article.outlet]["article_url_pattern"], article.path()), article.id


# ---- robots.txt --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("outlet", "sitemap"),
    [
        ("inilahkoran", "/sitemap.xml"),
        ("neraca", None),
        ("abadikini", "/sitemap_index.xml"),
        ("sahabat", "/sitemap.xml"),
        ("nyaringindonesia", None),
    ],
)
def test_robots_names_a_sitemap_only_where_the_outlet_has_one(
    replica: Replica, outlet: str, sitemap: str | None
) -> None:
    base = replica.base_urls[outlet]
    robots = Protego.parse(get_ok(base + "/robots.txt").decode())
    expected = [base + sitemap] if sitemap else []
    assert list(robots.sitemaps) == expected


@pytest.mark.parametrize("outlet", CONFIGURED_OUTLETS)
def test_homepage_links_a_disallowed_page_that_looks_like_an_article(
    replica: Replica, outlet: str
) -> None:
    base = replica.base_urls[outlet]
    robots = Protego.parse(get_ok(base + "/robots.txt").decode())
    homepage = get_ok(base + "/").decode()
    pattern = CONFIG[outlet]["article_url_pattern"]
    private = replica.private_paths(outlet)
    assert any(re.match(pattern, path) for path in private)
    for path in private:
        assert f'href="{path}"' in homepage
        assert not robots.can_fetch(base + path, "asnwatch")
    for article in replica.articles:
        if article.outlet == outlet:
            assert robots.can_fetch(replica.article_url(article), "asnwatch"), article.id


# ---- sitemaps ----------------------------------------------------------------------------------


def sitemap_locs(body: bytes) -> tuple[str, list[dict[str, str]]]:
    sitemap = Sitemap(body)
    return sitemap.type, list(sitemap)


def urls_of(replica: Replica, outlet: str) -> set[str]:
    return {replica.article_url(a) for a in replica.articles if a.outlet == outlet}


def test_inilahkoran_sitemap_index_leads_to_news_and_gzip_sitemaps(replica: Replica) -> None:
    base = replica.base_urls["inilahkoran"]
    kind, children = sitemap_locs(get_ok(base + "/sitemap.xml"))
    assert kind == "sitemapindex"
    assert [c["loc"] for c in children] == [
        base + "/sitemap-news.xml",
        base + "/sitemap-posts.xml.gz",
    ]

    news = get_ok(base + "/sitemap-news.xml")
    titles = lxml.etree.fromstring(news).xpath("//news:title/text()", namespaces=NS)
    assert set(titles) == {a.title for a in replica.articles if a.outlet == "inilahkoran"}

    status, headers, packed = fetch(base + "/sitemap-posts.xml.gz")
    assert status == 200 and headers["Content-Type"] == "application/x-gzip"
    kind, entries = sitemap_locs(gzip.decompress(packed))
    assert kind == "urlset"
    assert {e["loc"] for e in entries} == urls_of(replica, "inilahkoran")
    assert all(datetime.fromisoformat(e["lastmod"]).tzinfo for e in entries)


def test_abadikini_sitemaps_list_every_article_including_copies(replica: Replica) -> None:
    base = replica.base_urls["abadikini"]
    _, children = sitemap_locs(get_ok(base + "/sitemap_index.xml"))
    locs = [c["loc"] for c in children]
    assert locs == [base + "/post-sitemap1.xml.gz", base + "/news-sitemap.xml"]
    _, entries = sitemap_locs(gzip.decompress(get_ok(locs[0])))
    assert {e["loc"] for e in entries} == urls_of(replica, "abadikini")
    assert replica.article_url(replica.article("abadikini-901")) in {e["loc"] for e in entries}


def test_sahabat_sitemap_is_a_urlset_with_lastmod(replica: Replica) -> None:
    kind, entries = sitemap_locs(get_ok(replica.base_urls["sahabat"] + "/sitemap.xml"))
    assert kind == "urlset"
    assert {e["loc"] for e in entries} == urls_of(replica, "sahabat")
    assert all("lastmod" in e for e in entries)


# ---- feeds -------------------------------------------------------------------------------------


def advertised_feeds(replica: Replica, outlet: str) -> list[tuple[str, str]]:
    page = lxml.html.fromstring(get_ok(replica.base_urls[outlet] + "/"))
    return [(el.get("type"), el.get("href")) for el in page.xpath('//link[@rel="alternate"]')]


def test_sahabat_homepage_advertises_an_rss_feed_listing_its_articles(replica: Replica) -> None:
    ((kind, href),) = advertised_feeds(replica, "sahabat")
    assert kind == "application/rss+xml"
    feed = lxml.etree.fromstring(get_ok(href))
    assert set(feed.xpath("//item/link/text()")) == urls_of(replica, "sahabat")


def test_nyaringindonesia_homepage_advertises_an_atom_feed_of_every_article(
    replica: Replica,
) -> None:
    ((kind, href),) = advertised_feeds(replica, "nyaringindonesia")
    assert kind == "application/atom+xml"
    feed = lxml.etree.fromstring(get_ok(href))
    links = feed.xpath("//atom:entry/atom:link/@href", namespaces=NS)
    assert set(links) == urls_of(replica, "nyaringindonesia")


@pytest.mark.parametrize("outlet", ["inilahkoran", "neraca", "abadikini"])
def test_outlets_without_a_feed_advertise_none_and_answer_404(
    replica: Replica, outlet: str
) -> None:
    assert advertised_feeds(replica, outlet) == []
    assert fetch(replica.base_urls[outlet] + "/feed/")[0] == 404


# ---- listings ----------------------------------------------------------------------------------


def article_links(page: bytes, outlet: str) -> list[str]:
    pattern = re.compile(CONFIG[outlet]["article_url_pattern"])
    hrefs = lxml.html.fromstring(page).xpath('//section[contains(@class, "list-news")]//a/@href')
    return [h for h in hrefs if pattern.match(h)]


def test_latest_news_listing_paginates_and_404s_past_the_end(replica: Replica) -> None:
    for n in range(10):  # 2 fixture articles + 10 = 12: two pages of 10
        replica.add_article(
            {
                "outlet": "inilahkoran",
                "title": f"Berita Tambahan Nomor {n}",
                "author": "Redaksi",
                "category": "jabar",
                "label": "negative",
                "paragraphs": [f"INILAHKORAN, Garut - Isi berita tambahan nomor {n}."],
            }
        )
    base = replica.base_urls["inilahkoran"]
    first = get_ok(base + "/berita?page=1")
    second = get_ok(base + "/berita?page=2")
    assert len(article_links(first, "inilahkoran")) == 10
    assert len(article_links(second, "inilahkoran")) == 2
    assert lxml.html.fromstring(first).xpath('//a[@rel="next"]/@href') == ["/berita?page=2"]
    assert fetch(base + "/berita?page=3")[0] == 404


@pytest.mark.parametrize(
    ("outlet", "url", "expected_id"),
    [
        ("inilahkoran", "/search?q=Netralitas+ASN&page=1", "inilahkoran-001"),
        ("neraca", "/search?q=netralitas+asn&page=1", "neraca-001"),
        ("sahabat", "/?s=netralitas+asn&paged=1", "sahabat-001"),
    ],
)
def test_search_lists_articles_holding_every_query_word(
    replica: Replica, outlet: str, url: str, expected_id: str
) -> None:
    found = article_links(get_ok(replica.base_urls[outlet] + url), outlet)
    assert found == [replica.article(expected_id).path()]


@pytest.mark.parametrize("outlet", ["abadikini", "nyaringindonesia"])
def test_outlets_without_search_answer_404_to_it(replica: Replica, outlet: str) -> None:
    assert fetch(replica.base_urls[outlet] + "/?s=netralitas")[0] == 404


def test_neraca_category_listing_holds_its_category_only(replica: Replica) -> None:
    page = get_ok(replica.base_urls["neraca"] + "/kategori/daerah?page=1")
    assert article_links(page, "neraca") == [replica.article("neraca-001").path()]


def test_neraca_lists_a_copy_of_a_foreign_category_under_makro(replica: Replica) -> None:
    copy = replica.article("neraca-901")
    assert copy.category == "ekonomi"  # inherited from sahabat-002
    page = get_ok(replica.base_urls["neraca"] + "/kategori/makro?page=1")
    assert set(article_links(page, "neraca")) == {copy.path(), replica.article("neraca-002").path()}


# ---- article pages -----------------------------------------------------------------------------


def test_every_article_page_holds_its_gold_paragraphs_in_the_content_block(
    replica: Replica,
) -> None:
    for article in replica.articles:
        if article.page_breaks:
            continue  # multi-page articles: see the next test
        block = content_block(get_ok(replica.article_url(article)), article.outlet)
        paragraphs = body_paragraphs(block)
        if article.outlet == "nyaringindonesia":  # the theme prints the body twice
            paragraphs = paragraphs[: len(article.paragraphs)]
        assert paragraphs == list(article.paragraphs), article.id


def test_multi_page_article_pages_join_to_the_gold_body(replica: Replica) -> None:
    article = replica.article("inilahkoran-001")
    first_url = replica.article_url(article)
    first = get_ok(first_url)
    pager = lxml.html.fromstring(first).xpath(CONFIG["inilahkoran"]["article_pages"]["pager_xpath"])
    page_urls = [urljoin(first_url, href) for href in pager]
    assert len(page_urls) == len(article.page_breaks) + 1
    joined = [
        p for url in page_urls for p in body_paragraphs(content_block(get_ok(url), "inilahkoran"))
    ]
    assert joined == list(article.paragraphs)
    assert fetch(first_url + f"?page={len(page_urls) + 1}")[0] == 404


@pytest.mark.parametrize(
    ("article_id", "noise"),
    [
        ("inilahkoran-001", ["Baca Juga : ", "<figcaption>", "Editor : ", 'class="detail-lead"']),
        ("neraca-001", ["<p>NERACA</p>", "NERACA Bandung - ", 'class="terpopuler1"']),
        ("abadikini-001", ["Back to top button", "Adblock Detected", "planet128", "Baca Juga"]),
        ("sahabat-001", ["0 Komentar", "Leave a comment", 'class="related-posts"']),
    ],
)
def test_article_content_carries_the_outlets_known_noise(
    replica: Replica, article_id: str, noise: list[str]
) -> None:
    article = replica.article(article_id)
    block = content_block(get_ok(replica.article_url(article)), article.outlet)
    markup = lxml.html.tostring(block, encoding="unicode")
    for marker in noise:
        assert marker in markup, marker


def test_nyaringindonesia_prints_the_body_twice(replica: Replica) -> None:
    article = replica.article("nyaringindonesia-001")
    block = content_block(get_ok(replica.article_url(article)), "nyaringindonesia")
    texts = body_paragraphs(block)
    assert len(texts) == 2 * len(article.paragraphs)
    assert texts[len(article.paragraphs) + 1 :] == list(article.paragraphs[1:])


def test_article_pages_carry_canonical_and_publication_metadata(replica: Replica) -> None:
    for article in replica.articles:
        url = replica.article_url(article)
        page = lxml.html.fromstring(get_ok(url))
        assert page.xpath('//link[@rel="canonical"]/@href') == [url]
        assert page.xpath('//meta[@property="og:url"]/@content') == [url]
        published = page.xpath('//meta[@property="article:published_time"]/@content')
        if article.outlet == "neraca":
            assert published == []
            date_xpath = CONFIG["neraca"]["extraction"]["date_xpath"]
            weekday = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")[
                article.local_published.weekday()
            ]
            expected = f"{weekday}, {article.local_published:%d/%m/%Y}"
            assert page.xpath(date_xpath) == [expected]
        else:
            assert [datetime.fromisoformat(p) for p in published] == [article.published]


def test_inilahkoran_editor_line_names_the_author(replica: Replica) -> None:
    article = replica.article("inilahkoran-002")
    page = lxml.html.fromstring(get_ok(replica.article_url(article)))
    assert page.xpath(CONFIG["inilahkoran"]["extraction"]["author_xpath"]) == [article.author]


def test_amp_variant_points_its_canonical_to_the_article(replica: Replica) -> None:
    article = replica.article("sahabat-001")
    url = replica.article_url(article)
    page = lxml.html.fromstring(get_ok(url + "amp/"))
    assert page.get("amp") is not None
    assert page.xpath('//link[@rel="canonical"]/@href') == [url]


def test_tracking_parameters_serve_the_same_article(replica: Replica) -> None:
    url = replica.article_url(replica.article("neraca-002"))
    assert get_ok(url + "?utm_source=homepage&utm_medium=referral") == get_ok(url)


def test_head_answers_headers_without_a_body(replica: Replica) -> None:
    split = urlsplit(replica.base_urls["sahabat"])
    conn = http.client.HTTPConnection(split.hostname, split.port, timeout=10)
    try:
        conn.request("HEAD", "/feed/")
        response = conn.getresponse()
        assert response.status == 200 and response.getheader("ETag")
        assert int(response.getheader("Content-Length")) > 0 and response.read() == b""
    finally:
        conn.close()


def test_article_for_url_recognises_every_variant_of_an_article(replica: Replica) -> None:
    article = replica.article("sahabat-001")
    url = replica.article_url(article)
    for variant in (url, url + "amp/", url + "?utm_source=x"):
        assert replica.article_for_url(variant) == article, variant
    assert replica.article_for_url(replica.base_urls["sahabat"] + "/feed/") is None


def test_unknown_article_path_is_404_and_missing_slash_redirects(replica: Replica) -> None:
    article = replica.article("abadikini-002")
    base = replica.base_urls["abadikini"]
    assert fetch(base + article.path().replace("polisi", "politisi"))[0] == 404
    status, headers, _ = fetch(base + article.path().rstrip("/"))
    assert status == 301 and headers["Location"] == article.path()
    assert fetch(replica.base_urls["neraca"] + "/article/208999/tidak-ada")[0] == 404


# ---- conditional GET and changes ---------------------------------------------------------------


def test_matching_etag_or_unchanged_date_gets_304(replica: Replica) -> None:
    url = replica.article_url(replica.article("sahabat-002"))
    status, headers, _ = fetch(url)
    etag, last_modified = headers["ETag"], headers["Last-Modified"]
    assert status == 200 and etag and last_modified
    assert fetch(url, {"If-None-Match": etag})[:1] == (304,)
    assert fetch(url, {"If-None-Match": etag})[2] == b""
    assert fetch(url, {"If-Modified-Since": last_modified})[0] == 304
    assert fetch(url, {"If-None-Match": '"stale"'})[0] == 200
    older = "Mon, 02 Nov 2026 00:00:00 GMT"
    assert fetch(url, {"If-Modified-Since": older})[0] == 200


def test_gzip_is_served_when_asked_with_a_weak_etag(replica: Replica) -> None:
    url = replica.base_urls["sahabat"] + "/"
    status, headers, body = fetch(url, {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(body) == get_ok(url)
    assert headers["ETag"] == "W/" + fetch(url)[1]["ETag"]
    assert fetch(url, {"If-None-Match": headers["ETag"]})[0] == 304


NEW_STORY = {
    "title": "Bupati Minta Camat Awasi Netralitas ASN di Kecamatan",
    "author": "Redaksi",
    "category": "daerah",
    "label": "positive",
    "paragraphs": ["Pembukaan berita baru.", "Paragraf kedua berita baru."],
}


@pytest.mark.parametrize(
    ("outlet", "paths"),
    [
        ("sahabat", ["/", "/feed/", "/sitemap.xml", "/category/daerah/"]),
        (
            "inilahkoran",
            ["/", "/berita?page=1", "/sitemap-news.xml", "/sitemap-posts.xml.gz"],
        ),
        ("abadikini", ["/", "/news-sitemap.xml", "/post-sitemap1.xml.gz"]),
        ("neraca", ["/", "/kategori/daerah?page=1"]),
        ("nyaringindonesia", ["/", "/feed/atom/"]),
    ],
)
def test_added_article_shows_at_once_and_changes_etag_and_date(
    replica: Replica, outlet: str, paths: list[str]
) -> None:
    base = replica.base_urls[outlet]
    before = {path: fetch(base + path)[1] for path in paths}
    article = replica.add_article({**NEW_STORY, "outlet": outlet})
    assert get_ok(replica.article_url(article))
    for path in paths:
        status, headers, body = fetch(base + path, {"If-None-Match": before[path]["ETag"]})
        assert status == 200, path
        assert headers["ETag"] != before[path]["ETag"], path
        assert headers["Last-Modified"] != before[path]["Last-Modified"], path
        text = gzip.decompress(body) if path.endswith(".gz") else body
        assert article.path().encode() in text, path
    assert replica.article(article.id) == article


def test_added_article_defaults_to_now_and_keeps_ids_unique(replica: Replica) -> None:
    article = replica.add_article({**NEW_STORY, "outlet": "neraca"})
    assert article.id == "neraca-500"
    assert abs(article.published - datetime.now(WIB)) < timedelta(minutes=5)
    with pytest.raises(ValueError, match="duplicate"):
        replica.add_article({**NEW_STORY, "outlet": "neraca", "id": "neraca-001"})


def test_fault_answers_every_request_with_its_status_until_cleared(replica: Replica) -> None:
    base = replica.base_urls["abadikini"]
    replica.set_fault("abadikini", 500)
    assert fetch(base + "/robots.txt")[0] == 500
    assert fetch(base + "/sitemap_index.xml")[0] == 500
    assert fetch(replica.base_urls["sahabat"] + "/robots.txt")[0] == 200
    replica.set_fault("abadikini", None)
    assert fetch(base + "/sitemap_index.xml")[0] == 200


def test_hang_fault_accepts_requests_and_never_answers_until_cleared(replica: Replica) -> None:
    base = replica.base_urls["neraca"]
    replica.set_fault("neraca", "hang")
    split = urlsplit(base)
    conn = http.client.HTTPConnection(split.hostname, split.port, timeout=0.5)
    try:
        conn.request("GET", "/robots.txt")  # the connection is accepted ...
        with pytest.raises(TimeoutError):
            conn.getresponse()  # ... and no answer comes
        assert replica.hanging("neraca") == 1
    finally:
        conn.close()
    assert fetch(replica.base_urls["sahabat"] + "/robots.txt")[0] == 200
    deadline = time.monotonic() + 10
    while replica.hanging("neraca") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert replica.hanging("neraca") == 0  # the client hung up: the request is let go
    replica.set_fault("neraca", None)
    assert fetch(base + "/robots.txt")[0] == 200


# ---- per-path faults (replica.faults) ----------------------------------------------------------


def test_a_path_fault_breaks_that_path_only_and_heals_after_its_times(replica: Replica) -> None:
    base = replica.base_urls["sahabat"]
    article = replica.article("sahabat-001")
    plan = replica.faults("sahabat").at(article.path(), Fault.status(503, retry_after=7), times=1)
    status, headers, _ = fetch(base + article.path() + "?utm_source=x")  # any query
    assert (status, headers["Retry-After"]) == (503, "7")
    assert fetch(base + "/robots.txt")[0] == 200
    assert fetch(base + article.path())[0] == 200  # healed after one
    assert plan.hits(article.path()) == 2
    assert [r.status for r in replica.requests("sahabat")] == [503, 200, 200]


def test_links_reach_the_homepage_an_extra_sitemap_and_feed(replica: Replica) -> None:
    base = replica.base_urls["neraca"]
    plan = replica.faults("neraca")
    plan.link("/article/1/x", via=("home", "sitemap", "feed")).link("http://127.0.0.1:9/y/")
    plan.feed("/faults/other-feed.xml")
    robots = Protego.parse(get_ok(base + "/robots.txt").decode())
    assert not robots.can_fetch(base + "/private/x", "asnwatch")  # the outlet's own rules kept
    assert list(robots.sitemaps) == [base + LINKS_SITEMAP]
    home = lxml.html.fromstring(get_ok(base + "/"))
    assert {base + "/article/1/x", "http://127.0.0.1:9/y/"} <= {
        urljoin(base, h) for h in home.xpath('//ul[@class="fault-links"]//a/@href')
    }
    feeds = home.xpath('//link[@rel="alternate"][@type="application/rss+xml"]/@href')
    assert {base + LINKS_FEED, base + "/faults/other-feed.xml"} <= set(feeds)
    sitemap = [e["loc"] for e in Sitemap(get_ok(base + LINKS_SITEMAP))]
    assert sitemap == [base + "/article/1/x", "http://127.0.0.1:9/y/"]
    assert b"/article/1/x" in get_ok(base + LINKS_FEED)
    plan.clear()
    assert b"fault-links" not in get_ok(base + "/")


def test_robots_txt_can_be_replaced(replica: Replica) -> None:
    base = replica.base_urls["abadikini"]
    replica.faults("abadikini").disallow_everything().sitemap("/extra.xml")
    robots = Protego.parse(get_ok(base + "/robots.txt").decode())
    assert not robots.can_fetch(base + "/", "asnwatch")
    assert list(robots.sitemaps) == [base + "/extra.xml"]


def test_redirect_fault_points_to_a_path_of_the_outlet_or_elsewhere(replica: Replica) -> None:
    base = replica.base_urls["sahabat"]
    plan = replica.faults("sahabat")
    plan.at("/a/", Fault.redirect("/a/")).at("/b/", Fault.redirect("http://127.0.0.1:9/c/"))
    status, headers, _ = fetch(base + "/a/")
    assert (status, headers["Location"]) == (301, base + "/a/")  # to itself: a loop
    assert fetch(base + "/b/")[1]["Location"] == "http://127.0.0.1:9/c/"


def test_reset_fault_sends_the_headers_and_part_of_the_body(replica: Replica) -> None:
    article = replica.article("sahabat-002")
    replica.faults("sahabat").at(article.path(), Fault.reset(after_bytes=1000))
    split = urlsplit(replica.base_urls["sahabat"])
    conn = http.client.HTTPConnection(split.hostname, split.port, timeout=10)
    try:
        conn.request("GET", article.path())
        response = conn.getresponse()
        assert response.status == 200 and int(response.headers["Content-Length"]) > 1000
        with pytest.raises((http.client.IncompleteRead, ConnectionResetError)):
            response.read()
    finally:
        conn.close()


def test_huge_fault_streams_without_a_length_until_the_client_leaves(replica: Replica) -> None:
    replica.faults("neraca").at("/big", Fault.huge(20_000_000))
    split = urlsplit(replica.base_urls["neraca"])
    conn = http.client.HTTPConnection(split.hostname, split.port, timeout=10)
    try:
        conn.request("GET", "/big")
        response = conn.getresponse()
        assert response.headers["Transfer-Encoding"] == "chunked"
        assert response.headers["Content-Length"] is None
        assert response.read(100_000).startswith(b"<!DOCTYPE html>")
    finally:
        conn.close()  # the server stops writing; the replica stays healthy
    assert fetch(replica.base_urls["neraca"] + "/robots.txt")[0] == 200


def test_gzip_bomb_is_small_on_the_wire_and_a_gigabyte_unpacked() -> None:
    bomb = gzip_of_zeros(1 << 30)
    assert len(bomb) < 2_000_000
    assert int.from_bytes(bomb[-4:], "little") == 1 << 30  # ISIZE
    unpacked = zlib.decompressobj(31).decompress(bomb, 5_000_000)
    assert unpacked == bytes(5_000_000)
    small = gzip_of_zeros(1 << 21)
    assert gzip.decompress(small) == bytes(1 << 21)  # a valid file, CRC and all


def test_path_hang_holds_the_request_until_the_client_hangs_up(replica: Replica) -> None:
    replica.faults("neraca").at("/stuck", Fault.hang())
    split = urlsplit(replica.base_urls["neraca"])
    conn = http.client.HTTPConnection(split.hostname, split.port, timeout=0.5)
    try:
        conn.request("GET", "/stuck")
        with pytest.raises(TimeoutError):
            conn.getresponse()
        assert replica.hanging("neraca") == 1
        assert fetch(replica.base_urls["neraca"] + "/robots.txt")[0] == 200
    finally:
        conn.close()
    deadline = time.monotonic() + 10
    while replica.hanging("neraca") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert replica.hanging("neraca") == 0


def test_flood_sitemap_streams_its_urls_after_the_real_ones() -> None:
    chunks = flood_after(lambda base: [base + "/real/"], sitemap_flood(2500, prefix="/f/"))
    parts = list(chunks("http://127.0.0.1:9"))
    assert len(parts) > 3  # streamed in pieces, not one document
    locs = [e["loc"] for e in Sitemap(b"".join(parts))]
    assert locs[:2] == ["http://127.0.0.1:9/real/", "http://127.0.0.1:9/f/000000/"]
    assert len(locs) == 2501 and locs[-1] == "http://127.0.0.1:9/f/002499/"


def test_sentinel_records_every_connection_and_request_line() -> None:
    with Sentinel() as sentinel:
        split = urlsplit(sentinel.url)
        conn = http.client.HTTPConnection(split.hostname, split.port, timeout=5)
        try:
            conn.request("GET", "/rahasia")
            assert conn.getresponse().read() == b"sentinel"
        finally:
            conn.close()
        assert sentinel.events == ["connection", "GET /rahasia HTTP/1.1"]


# ---- request log -------------------------------------------------------------------------------


def test_request_log_records_each_request_and_its_headers(replica: Replica) -> None:
    article = replica.article("inilahkoran-001")
    url = replica.article_url(article)
    fetch(replica.base_urls["inilahkoran"] + "/robots.txt", {"User-Agent": "asnwatch-test"})
    fetch(url + "?page=2", {"If-None-Match": '"x"', "If-Modified-Since": "Mon, 02 Nov 2026"})
    fetch(replica.article_url(replica.article("sahabat-001")) + "amp/")

    first, second, _ = replica.request_log
    assert (first.outlet, first.method, first.path, first.status) == (
        "inilahkoran",
        "GET",
        "/robots.txt",
        200,
    )
    assert first.user_agent == "asnwatch-test"
    assert second.path == article.path() + "?page=2"
    assert (second.if_none_match, second.if_modified_since) == ('"x"', "Mon, 02 Nov 2026")
    assert [r.path for r in replica.article_requests("inilahkoran")] == [second.path]
    assert [r.outlet for r in replica.article_requests()] == ["inilahkoran", "sahabat"]
    assert len(replica.requests("sahabat")) == 1
    replica.clear_log()
    assert replica.request_log == []


# ---- data loading ------------------------------------------------------------------------------


def test_dates_are_shifted_so_the_data_frames_today_is_today() -> None:
    shifted = {a.id: a for a in load_articles(MINI, today=date(2027, 1, 1))}
    original = {a.id: a for a in load_articles(MINI, today=TODAY)}
    for article_id, article in shifted.items():
        delta = article.published - original[article_id].published
        assert delta == timedelta(days=(date(2027, 1, 1) - TODAY).days)
        assert article.local_published.time() == original[article_id].local_published.time()


def test_syndicated_copy_replaces_the_dateline_and_drops_the_tail() -> None:
    articles = {a.id: a for a in load_articles(MINI, today=TODAY)}
    copy, original = articles["abadikini-901"], articles["sahabat-001"]
    assert copy.copy_of == "sahabat-001" and copy.title == original.title
    assert copy.paragraphs[0].startswith("Abadikini.com, JAKARTA – ")
    assert copy.paragraphs[1:] == original.paragraphs[1:-1]


def test_loader_rejects_an_unknown_key_naming_the_file(tmp_path: Path) -> None:
    data = yaml.safe_load((MINI / "neraca.yaml").read_text(encoding="utf-8"))
    data["articles"][0]["titel"] = "typo"
    (tmp_path / "neraca.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ValueError, match=r"(?s)neraca\.yaml.*titel"):
        load_articles(tmp_path)


def test_real_replica_data_has_unique_ids_and_enough_articles() -> None:
    present = data_outlets(DEFAULT_DATA_DIR)
    if missing := sorted(set(SITES) - set(present)):
        pytest.skip(f"replica/data incomplete: no data file for {missing}")
    articles = load_articles(DEFAULT_DATA_DIR)  # raises on a duplicate id
    assert len(articles) >= 60
    assert {a.outlet for a in articles} == set(present)
    for article in articles:
        assert re.match(CONFIG[article.outlet]["article_url_pattern"], article.path()), article.id


# ---- command line ------------------------------------------------------------------------------


def test_python_m_replica_serves_and_writes_its_port_file(tmp_path: Path) -> None:
    port_file = tmp_path / "ports.json"
    command = [sys.executable, "-m", "replica", "--data", str(MINI), "--port-file", str(port_file)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while not port_file.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        base_urls = json.loads(port_file.read_text(encoding="utf-8"))
        assert set(base_urls) == set(data_outlets(MINI))
        assert b"User-agent: *" in get_ok(base_urls["neraca"] + "/robots.txt")
    finally:
        process.terminate()
        process.communicate(timeout=20)
    assert process.returncode == 0
    assert not port_file.exists()
