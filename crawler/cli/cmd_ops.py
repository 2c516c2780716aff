"""`asnwatch status` and `asnwatch daemon`: watching and running the scheduled job."""

from __future__ import annotations

import argparse

from crawler.cli.common import EXIT_OK, CliError, open_repo
from crawler.config.model import Config
from crawler.ops import status as status_view
from crawler.ops.preflight import preflight
from crawler.ops.runner import check_spiders


def cmd_status(config: Config, args: argparse.Namespace) -> int:
    """Print whether a daemon runs, the last cycles, and each outlet's counts and health.

    With `--json`, the same as one JSON object (`crawler.ops.statusjson`).
    """
    repo = open_repo(config)
    if getattr(args, "json", False):
        from crawler.ops.statusjson import render_json

        print(render_json(config, repo))
    else:
        print(status_view.render(config, repo))
    return EXIT_OK


def cmd_daemon(config: Config, args: argparse.Namespace) -> int:
    """Run cycles on the schedule until SIGTERM/SIGINT."""
    from crawler.ops.daemon import run_daemon
    from crawler.ops.metrics import MetricsError
    from crawler.ops.monitoring import daemon_monitoring

    check_spiders(config)  # each cycle would fail on it: refuse to start instead
    preflight(config, daemon=True)  # so would an unwritable folder
    try:
        with daemon_monitoring(config, getattr(args, "metrics", None)) as repo:
            return run_daemon(config, repo=repo)
    except MetricsError as exc:  # e.g. the port is taken: before anything ran
        raise CliError(str(exc)) from None
