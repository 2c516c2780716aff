"""Memory figures of a process from Linux's /proc/<pid>/status.

Read by the crawl's run statistics (its own peak) and by the benchmarks
(their subprocesses' peaks and the daemon's resident size). VmHWM is the peak
since the process started its program; getrusage's ru_maxrss is not (Linux
carries the pre-exec peak, its parent's, across fork and exec).
"""

from __future__ import annotations

from pathlib import Path


def status_field_kib(status: Path, key: str) -> int | None:
    """A ``kB`` field (VmRSS, VmHWM) of a /proc status file; None if absent or unreadable."""
    try:
        for line in status.read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        return None
    return None


def status_kib(pid: int | str, key: str) -> int | None:
    """A ``kB`` field of /proc/<pid>/status ("self" for this process); None if it is gone."""
    return status_field_kib(Path(f"/proc/{pid}/status"), key)
