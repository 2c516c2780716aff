"""The main job: one cycle of crawling the outlets, then exporting what is new.

Used by `asnwatch crawl`, `asnwatch run`, `asnwatch demo` and the daemon's
cycle processes, so that all of them record cycles and runs the same way.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from crawler.config.model import Config
from crawler.export import ExportResult, Format, export
from crawler.ops.runner import CrawlOptions, run_outlets
from crawler.ops.runstats_model import RunStats
from storage.db import DatabaseError, error_reason
from storage.repository import Repository, RunRow


@dataclass
class CycleResult:
    cycle_id: int
    runs: list[RunRow]
    export: ExportResult | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def status(self) -> str:
        """ok; interrupted (stopped on purpose, nothing failed); failed (all); else partial."""
        ended = [r for r in self.runs if r.status != "interrupted"]
        failed = [r for r in ended if r.status != "ok"]
        if len(ended) < len(self.runs) and not failed:
            return "interrupted"
        if not failed and not self.problems:
            return "ok"
        return "failed" if len(failed) == len(ended) else "partial"


def run_cycle(
    config: Config,
    repo: Repository,
    options: CrawlOptions,
    *,
    outlets: Sequence[str] | None = None,
    export_to: Path | None = None,
    export_format: Format | None = None,
    trigger: str = "manual",
    with_export: bool = True,
    on_progress: Callable[[list[RunRow]], None] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> CycleResult:
    """Crawl (all or the named outlets), then export new stories; record it all."""
    names = list(outlets) if outlets else list(config.outlets)
    cycle_id = repo.start_cycle(trigger)
    result = CycleResult(cycle_id=cycle_id, runs=[])
    try:
        result.runs = run_outlets(
            config,
            repo,
            names,
            options,
            cycle_id=cycle_id,
            on_progress=on_progress,
            should_stop=should_stop,
        )
        if with_export and not should_stop():
            result.export = export(
                repo,
                export_to or config.export.dir,
                export_format or config.export.format,
                incomplete_attempts=config.crawl.incomplete_story_attempts,
            )
    except Exception as exc:
        result.problems.append(f"{type(exc).__name__}: {exc}")
        raise
    finally:
        try:
            repo.close_cycle(cycle_id, result.status, summarize_cycle(result))
        except SQLAlchemyError as exc:
            # Most likely the outage that ended the cycle: say so in one line (the
            # next cycle's runner closes the runs left open; see close_stale_runs).
            reason = error_reason(exc)
            raise DatabaseError(f"cannot record the end of cycle {cycle_id}: {reason}") from exc
    return result


def summarize_cycle(result: CycleResult) -> dict[str, object]:
    """The cycle's counts, per outlet and in total, as stored in `cycles.summary`."""
    outlets = {run.outlet: _outlet_summary(run) for run in result.runs}
    summary: dict[str, object] = {"outlets": outlets, "problems": result.problems}
    if result.export is not None:
        summary["exported"] = result.export.stories
        summary["export_folder"] = str(result.export.folder)
    return summary


def _outlet_summary(run: RunRow) -> dict[str, object]:
    """One outlet's entry in `cycles.summary["outlets"]`."""
    stats = RunStats.from_row(run.stats)
    return {
        "status": run.status,
        "stored": stats.stored,
        "duplicates": stats.duplicates,
        "fetched": stats.fetched,
        "failures": stats.extraction_failed,
        "http_errors": stats.http_errors,
        "error": run.error,
    }
