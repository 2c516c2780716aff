"""/metrics over HTTP: the server started in process over a real database after a replica crawl.

The values are checked against what the database recorded (runs, cycles,
exports), and a second scrape after more rows counts only those.
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client.parser import text_string_to_metric_families

from crawler.config.model import load_config
from crawler.ops.metrics import MetricsError, start_metrics_server
from crawler.ops.runstats_model import RunStats
from storage.repository import Repository
from tests.conftest import ROOT
from tests.world import World, make_world, replica_for

OUTLETS = ["sahabat", "nyaringindonesia"]
#: The metric names docs/operations.md documents (counters without their _total).
DOCUMENTED = {
    "asnwatch_daemon_up",
    "asnwatch_daemon_start_time_seconds",
    "asnwatch_database_up",
    "asnwatch_cycles",
    "asnwatch_cycle_duration_seconds",
    "asnwatch_last_cycle_finished_timestamp_seconds",
    "asnwatch_outlet_runs",
    "asnwatch_outlet_run_duration_seconds",
    "asnwatch_outlet_last_success_timestamp_seconds",
    "asnwatch_stories_stored",
    "asnwatch_stories_duplicate",
    "asnwatch_stories_exported",
    "asnwatch_requests",
    "asnwatch_responses_not_modified",
    "asnwatch_extraction_failures",
}

Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def scrape(port: int) -> tuple[set[str], Samples]:
    """The metric families' names and every sample, by name and labels."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=30) as response:
        text = response.read().decode("utf-8")
    names, samples = set(), {}
    for family in text_string_to_metric_families(text):
        names.add(family.name)
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return names, samples


def outlet(value: str) -> tuple[tuple[str, str], ...]:
    return (("outlet", value),)


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """Two outlets crawled once from the replica, then exported."""
    tmp_path = tmp_path_factory.mktemp("metrics")

    def only(data: dict) -> None:  # type: ignore[type-arg]
        data["outlets"] = {name: data["outlets"][name] for name in OUTLETS}

    with replica_for() as replica:
        crawled = make_world(tmp_path, replica, change=only)
        crawled.cycle()
        yield crawled
        crawled.repo.close()


def test_metrics_after_a_replica_crawl_match_the_database(world: World) -> None:
    server = start_metrics_server(world.config, world.repo, "127.0.0.1:0")
    try:
        names, samples = scrape(server.port)
    finally:
        server.close()
    assert names >= DOCUMENTED
    runs = [r for c in world.repo.recent_cycles() for r in world.repo.runs_of_cycle(c.id)]
    assert {r.outlet for r in runs} == set(OUTLETS)
    for name in OUTLETS:
        stats = RunStats.total(RunStats.from_row(r.stats) for r in runs if r.outlet == name)
        assert stats.stored > 0 and stats.requests > 0
        assert samples[("asnwatch_stories_stored_total", outlet(name))] == stats.stored
        assert samples[("asnwatch_stories_duplicate_total", outlet(name))] == stats.duplicates
        assert samples[("asnwatch_requests_total", outlet(name))] == stats.requests
        assert samples[("asnwatch_responses_not_modified_total", outlet(name))] == (
            stats.not_modified
        )
        assert samples[("asnwatch_extraction_failures_total", outlet(name))] == (
            stats.extraction_failed
        )
        exported = [s for s in world.repo.story_rows() if s["outlet"] == name]
        assert samples[("asnwatch_stories_exported_total", outlet(name))] == len(
            [s for s in exported if s["duplicate_of_id"] is None]
        )
        (run,) = [r for r in runs if r.outlet == name]
        assert run.status == "ok" and run.finished_at is not None
        assert samples[
            ("asnwatch_outlet_last_success_timestamp_seconds", outlet(name))
        ] == pytest.approx(run.finished_at.timestamp())
        assert samples[("asnwatch_outlet_runs_total", (("outcome", "ok"), ("outlet", name)))] == 1
        assert samples[("asnwatch_outlet_run_duration_seconds_count", outlet(name))] == 1
    assert samples[("asnwatch_cycles_total", (("outcome", "ok"),))] == 1
    assert samples[("asnwatch_cycle_duration_seconds_count", ())] == 1
    assert samples[("asnwatch_daemon_up", ())] == 1
    assert samples[("asnwatch_database_up", ())] == 1


def test_a_second_scrape_counts_only_the_new_rows(world: World) -> None:
    server = start_metrics_server(world.config, world.repo, "127.0.0.1:0")
    try:
        _, before = scrape(server.port)
        cycle_id = world.repo.start_cycle("manual")
        run_id = world.repo.start_run("sahabat", cycle_id=cycle_id)
        _, during = scrape(server.port)  # a run still going is not counted yet
        world.repo.finish_run(run_id, "failed", {"stored": 2, "requests": 5}, "boom")
        world.repo.close_cycle(cycle_id, "partial", {})
        _, after = scrape(server.port)
        _, again = scrape(server.port)
    finally:
        server.close()
    stored = ("asnwatch_stories_stored_total", outlet("sahabat"))
    assert during[stored] == before[stored]
    assert after[stored] == before[stored] + 2 == again[stored]
    requests = ("asnwatch_requests_total", outlet("sahabat"))
    assert again[requests] == before[requests] + 5
    failed = ("asnwatch_outlet_runs_total", (("outcome", "failed"), ("outlet", "sahabat")))
    assert again[failed] == 1
    assert again[("asnwatch_cycles_total", (("outcome", "partial"),))] == 1


def test_a_listen_address_in_use_is_one_line_naming_it(sqlite_url: str) -> None:
    config = load_config(ROOT / "config.yaml")
    repo = Repository.open(sqlite_url)
    first = start_metrics_server(config, repo, "127.0.0.1:0")
    try:
        with pytest.raises(MetricsError, match=rf"cannot serve metrics on 127.0.0.1:{first.port}"):
            start_metrics_server(config, repo, f"127.0.0.1:{first.port}")
        with pytest.raises(MetricsError, match="expected HOST:PORT"):
            start_metrics_server(config, repo, "localhost")
    finally:
        first.close()
        repo.close()


def test_the_config_key_is_validated(tmp_path: Path) -> None:
    from crawler.config.model import ConfigError

    data = (ROOT / "config.yaml").read_text(encoding="utf-8")
    path = tmp_path / "config.yaml"
    path.write_text(data.replace("  listen: null", "  listen: nine"), encoding="utf-8")
    with pytest.raises(ConfigError, match=r"metrics\.listen: expected HOST:PORT"):
        load_config(path)
