"""Real crawls over HTTP against the local replica: discovery, manners, incremental cycles.

Each test starts its own replica on free ports and runs the real cycle: one
`scrapy crawl` subprocess per outlet, storing into a real SQLite file.
Politeness delays are off against the replica (never against real sites).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from crawler.discovery.urls import canonicalize
from crawler.ops.cycle import CycleResult
from tests.conftest import CONFIGURED_OUTLETS, ROOT
from tests.world import World, make_world, replica_for

pytestmark = pytest.mark.crawl


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    with replica_for() as replica:
        yield make_world(tmp_path, replica)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[World, CycleResult]]:
    """One full first cycle, shared by the read-only tests below."""
    with replica_for() as replica:
        world = make_world(tmp_path_factory.mktemp("crawled"), replica)
        yield world, world.cycle()


def key(world: World, url: str) -> str:
    outlet = next(n for n, b in world.replica.base_urls.items() if url.startswith(b))
    return canonicalize(url, world.config.outlets[outlet].canonical)


def test_first_cycle_completes_on_every_outlet(crawled: tuple[World, CycleResult]) -> None:
    _, result = crawled
    assert {r.outlet: r.status for r in result.runs} == dict.fromkeys(CONFIGURED_OUTLETS, "ok")


def test_every_relevant_story_of_every_outlet_is_found(crawled: tuple[World, CycleResult]) -> None:
    world, _ = crawled
    stored = world.stored_urls()
    positives = [a for a in world.replica.articles if a.label == "positive"]
    missing = [a.id for a in positives if key(world, world.replica.article_url(a)) not in stored]
    assert not missing


def test_off_topic_stories_are_not_stored_but_remembered(
    crawled: tuple[World, CycleResult],
) -> None:
    world, _ = crawled
    stored = world.stored_urls()
    negatives = [a for a in world.replica.articles if a.label == "negative"]
    wrongly = [a.id for a in negatives if key(world, world.replica.article_url(a)) in stored]
    assert not wrongly
    urls = [key(world, world.replica.article_url(a)) for a in negatives]
    assert world.repo.unseen(urls) == []


def test_syndicated_copies_are_stored_once_with_the_others_as_duplicates(
    crawled: tuple[World, CycleResult],
) -> None:
    world, _ = crawled
    rows = {row["canonical_url"]: row for row in world.repo.story_rows()}
    copies = [a for a in world.replica.articles if a.copy_of and a.label == "positive"]
    assert copies
    for copy in copies:
        original = world.replica.article(copy.copy_of or "")
        pair = [rows[key(world, world.replica.article_url(a))] for a in (original, copy)]
        # Whichever outlet was crawled first holds the primary; the other points at it.
        primaries = [row for row in pair if row["duplicate_of_id"] is None]
        assert len(primaries) == 1, copy.id
        duplicate = next(row for row in pair if row["duplicate_of_id"] is not None)
        assert duplicate["duplicate_of_id"] == primaries[0]["id"]


def test_exported_files_are_the_gold_stories_byte_for_byte(
    crawled: tuple[World, CycleResult],
) -> None:
    world, result = crawled
    assert result.export is not None and result.export.files
    gold = {a.gold_text for a in world.replica.articles if a.label == "positive"}
    for path in result.export.files:
        assert path.read_text(encoding="utf-8") in gold, path.name


def test_disallowed_paths_are_never_requested(crawled: tuple[World, CycleResult]) -> None:
    world, _ = crawled
    for outlet in world.replica.base_urls:
        prefixes = world.replica.disallowed_paths(outlet)
        hits = [
            r.path for r in world.replica.requests(outlet) if r.path.startswith(tuple(prefixes))
        ]
        assert not hits, outlet


def test_requests_identify_the_crawler(crawled: tuple[World, CycleResult]) -> None:
    world, _ = crawled
    agents = {r.user_agent for r in world.replica.requests()}
    assert agents == {world.config.crawl.user_agent}


def test_stored_text_has_no_boilerplate(crawled: tuple[World, CycleResult]) -> None:
    world, _ = crawled
    from crawler.evaluate.extraction import count_boilerplate

    for row in world.repo.story_rows():
        assert count_boilerplate(row["text"]) == 0, row["canonical_url"]


def test_second_cycle_fetches_no_article_and_new_ones_are_picked_up(world: World) -> None:
    first = world.cycle()
    assert first.status == "ok"
    world.replica.clear_log()
    second = world.cycle()
    assert second.status == "ok"
    assert world.replica.article_requests() == []
    assert all(r.stats["fetched"] == 0 for r in second.runs)
    assert sum(r.stats["not_modified"] for r in second.runs) > 0

    template = world.replica.article("sahabat-002")
    added = [
        world.replica.add_article(
            {
                "outlet": outlet,
                "title": f"ASN {outlet} diminta netral dalam Pilkada lanjutan",
                "author": "Redaksi",
                "category": template.category,
                "label": "positive",
                "paragraphs": [
                    f"Paragraf {i} tentang netralitas ASN {outlet} dalam Pilkada: "
                    + " ".join(template.paragraphs[i % len(template.paragraphs)].split()[3:])
                    for i in range(5)
                ],
            }
        )
        for outlet in ("sahabat", "neraca")
    ]
    world.replica.clear_log()
    third = world.cycle()
    assert third.status == "ok"
    fetched = {(r.outlet, r.path.split("?")[0]) for r in world.replica.article_requests()}
    assert fetched == {(a.outlet, a.path().split("?")[0]) for a in added}
    stored = world.stored_urls()
    assert all(key(world, world.replica.article_url(a)) in stored for a in added)


def test_a_broken_outlet_is_reported_while_the_others_complete(world: World) -> None:
    world.replica.set_fault("neraca", 500)
    result = world.cycle(["neraca", "sahabat"])
    status = {r.outlet: r for r in result.runs}
    assert status["sahabat"].status == "ok"
    assert status["sahabat"].stats["stored"] > 0
    assert status["neraca"].status == "failed"
    assert "unreachable" in (status["neraca"].error or "")
    assert result.status == "partial"


def positives_missing(world: World, outlets: list[str]) -> list[str]:
    stored = world.stored_urls()
    return [
        a.id
        for a in world.replica.articles
        if a.outlet in outlets
        and a.label == "positive"
        and key(world, world.replica.article_url(a)) not in stored
    ]


def test_a_wrong_article_pattern_loses_nothing_sitemaps_and_feeds_list(tmp_path: Path) -> None:
    def wrong_patterns(data: dict[str, Any]) -> None:
        for name in ("abadikini", "nyaringindonesia"):
            data["outlets"][name]["article_url_pattern"] = "^/no/such/pattern/"

    with replica_for() as replica:
        world = make_world(tmp_path, replica, change=wrong_patterns)
        result = world.cycle(["abadikini", "nyaringindonesia"])
        assert result.status == "ok"
        assert positives_missing(world, ["abadikini", "nyaringindonesia"]) == []


def test_given_only_a_base_url_a_spider_finds_sitemaps_and_feeds(tmp_path: Path) -> None:
    def bare(data: dict[str, Any]) -> None:
        for name in ("sahabat", "abadikini", "nyaringindonesia"):
            outlet = data["outlets"][name]
            data["outlets"][name] = {
                "name": outlet["name"],
                "base_url": outlet["base_url"],
                "article_url_pattern": outlet["article_url_pattern"],
                "discovery": {"listings": {"enabled": False}},
            }

    with replica_for() as replica:
        world = make_world(tmp_path, replica, change=bare)
        result = world.cycle(["sahabat", "abadikini", "nyaringindonesia"])
        assert result.status == "ok"
        assert positives_missing(world, ["sahabat", "abadikini", "nyaringindonesia"]) == []


def test_scrapy_list_names_every_configured_outlet() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "scrapy", "list"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert sorted(out) == sorted(CONFIGURED_OUTLETS)


def test_scrapy_crawl_by_hand_stores_into_the_configured_database(world: World) -> None:
    base = world.replica.base_urls["abadikini"]
    # The config still points elsewhere: -a base_url redirects this run to the replica.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "scrapy",
            "crawl",
            "abadikini",
            "-a",
            f"base_url={base}",
            "-s",
            f"ASNWATCH_CONFIG={world.options.config_path}",
            "-s",
            "DOWNLOAD_DELAY=0",
            "-s",
            "LOG_LEVEL=WARNING",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    [run] = world.repo.recent_runs("abadikini")
    assert run.status == "ok" and run.stats["stored"] > 0
    assert positives_missing(world, ["abadikini"]) == []


def test_crawl_logs_older_than_the_limit_are_pruned_when_crawling(world: World) -> None:
    log_dir = world.options.log_dir
    assert log_dir is not None
    log_dir.mkdir(parents=True, exist_ok=True)
    stale = log_dir / "run-999-sahabat.log"  # not an id this fresh database gives
    notes = log_dir / "notes.txt"
    for path in (stale, notes):
        path.write_text("old\n")
        os.utime(path, (time.time() - 40 * 86_400,) * 2)
    result = world.cycle(["sahabat"])
    assert not stale.exists(), "a 40-day-old crawl log survived (keep_run_logs_days: 30)"
    assert notes.exists()
    [run] = result.runs
    assert (log_dir / f"run-{run.id}-sahabat.log").stat().st_size > 0
