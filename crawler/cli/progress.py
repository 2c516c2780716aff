"""Progress of a crawl cycle: a live line per outlet on a terminal, log lines otherwise."""

from __future__ import annotations

import sys
from typing import TextIO

from crawler.ops.runstats_model import RunStats
from storage.repository import RunRow


class ProgressPrinter:
    """Shows each outlet's counts while the crawl runs.

    On a terminal the lines are redrawn in place; elsewhere (CI, cron, a log
    file) one plain line is printed per outlet when it finishes, so logs stay
    readable.
    """

    def __init__(self, outlets: list[str], stream: TextIO | None = None) -> None:
        self.outlets = outlets
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self._drawn = 0
        self._reported: set[int] = set()

    @staticmethod
    def line(run: RunRow) -> str:
        s = RunStats.from_row(run.stats)
        return (
            f"{run.outlet:<18} {run.status:<12} requests {s.requests:>4}  "
            f"articles {s.fetched:>4}  stored {s.stored:>3}  "
            f"duplicates {s.duplicates:>3}  failed {s.extraction_failed:>3}"
        )

    def update(self, runs: list[RunRow]) -> None:
        if self.live:
            if self._drawn:
                self.stream.write(f"\x1b[{self._drawn}F")
            for run in runs:
                self.stream.write("\x1b[2K" + self.line(run) + "\n")
            self._drawn = len(runs)
            self.stream.flush()
            return
        for run in runs:
            if run.status != "running" and run.id not in self._reported:
                self._reported.add(run.id)
                self.stream.write(self.line(run) + "\n")
                self.stream.flush()

    def finish(self) -> None:
        self.stream.flush()
