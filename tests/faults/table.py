"""The fault-injection suite's table of cases and outcomes, printed at the end of the run.

Each test's docstring first line is its case ("what goes wrong: what must
happen"). The table is printed after the run; `make faults` also writes it to
docs/fault-suite.md (linked from the README). The hooks are registered by the
root `tests/conftest.py`: under pytest-xdist only the controller prints, and it
loads no conftest below the root, so the cases travel in the reports'
`user_properties`.
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
    """Label a fault case's reports with its group and case (they travel to xdist's controller)."""
    outcome = yield
    report = outcome.get_result()
    if str(item.path).startswith(str(HERE)):
        report.user_properties.append(("fault_group", Path(item.path).stem.removeprefix("test_")))
        report.user_properties.append(("fault_case", _case(item)))


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Collect outcomes where the table is printed: the only process, or xdist's controller."""
    labels = dict(report.user_properties)
    if "fault_case" not in labels:
        return
    if report.when == "call" or (report.when == "setup" and report.outcome != "passed"):
        _outcomes[report.nodeid] = (labels["fault_group"], labels["fault_case"], report.outcome)


def pytest_terminal_summary(terminalreporter, exitstatus, config) -> None:  # type: ignore[no-untyped-def]
    if not _outcomes or hasattr(config, "workerinput"):  # an xdist worker: the controller prints
        return
    rows = [_outcomes[nodeid] for nodeid in sorted(_outcomes)]
    lines = ["| group | case | outcome |", "|---|---|---|"]
    lines += [f"| {g} | {c} | {o} |" for g, c, o in rows]
    terminalreporter.write_sep("=", "fault-injection suite")
    for line in lines:
        terminalreporter.write_line(line)
    if os.environ.get(WRITE_ENV):
        passed = sum(outcome == "passed" for _g, _c, outcome in rows)
        TABLE_FILE.write_text(
            "# Fault-injection suite\n\nWritten by `make faults` (tests/faults/): each case "
            "drives a real crawl, database or export against the local replica configured "
            f"to misbehave. Last run: {date.today().isoformat()}, {len(rows)} cases, "
            f"{passed} passed.\n\n" + "\n".join(lines) + "\n",
            encoding="utf-8",
        )
