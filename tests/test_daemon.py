"""`asnwatch daemon`: the real daemon process, on a 2-second schedule, against the local replica.

The process tests start `python -m crawler.cli.main daemon` with a config pointed at
a replica running in the test process and a SQLite file in tmp_path, and
follow it through the database (polled, with generous deadlines). The first
tests check the schedule arithmetic and the scheduler's one-at-a-time rule in
process, without crawling.
"""

from __future__ import annotations

import json
import logging
import os
import re
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, TypeVar

import pytest
import yaml
from sqlalchemy import text, update

from crawler.config.model import Config, ScheduleConfig, load_config
from crawler.demo import demo_config
from crawler.ops.daemon_options import DaemonOptions
from crawler.ops.notify import NotifyError, notify_cycle, post_json
from crawler.ops.processes import StopSignal, crawl_processes, cycle_processes
from crawler.ops.schedule import (
    cron_trigger,
    cron_weekdays,
    first_run_time,
    schedule_due,
    start_scheduler,
)
from crawler.ops.status import next_cycle_line, render
from crawler.ops.supervisor import CycleSupervisor
from replica.server import Replica
from storage.models import Cycle
from storage.repository import CycleRow, Repository
from tests.conftest import ROOT
from tests.world import replica_for

T = TypeVar("T")
TWO_SECONDS = 0.0334  # interval_minutes: about 2 s
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)  # a Monday

NEW_ARTICLE = {
    "outlet": "sahabat",
    "title": "Bupati Lembah Hijau Ingatkan ASN Jaga Netralitas Jelang Pilkada",
    "author": "Sri Wulandari",
    "category": "daerah",
    "label": "positive",
    "paragraphs": [
        "Sahabat.com - Bupati Lembah Hijau, Darmawan Sutikno, mengingatkan seluruh aparatur "
        "sipil negara (ASN) di lingkungan pemerintah kabupaten untuk menjaga netralitas menjelang "
        "Pilkada serentak. Pesan itu disampaikan dalam apel pagi di halaman kantor bupati, Senin.",
        "Menurut Darmawan, ASN dilarang ikut berkampanye, memasang atribut pasangan calon, maupun "
        "mengunggah dukungan politik di media sosial. Pelanggaran netralitas ASN, katanya, akan "
        "ditindak sesuai aturan disiplin pegawai tanpa pandang bulu.",
        "Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia setempat, Rina Kartikasari, "
        "menambahkan bahwa pihaknya telah membentuk satuan tugas pengawasan netralitas ASN bersama "
        "Bawaslu kabupaten sejak awal tahapan pemilihan.",
        "Satuan tugas itu menerima laporan masyarakat tentang dugaan keterlibatan pegawai dalam "
        "politik praktis selama tahapan pemilihan kepala daerah, termasuk unggahan di grup "
        "percakapan warga.",
        "Darmawan berharap seluruh pegawai tetap melayani warga secara adil tanpa membedakan "
        "pilihan politik, sehingga Pilkada di Lembah Hijau berjalan jujur dan damai.",
    ],
}


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


# ---- notification, in process ------------------------------------------------------------------


class Webhook:
    """A local webhook receiver that keeps the JSON bodies it was sent."""

    def __init__(self, status: int = 204) -> None:
        self.posts: list[dict[str, Any]] = []
        posts, answer = self.posts, status

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                posts.append(json.loads(body))
                self.send_response(answer)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook/s3cret-token"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class OneStoryRepo:
    """The two repository reads notify_cycle makes, for a cycle that stored one story."""

    def primaries_stored_between(self, start: datetime, end: datetime, limit: int) -> Any:
        story = {"outlet": "sahabat", "title": NEW_ARTICLE["title"], "published_at": None}
        return [{**story, "canonical_url": "http://sahabat.test/a/"}], 1

    def runs_of_cycle(self, cycle_id: int) -> list[Any]:
        return []


FINISHED = CycleRow(7, "schedule", NOW, NOW + timedelta(minutes=1), "ok", {"exported": 1})


def test_the_webhook_gets_the_cycle_summary_with_its_new_stories() -> None:
    hook = Webhook()
    try:
        config = load_config(ROOT / "config.yaml").notify.model_copy(
            update={"webhook_url": hook.url}
        )
        assert notify_cycle(config, OneStoryRepo(), FINISHED)  # type: ignore[arg-type]
    finally:
        hook.close()
    (post,) = hook.posts
    assert post["cycle_id"] == 7 and post["new_stories_total"] == 1
    assert post["new_stories"] == [
        {
            "title": NEW_ARTICLE["title"],
            "outlet": "sahabat",
            "url": "http://sahabat.test/a/",
            "published_at": None,
        }
    ]


def test_a_failing_webhook_is_logged_never_raised(caplog: pytest.LogCaptureFixture) -> None:
    hook = Webhook(status=500)
    try:
        with pytest.raises(NotifyError, match="HTTP 500"):
            post_json(hook.url, {}, timeout=5)
        config = load_config(ROOT / "config.yaml").notify.model_copy(
            update={"webhook_url": hook.url}
        )
        with caplog.at_level(logging.WARNING, logger="crawler.ops.notify"):
            assert not notify_cycle(config, OneStoryRepo(), FINISHED)  # type: ignore[arg-type]
    finally:
        hook.close()
    assert "could not notify 127.0.0.1" in caplog.text
    assert "s3cret" not in caplog.text  # the URL's token stays out of the logs


# ---- the real daemon ---------------------------------------------------------------------------


def wait_for(check: Callable[[], T], what: str, timeout: float = 60) -> T:
    """Poll `check` until it returns something truthy; fail naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value:
            return value
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.2)


def write_config(
    tmp_path: Path,
    replica: Replica,
    outlets: list[str],
    *,
    schedule: dict[str, Any],
    crawl: dict[str, Any] | None = None,
    **sections: Any,
) -> Path:
    """config.yaml pointed at the replica and tmp_path, with only `outlets`, no politeness delay."""
    path = demo_config(ROOT / "config.yaml", tmp_path, replica.base_urls)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["outlets"] = {name: data["outlets"][name] for name in outlets}
    data["schedule"] = {"jitter_seconds": 0, **schedule}
    data["crawl"].update({"retry_times": 0, **(crawl or {})})
    data.update(sections)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


class Daemon:
    """`asnwatch daemon` as a real process; its stderr goes to a file."""

    def __init__(self, config_path: Path, stderr: Path) -> None:
        self.config_path = config_path
        self.stderr = stderr
        with stderr.open("ab") as err:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "crawler.cli.main", "--config", str(config_path), "daemon"],
                stdout=subprocess.DEVNULL,
                stderr=err,
                cwd=ROOT,
            )

    def log(self) -> str:
        return self.stderr.read_text(encoding="utf-8", errors="replace")

    def terminate(self, timeout: float) -> int:
        """SIGTERM, then the exit code (fails if the daemon outlives `timeout`)."""
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def cleanup(self) -> None:
        """Whatever a failed test left: the daemon and every process of its cycles."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        for pid in leftovers(self.config_path, range(1, 1000)):
            os.kill(pid, signal.SIGKILL)


def leftovers(config_path: Path, run_ids: Any) -> list[int]:
    """Processes of this config's cycles and crawls still alive."""
    return cycle_processes(config_path.resolve()) + crawl_processes(
        config_path.resolve(), set(run_ids)
    )


@pytest.fixture
def daemons() -> Iterator[list[Daemon]]:
    started: list[Daemon] = []
    yield started
    for daemon in started:
        daemon.cleanup()


def finished_cycles(repo: Repository) -> list[CycleRow]:
    return [c for c in reversed(repo.recent_cycles(100)) if c.status != "running"]


def running_rows(repo: Repository) -> list[str]:
    with repo.engine.connect() as conn:
        rows = conn.execute(
            text(
                "SELECT 'run ' || id FROM crawl_runs WHERE status = 'running' "
                "UNION ALL SELECT 'cycle ' || id FROM cycles WHERE status = 'running'"
            )
        )
        return [row[0] for row in rows]


def temp_files(config: Config) -> list[str]:
    return [p.name for p in Path(config.export.dir).glob(".asnwatch-*")]


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
            notify={"webhook_url": hook.url, "timeout_seconds": 5},
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
            wait_for(lambda: len(hook.posts) >= 2, "a webhook post for the new article")
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


def test_the_webhook_gets_each_new_story_once(run: Run) -> None:
    posted = [story for post in run.posts for story in post["new_stories"]]
    stored = {s["canonical_url"]: s for s in run.repo.story_rows() if s["duplicate_of_id"] is None}
    assert sorted(s["url"] for s in posted) == sorted(stored)
    (added,) = [s for s in posted if s["title"] == NEW_ARTICLE["title"]]
    assert added["outlet"] == "sahabat"
    assert stored[added["url"]]["title"] == NEW_ARTICLE["title"]


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


def test_status_shows_the_next_cycle_the_last_cycles_and_outlet_health(run: Run) -> None:
    last = finished_cycles(run.repo)[-1]
    assert "next scheduled cycle: " in run.status
    due = last.started_at + timedelta(minutes=TWO_SECONDS)
    at_start = next_cycle_line(run.config, run.repo, now=last.started_at)
    assert at_start == f"next scheduled cycle: {due:%Y-%m-%d %H:%M:%S} UTC"
    later = next_cycle_line(run.config, run.repo, now=last.started_at + timedelta(hours=1))
    assert later == "next scheduled cycle: as soon as the daemon runs"
    assert f"#{last.id} " in run.status and "schedule" in run.status
    assert "! neraca: outlet unreachable" in run.status
    (neraca,) = [line for line in run.status.splitlines() if line.startswith("neraca ")]
    assert "failing: outlet unreachable" in neraca


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
        wait_for(lambda: replica.hanging("neraca"), "the next cycle's crawl to hang")
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
    assert cycle is not None and cycle.status in ("partial", "failed")
    runs = {r.outlet: r for r in repo.runs_of_cycle(cycle_id)}
    assert runs["neraca"].status == "failed"


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
