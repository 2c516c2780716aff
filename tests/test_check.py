"""`asnwatch check` against the local replica: what each outlet offers, manners, failures.

Every test talks to 127.0.0.1 only: the config is config.yaml pointed at a
replica started on free ports (`crawler.demo.demo_config`).
"""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.check import CheckReport, Fetcher, format_report, run_check
from crawler.check.fetcher import read_html
from crawler.cli.main import main
from crawler.config.model import Config, load_config
from crawler.demo import demo_config
from crawler.discovery.pager import other_article_pages
from replica.faultdocs import BILLION_LAUGHS, doctype, sitemap_xml
from replica.faults import Fault
from replica.server import Replica
from tests.conftest import CONFIGURED_OUTLETS, ROOT
from tests.world import replica_for

DISCOVERY = {"sitemaps", "feeds", "listings"}
# What the replica offers each hand-made outlet (replica/sites/): the discovery sources that
# must be OK; an outlet the replica serves generically offers all three.
OFFERED = {
    "abadikini": {"sitemaps"},
    "nyaringindonesia": {"feeds"},
    "neraca": {"listings"},
    "sahabat": {"sitemaps", "feeds", "listings"},
    "inilahkoran": {"sitemaps", "listings"},
}


@pytest.fixture(scope="module")
def replica() -> Iterator[Replica]:
    with replica_for() as running:
        yield running


@pytest.fixture(scope="module")
def config_file(replica: Replica, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return demo_config(ROOT / "config.yaml", tmp_path_factory.mktemp("check"), replica.base_urls)


@pytest.fixture(scope="module")
def config(config_file: Path) -> Config:
    return load_config(config_file)


@pytest.fixture(scope="module")
def checked(replica: Replica, config: Config) -> dict[str, tuple[CheckReport, list[Any]]]:
    """Each outlet checked once with the real config, with every request the replica saw."""
    results = {}
    for outlet in CONFIGURED_OUTLETS:
        replica.clear_log()
        report = run_check(config, outlet)
        results[outlet] = (report, replica.requests())
    return results


def with_outlet(config: Config, name: str, **changes: Any) -> Config:
    """The config with one outlet's fields replaced (`discovery` takes a dict of its parts)."""
    outlet = config.outlets[name]
    if "discovery" in changes:
        parts = changes.pop("discovery")
        discovery = outlet.discovery.model_copy(
            update={k: getattr(outlet.discovery, k).model_copy(update=v) for k, v in parts.items()}
        )
        changes["discovery"] = discovery
    outlets = {**config.outlets, name: outlet.model_copy(update=changes)}
    return config.model_copy(update={"outlets": outlets})


def source(report: CheckReport, name: str) -> Any:
    return next(s for s in report.sources if s.name == name)


# --- every outlet ------------------------------------------------------------------------


@pytest.mark.parametrize("outlet", CONFIGURED_OUTLETS)
def test_check_passes_and_reports_exactly_the_sources_the_replica_offers(
    outlet: str, checked: dict[str, tuple[CheckReport, list[Any]]]
) -> None:
    report, _ = checked[outlet]
    assert report.exit_code == 0, report.reason
    ok = {s.name for s in report.sources if s.name in DISCOVERY and s.verdict == "OK"}
    assert ok == OFFERED.get(outlet, DISCOVERY)
    for name in DISCOVERY - OFFERED.get(outlet, DISCOVERY):
        assert source(report, name).verdict in ("WARN", "OFF")


@pytest.mark.parametrize("outlet", CONFIGURED_OUTLETS)
def test_one_article_of_the_outlet_is_extracted_and_judged(
    outlet: str, replica: Replica, checked: dict[str, tuple[CheckReport, list[Any]]]
) -> None:
    report, _ = checked[outlet]
    article = report.article
    assert article is not None and article.failure is None
    served = replica.article_for_url(article.url)
    assert served is not None and served.outlet == outlet
    assert article.title == served.title
    assert article.matches_pattern
    assert article.paragraphs >= 3 and article.published_at
    assert article.topic_relevant is not None and article.topic_reason
    assert 1 <= len(report.sample) <= 5


@pytest.mark.parametrize("outlet", CONFIGURED_OUTLETS)
def test_requests_are_few_identified_same_site_and_obey_robots_txt(
    outlet: str,
    replica: Replica,
    config: Config,
    checked: dict[str, tuple[CheckReport, list[Any]]],
) -> None:
    report, seen = checked[outlet]
    assert {r.outlet for r in seen} == {outlet}  # no other site (outlet) was asked
    assert 0 < len(seen) <= 25
    assert len(seen) == len(report.requests)
    assert {r.user_agent for r in seen} == {config.crawl.user_agent}
    disallowed = tuple(replica.disallowed_paths(outlet))
    assert not [r.path for r in seen if r.path.startswith(disallowed)]


def test_sitemap_index_children_news_and_gzip_sitemaps_are_counted(
    replica: Replica, checked: dict[str, tuple[CheckReport, list[Any]]]
) -> None:
    report, _ = checked["inilahkoran"]
    docs = {d.url.rsplit("/", 1)[-1]: d for d in source(report, "sitemaps").documents}
    articles = len(replica.sites["inilahkoran"].snapshot())
    assert docs["sitemap.xml"].kind == "sitemapindex" and docs["sitemap.xml"].entries == 2
    assert docs["sitemap-posts.xml.gz"].kind == "urlset"
    assert docs["sitemap-posts.xml.gz"].entries == docs["sitemap-posts.xml.gz"].matching == articles
    news = docs["sitemap-news.xml"]
    assert news.kind == "urlset (Google News)" and news.entries == 10
    assert news.first_date and news.last_date and news.first_date <= news.last_date


def test_listing_pagination_and_search_with_the_first_query_are_checked(
    config: Config, checked: dict[str, tuple[CheckReport, list[Any]]]
) -> None:
    report, _ = checked["inilahkoran"]
    docs = source(report, "listings").documents
    latest = next(d for d in docs if "/berita?page=1" in d.url)
    assert any(note.startswith("page 2:") and "not on page 1" in note for note in latest.notes)
    search = next(d for d in docs if d.role.startswith("search"))
    assert config.search_queries[0] in search.role
    assert search.matching and search.matching > 0


# --- repairs the check must point at ---------------------------------------------------------


def test_a_wrong_article_pattern_warns_and_shows_non_matching_examples(
    replica: Replica, config: Config
) -> None:
    wrong = with_outlet(config, "sahabat", article_url_pattern=r"^/news/\d+/[\w-]+$")
    report = run_check(wrong, "sahabat")
    for name in ("sitemaps", "feeds", "homepage"):
        assert source(report, name).verdict == "WARN", name
        assert "article_url_pattern" in source(report, name).summary
    examples = [u for d in source(report, "feeds").documents for u in d.non_matching_examples]
    assert examples and all(replica.article_for_url(u) is not None for u in examples)
    text = format_report(report)
    assert f"not matching: {examples[0]}" in text
    # Feed and sitemap entries are taken whatever the pattern, so an article still extracts.
    assert report.article is not None and not report.article.matches_pattern
    assert report.exit_code == 0


def test_a_configured_listing_that_robots_txt_disallows_is_warned_about_and_not_fetched(
    replica: Replica, config: Config
) -> None:
    template = "/private/arsip?page={page}"
    changed = with_outlet(
        config,
        "neraca",
        discovery={
            "listings": {"urls": [template, *config.outlets["neraca"].discovery.listings.urls]}
        },
    )
    replica.clear_log()
    report = run_check(changed, "neraca")
    robots = source(report, "robots.txt")
    assert robots.verdict == "WARN" and "/private/arsip?page=1" in robots.summary
    blocked = source(report, "listings").documents[0]
    assert blocked.result == "disallowed by robots.txt"
    assert not [r for r in replica.requests("neraca") if r.path.startswith("/private/")]


def test_base_url_overrides_the_configured_site(replica: Replica, config: Config) -> None:
    # The configured site is a closed local port: only the override can make this pass.
    unreachable = with_outlet(config, "nyaringindonesia", base_url="http://127.0.0.1:9")
    report = run_check(
        unreachable, "nyaringindonesia", base_url=replica.base_urls["nyaringindonesia"]
    )
    assert report.exit_code == 0
    assert report.base_url == replica.base_urls["nyaringindonesia"]


def test_the_request_budget_bounds_discovery_but_keeps_the_article(
    replica: Replica, config: Config
) -> None:
    replica.clear_log()
    report = run_check(config, "inilahkoran", max_requests=6)
    assert len(replica.requests("inilahkoran")) <= 6
    skipped = [d for s in report.sources for d in s.documents if "budget" in d.result]
    assert skipped
    assert report.article is not None and report.article.failure is None


# --- the command line --------------------------------------------------------------------


def test_cli_json_output_parses(config_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(
        ["--config", str(config_file), "check", "nyaringindonesia", "--json", "--sample", "2"]
    )
    data = json.loads(capsys.readouterr().out)
    assert code == 0 == data["exit_code"]
    assert data["outlet"] == "nyaringindonesia" and data["verdict"] in ("OK", "WARN")
    assert [s["name"] for s in data["sources"]] == [
        "robots.txt",
        "sitemaps",
        "feeds",
        "homepage",
        "listings",
        "article",
    ]
    assert len(data["sample"]) == 2 and data["article"]["title"]


def test_a_broken_outlet_fails_with_exit_1_and_one_clear_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with replica_for() as broken:
        path = demo_config(ROOT / "config.yaml", tmp_path, broken.base_urls)
        broken.set_fault("neraca", 500)
        code = main(["--config", str(path), "check", "neraca"])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.count("\n") == 1 and err.startswith("asnwatch: check neraca failed: ")
    assert "HTTP 500" in err
    assert out.rstrip().splitlines()[-1].startswith("Result: FAIL: robots.txt: HTTP 500")


def test_an_unknown_outlet_is_a_one_line_config_error(
    config_file: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["--config", str(config_file), "check", "kompas"]) == 1
    assert "unknown outlet 'kompas'" in capsys.readouterr().err


# --- the fetcher and parsing helpers -----------------------------------------------------------


def test_the_fetcher_never_asks_another_site(config: Config) -> None:
    fetcher = Fetcher("http://127.0.0.1:9", config.crawl)
    answer = fetcher.fetch("http://127.0.0.2:9/feed/")
    assert answer.skipped and "another site" in answer.skipped
    assert fetcher.log == []


def test_the_fetcher_keeps_the_configured_delay_between_requests(
    replica: Replica, config: Config
) -> None:
    pauses: list[float] = []
    crawl = config.crawl.model_copy(update={"download_delay_seconds": 30.0})
    fetcher = Fetcher(replica.base_urls["neraca"], crawl, sleep=pauses.append)
    fetcher.fetch(replica.base_urls["neraca"] + "/robots.txt", robots_txt=True)
    assert pauses == []  # the first request does not wait
    fetcher.fetch(replica.base_urls["neraca"] + "/")
    assert len(pauses) == 1 and 25 < pauses[0] <= 30


def test_the_fetcher_cuts_a_page_at_max_page_bytes(replica: Replica, config: Config) -> None:
    crawl = config.crawl.model_copy(update={"max_page_bytes": 2000})
    fetcher = Fetcher(replica.base_urls["sahabat"], crawl)
    answer = fetcher.fetch(replica.base_urls["sahabat"] + "/")
    assert answer.status == 200 and answer.truncated and len(answer.body) == 2000


def test_the_pages_of_a_multi_page_article_are_found_with_the_pager_xpath(
    replica: Replica, config: Config
) -> None:
    outlet = config.outlets["inilahkoran"]
    article = replica.article("inilahkoran-003")  # three pages
    url = replica.article_url(article)
    page = read_html(Fetcher(outlet.base_url, config.crawl).fetch(url))
    found = other_article_pages(
        page.selector, url, outlet.article_pages.pager_xpath, outlet.canonical
    )
    assert found == [f"{url}?page=2", f"{url}?page=3"]


def test_a_sitemap_declaring_xml_entities_fails_as_the_crawler_refuses_it(
    tmp_path: Path,
) -> None:
    with replica_for() as replica:
        bomb = "/faults/bom-sitemap.xml"
        article = replica.base_urls["sahabat"] + "/2026/11/22/tidak-pernah-dibaca/"
        body = sitemap_xml([article], prolog=doctype("urlset", BILLION_LAUGHS))
        replica.faults("sahabat").at(bomb, Fault.raw(body, "application/xml")).sitemap(bomb)
        config = load_config(demo_config(ROOT / "config.yaml", tmp_path, replica.base_urls))
        report = run_check(config, "sahabat")
    doc = next(d for d in source(report, "sitemaps").documents if d.url.endswith(bomb))
    assert doc.verdict == "FAIL"
    assert "declares XML entities" in doc.hint and "ignored by the crawler" in doc.hint
    assert doc.entries is None, "the bomb's entries were read"


def test_an_unreachable_site_is_one_line_per_failed_source(config: Config) -> None:
    """Connection refused: one request tried, said once per failed source, no robots.txt claim."""
    with socket.socket() as probe:  # a port nothing listens on once closed
        probe.bind(("127.0.0.1", 0))
        closed = f"http://127.0.0.1:{probe.getsockname()[1]}"
    report = run_check(config, "sahabat", base_url=closed)
    assert report.exit_code == 1
    assert len(report.requests) == 1
    assert report.unreachable == "cannot connect: Connection refused"
    text = format_report(report)
    assert (
        text.count("Connection refused")
        == sum(1 for s in report.sources if "Connection refused" in s.summary) + 3
    )  # + "Site unreachable", the one request, the result line
    for s in report.sources:
        assert "\n" not in s.summary and "HTTPConnection" not in s.summary
    assert "robots.txt names none" not in text
    assert "robots.txt could not be read" in source(report, "sitemaps").summary


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (
            "<html><body><p>Café “netral” di kantor camat.</p></body></html>".encode("cp1252"),
            "text/html; charset=utf-8",
        ),
        (
            "<html><body><p>Café “netral” di kantor camat.</p></body></html>".encode(),
            "text/html; charset=iso-8859-1",
        ),
    ],
    ids=["cp1252-served-as-utf8", "utf8-served-as-latin1"],
)
def test_the_check_extracts_the_text_the_crawl_would_after_a_charset_repair(
    body: bytes, content_type: str
) -> None:
    """A mislabelled charset is repaired as the crawl repairs it (decode_html) before extraction."""
    from crawler.check.fetcher import Fetched, read_html

    url = "https://example.id/a"
    page = read_html(Fetched(url, url, status=200, body=body, content_type=content_type))
    assert "Café “netral” di kantor camat." in page.text
    assert "\ufffd" not in page.text and "â€" not in page.text
