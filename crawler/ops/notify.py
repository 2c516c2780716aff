"""Tell a webhook about the new stories of a cycle: one JSON POST per cycle that found any.

The daemon runs unattended for months, so a notification is best effort: a
webhook that is down, slow or refusing is logged and the daemon goes on (the
stories are in the database and the export folder either way). Only the
stdlib is used (`urllib.request`), with the configured timeout. The URL may
hold a secret token (Slack-style hooks do), so logs name its host only.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from crawler.config.model import NotifyConfig
from crawler.ops.runstats_model import RunStats
from storage.repository import CycleRow, Repository, RunRow

logger = logging.getLogger(__name__)

MAX_STORIES = 100  # per message; `new_stories_total` says how many there were


class NotifyError(Exception):
    """The webhook could not be told; the message is one line without the URL's secrets."""


def _iso(when: datetime | None) -> str | None:
    return when.isoformat() if when else None


def cycle_payload(
    cycle: CycleRow, runs: list[RunRow], stories: list[dict[str, Any]], total: int
) -> dict[str, Any]:
    """The JSON summary of a cycle: its counts per outlet and its new stories."""
    return {
        "event": "asnwatch.cycle",
        "cycle_id": cycle.id,
        "status": cycle.status,
        "started_at": _iso(cycle.started_at),
        "finished_at": _iso(cycle.finished_at),
        "exported": cycle.summary.get("exported", 0),
        "outlets": {run.outlet: _outlet(run) for run in runs},
        "new_stories_total": total,
        "new_stories": [
            {
                "title": story["title"],
                "outlet": story["outlet"],
                "url": story["canonical_url"],
                "published_at": _iso(story["published_at"]),
            }
            for story in stories
        ],
    }


def _outlet(run: RunRow) -> dict[str, Any]:
    """One outlet's entry in the payload."""
    stats = RunStats.from_row(run.stats)
    return {
        "status": run.status,
        "stored": stats.stored,
        "duplicates": stats.duplicates,
        "error": run.error,
    }


def webhook_host(url: str) -> str:
    """The part of a webhook URL that is safe to log."""
    return urlsplit(url).netloc.rpartition("@")[2] or "<invalid URL>"


def post_json(url: str, payload: dict[str, Any], timeout: float) -> int:
    """POST `payload` as JSON; the HTTP status, or NotifyError for anything but a 2xx."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise NotifyError("webhook_url must be an http(s) URL")
    request = urllib.request.Request(
        url,
        data=json.dumps(payload, ensure_ascii=False).encode("utf-8"),
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "asnwatch"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return int(response.status)
    except urllib.error.HTTPError as exc:
        raise NotifyError(f"webhook answered HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError, ValueError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise NotifyError(f"webhook unreachable: {reason}") from None


def notify_cycle(config: NotifyConfig, repo: Repository, cycle: CycleRow) -> bool:
    """Post the cycle's new stories to the webhook, if one is configured and there are any.

    True when a message was delivered. Never raises: a failure is logged.
    """
    if not config.webhook_url or cycle.finished_at is None:
        return False
    host = webhook_host(config.webhook_url)
    try:
        stories, total = repo.primaries_stored_between(
            cycle.started_at, cycle.finished_at, MAX_STORIES
        )
        if not total:
            return False
        payload = cycle_payload(cycle, repo.runs_of_cycle(cycle.id), stories, total)
        post_json(config.webhook_url, payload, config.timeout_seconds)
    except Exception as exc:  # never fatal: the daemon must go on
        logger.warning("cycle %s: could not notify %s: %s", cycle.id, host, exc)
        return False
    logger.info("cycle %s: notified %s of %s new stories", cycle.id, host, total)
    return True
