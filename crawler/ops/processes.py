"""Signals and processes: stopping cleanly, and finding processes a cycle left behind.

A cycle and its crawls run in sessions of their own (so a signal to the
daemon's group does not reach them twice); these helpers are how the daemon
and `asnwatch run` stop them, and find them again after a crash.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

EXIT_STOPPED = 143  # 128 + SIGTERM: a cycle process that was told to stop


class StopSignal:
    """SIGTERM/SIGINT (and for a cycle process, its daemon's death) as a flag to poll.

    Handlers only set the flag; the work in progress checks it at safe points
    (the runner then terminates its crawls, which close their runs), so no
    signal interrupts a database write or an export file half way.
    """

    def __init__(self) -> None:
        self._event = threading.Event()
        self.reason: str | None = None
        self.received_at: float | None = None  # time.monotonic() of the first request
        self.count = 0

    def install(self) -> StopSignal:
        """Handle SIGTERM and SIGINT from now on (call from the main thread)."""
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, self._handle)
        return self

    def _handle(self, signum: int, frame: FrameType | None) -> None:
        self.request(signal.Signals(signum).name)

    def request(self, reason: str) -> None:
        self.count += 1
        if not self._event.is_set():
            self.reason = reason
            self.received_at = time.monotonic()
            self._event.set()

    def __call__(self) -> bool:
        return self._event.is_set()

    @property
    def forced(self) -> bool:
        """A second request: stop without waiting any longer."""
        return self.count > 1

    def wait(self, timeout: float) -> bool:
        return self._event.wait(timeout)

    def watch_parent(self, parent_pid: int, every: float = 1.0) -> None:
        """Stop when the parent process is gone (reparented), e.g. a daemon killed by SIGKILL.

        A cycle runs in its own session, so nothing else would tell it; left
        alone it would finish and could overlap the next daemon's first cycle.
        """

        def watch() -> None:
            while not self._event.wait(every):
                if os.getppid() != parent_pid:
                    self.request("the daemon that started this cycle is gone")
                    return

        threading.Thread(target=watch, name="watch-parent", daemon=True).start()


def _processes() -> Iterator[tuple[int, list[str]]]:
    """(pid, argv) of this machine's live processes; nothing where there is no /proc."""
    proc = Path("/proc")
    if not proc.is_dir():
        return
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            raw = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if raw:  # zombies and kernel threads have none
            yield int(entry.name), raw.decode("utf-8", "replace").rstrip("\0").split("\0")


def crawl_processes(config_path: Path, run_ids: set[int]) -> list[int]:
    """Crawl processes of these runs still alive, found by their `-s NAME=value` settings.

    Run ids are per database, so the config file must match too: another
    installation's crawl (or another test's) with the same run id is left alone.
    """
    config = f"ASNWATCH_CONFIG={config_path}"
    wanted = {f"ASNWATCH_RUN_ID={run_id}" for run_id in run_ids}
    return [pid for pid, argv in _processes() if config in argv and wanted.intersection(argv)]


def cycle_processes(config_path: Path) -> list[int]:
    """Cycle processes a daemon with this config started (found by their command line)."""
    return [
        pid
        for pid, argv in _processes()
        if "crawler.cli.main" in argv and "--parent-pid" in argv and str(config_path) in argv
    ]


def signal_group(pid: int, sig: int) -> None:
    """Signal a process started in its own session, and whatever it started in its group."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.kill(pid, sig)


def child_env(**extra: str) -> dict[str, str]:
    """This environment for a child process, with the project importable from any folder."""
    env = {**os.environ, **extra}
    root = str(Path(__file__).resolve().parents[2])
    env["PYTHONPATH"] = os.pathsep.join(p for p in (root, env.get("PYTHONPATH")) if p)
    return env


def pid_alive(pid: int) -> bool:
    """Whether a process with this pid exists (another user's counts as alive)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
