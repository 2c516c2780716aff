"""What the command line prints of a finished cycle: one screen, one row per outlet."""

from __future__ import annotations

import sys
from typing import TextIO

from crawler.ops.cycle import CycleResult
from crawler.ops.runstats_model import RunStats


def print_cycle(result: CycleResult, out: TextIO = sys.stdout) -> None:
    """The one-screen summary of a cycle."""
    print(f"Cycle {result.cycle_id}: {result.status}", file=out)
    print(f"  {'outlet':<18}{'status':<8}{'new':>5}{'dupl':>6}{'fail':>6}{'fetched':>9}", file=out)
    for run in result.runs:
        s = RunStats.from_row(run.stats)
        print(
            f"  {run.outlet:<18}{run.status:<8}{s.stored:>5}{s.duplicates:>6}"
            f"{s.extraction_failed:>6}{s.fetched:>9}",
            file=out,
        )
        if run.error:
            print(f"    ! {run.error}", file=out)
    if result.export is not None:
        print(f"Exported {result.export.stories} new stories to {result.export.folder}", file=out)
