"""Run statistics: the peak memory a crawl reports is its own, not its parent's."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.crawl.runstats import peak_rss_mb
from tests.conftest import ROOT

CHILD = "from crawler.crawl.runstats import peak_rss_mb; print(peak_rss_mb())"


def test_peak_rss_reads_vmhwm_from_the_status_file(tmp_path: Path) -> None:
    status = tmp_path / "status"
    status.write_text("Name:\tscrapy\nVmPeak:\t 900000 kB\nVmHWM:\t  262144 kB\nVmRSS:\t 1 kB\n")
    assert peak_rss_mb(status) == 256


def test_peak_rss_without_proc_falls_back_to_getrusage(tmp_path: Path) -> None:
    assert peak_rss_mb(tmp_path / "missing") > 0


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_a_child_started_by_a_big_parent_reports_its_own_peak() -> None:
    ballast = bytearray(600 * 1024**2)  # touched pages: the parent's RSS really grows
    for offset in range(0, len(ballast), 4096):
        ballast[offset] = 1
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run(
        [sys.executable, "-c", CHILD], capture_output=True, text=True, check=True, env=env
    )
    assert peak_rss_mb() >= 600  # the parent's own peak includes the ballast
    assert int(out.stdout) < 300, "the child reported its parent's peak"
    del ballast
