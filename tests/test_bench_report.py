"""bench/results.md keeps every run, newest first (bench/report.py)."""

from __future__ import annotations

from pathlib import Path

from bench.machine import Machine
from bench.report import RUNS_MARKER, Report, Section, prepend_run, to_markdown


def _run(label: str) -> str:
    machine = Machine("2026-01-01 00:00 UTC", 2, "Test CPU", 4.0, "3.11.0", "libs")
    section = Section("5. Export")
    section.add("txt", label, "")
    return to_markdown(Report(machine, "python -m bench.run", 60.0, [section]))


def test_first_run_creates_the_file_with_its_introduction(tmp_path: Path) -> None:
    path = tmp_path / "results.md"
    prepend_run(path, _run("first figure"))
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Benchmark results")
    assert text.index(RUNS_MARKER) < text.index("first figure")


def test_a_new_run_goes_on_top_and_the_older_ones_stay(tmp_path: Path) -> None:
    path = tmp_path / "results.md"
    prepend_run(path, _run("older figure"))
    prepend_run(path, _run("newer figure"))
    text = path.read_text(encoding="utf-8")
    assert text.index("newer figure") < text.index("older figure")
    assert text.count("# Benchmark results") == 1
    assert text.count("## 2026-01-01") == 2


def test_a_file_without_the_marker_is_kept_below_the_runs(tmp_path: Path) -> None:
    path = tmp_path / "results.md"
    path.write_text("hand-written notes\n", encoding="utf-8")
    prepend_run(path, _run("a figure"))
    text = path.read_text(encoding="utf-8")
    assert text.index("a figure") < text.index("hand-written notes")
