"""The daemon's timings: grace periods and poll intervals, today's values as defaults.

Passed to the daemon's parts (`CycleSupervisor`, `CycleCleanup`, `run_daemon`)
rather than read from module globals, so a test can shorten them.
"""

from __future__ import annotations

from dataclasses import dataclass

from crawler.ops.runner import KILL_GRACE_SECONDS


@dataclass(frozen=True)
class DaemonOptions:
    """How long the daemon waits, and how often it looks."""

    #: Seconds between two looks at the running cycle process.
    poll_seconds: float = 0.2
    #: After SIGTERM a cycle's runner waits its own kill grace before it kills a stuck
    #: crawl and closes its run; the daemon gives it that time, and a little more,
    #: before it kills the cycle process.
    cycle_kill_grace_seconds: float = KILL_GRACE_SECONDS + 5.0
    #: Of `schedule.stop_timeout_seconds`, kept for the cleanup after a kill.
    stop_reserve_seconds: float = 3.0
    #: Seconds between two looks for an earlier daemon's cycle process at start-up.
    recover_poll_seconds: float = 0.5
    #: Seconds between two looks at the stop request while the scheduler runs.
    idle_poll_seconds: float = 1.0
    #: Seconds between two heartbeats in the database (`crawler.ops.liveness`); `status`
    #: takes a daemon silent for a few of them for gone.
    heartbeat_seconds: float = 5.0
