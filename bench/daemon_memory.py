"""Daemon memory: the resident size of `asnwatch daemon` over many scheduled cycles.

The daemon runs as its own process against a benchmark world's replica and
database, on a schedule of a few seconds (cycles then run back to back); a
few new articles are published every few cycles so that cycles do some work.
Its RSS is read after every cycle; the cycle and crawl processes it starts
are sampled too.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bench.crawl_cost import publish_new_articles
from bench.procmem import DescendantPeaks, status_kib
from bench.world import ROOT, World
from crawler.ops.processes import child_env

TRIGGER = "schedule"
NEW_EVERY = 3  # cycles between two batches of new articles
NEW_PER_BATCH = 2


@dataclass
class DaemonMemory:
    mode: str  # what ran the cycles: "daemon"
    cycles: int
    seconds: float
    rss_mib: list[float] = field(default_factory=list)  # after each cycle
    cycle_process_peak_mib: float = 0.0
    crawl_process_peak_mib: float = 0.0
    failed_cycles: int = 0
    note: str = ""


def daemon_config(world: World) -> Path:
    """The world's config with a schedule of seconds and a daemon log file."""
    data = yaml.safe_load(world.config_path.read_text(encoding="utf-8"))
    data["schedule"] = {
        "interval_minutes": 0.05,
        "jitter_seconds": 0,
        "cycle_timeout_minutes": 10,
        "stop_timeout_seconds": 30,
    }
    data["logging"] = {**(data.get("logging") or {}), "file": str(world.directory / "daemon.log")}
    path = world.directory / "daemon-config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def measure(world: World, cycles: int = 30, limit_seconds: float = 1800) -> DaemonMemory:
    """Run the daemon until it has finished `cycles` cycles; its RSS after each one."""
    config_path = daemon_config(world)
    baseline = world.repo.latest_cycle_id()
    command = [sys.executable, "-m", "crawler.cli.main", "--config", str(config_path), "daemon"]
    log = (world.directory / "daemon-stdout.log").open("wb")
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=child_env(),
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )
    result = DaemonMemory("daemon", 0, 0.0)
    try:
        with DescendantPeaks(root=process.pid, interval=0.2) as peaks:
            seen = 0
            while seen < cycles and time.perf_counter() - started < limit_seconds:
                if process.poll() is not None:
                    result.note = f"the daemon exited early with code {process.returncode}"
                    break
                done = [
                    c for c in world.repo.cycles_after(baseline, TRIGGER) if c.status != "running"
                ]
                for cycle in done[seen:]:
                    seen += 1
                    rss = status_kib(process.pid, "VmRSS") or 0
                    result.rss_mib.append(rss / 1024)
                    result.failed_cycles += cycle.status != "ok"
                    if seen % NEW_EVERY == 0:
                        publish_new_articles(world, NEW_PER_BATCH, seed=seen)
                time.sleep(0.3)
            result.cycles = seen
        result.cycle_process_peak_mib = max(
            (p.hwm_kib / 1024 for p in peaks.matching(" run --trigger")), default=0.0
        )
        result.crawl_process_peak_mib = max(
            (p.hwm_kib / 1024 for p in peaks.matching("scrapy crawl")), default=0.0
        )
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, signal.SIGKILL)
                process.wait()
        log.close()
    result.seconds = time.perf_counter() - started
    return result
