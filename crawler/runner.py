"""One crawl cycle: one `scrapy crawl` subprocess per outlet, a few at a time.

Twisted's reactor cannot restart in a process (LIBRARY-FACTS), and a crash,
hang or memory blow-up in one outlet must not touch the others or the
caller, so each outlet runs in its own process, in its own session (a
SIGTERM to our process group does not reach it twice), with a hard time
limit. The crawl writes its own `crawl_runs` row; the runner only creates it
beforehand and fails it if the process died without closing it.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from crawler.config import Config
from storage.repository import Repository, RunRow

KILL_GRACE_SECONDS = 10.0
POLL_SECONDS = 0.2


@dataclass
class OutletProcess:
    outlet: str
    run_id: int
    process: subprocess.Popen[bytes]
    log_path: Path
    deadline: float
    terminated_at: float | None = None


@dataclass
class CrawlOptions:
    """How the runner starts crawls; tests and the demo override Scrapy settings here."""

    config_path: Path
    settings: dict[str, str] = field(default_factory=dict)
    log_dir: Path | None = None


def crawl_command(outlet: str, run_id: int, options: CrawlOptions) -> list[str]:
    """The `scrapy crawl` command line for one outlet."""
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        outlet,
        "-s",
        f"ASNWATCH_CONFIG={options.config_path}",
        "-s",
        f"ASNWATCH_RUN_ID={run_id}",
    ]
    for key, value in options.settings.items():
        command += ["-s", f"{key}={value}"]
    return command


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["SCRAPY_SETTINGS_MODULE"] = "crawler.settings"
    # The project's packages importable whatever the working directory.
    root = str(Path(__file__).resolve().parents[1])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def _stop(proc: OutletProcess, sig: int) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.process.pid, sig)


class CycleAborted(Exception):
    """The cycle was asked to stop (SIGTERM/SIGINT); running crawls were stopped."""


def run_outlets(
    config: Config,
    repo: Repository,
    outlets: Sequence[str],
    options: CrawlOptions,
    *,
    cycle_id: int | None = None,
    on_progress: Callable[[list[RunRow]], None] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> list[RunRow]:
    """Crawl `outlets` (at most `crawl.parallel_outlets` at once); their finished run rows."""
    log_dir = options.log_dir or Path(config.source).resolve().parent / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    timeout = config.crawl.outlet_timeout_minutes * 60
    queue = list(outlets)
    running: list[OutletProcess] = []
    run_ids: list[int] = []
    while queue or running:
        if should_stop():
            queue.clear()
            for proc in running:
                if proc.terminated_at is None:
                    _stop(proc, signal.SIGTERM)
                    proc.terminated_at = time.monotonic()
        while queue and len(running) < config.crawl.parallel_outlets:
            outlet = queue.pop(0)
            run_id = repo.start_run(outlet, cycle_id=cycle_id)
            run_ids.append(run_id)
            log_path = log_dir / f"run-{run_id}-{outlet}.log"
            with log_path.open("wb") as log:
                process = subprocess.Popen(
                    crawl_command(outlet, run_id, options),
                    stdout=log,
                    stderr=subprocess.STDOUT,
                    stdin=subprocess.DEVNULL,
                    env=_env(),
                    start_new_session=True,
                )
            running.append(
                OutletProcess(outlet, run_id, process, log_path, time.monotonic() + timeout)
            )
        now = time.monotonic()
        for proc in list(running):
            code = proc.process.poll()
            if code is not None:
                running.remove(proc)
                _close_run(repo, proc, code)
            elif proc.terminated_at is None and now > proc.deadline:
                _stop(proc, signal.SIGTERM)
                proc.terminated_at = now
                repo.fail_if_running(proc.run_id, f"killed after the {timeout:.0f}s time limit")
            elif proc.terminated_at is not None and now > proc.terminated_at + KILL_GRACE_SECONDS:
                _stop(proc, signal.SIGKILL)
        if on_progress is not None:
            on_progress([r for r in (repo.get_run(i) for i in run_ids) if r is not None])
        if running:
            time.sleep(POLL_SECONDS)
    return [r for r in (repo.get_run(i) for i in run_ids) if r is not None]


def _close_run(repo: Repository, proc: OutletProcess, code: int) -> None:
    """A crawl process ended: fail its run if it did not close it itself."""
    if code == 0:
        reason = "crawl process ended without recording its result"
    else:
        tail = _log_tail(proc.log_path)
        reason = f"crawl process exited with code {code}" + (f": {tail}" if tail else "")
    repo.fail_if_running(proc.run_id, reason)


def _log_tail(path: Path) -> str:
    """The last meaningful line of a crawl log, for a one-line failure reason."""
    try:
        lines = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    for line in reversed(lines):
        if line.strip():
            return line.strip()[:300]
    return ""
