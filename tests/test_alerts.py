"""The daemon's alerts through Apprise, on real SQLite and PostgreSQL, to a local JSON receiver.

Each test records cycles, runs and stories the way a crawl does, then lets
`AlertService.check` look; the receiver is an HTTP server on 127.0.0.1 that
Apprise's json:// URL posts to (the URL's path holds a "secret" token that
must never reach a log).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from crawler.config.alerts import NotificationsConfig
from crawler.config.model import ConfigError, load_config
from crawler.ops.alerts import AlertService, next_digest
from crawler.ops.monitoring import daemon_monitoring
from crawler.ops.notify import Notifier
from storage.repository import NewStory, Repository
from tests.conftest import ROOT
from tests.daemonkit import Webhook

OUTLETS = ["sahabat", "neraca"]


def apprise_url(hook: Webhook) -> str:
    return hook.url.replace("http://", "json://")


@pytest.fixture
def hook() -> Iterator[Webhook]:
    receiver = Webhook(status=200)
    yield receiver
    receiver.close()


def make_service(repo: Repository, hook: Webhook, **rules: Any) -> AlertService:
    base = load_config(ROOT / "config.yaml")
    notifications = NotificationsConfig(urls=[apprise_url(hook)], timeout_seconds=5, **rules)
    outlets = {name: base.outlets[name] for name in OUTLETS}
    config = base.model_copy(update={"notifications": notifications, "outlets": outlets})
    return AlertService(config, repo)


def story(url: str, outlet: str = "sahabat", title: str = "ASN diminta netral") -> NewStory:
    return NewStory(
        outlet=outlet,
        canonical_url=url,
        url=url,
        title=title,
        author=None,
        published_at=None,
        fetched_at=datetime.now(UTC),
        text=f"Teks berita {url}",
        fingerprint=1,
        text_hash=url.rjust(64, "x")[-64:],
        score=9.0,
        matched_terms=["asn"],
    )


def cycle(repo: Repository, outcomes: dict[str, str], stories: list[NewStory] = ()) -> int:  # type: ignore[assignment]
    """A finished cycle: one run per outlet with its outcome, the stories stored during it."""
    cycle_id = repo.start_cycle("schedule")
    with repo.story_writer() as conn:
        for new in stories:
            repo.insert_story(conn, new, None, [])
    summary: dict[str, Any] = {"outlets": {}}
    for outlet, status in outcomes.items():
        run_id = repo.start_run(outlet, cycle_id=cycle_id)
        stored = sum(1 for s in stories if s.outlet == outlet)
        error = None if status == "ok" else f"{outlet} unreachable: Connection refused"
        repo.finish_run(run_id, status, {"stored": stored, "duplicates": 0}, error)
        summary["outlets"][outlet] = {"status": status, "stored": stored, "duplicates": 0}
    repo.close_cycle(cycle_id, "ok", summary)
    return cycle_id


def test_a_cycle_with_new_stories_sends_one_message_with_its_counts(
    repo: Repository, hook: Webhook
) -> None:
    cycle(repo, {"sahabat": "ok"}, [story("https://sahabat.test/old")])
    service = make_service(repo, hook)
    service.check()  # a first look: history is not announced
    assert hook.posts == []
    news = [story("https://sahabat.test/a", title="ASN Sukabumi diminta netral")]
    cycle_id = cycle(repo, {"sahabat": "ok", "neraca": "ok"}, news)
    service.check()
    service.check()
    (post,) = hook.posts
    assert post["title"] == f"asnwatch: 1 new story (cycle {cycle_id})"
    assert "sahabat: 1 new, 0 duplicate" in post["message"]
    assert "neraca: 0 new, 0 duplicate" in post["message"]
    assert "- ASN Sukabumi diminta netral (sahabat) https://sahabat.test/a" in post["message"]
    assert post["type"] == "info"


def test_a_cycle_without_new_stories_sends_nothing(repo: Repository, hook: Webhook) -> None:
    service = make_service(repo, hook)
    service.check()
    cycle(repo, {"sahabat": "ok"})
    service.check()
    assert hook.posts == []


def test_an_outlet_failing_n_cycles_is_reported_once_then_its_recovery(
    repo: Repository, hook: Webhook
) -> None:
    service = make_service(repo, hook, failing_cycles=2)
    service.check()
    cycle(repo, {"neraca": "failed", "sahabat": "ok"})
    service.check()
    assert hook.posts == []
    for _ in range(3):
        cycle(repo, {"neraca": "failed", "sahabat": "ok"})
        service.check()
    (alert,) = hook.posts
    assert alert["title"] == "asnwatch: neraca failing"
    assert "failed its last 2 crawls in a row" in alert["message"]
    assert "Connection refused" in alert["message"] and alert["type"] == "failure"
    cycle(repo, {"neraca": "ok", "sahabat": "ok"})
    service.check()
    assert [p["title"] for p in hook.posts] == [
        "asnwatch: neraca failing",
        "asnwatch: neraca recovered",
    ]


def test_a_restarted_daemon_does_not_repeat_an_alert(repo: Repository, hook: Webhook) -> None:
    service = make_service(repo, hook, failing_cycles=1)
    service.check()
    cycle(repo, {"neraca": "failed"})
    service.check()
    make_service(repo, hook, failing_cycles=1).check()  # a new daemon, the same database
    cycle(repo, {"neraca": "failed"})
    make_service(repo, hook, failing_cycles=1).check()
    assert [p["title"] for p in hook.posts] == ["asnwatch: neraca failing"]


def test_an_outlet_silent_for_d_days_is_reported_once(repo: Repository, hook: Webhook) -> None:
    service = make_service(repo, hook, silent_days=3, new_stories="off")
    service.check()
    cycle(repo, {"sahabat": "ok", "neraca": "ok"}, [story("https://sahabat.test/a")])
    service.check()
    assert hook.posts == []  # a story today: nothing to say (new stories: off)
    later = datetime.now(UTC) + timedelta(days=4)
    cycle(repo, {"sahabat": "ok", "neraca": "ok"})
    service.check(later)
    cycle(repo, {"sahabat": "ok", "neraca": "ok"})
    service.check(later + timedelta(hours=1))
    (alert,) = hook.posts  # neraca never stored a story: it is not "silent where it used to"
    assert alert["title"] == "asnwatch: sahabat found nothing"
    assert "stored no story for 3 days" in alert["message"]
    assert "asnwatch check sahabat" in alert["message"]


def test_the_daily_digest_goes_out_once_after_its_time(repo: Repository, hook: Webhook) -> None:
    service = make_service(repo, hook, new_stories="digest", digest_at="08:00")
    start = datetime.now(UTC)
    service.check(start)
    cycle(
        repo, {"sahabat": "ok"}, [story("https://sahabat.test/a"), story("https://sahabat.test/b")]
    )
    due = next_digest(start, "08:00")
    service.check(due - timedelta(minutes=1))
    assert hook.posts == []  # the cycle itself is not announced in digest mode
    service.check(due + timedelta(minutes=1))
    service.check(due + timedelta(minutes=2))
    (digest,) = hook.posts
    assert digest["title"].startswith("asnwatch: 2 new stories since ")
    assert "https://sahabat.test/a" in digest["message"]


def test_the_daemon_start_and_stop_are_announced(
    repo: Repository, hook: Webhook, db_url: str
) -> None:
    service = make_service(repo, hook)
    config = service.config.model_copy(
        update={"database": service.config.database.model_copy(update={"url": db_url})}
    )
    with daemon_monitoring(config):
        pass
    titles = [p["title"] for p in hook.posts]
    assert titles == ["asnwatch daemon started", "asnwatch daemon stopped"]
    assert "(pid " in hook.posts[0]["message"]


def test_no_secret_of_a_url_reaches_the_log(caplog: pytest.LogCaptureFixture) -> None:
    refusing = Webhook(status=500)
    try:
        urls = [apprise_url(refusing), "json://127.0.0.1:9/hook/s3cret-token"]
        notifier = Notifier(urls, timeout_seconds=5)
        logging.getLogger("apprise").setLevel(logging.DEBUG)  # even its debug lines
        with caplog.at_level(logging.DEBUG):
            assert not notifier.send("title", "body", what="a test")
    finally:
        refusing.close()
    assert "could not notify json:// of a test" in caplog.text
    assert "s3cret" not in caplog.text


def test_a_url_apprise_cannot_use_is_named_by_its_scheme_only(
    tmp_path: Any, caplog: pytest.LogCaptureFixture
) -> None:
    data = (ROOT / "config.yaml").read_text(encoding="utf-8")
    bad = data.replace("  urls: []", "  urls: ['nosuch://user:s3cret@host/path']")
    path = tmp_path / "config.yaml"
    path.write_text(bad, encoding="utf-8")
    with caplog.at_level(logging.DEBUG), pytest.raises(ConfigError) as err:
        load_config(path)
    assert "s3cret" not in caplog.text and "nosuch" not in caplog.text
    assert "notifications.urls: entry 1: a nosuch:// URL that Apprise cannot use" in str(err.value)
    assert "s3cret" not in str(err.value)


def test_the_old_webhook_key_becomes_a_json_url_with_a_warning(
    tmp_path: Any, caplog: pytest.LogCaptureFixture
) -> None:
    data = (ROOT / "config.yaml").read_text(encoding="utf-8")
    old = data + "\nnotify:\n  webhook_url: https://hooks.example.com/s3cret\n"
    path = tmp_path / "config.yaml"
    path.write_text(old, encoding="utf-8")
    with caplog.at_level(logging.WARNING):
        config = load_config(path)
    notifier = Notifier.from_config(config)
    assert [scheme for scheme, _ in notifier.services] == ["jsons"]
    assert "notify.webhook_url is deprecated" in caplog.text
    assert "s3cret" not in caplog.text
