"""Prometheus metrics of the daemon, read from the database when Prometheus scrapes.

Crawls run in child processes, so nothing in the daemon's memory counts them;
the database does. A custom collector (`DatabaseCollector`) keeps running
totals per outlet and reads, at each scrape, only the rows that are new since
the last one: the runs, cycles and exports from a floor id up (the primary key),
with an overlap of `SLACK` ids so that a row committed after a higher id was
read is still counted, and the ids already counted remembered in that overlap.
A run or cycle still running holds the floor until it ends. The first scrape
after a start reads the history once, a page at a time, taking only the counts
out of each run's JSON; later scrapes read a bounded handful of rows. So the
counters are the database's all-time totals and survive a daemon restart.

prometheus-client serves them (`start_metrics_server`) on its own threads;
`docs/operations.md` lists the metrics and what to alert on.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Generic, TypeVar

from prometheus_client import CollectorRegistry, start_http_server
from prometheus_client.core import (
    CounterMetricFamily,
    GaugeMetricFamily,
    HistogramMetricFamily,
    Metric,
)
from prometheus_client.registry import Collector
from sqlalchemy.exc import SQLAlchemyError

from crawler.config.alerts import parse_listen
from crawler.config.model import Config
from storage.db import error_reason
from storage.metrics import CycleFigures, MetricsReads, RunFigures
from storage.repository import Repository

logger = logging.getLogger(__name__)

#: Ids re-read below the floor at each scrape (rows committed out of id order).
SLACK = 200
#: A run or cycle "running" for longer than this no longer holds the floor (it was lost).
STALE_OPEN = timedelta(days=2)
OUTLET_BUCKETS = (10, 30, 60, 120, 300, 600, 1200, 1800, 3600)
CYCLE_BUCKETS = (30, 60, 120, 300, 600, 1200, 1800, 3000, 3600, 7200)
#: Run counts and the counter each feeds: (stats name, metric name, help).
RUN_COUNTERS = (
    ("stored", "asnwatch_stories_stored", "New stories stored (primaries), by outlet."),
    ("duplicates", "asnwatch_stories_duplicate", "Stories stored as duplicates, by outlet."),
    ("requests", "asnwatch_requests", "HTTP requests made, by outlet."),
    ("not_modified", "asnwatch_responses_not_modified", "HTTP 304 answers, by outlet."),
    ("extraction_failed", "asnwatch_extraction_failures", "Pages whose extraction failed."),
)

Row = TypeVar("Row", RunFigures, CycleFigures)


@dataclass
class Tail(Generic[Row]):
    """Which rows of one table were counted: a floor id and the ids counted above it."""

    floor: int = 0
    counted: set[int] = field(default_factory=set)

    def start(self) -> int:
        """The id to read from."""
        return max(0, self.floor - SLACK)

    def take(self, rows: Iterable[Row], now: datetime) -> list[Row]:
        """The finished rows not counted yet; the floor moves up to the oldest open row."""
        fresh: list[Row] = []
        open_floor: int | None = None
        top = self.floor - 1
        for row in rows:
            top = max(top, row.id)
            if row.finished_at is None:
                if open_floor is None and now - row.started_at < STALE_OPEN:
                    open_floor = row.id
                continue
            if row.id not in self.counted:
                self.counted.add(row.id)
                fresh.append(row)
        self.floor = open_floor if open_floor is not None else top + 1
        self.counted = {i for i in self.counted if i >= self.floor - SLACK}
        return fresh


class Histogram:
    """Cumulative bucket counts and a sum, for HistogramMetricFamily."""

    def __init__(self, bounds: tuple[float, ...]) -> None:
        self.bounds = bounds
        self.counts = [0] * (len(bounds) + 1)
        self.total = 0.0

    def observe(self, value: float) -> None:
        index = next((i for i, b in enumerate(self.bounds) if value <= b), len(self.bounds))
        self.counts[index] += 1
        self.total += value

    def buckets(self) -> list[tuple[str, int]]:
        cumulative, out = 0, []
        for bound, count in zip([*map(str, self.bounds), "+Inf"], self.counts, strict=True):
            cumulative += count
            out.append((bound, cumulative))
        return out


class Totals:
    """Everything the metrics say, summed from the rows taken so far."""

    def __init__(self) -> None:
        self.counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        self.outcomes: dict[tuple[str, str], int] = defaultdict(int)
        self.durations: dict[str, Histogram] = {}
        self.last_success: dict[str, float] = {}
        self.exported: dict[str, int] = defaultdict(int)
        self.cycles: dict[str, int] = defaultdict(int)
        self.cycle_durations = Histogram(CYCLE_BUCKETS)
        self.last_cycle_end = 0.0

    def add_run(self, run: RunFigures) -> None:
        assert run.finished_at is not None
        for name, value in run.counts.items():
            self.counts[name][run.outlet] += value
        self.outcomes[(run.outlet, run.status)] += 1
        hist = self.durations.setdefault(run.outlet, Histogram(OUTLET_BUCKETS))
        hist.observe(max(0.0, (run.finished_at - run.started_at).total_seconds()))
        if run.status == "ok":
            end = run.finished_at.timestamp()
            self.last_success[run.outlet] = max(end, self.last_success.get(run.outlet, 0.0))

    def add_cycle(self, cycle: CycleFigures) -> None:
        assert cycle.finished_at is not None
        self.cycles[cycle.status] += 1
        self.cycle_durations.observe(
            max(0.0, (cycle.finished_at - cycle.started_at).total_seconds())
        )
        self.last_cycle_end = max(self.last_cycle_end, cycle.finished_at.timestamp())


class DatabaseCollector(Collector):
    """A prometheus-client collector over the runs, cycles and exports tables."""

    def __init__(self, reads: MetricsReads, outlets: Iterable[str]) -> None:
        self.reads = reads
        self.outlets = sorted(outlets)
        self.totals = Totals()
        self.runs: Tail[RunFigures] = Tail()
        self.cycles: Tail[CycleFigures] = Tail()
        self.export_floor = 0
        self.exports_counted: set[int] = set()
        self.database_up = 0
        self.started = time.time()
        self.lock = threading.Lock()

    def refresh(self) -> None:
        """Read what is new since the last scrape into the totals."""
        now = datetime.now(UTC)
        for run in self.runs.take(self.reads.runs_from(self.runs.start()), now):
            self.totals.add_run(run)
        for cycle in self.cycles.take(self.reads.cycles_from(self.cycles.start()), now):
            self.totals.add_cycle(cycle)
        top = self.export_floor - 1
        for export_id, outlet in self.reads.exports_from(max(0, self.export_floor - SLACK)):
            top = max(top, export_id)
            if export_id not in self.exports_counted:
                self.exports_counted.add(export_id)
                self.totals.exported[outlet] += 1
        self.export_floor = top + 1
        self.exports_counted = {i for i in self.exports_counted if i >= top + 1 - SLACK}

    def collect(self) -> Iterator[Metric]:
        with self.lock:
            try:
                self.refresh()
                self.database_up = 1
            except SQLAlchemyError as exc:  # a scrape must answer: the totals so far
                self.database_up = 0
                logger.warning("metrics: cannot read the database: %s", error_reason(exc))
            yield from self._daemon_metrics()
            yield from self._cycle_metrics()
            yield from self._outlet_metrics()

    def _daemon_metrics(self) -> Iterator[Metric]:
        yield GaugeMetricFamily("asnwatch_daemon_up", "1 while the daemon serves metrics.", 1)
        yield GaugeMetricFamily(
            "asnwatch_daemon_start_time_seconds", "When the daemon started.", self.started
        )
        yield GaugeMetricFamily(
            "asnwatch_database_up", "1 if the last read of the database worked.", self.database_up
        )

    def _cycle_metrics(self) -> Iterator[Metric]:
        totals = self.totals
        cycles = CounterMetricFamily(
            "asnwatch_cycles", "Finished cycles, by outcome.", labels=["outcome"]
        )
        for outcome in sorted({"ok", "partial", "failed", *totals.cycles}):
            cycles.add_metric([outcome], totals.cycles.get(outcome, 0))
        yield cycles
        duration = HistogramMetricFamily(
            "asnwatch_cycle_duration_seconds", "How long finished cycles took."
        )
        duration.add_metric([], totals.cycle_durations.buckets(), totals.cycle_durations.total)
        yield duration
        yield GaugeMetricFamily(
            "asnwatch_last_cycle_finished_timestamp_seconds",
            "When the latest cycle finished (0: none yet).",
            totals.last_cycle_end,
        )

    def _outlet_metrics(self) -> Iterator[Metric]:
        totals = self.totals
        outlets = sorted({*self.outlets, *totals.durations, *totals.exported})
        for stat, name, doc in RUN_COUNTERS:
            yield _per_outlet(CounterMetricFamily, name, doc, outlets, totals.counts[stat].get)
        yield _per_outlet(
            CounterMetricFamily,
            "asnwatch_stories_exported",
            "Stories written to an export folder, by outlet.",
            outlets,
            totals.exported.get,
        )
        runs = CounterMetricFamily(
            "asnwatch_outlet_runs",
            "Finished crawls, by outlet and outcome.",
            labels=["outlet", "outcome"],
        )
        for (outlet, outcome), count in sorted(totals.outcomes.items()):
            runs.add_metric([outlet, outcome], count)
        yield runs
        yield _per_outlet(
            GaugeMetricFamily,
            "asnwatch_outlet_last_success_timestamp_seconds",
            "When the outlet's latest successful crawl ended (0: never).",
            outlets,
            totals.last_success.get,
        )
        duration = HistogramMetricFamily(
            "asnwatch_outlet_run_duration_seconds",
            "How long outlet crawls took.",
            labels=["outlet"],
        )
        for outlet, hist in sorted(totals.durations.items()):
            duration.add_metric([outlet], hist.buckets(), hist.total)
        yield duration


def _per_outlet(
    kind: Callable[..., Any],
    name: str,
    doc: str,
    outlets: list[str],
    value: Callable[[str], float | None],
) -> Metric:
    """One metric with an `outlet` label, every known outlet present (0 when nothing yet)."""
    metric = kind(name, doc, labels=["outlet"])
    for outlet in outlets:
        metric.add_metric([outlet], value(outlet) or 0)
    return metric  # type: ignore[no-any-return]


class MetricsError(Exception):
    """The metrics server cannot start; the message is one line naming the address."""


@dataclass
class MetricsServer:
    """The running /metrics server."""

    host: str
    port: int
    server: Any
    thread: threading.Thread

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(timeout=5)


def start_metrics_server(config: Config, repo: Repository, listen: str) -> MetricsServer:
    """Serve /metrics on `listen` (HOST:PORT; port 0 picks one) from a fresh registry."""
    try:
        host, port = parse_listen(listen)
    except ValueError as exc:
        raise MetricsError(f"--metrics / metrics.listen: {exc}") from None
    registry = CollectorRegistry(auto_describe=False)
    registry.register(DatabaseCollector(MetricsReads(repo.engine), config.outlets))
    try:
        server, thread = start_http_server(port, addr=host, registry=registry)
    except OSError as exc:
        raise MetricsError(f"cannot serve metrics on {listen}: {exc.strerror or exc}") from None
    bound = MetricsServer(host, server.server_address[1], server, thread)
    logger.info("metrics served on http://%s:%s/metrics", host, bound.port)
    return bound
