"""Outlet health in `asnwatch status`, and its rendering."""

from __future__ import annotations

from datetime import UTC, datetime

from crawler.config.model import load_config
from crawler.ops.status import outlet_health, render
from storage.repository import Repository, RunRow
from tests.conftest import ROOT


def run(status: str = "ok", **stats: int) -> RunRow:
    return RunRow(
        id=1,
        outlet="neraca",
        cycle_id=None,
        started_at=datetime.now(UTC),
        finished_at=None,
        status=status,
        stats=stats,
        error=None,
        pid=None,
    )


def test_health_flags_an_outlet_that_stopped_finding_links() -> None:
    runs = [run(), run(), run(), run(discovered=4, stored=2), run(discovered=3)]
    assert outlet_health(runs).startswith("layout may have changed")


def test_health_is_ok_when_links_are_seen_but_not_new() -> None:
    runs = [run(already_seen=30), run(not_modified=3), run(), run(discovered=4)]
    assert outlet_health(runs) == "ok"


def test_health_reports_a_failing_last_run() -> None:
    failed = RunRow(**{**run().__dict__, "status": "failed", "error": "outlet unreachable"})
    assert outlet_health([failed]) == "failing: outlet unreachable"
    assert outlet_health([]) == "no runs yet"


def test_status_renders_every_outlet_and_hides_the_password(sqlite_url: str) -> None:
    config = load_config(ROOT / "config.yaml")
    config = config.model_copy(
        update={
            "database": config.database.model_copy(
                update={"url": "postgresql+psycopg://asn:s3cret@db/asn"}
            )
        }
    )
    text = render(config, Repository.open(sqlite_url))
    assert "s3cret" not in text and "***" in text
    for name in config.outlets:
        assert name in text
