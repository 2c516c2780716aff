"""The daemon's logging: the rotating log file, and one line per cycle and per outlet.

An operator reads the daemon through its log for months: each cycle ends with
a line of its counts, then a line per outlet, and the libraries' own chatter
(APScheduler, Alembic) is kept to warnings.
"""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from crawler.config.model import Config
from crawler.ops.runstats_model import RunStats
from storage.repository import CycleRow, Repository

logger = logging.getLogger(__name__)

LOG_FILE_BYTES = 10_000_000
LOG_FILE_BACKUPS = 5


def seconds(value: float) -> str:
    """A duration for the log: 2.0 s, 45 s, 20 min, 6 h."""
    if value < 10:
        return f"{value:.1f} s"
    if value < 120:
        return f"{value:.0f} s"
    return f"{value / 60:.0f} min" if value < 7200 else f"{value / 3600:.0f} h"


def log_tail(path: Path, lines: int = 3, limit: int = 500) -> str:
    """The last lines of a process's output file, on one line of at most `limit` characters."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace").strip().splitlines()
    except OSError:
        return ""
    return " | ".join(line.strip() for line in text[-lines:] if line.strip())[:limit]


class _NoSkipWarning(logging.Filter):
    """APScheduler's own line for a skipped run; CycleSupervisor.on_skipped logs a clearer one."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "maximum number of running instances" not in str(record.msg)


def configure_logging(config: Config) -> None:
    """Add the rotating log file (`logging.file`, relative to the config) and quiet libraries."""
    root = logging.getLogger()
    if config.logging.file is not None:
        path = config.logging.file.expanduser()
        if not path.is_absolute():
            path = Path(config.source).resolve().parent / path
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=LOG_FILE_BYTES, backupCount=LOG_FILE_BACKUPS, encoding="utf-8"
        )
        if root.handlers:
            handler.setFormatter(root.handlers[0].formatter)
        root.addHandler(handler)
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    logging.getLogger("apscheduler.scheduler").addFilter(_NoSkipWarning())
    logging.getLogger("alembic").setLevel(logging.WARNING)


def report_cycle(repo: Repository, cycle: CycleRow, elapsed: float) -> None:
    """One line for the cycle, one per outlet, with the counts."""
    runs = repo.runs_of_cycle(cycle.id)
    stats = {run.id: RunStats.from_row(run.stats) for run in runs}
    total = RunStats.total(stats.values())
    ok = sum(r.status == "ok" for r in runs)
    problems = cycle.summary.get("problems") or []
    log = logger.info if cycle.status == "ok" else logger.warning
    log(
        "cycle %s %s in %s: %s new, %s duplicates, %s exported, %s of %s outlets ok%s",
        cycle.id,
        cycle.status,
        seconds(elapsed),
        total.stored,
        total.duplicates,
        cycle.summary.get("exported", 0),
        ok,
        len(runs),
        f"; {'; '.join(problems)}" if problems else "",
    )
    for run in runs:
        s = stats[run.id]
        (logger.info if run.status == "ok" else logger.warning)(
            "cycle %s outlet %s %s: %s fetched, %s new, %s duplicates, "
            "%s extraction failures, %s HTTP errors%s",
            cycle.id,
            run.outlet,
            run.status,
            s.fetched,
            s.stored,
            s.duplicates,
            s.extraction_failed,
            s.http_errors,
            f" ({run.error})" if run.error else "",
        )
