"""Benchmark figures as a printed table and as a section of bench/results.md.

results.md keeps every run: the newest is inserted above the older ones (below
the file's introduction), so the trend is visible by reading down.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from bench.machine import Machine

RUNS_MARKER = "<!-- runs: newest first; `python -m bench.run` inserts each new run below -->"
INTRODUCTION = f"""# Benchmark results

`make bench` (`python -m bench.run`, see `--help`) measures how the crawler's cost
grows with its work on the machine it runs on, against a synthetic local replica
(`replica/synthetic.py`, pages padded to 60-150 KB by `replica/theme.py`). The
figures are measurements, never assertions; targets are from the issue
"Benchmarks". Each run is added on top, older runs are kept below.

{RUNS_MARKER}
"""


@dataclass
class Row:
    measure: str
    figure: str
    target: str = ""


@dataclass
class Section:
    title: str
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, measure: str, figure: str, target: str = "") -> None:
        self.rows.append(Row(measure, figure, target))


@dataclass
class Report:
    machine: Machine
    command: str
    seconds: float
    sections: list[Section] = field(default_factory=list)
    load_after: float = 0.0


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def to_markdown(report: Report) -> str:
    """One run as a results.md section."""
    minutes = report.seconds / 60
    lines = [
        f"## {report.machine.headline()}",
        "",
        f"`{report.command}`, {minutes:.1f} min in all. {report.machine.libraries}. "
        f"Load average {report.machine.load:.1f} at the start, {report.load_after:.1f} at the end.",
        "",
    ]
    for section in report.sections:
        lines += [f"### {section.title}", "", "| measure | figure | target |", "|---|---|---|"]
        lines += [
            f"| {_escape(r.measure)} | {_escape(r.figure)} | {_escape(r.target)} |"
            for r in section.rows
        ]
        lines += [""] + [f"- {note}" for note in section.notes] + ([""] if section.notes else [])
    return "\n".join(lines).rstrip() + "\n"


def to_text(report: Report) -> str:
    """One run as a plain table for the terminal."""
    width = max(
        (len(r.measure) for s in report.sections for r in s.rows),
        default=20,
    )
    lines = [
        report.machine.headline(),
        report.machine.libraries,
        f"load average {report.machine.load:.1f} at the start, {report.load_after:.1f} at the end",
        "",
    ]
    for section in report.sections:
        lines.append(section.title)
        for row in section.rows:
            target = f"   [target: {row.target}]" if row.target else ""
            lines.append(f"  {row.measure:<{width}}  {row.figure}{target}")
        lines += [f"  * {note}" for note in section.notes]
        lines.append("")
    lines.append(f"Total: {report.seconds / 60:.1f} min")
    return "\n".join(lines)


def prepend_run(path: Path, run_markdown: str) -> None:
    """Insert a run above the previous ones; create the file (with its introduction) if needed."""
    existing = path.read_text(encoding="utf-8") if path.exists() else INTRODUCTION
    if RUNS_MARKER not in existing:
        existing = INTRODUCTION + "\n" + existing
    head, _, older = existing.partition(RUNS_MARKER)
    older = older.strip("\n")
    text = f"{head}{RUNS_MARKER}\n\n{run_markdown.rstrip()}\n"
    if older:
        text += f"\n{older}\n"
    path.write_text(text, encoding="utf-8")
