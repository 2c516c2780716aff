"""`asnwatch daemon` stopping: a hung cycle at its limit, restarts, a killed daemon or cycle.

Real daemon processes (tests/daemonkit.py) against the local replica, with an
outlet that accepts requests and never answers, so only the limits end a crawl.
"""

from __future__ import annotations

import os
import re
import signal
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update

from crawler.config.model import load_config
from crawler.ops.processes import cycle_processes
from replica.server import Replica
from storage.models import Cycle
from storage.repository import CycleRow, Repository
from tests.daemonkit import (
    TWO_SECONDS,
    Daemon,
    finished_cycles,
    leftovers,
    running_rows,
    temp_files,
    wait_for,
    write_config,
)
from tests.world import replica_for


@pytest.fixture
def daemons() -> Iterator[list[Daemon]]:
    started: list[Daemon] = []
    yield started
    for daemon in started:
        daemon.cleanup()


def test_a_hung_cycle_is_killed_at_its_limit_and_the_next_cycle_runs(
    tmp_path: Path, daemons: list[Daemon]
) -> None:
    with replica_for() as replica:
        replica.set_fault("neraca", "hang")  # accepts, never answers
        config_path = write_config(
            tmp_path,
            replica,
            ["sahabat", "neraca"],
            schedule={
                "interval_minutes": TWO_SECONDS,
                "cycle_timeout_minutes": 0.25,  # 15 s: room for a slow start under load
                "stop_timeout_seconds": 4,
            },
            # Only the cycle's limit can end this crawl.
            crawl={"download_timeout_seconds": 600, "outlet_timeout_minutes": 30},
        )
        config = load_config(config_path)
        repo = Repository.open(config.database.url)
        daemons.append(daemon := Daemon(config_path, tmp_path / "stderr.log"))

        first = wait_for(lambda: finished_cycles(repo), "the hung cycle to be killed")[0]
        first = reported(daemon, repo, first.id)
        assert any("cycle time limit" in p for p in first.summary["problems"])
        runs = {r.outlet: r for r in repo.runs_of_cycle(first.id)}
        assert runs["neraca"].status == "failed"

        # The next cycle starts and hangs in turn: SIGTERM cannot stop that crawl gracefully,
        # so the daemon kills it at its stop limit, and must still leave everything closed.
        second = wait_for(lambda: repo.cycles_after(first.id, "schedule"), "the next cycle")[0]
        # Each neraca crawl holds one request (robots.txt; nothing else goes before it).
        # The first crawl's may still count as held while its process is cleaned up, so
        # the next crawl's hang is the second hold ever, not a held count above zero.
        wait_for(lambda: replica.holds("neraca") >= 2, "the next cycle's crawl to hang")
        assert daemon.terminate(timeout=config.schedule.stop_timeout_seconds + 10) == 0
    assert "did not stop after SIGTERM: killing it" in daemon.log()
    assert running_rows(repo) == []
    assert temp_files(config) == []
    assert leftovers(config_path, range(1, 1000)) == []
    stopped = repo.get_cycle(second.id)
    assert stopped is not None and any(
        "daemon is stopping" in p for p in stopped.summary["problems"]
    )


def reported(daemon: Daemon, repo: Repository, cycle_id: int) -> CycleRow:
    """The cycle as it is once the daemon has closed it and logged its line."""
    line = re.compile(rf" cycle {cycle_id} \w+ in ")
    wait_for(lambda: line.search(daemon.log()), f"cycle {cycle_id}'s log line")
    cycle = repo.get_cycle(cycle_id)
    assert cycle is not None
    return cycle


def next_cycle_logged(daemon: Daemon, index: int = 0) -> datetime:
    """The time in the daemon's `index`-th "next cycle at" line (waiting for it)."""

    def lines() -> list[str]:
        return [ln for ln in daemon.log().splitlines() if " next cycle at " in ln][index:]

    line = wait_for(lines, f"log line {index} on the next cycle", timeout=30)[0]
    return datetime.fromisoformat(line.split(" next cycle at ")[1].split()[0])


def test_a_restart_takes_the_schedule_from_the_database(
    tmp_path: Path, daemons: list[Daemon]
) -> None:
    with replica_for() as replica:
        config_path = write_config(
            tmp_path,
            replica,
            ["sahabat"],
            schedule={"interval_minutes": 1, "stop_timeout_seconds": 10},
        )
        config = load_config(config_path)
        repo = Repository.open(config.database.url)

        # First start: no scheduled cycle yet, so one runs at once.
        daemons.append(first := Daemon(config_path, tmp_path / "first.log"))
        (cycle,) = wait_for(lambda: finished_cycles(repo), "the first cycle")
        assert first.terminate(timeout=20) == 0

        # Restart: the next cycle is due one interval after the recorded one, not now.
        daemons.append(second := Daemon(config_path, tmp_path / "second.log"))
        assert next_cycle_logged(second) == cycle.started_at + timedelta(minutes=1)
        assert second.terminate(timeout=20) == 0
        assert [c.id for c in repo.recent_cycles(10)] == [cycle.id]

        # Down for ten intervals: one cycle runs at once, not ten.
        with repo.engine.begin() as conn:
            conn.execute(update(Cycle).values(started_at=cycle.started_at - timedelta(minutes=10)))
        daemons.append(third := Daemon(config_path, tmp_path / "third.log"))
        wait_for(lambda: len(finished_cycles(repo)) == 2, "the missed cycle")
        due = next_cycle_logged(third, index=1)  # logged after that cycle
        assert third.terminate(timeout=20) == 0
        cycles = finished_cycles(repo)
    assert len(cycles) == 2
    assert due == next_cycle_logged(third) + timedelta(minutes=1)
    assert due > cycles[-1].started_at


def start_hung_cycle(tmp_path: Path, replica: Replica) -> tuple[Path, Repository, Daemon, int]:
    """A daemon whose first cycle is stuck on a hung outlet: config, repo, daemon, cycle id."""
    replica.set_fault("neraca", "hang")
    config_path = write_config(
        tmp_path,
        replica,
        ["sahabat", "neraca"],
        schedule={"interval_minutes": 1, "stop_timeout_seconds": 4},
        crawl={"download_timeout_seconds": 600, "outlet_timeout_minutes": 30},
    )
    repo = Repository.open(load_config(config_path).database.url)
    daemon = Daemon(config_path, tmp_path / "first.log")
    cycle = wait_for(lambda: repo.running_cycles("schedule"), "a running cycle")[0]
    wait_for(lambda: replica.hanging("neraca"), "the cycle's crawl to hang")
    return config_path, repo, daemon, cycle.id


def test_a_cycle_stops_by_itself_when_its_daemon_is_killed(
    tmp_path: Path, daemons: list[Daemon]
) -> None:
    with replica_for() as replica:
        config_path, repo, daemon, cycle_id = start_hung_cycle(tmp_path, replica)
        daemons.append(daemon)
        daemon.process.kill()  # SIGKILL: no chance to clean up
        daemon.process.wait()
        # Nobody else will: the cycle process notices, stops its crawls and closes its rows.
        wait_for(lambda: not running_rows(repo), "the orphaned cycle to close itself", 40)
        wait_for(lambda: not leftovers(config_path, range(1, 1000)), "its processes to end")
    cycle = repo.get_cycle(cycle_id)
    assert cycle is not None and cycle.status in ("interrupted", "partial", "failed")
    # The cycle stopped its crawl on purpose: not an outlet failure.
    runs = {r.outlet: r for r in repo.runs_of_cycle(cycle_id)}
    assert runs["neraca"].status == "interrupted"
    assert (runs["neraca"].error or "").startswith("interrupted: ")


def test_a_restart_closes_what_a_killed_daemon_and_cycle_left_running(
    tmp_path: Path, daemons: list[Daemon]
) -> None:
    with replica_for() as replica:
        config_path, repo, first, cycle_id = start_hung_cycle(tmp_path, replica)
        daemons.append(first)
        # As after a power cut or `kill -9` of the whole group: crawls alone, rows "running".
        for pid in [first.process.pid, *cycle_processes(config_path.resolve())]:
            os.kill(pid, signal.SIGKILL)
        first.process.wait()
        assert running_rows(repo) and leftovers(config_path, range(1, 1000))

        daemons.append(second := Daemon(config_path, tmp_path / "second.log"))
        next_cycle_logged(second)  # logged once the start-up recovery is done
        assert running_rows(repo) == []
        assert leftovers(config_path, range(1, 1000)) == []
        cycle = repo.get_cycle(cycle_id)
        assert cycle is not None and any("left running" in p for p in cycle.summary["problems"])
        assert second.terminate(timeout=20) == 0
