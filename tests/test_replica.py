"""The local replica serves what docs/outlets.md and config.yaml expect of each outlet.

Server basics, robots.txt and the discovery documents: sitemaps, feeds, listings.
Article pages are in test_replica_pages.py, per-path faults in
test_replica_faults.py, the request log and data loading in test_replica_data.py.
Each test starts its own replica of the small fixture (tests/replicakit.py) on port 0
and talks only to 127.0.0.1.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urlsplit

import lxml.etree
import lxml.html
import pytest
from protego import Protego
from scrapy.utils.sitemap import Sitemap

from replica import Replica
from replica.loader import data_outlets
from tests.conftest import CONFIGURED_OUTLETS
from tests.replicakit import CONFIG, MINI, NS, TODAY, fetch, get_ok, mini_replica


@pytest.fixture
def replica() -> Iterator[Replica]:
    with mini_replica() as running:
        yield running


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
