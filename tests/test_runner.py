"""The runner's parts in process: kill escalation with a short grace, and retried run ends.

The real crawls are covered by tests/test_crawl.py and the fault suites; here a
stand-in process that ignores SIGTERM shows the escalation to SIGKILL, and a
repository that fails on demand shows a run's end retried until recorded.
"""

from __future__ import annotations

import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy.exc import OperationalError

from crawler.ops.crawlprocs import OutletProcess, stop_all
from crawler.ops.runends import PendingEnds, best_effort

IGNORES_SIGTERM = (
    "import signal, time\n"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "print('ready', flush=True)\n"
    "time.sleep(600)\n"
)
WAITS = "import time\nprint('ready', flush=True)\ntime.sleep(600)\n"


def wait_for(check: Callable[[], Any], what: str, timeout: float = 60) -> Any:
    """Poll `check` until it returns something truthy; fail naming `what` after `timeout` s."""
    deadline = time.monotonic() + timeout
    while not (value := check()):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout} s waiting for {what}")
        time.sleep(0.05)
    return value


def start(tmp_path: Path, script: str, timeout: float = 600, name: str = "run") -> OutletProcess:
    """A stand-in crawl running `script`, once it has printed that it is ready."""
    log = tmp_path / f"{name}.log"
    proc = OutletProcess.start("sahabat", 1, [sys.executable, "-c", script], log, timeout, env={})
    wait_for(lambda: "ready" in log.read_text(), "the stand-in crawl to start")
    return proc


def test_a_crawl_past_its_limit_gets_sigterm_then_sigkill_after_the_grace(
    tmp_path: Path,
) -> None:
    proc = start(tmp_path, IGNORES_SIGTERM, timeout=0)
    try:
        asked = time.monotonic()
        assert proc.overdue(asked)
        proc.terminate(asked)
        assert proc.terminated_at == asked and not proc.overdue(asked)
        code = wait_for(
            lambda: proc.escalate(time.monotonic(), grace=0.1) or proc.poll(), "SIGKILL"
        )
    finally:
        proc.process.kill()
        proc.process.wait()
    assert code == -signal.SIGKILL


def test_stopping_all_crawls_kills_those_that_ignore_sigterm(tmp_path: Path) -> None:
    stubborn = start(tmp_path, IGNORES_SIGTERM)
    polite = start(tmp_path, WAITS, name="polite")
    stop_all([stubborn, polite], grace=0.2)
    assert stubborn.poll() == -signal.SIGKILL
    assert polite.poll() == -signal.SIGTERM


class FlakyRepo:
    """A repository whose writes fail while `down` is set."""

    def __init__(self) -> None:
        self.down = True
        self.failed: list[int] = []

    def fail_if_running(self, run_id: int, error: str, *, forget_validators: bool = False) -> bool:
        if self.down:
            raise OperationalError("UPDATE crawl_runs", {}, Exception("database is locked"))
        self.failed.append(run_id)
        return True


def test_a_crawls_end_is_retried_until_the_database_records_it(tmp_path: Path) -> None:
    repo = FlakyRepo()
    pending = PendingEnds(repo)  # type: ignore[arg-type]
    proc = OutletProcess("sahabat", 7, None, tmp_path / "missing.log", 0.0)  # type: ignore[arg-type]
    pending.add(proc, 1)
    pending.retry()
    assert pending and pending.run_ids() == [7] and repo.failed == []
    repo.down = False
    pending.retry()
    assert not pending and repo.failed == [7]


def test_a_call_the_runner_can_do_without_returns_none_when_the_database_fails() -> None:
    repo = FlakyRepo()
    assert best_effort(repo.fail_if_running, 3, "late") is None
    repo.down = False
    assert best_effort(repo.fail_if_running, 3, "late") is True
