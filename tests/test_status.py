"""Outlet health in `asnwatch status`, the daemon's liveness, and the text and JSON views."""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

from crawler.cli.cmd_ops import cmd_status
from crawler.config.model import Config, load_config
from crawler.ops.liveness import alive
from crawler.ops.status import OUTLET_HEADER, outlet_health, render, selector_warnings
from storage.repository import DaemonRow, Repository, RunRow
from tests.conftest import ROOT


def run(status: str = "ok", **stats: int) -> RunRow:
    return RunRow(
        id=1,
        outlet="neraca",
        cycle_id=None,
        started_at=datetime.now(UTC),
        finished_at=None,
        status=status,
        stats=stats,
        error=None,
        pid=None,
    )


def test_health_flags_an_outlet_that_stopped_finding_links() -> None:
    runs = [run(), run(), run(), run(discovered=4, stored=2), run(discovered=3)]
    assert outlet_health(runs).startswith("layout may have changed")


def test_health_is_ok_when_links_are_seen_but_not_new() -> None:
    runs = [run(already_seen=30), run(not_modified=3), run(), run(discovered=4)]
    assert outlet_health(runs) == "ok"


def test_health_reports_a_failing_last_run() -> None:
    failed = RunRow(**{**run().__dict__, "status": "failed", "error": "outlet unreachable"})
    assert outlet_health([failed]) == "failing: outlet unreachable"
    assert outlet_health([]) == "no runs yet"


def test_status_renders_every_outlet_and_hides_the_password(sqlite_url: str) -> None:
    config = load_config(ROOT / "config.yaml")
    config = config.model_copy(
        update={
            "database": config.database.model_copy(
                update={"url": "postgresql+psycopg://asn:s3cret@db/asn"}
            )
        }
    )
    text = render(config, Repository.open(sqlite_url))
    assert "s3cret" not in text and "***" in text
    for name in config.outlets:
        assert name in text


def selector_run(**detail: int) -> RunRow:
    """A run whose stats hold selector counts: ``content_xpath=(pages, matched)`` style."""
    row = run(stored=1)
    row.stats["detail"] = detail
    return row


def test_a_selector_that_matched_none_of_the_last_runs_pages_is_warned_about() -> None:
    outlet = load_config(ROOT / "config.yaml").outlets["neraca"]  # content and date xpaths
    last = selector_run(
        **{
            "selectors/content_xpath/pages": 14,
            "selectors/content_xpath/matched": 0,
            "selectors/date_xpath/pages": 14,
            "selectors/date_xpath/matched": 12,
        }
    )
    earlier = selector_run(**{"selectors/date_xpath/pages": 3, "selectors/date_xpath/matched": 0})
    assert selector_warnings(outlet, [last, earlier]) == [
        "content_xpath matched 0 of 14 pages: the template may have changed; "
        "generic extraction was used"
    ]


def test_no_selector_warning_without_pages_counts_or_configuration() -> None:
    config = load_config(ROOT / "config.yaml")
    neraca = config.outlets["neraca"]
    assert selector_warnings(neraca, []) == []
    assert selector_warnings(neraca, [run(stored=3)]) == []  # a row from before the counts
    none_tried = selector_run(
        **{"selectors/content_xpath/pages": 0, "selectors/content_xpath/matched": 0}
    )
    assert selector_warnings(neraca, [none_tried]) == []
    # neraca configures no author_xpath: a count left from an older config is not reported
    stale = selector_run(**{"selectors/author_xpath/pages": 5, "selectors/author_xpath/matched": 0})
    assert selector_warnings(neraca, [stale]) == []


def test_a_running_or_interrupted_run_is_not_an_outlet_failure() -> None:
    failed = RunRow(**{**run().__dict__, "status": "failed", "error": "outlet unreachable"})
    assert outlet_health([run("running"), run("interrupted"), run(discovered=2)]) == "ok"
    assert outlet_health([run("interrupted"), failed]) == "failing: outlet unreachable"
    assert outlet_health([run("running")]) == "no runs yet"


# ---- liveness: a daemon row read as running or not -----------------------------------------------


def daemon_row(**changes: object) -> DaemonRow:
    now = datetime.now(UTC)
    values: dict[str, object] = {
        "id": 1,
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "started_at": now - timedelta(hours=1),
        "heartbeat_at": now,
        "beat_seconds": 5.0,
        "next_cycle_at": now + timedelta(minutes=30),
        "stopped_at": None,
    }
    values.update(changes)
    return DaemonRow(**values)  # type: ignore[arg-type]


def dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_daemon_is_running_while_it_beats_and_its_pid_lives() -> None:
    row = daemon_row()
    now = row.heartbeat_at
    assert alive(row, now)
    assert alive(row, now + timedelta(seconds=15))  # a few missed beats are tolerated
    assert not alive(row, now + timedelta(minutes=5))  # silent: gone (killed, machine down)
    assert not alive(daemon_row(stopped_at=now), now)  # a recorded stop
    assert not alive(daemon_row(pid=dead_pid()), now)  # this host, pid gone: at once
    assert alive(daemon_row(host="elsewhere", pid=dead_pid()), now)  # other hosts: the beat


# ---- the status screen and its JSON ----------------------------------------------------------


@pytest.fixture
def world(sqlite_url: str) -> tuple[Config, Repository]:
    config = load_config(ROOT / "config.yaml")
    config = config.model_copy(
        update={"database": config.database.model_copy(update={"url": sqlite_url})}
    )
    return config, Repository.open(sqlite_url)


def outlet_row(text: str, name: str) -> list[str]:
    """An outlet's line split on runs of two or more spaces: its columns."""
    (line,) = [ln for ln in text.splitlines() if ln.startswith(name + " ")]
    return [cell.strip() for cell in line.split("  ") if cell.strip()]


def test_each_fact_has_its_own_column(world: tuple[Config, Repository]) -> None:
    config, repo = world
    names = list(config.outlets)[:3]
    cycle = repo.start_cycle("schedule")
    runs = [repo.start_run(name, cycle_id=cycle) for name in names]
    repo.finish_run(runs[0], "ok", {"discovered": 3, "stored": 2})
    repo.finish_run(runs[1], "failed", {}, "outlet unreachable: no page fetched (3 errors)")
    text = render(config, repo)
    assert OUTLET_HEADER in text
    ok, failed, running = (outlet_row(text, name) for name in names)
    assert ok[-2:] == ["ok", "ok"] and failed[-2:] == [
        "failed",
        "failing: outlet unreachable: no page fetched (3 errors)",
    ]
    assert running[-2:] == ["running", "no runs yet"]
    for joined in ("runningfailing", "failedfailing", "okok", "ok ok"):
        assert joined not in text


def test_without_a_daemon_no_next_cycle_is_announced(world: tuple[Config, Repository]) -> None:
    config, repo = world
    text = render(config, repo)
    assert "daemon: no daemon running (none has run on this database)" in text
    assert "next cycle at" not in text and "next scheduled cycle" not in text
    daemon = repo.register_daemon("host-a", 4242, 5.0)
    repo.daemon_stopped(daemon)
    text = render(config, repo)
    assert "daemon: no daemon running (last seen host-a pid 4242 at " in text
    assert "next cycle at" not in text


def status_json(config: Config, capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    assert cmd_status(config, argparse.Namespace(json=True)) == 0
    return json.loads(capsys.readouterr().out)


def test_status_json_has_the_documented_keys(
    world: tuple[Config, Repository], capsys: pytest.CaptureFixture[str]
) -> None:
    config, repo = world
    daemon = repo.register_daemon(socket.gethostname(), os.getpid(), 5.0)
    due = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    repo.daemon_beat(daemon, due)
    cycle = repo.start_cycle("schedule")
    name = next(iter(config.outlets))
    repo.finish_run(repo.start_run(name, cycle_id=cycle), "ok", {"stored": 2, "discovered": 2})
    repo.close_cycle(cycle, "ok", {"outlets": {name: {"status": "ok", "stored": 2}}})
    data = status_json(config, capsys)
    assert set(data) == {"database", "daemon", "cycles", "outlets"}
    assert data["daemon"] == {
        "running": True,
        "host": socket.gethostname(),
        "pid": os.getpid(),
        "started_at": data["daemon"]["started_at"],  # type: ignore[index]
        "heartbeat_at": data["daemon"]["heartbeat_at"],  # type: ignore[index]
        "next_cycle_at": due.isoformat(),
        "stopped_at": None,
    }
    (last,) = data["cycles"]  # type: ignore[misc]
    assert set(last) == {
        "id", "trigger", "status", "started_at", "finished_at", "new", "duplicates",
        "exported", "outlets_ok", "outlets", "failed", "interrupted", "problems",
    }  # fmt: skip
    assert (last["id"], last["status"], last["new"]) == (cycle, "ok", 2)
    outlets = data["outlets"]
    assert set(outlets) == set(config.outlets)  # type: ignore[arg-type]
    entry = outlets[name]  # type: ignore[index]
    assert set(entry) == {"stories", "duplicates", "last_run", "health", "selector_warnings"}
    assert entry["health"] == "ok" and entry["last_run"]["status"] == "ok"
    assert entry["last_run"]["stored"] == 2
    repo.daemon_stopped(daemon)
    stopped = status_json(config, capsys)["daemon"]
    assert stopped["running"] is False and stopped["next_cycle_at"] is None  # type: ignore[index]
