"""What the command line prints of a finished cycle: one screen, one row per outlet."""

from __future__ import annotations

import sys
from typing import TextIO

from crawler.ops.cycle import CycleResult
from crawler.ops.runstats_model import RunStats


def print_cycle(result: CycleResult, out: TextIO = sys.stdout) -> None:
    """The one-screen summary of a cycle."""
    print(f"Cycle {result.cycle_id}: {result.status}", file=out)
    print(
        f"  {'outlet':<18} {'status':<12}{'new':>5}{'dupl':>6}{'fail':>6}{'fetched':>9}",
        file=out,
    )
    for run in result.runs:
        s = RunStats.from_row(run.stats)
        # One column per fact: a space after each, whatever the width of the value.
        print(
            f"  {run.outlet:<18} {run.status:<12}{s.stored:>5} {s.duplicates:>5}"
            f" {s.extraction_failed:>5} {s.fetched:>8}",
            file=out,
        )
        if run.error:
            print(f"    ! {run.error}", file=out)
    if result.export is not None:
        print(f"Exported {result.export.stories} new stories to {result.export.folder}", file=out)
