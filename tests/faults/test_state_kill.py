"""State faults on SQLite: a crawl killed with kill -9 mid-run.

A crawl of sahabat is killed (SIGKILL to its process group) at its first
stored story: its run is marked failed, nothing is half-written, what it did
not store is not marked seen, and the next cycle stores every missing story,
once, without fetching again what the killed run had finished. Shared
helpers live in statekit.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from crawler.ops.cycle import CycleResult
from crawler.ops.processes import crawl_processes
from storage.repository import RunRow
from tests.faults.statekit import (
    SLOW,
    World,
    add_articles,
    crawl_runs,
    first_stored,
    integrity_problems,
    make_world,
    one_row_per_article,
    stored_twice,
)
from tests.world import replica_for

pytestmark = pytest.mark.crawl


# -- kill -9 of a crawl mid-run -------------------------------------------------------------


@dataclass
class Killed:
    """The killed cycle and the one after it, with what the database held in between."""

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
    with replica_for() as replica:
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
