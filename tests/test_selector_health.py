"""Selector health: which configured selectors matched, per story, per run, in status and check.

The unit cases build pages by hand; the crawl cases run real crawls against the
replica, once with the outlet's config and once with its ``content_xpath`` and
``date_xpath`` pointing at nothing, as after a template change.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.check import CheckReport, format_report, run_check
from crawler.config.extraction import ExtractionRules, SharedExtractionConfig
from crawler.content.extraction import extract_story
from crawler.content.selectors import SelectorCount, SelectorHits
from crawler.content.story import ExtractionFailed
from crawler.ops.runstats_model import RunStats
from crawler.ops.status import render
from tests.world import World, make_world, replica_for

URL = "https://contoh.example/berita/2026/03/26/netralitas-asn"
SHARED = SharedExtractionConfig(min_chars=0)
STORY = [
    "Badan Pengawas Pemilu mengingatkan aparatur sipil negara agar menjaga netralitas.",
    "Pelanggaran netralitas dapat berujung pada sanksi disiplin sesuai peraturan yang berlaku.",
    "Masyarakat diminta melaporkan dugaan pelanggaran melalui kanal pengaduan resmi.",
]
HEAD = '<meta property="og:title" content="ASN Diminta Netral">'
BODY = (
    '<h1 class="judul">ASN Diminta Netral</h1>'
    '<div class="tanggal">Kamis, 26/03/2026 14:30 WIB</div>'
    '<div class="penulis">Oleh: Asep Saepudin</div>'
    f'<div class="isi">{"".join(f"<p>{p}</p>" for p in STORY)}</div>'
    '<div class="halaman"><a href="?page=2">2</a></div>'
)
RULES = ExtractionRules(
    content_xpath='//div[@class="isi"]',
    title_xpath='//h1[@class="judul"]',
    date_xpath='//div[@class="tanggal"]/text()',
    author_xpath='//div[@class="penulis"]',
)
BROKEN = ExtractionRules(
    content_xpath='//div[@class="gone"]',
    date_xpath='//div[@class="penulis"]/text()',  # text, but no date in it
)


def page(body: str = BODY) -> str:
    return f"<html><head>{HEAD}</head><body>{body}</body></html>"


def counts(hits: SelectorHits) -> dict[str, tuple[int, int]]:
    return {name: (c.pages, c.matched) for name, c in hits.counts.items()}


# --- extraction ------------------------------------------------------------------------


def test_every_configured_selector_that_matched_is_reported() -> None:
    story = extract_story([page(), page()], URL, RULES, SHARED, pager_xpath="//div/a/@href")
    assert counts(story.selectors) == {
        "content_xpath": (2, 2),  # every page
        "pager_xpath": (1, 1),  # the first page only, like the metadata
        "title_xpath": (1, 1),
        "date_xpath": (1, 1),
        "author_xpath": (1, 1),
    }
    assert story.selectors.warnings() == []


def test_selectors_that_miss_are_reported_and_the_text_is_the_generic_one() -> None:
    story = extract_story([page()], URL, BROKEN, SHARED)
    generic = extract_story([page()], URL, ExtractionRules(), SHARED)
    assert story.paragraphs == generic.paragraphs and story.title == generic.title
    assert story.published_at == generic.published_at is not None
    assert counts(story.selectors) == {"content_xpath": (1, 0), "date_xpath": (1, 0)}
    assert story.selectors.warnings() == [
        "content_xpath matched 0 of 1 page: the template may have changed; "
        "generic extraction was used",
        "date_xpath matched 0 of 1 page: the template may have changed; "
        "the date was found generically, if at all",
    ]


def test_unconfigured_selectors_are_not_reported_and_do_not_change_the_story() -> None:
    story = extract_story([page()], URL, ExtractionRules(), SHARED)
    assert story.selectors == SelectorHits() and story.selectors.warnings() == []
    with_rules = extract_story([page()], URL, RULES, SHARED)
    assert with_rules.paragraphs == story.paragraphs


def test_a_failed_extraction_still_reports_its_selectors() -> None:
    with pytest.raises(ExtractionFailed) as failed:
        extract_story([page()], URL, BROKEN, SharedExtractionConfig(min_chars=10_000))
    assert failed.value.reason == "too_short"
    assert failed.value.selectors is not None
    assert counts(failed.value.selectors)["content_xpath"] == (1, 0)


def test_counts_add_up_and_warn_only_for_zero_of_some() -> None:
    total = SelectorHits({"content_xpath": SelectorCount(2, 0)}) + SelectorHits(
        {"content_xpath": SelectorCount(1, 1), "date_xpath": SelectorCount(3, 0)}
    )
    assert counts(total) == {"content_xpath": (3, 1), "date_xpath": (3, 0)}
    assert total.warnings() == [
        "date_xpath matched 0 of 3 pages: the template may have changed; "
        "the date was found generically, if at all"
    ]
    assert SelectorCount(0, 0).warning("content_xpath") is None


# --- run stats ---------------------------------------------------------------------------


def test_run_stats_carry_selector_counts_and_read_old_rows_as_not_counted() -> None:
    raw = {
        "asnwatch/selectors/content_xpath/pages": 14,
        "asnwatch/selectors/content_xpath/matched": 0,
        "asnwatch/selectors/date_xpath/pages": 9,
        "asnwatch/selectors/date_xpath/matched": 9,
        "asnwatch/articles/multi_page": 2,
    }
    stats = RunStats.from_scrapy(raw)
    assert stats.multi_page == 2
    back = RunStats.from_row(json.loads(json.dumps(stats.as_dict())))
    assert counts(back.selectors) == {"content_xpath": (14, 0), "date_xpath": (9, 9)}
    old = RunStats.from_row({"stored": 3, "detail": {"articles/stored": 3}})
    assert old.selectors == SelectorHits() and old.multi_page == 0


# --- real crawls against the replica -----------------------------------------------------

OUTLET = "neraca"  # configures content_xpath and date_xpath
PAGED = "inilahkoran"  # configures content_xpath, pager_xpath and author_xpath
NOWHERE = '//div[@id="asnwatch-no-such-element"]'


def break_selectors(data: dict[str, Any]) -> None:
    """The outlet's template "changed": its content and date selectors match nothing."""
    extraction = data["outlets"][OUTLET]["extraction"]
    extraction["content_xpath"] = NOWHERE
    extraction["date_xpath"] = NOWHERE + "/text()"


def run_stats(world: World, outlet: str) -> RunStats:
    assert world.result is not None
    run = next(r for r in world.result.runs if r.outlet == outlet)
    assert run.status == "ok", run.error
    return RunStats.from_row(run.stats)


def checked(world: World, outlet: str) -> CheckReport:
    report = run_check(world.config, outlet)
    assert report.article is not None and report.article.failure is None
    assert report.selectors is not None
    return report


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with replica_for() as replica:
        world = make_world(
            tmp_path_factory.mktemp("broken"), replica, change=break_selectors, with_export=False
        )
        world.cycle([OUTLET])
        yield world


@pytest.fixture(scope="module")
def normal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with replica_for() as replica:
        world = make_world(tmp_path_factory.mktemp("normal"), replica, with_export=False)
        world.cycle([OUTLET, PAGED])
        yield world


@pytest.mark.crawl
def test_a_run_counts_selectors_that_matched_none_of_its_pages(broken: World) -> None:
    stats = run_stats(broken, OUTLET)
    assert stats.stored > 0 and stats.extraction_failed == 0  # generic extraction stood in
    hits = stats.selectors.counts
    extracted = stats.relevant + stats.irrelevant
    assert hits["content_xpath"] == SelectorCount(extracted, 0) and extracted > 0
    assert hits["date_xpath"].pages > 0 and hits["date_xpath"].matched == 0
    assert all(story["published_at"] for story in broken.repo.story_rows())


@pytest.mark.crawl
def test_status_warns_about_each_selector_that_matched_nothing(broken: World) -> None:
    pages = run_stats(broken, OUTLET).selectors.counts["content_xpath"].pages
    text = render(broken.config, broken.repo)
    assert (
        f"! content_xpath matched 0 of {pages} pages: the template may have changed; "
        "generic extraction was used"
    ) in text
    assert "! date_xpath matched 0 of " in text
    assert text.count("template may have changed") == 2


@pytest.mark.crawl
def test_check_warns_about_the_same_selectors_in_the_same_words(broken: World) -> None:
    report = checked(broken, OUTLET)
    assert report.selectors is not None
    verdicts = {s.name: (s.verdict, s.message) for s in report.selectors.selectors}
    assert verdicts["content_xpath"] == (
        "WARN",
        "content_xpath matched 0 of 1 page: the template may have changed; "
        "generic extraction was used",
    )
    assert verdicts["date_xpath"][0] == "WARN"
    assert report.selectors.verdict == "WARN" and report.exit_code == 0
    text = format_report(report)
    assert "WARN content_xpath matched 0 of 1 page: the template may have changed" in text
    assert json.loads(report.to_json())["selectors"]["verdict"] == "WARN"


@pytest.mark.crawl
def test_with_the_outlets_own_selectors_nothing_is_warned(normal: World) -> None:
    for outlet in (OUTLET, PAGED):
        hits = run_stats(normal, outlet).selectors.counts
        assert hits and all(count.matched > 0 for count in hits.values()), (outlet, hits)
        selectors = checked(normal, outlet).selectors
        assert selectors is not None and selectors.verdict == "OK", selectors
    assert set(run_stats(normal, PAGED).selectors.counts) == {
        "content_xpath",
        "pager_xpath",
        "author_xpath",
    }
    assert run_stats(normal, PAGED).multi_page > 0
    assert run_stats(normal, OUTLET).multi_page == 0
    assert "template may have changed" not in render(normal.config, normal.repo)


def test_check_without_selectors_configured_says_so(tmp_path: Path) -> None:
    def no_selectors(data: dict[str, Any]) -> None:
        data["outlets"][OUTLET]["extraction"] = {}

    with replica_for() as replica:
        world = make_world(tmp_path, replica, change=no_selectors, with_export=False)
        report = checked(world, OUTLET)
    assert report.selectors is not None and report.selectors.verdict == "OFF"
    assert report.selectors.selectors == []
