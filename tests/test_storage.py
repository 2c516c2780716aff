"""Storage on real SQLite and PostgreSQL: migrations, upserts, seen URLs, runs, exports."""

from __future__ import annotations

import importlib
import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import inspect, text
from sqlalchemy.exc import IntegrityError

from storage.db import DatabaseError, create_db_engine, redact_url
from storage.migrate import current_revision, head_revision, upgrade
from storage.repository import NewStory, Repository
from tests.conftest import ROOT

BANDS = [(64, 1), (65, 2), (66, 3), (67, 4)]  # (band_no, value): MinHash bands 64..


def make_story(url: str = "https://example.com/a", **changes: object) -> NewStory:
    values: dict[str, object] = {
        "outlet": "neraca",
        "canonical_url": url,
        "url": url + "?utm_source=x",
        "title": "ASN diminta netral",
        "author": "Arya",
        "published_at": datetime(2026, 11, 2, 8, 15, tzinfo=timezone(timedelta(hours=7))),
        "fetched_at": datetime(2026, 11, 23, 1, 0, tzinfo=UTC),
        "text": "Sukabumi - ASN diminta menjaga netralitas.",
        "fingerprint": -123456789,
        "text_hash": "ab" * 32,
        "score": 4.5,
        "matched_terms": ["asn", "netralitas"],
    }
    values.update(changes)
    return NewStory(**values)  # type: ignore[arg-type]


def test_new_database_is_migrated_to_head(db_url: str) -> None:
    repo = Repository.open(db_url)
    assert current_revision(repo.engine) == head_revision()
    tables = set(inspect(repo.engine).get_table_names())
    assert {"stories", "story_bands", "seen_urls", "crawl_runs", "cycles", "exports"} <= tables


def test_old_database_upgrades_in_place_keeping_rows(sqlite_url: str) -> None:
    engine = create_db_engine(sqlite_url)
    upgrade(engine, "0001")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO seen_urls (url, outlet, kind, status, attempts, first_seen, last_seen)"
                " VALUES ('https://x.id/a', 'neraca', 'article', 'irrelevant', 1,"
                " '2026-01-01 00:00:00', '2026-01-01 00:00:00')"
            )
        )
    repo = Repository.open(sqlite_url)
    assert current_revision(repo.engine) == head_revision()
    assert repo.seen_status("https://x.id/a") == "irrelevant"


def test_migration_0003_drops_simhash_chunks_and_keeps_minhash_bands(db_url: str) -> None:
    engine = create_db_engine(db_url)
    upgrade(engine, "0002")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO stories (id, outlet, canonical_url, url, title, fetched_at, text,"
                " fingerprint, text_hash, score, matched_terms, created_at) VALUES (7, 'neraca',"
                " 'https://x.id/a', 'https://x.id/a', 'ASN', '2026-01-01 00:00:00', 'teks', 1,"
                " 'h', 5.0, '[]', '2026-01-01 00:00:00')"
            )
        )
        for band_no in (0, 1, 2, 3, 64, 83):
            conn.execute(
                text("INSERT INTO story_bands (story_id, band_no, value) VALUES (7, :no, :no)"),
                {"no": band_no},
            )
    engine.dispose()
    repo = Repository.open(db_url)
    with repo.engine.connect() as conn:
        rows = conn.execute(text("SELECT band_no FROM story_bands ORDER BY band_no")).all()
    assert [row[0] for row in rows] == [64, 83]
    assert repo.count_stories() == 1


def test_migration_0004_adds_pages_missing_as_zero_to_stored_stories(db_url: str) -> None:
    engine = create_db_engine(db_url)
    upgrade(engine, "0003")
    with engine.begin() as conn:
        conn.execute(
            text(
                "INSERT INTO stories (id, outlet, canonical_url, url, title, fetched_at, text,"
                " fingerprint, text_hash, score, matched_terms, created_at) VALUES (7, 'neraca',"
                " 'https://x.id/a', 'https://x.id/a', 'ASN', '2026-01-01 00:00:00', 'teks', 1,"
                " 'h', 5.0, '[]', '2026-01-01 00:00:00')"
            )
        )
    engine.dispose()
    repo = Repository.open(db_url)
    assert [row["pages_missing"] for row in repo.story_rows()] == [0]


def test_an_incomplete_story_stays_unseen_until_stored_whole(repo: Repository) -> None:
    whole, partial, dropped = "https://x.id/whole", "https://x.id/partial", "https://x.id/drop"
    with repo.story_writer() as conn:
        done = repo.insert_story(conn, make_story(whole), None, BANDS)
        part = repo.insert_story(
            conn, make_story(partial, text_hash="cd" * 32, pages_missing=1), None, []
        )
    repo.mark_seen(whole, "neraca", status="stored", story_id=done)
    repo.mark_seen(partial, "neraca", status="stored", story_id=part)
    repo.mark_seen(dropped, "neraca", status="incomplete", reason="irrelevant with 1 page missing")
    assert repo.unseen([whole, partial, dropped]) == [partial, dropped]
    assert part is not None
    with repo.story_writer() as conn:
        assert repo.incomplete_story_id(conn, partial) == part
        repo.delete_story_bands(conn, part)
        whole_text = make_story(partial, text="ASN netral, halaman dua.", text_hash="ef" * 32)
        repo.replace_story_text(conn, part, whole_text, None, [(64, 9)])
    repo.mark_seen(partial, "neraca", status="stored", story_id=part)
    assert repo.unseen([whole, partial, dropped]) == [dropped]
    row = next(r for r in repo.story_rows() if r["id"] == part)
    assert (row["pages_missing"], row["text"]) == (0, "ASN netral, halaman dua.")
    assert [s.id for s in repo.stories_to_export("out", "txt", include_exported=False)] == [
        done,
        part,
    ]


def test_migrations_create_exactly_the_models_schema(db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from storage.models import Base

    # Every model declared in storage/ (a table family may declare its own) is registered.
    for module in sorted((ROOT / "storage").glob("*.py")):
        importlib.import_module(f"storage.{module.stem}")
    # The full-text index is no model: compared as autogenerate compares (env.py).
    from storage.search import include_object

    repo = Repository.open(db_url)
    with repo.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"include_object": include_object})
        assert compare_metadata(context, Base.metadata) == []


def test_sqlite_runs_in_wal_mode(sqlite_url: str) -> None:
    Repository.open(sqlite_url).close()
    path = sqlite_url.removeprefix("sqlite:///")
    assert sqlite3.connect(path).execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_story_insert_is_idempotent_per_canonical_url(repo: Repository) -> None:
    with repo.story_writer() as conn:
        first = repo.insert_story(conn, make_story(), None, BANDS)
        second = repo.insert_story(conn, make_story(title="other"), None, BANDS)
    assert first is not None and second is None
    assert repo.count_stories() == 1


def test_database_refuses_a_second_primary_with_the_same_text(repo: Repository) -> None:
    with repo.story_writer() as conn:
        primary = repo.insert_story(conn, make_story("https://a.id/1"), None, BANDS)
        repo.insert_story(conn, make_story("https://b.id/1"), primary, [])
    with pytest.raises(IntegrityError), repo.story_writer() as conn:
        repo.insert_story(conn, make_story("https://c.id/1"), None, [(64, 5), (65, 6)])
    assert repo.count_stories() == 2


def test_datetimes_come_back_aware_utc(repo: Repository) -> None:
    with repo.story_writer() as conn:
        repo.insert_story(conn, make_story(), None, BANDS)
    row = repo.story_rows()[0]
    assert row["published_at"] == datetime(2026, 11, 2, 1, 15, tzinfo=UTC)
    assert row["published_at"].tzinfo is not None


def test_unseen_filters_marked_urls_and_keeps_order(repo: Repository) -> None:
    repo.mark_seen("https://x.id/2", "neraca", status="irrelevant")
    urls = [f"https://x.id/{i}" for i in range(1200)]
    unseen = repo.unseen([*urls, "https://x.id/3"])
    assert "https://x.id/2" not in unseen
    assert unseen[:3] == ["https://x.id/0", "https://x.id/1", "https://x.id/3"]
    assert len(unseen) == 1199


def test_mark_seen_twice_counts_attempts_and_updates_status(repo: Repository) -> None:
    repo.mark_seen("https://x.id/a", "neraca", status="extraction_failed", reason="empty")
    repo.mark_seen("https://x.id/a", "neraca", status="stored")
    assert repo.seen_status("https://x.id/a") == "stored"


def test_validators_round_trip(repo: Repository) -> None:
    assert repo.validators("https://x.id/feed/") is None
    repo.save_validators("https://x.id/feed/", "neraca", '"abc"', "Mon, 02 Nov 2026 08:00:00 GMT")
    repo.save_validators("https://x.id/feed/", "neraca", '"def"', None)
    got = repo.validators("https://x.id/feed/")
    assert got is not None and got.etag == '"def"' and got.last_modified is None


def test_runs_and_cycles_are_recorded(repo: Repository) -> None:
    cycle = repo.start_cycle("manual")
    run = repo.start_run("neraca", cycle_id=cycle)
    repo.update_run_stats(run, {"fetched": 3})
    assert repo.fail_if_running(run, "process died") is True
    assert repo.fail_if_running(run, "again") is False
    repo.close_cycle(cycle, "failed", {"outlets": {}})
    row = repo.get_run(run)
    assert row is not None and row.status == "failed" and row.error == "process died"
    assert row.stats == {"fetched": 3}
    assert repo.recent_cycles()[0].status == "failed"


def test_export_records_make_stories_not_new(repo: Repository) -> None:
    with repo.story_writer() as conn:
        sid = repo.insert_story(conn, make_story(), None, BANDS)
    assert sid is not None
    assert [s.id for s in repo.stories_to_export("/out", "txt", include_exported=False)] == [sid]
    repo.record_export(sid, "/out", "txt", "001_00000000000000ff.txt")
    repo.record_export(sid, "/out", "txt", "001_00000000000000ff.txt")
    assert list(repo.stories_to_export("/out", "txt", include_exported=False)) == []
    assert [s.id for s in repo.stories_to_export("/other", "txt", include_exported=False)] == [sid]
    assert [s.id for s in repo.stories_to_export("/out", "txt", include_exported=True)] == [sid]


def test_unreachable_postgres_is_a_clear_error_without_password() -> None:
    url = "postgresql+psycopg://asn:s3cret@127.0.0.1:1/none"
    with pytest.raises(DatabaseError) as info:
        Repository.open(url)
    assert "s3cret" not in str(info.value)
    assert "cannot connect" in str(info.value)
    assert "s3cret" not in redact_url(url)


def test_an_incomplete_story_is_given_up_after_its_attempts(repo: Repository) -> None:
    partial = "https://x.id/partial"
    with repo.story_writer() as conn:
        story_id = repo.insert_story(conn, make_story(partial, pages_missing=1), None, BANDS)
    for _ in range(2):
        repo.mark_seen(partial, "neraca", status="stored", story_id=story_id)
    assert repo.unseen([partial], incomplete_attempts=3) == [partial]
    assert [s.id for s in repo.stories_to_export("out", "txt", include_exported=False)] == []
    assert (
        list(repo.stories_to_export("out", "txt", include_exported=False, incomplete_attempts=3))
        == []
    )
    repo.mark_seen(partial, "neraca", status="stored", story_id=story_id)
    assert repo.unseen([partial], incomplete_attempts=3) == []
    assert repo.unseen([partial]) == [partial]  # without a limit it is fetched for ever
    [story] = repo.stories_to_export("out", "txt", include_exported=False, incomplete_attempts=3)
    assert (story.id, story.pages_missing) == (story_id, 1)


def test_migration_0005_adds_the_daemons_table_to_an_existing_database(db_url: str) -> None:
    engine = create_db_engine(db_url)
    upgrade(engine, "0004")
    assert "daemons" not in inspect(engine).get_table_names()
    engine.dispose()
    repo = Repository.open(db_url)
    assert "daemons" in inspect(repo.engine).get_table_names()
    assert repo.last_daemon() is None


def test_a_daemon_registers_beats_and_records_its_stop(repo: Repository) -> None:
    first = repo.register_daemon("host-a", 111, 5.0)
    second = repo.register_daemon("host-b", 222, 2.5)
    due = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    repo.daemon_beat(second, due)
    last = repo.last_daemon()
    assert last is not None and (last.id, last.host, last.pid) == (second, "host-b", 222)
    assert last.next_cycle_at == due and last.beat_seconds == 2.5 and last.stopped_at is None
    assert last.heartbeat_at >= last.started_at
    repo.daemon_stopped(second)
    stopped = repo.last_daemon()
    assert stopped is not None and stopped.id == second
    assert stopped.stopped_at is not None and stopped.next_cycle_at is None
    repo.daemon_beat(first, None)  # the newest beat is the daemon status reads
    newest = repo.last_daemon()
    assert newest is not None and newest.id == first


def test_an_interrupted_run_stays_interrupted_unless_it_ended_ok(repo: Repository) -> None:
    cycle = repo.start_cycle("manual")
    stopped, done, died = (repo.start_run(name, cycle_id=cycle) for name in ("a", "b", "c"))
    repo.interrupt_runs([stopped, done, died], "interrupted: SIGINT")
    repo.finish_run(stopped, "failed", {"stored": 1}, "crawl closed early: shutdown")
    repo.finish_run(done, "ok", {"stored": 2})
    assert repo.fail_if_running(died, "crawl process exited with code -9")
    assert not repo.fail_if_running(died, "again")
    runs = {r.outlet: r for r in repo.runs_of_cycle(cycle)}
    assert (runs["a"].status, runs["a"].error, runs["a"].stats) == (
        "interrupted",
        "interrupted: SIGINT",
        {"stored": 1},
    )
    assert (runs["b"].status, runs["b"].error) == ("ok", None)
    assert (runs["c"].status, runs["c"].error) == ("interrupted", "interrupted: SIGINT")
    assert all(r.finished_at is not None for r in runs.values())
    assert repo.running_runs(["a", "b", "c"]) == []
    repo.interrupt_runs([done], "interrupted: SIGTERM")  # only running runs are interrupted
    assert repo.get_run(done).status == "ok"  # type: ignore[union-attr]


def test_closing_a_cycle_interrupts_or_fails_its_open_runs(repo: Repository) -> None:
    stopped = repo.start_cycle("schedule")
    left, marked = repo.start_run("a", cycle_id=stopped), repo.start_run("b", cycle_id=stopped)
    repo.interrupt_runs([marked], "interrupted: SIGTERM")
    assert repo.running_runs(["a", "b"]) != []
    closed = repo.fail_running_runs_of_cycle(stopped, "daemon stopping", interrupted=True)
    assert sorted(closed) == sorted([left, marked])
    runs = {r.outlet: r for r in repo.runs_of_cycle(stopped)}
    assert (runs["a"].status, runs["a"].error) == ("interrupted", "daemon stopping")
    assert (runs["b"].status, runs["b"].error) == ("interrupted", "interrupted: SIGTERM")
    assert all(r.finished_at is not None for r in runs.values())

    timed_out = repo.start_cycle("schedule")
    run = repo.start_run("a", cycle_id=timed_out)
    repo.interrupt_runs([run], "interrupted: SIGTERM")  # the time limit's SIGTERM
    repo.finish_run(run, "failed", {}, "crawl closed early: shutdown")
    assert repo.fail_running_runs_of_cycle(timed_out, "cycle time limit") == [run]
    failed = repo.get_run(run)
    assert failed is not None and (failed.status, failed.error) == ("failed", "cycle time limit")
