"""Full-text search over stories (storage.search, migration 0007) and `asnwatch stories`.

On SQLite and PostgreSQL alike: stories written through the repository are
found by their words, ranked, filtered and listed; the index follows updates;
a migration over stored stories indexes them; user input is never query syntax.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml

from storage.migrate import upgrade
from storage.repository import NewStory, Repository
from storage.search import StoryHit

ROOT = Path(__file__).resolve().parents[1]


def story(url: str, **changes: object) -> NewStory:
    values: dict[str, object] = {
        "outlet": "neraca",
        "canonical_url": f"https://example.com/{url}",
        "url": f"https://example.com/{url}",
        "title": "Berita daerah",
        "author": "Arya",
        "published_at": datetime(2026, 11, 2, 8, 0, tzinfo=UTC),
        "fetched_at": datetime(2026, 11, 23, 1, 0, tzinfo=UTC),
        "text": "Sukabumi - Pemerintah daerah menggelar rapat.",
        "fingerprint": 1,
        "text_hash": url.ljust(64, "0")[:64],
        "score": 3.0,
        "matched_terms": ["asn"],
    }
    values.update(changes)
    return NewStory(**values)  # type: ignore[arg-type]


def add(repo: Repository, new: NewStory, duplicate_of: int | None = None) -> int:
    with repo.story_writer() as conn:
        story_id = repo.insert_story(conn, new, duplicate_of, [])
    assert story_id is not None
    return story_id


def ids(hits: list[StoryHit]) -> list[int]:
    return [h.id for h in hits]


@pytest.fixture
def stored(repo: Repository) -> dict[str, int]:
    """A title hit, a text-only hit, another outlet, an older story, and a copy."""
    title_hit = add(repo, story("t", title="ASN harus netral", text="Pegawai diminta tenang."))
    text_hit = add(repo, story("x", text="Bupati meminta ASN bersikap netral saat pemilu."))
    other = add(
        repo,
        story("o", outlet="antara", title="Netral di pilkada", published_at=None),
    )
    older = add(
        repo,
        story(
            "old",
            text="Netral itu wajib bagi aparatur.",
            published_at=datetime(2026, 10, 1, tzinfo=UTC),
        ),
    )
    copy = add(repo, story("c", outlet="antara", text="Salinan: ASN harus netral."), title_hit)
    return {"title": title_hit, "text": text_hit, "other": other, "older": older, "copy": copy}


def test_search_ranks_title_hits_first_and_hides_copies(
    repo: Repository, stored: dict[str, int]
) -> None:
    hits = repo.search_stories("netral")
    assert set(ids(hits)[:2]) == {stored["title"], stored["other"]}  # "netral" in the title
    assert set(ids(hits)[2:]) == {stored["text"], stored["older"]}  # only in the text
    assert stored["copy"] not in ids(hits)
    assert set(ids(hits)) == {stored[k] for k in ("title", "text", "other", "older")}
    assert stored["copy"] in ids(repo.search_stories("netral", include_duplicates=True))
    text_hit = next(h for h in hits if h.id == stored["text"])
    assert "[netral]" in text_hit.snippet and text_hit.rank > 0
    # Every word must match; case and diacritics are folded.
    assert ids(repo.search_stories("bupati NETRÁL")) == [stored["text"]]
    assert repo.search_stories("bupati kucing") == []


def test_search_filters_by_outlet_and_dates(repo: Repository, stored: dict[str, int]) -> None:
    assert ids(repo.search_stories("netral", outlet="antara")) == [stored["other"]]
    november = repo.search_stories("netral", since=date(2026, 11, 1), outlet="neraca")
    assert set(ids(november)) == {stored["title"], stored["text"]}
    # Without a published date a story is dated by its fetch (2026-11-23).
    assert ids(repo.search_stories("netral", until=date(2026, 10, 1))) == [stored["older"]]
    assert ids(repo.search_stories(since=date(2026, 11, 23))) == [stored["other"]]


def test_without_a_query_lists_newest_first(repo: Repository, stored: dict[str, int]) -> None:
    hits = repo.search_stories(limit=10)
    assert ids(hits)[0] == stored["other"]  # fetched 2026-11-23, no published date
    assert ids(hits)[-1] == stored["older"]
    assert ids(repo.search_stories(limit=2, offset=1)) == ids(hits)[1:3]
    assert all(h.rank == 0 for h in hits)


@pytest.mark.parametrize("q", ['"netral', "netral*", "-netral", "netral:", "(netral)", "+netral^"])
def test_query_syntax_in_user_input_is_not_an_error(
    repo: Repository, stored: dict[str, int], q: str
) -> None:
    assert stored["title"] in ids(repo.search_stories(q))
    # Every word counts, operators' names too; only words are searched.
    assert repo.search_stories(f"{q} title:tenang NEAR(a&b|!") == []


def test_updated_text_is_found_and_the_old_is_not(repo: Repository) -> None:
    story_id = add(repo, story("u", pages_missing=1, text="Halaman satu tentang gajah."))
    with repo.story_writer() as conn:
        repo.replace_story_text(conn, story_id, story("u", text="Kini tentang harimau."), None, [])
    assert ids(repo.search_stories("harimau")) == [story_id]
    assert repo.search_stories("gajah") == []


def test_story_detail_has_copies_and_text(repo: Repository, stored: dict[str, int]) -> None:
    detail = repo.story_detail(stored["title"])
    assert detail is not None
    assert (detail.title, detail.text) == ("ASN harus netral", "Pegawai diminta tenang.")
    assert (detail.score, detail.matched_terms) == (3.0, ["asn"])
    assert [c.id for c in detail.copies] == [stored["copy"]]
    assert repo.story_detail(10**9) is None


def test_migration_indexes_stories_already_stored(db_url: str) -> None:
    repo = Repository.open(db_url, migrate=False)
    upgrade(repo.engine, "0006")
    old = add(repo, story("m", text="Cerita lama tentang netralitas birokrasi."))
    upgrade(repo.engine)
    assert ids(repo.search_stories("birokrasi")) == [old]
    repo.close()


# --- the command line -------------------------------------------------------------------------


@pytest.fixture
def cli_config(tmp_path: Path, db_url: str, stored: dict[str, int]) -> Path:
    config = yaml.safe_load((ROOT / "config.yaml").read_text())
    config["database"] = {"url": db_url}
    path = tmp_path / "config.yaml"
    path.write_text(yaml.safe_dump(config))
    return path


def asnwatch(config: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli.main", "--config", str(config), "stories", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if k != "ASNWATCH_DATABASE_URL"},
        check=False,
    )


def test_cli_lists_stories_as_table_and_jsonl(cli_config: Path, stored: dict[str, int]) -> None:
    table = asnwatch(cli_config, "--q", "netral", "--outlet", "neraca")
    assert table.returncode == 0, table.stderr
    assert "ASN harus netral" in table.stdout and "Netral di pilkada" not in table.stdout
    jsonl = asnwatch(cli_config, "--format", "jsonl", "--limit", "2")
    assert jsonl.returncode == 0, jsonl.stderr
    lines = jsonl.stdout.splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["id"] for r in rows] == [stored["other"], stored["text"]]
    assert rows[0]["published_at"] is None and rows[1]["outlet"] == "neraca"


def test_cli_shows_one_story_with_copies_and_text(cli_config: Path, stored: dict[str, int]) -> None:
    shown = asnwatch(cli_config, "show", str(stored["title"]))
    assert shown.returncode == 0, shown.stderr
    assert "Pegawai diminta tenang." in shown.stdout
    assert "https://example.com/c" in shown.stdout  # the syndicated copy
    missing = asnwatch(cli_config, "show", "999999")
    assert missing.returncode == 1 and "no story 999999" in missing.stderr


def test_scraped_control_characters_never_reach_the_terminal() -> None:
    from crawler.cli.cmd_stories import safe

    assert safe("judul\x1b[2J\x9b31m\tx") == "judul [2J 31m x"
    assert safe("satu\ndua\x07", keep_newlines=True) == "satu\ndua "


def test_the_migration_folds_the_letters_the_search_folds() -> None:
    """The PostgreSQL column (migration 0007, frozen) and the query side fold alike."""
    import importlib.util

    from storage import search

    path = ROOT / "storage/migrations/versions/0007_story_search.py"
    spec = importlib.util.spec_from_file_location("migration_0007", path)
    assert spec is not None and spec.loader is not None
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    assert (migration.FOLD_FROM, migration.FOLD_TO) == (search.FOLD_FROM, search.FOLD_TO)
    assert len(search.FOLD_FROM) == len(search.FOLD_TO)
