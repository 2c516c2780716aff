"""The replica's article pages, conditional GET, added articles and whole-outlet faults.

Each test starts its own replica of the small fixture (tests/replicakit.py) on port 0
and talks only to 127.0.0.1.
"""

from __future__ import annotations

import gzip
import http.client
import time
from collections.abc import Iterator
from datetime import datetime, timedelta
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest

from replica import Replica
from replica.model import WIB
from tests.replicakit import CONFIG, body_paragraphs, content_block, fetch, get_ok, mini_replica


@pytest.fixture
def replica() -> Iterator[Replica]:
    with mini_replica() as running:
        yield running


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
