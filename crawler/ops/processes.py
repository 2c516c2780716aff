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
EXIT_INTERRUPTED = 130  # 128 + SIGINT: Ctrl-C at the terminal
#: Seconds a crawl gets to close its run after Ctrl-C before it is killed. Whoever
#: presses Ctrl-C waits at the terminal; a crawl still running after this is only
#: waiting on the network (its writes are single transactions, safe to cut between).
INTERRUPT_GRACE_SECONDS = 1.0


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
    def interrupted(self) -> bool:
        """Stopped by Ctrl-C (SIGINT) rather than by a service manager or a daemon."""
        return self.reason == signal.SIGINT.name

    @property
    def exit_code(self) -> int:
        """The shell's convention: 130 after SIGINT, 143 after SIGTERM or any other stop."""
        return EXIT_INTERRUPTED if self.interrupted else EXIT_STOPPED

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
    """Signal a process started in its own session, and whatever it started in its group.

    Once: the group holds the process itself, and a crawl that gets SIGTERM twice
    closes uncleanly (Scrapy's "Received SIGTERM twice, forcing unclean shutdown",
    docs/library-facts.md). The process alone is signalled only when it has no group
    of its own any more (the group is gone or not ours).
    """
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
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
