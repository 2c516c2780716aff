"""State faults on SQLite: the write lock held by another process mid-crawl.

Held under the busy timeout, the crawl waits and stores everything; held past
it, each blocked article is counted and logged, nothing is half-written, and
the next cycle picks the blocked articles up, once. Shared helpers live in
statekit.
"""

from __future__ import annotations

import contextlib
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from crawler.ops.cycle import CycleResult
from storage.repository import RunRow
from tests.faults.statekit import (
    FIRST_STORED,
    SLOW,
    WRITE_FAILED,
    World,
    add_articles,
    crawl_runs,
    first_stored,
    integrity_problems,
    make_world,
    one_row_per_article,
    stored_twice,
    write_failures,
)
from tests.world import replica_for

pytestmark = pytest.mark.crawl


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
    """The world's SQLite file, which a LockHolder opens as a second writer."""
    database = make_url(world.config.database.url).database
    assert database
    return Path(database)


def test_a_write_lock_held_under_the_busy_timeout_is_waited_for(tmp_path: Path) -> None:
    """another writer holds the SQLite lock 5 s, under the busy timeout: crawl waits, stores all"""
    with replica_for() as replica:
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
    """The cycle whose writes were locked out, the one after it, and what lay in between."""

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
    with replica_for() as replica:
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
