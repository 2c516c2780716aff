"""Resident memory of processes, read from /proc (Linux).

A crawl runs as `scrapy crawl` subprocesses, so the memory that matters is
theirs, not the benchmark's. `DescendantPeaks` polls the kernel's high-water
mark (VmHWM) of every descendant while they run: VmHWM only grows, so the last
reading before a process exits is its peak, give or take the last interval.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

from crawler.ops.procstatus import status_kib


def children(pid: int) -> list[int]:
    """Direct children of `pid` (every thread's), from /proc/<pid>/task/*/children."""
    found: list[int] = []
    try:
        tasks = os.listdir(f"/proc/{pid}/task")
    except OSError:
        return found
    for task in tasks:
        try:
            text = Path(f"/proc/{pid}/task/{task}/children").read_text()
        except OSError:
            continue
        found.extend(int(p) for p in text.split())
    return found


def descendants(pid: int) -> list[int]:
    """Every process below `pid`, children first."""
    result: list[int] = []
    queue = children(pid)
    while queue:
        child = queue.pop(0)
        result.append(child)
        queue.extend(children(child))
    return result


def command_line(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return " ".join(part.decode(errors="replace") for part in raw.split(b"\0") if part)


@dataclass
class Peak:
    pid: int
    command: str
    hwm_kib: int


@dataclass
class DescendantPeaks:
    """Polls the peak RSS of every descendant of `root` (default: this process)."""

    root: int = field(default_factory=os.getpid)
    interval: float = 0.1
    peaks: dict[int, Peak] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._poll, name="rss-poll", daemon=True)

    def _poll(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self.interval)

    def sample(self) -> None:
        for pid in descendants(self.root):
            command = command_line(pid)
            hwm = status_kib(pid, "VmHWM")
            if hwm is None or not command:
                continue
            known = self.peaks.get(pid)
            # Between fork and exec a child still shows its parent's command line and
            # memory; after exec both are its own, and VmHWM starts afresh.
            if known is None or known.command != command:
                self.peaks[pid] = Peak(pid, command, hwm)
            elif hwm > known.hwm_kib:
                known.hwm_kib = hwm

    def __enter__(self) -> DescendantPeaks:
        self._thread.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._stop.set()
        self._thread.join()

    def matching(self, needle: str) -> list[Peak]:
        """Peaks of the processes whose command line contains `needle`."""
        return [p for p in self.peaks.values() if needle in p.command]
