"""The daemon's parts in process: the schedule, one cycle at a time, the cycle's limits.

The schedule arithmetic and the scheduler's one-at-a-time rule run without
crawling; the supervisor's limits are tried on a process that ignores SIGTERM.
The real daemon is in test_daemon.py and test_daemon_stops.py; its alerts in
test_alerts.py.
"""

from __future__ import annotations

import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from crawler.config.model import ScheduleConfig, load_config
from crawler.ops.daemon_options import DaemonOptions
from crawler.ops.processes import StopSignal
from crawler.ops.schedule import (
    cron_trigger,
    cron_weekdays,
    first_run_time,
    schedule_due,
    start_scheduler,
)
from crawler.ops.supervisor import CycleSupervisor
from storage.repository import Repository
from tests.conftest import ROOT
from tests.daemonkit import TWO_SECONDS, wait_for

NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday


# ---- the schedule, in process ----------------------------------------------------------------


def schedule(**values: Any) -> ScheduleConfig:
    return ScheduleConfig(**values)


def test_without_a_scheduled_cycle_the_first_runs_at_once() -> None:
    assert first_run_time(schedule(interval_minutes=60), None, NOW) == NOW


def test_the_next_cycle_is_due_one_interval_after_the_last_scheduled_start() -> None:
    last = NOW - timedelta(minutes=20)
    assert first_run_time(schedule(interval_minutes=60), last, NOW) == NOW + timedelta(minutes=40)


def test_decimal_minutes_make_a_seconds_interval() -> None:
    due = schedule_due(schedule(interval_minutes=TWO_SECONDS), NOW, NOW)
    assert due is not None and (due - NOW).total_seconds() == pytest.approx(2.0, abs=0.01)


def test_cycles_missed_while_down_run_once_now() -> None:
    last = NOW - timedelta(days=3)  # 72 hourly slots missed
    assert first_run_time(schedule(interval_minutes=60), last, NOW) == NOW


def test_a_cron_schedule_continues_after_the_last_start() -> None:
    cron = schedule(cron="30 * * * *")
    last = datetime(2026, 11, 23, 8, 30, 0, 120_000, tzinfo=UTC)
    assert schedule_due(cron, last, NOW) == datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    # A start exactly on its slot is not due again at once.
    exact = datetime(2026, 11, 23, 9, 30, tzinfo=UTC)
    assert schedule_due(cron, exact, NOW) == datetime(2026, 11, 23, 10, 30, tzinfo=UTC)


def test_cron_weekday_numbers_mean_what_crontab_means() -> None:
    # APScheduler 3 counts weekdays from Monday = 0; crontab from Sunday = 0 (and 7).
    assert cron_weekdays("1-5") == "mon,tue,wed,thu,fri"
    assert cron_weekdays("0") == cron_weekdays("7") == cron_weekdays("sun") == "sun"
    assert cron_weekdays("6,0") == "sun,sat"
    assert cron_weekdays("*/2") == "sun,tue,thu,sat"
    assert cron_weekdays("0-6") == cron_weekdays("*") == "*"
    saturday = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)
    monday_8 = cron_trigger("0 8 * * 1", timezone=UTC).get_next_fire_time(None, saturday)
    assert monday_8 == datetime(2026, 11, 23, 8, 0, tzinfo=UTC)


class SlowJob:
    """Stands in for the cycle supervisor: each run lasts until a run due meanwhile was skipped.

    A run waits on the skip itself (not on a sleep meant to outlast the
    interval), so every run overlaps one attempt to start another.
    """

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.running = self.most_at_once = self.runs = self.skipped = 0
        self.unskipped = 0  # runs during which no other was skipped (within a minute)
        self.done = False  # the test has seen enough: a run in progress may end
        self.next_run_time: Callable[[], datetime | None] = lambda: None

    def run_scheduled(self) -> None:
        with self.changed:
            self.running += 1
            self.most_at_once = max(self.most_at_once, self.running)
            before = self.skipped
            self.changed.wait_for(lambda: self.skipped > before or self.done, timeout=60)
            if self.skipped == before and not self.done:
                self.unskipped += 1
            self.running -= 1
            self.runs += 1
            self.changed.notify_all()

    def on_skipped(self, event: object) -> None:
        with self.changed:
            self.skipped += 1
            self.changed.notify_all()

    def finish(self) -> None:
        with self.changed:
            self.done = True
            self.changed.notify_all()


def test_a_cycle_due_while_one_runs_is_skipped_never_run_alongside() -> None:
    job = SlowJob()
    last_start = datetime.now(UTC) - timedelta(hours=5)
    scheduler, first = start_scheduler(schedule(interval_minutes=0.2 / 60), job, last_start)
    try:
        assert first <= datetime.now(UTC)  # hours overdue: due at once
        with job.changed:
            assert job.changed.wait_for(lambda: job.runs >= 3, timeout=200), "three runs"
    finally:
        job.finish()
        scheduler.shutdown(wait=True)
    assert job.unskipped == 0
    assert job.skipped >= 3  # one during each run
    assert job.most_at_once == 1


IGNORES_SIGTERM = (
    "import signal, sys, time\n"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "print('ready', flush=True)\n"
    "time.sleep(600)\n"
)


def stubborn_process(log: Path) -> subprocess.Popen[bytes]:
    """A process in its own session that ignores SIGTERM, once it has said so in `log`."""
    with log.open("wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-c", IGNORES_SIGTERM], stdout=out, start_new_session=True
        )
    wait_for(lambda: "ready" in log.read_text(), "the process to ignore SIGTERM")
    return process


def test_a_cycle_process_ignoring_sigterm_is_killed_after_the_daemons_grace(
    tmp_path: Path,
) -> None:
    config = load_config(ROOT / "config.yaml")
    config = config.model_copy(
        update={"schedule": schedule(interval_minutes=60, cycle_timeout_minutes=0.001)}
    )
    options = DaemonOptions(poll_seconds=0.05, cycle_kill_grace_seconds=0.2)
    supervisor = CycleSupervisor(config, None, StopSignal(), options)  # type: ignore[arg-type]
    process = stubborn_process(tmp_path / "cycle.log")
    try:
        end = supervisor._wait(process)
    finally:
        process.kill()
        process.wait()
    assert end.code == -signal.SIGKILL
    assert end.stopped is not None and "cycle time limit" in end.stopped


def test_a_stop_request_kills_a_stuck_cycle_process_within_the_stop_limit(
    tmp_path: Path,
) -> None:
    config = load_config(ROOT / "config.yaml")
    config = config.model_copy(
        update={"schedule": schedule(interval_minutes=60, stop_timeout_seconds=0.3)}
    )
    stop = StopSignal()
    supervisor = CycleSupervisor(config, None, stop, DaemonOptions(poll_seconds=0.05))  # type: ignore[arg-type]
    process = stubborn_process(tmp_path / "cycle.log")
    stop.request("SIGTERM")
    try:
        end = supervisor._wait(process)  # the default 15 s grace would not end it in time
    finally:
        process.kill()
        process.wait()
    assert end.code == -signal.SIGKILL
    assert end.stopped == "stopped early: the daemon is stopping (SIGTERM)"


# ---- the repository's side, on SQLite and PostgreSQL ------------------------------------------


def test_closing_a_cycle_fails_its_unfinished_runs_and_keeps_a_finish_time(
    repo: Repository,
) -> None:
    manual = repo.start_cycle("manual")
    cycle = repo.start_cycle("schedule")
    done, stuck = (
        repo.start_run("sahabat", cycle_id=cycle),
        repo.start_run("neraca", cycle_id=cycle),
    )
    repo.finish_run(done, "ok", {"stored": 2})
    assert [c.id for c in repo.running_cycles("schedule")] == [cycle]
    assert [c.id for c in repo.cycles_after(manual, "schedule")] == [cycle]
    last = repo.last_cycle("schedule")
    assert last is not None and last.id == cycle
    assert repo.latest_cycle_id() == cycle

    assert repo.fail_running_runs_of_cycle(cycle, "killed") == [stuck]
    assert repo.fail_running_runs_of_cycle(cycle, "killed") == []
    assert {r.id: r.status for r in repo.runs_of_cycle(cycle)} == {done: "ok", stuck: "failed"}
    repo.close_cycle(cycle, "partial", {"problems": ["killed"]})
    closed = repo.get_cycle(cycle)
    assert closed is not None and closed.finished_at is not None
    repo.close_cycle(cycle, "failed", {"problems": ["killed", "again"]})
    again = repo.get_cycle(cycle)
    assert again is not None and again.finished_at == closed.finished_at
    assert again.status == "failed" and repo.running_cycles("schedule") == []
