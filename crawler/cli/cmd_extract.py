"""`asnwatch extract`: the crawl's extraction run on saved pages, printed as txt or JSON lines.

Each file (``.html``, or gzip-compressed ``.html.gz``) is one article, at its
``file://`` URL; with ``--url`` the files are the pages of one story at that URL,
in order, as a crawl joins a story split over pages. The pages go to
`extract_story` as the raw bytes, so the charset is found as for a benchmark
page (declared in the page, else detected); the rules are the ``--outlet``'s, or
the generic `ExtractionRules()` a new template gets, beside the config's shared
``extraction`` section. A file that cannot be read or holds no story is a
failure of that story: one line on stderr naming its file(s), an ``error`` in
JSON lines, and exit 1; the other stories are still printed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from crawler.cli.common import EXIT_FAIL, EXIT_OK, CliError
from crawler.config.extraction import ExtractionRules, SharedExtractionConfig
from crawler.config.model import Config
from crawler.content.extraction import extract_story
from crawler.content.story import ExtractedStory, ExtractionFailed

__all__ = ["Job", "cmd_extract", "jobs_for", "read_page"]

_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Job:
    """One story to extract: its page files in order and the URL it is extracted at."""

    files: tuple[Path, ...]
    url: str

    @property
    def label(self) -> str:
        """The file(s), as given on the command line."""
        return ", ".join(str(path) for path in self.files)


@dataclass(frozen=True)
class Outcome:
    """A job's story, or why there is none."""

    job: Job
    story: ExtractedStory | None = None
    error: str | None = None


def jobs_for(files: Sequence[Path], url: str | None) -> list[Job]:
    """One job per file at its ``file://`` URL; with `url`, one job of all the files."""
    if url is not None:
        return [Job(tuple(files), url)]
    return [Job((path,), path.resolve().as_uri()) for path in files]


def read_page(path: Path) -> bytes:
    """A saved page's bytes, gunzipped when they are gzip (whatever the file is called)."""
    data = path.read_bytes()
    return gzip.decompress(data) if data.startswith(_GZIP_MAGIC) else data


def extract_job(job: Job, rules: ExtractionRules, shared: SharedExtractionConfig) -> Outcome:
    """Read the job's pages and extract its story; a read error or no story is an error."""
    pages = []
    for path in job.files:
        try:
            pages.append(read_page(path))
        except (OSError, EOFError, zlib.error) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            return Outcome(job, error=f"cannot read {path}: {reason}")
    try:
        return Outcome(job, story=extract_story(pages, job.url, rules, shared))
    except ExtractionFailed as exc:
        return Outcome(job, error=str(exc))


def as_json(outcome: Outcome) -> dict[str, Any]:
    """The JSON line of one story: body text without the headline; `error` when it failed."""
    story = outcome.story
    row: dict[str, Any] = {
        "file": str(outcome.job.files[0]),
        "url": outcome.job.url,
        "title": story.title if story else None,
        "text": story.text if story else None,
        "author": story.author if story else None,
        "published_at": story.published_at.isoformat() if story and story.published_at else None,
        "pages": len(outcome.job.files),
    }
    if outcome.error is not None:
        row["error"] = outcome.error
    return row


def _rules(config: Config, outlet: str | None) -> ExtractionRules:
    if outlet is None:
        return ExtractionRules()
    if outlet not in config.outlets:
        raise CliError(f"unknown outlet {outlet!r} (configured: {', '.join(config.outlets)})")
    return config.outlets[outlet].extraction


def _print_txt(outcomes: Sequence[Outcome]) -> None:
    """Each story in the export layout; when there are several, each under ``==> FILE <==``."""
    headed = len(outcomes) > 1
    blocks = [
        (f"==> {outcome.job.label} <==\n" if headed else "") + outcome.story.render()
        for outcome in outcomes
        if outcome.story is not None
    ]
    if blocks:
        print("\n\n".join(blocks))


def cmd_extract(config: Config, args: argparse.Namespace) -> int:
    """Extract every job, print the stories, report each failure on stderr; 1 if any failed."""
    rules = _rules(config, args.outlet)
    outcomes = [
        extract_job(job, rules, config.extraction) for job in jobs_for(args.files, args.url)
    ]
    if args.format == "jsonl":
        for outcome in outcomes:
            print(json.dumps(as_json(outcome), ensure_ascii=False))
    else:
        _print_txt(outcomes)
    failed = [outcome for outcome in outcomes if outcome.error is not None]
    for outcome in failed:
        print(f"asnwatch: extract {outcome.job.label}: {outcome.error}", file=sys.stderr)
    return EXIT_FAIL if failed else EXIT_OK
