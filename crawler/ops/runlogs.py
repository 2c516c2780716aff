"""The crawl logs' folder: one file per outlet run, pruned by age.

Every `scrapy crawl` writes `run-<id>-<outlet>.log` (the runner names it) in
`Config.log_dir`, the `logs/` folder of `paths.state_dir` (never beside a config
file that may sit in a read-only folder), five files a cycle: ~44,000 a year at
an hourly schedule. The runner prunes files older than
`logging.keep_run_logs_days` before each batch of crawls, so a deployment does
not need a cron job for it. Only files named like run logs are touched: anything
else an operator keeps in the folder stays.
"""

from __future__ import annotations

import logging
import re
import time
from pathlib import Path

logger = logging.getLogger(__name__)

RUN_LOG = re.compile(r"^run-\d+-[\w-]+\.log$")


def run_log_path(log_dir: Path, run_id: int, outlet: str) -> Path:
    """Where the crawl of `outlet` in run `run_id` writes its log."""
    return log_dir / f"run-{run_id}-{outlet}.log"


def prune_run_logs(log_dir: Path, keep_days: float, *, now: float | None = None) -> int:
    """Delete run logs last written more than `keep_days` ago; how many went.

    `keep_days` 0 keeps every file. A file that vanishes or cannot be removed
    meanwhile is skipped (another cycle may be pruning too): pruning never fails
    a crawl.
    """
    if keep_days <= 0 or not log_dir.is_dir():
        return 0
    cutoff = (time.time() if now is None else now) - keep_days * 86_400
    removed = 0
    for path in log_dir.iterdir():
        if not RUN_LOG.match(path.name):
            continue
        try:
            if path.stat().st_mtime < cutoff:
                path.unlink()
                removed += 1
        except OSError as exc:
            logger.debug("run log not pruned: %s (%s)", path, exc)
    if removed:
        logger.info("pruned %d crawl logs older than %g days from %s", removed, keep_days, log_dir)
    return removed
