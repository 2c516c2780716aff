"""Store-once policy on real databases: exact, near and syndicated copies; concurrent writers."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from datetime import UTC, datetime
from pathlib import Path

from crawler.config.model import DedupConfig
from crawler.dedup.deduplicator import Deduplicator, new_story
from storage.repository import NewStory, Repository
from tests.conftest import ROOT

FIXTURES = ROOT / "tests" / "data" / "fingerprint"


def body(name: str) -> str:
    """A fixture article as stored: paragraphs separated by blank lines."""
    lines = (FIXTURES / name).read_text(encoding="utf-8").split("\n")
    return "\n\n".join(line.strip() for line in lines if line.strip())


def story(url: str, text: str, outlet: str = "sahabat") -> NewStory:
    return new_story(
        outlet=outlet,
        canonical_url=url,
        url=url,
        title="Judul",
        fetched_at=datetime.now(UTC),
        text=text,
        score=3.0,
        matched_terms=["asn"],
    )


def test_same_url_twice_is_stored_once(repo: Repository) -> None:
    dedup = Deduplicator(repo, DedupConfig())
    first = dedup.store(story("https://a.id/1", body("asn_garut.txt")), ["https://a.id/1"])
    again = dedup.store(story("https://a.id/1", body("asn_garut.txt")), ["https://a.id/1"])
    assert (first.outcome, again.outcome) == ("stored", "exists")
    assert again.story_id == first.story_id
    assert repo.count_stories() == 1


def test_same_text_under_another_url_is_a_duplicate(repo: Repository) -> None:
    dedup = Deduplicator(repo, DedupConfig())
    text = body("asn_bkn.txt")
    first = dedup.store(story("https://a.id/1", text), ["https://a.id/1"])
    # Whitespace and case differences are the same normalized text.
    second = dedup.store(
        story("https://b.id/9", text.upper().replace(" ", "  ")), ["https://b.id/9"]
    )
    assert second.outcome == "duplicate" and second.duplicate_of == first.story_id


def test_syndicated_copies_on_other_outlets_point_at_the_first(repo: Repository) -> None:
    dedup = Deduplicator(repo, DedupConfig())
    for name in ("asn_garut", "asn_bkn", "asn_sleman"):
        original = dedup.store(story(f"https://a.id/{name}", body(f"{name}.txt")), [])
        copy = dedup.store(
            story(f"https://b.id/{name}", body(f"{name}.syndicated.txt"), outlet="abadikini"), []
        )
        assert copy.outcome == "duplicate", name
        assert copy.duplicate_of == original.story_id
    assert repo.count_stories(primaries_only=True) == 3


def test_trimmed_copy_is_a_duplicate(repo: Repository) -> None:
    dedup = Deduplicator(repo, DedupConfig())
    text = body("asn_garut.txt")
    first = dedup.store(story("https://a.id/1", text), [])
    trimmed = "\n\n".join(text.split("\n\n")[:-1])
    assert dedup.store(story("https://b.id/1", trimmed), []).duplicate_of == first.story_id


def test_different_stories_on_the_same_topic_stay_separate(repo: Repository) -> None:
    dedup = Deduplicator(repo, DedupConfig())
    names = [
        "asn_garut.txt",
        "asn_bkn.txt",
        "asn_sleman.txt",
        "asn_banyumas.txt",
        "kpu_logistik.txt",
    ]
    results = [dedup.store(story(f"https://a.id/{i}", body(n)), []) for i, n in enumerate(names)]
    assert [r.outcome for r in results] == ["stored"] * len(names)


def test_seen_keys_are_marked_with_the_outcome(repo: Repository) -> None:
    dedup = Deduplicator(repo, DedupConfig())
    dedup.store(
        story("https://a.id/1", body("asn_garut.txt")), ["https://a.id/1", "https://a.id/1/amp"]
    )
    assert repo.seen_status("https://a.id/1/amp") == "stored"
    assert repo.unseen(["https://a.id/1", "https://a.id/1/amp"]) == []


WRITER = textwrap.dedent(
    """
    import sys
    from tests.test_dedup import body, story
    from crawler.config.model import DedupConfig
    from crawler.dedup.deduplicator import Deduplicator
    from storage.repository import Repository

    repo = Repository.open(sys.argv[1])
    dedup = Deduplicator(repo, DedupConfig())
    outlet = sys.argv[2]
    for name in ["asn_garut", "asn_bkn", "asn_sleman", "asn_banyumas", "harga_beras"]:
        dedup.store(story(f"https://{outlet}.id/{name}", body(name + ".txt"), outlet), [])
    """
)


def test_two_processes_at_once_store_each_story_once(db_url: str, tmp_path: Path) -> None:
    Repository.open(db_url).close()  # migrate first, as the runner's parent does
    script = tmp_path / "writer.py"
    script.write_text(WRITER, encoding="utf-8")
    procs = [
        subprocess.Popen(
            [sys.executable, str(script), db_url, outlet],
            cwd=ROOT,
            env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        )
        for outlet in ("one", "two", "three")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0, 0]
    repo = Repository.open(db_url)
    assert repo.count_stories() == 15
    assert repo.count_stories(primaries_only=True) == 5
