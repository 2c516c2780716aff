"""`asnwatch status --json`: the status screen's facts as one JSON object.

The shape (times are ISO 8601 UTC strings, or null):

    {
      "database": "postgresql+psycopg://asn:***@db/asn",
      "daemon": {"running", "host", "pid", "started_at", "heartbeat_at",
                 "next_cycle_at", "stopped_at"},
      "cycles": [{"id", "trigger", "status", "started_at", "finished_at", "new",
                  "duplicates", "exported", "outlets_ok", "outlets",
                  "failed": {outlet: error}, "interrupted": {outlet: reason},
                  "problems": [...]}, ...],          # newest first
      "outlets": {name: {"stories", "duplicates", "health", "selector_warnings": [...],
                         "last_run": null | {"id", "status", "started_at",
                                             "finished_at", "error", "fetched",
                                             "stored", "duplicates",
                                             "extraction_failed"}}}
    }

`daemon.next_cycle_at` is null unless a daemon runs; `health` is the text
`asnwatch status` prints ("ok", "failing: ...", "layout may have changed: ...",
"no runs yet").
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from crawler.config.model import Config
from crawler.ops.liveness import DaemonState, daemon_state
from crawler.ops.runstats_model import RunStats
from crawler.ops.status import (
    CYCLES,
    CycleFacts,
    outlet_facts,
    outlet_health,
    selector_warnings,
)
from storage.db import redact_url
from storage.repository import CycleRow, Repository, RunRow


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def cycle_object(cycle: CycleRow) -> dict[str, Any]:
    facts = CycleFacts.of(cycle)
    return {
        "id": cycle.id,
        "trigger": cycle.trigger,
        "status": cycle.status,
        "started_at": _iso(cycle.started_at),
        "finished_at": _iso(cycle.finished_at),
        "new": facts.new,
        "duplicates": facts.duplicates,
        "exported": facts.exported,
        "outlets_ok": facts.outlets_ok,
        "outlets": facts.outlets,
        "failed": facts.failed,
        "interrupted": facts.interrupted,
        "problems": facts.problems,
    }


def run_object(run: RunRow) -> dict[str, Any]:
    stats = RunStats.from_row(run.stats)
    return {
        "id": run.id,
        "status": run.status,
        "started_at": _iso(run.started_at),
        "finished_at": _iso(run.finished_at),
        "error": run.error,
        "fetched": stats.fetched,
        "stored": stats.stored,
        "duplicates": stats.duplicates,
        "extraction_failed": stats.extraction_failed,
    }


def status_object(
    config: Config, repo: Repository, state: DaemonState | None = None
) -> dict[str, Any]:
    """Everything `asnwatch status` shows, as plain JSON values."""
    outlets: dict[str, Any] = {}
    for name, counts, runs in outlet_facts(config, repo):
        outlets[name] = {
            "stories": counts["stories"],
            "duplicates": counts["duplicates"],
            "last_run": run_object(runs[0]) if runs else None,
            "health": outlet_health(runs),
            "selector_warnings": selector_warnings(config.outlets[name], runs),
        }
    return {
        "database": redact_url(config.database.url),
        "daemon": (state or daemon_state(repo)).as_dict(),
        "cycles": [cycle_object(cycle) for cycle in repo.recent_cycles(CYCLES)],
        "outlets": outlets,
    }


def render_json(config: Config, repo: Repository) -> str:
    return json.dumps(status_object(config, repo), ensure_ascii=False, indent=2)
