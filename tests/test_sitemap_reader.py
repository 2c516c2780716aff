"""One reader of sitemaps and robots.txt for the spider and `asnwatch check`.

The same downloaded sitemap is handed to the spider's callback and to the
check's sitemap reading: both refuse the same documents with the same reason
and read the same entries from the others, under the same cap
(`crawl.max_sitemap_bytes`, never `crawl.max_page_bytes`). Documents are
inline; the last tests run `asnwatch check` against the local replica.
"""

from __future__ import annotations

import gzip
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from scrapy import Request
from scrapy.http import Headers, Response
from scrapy.responsetypes import responsetypes
from scrapy.utils.misc import build_from_crawler, load_object
from scrapy.utils.test import get_crawler

from crawler.check import run_check
from crawler.check.fetcher import Fetched, Fetcher
from crawler.check.report import DocumentCheck
from crawler.check.sitemaps import read_sitemap
from crawler.config.model import load_config
from crawler.crawl import settings as defaults
from crawler.crawl.context import STAT
from crawler.demo import demo_config
from crawler.discovery.robots import RobotsRules
from replica.faultdocs import BILLION_LAUGHS, doctype, sitemap_xml
from replica.faults import Fault
from replica.server import Replica
from spiders.inilahkoran import InilahKoranSpider
from tests.conftest import CONFIGURED_OUTLETS, ROOT

SITE = "http://127.0.0.1:8001"
SITEMAP_CAP = 200_000  # crawl.max_sitemap_bytes in these tests
PAGE_CAP = 2_000  # crawl.max_page_bytes: smaller than any sitemap below
ARTICLES = [f"{SITE}/berita/jabar/{n}/asn-netral-{n}" for n in range(1, 81)]
XML = "application/xml; charset=utf-8"
HTML = "text/html; charset=utf-8"


def capped_config(tmp_path: Path, base_urls: dict[str, str]) -> Path:
    """config.yaml pointed at `base_urls`, with the small page and sitemap caps above."""
    path = demo_config(ROOT / "config.yaml", tmp_path, base_urls)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["crawl"].update({"max_page_bytes": PAGE_CAP, "max_sitemap_bytes": SITEMAP_CAP})
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


@pytest.fixture
def spider(tmp_path: Path) -> Iterator[InilahKoranSpider]:
    """The inilahkoran spider on a throwaway database, every site a closed local port."""
    path = capped_config(tmp_path, dict.fromkeys(CONFIGURED_OUTLETS, SITE))
    crawler = get_crawler(InilahKoranSpider, {"ASNWATCH_CONFIG": str(path)})
    spider = InilahKoranSpider.from_crawler(crawler)
    crawler.spider = spider
    try:
        yield spider
    finally:
        spider.ctx.repo.close()


@dataclass
class Verdict:
    """What a reader made of a sitemap: the refusal's reason, or the entries it read."""

    refused: str | None
    entries: list[str]
    mislabelled: bool


def downloaded(url: str, body: bytes, content_type: str) -> Response:
    """The response Scrapy's downloader would hand over (its class chosen by Scrapy's rule)."""
    headers = Headers({"Content-Type": content_type})
    cls = responsetypes.from_args(headers=headers, url=url, body=body)
    return cls(url, body=body, headers=headers, request=Request(url, meta={"source": "sitemap"}))


def spider_verdict(
    spider: InilahKoranSpider, caplog: pytest.LogCaptureFixture, response: Response
) -> Verdict:
    stats = spider.crawler.stats
    assert stats is not None
    before = stats.get_value(STAT + "discovery/sitemaps_invalid", 0)
    with caplog.at_level(logging.INFO, logger="crawler.crawl.spider"):
        caplog.clear()
        requests = list(spider.parse_sitemap_document(response))
    refusals = [r.getMessage() for r in caplog.records if r.msg.startswith("sitemap ignored")]
    refused = None
    if stats.get_value(STAT + "discovery/sitemaps_invalid", 0) > before:
        prefix, suffix = "sitemap ignored: ", f": {response.url}"
        assert len(refusals) == 1 and refusals[0].endswith(suffix)
        refused = refusals[0].removeprefix(prefix).removesuffix(suffix)
    mislabelled = any("read as XML" in r.getMessage() for r in caplog.records)
    return Verdict(refused, [r.url for r in requests], mislabelled)


def check_verdict(url: str, body: bytes, content_type: str, *, truncated: bool = False) -> Verdict:
    doc = DocumentCheck(url, "configured")
    fetched = Fetched(url, url, 200, body, content_type, truncated=truncated)
    document = read_sitemap(doc, fetched, SITEMAP_CAP)
    if document is None:
        assert doc.verdict == "FAIL"
        prefix = f"sitemap {url} is ignored by the crawler: "
        assert doc.hint.startswith(prefix)
        return Verdict(doc.hint.removeprefix(prefix), [], False)
    mislabelled = any("read as XML" in note for note in doc.notes)
    return Verdict(None, [e["loc"] for e in document], mislabelled)


URLSET = sitemap_xml(ARTICLES)
BIG_URLSET = sitemap_xml([f"{u}-{i}" for i in range(5) for u in ARTICLES])  # over PAGE_CAP
CASES = {
    "entities": (sitemap_xml(ARTICLES, prolog=doctype("urlset", BILLION_LAUGHS)), XML),
    "gzip-over-the-sitemap-cap": (gzip.compress(b"\0" * (SITEMAP_CAP + 1)), "application/gzip"),
    "broken-gzip": (gzip.compress(URLSET)[:40], "application/gzip"),
    "html-page": (b"<!doctype html><html><body>Halaman tidak ada</body></html>", HTML),
    "not-a-sitemap": (b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>', XML),
    "empty": (b"", XML),
    "xml-served-as-html": (URLSET, HTML),
    "gzip-over-the-page-cap": (gzip.compress(BIG_URLSET), "application/gzip"),
    "plain": (URLSET, XML),
}
REFUSED = {
    "entities": "declares XML entities",
    "gzip-over-the-sitemap-cap": "unreadable gzip",
    "broken-gzip": "unreadable gzip",
    "html-page": f"not XML (served as {HTML})",
    "not-a-sitemap": "not a sitemap (root element <rss>)",
    "empty": "unreadable XML",
}


@pytest.mark.parametrize("case", CASES)
def test_the_spider_and_the_check_read_a_sitemap_alike(
    case: str, spider: InilahKoranSpider, caplog: pytest.LogCaptureFixture
) -> None:
    body, content_type = CASES[case]
    url = f"{SITE}/sitemap-{case}.xml"
    crawled = spider_verdict(spider, caplog, downloaded(url, body, content_type))
    checked = check_verdict(url, body, content_type)
    assert crawled.refused == checked.refused
    assert crawled.mislabelled == checked.mislabelled == (case == "xml-served-as-html")
    if case in REFUSED:
        assert crawled.refused is not None and REFUSED[case] in crawled.refused
    else:
        assert len(BIG_URLSET) > PAGE_CAP
        assert crawled.entries == checked.entries and len(checked.entries) >= len(ARTICLES)


def test_a_sitemap_cut_at_the_sitemap_cap_is_refused_by_the_check_as_the_crawler_drops_it() -> None:
    checked = check_verdict(f"{SITE}/sitemap.xml", URLSET[:1000], XML, truncated=True)
    assert checked.refused == f"larger than crawl.max_sitemap_bytes ({SITEMAP_CAP} bytes)"


def test_the_spider_requests_sitemaps_under_the_sitemap_cap(spider: InilahKoranSpider) -> None:
    url = f"{SITE}/robots.txt"
    robots = Response(
        url, body=b"Sitemap: /sitemap.xml\n", request=Request(url, meta={"source": "robots"})
    )
    [request] = list(spider.parse_sitemap_document(robots))
    assert request.url == f"{SITE}/sitemap.xml"
    assert request.meta["download_maxsize"] == SITEMAP_CAP


def test_the_check_reads_robots_txt_with_the_crawlers_parser(tmp_path: Path) -> None:
    body = b"User-agent: *\nDisallow: /private/\nAllow: /private/open\nCrawl-delay: 7\n"
    crawler = get_crawler(settings_dict={"ROBOTSTXT_PARSER": defaults.ROBOTSTXT_PARSER})
    parser_class = load_object(defaults.ROBOTSTXT_PARSER)
    assert parser_class is RobotsRules
    crawling = build_from_crawler(parser_class, crawler, body)
    config = load_config(capped_config(tmp_path, dict.fromkeys(CONFIGURED_OUTLETS, SITE)))
    fetcher = Fetcher(SITE, config.crawl, sleep=lambda _: None)
    fetcher.obey(RobotsRules.parse(body))
    agent = config.crawl.user_agent
    for path in ("/", "/private/x", "/private/open", "/berita/1/a"):
        assert fetcher.allowed(SITE + path) == crawling.allowed(SITE + path, agent), path
    assert fetcher.delay == 7


# --- `asnwatch check` against the replica ---------------------------------------------------


@pytest.mark.parametrize("over_sitemap_cap", [False, True])
def test_check_caps_sitemaps_at_max_sitemap_bytes_not_max_page_bytes(
    tmp_path: Path, over_sitemap_cap: bool
) -> None:
    with Replica() as replica:
        base = replica.base_urls["sahabat"]
        path = "/faults/big-sitemap.xml"
        count = 4_000 if over_sitemap_cap else 400
        urls = [f"{base}/2026/11/20/berita-{n}/" for n in range(count)]
        body = sitemap_xml(urls)
        assert len(body) > PAGE_CAP and (len(body) > SITEMAP_CAP) == over_sitemap_cap
        replica.faults("sahabat").at(path, Fault.raw(body, XML)).sitemap(path)
        config = load_config(capped_config(tmp_path, replica.base_urls))
        report = run_check(config, "sahabat")
    sitemaps = next(s for s in report.sources if s.name == "sitemaps")
    doc = next(d for d in sitemaps.documents if d.url.endswith(path))
    if over_sitemap_cap:
        assert doc.verdict == "FAIL" and "crawl.max_sitemap_bytes" in doc.hint
        assert doc.entries is None
    else:
        assert doc.verdict == "OK" and doc.entries == count
    # A feed is a page to the crawler: over crawl.max_page_bytes, it is not read.
    feeds = next(s for s in report.sources if s.name == "feeds")
    assert feeds.documents and all(
        d.verdict == "FAIL" and "crawl.max_page_bytes" in d.hint for d in feeds.documents
    )
