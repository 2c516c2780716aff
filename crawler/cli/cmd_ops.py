"""`asnwatch status` and `asnwatch daemon`: watching and running the scheduled job."""

from __future__ import annotations

import argparse

from crawler.cli.common import EXIT_OK, open_repo
from crawler.config.model import Config
from crawler.ops import status as status_view
from crawler.ops.runner import check_spiders


def cmd_status(config: Config, args: argparse.Namespace) -> int:
    """Print the last cycles, the next one, and each outlet's counts and health."""
    print(status_view.render(config, open_repo(config)))
    return EXIT_OK


def cmd_daemon(config: Config, args: argparse.Namespace) -> int:
    """Run cycles on the schedule until SIGTERM/SIGINT."""
    from crawler.ops.daemon import run_daemon

    check_spiders(config)  # each cycle would fail on it: refuse to start instead
    return run_daemon(config)
