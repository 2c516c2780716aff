"""`asnwatch stories`: list and search the stored stories, or show one (`stories show ID`).

The list is newest first, or best first with `--q` (the search is `storage.search`:
every word must match, case and diacritics folded, title hits above text hits),
as a table or JSON lines. Duplicates are left out of the list: they appear as
the syndicated copies of their primary in `stories show`.

Titles and texts are scraped from the web: control characters are replaced
before they reach a terminal, so a story cannot send escape sequences to it.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from datetime import UTC, date, datetime
from typing import TextIO

from crawler.cli.common import EXIT_FAIL, EXIT_OK, CliError, open_repo
from crawler.config.model import Config
from storage.search import StoryDetail, StoryHit

TITLE_WIDTH = 72


def add_stories_args(parser: argparse.ArgumentParser) -> None:
    """The `stories` command's arguments (the parser itself is made by `crawler.cli.main`)."""
    parser.add_argument("action", nargs="?", choices=["show"], help="show one story: show ID")
    parser.add_argument("story_id", nargs="?", type=int, metavar="ID", help=argparse.SUPPRESS)
    parser.add_argument("--q", metavar="TEXT", help="only stories with every word of TEXT, ranked")
    parser.add_argument("--outlet", metavar="NAME", help="only this outlet's stories")
    parser.add_argument("--since", metavar="DATE", type=_day, help="published on or after DATE")
    parser.add_argument("--until", metavar="DATE", type=_day, help="published on or before DATE")
    parser.add_argument("--limit", type=int, default=20, metavar="N", help="default: 20")
    parser.add_argument("--format", choices=["table", "jsonl"], default="table")


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected a date like 2026-11-01, got {value!r}"
        ) from None


def cmd_stories(config: Config, args: argparse.Namespace) -> int:
    """List (or with `show ID`, print one story); exit 1 when the story does not exist."""
    if args.action == "show" and args.story_id is None:
        raise CliError("stories show: which story? give its ID (see `asnwatch stories`)")
    if args.action is None and args.story_id is not None:
        raise CliError("stories: an ID goes with show: `asnwatch stories show ID`")
    repo = open_repo(config)
    if args.action == "show":
        detail = repo.story_detail(args.story_id)
        if detail is None:
            print(f"asnwatch: error: no story {args.story_id}", file=sys.stderr)
            return EXIT_FAIL
        print_detail(detail)
        return EXIT_OK
    hits = repo.search_stories(
        args.q, outlet=args.outlet, since=args.since, until=args.until, limit=max(args.limit, 0)
    )
    if args.format == "jsonl":
        for hit in hits:
            print(json.dumps(hit_record(hit), ensure_ascii=False))
    else:
        print_table(hits, ranked=bool(args.q))
    return EXIT_OK


def hit_record(hit: StoryHit) -> dict[str, object]:
    """One listed story as a JSON object (dates in ISO 8601, UTC)."""
    return {
        "id": hit.id,
        "outlet": hit.outlet,
        "title": hit.title,
        "url": hit.url,
        "published_at": _iso(hit.published_at),
        "fetched_at": _iso(hit.fetched_at),
        "score": hit.score,
        "rank": hit.rank,
        "snippet": hit.snippet,
    }


def _iso(when: datetime | None) -> str | None:
    return when.astimezone(UTC).isoformat() if when else None


def safe(text: str, *, keep_newlines: bool = False) -> str:
    """`text` with control characters (escape sequences' start among them) made spaces."""
    kept = "\n" if keep_newlines else ""
    return "".join(c if c in kept or unicodedata.category(c) != "Cc" else " " for c in text)


def _shorten(text: str, width: int) -> str:
    text = " ".join(safe(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def print_table(hits: list[StoryHit], *, ranked: bool, out: TextIO = sys.stdout) -> None:
    """One line per story (id, date, outlet, title); ranked lists add the rank and a snippet."""
    if not hits:
        print("No stories match.", file=out)
        return
    rank_head = f"{'rank':>6} " if ranked else ""
    print(f"{'id':>7} {rank_head}{'date':<10} {'outlet':<14} title", file=out)
    for hit in hits:
        day = (hit.published_at or hit.fetched_at).astimezone(UTC).date().isoformat()
        rank = f"{hit.rank:>6.3g} " if ranked else ""
        print(
            f"{hit.id:>7} {rank}{day:<10} {_shorten(hit.outlet, 14):<14} "
            f"{_shorten(hit.title, TITLE_WIDTH)}",
            file=out,
        )
        if ranked:
            print(f"{'':>8}{_shorten(hit.snippet, TITLE_WIDTH + 26)}", file=out)


def print_detail(story: StoryDetail, out: TextIO = sys.stdout) -> None:
    """One story: metadata, topic score and matched terms, syndicated copies, then its text."""
    lines = [
        f"#{story.id}  {_shorten(story.title, 200)}",
        f"outlet:     {safe(story.outlet)}",
        f"url:        {safe(story.url)}",
        f"author:     {safe(story.author or '-')}",
        f"published:  {_iso(story.published_at) or '-'}",
        f"fetched:    {_iso(story.fetched_at)}",
        f"topic:      score {story.score:g}; matched {safe(', '.join(story.matched_terms)) or '-'}",
    ]
    if story.duplicate_of_id is not None:
        lines.append(f"copy of:    #{story.duplicate_of_id}")
    if story.pages_missing:
        lines.append(f"incomplete: {story.pages_missing} further page(s) not fetched")
    lines.append(f"syndicated copies: {len(story.copies) or 'none'}")
    for copy in story.copies:
        lines.append(f"  #{copy.id}  {safe(copy.outlet)}  {safe(copy.url)}")
        lines.append(f"        {_shorten(copy.title, TITLE_WIDTH)}")
    print("\n".join(lines), file=out)
    print(f"\n{safe(story.text, keep_newlines=True)}", file=out)
