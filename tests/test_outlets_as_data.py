"""An outlet that exists only in the config crawls like the five, with no spider file.

`crawler.crawl.spiderloader` gives every configured outlet a spider, so an
entry added to the config is crawled through every entry point: `asnwatch
crawl --outlet NAME`, `scrapy crawl NAME` (from the repository root, the config
named with `-s ASNWATCH_CONFIG=...`) and the daemon; `scrapy list` lists it.
Removing the entry stops it being crawled and keeps its stories.

The outlet is served by the replica's generic outlet (replica/sites/generic.py),
which invents its articles. Each case crawls into its own database, through
real subprocesses.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from scrapy import Request
from scrapy.settings import Settings
from scrapy.spiderloader import get_spider_loader

from crawler.config.model import Config, load_config
from crawler.crawl.spider import OutletSpider
from crawler.crawl.spiderloader import outlet_spider_class, valid_spider_name
from crawler.demo import demo_config
from crawler.discovery.urls import canonicalize
from replica import Replica
from storage.repository import Repository
from tests.conftest import ROOT
from tests.daemonkit import TWO_SECONDS, Daemon, finished_cycles, wait_for
from tests.world import CONFIG_PATH, generic_outlet_entry, replica_for

NEW = "wartadaerah"
OTHER = "sahabat"
CLI = [sys.executable, "-m", "crawler.cli.main"]
SCRAPY = [sys.executable, "-m", "scrapy"]

pytestmark = pytest.mark.crawl


@pytest.fixture(scope="module")
def base_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """config.yaml with two outlets: sahabat and the new one, which has no spider file."""
    data = yaml.safe_load(CONFIG_PATH.read_text(encoding="utf-8"))
    new = generic_outlet_entry(data, NEW, "Warta Daerah")
    data["outlets"] = {OTHER: data["outlets"][OTHER], NEW: new}
    path = tmp_path_factory.mktemp("base") / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def replica(base_config: Path) -> Iterator[Replica]:
    with replica_for(base_config) as running:
        yield running


def local_config(tmp_path: Path, replica: Replica, base_config: Path, **sections: Any) -> Path:
    """The base config pointed at the replica and tmp_path (`sections` replace top-level keys)."""
    path = demo_config(base_config, tmp_path, replica.base_urls)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["crawl"]["retry_times"] = 0
    data.update(sections)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def run(command: list[str]) -> subprocess.CompletedProcess[str]:
    """A command from the repository root, as a user types it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300, check=False
    )


def expected_stories(replica: Replica, config: Config) -> set[str]:
    """The canonical URLs of the new outlet's on-topic articles."""
    canonical = config.outlets[NEW].canonical
    return {
        canonicalize(replica.article_url(a), canonical)
        for a in replica.articles
        if a.outlet == NEW and a.label == "positive"
    }


def stories_of(repo: Repository, replica: Replica, config: Config) -> set[str]:
    """The stored stories that are the new outlet's."""
    return {r["canonical_url"] for r in repo.story_rows()} & expected_stories(replica, config)


def assert_crawled(repo: Repository, replica: Replica, config: Config) -> None:
    [new_run] = repo.recent_runs(NEW)
    assert new_run.status == "ok" and new_run.stats["stored"] > 0
    assert stories_of(repo, replica, config) == expected_stories(replica, config)


def test_it_has_no_spider_file() -> None:
    assert not list((ROOT / "spiders").glob(f"{NEW}*"))


def test_the_spider_of_an_outlet_is_named_after_it() -> None:
    for name, class_name in [
        (NEW, "WartadaerahSpider"),
        ("kabar-nusa", "KabarNusaSpider"),
        ("radar_bogor.id", "RadarBogorIdSpider"),
        ("99news", "Outlet99newsSpider"),
    ]:
        cls = outlet_spider_class(name)
        assert issubclass(cls, OutletSpider)
        assert (cls.name, cls.__name__) == (name, class_name)
    assert valid_spider_name("kabar-nusa") and valid_spider_name("99news")
    assert not any(map(valid_spider_name, ["", "-x", "kompas tv", "a/b", "_x"]))


def test_the_loader_gives_each_configured_outlet_a_spider(base_config: Path) -> None:
    settings = Settings()
    settings.setmodule("crawler.crawl.settings", priority="project")
    settings.set("ASNWATCH_CONFIG", str(base_config), priority="cmdline")
    loader = get_spider_loader(settings)
    assert loader.list() == sorted([OTHER, NEW])
    assert loader.load(OTHER).__module__ == f"spiders.{OTHER}"  # the named spider's file
    assert loader.load(NEW).__name__ == "WartadaerahSpider"
    with pytest.raises(KeyError, match="Spider not found: neraca"):
        loader.load("neraca")  # a spider file, but not an outlet of this config
    for url, names in [
        ("https://www.wartadaerah.example/2026/01/02/berita/", [NEW]),
        ("https://wartadaerah.example/", [NEW]),
        ("https://www.neraca.co.id/", []),
    ]:
        assert loader.find_by_request(Request(url)) == names


def test_scrapy_list_lists_it(replica: Replica, base_config: Path, tmp_path: Path) -> None:
    path = local_config(tmp_path, replica, base_config)
    done = run([*SCRAPY, "list", "-s", f"ASNWATCH_CONFIG={path}"])
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == sorted([OTHER, NEW])


def test_asnwatch_check_reports_on_it(replica: Replica, base_config: Path, tmp_path: Path) -> None:
    path = local_config(tmp_path, replica, base_config)
    done = run([*CLI, "--config", str(path), "check", NEW])
    assert done.returncode == 0, done.stdout + done.stderr
    assert NEW in done.stdout


def test_asnwatch_crawl_crawls_it(replica: Replica, base_config: Path, tmp_path: Path) -> None:
    path = local_config(tmp_path, replica, base_config)
    config = load_config(path)
    done = run([*CLI, "--config", str(path), "crawl", "--outlet", NEW])
    assert done.returncode == 0, done.stderr
    repo = Repository.open(config.database.url)
    assert_crawled(repo, replica, config)
    assert repo.recent_runs(OTHER) == []


def test_scrapy_crawl_crawls_it(replica: Replica, base_config: Path, tmp_path: Path) -> None:
    path = local_config(tmp_path, replica, base_config)
    config = load_config(path)
    done = run([*SCRAPY, "crawl", NEW, "-s", f"ASNWATCH_CONFIG={path}", "-s", "LOG_LEVEL=INFO"])
    assert done.returncode == 0, done.stderr
    assert_crawled(Repository.open(config.database.url), replica, config)


def test_the_daemon_crawls_it(replica: Replica, base_config: Path, tmp_path: Path) -> None:
    schedule = {
        "interval_minutes": TWO_SECONDS,
        "cycle_timeout_minutes": 2,
        "stop_timeout_seconds": 10,
        "jitter_seconds": 0,
    }
    path = local_config(tmp_path, replica, base_config, schedule=schedule)
    config = load_config(path)
    repo = Repository.open(config.database.url)
    daemon = Daemon(path, tmp_path / "stderr.log")
    try:
        [first, *_] = wait_for(lambda: finished_cycles(repo), "a first cycle", timeout=180)
        assert first.status == "ok", daemon.log()
        assert daemon.terminate(timeout=config.schedule.stop_timeout_seconds + 15) == 0
    finally:
        daemon.cleanup()
    runs = repo.recent_runs(NEW)
    assert runs and all(r.status == "ok" for r in runs)
    assert stories_of(repo, replica, config) == expected_stories(replica, config)


def test_removing_it_stops_its_crawls_and_keeps_its_stories(
    replica: Replica, base_config: Path, tmp_path: Path
) -> None:
    path = local_config(tmp_path, replica, base_config)
    config = load_config(path)
    assert run([*CLI, "--config", str(path), "crawl"]).returncode == 0
    repo = Repository.open(config.database.url)
    kept = stories_of(repo, replica, config)
    assert kept == expected_stories(replica, config)

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["outlets"][NEW]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    replica.clear_log()
    done = run([*CLI, "--config", str(path), "crawl"])
    assert done.returncode == 0, done.stderr
    assert len(repo.recent_runs(OTHER)) == 2
    assert len(repo.recent_runs(NEW)) == 1  # the crawl before the removal only
    assert replica.requests(NEW) == [] and replica.requests(OTHER)
    assert stories_of(repo, replica, config) == kept

    listed = run([*SCRAPY, "list", "-s", f"ASNWATCH_CONFIG={path}"])
    assert listed.stdout.split() == [OTHER]
    by_hand = run([*SCRAPY, "crawl", NEW, "-s", f"ASNWATCH_CONFIG={path}"])
    assert by_hand.returncode != 0 and f"Spider not found: {NEW}" in by_hand.stderr
    assert replica.requests(NEW) == []
