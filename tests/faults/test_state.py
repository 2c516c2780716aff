"""State faults: a crawl killed, a database locked or gone, an export folder that cannot take files.

Each case drives the real thing: `scrapy crawl` processes started by the
runner against the local replica, a real SQLite file or a real PostgreSQL
server started here, the `asnwatch` command line. After each fault the
database is checked whole (`integrity_problems`): no story without its text
or its bands, no seen URL pointing at a story that is not there, no run left
"running"; and the next cycle must store every story the fault kept out, once.

Crawls that must be interrupted mid-run are slowed with the crawler's own
politeness delay (one request at a time), not by a slow replica: the fault
is injected when the crawl's log shows its first stored story.
"""

from __future__ import annotations

import contextlib
import json
import os
import pwd
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import yaml
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from crawler.cli import main
from crawler.config import Config, load_config
from crawler.cycle import CycleResult, run_cycle
from crawler.dedup import MINHASH_BANDS, new_story, story_bands
from crawler.demo import demo_config
from crawler.export import ExportError, export
from crawler.processes import crawl_processes
from crawler.runlogs import run_log_path
from crawler.runner import CrawlOptions
from crawler.urls import canonicalize
from replica.server import Replica
from storage.db import DatabaseError
from storage.repository import Repository, RunRow
from tests.conftest import ROOT

pytestmark = pytest.mark.crawl

FAST = {"RETRY_BACKOFF_BASE": "0", "DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False"}
# One request at a time, a quarter of a second apart: a crawl of ~35 pages lasts long
# enough for a fault injected after its first stored story to land mid-run.
SLOW = {
    "RETRY_BACKOFF_BASE": "0",
    "DOWNLOAD_DELAY": "0.25",
    "AUTOTHROTTLE_ENABLED": "False",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "1",
}
PASSWORD = "S3cretPW"
EXTRA_ARTICLES = 8
FIRST_STORED = "stored story"
WRITE_FAILED = "database write failed, fetched again next cycle: "


# -- fictional articles: more stories to crawl, all invented --------------------------------

FIRST = ["Hendra", "Wulan", "Rizal", "Sekar", "Bagus", "Nanda", "Yusuf", "Lestari", "Arief"]
LAST = ["Wiratama", "Kusumadewi", "Harjono", "Pramesti", "Santoso", "Maheswari", "Nugroho"]
PLACES = [
    "Sukamaju",
    "Cibiru Hilir",
    "Lembah Seruni",
    "Karang Asri",
    "Bukit Kencana",
    "Telaga Biru",
]
OFFICES = [
    "Dinas Pendidikan",
    "Dinas Kesehatan",
    "Dinas Perhubungan",
    "Dinas Pertanian",
    "Satpol PP",
]
EVENTS = ["apel pagi", "rapat koordinasi", "sosialisasi tertutup", "upacara bulanan", "bimtek"]


def _sentence(r: random.Random, place: str) -> str:
    def who() -> str:
        return f"{r.choice(FIRST)} {r.choice(LAST)}"

    n = r.randint(12, 480)
    forms = [
        f"Sekretaris daerah {place}, {who()}, meminta {n} ASN di {r.choice(OFFICES)} "
        "agar tetap netral selama tahapan Pilkada.",
        f"Dalam {r.choice(EVENTS)} di aula {r.choice(OFFICES)}, {who()} menyebut netralitas "
        f"pegawai menjadi syarat pelayanan yang adil bagi {n} ribu warga.",
        f"Bawaslu {place} mencatat {n} laporan dugaan pelanggaran netralitas ASN, sebagian "
        "berupa unggahan dukungan kepada pasangan calon di media sosial.",
        f"{who()} dari Badan Kepegawaian menjelaskan sanksi disiplin bagi ASN yang ikut "
        f"berkampanye dapat berupa penundaan kenaikan pangkat hingga {r.randint(1, 3)} tahun.",
        f"Camat {r.choice(PLACES)} {who()} mengumpulkan {n} kepala desa untuk menandatangani "
        "pakta integritas netralitas menjelang pemungutan suara.",
        f"Warga {r.choice(PLACES)} diminta melapor ke posko pengaduan jika melihat ASN "
        f"mengarahkan pilihan, kata {who()} usai {r.choice(EVENTS)}.",
        f"Inspektorat {place} akan memeriksa {n} pegawai yang terekam menghadiri deklarasi "
        "salah satu calon bupati pada pekan lalu.",
    ]
    return r.choice(forms)


def fictional_article(outlet: str, n: int, category: str) -> dict[str, Any]:
    """An invented on-topic story (distinct from the others: shared 5-word runs < 0.6)."""
    r = random.Random(f"{outlet}-{n}")
    place = r.choice(PLACES)
    title = f"{r.choice(FIRST)} {r.choice(LAST)} Minta ASN {place} Netral Jelang Pilkada ({n})"
    paragraphs = [" ".join(_sentence(r, place) for _ in range(3)) for _ in range(5)]
    return {
        "outlet": outlet,
        "title": title,
        "author": f"{r.choice(FIRST)} {r.choice(LAST)}",
        "category": category,
        "label": "positive",
        "paragraphs": paragraphs,
    }


def add_articles(replica: Replica, outlet: str, count: int = EXTRA_ARTICLES) -> None:
    category = next(a.category for a in replica.articles if a.outlet == outlet)
    for n in range(count):
        replica.add_article(fictional_article(outlet, n, category))


# -- the world: replica, config, database ------------------------------------------------


@dataclass
class World:
    replica: Replica
    config: Config
    repo: Repository
    tmp: Path

    def options(self, settings: dict[str, str]) -> CrawlOptions:
        return CrawlOptions(
            config_path=Path(self.config.source), settings=settings, log_dir=self.tmp / "logs"
        )

    def cycle(
        self,
        outlets: list[str],
        settings: dict[str, str] = FAST,
        on_progress: Callable[[list[RunRow]], None] | None = None,
    ) -> CycleResult:
        return run_cycle(
            self.config,
            self.repo,
            self.options(settings),
            outlets=outlets,
            with_export=False,
            on_progress=on_progress,
        )

    def log_path(self, run: RunRow) -> Path:
        return run_log_path(self.tmp / "logs", run.id, run.outlet)

    def log(self, run: RunRow) -> str:
        path = self.log_path(run)
        return path.read_text(encoding="utf-8", errors="replace") if path.exists() else ""

    def key(self, url: str) -> str:
        outlet = next(n for n, b in self.replica.base_urls.items() if url.startswith(b))
        return canonicalize(url, self.config.outlets[outlet].canonical)

    def positives(self, outlet: str) -> dict[str, str]:
        """{canonical key: article id} of the outlet's on-topic articles."""
        return {
            self.key(self.replica.article_url(a)): a.id
            for a in self.replica.articles
            if a.outlet == outlet and a.label == "positive"
        }

    def missing(self, outlet: str) -> list[str]:
        stored = {row["canonical_url"] for row in self.repo.story_rows()}
        return sorted(aid for key, aid in self.positives(outlet).items() if key not in stored)


def make_world(tmp: Path, replica: Replica, database_url: str | None = None) -> World:
    path = demo_config(ROOT / "config.yaml", tmp, replica.base_urls)
    if database_url is not None:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["database"] = {"url": database_url}
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    config = load_config(path)
    return World(replica, config, Repository.open(config.database.url), tmp)


# -- what "no partial rows" and "no story twice" mean -------------------------------------


def integrity_problems(repo: Repository) -> list[str]:
    """Every way the database could be half-written, as readable lines (none: consistent).

    - a story without title, text, fingerprint or text hash;
    - a primary without its full band index (its MinHash bands), or a
      duplicate with bands, or pointing at a story that is missing or not primary;
    - an article URL marked stored/duplicate/exists whose story is not there;
    - a crawl run or cycle still "running" (nothing runs once the runner returned).
    """
    bands_per_primary = MINHASH_BANDS
    checks = {
        "story with an empty field": """
            SELECT id FROM stories WHERE title = '' OR text = '' OR text_hash = ''
                OR fingerprint IS NULL OR canonical_url = ''""",
        "primary without all its bands": f"""
            SELECT s.id FROM stories s LEFT JOIN story_bands b ON b.story_id = s.id
            WHERE s.duplicate_of_id IS NULL GROUP BY s.id
            HAVING COUNT(b.story_id) <> {bands_per_primary}""",
        "duplicate with bands": """
            SELECT DISTINCT s.id FROM stories s JOIN story_bands b ON b.story_id = s.id
            WHERE s.duplicate_of_id IS NOT NULL""",
        "duplicate of a missing or non-primary story": """
            SELECT s.id FROM stories s LEFT JOIN stories p ON p.id = s.duplicate_of_id
            WHERE s.duplicate_of_id IS NOT NULL
                AND (p.id IS NULL OR p.duplicate_of_id IS NOT NULL)""",
        "seen URL whose story is missing": """
            SELECT u.url FROM seen_urls u LEFT JOIN stories s ON s.id = u.story_id
            WHERE u.kind = 'article' AND u.status IN ('stored', 'duplicate', 'exists')
                AND s.id IS NULL""",
        "run still running": "SELECT id FROM crawl_runs WHERE status = 'running'",
        "cycle still running": "SELECT id FROM cycles WHERE status = 'running'",
    }
    problems = []
    with repo.engine.connect() as conn:
        for what, query in checks.items():
            problems += [f"{what}: {row[0]}" for row in conn.execute(text(query))]
    return problems


def stored_twice(repo: Repository) -> list[str]:
    """Canonical URLs stored more than once, and text hashes with more than one primary."""
    with repo.engine.connect() as conn:
        urls = conn.execute(
            text("SELECT canonical_url FROM stories GROUP BY canonical_url HAVING COUNT(*) > 1")
        )
        hashes = conn.execute(
            text(
                "SELECT text_hash FROM stories WHERE duplicate_of_id IS NULL "
                "GROUP BY text_hash HAVING COUNT(*) > 1"
            )
        )
        return [f"url {r[0]}" for r in urls] + [f"text {r[0]}" for r in hashes]


def one_row_per_article(world: World, outlet: str) -> dict[str, int]:
    """How many story rows each of the outlet's positive articles has (must be 1 each)."""
    rows = [row["canonical_url"] for row in world.repo.story_rows()]
    return {aid: rows.count(key) for key, aid in world.positives(outlet).items()}


def write_failures(log: str) -> list[str]:
    """The URLs the crawl's log reports as not written because of the database."""
    return re.findall(re.escape(WRITE_FAILED) + r"(\S+)", log)


def first_stored(world: World, run: RunRow) -> bool:
    return FIRST_STORED in world.log(run)


def crawl_runs(rows: list[RunRow]) -> list[RunRow]:
    """The runs whose crawl process has claimed its row (pid no longer the runner's)."""
    return [r for r in rows if r.status == "running" and r.pid not in (None, os.getpid())]


# -- kill -9 of a crawl mid-run -------------------------------------------------------------


@dataclass
class Killed:
    world: World
    first: CycleResult
    killed_pid: int
    missing_after_kill: list[str]
    problems_after_kill: list[str]
    unseen_after_kill: list[str]
    second: CycleResult
    refetched: set[str]  # ids of the articles the second cycle requested


@pytest.fixture(scope="module")
def killed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Killed]:
    """sahabat (feed + sitemap + listings) killed with SIGKILL at its first stored story."""
    tmp = tmp_path_factory.mktemp("killed")
    with Replica() as replica:
        add_articles(replica, "sahabat")
        world = make_world(tmp, replica)
        pids: list[int] = []

        def kill_at_first_story(rows: list[RunRow]) -> None:
            for run in crawl_runs(rows):
                if not pids and first_stored(world, run):
                    assert run.pid is not None
                    os.killpg(run.pid, signal.SIGKILL)  # the crawl runs in its own session
                    pids.append(run.pid)

        first = world.cycle(["sahabat"], SLOW, kill_at_first_story)
        assert pids, "the crawl ended before it stored a story: nothing was killed"
        missing = world.missing("sahabat")
        problems = integrity_problems(world.repo)
        unseen = world.repo.unseen(world.positives("sahabat"))
        replica.clear_log()
        second = world.cycle(["sahabat"])
        base = replica.base_urls["sahabat"]
        refetched = {
            article.id
            for r in replica.article_requests("sahabat")
            if (article := replica.article_for_url(base + r.path)) is not None
        }
        yield Killed(world, first, pids[0], missing, problems, unseen, second, refetched)


def test_kill_9_mid_crawl_marks_the_run_failed(killed: Killed) -> None:
    """kill -9 of a crawl mid-run: its run is marked failed, naming the signal"""
    [run] = killed.first.runs
    assert run.pid == killed.killed_pid
    assert run.status == "failed" and run.finished_at is not None
    assert "exited with code -9" in (run.error or "")
    assert crawl_processes(Path(killed.world.config.source), {run.id}) == []
    # The kill landed mid-run: some stories were stored, others not yet.
    positives = len(killed.world.positives("sahabat"))
    assert 0 < len(killed.missing_after_kill) < positives
    assert killed.first.status == "failed"


def test_kill_9_mid_crawl_leaves_no_partial_rows(killed: Killed) -> None:
    """kill -9 of a crawl mid-run: no partial rows, what was not stored is not marked seen"""
    assert killed.problems_after_kill == []
    # What was not stored is not marked seen either: the next run fetches it.
    assert set(killed.unseen_after_kill) >= {
        key
        for key, aid in killed.world.positives("sahabat").items()
        if aid in killed.missing_after_kill
    }


def test_next_cycle_after_a_kill_stores_everything_that_was_missing(killed: Killed) -> None:
    """kill -9 of a crawl mid-run, then a new run: every missing story stored, nothing lost"""
    [run] = killed.second.runs
    assert run.status == "ok"
    assert killed.world.missing("sahabat") == []
    assert run.stats["stored"] + run.stats["duplicates"] >= len(killed.missing_after_kill)
    # The killed run's discovery validators were dropped: its pages were read in full
    # (a 304 on the sitemap or feed would have hidden the articles it never stored).
    log = killed.world.log(run)
    for aid in killed.missing_after_kill:
        assert killed.world.replica.article(aid).path() in log


def test_next_cycle_after_a_kill_stores_no_story_twice(killed: Killed) -> None:
    """kill -9 of a crawl mid-run, then a new run: no story stored twice, nothing refetched"""
    world = killed.world
    assert stored_twice(world.repo) == []
    assert set(one_row_per_article(world, "sahabat").values()) == {1}
    assert integrity_problems(world.repo) == []
    # Articles the killed run finished with are not fetched again.
    done = set(world.positives("sahabat").values()) - set(killed.missing_after_kill)
    assert killed.refetched & done == set()


# -- SQLite locked by another writer ----------------------------------------------------------

HOLDER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=60)
conn.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
if sys.argv[2] == "until-told":
    sys.stdin.readline()
else:
    time.sleep(float(sys.argv[2]))
conn.execute("ROLLBACK")
print("released", flush=True)
"""


class LockHolder:
    """Another process holding SQLite's write lock (`BEGIN IMMEDIATE`), as a second writer would."""

    def __init__(self, database: Path, hold: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-c", HOLDER, str(database), hold],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "locked"
        self.released = False

    def release(self) -> None:
        if not self.released:
            assert self.process.stdin is not None and self.process.stdout is not None
            self.process.stdin.write("\n")
            self.process.stdin.flush()
            assert self.process.stdout.readline().strip() == "released"
            self.released = True

    def wait(self) -> None:
        assert self.process.stdout is not None
        assert self.process.stdout.readline().strip() == "released"
        self.process.wait(timeout=30)
        self.released = True

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            self.process.kill()
        self.process.wait(timeout=10)
        for pipe in (self.process.stdin, self.process.stdout):
            if pipe is not None:
                pipe.close()


def sqlite_file(world: World) -> Path:
    database = make_url(world.config.database.url).database
    assert database
    return Path(database)


def test_a_write_lock_held_under_the_busy_timeout_is_waited_for(tmp_path: Path) -> None:
    """another writer holds the SQLite lock 5 s, under the busy timeout: crawl waits, stores all"""
    with Replica() as replica:
        add_articles(replica, "neraca")
        world = make_world(tmp_path, replica)
        holders: list[tuple[LockHolder, int]] = []

        def lock_at_first_story(rows: list[RunRow]) -> None:
            for run in crawl_runs(rows):
                if not holders and first_stored(world, run):
                    holders.append((LockHolder(sqlite_file(world), "5"), len(world.log(run))))

        try:
            result = world.cycle(["neraca"], SLOW, lock_at_first_story)
            assert holders, "the crawl ended before the lock was taken"
            holder, offset = holders[0]
            holder.wait()
        finally:
            for holder, _ in holders:
                holder.close()
        [run] = result.runs
        log = world.log(run)
        assert run.status == "ok"
        # Stories were stored after the lock was taken: those writes waited for it.
        assert FIRST_STORED in log[offset:]
        assert "database is locked" not in log
        assert run.stats.get("store_failed", 0) == 0
        assert world.missing("neraca") == []
        assert integrity_problems(world.repo) == []


@dataclass
class LockedOut:
    world: World
    first: CycleResult
    failed_urls: list[str]
    unseen_failed: list[str]
    problems_after: list[str]
    second: CycleResult


@pytest.fixture(scope="module")
def locked_out(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LockedOut]:
    """inilahkoran with a 1 s busy timeout; another writer holds the lock until 2 writes failed."""
    tmp = tmp_path_factory.mktemp("locked")
    with Replica() as replica:
        add_articles(replica, "inilahkoran")
        url = f"sqlite:///{tmp / 'asnwatch.db'}?timeout=1"
        world = make_world(tmp, replica, url)
        holders: list[LockHolder] = []

        def lock_then_release(rows: list[RunRow]) -> None:
            for run in crawl_runs(rows):
                log = world.log(run)
                if not holders and FIRST_STORED in log:
                    holders.append(LockHolder(sqlite_file(world), "until-told"))
                elif holders and (len(write_failures(log)) >= 2 or "Closing spider" in log):
                    holders[0].release()

        try:
            first = world.cycle(["inilahkoran"], SLOW, lock_then_release)
        finally:
            for holder in holders:
                holder.close()
        assert holders, "the crawl ended before the lock was taken"
        [run] = first.runs
        failed = write_failures(world.log(run))
        unseen = world.repo.unseen(world.key(u) for u in failed)
        problems = integrity_problems(world.repo)
        second = world.cycle(["inilahkoran"])
        yield LockedOut(world, first, failed, unseen, problems, second)


def test_a_lock_held_past_the_busy_timeout_is_counted_per_article(locked_out: LockedOut) -> None:
    """a write lock held past the busy timeout: each blocked article counted and logged, run ok"""
    [run] = locked_out.first.runs
    assert run.status == "ok", run.error
    assert len(locked_out.failed_urls) >= 2
    assert run.stats["store_failed"] == len(locked_out.failed_urls)
    log = locked_out.world.log(run)
    for url in locked_out.failed_urls:
        assert f"{WRITE_FAILED}{url} (database is locked)" in log
    assert "Error processing" not in log  # no item ended in a traceback


def test_a_lock_held_past_the_busy_timeout_leaves_nothing_half_written(
    locked_out: LockedOut,
) -> None:
    """a write lock held past the busy timeout: nothing half-written, blocked articles not seen"""
    assert locked_out.problems_after == []
    assert sorted(locked_out.unseen_failed) == sorted(
        {locked_out.world.key(u) for u in locked_out.failed_urls}
    )


def test_the_cycle_after_a_lock_timeout_picks_the_blocked_articles_up(
    locked_out: LockedOut,
) -> None:
    """a write lock held past the busy timeout, then a new cycle: blocked articles stored, once"""
    world = locked_out.world
    [run] = locked_out.second.runs
    assert run.status == "ok"
    assert world.missing("inilahkoran") == []
    assert world.repo.unseen(world.key(u) for u in locked_out.failed_urls) == []
    assert stored_twice(world.repo) == []
    assert set(one_row_per_article(world, "inilahkoran").values()) == {1}
    assert integrity_problems(world.repo) == []


# -- PostgreSQL: down at start, gone mid-run, passwords -------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _postgres_unavailable() -> str | None:
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


def cli(*args: str, cwd: Path, database_url: str | None = None) -> subprocess.CompletedProcess[str]:
    """`python -m crawler.cli ARGS` as a user runs it: its exit code and its whole output."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("ASNWATCH_DATABASE_URL", None)
    if database_url is not None:
        env["ASNWATCH_DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_postgres_down_at_start_is_one_clear_line_and_nothing_runs(tmp_path: Path) -> None:
    """PostgreSQL down at start: one clear line without the password, exit 1, nothing done"""
    with Replica() as replica:
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
    return len(write_failures(log)) >= 2 or "Closing spider" in log


@dataclass
class PostgresCrash:
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
    with Replica() as replica:
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
    with Replica() as replica:
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
    with Replica() as replica:
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


# -- export folder that cannot take files -----------------------------------------------------


def add_story(repo: Repository, n: int, *, title: str | None = None, url: str | None = None) -> int:
    """An invented on-topic story stored directly (the export cases need no crawl)."""
    article = fictional_article("neraca", 100 + n, "Nasional")
    body = "\n\n".join(article["paragraphs"])
    story = new_story(
        outlet="neraca",
        canonical_url=url or f"https://neraca.example/article/{n}/judul",
        url=url or f"https://neraca.example/article/{n}/judul",
        title=title if title is not None else article["title"],
        author=article["author"],
        published_at=datetime(2026, 11, 2, tzinfo=UTC),
        fetched_at=datetime(2026, 11, 23, tzinfo=UTC),
        text=body,
        score=9.0,
        matched_terms=["asn", "netral"],
    )
    with repo.story_writer() as conn:
        story_id = repo.insert_story(conn, story, None, story_bands(body))
    assert story_id is not None
    return story_id


def test_an_export_folder_under_a_file_fails_the_cycle_clearly_and_marks_nothing(
    tmp_path: Path,
) -> None:
    """an export folder under a regular file: crawl done, one line, exit 1, nothing marked exported

    The next run, with a good folder, exports every story.
    """
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with Replica() as replica:
        config = str(demo_config(ROOT / "config.yaml", tmp_path, replica.base_urls))
        bad = cli(
            "--config",
            config,
            "run",
            "--outlet",
            "abadikini",
            "--out",
            str(blocker / "export"),
            cwd=tmp_path,
        )
        repo = Repository.open(load_config(config).database.url)
        stored = repo.count_stories(primaries_only=True)
        [cycle] = repo.recent_cycles(1)
        good = cli("--config", config, "run", "--outlet", "abadikini", cwd=tmp_path)
    assert bad.returncode == 1
    [line] = [x for x in bad.stderr.splitlines() if x.startswith("asnwatch: error")]
    assert bad.stderr.strip().endswith(line)
    assert line == (
        f"asnwatch: error: cannot create export folder {blocker / 'export'}: Not a directory"
    )
    assert stored > 0  # the crawl itself completed
    assert cycle.status == "partial" and "Not a directory" in " ".join(cycle.summary["problems"])
    assert [r.status for r in repo.runs_of_cycle(cycle.id)] == ["ok"]
    assert good.returncode == 0, good.stderr[-2000:]
    files = sorted((tmp_path / "export").glob("*.txt"))
    assert len(files) == stored
    assert len(repo.export_records(str(tmp_path / "export"), "txt")) == stored
    assert blocker.read_text(encoding="utf-8") == "x"


@pytest.fixture
def tiny_filesystem(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs: a filesystem that fills up."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:  # not root, or a container without the right to mount
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_read_only_export_folder_is_a_clear_error_with_nothing_marked(
    tiny_filesystem: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """an export folder on a read-only filesystem (root too): one line, exit 1, nothing marked"""
    repo = Repository.open(f"sqlite:///{tmp_path / 'asnwatch.db'}")
    add_story(repo, 1)
    out = tiny_filesystem / "export"
    out.mkdir()
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_filesystem)], check=True)
    config = tmp_path / "config.yaml"
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    data["database"] = {"url": f"sqlite:///{tmp_path / 'asnwatch.db'}"}
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["--config", str(config), "export", "--out", str(out)]) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line == f"asnwatch: error: export folder is not writable: {out}"
    assert repo.export_records(str(out), "txt") == {}
    assert list(out.iterdir()) == []


def fill(folder: Path, leave_pages: int) -> Path:
    """A filler file leaving `leave_pages` blocks free on folder's filesystem."""
    stat = os.statvfs(folder)
    free = stat.f_bavail * stat.f_frsize
    filler = folder / "filler.bin"
    filler.write_bytes(b"\0" * max(0, free - leave_pages * stat.f_frsize))
    return filler


def test_a_full_filesystem_stops_the_export_cleanly_and_the_next_writes_the_rest(
    tiny_filesystem: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """an export folder on a full filesystem: clear error, no unrecorded or temp file, rest later

    Each file written has its record and each record its file; no temp file is
    left; after space is freed the next export writes exactly the missing stories.
    """
    config = tmp_path / "config.yaml"
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    data["database"] = {"url": f"sqlite:///{tmp_path / 'asnwatch.db'}"}
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    repo = Repository.open(f"sqlite:///{tmp_path / 'asnwatch.db'}")
    ids = {add_story(repo, n) for n in range(10)}
    out = tiny_filesystem / "export"
    out.mkdir()
    filler = fill(tiny_filesystem, leave_pages=3)

    assert main(["--config", str(config), "export", "--out", str(out)]) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"asnwatch: error: cannot write {out}/")
    assert line.endswith("No space left on device")
    written = sorted(p.name for p in out.iterdir())
    recorded = repo.export_records(str(out), "txt")
    assert 0 < len(written) < len(ids)  # the disk filled up part way
    assert sorted(recorded.values()) == written  # a record for each file, a file for each
    assert not [name for name in written if name.startswith(".asnwatch-")]

    filler.unlink()
    assert main(["--config", str(config), "export", "--out", str(out)]) == 0
    files = sorted(out.iterdir())
    assert len(files) == len(ids)
    assert len({p.read_bytes() for p in files}) == len(ids)  # each story once
    assert set(repo.export_records(str(out), "txt")) == ids


def test_a_full_filesystem_leaves_no_partial_jsonl_file(
    tiny_filesystem: Path, tmp_path: Path
) -> None:
    """a jsonl export on a full filesystem: no partial file, nothing marked; later one whole file"""
    repo = Repository.open(f"sqlite:///{tmp_path / 'asnwatch.db'}")
    ids = {add_story(repo, n) for n in range(10)}
    out = tiny_filesystem / "export"
    out.mkdir()
    filler = fill(tiny_filesystem, leave_pages=1)
    with pytest.raises(ExportError, match="No space left on device"):
        export(repo, out, "jsonl")
    assert list(out.iterdir()) == []
    assert repo.export_records(str(out), "jsonl") == {}
    filler.unlink()
    result = export(repo, out, "jsonl")
    [path] = result.files
    assert {json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()} == ids


HOSTILE = [
    "../../../../etc/passwd",
    "/tmp/asnwatch-escape",
    "..\\..\\windows\\system32",
    "judul\x00dengan NUL",
    "berita/../../../keluar.txt",
    "ASN " * 5000 + "judul sangat panjang",
    "~/.ssh/authorized_keys",
    "CON",
]


@pytest.mark.parametrize("fmt", ["txt", "jsonl", "csv"])
def test_export_file_names_never_come_from_titles_or_urls(tmp_path: Path, fmt: str) -> None:
    """titles and URLs with ../, /, NUL, 20,000 chars: file names stay fixed, inside the folder

    txt: NNN_<16 hex>.txt; jsonl/csv: export-<UTC time>.<fmt>; nothing else anywhere.
    """
    repo = Repository.open(f"sqlite:///{tmp_path / 'asnwatch.db'}")
    for n, hostile in enumerate(HOSTILE):
        add_story(repo, n, title=hostile, url=f"https://neraca.example/{hostile}/{n}")
    out = tmp_path / "box" / "export"
    result = export(repo, out, fmt)  # type: ignore[arg-type]
    assert result.stories == len(HOSTILE)
    names = sorted(p.name for p in out.iterdir())
    pattern = r"\d{3,}_[0-9a-f]{16}\.txt" if fmt == "txt" else rf"export-\d{{8}}T\d{{6}}Z\.{fmt}"
    assert names and all(re.fullmatch(pattern, name) for name in names), names
    assert all(p.parent == out for p in result.files)
    # Nothing was written anywhere else: the box holds only the export folder.
    everything = sorted(str(p.relative_to(tmp_path / "box")) for p in (tmp_path / "box").rglob("*"))
    assert everything == ["export", *(f"export/{name}" for name in names)]
    assert not Path("/tmp/asnwatch-escape").exists()
