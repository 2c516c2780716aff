"""`asnwatch daemon`: the real daemon process, on a 2-second schedule, against the local replica.

One daemon runs over three outlets (one answering 500) until a story published
mid-run is exported and notified, then gets SIGTERM; the tests check what it
recorded (tests/daemonkit.py starts it and polls the database).
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from crawler.config.model import Config, load_config
from crawler.ops.status import render, schedule_due_line
from storage.repository import Repository
from tests.daemonkit import (
    NEW_ARTICLE,
    TWO_SECONDS,
    Daemon,
    Webhook,
    finished_cycles,
    leftovers,
    running_rows,
    temp_files,
    wait_for,
    write_config,
)
from tests.world import replica_for

# ---- the real daemon ---------------------------------------------------------------------------


@dataclass
class Run:
    """What one daemon did, start to SIGTERM: recorded once, checked by several tests."""

    config: Config
    repo: Repository
    exit_code: int
    stderr: str
    log_file: str
    posts: list[dict[str, Any]]
    status: str
    leftovers: list[int]


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    """Three outlets, one answering 500; a story published mid-run; SIGTERM at the end."""
    tmp_path = tmp_path_factory.mktemp("daemon")
    hook = Webhook()
    with replica_for() as replica:
        replica.set_fault("neraca", 500)
        config_path = write_config(
            tmp_path,
            replica,
            ["sahabat", "nyaringindonesia", "neraca"],
            schedule={
                "interval_minutes": TWO_SECONDS,
                "cycle_timeout_minutes": 2,
                "stop_timeout_seconds": 10,
            },
            logging={"file": "daemon.log"},
            notifications={
                "urls": [hook.url.replace("http://", "json://", 1)],
                "timeout_seconds": 5,
                "check_seconds": 1,
                "max_titles": 100,
            },
        )
        config = load_config(config_path)
        repo = Repository.open(config.database.url)
        daemon = Daemon(config_path, tmp_path / "stderr.log")
        try:
            wait_for(lambda: finished_cycles(repo), "a first cycle")
            replica.add_article(NEW_ARTICLE)
            wait_for(
                lambda: any(
                    p.read_text(encoding="utf-8").startswith(NEW_ARTICLE["title"])
                    for p in Path(config.export.dir).glob("*.txt")
                ),
                "the new article's export file",
            )
            wait_for(
                lambda: any(NEW_ARTICLE["title"] in p.get("message", "") for p in hook.posts),
                "a notification of the new article",
            )
            exit_code = daemon.terminate(timeout=config.schedule.stop_timeout_seconds + 15)
            yield Run(
                config=config,
                repo=repo,
                exit_code=exit_code,
                stderr=daemon.log(),
                log_file=(tmp_path / "daemon.log").read_text(encoding="utf-8"),
                posts=hook.posts,
                status=render(config, repo),
                leftovers=leftovers(config_path, range(1, 1000)),
            )
        finally:
            daemon.cleanup()
            hook.close()


def test_cycles_run_on_the_schedule(run: Run) -> None:
    cycles = finished_cycles(run.repo)
    assert len(cycles) >= 2
    assert {c.trigger for c in cycles} == {"schedule"}


def test_an_article_published_during_the_run_is_exported_by_a_later_cycle(run: Run) -> None:
    first = finished_cycles(run.repo)[0]
    (story,) = [s for s in run.repo.story_rows() if s["title"] == NEW_ARTICLE["title"]]
    assert first.finished_at is not None and story["created_at"] > first.finished_at
    names = run.repo.export_records(str(Path(run.config.export.dir)), "txt")
    assert story["id"] in names


def test_an_outlet_answering_500_is_reported_while_the_others_complete(run: Run) -> None:
    for cycle in finished_cycles(run.repo)[:-1]:  # the last one may have been stopped
        runs = {r.outlet: r for r in run.repo.runs_of_cycle(cycle.id)}
        assert runs["neraca"].status == "failed"
        assert "unreachable" in (runs["neraca"].error or "")
        assert runs["sahabat"].status == runs["nyaringindonesia"].status == "ok"
        assert cycle.status == "partial"
    assert "outlet neraca failed" in run.log_file


def test_each_new_story_is_notified_once(run: Run) -> None:
    """Every stored primary appears in exactly one notification line: "- title (outlet) url"."""
    lines = [
        line
        for post in run.posts
        for line in post.get("message", "").splitlines()
        if line.startswith("- ")
    ]
    stored = {s["canonical_url"]: s for s in run.repo.story_rows() if s["duplicate_of_id"] is None}
    assert sorted(line.rsplit(" ", 1)[1] for line in lines) == sorted(stored)
    (added,) = [line for line in lines if NEW_ARTICLE["title"] in line]
    assert f"({NEW_ARTICLE['outlet']})" in added


def test_each_cycle_and_outlet_has_a_log_line_in_stderr_and_the_log_file(run: Run) -> None:
    for cycle in finished_cycles(run.repo):
        for log in (run.stderr, run.log_file):
            assert f"cycle {cycle.id} {cycle.status} in " in log
            for outlet in ("sahabat", "nyaringindonesia", "neraca"):
                assert f"cycle {cycle.id} outlet {outlet} " in log


def test_sigterm_stops_the_daemon_with_exit_0_and_everything_closed(run: Run) -> None:
    assert run.exit_code == 0
    assert "daemon stopped" in run.log_file
    assert running_rows(run.repo) == []
    assert temp_files(run.config) == []
    assert run.leftovers == []


def test_status_after_the_stop_shows_no_daemon_the_last_cycles_and_outlet_health(
    run: Run,
) -> None:
    last = finished_cycles(run.repo)[-1]
    assert f"daemon: no daemon running (last seen {socket.gethostname()} pid " in run.status
    assert "next cycle at" not in run.status  # none is coming: no daemon runs
    due = last.started_at + timedelta(minutes=TWO_SECONDS)
    at_start = schedule_due_line(run.config, run.repo, now=last.started_at)
    assert at_start == f"a daemon started now runs its first cycle at {due:%Y-%m-%d %H:%M:%S} UTC"
    later = schedule_due_line(run.config, run.repo, now=last.started_at + timedelta(hours=1))
    assert later == "a daemon started now runs its first cycle at once"
    assert f"#{last.id} " in run.status and "schedule" in run.status
    assert "! neraca: outlet unreachable" in run.status
    (neraca,) = [line for line in run.status.splitlines() if line.startswith("neraca ")]
    assert "failing: outlet unreachable" in neraca
