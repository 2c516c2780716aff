"""State faults in the export: a folder that cannot take files, and hostile names.

An export folder under a regular file: the crawl completes, the cycle fails
in one line, nothing is marked exported, and the next run with a good folder
exports every story. A read-only folder (root too): one line, nothing marked.
A full filesystem (a 64 KiB tmpfs): a clear error, each written file has its
record and each record its file, no temp or partial file left, and after
space is freed the next export writes exactly the missing stories. Titles and
URLs with ../, /, NUL or 20,000 characters never shape a file name. Stories
are stored directly (`add_story`): these cases need no crawl.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import yaml

from crawler.cli.main import main
from crawler.config.model import load_config
from crawler.dedup.deduplicator import new_story, story_bands
from crawler.demo import demo_config
from crawler.export import ExportError, export
from crawler.ops.cycle import run_cycle
from crawler.ops.runner import CrawlOptions
from storage.repository import Repository
from tests.conftest import ROOT
from tests.faults.statekit import cli, fictional_article
from tests.world import FAST, replica_for

#: The txt export's index beside the story files (one line per file; see crawler.export).
INDEX = "index.jsonl"

pytestmark = pytest.mark.crawl


def add_story(repo: Repository, n: int, *, title: str | None = None, url: str | None = None) -> int:
    """An invented on-topic story stored directly (the export cases need no crawl)."""
    article = fictional_article("neraca", 100 + n, "Nasional")
    body = "\n\n".join(article["paragraphs"])
    story = new_story(
        outlet="neraca",
        canonical_url=url or f"https://neraca.example/article/{n}/judul",
        url=url or f"https://neraca.example/article/{n}/judul",
        title=title if title is not None else article["title"],
        author=article["author"],
        published_at=datetime(2026, 11, 2, tzinfo=UTC),
        fetched_at=datetime(2026, 11, 23, tzinfo=UTC),
        text=body,
        score=9.0,
        matched_terms=["asn", "netral"],
    )
    with repo.story_writer() as conn:
        story_id = repo.insert_story(conn, story, None, story_bands(body))
    assert story_id is not None
    return story_id


def test_an_export_folder_under_a_file_is_refused_before_anything_runs(tmp_path: Path) -> None:
    """an export folder under a regular file: refused before the crawl, one line naming it, exit 1

    Nothing is crawled or recorded; the next run, with a good folder, exports every story.
    """
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with replica_for() as replica:
        config = str(demo_config(ROOT / "config.yaml", tmp_path, replica.base_urls))
        bad = cli(
            "--config",
            config,
            "run",
            "--outlet",
            "abadikini",
            "--out",
            str(blocker / "export"),
            cwd=tmp_path,
        )
        repo = Repository.open(load_config(config).database.url)
        assert repo.recent_cycles(1) == [] and repo.count_stories() == 0
        good = cli("--config", config, "run", "--outlet", "abadikini", cwd=tmp_path)
    assert bad.returncode == 1
    [line] = [x for x in bad.stderr.splitlines() if x.startswith("asnwatch: error")]
    assert bad.stderr.strip() == line
    assert line.startswith(f"asnwatch: error: cannot write {blocker / 'export'} as user ")
    assert line.endswith(": Not a directory")
    stored = repo.count_stories(primaries_only=True)
    assert good.returncode == 0, good.stderr[-2000:] and stored > 0
    assert len(sorted((tmp_path / "export").glob("*.txt"))) == stored
    assert blocker.read_text(encoding="utf-8") == "x"


def test_an_export_folder_lost_after_the_crawl_fails_the_cycle_clearly_and_marks_nothing(
    tmp_path: Path,
) -> None:
    """an export folder that cannot be made once the crawl is done: cycle partial, nothing marked

    The crawl's stories stay stored and are exported by the next cycle.
    """
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x", encoding="utf-8")
    with replica_for() as replica:
        config_path = demo_config(ROOT / "config.yaml", tmp_path, replica.base_urls)
        config = load_config(config_path)
        repo = Repository.open(config.database.url)
        options = CrawlOptions(config_path=config_path, settings=FAST)
        with pytest.raises(ExportError, match="Not a directory"):
            run_cycle(config, repo, options, outlets=["abadikini"], export_to=blocker / "x")
        stored = repo.count_stories(primaries_only=True)
        [bad] = repo.recent_cycles(1)
        good = run_cycle(config, repo, options, outlets=["abadikini"])
    assert stored > 0  # the crawl itself completed
    assert bad.status == "partial" and "Not a directory" in " ".join(bad.summary["problems"])
    assert [r.status for r in repo.runs_of_cycle(bad.id)] == ["ok"]
    assert repo.export_records(str(blocker / "x"), "txt") == {}
    assert good.status == "ok" and good.export is not None and good.export.stories == stored
    assert len(repo.export_records(str(config.export.dir), "txt")) == stored


@pytest.fixture
def tiny_filesystem(tmp_path: Path) -> Iterator[Path]:
    """A 64 KiB tmpfs: a filesystem that fills up."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:  # not root, or a container without the right to mount
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip() or done.returncode}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_a_read_only_export_folder_is_a_clear_error_with_nothing_marked(
    tiny_filesystem: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """an export folder on a read-only filesystem (root too): one line, exit 1, nothing marked"""
    repo = Repository.open(f"sqlite:///{tmp_path / 'asnwatch.db'}")
    add_story(repo, 1)
    out = tiny_filesystem / "export"
    out.mkdir()
    subprocess.run(["mount", "-o", "remount,ro", str(tiny_filesystem)], check=True)
    config = tmp_path / "config.yaml"
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    data["database"] = {"url": f"sqlite:///{tmp_path / 'asnwatch.db'}"}
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    assert main(["--config", str(config), "export", "--out", str(out)]) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    # Refused by the start-up check, before anything is read or written.
    assert line.startswith(f"asnwatch: error: cannot write {out} as user ")
    assert line.endswith(": Read-only file system")
    assert repo.export_records(str(out), "txt") == {}
    assert list(out.iterdir()) == []


def fill(folder: Path, leave_pages: int) -> Path:
    """A filler file leaving `leave_pages` blocks free on folder's filesystem."""
    stat = os.statvfs(folder)
    free = stat.f_bavail * stat.f_frsize
    filler = folder / "filler.bin"
    filler.write_bytes(b"\0" * max(0, free - leave_pages * stat.f_frsize))
    return filler


def test_a_full_filesystem_stops_the_export_cleanly_and_the_next_writes_the_rest(
    tiny_filesystem: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """an export folder on a full filesystem: clear error, no unrecorded or temp file, rest later

    Each file written has its record and each record its file; no temp file is
    left; after space is freed the next export writes exactly the missing stories.
    """
    config = tmp_path / "config.yaml"
    data = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))
    data["database"] = {"url": f"sqlite:///{tmp_path / 'asnwatch.db'}"}
    config.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    repo = Repository.open(f"sqlite:///{tmp_path / 'asnwatch.db'}")
    ids = {add_story(repo, n) for n in range(10)}
    out = tiny_filesystem / "export"
    out.mkdir()
    filler = fill(tiny_filesystem, leave_pages=3)

    assert main(["--config", str(config), "export", "--out", str(out)]) == 1
    [line] = capsys.readouterr().err.strip().splitlines()
    assert line.startswith(f"asnwatch: error: cannot write {out}/")
    assert line.endswith("No space left on device")
    written = sorted(p.name for p in out.iterdir() if p.name != INDEX)
    recorded = repo.export_records(str(out), "txt")
    assert 0 < len(written) < len(ids)  # the disk filled up part way
    assert sorted(recorded.values()) == written  # a record for each file, a file for each
    assert not [name for name in written if name.startswith(".asnwatch-")]

    filler.unlink()
    assert main(["--config", str(config), "export", "--out", str(out)]) == 0
    files = sorted(p for p in out.iterdir() if p.name != INDEX)
    assert len(files) == len(ids)
    assert len({p.read_bytes() for p in files}) == len(ids)  # each story once
    assert set(repo.export_records(str(out), "txt")) == ids


def test_a_full_filesystem_leaves_no_partial_jsonl_file(
    tiny_filesystem: Path, tmp_path: Path
) -> None:
    """a jsonl export on a full filesystem: no partial file, nothing marked; later one whole file"""
    repo = Repository.open(f"sqlite:///{tmp_path / 'asnwatch.db'}")
    ids = {add_story(repo, n) for n in range(10)}
    out = tiny_filesystem / "export"
    out.mkdir()
    filler = fill(tiny_filesystem, leave_pages=1)
    with pytest.raises(ExportError, match="No space left on device"):
        export(repo, out, "jsonl")
    assert list(out.iterdir()) == []
    assert repo.export_records(str(out), "jsonl") == {}
    filler.unlink()
    result = export(repo, out, "jsonl")
    [path] = result.files
    assert {json.loads(line)["id"] for line in path.read_text(encoding="utf-8").splitlines()} == ids


HOSTILE = [
    "../../../../etc/passwd",
    "/tmp/asnwatch-escape",
    "..\\..\\windows\\system32",
    "judul\x00dengan NUL",
    "berita/../../../keluar.txt",
    "ASN " * 5000 + "judul sangat panjang",
    "~/.ssh/authorized_keys",
    "CON",
]


@pytest.mark.parametrize("fmt", ["txt", "jsonl", "csv"])
def test_export_file_names_never_come_from_titles_or_urls(tmp_path: Path, fmt: str) -> None:
    """titles and URLs with ../, /, NUL, 20,000 chars: file names stay fixed, inside the folder

    txt: NNN_<16 hex>.txt; jsonl/csv: export-<UTC time>.<fmt>; nothing else anywhere.
    """
    repo = Repository.open(f"sqlite:///{tmp_path / 'asnwatch.db'}")
    for n, hostile in enumerate(HOSTILE):
        add_story(repo, n, title=hostile, url=f"https://neraca.example/{hostile}/{n}")
    out = tmp_path / "box" / "export"
    result = export(repo, out, fmt)  # type: ignore[arg-type]
    assert result.stories == len(HOSTILE)
    names = sorted(p.name for p in out.iterdir() if p.name != INDEX)
    pattern = r"\d{3,}_[0-9a-f]{16}\.txt" if fmt == "txt" else rf"export-\d{{8}}T\d{{6}}Z\.{fmt}"
    assert names and all(re.fullmatch(pattern, name) for name in names), names
    assert all(p.parent == out for p in result.files)
    # Nothing was written anywhere else: the box holds only the export folder.
    everything = sorted(str(p.relative_to(tmp_path / "box")) for p in (tmp_path / "box").rglob("*"))
    index = [f"export/{INDEX}"] if fmt == "txt" else []
    assert everything == sorted(["export", *index, *(f"export/{name}" for name in names)])
    assert not Path("/tmp/asnwatch-escape").exists()
