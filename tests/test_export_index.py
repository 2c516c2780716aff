"""`index.jsonl` beside the txt files, and `--all` into a folder of earlier exports.

Real exports into tmp_path against a real database (SQLite and PostgreSQL).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from crawler.dedup.fingerprint import fingerprint_hex, from_signed64
from crawler.export import INDEX_NAME, export, render_story
from storage.repository import Repository
from storage.sql import exports_t
from tests.test_export import add_story


def index_of(folder: Path) -> list[dict[str, Any]]:
    lines = (folder / INDEX_NAME).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_index_maps_each_txt_file_to_its_story(repo: Repository, tmp_path: Path) -> None:
    ids = [add_story(repo, 1), add_story(repo, 2)]
    result = export(repo, tmp_path)
    entries = index_of(tmp_path)
    assert [e["file"] for e in entries] == sorted(p.name for p in result.files)
    assert [e["id"] for e in entries] == ids
    first = entries[0]
    assert first["url"] == "https://x.id/berita/a/1/judul"
    assert first["outlet"] == "inilahkoran"
    assert first["title"] == "Judul berita 1 "
    assert first["published_at"].startswith("2026-11-02T00:00:00")
    assert first["fetched_at"].startswith("2026-11-23T00:00:00")
    # A later export adds its files to the same index.
    add_story(repo, 3)
    export(repo, tmp_path)
    assert [e["id"] for e in index_of(tmp_path)] == [*ids, ids[-1] + 1]
    assert sorted(e["file"] for e in index_of(tmp_path)) == sorted(
        p.name for p in tmp_path.glob("*.txt")
    )


def test_all_into_a_folder_of_earlier_exports_writes_no_second_copy(
    repo: Repository, tmp_path: Path
) -> None:
    add_story(repo, 1)
    add_story(repo, 2)
    first = sorted(p.name for p in export(repo, tmp_path).files)
    # The records are gone (a new database, a restored backup): the fingerprint in the
    # file name and the content still say which story each file holds.
    with repo.engine.begin() as conn:
        conn.execute(exports_t.delete())
    result = export(repo, tmp_path, include_exported=True)
    assert result.stories == 2
    assert sorted(p.name for p in tmp_path.glob("*.txt")) == first
    assert sorted(e["file"] for e in index_of(tmp_path)) == first


def test_an_interrupted_export_leaves_a_consistent_folder(repo: Repository, tmp_path: Path) -> None:
    """Killed after writing a story file, before recording it and rewriting the index.

    The index still names only files that exist and is whole; the next run
    records the orphan under its own name and lists it.
    """
    add_story(repo, 1)
    export(repo, tmp_path)
    second = add_story(repo, 2)
    story = next(
        s
        for s in repo.stories_to_export(str(tmp_path), "txt", include_exported=True)
        if s.id == second
    )
    orphan = f"002_{fingerprint_hex(from_signed64(story.fingerprint))}.txt"
    (tmp_path / orphan).write_bytes(render_story(story.title, story.text).encode("utf-8"))
    # A dead writer's half-written index.
    dead = subprocess.Popen([sys.executable, "-c", ""])
    dead.wait()
    (tmp_path / f".asnwatch-{dead.pid}-{INDEX_NAME}.tmp").write_text(
        '{"file": "0', encoding="utf-8"
    )
    assert all((tmp_path / e["file"]).is_file() for e in index_of(tmp_path))

    result = export(repo, tmp_path)
    assert result.recovered == 1 and result.stories == 0
    assert sorted(p.name for p in tmp_path.glob("*.txt"))[-1] == orphan
    assert [e["file"] for e in index_of(tmp_path)][-1] == orphan
    assert not [n for n in os.listdir(tmp_path) if n.startswith(".asnwatch-")]


def test_an_empty_export_writes_no_index(repo: Repository, tmp_path: Path) -> None:
    assert export(repo, tmp_path).stories == 0
    assert not (tmp_path / INDEX_NAME).exists()
