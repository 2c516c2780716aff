"""`asnwatch status`: last cycles, each outlet's recent runs and health.

Health flags an outlet whose recent runs found nothing where earlier runs
found stories: the usual sign that a site changed its layout or URLs and its
config needs repair (`asnwatch check OUTLET`). Below an outlet's line, a
warning for each of its configured selectors that matched none of the article
pages of its last run (`crawler.content.selectors`): its template changed, and
generic extraction stood in.
"""

from __future__ import annotations

from datetime import UTC, datetime

from crawler.config.model import Config, OutletConfig
from crawler.content import selectors
from crawler.ops.runstats_model import RunStats
from storage.db import redact_url
from storage.repository import CycleRow, Repository, RunRow

HEALTH_WINDOW = 3  # recent runs that must all have found nothing
HISTORY = 20


def outlet_health(runs: list[RunRow]) -> str:
    """ok | failing | layout may have changed | no runs yet, from newest-first runs."""
    if not runs:
        return "no runs yet"
    if runs[0].status != "ok":
        return f"failing: {runs[0].error or runs[0].status}"
    stats = [RunStats.from_row(run.stats) for run in runs]
    recent, older = stats[:HEALTH_WINDOW], stats[HEALTH_WINDOW:]
    found_before = any(s.discovered or s.stored for s in older)
    found_now = any(s.discovered or s.already_seen or s.not_modified for s in recent)
    if len(recent) == HEALTH_WINDOW and found_before and not found_now:
        return "layout may have changed: recent runs found no article links"
    return "ok"


def selector_warnings(outlet: OutletConfig, runs: list[RunRow]) -> list[str]:
    """Configured selectors that matched 0 of N>0 pages in the last run (newest first).

    A run written before selectors were counted reads as not counted: no warning.
    """
    if not runs:
        return []
    configured = selectors.configured(outlet.extraction, outlet.article_pages.pager_xpath)
    hits = RunStats.from_row(runs[0].stats).selectors
    return [
        warning
        for name, count in hits.ordered()
        if name in configured and (warning := count.warning(name)) is not None
    ]


def next_cycle_line(config: Config, repo: Repository, now: datetime | None = None) -> str:
    """When the daemon runs its next cycle, by the same rule it uses itself."""
    from crawler.ops.schedule import TRIGGER, schedule_due

    now = now or datetime.now(UTC)
    running = repo.running_cycles(TRIGGER)
    if running:
        since = running[-1].started_at
        return f"scheduled cycle #{running[-1].id} running since {since:%Y-%m-%d %H:%M:%S} UTC"
    last = repo.last_cycle(TRIGGER)
    due = schedule_due(config.schedule, last.started_at if last else None, now)
    if due is None or due <= now:
        when = "as soon as the daemon runs"
    else:
        when = f"{due:%Y-%m-%d %H:%M:%S} UTC"
    jitter = config.schedule.jitter_seconds
    return f"next scheduled cycle: {when}" + (f" (+ up to {jitter} s jitter)" if jitter else "")


def cycle_lines(cycle: CycleRow) -> list[str]:
    """A cycle's counts on one line, then its failed outlets and problems."""
    outlets = cycle.summary.get("outlets") or {}
    new = sum(o.get("stored", 0) for o in outlets.values())
    duplicates = sum(o.get("duplicates", 0) for o in outlets.values())
    failed = {name: o for name, o in outlets.items() if o.get("status") != "ok"}
    lines = [
        f"  #{cycle.id} {cycle.started_at:%Y-%m-%d %H:%M} {cycle.trigger:<8} {cycle.status:<8}"
        f" new {new}  dupl {duplicates}  exported {cycle.summary.get('exported', '-')}"
        f"  outlets ok {len(outlets) - len(failed)}/{len(outlets)}"
    ]
    lines += [f"      ! {name}: {o.get('error') or o.get('status')}" for name, o in failed.items()]
    lines += [f"      ! {problem}" for problem in cycle.summary.get("problems") or []]
    return lines


def render(config: Config, repo: Repository) -> str:
    lines = [f"database: {redact_url(config.database.url)}"]
    lines.append(next_cycle_line(config, repo))
    cycles = repo.recent_cycles(5)
    lines.append("")
    lines.append("last cycles:")
    if not cycles:
        lines.append("  none yet")
    for cycle in cycles:
        lines += cycle_lines(cycle)
    counts = repo.outlet_counts()
    lines.append("")
    lines.append(f"{'outlet':<18}{'stories':>8}{'dupl':>6}  last run            health")
    for name in config.outlets:
        runs = repo.recent_runs(name, HISTORY)
        last = f"{runs[0].started_at:%Y-%m-%d %H:%M} {runs[0].status}" if runs else "-"
        c = counts.get(name, {"stories": 0, "duplicates": 0})
        lines.append(
            f"{name:<18}{c['stories']:>8}{c['duplicates']:>6}  {last:<20}{outlet_health(runs)}"
        )
        outlet = config.outlets[name]
        lines += [f"      ! {warning}" for warning in selector_warnings(outlet, runs)]
    return "\n".join(lines)
