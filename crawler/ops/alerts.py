"""The daemon's alerts: new stories, failing outlets, silent outlets; each sent once per change.

`AlertService.check` reads the database and decides what to say; it runs on
its own thread in the daemon every `notifications.check_seconds`, so the cycle
processes and the supervisor know nothing of it, and a slow service delays no
cycle. What was said is kept in `sent_alerts` (storage.alerts) and written after
the message went out:

- new stories: after each finished cycle (a cursor on cycle ids), or in one
  daily digest at `digest_at` local time (a cursor on the time of the last one);
  a fresh database starts the cursor at "now", so no history is replayed;
- an outlet whose last `failing_cycles` decided runs all failed: once, then
  once more when it succeeds again;
- an outlet that stored stories before and none for `silent_days` although it
  was crawled fine (the signal of a changed layout): once per silence.

The outlet rules run when a cycle has finished (their inputs change only then).
"""

from __future__ import annotations

import logging
import socket
import threading
from datetime import UTC, datetime, time, timedelta
from typing import Any

from crawler.config.model import Config
from crawler.ops.notify import Notifier
from storage.alerts import FAILED, AlertStore
from storage.repository import CycleRow, Repository

logger = logging.getLogger(__name__)

CYCLE_CURSOR = "new_stories:cycle"
DIGEST_CURSOR = "new_stories:digest"


def _local(when: datetime) -> str:
    return when.astimezone().strftime("%Y-%m-%d %H:%M")


class AlertService:
    """Decides and sends the alerts; `run_in_thread` checks periodically until `stop`."""

    def __init__(self, config: Config, repo: Repository, notifier: Notifier | None = None) -> None:
        self.config = config
        self.rules = config.notifications
        self.repo = repo
        self.store = AlertStore(repo.engine)
        self.notifier = notifier if notifier is not None else Notifier.from_config(config)
        self.stopping = threading.Event()
        self.thread: threading.Thread | None = None

    # -- the daemon's own start and stop -------------------------------------------------------

    def daemon_event(self, what: str, detail: str = "") -> bool:
        """'started' or 'stopped', with the host and pid."""
        if not (self.rules.daemon_events and self.notifier):
            return False
        import os

        where = f"on {socket.gethostname()} (pid {os.getpid()})"
        kind = "info" if what == "started" else "warning"
        body = f"asnwatch daemon {what} {where}" + (f": {detail}" if detail else "")
        return self.notifier.send(f"asnwatch daemon {what}", body, kind, what=f"daemon {what}")

    # -- the periodic check --------------------------------------------------------------------

    def check(self, now: datetime | None = None) -> None:
        """One look at the database: send what changed since the last look."""
        if not self.notifier:
            return
        now = now or datetime.now(UTC)
        if self._new_cycles() or self.store.get("outlets:checked") is None:
            self._outlet_rules(now)
            self.store.put("outlets:checked", {"at": now.isoformat()})
        if self.rules.new_stories == "digest":
            self._digest(now)

    def _new_cycles(self) -> bool:
        """Announce each cycle finished since the cursor; True if there was any."""
        cursor = self.store.get(CYCLE_CURSOR)
        if cursor is None:
            self.store.put(CYCLE_CURSOR, {"id": self.repo.latest_cycle_id()})
            return False
        cycles = self.store.finished_cycles_after(int(cursor["id"]))
        for cycle in cycles:
            if self.rules.new_stories == "cycle":
                self._announce_cycle(cycle)
            self.store.put(CYCLE_CURSOR, {"id": cycle.id})
        return bool(cycles)

    def _announce_cycle(self, cycle: CycleRow) -> None:
        assert cycle.finished_at is not None
        stories, total = self.repo.primaries_stored_between(
            cycle.started_at, cycle.finished_at, self.rules.max_titles
        )
        if not total:
            return
        title = f"asnwatch: {total} new stor{'y' if total == 1 else 'ies'} (cycle {cycle.id})"
        body = _stories_body(stories, total, _outlet_counts(cycle))
        self.notifier.send(title, body, "info", what=f"cycle {cycle.id}")

    def _digest(self, now: datetime) -> None:
        """The daily digest: stories stored since the last one, once `digest_at` has passed."""
        cursor = self.store.get(DIGEST_CURSOR)
        if cursor is None:
            self.store.put(DIGEST_CURSOR, {"until": now.isoformat()})
            return
        since = datetime.fromisoformat(cursor["until"])
        if now < next_digest(since, self.rules.digest_at):
            return
        stories, total = self.repo.primaries_stored_between(since, now, self.rules.max_titles)
        if total:
            title = (
                f"asnwatch: {total} new stor{'y' if total == 1 else 'ies'} since {_local(since)}"
            )
            self.notifier.send(title, _stories_body(stories, total, {}), "info", what="digest")
        self.store.put(DIGEST_CURSOR, {"until": now.isoformat()})

    # -- outlets -------------------------------------------------------------------------------

    def _outlet_rules(self, now: datetime) -> None:
        for outlet in self.config.outlets:
            if self.rules.failing_cycles:
                self._failing(outlet)
            if self.rules.silent_days:
                self._silent(outlet, now)

    def _failing(self, outlet: str) -> None:
        """Failing `failing_cycles` runs in a row: say so once; say so when it recovers."""
        key = f"outlet_failing:{outlet}"
        runs = self.store.last_decided_runs(outlet, self.rules.failing_cycles)
        sent = self.store.get(key)
        failing = len(runs) == self.rules.failing_cycles and all(s in FAILED for _, s, _ in runs)
        if failing and sent is None:
            error = runs[0][2] or "no error recorded"
            body = (
                f"Outlet {outlet} failed its last {len(runs)} crawls in a row. "
                f"Latest error: {error}"
            )
            if self.notifier.send(f"asnwatch: {outlet} failing", body, "failure", what=key):
                self.store.put(key, {"run_id": runs[0][0]})
        elif sent is not None and runs and runs[0][1] == "ok":
            body = f"Outlet {outlet} crawled fine again (run {runs[0][0]})."
            if self.notifier.send(f"asnwatch: {outlet} recovered", body, "success", what=key):
                self.store.delete(key)

    def _silent(self, outlet: str, now: datetime) -> None:
        """Crawled fine, yet no story for `silent_days` where there used to be: once per silence."""
        key = f"outlet_silent:{outlet}"
        last = self.store.last_story_at(outlet)
        sent = self.store.get(key)
        if last is None:
            return
        days = self.rules.silent_days
        if now - last < timedelta(days=days):
            if sent is not None:
                self.store.delete(key)
            return
        if sent is not None and sent.get("last_story_at") == last.isoformat():
            return
        if not self.store.ok_runs_since(outlet, last):
            return  # not crawled fine since: the failing alert speaks for it
        body = (
            f"Outlet {outlet} stored no story for {days:g} days (the last on {_local(last)}) "
            "although its crawls succeed: its pages may have changed layout. "
            f"Try `asnwatch check {outlet}`."
        )
        if self.notifier.send(f"asnwatch: {outlet} found nothing", body, "warning", what=key):
            self.store.put(key, {"last_story_at": last.isoformat()})

    # -- the thread ----------------------------------------------------------------------------

    def run_in_thread(self) -> None:
        """Check now and then every `check_seconds` until `stop`, on a daemon thread."""
        self.thread = threading.Thread(target=self._loop, name="asnwatch-alerts", daemon=True)
        self.thread.start()

    def _loop(self) -> None:
        while True:
            try:
                self.check()
            except Exception:  # an outage or a bug in a rule: the daemon goes on
                logger.exception("alerts: check failed; trying again later")
            if self.stopping.wait(self.rules.check_seconds):
                return

    def stop(self, timeout: float) -> None:
        """End the thread (after its current check, or at `timeout`)."""
        self.stopping.set()
        if self.thread is not None:
            self.thread.join(timeout)


def next_digest(since: datetime, digest_at: str) -> datetime:
    """The first `digest_at` local time strictly after `since`."""
    hour, minute = (int(p) for p in digest_at.split(":"))
    local = since.astimezone()
    due = datetime.combine(local.date(), time(hour, minute), local.tzinfo)
    return due if due > local else due + timedelta(days=1)


def _outlet_counts(cycle: CycleRow) -> dict[str, dict[str, Any]]:
    outlets = cycle.summary.get("outlets") if isinstance(cycle.summary, dict) else None
    return outlets if isinstance(outlets, dict) else {}


def _stories_body(
    stories: list[dict[str, Any]], total: int, outlets: dict[str, dict[str, Any]]
) -> str:
    """Counts per outlet, then one line per story (title, outlet, URL)."""
    lines = [
        f"{name}: {counts.get('stored', 0)} new, {counts.get('duplicates', 0)} duplicate"
        + (f" ({counts.get('status')})" if counts.get("status") != "ok" else "")
        for name, counts in sorted(outlets.items())
    ]
    if lines:
        lines.append("")
    lines += [f"- {s['title']} ({s['outlet']}) {s['canonical_url']}" for s in stories]
    if total > len(stories):
        lines.append(f"... and {total - len(stories)} more")
    return "\n".join(lines)
