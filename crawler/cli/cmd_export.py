"""`asnwatch export`: write the stories not yet exported (or all of them) to files."""

from __future__ import annotations

import argparse

from crawler.cli.common import EXIT_OK, open_repo
from crawler.config.model import Config
from crawler.export import export
from crawler.ops.preflight import preflight


def cmd_export(config: Config, args: argparse.Namespace) -> int:
    """Export into `--out` (default `export.dir`) in `--format`; one line says what was done."""
    preflight(config, export_dir=args.out, crawl=False)
    repo = open_repo(config)
    result = export(
        repo,
        args.out or config.export.dir,
        args.format or config.export.format,
        since=args.since,
        include_exported=args.all,
        incomplete_attempts=config.crawl.incomplete_story_attempts,
    )
    recovered = (
        f" ({result.recovered} recovered from an interrupted run)" if result.recovered else ""
    )
    print(f"Exported {result.stories} stories to {result.folder}{recovered}")
    return EXIT_OK
