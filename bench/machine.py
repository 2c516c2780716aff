"""The machine a benchmark ran on: figures mean little without it."""

from __future__ import annotations

import os
import platform
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path


@dataclass(frozen=True)
class Machine:
    date: str
    cpus: int
    cpu_model: str
    memory_gib: float
    python: str
    libraries: str
    load: float = 0.0  # 1-minute load average when the run began: other work skews figures

    def headline(self) -> str:
        """One line for a results heading."""
        return (
            f"{self.date}: {self.cpus} CPUs ({self.cpu_model}), {self.memory_gib:.1f} GiB, "
            f"Python {self.python}"
        )

    @staticmethod
    def load_now() -> float:
        return os.getloadavg()[0] if hasattr(os, "getloadavg") else 0.0


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def _memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2
    except OSError:
        pass
    return 0.0


def describe() -> Machine:
    """This machine, now: what `nproc` sees, memory, CPU model, Python and library versions."""
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    libraries = ", ".join(
        f"{name} {version(name)}" for name in ("scrapy", "trafilatura", "lxml", "sqlalchemy")
    )
    return Machine(
        date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        cpus=cpus or 1,
        cpu_model=_cpu_model(),
        memory_gib=_memory_gib(),
        python=platform.python_version(),
        libraries=f"{libraries}, SQLite {sqlite3.sqlite_version}",
        load=Machine.load_now(),
    )
