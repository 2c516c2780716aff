"""State faults on PostgreSQL: down at start, crashed mid-run, logins refused, passwords kept.

A throwaway PostgreSQL server is started here (as the postgres user, TCP
logins by password). Down at start: one clear line, no password, nothing
crawled. Crashed at a crawl's first stored story and restarted: the run
counts and logs each failed write, nothing is half-written, and the next
cycle stores everything, once. Crashed and still down when the crawl ends:
one clear error, no crawl process left, then everything stored after the
restart. The database password never appears in `status`, crawl output or
crawl logs, nor when a login is refused. Shared helpers live in statekit.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from crawler.demo import demo_config
from crawler.ops.cycle import CycleResult
from crawler.ops.processes import crawl_processes
from storage.db import DatabaseError
from tests.conftest import ROOT
from tests.faults.statekit import (
    FIRST_STORED,
    SLOW,
    World,
    add_articles,
    cli,
    integrity_problems,
    make_world,
    one_row_per_article,
    stored_twice,
    write_failures,
)
from tests.world import replica_for

pytestmark = pytest.mark.crawl

PASSWORD = "S3cretPW"


def free_port() -> int:
    """A local port nothing listens on: a server that is down, or the throwaway one's."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _postgres_unavailable() -> str | None:
    """Why a throwaway server cannot be started here (None: it can)."""
    if os.geteuid() != 0:
        return "not root: the server is started as the postgres user"
    if not (shutil.which("initdb") and shutil.which("pg_ctl")):
        return "initdb/pg_ctl not installed"
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        return "no postgres user"
    return None


class PostgresServer:
    """A throwaway PostgreSQL on 127.0.0.1 whose TCP logins need a password (scram-sha-256)."""

    def __init__(self, base: Path) -> None:
        self.base = base
        self.data = base / "data"
        self.port = free_port()
        shutil.chown(base, "postgres")
        pwfile = base / "pw"
        pwfile.write_text(PASSWORD, encoding="utf-8")
        shutil.chown(pwfile, "postgres")
        self._pg(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "asn",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            f"--pwfile={pwfile}",
        )

    def _pg(self, *args: str) -> None:
        subprocess.run(
            ["runuser", "-u", "postgres", "--", *args],
            check=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def start_waiting(self) -> None:
        options = f"-k {self.base} -p {self.port} -c listen_addresses=127.0.0.1"
        self._pg(
            "pg_ctl",
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.base / "log"),
            "-w",
            "start",
        )

    def crash(self) -> None:
        """Stop at once, as a crash would: no checkpoint, connections cut."""
        self._pg("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def stop(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError):
            self._pg("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def url(self, database: str = "postgres", password: str = PASSWORD) -> str:
        return f"postgresql+psycopg://asn:{password}@127.0.0.1:{self.port}/{database}"

    def create_database(self) -> str:
        """A fresh database: its URL (with the password)."""
        name = f"asnwatch_{uuid.uuid4().hex[:10]}"
        admin = create_engine(self.url(), isolation_level="AUTOCOMMIT")
        try:
            with admin.connect() as conn:
                conn.execute(text(f'CREATE DATABASE "{name}"'))
        finally:
            admin.dispose()
        return self.url(name)


@pytest.fixture(scope="module")
def postgres() -> Iterator[PostgresServer]:
    """One server for the module: a start costs seconds, each case makes its own database."""
    reason = _postgres_unavailable()
    if reason:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI=true but a PostgreSQL server cannot be started here: {reason}")
        pytest.skip(reason)
    # Not under pytest's tmp_path: its parents are root's alone, and initdb runs as postgres.
    base = Path(tempfile.mkdtemp(prefix="asnwatch-pg-"))
    try:
        server = PostgresServer(base)
        server.start_waiting()
        try:
            yield server
        finally:
            server.stop()
    finally:
        shutil.rmtree(base, ignore_errors=True)


def test_postgres_down_at_start_is_one_clear_line_and_nothing_runs(tmp_path: Path) -> None:
    """PostgreSQL down at start: one clear line without the password, exit 1, nothing done"""
    with replica_for() as replica:
        config = demo_config(ROOT / "config.yaml", tmp_path, replica.base_urls)
        url = f"postgresql+psycopg://asn:{PASSWORD}@127.0.0.1:{free_port()}/asnwatch"
        result = cli("--config", str(config), "run", cwd=tmp_path, database_url=url)
        assert replica.requests() == []
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("asnwatch: error: cannot connect to database postgresql+psycopg://")
    assert "asn:***@127.0.0.1" in lines[0]
    assert PASSWORD not in result.stdout + result.stderr
    assert result.stdout == ""
    assert sorted(p.name for p in tmp_path.iterdir()) == ["config.yaml"]  # no export, no logs


Step = tuple[str, Callable[[str], bool], Callable[[], None]]


class LogWatcher:
    """Takes steps in order, each when the crawl logs under `folder` satisfy its condition.

    A thread of its own, because while the database is down the runner (and any
    progress callback it would call) cannot read the run rows.
    """

    def __init__(self, folder: Path, steps: list[Step]) -> None:
        self.folder = folder
        self.steps = list(steps)
        self.done: list[str] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _logs(self) -> str:
        if not self.folder.is_dir():
            return ""
        return "".join(
            p.read_text(encoding="utf-8", errors="replace") for p in self.folder.glob("*.log")
        )

    def _watch(self) -> None:
        while self.steps and not self._stop.wait(0.1):
            name, condition, action = self.steps[0]
            if condition(self._logs()):
                action()
                self.done.append(name)
                self.steps.pop(0)

    def __enter__(self) -> LogWatcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=60)


def two_failed_writes_or_the_end(log: str) -> bool:
    """When to restart a crashed server: failed writes were seen, or none will come."""
    return len(write_failures(log)) >= 2 or "Closing spider" in log


@dataclass
class PostgresCrash:
    """The cycle PostgreSQL crashed under, the one after the restart, and what lay between."""

    world: World
    first: CycleResult
    failed_urls: list[str]
    problems_after: list[str]
    second: CycleResult


@pytest.fixture(scope="module")
def postgres_crash(
    postgres: PostgresServer, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[PostgresCrash]:
    """abadikini storing into PostgreSQL, which crashes at the first stored story and restarts."""
    tmp = tmp_path_factory.mktemp("pgcrash")
    with replica_for() as replica:
        add_articles(replica, "abadikini")
        world = make_world(tmp, replica, postgres.create_database())
        steps: list[Step] = [
            ("crashed", lambda log: FIRST_STORED in log, postgres.crash),
            ("restarted", two_failed_writes_or_the_end, postgres.start_waiting),
        ]
        with LogWatcher(tmp / "logs", steps) as watcher:
            try:
                first = world.cycle(["abadikini"], SLOW)
            finally:
                if watcher.done == ["crashed"]:
                    postgres.start_waiting()
        assert watcher.done == ["crashed", "restarted"], watcher.done
        [run] = first.runs
        failed = write_failures(world.log(run))
        problems = integrity_problems(world.repo)
        second = world.cycle(["abadikini"])
        yield PostgresCrash(world, first, failed, problems, second)
        world.repo.close()


def test_postgres_crash_mid_run_counts_the_failed_writes(postgres_crash: PostgresCrash) -> None:
    """PostgreSQL crashes mid-run, then restarts: the run counts and logs each failed write"""
    [run] = postgres_crash.first.runs
    assert run.status in ("ok", "failed")
    assert run.finished_at is not None
    assert postgres_crash.failed_urls
    assert run.stats["store_failed"] == len(postgres_crash.failed_urls)
    log = postgres_crash.world.log(run)
    assert "Error processing" not in log  # no item ended in a traceback
    assert PASSWORD not in log


def test_postgres_crash_mid_run_leaves_no_partial_rows(postgres_crash: PostgresCrash) -> None:
    """PostgreSQL crashes mid-run: no partial rows, no run or cycle left running"""
    assert postgres_crash.problems_after == []


def test_the_cycle_after_a_postgres_restart_stores_everything_once(
    postgres_crash: PostgresCrash,
) -> None:
    """PostgreSQL crashed mid-run and restarted: the next cycle stores everything, once"""
    world = postgres_crash.world
    [run] = postgres_crash.second.runs
    assert run.status == "ok"
    assert world.missing("abadikini") == []
    assert stored_twice(world.repo) == []
    assert set(one_row_per_article(world, "abadikini").values()) == {1}
    assert integrity_problems(world.repo) == []


def test_postgres_down_until_the_crawl_ends_is_one_error_then_recovered(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    """PostgreSQL crashes mid-run and stays down: one clear error, no crawl left; then all stored

    The runner supervises the crawl to its end, cannot record it, and says so
    (DatabaseError, no password). After the restart, the next cycle closes the
    run left "running" (its process is gone), drops the validators it saved,
    and stores everything.
    """
    with replica_for() as replica:
        add_articles(replica, "nyaringindonesia", 4)
        world = make_world(tmp_path, replica, postgres.create_database())
        steps: list[Step] = [("crashed", lambda log: FIRST_STORED in log, postgres.crash)]
        try:
            with (
                LogWatcher(tmp_path / "logs", steps) as watcher,
                pytest.raises(DatabaseError) as error,
            ):
                world.cycle(["nyaringindonesia"], SLOW)
        finally:
            postgres.start_waiting()
        assert watcher.done == ["crashed"]
        message = str(error.value)
        assert message.startswith("cannot record the end of cycle") and "\n" not in message
        assert PASSWORD not in message
        [stale] = world.repo.running_runs(["nyaringindonesia"])
        assert crawl_processes(Path(world.config.source), {stale.id}) == []
        assert write_failures(world.log(stale))

        result = world.cycle(["nyaringindonesia"])
        assert [r.status for r in result.runs] == ["ok"]
        closed = world.repo.get_run(stale.id)
        assert closed is not None and closed.status == "failed"
        assert "gone" in (closed.error or "")
        assert world.missing("nyaringindonesia") == []
        assert stored_twice(world.repo) == []
        assert set(one_row_per_article(world, "nyaringindonesia").values()) == {1}
        problems = integrity_problems(world.repo)
        # The crashed cycle's own row could not be closed (nothing tells a dead manual
        # cycle from one still exporting); every run is.
        assert [p for p in problems if not p.startswith("cycle still running")] == []
        world.repo.close()


def test_the_database_password_never_appears_in_status_or_crawl_logs(
    postgres: PostgresServer, tmp_path: Path
) -> None:
    """a database password in the URL: never in status, crawl output or crawl logs (debug on)"""
    url = postgres.create_database()
    assert PASSWORD in url
    with replica_for() as replica:
        config = str(demo_config(ROOT / "config.yaml", tmp_path, replica.base_urls))
        crawl = cli(
            "--config", config, "-v", "crawl", "--outlet", "sahabat", cwd=tmp_path, database_url=url
        )
        status = cli("--config", config, "-v", "status", cwd=tmp_path, database_url=url)
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    assert status.returncode == 0, status.stderr[-2000:]
    assert "database: postgresql+psycopg://asn:***@127.0.0.1" in status.stdout
    logs = list((tmp_path / "logs").glob("*.log"))
    assert logs
    outputs = [crawl.stdout, crawl.stderr, status.stdout, status.stderr]
    outputs += [p.read_text(encoding="utf-8", errors="replace") for p in logs]
    assert all(PASSWORD not in out for out in outputs)


@pytest.mark.parametrize("fault", ["wrong password", "closed port"])
def test_a_refused_login_never_shows_the_password(
    request: pytest.FixtureRequest, tmp_path: Path, fault: str
) -> None:
    """a database that refuses the login: `status` says so in one line, no password, exit 1"""
    wrong = "Wr0ngPW"
    if fault == "wrong password":
        postgres: PostgresServer = request.getfixturevalue("postgres")
        url = postgres.url(password=wrong)
    else:
        url = f"postgresql+psycopg://asn:{wrong}@127.0.0.1:{free_port()}/postgres"
    config = tmp_path / "config.yaml"
    shutil.copy(ROOT / "config.yaml", config)
    status = cli("--config", str(config), "status", cwd=tmp_path, database_url=url)
    assert status.returncode == 1
    [line] = status.stderr.strip().splitlines()
    assert line.startswith("asnwatch: error: cannot connect to database postgresql+psycopg://")
    if fault == "wrong password":
        assert 'password authentication failed for user "asn"' in line
    else:
        assert "Connection refused" in line
    assert wrong not in status.stdout + status.stderr
