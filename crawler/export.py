"""`asnwatch export`: new stories to files, crash-safe.

txt is the seed format (docs/outlets.md): one file per story, `NNN_<16 hex>.txt`,
the sequence continuing after the highest number in the folder, the hex the
story's SimHash; headline, blank line, paragraphs separated by blank lines,
UTF-8, LF, no trailing newline. A story keeps the file it was first exported to
in a folder: `--all` into the same folder rewrites that file, never a second
copy. Beside the txt files, `index.jsonl` maps each file to its story (id, url,
outlet, title, published_at, fetched_at). jsonl and csv write one file per export
run; csv carries the text too.

Every file is written under a temporary name, flushed to disk and renamed;
a story is recorded as exported only after its file exists. A run killed
between the rename and the record leaves a complete file and no record: the
next run recognizes the file (txt: by the fingerprint in its name; jsonl/csv:
by the ids inside) and records it instead of writing the story again. File
names never come from URLs or titles.
"""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, Literal

from crawler.dedup.fingerprint import fingerprint_hex, from_signed64, to_signed64
from crawler.ops.processes import pid_alive
from storage.repository import ExportStory, Repository

Format = Literal["txt", "jsonl", "csv"]
TXT_NAME = re.compile(r"^(\d{3,})_([0-9a-f]{16})\.txt$")
RUN_NAME = re.compile(r"^export-\d{8}T\d{6}Z(-\d+)?\.(jsonl|csv)$")
TEMP_PREFIX = ".asnwatch-"
CSV_FIELDS = [
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
    "pages_missing",
    "text",
]
INDEX_NAME = "index.jsonl"


class ExportError(Exception):
    """The export could not be done; nothing was marked exported that has no file."""


@dataclass
class ExportResult:
    folder: Path
    format: Format
    files: list[Path] = field(default_factory=list)
    stories: int = 0
    recovered: int = 0


def render_story(title: str, text: str) -> str:
    """The txt file content: headline, blank line, body; no trailing newline."""
    headline = " ".join(title.split())
    return f"{headline}\n\n{text.strip()}"


def _write_atomic(folder: Path, name: str, data: bytes) -> Path:
    """Write `data` to folder/name via a temporary file, fsync and rename."""
    final = folder / name
    if final.resolve().parent != folder.resolve():
        raise ExportError(f"refusing to write outside the export folder: {name!r}")
    tmp = folder / f"{TEMP_PREFIX}{os.getpid()}-{name}.tmp"
    try:
        with open(tmp, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, final)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {final}: {exc.strerror or exc}") from exc
    _fsync_dir(folder)
    return final


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def prepare_folder(folder: Path) -> Path:
    """Create the folder if missing, check it is writable, and remove stale temp files."""
    folder = folder.expanduser().resolve()
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create export folder {folder}: {exc.strerror}") from exc
    if not folder.is_dir():
        raise ExportError(f"export path is not a folder: {folder}")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ExportError(f"export folder is not writable: {folder}")
    for stale in folder.glob(f"{TEMP_PREFIX}*.tmp"):
        if not _writer_alive(stale.name):
            stale.unlink(missing_ok=True)
    return folder


def _writer_alive(temp_name: str) -> bool:
    """Whether the process that names a temp file (`.asnwatch-<pid>-...`) still runs.

    Another export into the same folder (a manual `asnwatch export` during a
    scheduled cycle's) may be writing it right now: only the files of dead
    writers are stale.
    """
    pid = temp_name.removeprefix(TEMP_PREFIX).split("-", 1)[0]
    return pid.isdigit() and int(pid) != os.getpid() and pid_alive(int(pid))


def _txt_files(folder: Path) -> Iterator[tuple[int, str, str]]:
    """(sequence number, fingerprint hex, name) of the folder's story files."""
    for entry in os.scandir(folder):
        match = TXT_NAME.match(entry.name)
        if match:
            yield int(match.group(1)), match.group(2), entry.name


def _recover_txt(repo: Repository, folder: Path) -> int:
    """Record files a killed run wrote but did not record; returns how many.

    A file is matched to a story by the fingerprint in its name and confirmed
    by its content (two stories may share a fingerprint).
    """
    records = repo.export_records(str(folder), "txt")
    recorded = set(records.values())
    orphans: dict[str, list[str]] = {}
    for _, hex_, name in _txt_files(folder):
        if name not in recorded:
            orphans.setdefault(hex_, []).append(name)
    if not orphans:
        return 0
    candidates = repo.primaries_with_fingerprints([to_signed64(int(h, 16)) for h in orphans])
    items: list[tuple[int, str]] = []
    for story in candidates:
        if story.id in records:
            continue
        expected = render_story(story.title, story.text).encode("utf-8")
        for name in orphans.get(fingerprint_hex(from_signed64(story.fingerprint)), []):
            if (folder / name).read_bytes() == expected:
                items.append((story.id, name))
                break
    repo.record_exports(items, str(folder), "txt")
    return len(items)


def _recover_runs(repo: Repository, folder: Path, fmt: Format) -> int:
    """Record the stories inside jsonl/csv files that a killed run did not record."""
    recorded = set(repo.export_records(str(folder), fmt).values())
    count = 0
    for path in sorted(folder.glob(f"export-*.{fmt}")):
        if path.name in recorded or not RUN_NAME.match(path.name):
            continue
        ids = list(_ids_in(path, fmt))
        repo.record_exports([(i, path.name) for i in ids], str(folder), fmt)
        count += len(ids)
    return count


def _ids_in(path: Path, fmt: Format) -> Iterator[int]:
    with path.open(encoding="utf-8", newline="") as handle:
        if fmt == "jsonl":
            for line in handle:
                if line.strip():
                    yield int(json.loads(line)["id"])
        else:
            for row in csv.DictReader(handle):
                yield int(row["id"])


def _record(
    story: ExportStory, duplicates: list[dict[str, str]], file: str | None
) -> dict[str, Any]:
    return {
        "id": story.id,
        "url": story.canonical_url,
        "fetched_url": story.url,
        "outlet": story.outlet,
        "title": story.title,
        "author": story.author,
        "published_at": story.published_at.isoformat() if story.published_at else None,
        "fetched_at": story.fetched_at.isoformat(),
        "fingerprint": fingerprint_hex(from_signed64(story.fingerprint)),
        "file": file,
        "duplicates": duplicates,
        "score": round(story.score, 4),
        "matched_terms": story.matched_terms,
        "pages_missing": story.pages_missing,
        "text": render_story(story.title, story.text),
    }


def _batched(stories: Iterable[ExportStory], size: int = 500) -> Iterator[list[ExportStory]]:
    batch: list[ExportStory] = []
    for story in stories:
        batch.append(story)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def export(
    repo: Repository,
    folder: Path,
    fmt: Format = "txt",
    *,
    since: datetime | None = None,
    include_exported: bool = False,
    incomplete_attempts: int | None = None,
) -> ExportResult:
    """Export the stories not yet in `folder` (or all of them) in `fmt`.

    A story with pages missing is exported only once the crawl gave up on it
    (`incomplete_attempts`, the config's `crawl.incomplete_story_attempts`).
    """
    folder = prepare_folder(folder)
    result = ExportResult(folder=folder, format=fmt)
    select_stories = partial(
        repo.stories_to_export,
        str(folder),
        fmt,
        since=since,
        incomplete_attempts=incomplete_attempts,
    )
    stories = select_stories(include_exported=include_exported)
    if fmt == "txt":
        result.recovered = _recover_txt(repo, folder)
        if result.recovered and not include_exported:
            stories = select_stories(include_exported=False)
        _export_txt(repo, folder, stories, result)
    else:
        result.recovered = _recover_runs(repo, folder, fmt)
        _export_run_file(repo, folder, fmt, stories, result)
    return result


def _export_txt(
    repo: Repository, folder: Path, stories: Iterable[ExportStory], result: ExportResult
) -> None:
    """One file per story; a story exported to this folder before keeps its file.

    So `--all` into a folder of earlier exports rewrites (or leaves) the same
    files instead of adding second copies under new numbers.
    """
    sequence = max((n for n, _, _ in _txt_files(folder)), default=0) + 1
    names = repo.export_records(str(folder), "txt")
    for story in stories:
        name = names.get(story.id)
        if name is None:
            name = f"{sequence:03d}_{fingerprint_hex(from_signed64(story.fingerprint))}.txt"
            sequence += 1
        data = render_story(story.title, story.text).encode("utf-8")
        path = folder / name
        if not (path.is_file() and path.read_bytes() == data):
            path = _write_atomic(folder, name, data)
        result.files.append(path)
        repo.record_export(story.id, str(folder), "txt", name)
        result.stories += 1
    write_index(repo, folder)


def write_index(repo: Repository, folder: Path) -> None:
    """`index.jsonl`: a line per txt file of the folder (file, id, url, outlet, title, dates).

    Rebuilt from the export records and written like the story files (temporary
    name, fsync, rename), so it is always whole and names only files that exist.
    It is rewritten once, at the end of an export (each rewrite reads every
    record of the folder, so rewriting it as files are written would cost the
    square of the folder's size): a run killed before that leaves its new files
    out of the index until the next run, which records them and rebuilds it. Two
    exports into one folder take turns (a lock on the folder), so the later snapshot
    of the records is the one that stays.
    """
    fd = os.open(folder, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        present = {name for _, _, name in _txt_files(folder)}
        if not present and not (folder / INDEX_NAME).exists():
            return  # no story file: no index either
        lines = [
            json.dumps(_index_entry(row), ensure_ascii=False) + "\n"
            for row in repo.export_index_rows(str(folder))
            if row["file"] in present
        ]
        _write_atomic(folder, INDEX_NAME, "".join(lines).encode("utf-8"))
    finally:
        os.close(fd)  # releases the lock


def _index_entry(row: dict[str, Any]) -> dict[str, Any]:
    published = row["published_at"]
    return {
        **row,
        "published_at": published.isoformat() if published else None,
        "fetched_at": row["fetched_at"].isoformat(),
    }


def _export_run_file(
    repo: Repository,
    folder: Path,
    fmt: Format,
    stories: Iterable[ExportStory],
    result: ExportResult,
) -> None:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"export-{stamp}.{fmt}"
    suffix = 1
    while (folder / name).exists():
        suffix += 1
        name = f"export-{stamp}-{suffix}.{fmt}"
    buffer = io.StringIO(newline="")
    writer = (
        csv.DictWriter(buffer, fieldnames=CSV_FIELDS, extrasaction="ignore")
        if fmt == "csv"
        else None
    )
    if writer is not None:
        writer.writeheader()
    ids: list[int] = []
    for batch in _batched(stories):
        batch_ids = [s.id for s in batch]
        duplicates = repo.duplicates_of(batch_ids)
        files = repo.file_names(batch_ids, "txt")
        for story in batch:
            record = _record(story, duplicates.get(story.id, []), files.get(story.id))
            if writer is not None:
                record["duplicates"] = json.dumps(record["duplicates"], ensure_ascii=False)
                record["matched_terms"] = json.dumps(record["matched_terms"], ensure_ascii=False)
                writer.writerow(record)
            else:
                buffer.write(json.dumps(record, ensure_ascii=False) + "\n")
            ids.append(story.id)
    if not ids:
        return
    result.files.append(_write_atomic(folder, name, buffer.getvalue().encode("utf-8")))
    repo.record_exports([(i, name) for i in ids], str(folder), fmt)
    result.stories = len(ids)
