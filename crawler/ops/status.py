"""`asnwatch status`: whether a daemon runs, the last cycles, each outlet's runs and health.

The daemon line comes from its heartbeat (`crawler.ops.liveness`): "running on
HOST (pid N)" with its next cycle, or "no daemon running" with when it was
last seen; a next cycle is announced only while a daemon runs to start it.

Health flags an outlet whose last finished run failed, or whose recent runs
found nothing where earlier runs found stories: the usual sign that a site
changed its layout or URLs and its config needs repair (`asnwatch check
OUTLET`). A run still running, or interrupted on purpose (Ctrl-C, SIGTERM),
says nothing about the outlet and is left out. Below an outlet's line, a
warning for each of its configured selectors that matched none of the
article pages of its last run (`crawler.content.selectors`): its template
changed, and generic extraction stood in.

The text view puts one fact per column; `crawler.ops.statusjson` gives the
same facts as one JSON object.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from crawler.config.model import Config, OutletConfig
from crawler.content import selectors
from crawler.ops.liveness import DaemonState, daemon_state
from crawler.ops.runstats_model import RunStats
from storage.db import redact_url
from storage.repository import CycleRow, Repository, RunRow

HEALTH_WINDOW = 3  # recent runs that must all have found nothing
HISTORY = 20
CYCLES = 5
#: Run statuses that say nothing about an outlet's health.
NOT_JUDGED = ("running", "interrupted")
#: Outlet outcomes in a cycle that are not failures.
OK_OR_NOT = ("ok", "interrupted")


def moment(value: datetime | None) -> str:
    """A time for the status screen (UTC, to the second); "-" when there is none."""
    return f"{value:%Y-%m-%d %H:%M:%S} UTC" if value else "-"


def outlet_health(runs: list[RunRow]) -> str:
    """ok | failing: ... | layout may have changed: ... | no runs yet, from newest-first runs."""
    runs = [run for run in runs if run.status not in NOT_JUDGED]
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


def schedule_due_line(config: Config, repo: Repository, now: datetime | None = None) -> str:
    """When a daemon started now would run its first cycle, by the rule it uses itself."""
    from crawler.ops.schedule import TRIGGER, schedule_due

    now = now or datetime.now(UTC)
    last = repo.last_cycle(TRIGGER)
    due = schedule_due(config.schedule, last.started_at if last else None, now)
    if due is None or due <= now:
        return "a daemon started now runs its first cycle at once"
    jitter = config.schedule.jitter_seconds
    extra = f" (+ up to {jitter} s jitter)" if jitter else ""
    return f"a daemon started now runs its first cycle at {moment(due)}{extra}"


def daemon_lines(config: Config, repo: Repository, state: DaemonState) -> list[str]:
    """Whether a daemon runs, and what the schedule does next."""
    from crawler.ops.schedule import TRIGGER

    row = state.row
    running = repo.running_cycles(TRIGGER)
    if state.running and row is not None:
        lines = [
            f"daemon: running on {row.host} (pid {row.pid}) since {moment(row.started_at)}, "
            f"next cycle at {moment(row.next_cycle_at)}"
        ]
        lines += [
            f"  scheduled cycle #{c.id} running since {moment(c.started_at)}" for c in running
        ]
        return lines
    if row is None:
        lines = ["daemon: no daemon running (none has run on this database)"]
    else:
        how = f"stopped {moment(row.stopped_at)}" if row.stopped_at else "no stop recorded"
        lines = [
            f"daemon: no daemon running (last seen {row.host} pid {row.pid} at "
            f"{moment(row.heartbeat_at)}, {how})"
        ]
    lines += [
        f"  scheduled cycle #{c.id} left running since {moment(c.started_at)}: "
        "the next daemon start closes it"
        for c in running
    ]
    lines.append(f"  {schedule_due_line(config, repo)}")
    return lines


@dataclass(frozen=True)
class CycleFacts:
    """A cycle's counts and its outlets' outcomes, as `status` shows them."""

    new: int
    duplicates: int
    exported: Any
    outlets_ok: int
    outlets: int
    failed: dict[str, str]  # outlet -> error
    interrupted: dict[str, str]  # outlet -> reason
    problems: list[str]

    @classmethod
    def of(cls, cycle: CycleRow) -> CycleFacts:
        outlets: dict[str, dict[str, Any]] = cycle.summary.get("outlets") or {}

        def reason(o: dict[str, Any]) -> str:
            return str(o.get("error") or o.get("status"))

        return cls(
            new=sum(o.get("stored", 0) for o in outlets.values()),
            duplicates=sum(o.get("duplicates", 0) for o in outlets.values()),
            exported=cycle.summary.get("exported"),
            outlets_ok=sum(1 for o in outlets.values() if o.get("status") == "ok"),
            outlets=len(outlets),
            failed={n: reason(o) for n, o in outlets.items() if o.get("status") not in OK_OR_NOT},
            interrupted={
                n: reason(o) for n, o in outlets.items() if o.get("status") == "interrupted"
            },
            problems=list(cycle.summary.get("problems") or []),
        )


def cycle_lines(cycle: CycleRow) -> list[str]:
    """A cycle on one line, one column per fact; then its failed outlets and problems."""
    facts = CycleFacts.of(cycle)
    exported = "-" if facts.exported is None else facts.exported
    lines = [
        f"  #{cycle.id:<5} {cycle.started_at:%Y-%m-%d %H:%M}  {cycle.trigger:<9} "
        f"{cycle.status:<12} new {facts.new:<4} dupl {facts.duplicates:<4} "
        f"exported {exported!s:<4} outlets ok {facts.outlets_ok}/{facts.outlets}"
    ]
    lines += [f"      ! {name}: {error}" for name, error in facts.failed.items()]
    lines += [f"      - {name}: {why}" for name, why in facts.interrupted.items()]
    lines += [f"      ! {problem}" for problem in facts.problems]
    return lines


OUTLET_HEADER = (
    f"{'outlet':<18} {'stories':>7} {'dupl':>5}  {'last run':<16}  {'status':<12} health"
)


def outlet_line(name: str, counts: dict[str, int], runs: list[RunRow]) -> str:
    """One outlet: counts, its last run's start and status, and its health, in columns."""
    started = f"{runs[0].started_at:%Y-%m-%d %H:%M}" if runs else "-"
    status = runs[0].status if runs else "-"
    return (
        f"{name:<18} {counts['stories']:>7} {counts['duplicates']:>5}  {started:<16}  "
        f"{status:<12} {outlet_health(runs)}"
    )


OutletFacts = tuple[str, dict[str, int], list[RunRow]]


def outlet_facts(config: Config, repo: Repository) -> list[OutletFacts]:
    """Per configured outlet: its story counts and its recent runs (newest first)."""
    counts = repo.outlet_counts()
    empty = {"stories": 0, "duplicates": 0}
    return [
        (name, counts.get(name, empty), repo.recent_runs(name, HISTORY)) for name in config.outlets
    ]


def render(config: Config, repo: Repository, state: DaemonState | None = None) -> str:
    """The status screen: daemon, database, last cycles, then one line per outlet."""
    lines = daemon_lines(config, repo, state or daemon_state(repo))
    lines.append(f"database: {redact_url(config.database.url)}")
    cycles = repo.recent_cycles(CYCLES)
    lines += ["", "last cycles:"]
    if not cycles:
        lines.append("  none yet")
    for cycle in cycles:
        lines += cycle_lines(cycle)
    lines += ["", OUTLET_HEADER]
    for name, counts, runs in outlet_facts(config, repo):
        lines.append(outlet_line(name, counts, runs))
        outlet = config.outlets[name]
        lines += [f"      ! {warning}" for warning in selector_warnings(outlet, runs)]
    return "\n".join(lines)
