"""What runs beside the daemon's loop: the /metrics server and the alert thread.

`daemon_monitoring` wraps `run_daemon` (crawler.cli.cmd_ops): before, it starts
the metrics server (`--metrics` or `metrics.listen`; a port that cannot be
bound is a one-line error before anything runs) and the alert thread, which
announces the start; after, it makes a last check (the final cycle's stories)
and announces the stop. The daemon shares its repository (one connection pool).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager

from crawler.config.model import Config
from crawler.ops.alerts import AlertService
from crawler.ops.metrics import MetricsServer, start_metrics_server
from storage.repository import Repository

logger = logging.getLogger(__name__)


@contextmanager
def daemon_monitoring(config: Config, metrics_listen: str | None = None) -> Iterator[Repository]:
    """Metrics and alerts for the duration of the `with` block (the daemon's run).

    Yields the repository they use, for the daemon to share (one engine, one pool).
    """
    listen = metrics_listen or config.metrics.listen
    repo = Repository.open(config.database.url)
    server: MetricsServer | None = None
    alerts: AlertService | None = None
    try:
        if listen:
            server = start_metrics_server(config, repo, listen)
        alerts = AlertService(config, repo)
        alerts.daemon_event("started")
        alerts.run_in_thread()
        yield repo
        _stopped(alerts, "")
    except BaseException as exc:
        if alerts is not None:
            _stopped(alerts, f"{type(exc).__name__}: {exc}".splitlines()[0][:300])
        raise
    finally:
        if server is not None:
            server.close()
        repo.close()


def _stopped(alerts: AlertService, detail: str) -> None:
    """Stop the thread, report the last cycle's news, then the stop itself. Never raises."""
    alerts.stop(timeout=alerts.rules.timeout_seconds + 5)
    try:
        alerts.check()
    except Exception as exc:
        logger.warning("alerts: last check failed: %s", type(exc).__name__)
    alerts.daemon_event("stopped", detail)
