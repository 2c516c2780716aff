"""Run statistics: the typed counts, how a run is judged, and a peak memory that is its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crawler.crawl.runstats import judge, peak_rss_mb
from crawler.ops.runstats_model import RunStats
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


# ---- the typed counts -------------------------------------------------------------------------

SCRAPY = {
    "downloader/request_count": 12,
    "downloader/response_status_count/200": 9,
    "downloader/response_status_count/304": 1,
    "robotstxt/response_status_count/200": 1,
    "asnwatch/discovery/robots_txt": 1,
    "asnwatch/articles/stored": 4,
    "asnwatch/articles/duplicates": 2,
    "asnwatch/pages/charset_wrong": 1,
    "asnwatch/pages/invalid_bytes": 2,
    "asnwatch/peak_rss_mb": 90,
    "asnwatch/note": "not a count",
    "log_count/INFO": 40,
}


def test_counts_from_scrapy_stats_sum_their_keys_and_keep_asnwatch_details() -> None:
    stats = RunStats.from_scrapy(SCRAPY)
    assert (stats.requests, stats.stored, stats.duplicates) == (12, 4, 2)
    assert stats.robots_txt_ok == 2 and stats.pages_ok == 7
    assert stats.pages_repaired == 3
    assert stats.fetched == 0
    assert stats.detail == {
        "discovery/robots_txt": 1,
        "articles/stored": 4,
        "articles/duplicates": 2,
        "pages/charset_wrong": 1,
        "pages/invalid_bytes": 2,
        "peak_rss_mb": 90,
    }


def test_the_stored_json_keeps_its_shape_and_reads_back() -> None:
    stats = RunStats.from_scrapy(SCRAPY)
    stored = stats.as_dict()
    assert list(stored) == [*RunStats.count_names(), "detail"]
    assert "stored" in stored and "responses_ok" in stored
    assert RunStats.from_row(json.loads(json.dumps(stored))) == stats


def test_a_row_with_missing_or_unknown_counts_reads_as_zeros() -> None:
    assert RunStats.from_row({}) == RunStats.from_row(None) == RunStats()
    stats = RunStats.from_row({"stored": 3, "no_such_count": 9})
    assert stats.stored == 3 and stats.fetched == 0 and stats.detail == {}


def test_runs_add_up_to_a_cycle() -> None:
    one = RunStats(stored=2, duplicates=1, detail={"peak_rss_mb": 80, "retries": 1})
    two = RunStats(stored=3, fetched=5, detail={"peak_rss_mb": 95, "retries": 2})
    total = RunStats.total([one, two])
    assert (total.stored, total.duplicates, total.fetched) == (5, 1, 5)
    assert total.detail == {"peak_rss_mb": 95, "retries": 3}
    assert one + RunStats() == one
    assert RunStats.total([]) == RunStats()


def test_a_run_is_judged_by_its_counts() -> None:
    ok = RunStats.from_scrapy(SCRAPY)
    assert judge(ok, "finished") == ("ok", None)
    assert judge(ok, "shutdown") == ("failed", "crawl closed early: shutdown")
    robots_only = RunStats(responses_ok=1, robots_txt_ok=1, robots_forbidden=4)
    status, error = judge(robots_only, "finished")
    assert status == "failed" and error is not None and "(4 refused)" in error
    status, error = judge(RunStats(http_errors=2, fetch_errors=1), "finished")
    assert error == "outlet unreachable: no page fetched (3 errors)"
    assert judge(RunStats(not_modified=2), "finished") == ("ok", None)
