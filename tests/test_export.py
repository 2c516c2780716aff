"""Export: the seed format byte for byte, "new" per folder, formats, crash safety."""

from __future__ import annotations

import csv
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.dedup.deduplicator import new_story, story_bands
from crawler.dedup.fingerprint import fingerprint_hex, simhash64
from crawler.export import ExportError, export, render_story
from storage.repository import Repository
from tests.conftest import ROOT

WORDS = [
    "asn",
    "netral",
    "pemilu",
    "bupati",
    "warga",
    "desa",
    "kota",
    "camat",
    "bawaslu",
    "sanksi",
    "rapat",
    "jalan",
    "pasar",
]
TEXT = "INILAHKORAN, Cimahi - ASN diminta netral.\n\nKalimat kedua yang panjang."


def add_story(
    repo: Repository,
    n: int,
    *,
    text: str | None = None,
    duplicate_of: int | None = None,
    outlet: str = "inilahkoran",
) -> int:
    body = text or f"{TEXT}\n\n" + " ".join(random.Random(n).choices(WORDS, k=60))
    story = new_story(
        outlet=outlet,
        canonical_url=f"https://x.id/berita/a/{n}/judul",
        url=f"https://x.id/berita/a/{n}/judul",
        title=f"Judul berita {n} ",
        author="Doni",
        published_at=datetime(2026, 11, 2, tzinfo=UTC),
        fetched_at=datetime(2026, 11, 23, tzinfo=UTC),
        text=body,
        score=2.5,
        matched_terms=["asn", "netral"],
    )
    with repo.story_writer() as conn:
        bands = [] if duplicate_of else story_bands(body)
        story_id = repo.insert_story(conn, story, duplicate_of, bands)
    assert story_id is not None
    return story_id


def test_txt_file_is_the_seed_format_byte_for_byte(repo: Repository, tmp_path: Path) -> None:
    add_story(repo, 1, text=TEXT)
    result = export(repo, tmp_path / "out")
    [path] = result.files
    assert path.name == f"001_{fingerprint_hex(simhash64(TEXT))}.txt"
    assert path.read_bytes() == (
        b"Judul berita 1\n\nINILAHKORAN, Cimahi - ASN diminta netral.\n\n"
        b"Kalimat kedua yang panjang."
    )


def test_render_has_no_trailing_newline_and_one_line_headline() -> None:
    assert render_story("  Judul\n panjang ", "Isi.\n") == "Judul panjang\n\nIsi."


def test_sequence_continues_after_the_highest_number_in_the_folder(
    repo: Repository, tmp_path: Path
) -> None:
    (tmp_path / "041_00000000000000aa.txt").write_text("x", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    add_story(repo, 1)
    add_story(repo, 2)
    names = sorted(p.name[:4] for p in export(repo, tmp_path).files)
    assert names == ["042_", "043_"]


def test_second_export_writes_nothing_and_all_rewrites(repo: Repository, tmp_path: Path) -> None:
    add_story(repo, 1)
    add_story(repo, 2)
    first = sorted(p.name for p in export(repo, tmp_path).files)
    assert len(first) == 2
    assert export(repo, tmp_path).stories == 0
    # --all into the same folder: the same files again, no second copy.
    again = export(repo, tmp_path, include_exported=True)
    assert again.stories == 2
    assert sorted(p.name for p in again.files) == first
    assert sorted(p.name for p in tmp_path.glob("*.txt")) == first
    # Another folder is another "new".
    assert export(repo, tmp_path / "other").stories == 2


def test_duplicates_are_never_exported_but_listed(repo: Repository, tmp_path: Path) -> None:
    primary = add_story(repo, 1)
    add_story(repo, 2, duplicate_of=primary, outlet="sahabat")
    txt = export(repo, tmp_path)
    assert txt.stories == 1
    result = export(repo, tmp_path, "jsonl")
    [line] = result.files[0].read_text(encoding="utf-8").splitlines()
    record = json.loads(line)
    assert record["duplicates"] == [{"url": "https://x.id/berita/a/2/judul", "outlet": "sahabat"}]
    assert record["file"] == txt.files[0].name
    expected = {
        "id",
        "url",
        "outlet",
        "title",
        "author",
        "published_at",
        "fetched_at",
        "fingerprint",
        "file",
        "duplicates",
        "score",
        "matched_terms",
        "text",
    }
    assert expected <= set(record)
    assert record["text"].startswith("Judul berita 1\n\n")


def test_csv_has_the_jsonl_fields_and_the_text(repo: Repository, tmp_path: Path) -> None:
    add_story(repo, 1)
    result = export(repo, tmp_path, "csv")
    rows = list(csv.DictReader(result.files[0].open(encoding="utf-8", newline="")))
    jsonl = export(repo, tmp_path / "jsonl", "jsonl").files[0].read_text(encoding="utf-8")
    record = json.loads(jsonl)
    assert len(rows) == 1 and set(rows[0]) == set(record) - {"fetched_url"}
    # The whole story, paragraphs and all, as the txt file holds it.
    assert rows[0]["text"] == record["text"] and "\n\n" in rows[0]["text"]
    assert json.loads(rows[0]["matched_terms"]) == ["asn", "netral"]
    assert export(repo, tmp_path, "csv").stories == 0


def test_unwritable_folder_is_a_clear_error_with_nothing_marked(
    repo: Repository, tmp_path: Path
) -> None:
    add_story(repo, 1)
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="cannot create export folder"):
        export(repo, blocker / "out")
    assert (
        len(list(repo.stories_to_export(str(blocker / "out"), "txt", include_exported=False))) == 1
    )


def test_file_written_but_not_recorded_is_recovered_not_rewritten(
    repo: Repository, tmp_path: Path
) -> None:
    sid = add_story(repo, 1)
    export(repo, tmp_path)
    # Simulate a kill between rename and record: forget the record.
    with repo.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM exports")
    # A writer pid above Linux's pid_max (2**22): that process is certainly gone.
    (tmp_path / ".asnwatch-99999999-002_x.txt.tmp").write_text("partial", encoding="utf-8")
    result = export(repo, tmp_path)
    assert (result.recovered, result.stories) == (1, 0)
    assert repo.export_records(str(tmp_path), "txt").keys() == {sid}
    assert sorted(p.name for p in tmp_path.iterdir())[0].startswith("001_")
    assert not list(tmp_path.glob(".asnwatch-*"))


def test_a_temp_file_another_running_export_is_writing_is_left_alone(
    repo: Repository, tmp_path: Path
) -> None:
    add_story(repo, 1)
    with subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) as writer:
        try:
            busy = tmp_path / f".asnwatch-{writer.pid}-001_x.txt.tmp"
            busy.write_text("being written", encoding="utf-8")
            export(repo, tmp_path)
            assert busy.exists(), "a live writer's temp file was deleted under it"
        finally:
            writer.kill()


EXPORTER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from crawler.export import export
    from storage.repository import Repository
    export(Repository.open(sys.argv[1]), Path(sys.argv[2]))
    """
)


def test_kill_9_mid_export_then_resume_exports_each_story_once(
    sqlite_url: str, tmp_path: Path
) -> None:
    repo = Repository.open(sqlite_url)
    ids = {add_story(repo, n) for n in range(1, 1501)}
    out = tmp_path / "out"
    script = tmp_path / "exporter.py"
    script.write_text(EXPORTER, encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(script), sqlite_url, str(out)],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(list(out.glob("*.txt"))) < 20:
        time.sleep(0.01)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    written_before = len(list(out.glob("*.txt")))
    assert 0 < written_before < 1500, "the kill must land mid-export"
    export(repo, out)
    files = sorted(out.glob("*.txt"))
    assert len(files) == 1500
    assert len({p.read_bytes() for p in files}) == 1500  # no story written twice
    assert set(repo.export_records(str(out), "txt")) == ids
    assert not list(out.glob(".asnwatch-*"))
    assert export(repo, out).stories == 0
