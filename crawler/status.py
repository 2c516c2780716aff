"""`asnwatch status`: last cycles, each outlet's recent runs and health.

Health flags an outlet whose recent runs found nothing where earlier runs
found stories: the usual sign that a site changed its layout or URLs and its
config needs repair (`asnwatch check OUTLET`).
"""

from __future__ import annotations

from datetime import timedelta

from crawler.config import Config
from storage.db import redact_url
from storage.repository import Repository, RunRow

HEALTH_WINDOW = 3  # recent runs that must all have found nothing
HISTORY = 20


def outlet_health(runs: list[RunRow]) -> str:
    """ok | failing | layout may have changed | no runs yet, from newest-first runs."""
    if not runs:
        return "no runs yet"
    if runs[0].status != "ok":
        return f"failing: {runs[0].error or runs[0].status}"
    recent, older = runs[:HEALTH_WINDOW], runs[HEALTH_WINDOW:]
    found_before = any(r.stats.get("discovered", 0) or r.stats.get("stored", 0) for r in older)
    found_now = any(
        r.stats.get("discovered", 0)
        or r.stats.get("already_seen", 0)
        or r.stats.get("not_modified", 0)
        for r in recent
    )
    if len(recent) == HEALTH_WINDOW and found_before and not found_now:
        return "layout may have changed: recent runs found no article links"
    return "ok"


def render(config: Config, repo: Repository) -> str:
    lines = [f"database: {redact_url(config.database.url)}"]
    cycles = repo.recent_cycles(5)
    if cycles and config.schedule.cron is None and config.schedule.interval_minutes:
        due = cycles[0].started_at + timedelta(minutes=config.schedule.interval_minutes)
        lines.append(f"next scheduled cycle (if the daemon runs): {due:%Y-%m-%d %H:%M} UTC")
    lines.append("")
    lines.append("last cycles:")
    if not cycles:
        lines.append("  none yet")
    for cycle in cycles:
        exported = cycle.summary.get("exported", "-")
        lines.append(
            f"  #{cycle.id} {cycle.started_at:%Y-%m-%d %H:%M} {cycle.trigger:<8} "
            f"{cycle.status:<8} exported {exported}"
        )
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
    return "\n".join(lines)
