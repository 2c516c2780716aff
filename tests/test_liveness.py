"""Liveness and run states, on real processes: `status` while a daemon runs and after it stopped.

A real `asnwatch daemon` (tests/daemonkit.py) crawls two outlets, one of which
accepts requests and never answers, so its crawl is still running when the
tests look: `status` (a real `asnwatch status` process) must say the daemon
runs with its pid and the crawl is "running"; after SIGTERM, that no daemon
runs, and the stopped crawl and its cycle are "interrupted", not failed. A
real `asnwatch run` stopped by SIGINT records its crawl "interrupted" too.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from crawler.cli.cmd_ops import cmd_status
from crawler.config.model import Config, load_config
from storage.repository import Repository, RunRow
from tests.conftest import ROOT
from tests.daemonkit import Daemon, leftovers, running_rows, wait_for, write_config
from tests.world import replica_for

OUTLETS = ["sahabat", "neraca"]  # neraca hangs


def status_text(config_path: Path) -> str:
    """`asnwatch status` as an operator runs it: a separate process."""
    done = subprocess.run(
        [sys.executable, "-m", "crawler.cli.main", "--config", str(config_path), "status"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
        check=True,
    )
    return done.stdout


def columns(text: str, outlet: str) -> list[str]:
    """An outlet's status line split into its columns (two or more spaces apart)."""
    (line,) = [ln for ln in text.splitlines() if ln.startswith(outlet + " ")]
    return [cell.strip() for cell in line.split("  ") if cell.strip()]


@dataclass
class Seen:
    """What `status` said while the daemon ran, and after its SIGTERM."""

    config: Config
    repo: Repository
    pid: int
    exit_code: int
    running_text: str
    running_json: dict[str, Any]
    stopped_text: str
    stopped_json: dict[str, Any]
    leftovers: list[int]


@pytest.fixture(scope="module")
def seen(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Seen]:
    tmp_path = tmp_path_factory.mktemp("liveness")
    with replica_for() as replica:
        replica.set_fault("neraca", "hang")
        config_path = write_config(
            tmp_path,
            replica,
            OUTLETS,
            schedule={
                "interval_minutes": 600,  # one cycle, the one the test stops
                "cycle_timeout_minutes": 10,
                "stop_timeout_seconds": 10,
            },
            crawl={"download_timeout_seconds": 600, "outlet_timeout_minutes": 30},
        )
        config = load_config(config_path)
        repo = Repository.open(config.database.url)
        daemon = Daemon(config_path, tmp_path / "stderr.log")
        try:
            wait_for(lambda: replica.holds("neraca") >= 1, "neraca's crawl to hang", timeout=90)
            wait_for(lambda: ok_run(repo, "sahabat"), "sahabat's run to end ok", timeout=90)
            running_text = status_text(config_path)
            running_json = json_of(config)
            exit_code = daemon.terminate(timeout=config.schedule.stop_timeout_seconds + 20)
            yield Seen(
                config=config,
                repo=repo,
                pid=daemon.process.pid,
                exit_code=exit_code,
                running_text=running_text,
                running_json=running_json,
                stopped_text=status_text(config_path),
                stopped_json=json_of(config),
                leftovers=leftovers(config_path, range(1, 1000)),
            )
        finally:
            daemon.cleanup()


def json_of(config: Config) -> dict[str, Any]:
    """`status --json` in process (the module fixture has no capsys): stdout redirected."""
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert cmd_status(config, argparse.Namespace(json=True)) == 0
    return json.loads(out.getvalue())


def ok_run(repo: Repository, outlet: str) -> RunRow | None:
    return next((r for r in repo.recent_runs(outlet, 5) if r.status == "ok"), None)


def test_status_while_the_daemon_runs_names_its_host_pid_and_next_cycle(seen: Seen) -> None:
    line = seen.running_text.splitlines()[0]
    assert line.startswith(f"daemon: running on {socket.gethostname()} (pid {seen.pid}) since ")
    assert ", next cycle at " in line
    daemon = seen.running_json["daemon"]
    assert daemon["running"] is True and daemon["pid"] == seen.pid
    assert daemon["host"] == socket.gethostname()
    assert daemon["next_cycle_at"] and daemon["heartbeat_at"] and daemon["started_at"]


def test_a_running_crawl_shows_as_running_in_its_own_column(seen: Seen) -> None:
    assert columns(seen.running_text, "neraca")[-2:] == ["running", "no runs yet"]
    assert columns(seen.running_text, "sahabat")[-2:] == ["ok", "ok"]
    assert "runningfailing" not in seen.running_text
    neraca = seen.running_json["outlets"]["neraca"]
    assert neraca["last_run"]["status"] == "running" and neraca["health"] == "no runs yet"


def test_after_sigterm_status_says_no_daemon_runs_and_announces_no_cycle(seen: Seen) -> None:
    assert seen.exit_code == 0
    line = seen.stopped_text.splitlines()[0]
    assert line.startswith(
        f"daemon: no daemon running (last seen {socket.gethostname()} pid {seen.pid} at "
    )
    assert "next cycle at" not in seen.stopped_text
    daemon = seen.stopped_json["daemon"]
    assert daemon["running"] is False and daemon["next_cycle_at"] is None
    assert daemon["pid"] == seen.pid and daemon["stopped_at"] is not None


def test_the_crawl_the_stop_ended_is_interrupted_not_failed(seen: Seen) -> None:
    (cycle,) = seen.repo.recent_cycles(5)
    assert cycle.status == "interrupted"
    runs = {r.outlet: r for r in seen.repo.runs_of_cycle(cycle.id)}
    assert runs["sahabat"].status == "ok"
    assert runs["neraca"].status == "interrupted"
    assert columns(seen.stopped_text, "neraca")[-2:] == ["interrupted", "no runs yet"]
    assert "failing" not in seen.stopped_text
    (entry,) = seen.stopped_json["cycles"]
    assert entry["status"] == "interrupted" and entry["failed"] == {}
    assert set(entry["interrupted"]) == {"neraca"}
    assert running_rows(seen.repo) == [] and seen.leftovers == []


def test_a_run_stopped_by_sigint_is_interrupted(tmp_path: Path) -> None:
    with replica_for() as replica:
        replica.set_fault("neraca", "hang")
        config_path = write_config(
            tmp_path,
            replica,
            OUTLETS,
            schedule={},
            crawl={"download_timeout_seconds": 600, "outlet_timeout_minutes": 30},
        )
        config = load_config(config_path)
        repo = Repository.open(config.database.url)
        with (tmp_path / "run.log").open("wb") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "crawler.cli.main", "--config", str(config_path), "run"],
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
            )
        try:
            wait_for(lambda: replica.holds("neraca") >= 1, "neraca's crawl to hang", timeout=90)
            process.send_signal(signal.SIGINT)
            process.wait(timeout=60)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    (neraca,) = repo.recent_runs("neraca", 5)
    assert neraca.status == "interrupted" and (neraca.error or "").startswith("interrupted: ")
    assert neraca.finished_at is not None
    assert running_rows(repo) == [] and leftovers(config_path, [neraca.id]) == []
