"""The fault-injection suite: a table of cases and outcomes at the end of the run.

Each test's docstring first line is its case ("what goes wrong: what must
happen"). The table is printed after the run; `make faults` also writes it to
docs/fault-suite.md (linked from the README).
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
TABLE_FILE = HERE.parents[1] / "docs" / "fault-suite.md"
WRITE_ENV = "ASNWATCH_WRITE_FAULT_TABLE"

_outcomes: dict[str, tuple[str, str, str]] = {}


def _case(item: pytest.Item) -> str:
    doc = getattr(getattr(item, "function", None), "__doc__", None) or item.name
    first = doc.strip().splitlines()[0].strip()
    params = getattr(item, "callspec", None)
    return f"{first} [{params.id}]" if params is not None else first


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    outcome = yield
    report = outcome.get_result()
    if not str(item.path).startswith(str(HERE)):
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        group = Path(item.path).stem.removeprefix("test_")
        _outcomes[item.nodeid] = (group, _case(item), report.outcome)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    if not _outcomes:
        return
    lines = ["| group | case | outcome |", "|---|---|---|"]
    lines += [f"| {g} | {c} | {o} |" for g, c, o in _outcomes.values()]
    terminalreporter.write_sep("=", "fault-injection suite")
    for line in lines:
        terminalreporter.write_line(line)
    if os.environ.get(WRITE_ENV):
        passed = sum(outcome == "passed" for _g, _c, outcome in _outcomes.values())
        TABLE_FILE.write_text(
            "# Fault-injection suite\n\nWritten by `make faults` (tests/faults/): each case "
            "drives a real crawl, database or export against the local replica configured "
            f"to misbehave. Last run: {date.today().isoformat()}, {len(_outcomes)} cases, "
            f"{passed} passed.\n\n" + "\n".join(lines) + "\n",
            encoding="utf-8",
        )
