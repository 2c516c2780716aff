"""Crawl logs are pruned by age, and nothing but run logs is ever deleted."""

from __future__ import annotations

import os
from pathlib import Path

from crawler.ops.runlogs import prune_run_logs, run_log_path

DAY = 86_400
NOW = 1_800_000_000.0


def _file(path: Path, age_days: float) -> Path:
    path.write_text("log\n")
    os.utime(path, (NOW - age_days * DAY, NOW - age_days * DAY))
    return path


def test_run_logs_older_than_the_limit_go_and_newer_ones_stay(tmp_path: Path) -> None:
    old = _file(run_log_path(tmp_path, 1, "neraca"), 31)
    new = _file(run_log_path(tmp_path, 2, "nyaringindonesia"), 29)
    assert prune_run_logs(tmp_path, 30, now=NOW) == 1
    assert not old.exists() and new.exists()


def test_other_files_in_the_folder_are_never_touched(tmp_path: Path) -> None:
    kept = [
        _file(tmp_path / "daemon.log", 400),
        _file(tmp_path / "run-notes.txt", 400),
        _file(tmp_path / "run-1-neraca.log.gz", 400),
    ]
    assert prune_run_logs(tmp_path, 30, now=NOW) == 0
    assert all(path.exists() for path in kept)


def test_zero_days_keeps_every_log(tmp_path: Path) -> None:
    old = _file(run_log_path(tmp_path, 1, "sahabat"), 1000)
    assert prune_run_logs(tmp_path, 0, now=NOW) == 0
    assert old.exists()


def test_a_missing_folder_is_nothing_to_prune(tmp_path: Path) -> None:
    assert prune_run_logs(tmp_path / "absent", 30, now=NOW) == 0
