"""Discovery helpers the spider and `asnwatch check` share: sitemaps, page links, pagers.

Documents are small inline fixtures with invented URLs on 127.0.0.1; the last
test runs the real spider callback on a Google News sitemap.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from parsel import Selector
from scrapy import Request
from scrapy.http import HtmlResponse, XmlResponse
from scrapy.utils.test import get_crawler

from crawler.config.canonical import CanonicalRules
from crawler.crawl.context import STAT
from crawler.crawl.items import ArticlePage
from crawler.demo import demo_config
from crawler.discovery.listings import article_links, page_links
from crawler.discovery.pager import other_article_pages
from crawler.discovery.sitemaps import news_publication_dates, sitemap_body, sitemap_entry_date
from spiders.inilahkoran import InilahKoranSpider
from tests.conftest import CONFIGURED_OUTLETS, ROOT

SITE = "http://127.0.0.1:8001"
ARTICLE = re.compile(r"^/berita/[\w-]+/\d+/[\w-]+/?$")


def news_sitemap(published: dict[str, datetime]) -> bytes:
    """A Google News sitemap: each entry dated only inside <news:news>, as Google asks."""
    rows = "".join(
        f"<url><loc>{url}</loc><news:news><news:publication><news:name>Inilah Koran"
        f"</news:name><news:language>id</news:language></news:publication>"
        f"<news:publication_date>{when.isoformat()}</news:publication_date>"
        f"<news:title>Berita</news:title></news:news></url>\n"
        for url, when in published.items()
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
        'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">\n'
        f"{rows}</urlset>\n"
    ).encode()


# --- sitemaps ------------------------------------------------------------------------------


def test_sitemap_body_unpacks_gzip_and_refuses_a_bomb() -> None:
    xml = b"<urlset><url><loc>http://a/b</loc></url></urlset>"
    assert sitemap_body(xml, 1000) == xml
    assert sitemap_body(gzip.compress(xml), 1000) == xml
    with pytest.raises(ValueError):
        sitemap_body(gzip.compress(b"\0" * 200_000), 10_000)


def test_sitemap_body_reports_broken_gzip_as_value_error() -> None:
    header = gzip.compress(b"")[:10]  # a valid gzip header, then no deflate stream
    with pytest.raises(ValueError, match="broken gzip"):
        sitemap_body(header + b"\x07 not deflate data", 10_000)


def test_news_publication_dates_are_found_per_loc() -> None:
    when = datetime(2026, 11, 20, 8, 50, tzinfo=UTC)
    xml = news_sitemap({f"{SITE}/berita/a/1/satu": when, f"{SITE}/berita/a/2/dua": when})
    xml = xml.replace(b"<loc>", b"<loc> ", 1)  # Scrapy's Sitemap strips <loc>, so must we
    dates = news_publication_dates(xml)
    assert dates == {
        f"{SITE}/berita/a/1/satu": when.isoformat(),
        f"{SITE}/berita/a/2/dua": when.isoformat(),
    }
    assert news_publication_dates(b"<urlset><url><loc>http://a/1</loc></url></urlset>") == {}
    assert news_publication_dates(b"not xml at all") == {}


def test_an_entry_is_dated_by_lastmod_else_by_its_news_date() -> None:
    news = {"http://a/1": "2026-01-02", "http://a/2": "2026-03-04"}
    assert sitemap_entry_date({"loc": "http://a/1", "lastmod": "2025-12-31"}, news) == "2025-12-31"
    assert sitemap_entry_date({"loc": "http://a/2", "news": ""}, news) == "2026-03-04"
    assert sitemap_entry_date({"loc": "http://a/3"}, news) is None


# --- links of a page -------------------------------------------------------------------------


def test_page_links_are_absolute_and_skip_what_leads_to_no_page() -> None:
    html = Selector(
        text='<a href="/berita/a/1/satu">1</a> <a href=" berita/a/2/dua ">2</a>'
        '<a href="#top">top</a><a href="mailto:r@x.id">m</a><a href="javascript:void(0)">j</a>'
        '<a href="tel:022">t</a><a href="  ">empty</a><a href="http://other.test/x">o</a>'
    )
    assert page_links(html, f"{SITE}/kanal/") == [
        f"{SITE}/berita/a/1/satu",
        f"{SITE}/kanal/berita/a/2/dua",
        "http://other.test/x",
    ]


def test_article_links_keep_only_paths_matching_the_pattern() -> None:
    html = Selector(
        text='<a href="/berita/jabar/217012/bkd-jabar">a</a><a href="/kanal/jabar">k</a>'
        '<a href="/berita/jabar">k2</a>'
    )
    assert article_links(html, SITE, ARTICLE) == [f"{SITE}/berita/jabar/217012/bkd-jabar"]


# --- pages of a multi-page article -------------------------------------------------------------

PAGER = '//div[@class="pager"]//a/@href'


def pager(*hrefs: str) -> Selector:
    links = "".join(f'<a href="{h}">{i}</a>' for i, h in enumerate(hrefs, 1))
    return Selector(text=f'<div class="pager">{links}</div><a href="?page=9">outside</a>')


def test_other_article_pages_are_the_same_article_without_page_one_or_itself() -> None:
    url = f"{SITE}/berita/jabar/217012/bkd-jabar"
    html = pager("?page=1", url, "?page=2", "?page=2", "?page=3", "/berita/jabar/1/lain?page=2")
    found = other_article_pages(html, url, PAGER, CanonicalRules())
    assert found == [f"{url}?page=2", f"{url}?page=3"]


def test_other_article_pages_resolve_against_base_url_and_stop_at_max_pages() -> None:
    url = f"{SITE}/berita/jabar/217012/bkd-jabar"
    html = pager("bkd-jabar?page=2", "bkd-jabar?page=3", "bkd-jabar?page=4")
    base = f"{SITE}/berita/jabar/217012/"
    found = other_article_pages(html, url, PAGER, CanonicalRules(), base_url=base, max_pages=3)
    assert found == [f"{url}?page=2", f"{url}?page=3"]
    assert other_article_pages(html, url, None, CanonicalRules()) == []


# --- the spider's sitemap filter ------------------------------------------------------------


@pytest.fixture
def spider(tmp_path: Path) -> Iterator[InilahKoranSpider]:
    """The inilahkoran spider on a throwaway database, every site a closed local port."""
    path = demo_config(ROOT / "config.yaml", tmp_path, dict.fromkeys(CONFIGURED_OUTLETS, SITE))
    crawler = get_crawler(InilahKoranSpider, {"ASNWATCH_CONFIG": str(path)})
    spider = InilahKoranSpider.from_crawler(crawler)
    crawler.spider = spider
    try:
        yield spider
    finally:
        spider.ctx.repo.close()


def test_news_sitemap_entries_older_than_max_age_days_are_skipped_and_counted(
    spider: InilahKoranSpider,
) -> None:
    max_age = spider.ctx.outlet.discovery.sitemaps.max_age_days
    assert max_age is not None
    now = datetime.now(UTC)
    fresh = f"{SITE}/berita/jabar/217012/bkd-jabar-rilis-panduan"
    old = f"{SITE}/berita/jabar/100001/berita-lama-sekali"
    body = news_sitemap({fresh: now - timedelta(days=1), old: now - timedelta(days=max_age + 30)})
    url = f"{SITE}/sitemap-news.xml"
    request = Request(url, meta={"source": "sitemap"})
    response = XmlResponse(url, body=body, request=request)
    requests = list(spider.parse_sitemap_document(response))
    assert [r.url for r in requests] == [fresh]
    stats = spider.crawler.stats
    assert stats.get_value(STAT + "discovery/sitemap_entries_too_old") == 1
    assert stats.get_value(STAT + "discovery/sitemap_entries") == 1


def test_a_three_page_article_is_one_item_under_its_first_pages_url(
    spider: InilahKoranSpider,
) -> None:
    url = f"{SITE}/berita/jabar/217012/bkd-jabar"
    pager = '<div class="pagination-detail"><a href="?page=2">2</a><a href="?page=3">3</a></div>'

    def page(request: Request, text: str) -> HtmlResponse:
        body = f"<html><body><p>{text}</p>{pager}</body></html>".encode()
        return HtmlResponse(request.url, body=body, encoding="utf-8", request=request)

    first = Request(url, meta={"canonical": "key", "source": "sitemap"})
    [second] = list(spider.parse_article(page(first, "satu")))
    [third] = list(spider.parse_article_page(page(second, "dua")))
    [item] = list(spider.parse_article_page(page(third, "tiga")))
    assert [second.url, third.url] == [f"{url}?page=2", f"{url}?page=3"]
    assert isinstance(item, ArticlePage)
    assert item.url == url and item.canonical == "key" and item.source == "sitemap"
    assert len(item.pages) == 3
    assert all(text in p for p, text in zip(item.pages, ("satu", "dua", "tiga"), strict=True))
