"""Recording how crawls ended, through database outages: the runner's side of `crawl_runs`.

A crawl records its own run (`crawler.crawl.runstats`); the runner only fails
the runs whose process died without closing them. The database may be down
(locked, a PostgreSQL server gone) when a crawl ends: `PendingEnds` keeps the
ends not yet recorded and retries them at each poll, and `best_effort` runs
the calls the runner can do without (progress, an early note).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from sqlalchemy.exc import SQLAlchemyError

from crawler.ops.crawlprocs import OutletProcess
from crawler.ops.daemonlog import log_tail
from crawler.ops.processes import pid_alive
from storage.db import error_reason
from storage.repository import Repository

logger = logging.getLogger(__name__)
T = TypeVar("T")


def best_effort(action: Callable[..., T], *args: Any) -> T | None:
    """A database call the runner can do without: its result, or None if it failed."""
    try:
        return action(*args)
    except SQLAlchemyError as exc:
        logger.warning("database unavailable, will retry: %s", error_reason(exc))
        return None


class PendingEnds:
    """Crawls that ended and whose end is not recorded yet; retried until the database answers."""

    def __init__(self, repo: Repository) -> None:
        self.repo = repo
        self.ended: list[tuple[OutletProcess, int]] = []

    def add(self, proc: OutletProcess, code: int) -> None:
        self.ended.append((proc, code))

    def retry(self) -> None:
        """Record what can be; keep the rest for the next try."""
        self.ended = [(p, code) for p, code in self.ended if not close_run(self.repo, p, code)]

    def run_ids(self) -> list[int]:
        return [proc.run_id for proc, _ in self.ended]

    def __bool__(self) -> bool:
        return bool(self.ended)


def close_run(repo: Repository, proc: OutletProcess, code: int) -> bool:
    """A crawl process ended: fail its run if it did not close it itself.

    Returns False when the database could not be written (the caller retries).
    A run that did not end ok leaves no discovery validators behind
    (`Repository.forget_validators`): the next run must find the articles this
    one never stored. (A run that ended ok but could not store some articles
    saved none: see `crawler.crawl.validators`.)
    """
    if code == 0:
        reason = "crawl process ended without recording its result"
    else:
        tail = log_tail(proc.log_path, lines=1, limit=300)
        reason = f"crawl process exited with code {code}" + (f": {tail}" if tail else "")
    try:
        # Failed here: its validators go in the same transaction. Ended by itself not ok:
        # they go now.
        if repo.fail_if_running(proc.run_id, reason, forget_validators=True):
            return True
        run = repo.get_run(proc.run_id)
        if run is not None and run.status != "ok":
            forgotten = repo.forget_validators(run.outlet, run.started_at)
            if forgotten:
                logger.info(
                    "run %s (%s) did not store everything: %s discovery page(s) will be read "
                    "in full next time",
                    run.id,
                    run.outlet,
                    forgotten,
                )
    except SQLAlchemyError as exc:
        logger.warning("cannot record the end of run %s yet: %s", proc.run_id, error_reason(exc))
        return False
    return True


def close_stale_runs(repo: Repository, outlets: Sequence[str]) -> list[int]:
    """Fail the outlets' runs still marked running whose process is gone: their ids.

    A crawl killed together with its runner (kill -9 of `asnwatch run`, the
    machine going down), or whose end could not be recorded (the database was
    down), leaves its row "running" and its discovery validators saved; both
    would outlive it. A row's pid is the crawl process once it started (its
    runner's before): a pid still alive is left alone. Pids are this machine's:
    with crawls on several machines sharing one database, a live run elsewhere
    could be failed here; its own end then records its real status over it, and
    losing its validators only costs a full read.
    """
    closed = []
    for run in repo.running_runs(outlets):
        if run.pid is not None and pid_alive(run.pid):
            continue
        reason = "left running by a crawl process that is gone"
        if repo.fail_if_running(run.id, reason, forget_validators=True):
            logger.warning(
                "run %s (%s) was left running by a crawl that is gone", run.id, run.outlet
            )
            closed.append(run.id)
    return closed
