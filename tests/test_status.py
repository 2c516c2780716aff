"""Outlet health in `asnwatch status`, and its rendering."""

from __future__ import annotations

from datetime import UTC, datetime

from crawler.config.model import load_config
from crawler.ops.status import outlet_health, render, selector_warnings
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


def selector_run(**detail: int) -> RunRow:
    """A run whose stats hold selector counts: ``content_xpath=(pages, matched)`` style."""
    row = run(stored=1)
    row.stats["detail"] = detail
    return row


def test_a_selector_that_matched_none_of_the_last_runs_pages_is_warned_about() -> None:
    outlet = load_config(ROOT / "config.yaml").outlets["neraca"]  # content and date xpaths
    last = selector_run(
        **{
            "selectors/content_xpath/pages": 14,
            "selectors/content_xpath/matched": 0,
            "selectors/date_xpath/pages": 14,
            "selectors/date_xpath/matched": 12,
        }
    )
    earlier = selector_run(**{"selectors/date_xpath/pages": 3, "selectors/date_xpath/matched": 0})
    assert selector_warnings(outlet, [last, earlier]) == [
        "content_xpath matched 0 of 14 pages: the template may have changed; "
        "generic extraction was used"
    ]


def test_no_selector_warning_without_pages_counts_or_configuration() -> None:
    config = load_config(ROOT / "config.yaml")
    neraca = config.outlets["neraca"]
    assert selector_warnings(neraca, []) == []
    assert selector_warnings(neraca, [run(stored=3)]) == []  # a row from before the counts
    none_tried = selector_run(
        **{"selectors/content_xpath/pages": 0, "selectors/content_xpath/matched": 0}
    )
    assert selector_warnings(neraca, [none_tried]) == []
    # neraca configures no author_xpath: a count left from an older config is not reported
    stale = selector_run(**{"selectors/author_xpath/pages": 5, "selectors/author_xpath/matched": 0})
    assert selector_warnings(neraca, [stale]) == []
