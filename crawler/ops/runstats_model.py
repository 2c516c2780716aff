"""A crawl run's counts as one typed value: what `crawl_runs.stats` holds, by name.

The crawl builds it from Scrapy's stats (`RunStats.from_scrapy`) and stores
`as_dict()` in the run's JSON column; everything that reads a run (the cycle
summary, the daemon's log lines, the webhook, `asnwatch status`, the command
line) reads it back with `RunStats.from_row` and uses its attributes. The JSON
shape is the public count names plus a `detail` object of every `asnwatch/`
Scrapy stat, so a row written by any version reads back: a count it lacks is 0,
a key this version does not know is ignored.

Selector health (`crawler.content.selectors`) is kept in `detail` as
``selectors/<name>/pages`` and ``selectors/<name>/matched``; `selectors` reads it
back, empty for a run written before it was counted ("not counted", never 0 of N).

Deliberately free of Scrapy and of the database: the crawl, the operations
layer and the command line all import it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from typing import Any, Self

from crawler.content.selectors import SelectorCount, SelectorHits

#: Prefix of the Scrapy stats asnwatch counts itself; they go to `detail` without it.
ASNWATCH_PREFIX = "asnwatch/"
#: Prefix of the selector health counters (``<prefix><selector>/pages`` and ``/matched``).
SELECTORS_PREFIX = "selectors/"


def _count(*scrapy_keys: str) -> Any:
    """A count field, the sum of these Scrapy stats keys."""
    return field(default=0, metadata={"scrapy": scrapy_keys})


@dataclass(frozen=True)
class RunStats:
    """One run's public counts (0 when absent), plus the detailed asnwatch counters."""

    requests: int = _count("downloader/request_count")
    not_modified: int = _count("downloader/response_status_count/304")
    discovered: int = _count("asnwatch/articles/discovered")
    already_seen: int = _count("asnwatch/articles/already_seen")
    fetched: int = _count("asnwatch/articles/fetched")
    relevant: int = _count("asnwatch/articles/relevant")
    irrelevant: int = _count("asnwatch/articles/irrelevant")
    stored: int = _count("asnwatch/articles/stored")
    duplicates: int = _count("asnwatch/articles/duplicates")
    extraction_failed: int = _count("asnwatch/articles/extraction_failed")
    store_failed: int = _count("asnwatch/articles/store_failed")
    http_errors: int = _count("asnwatch/http_errors")
    fetch_errors: int = _count("asnwatch/fetch_errors")
    offsite_blocked: int = _count("asnwatch/offsite_blocked")
    robots_forbidden: int = _count("robotstxt/forbidden")
    robots_unavailable: int = _count("asnwatch/robots_unavailable")
    # robots.txt read by the robots.txt middleware and by sitemap discovery: not pages.
    robots_txt_ok: int = _count(
        "robotstxt/response_status_count/200", "asnwatch/discovery/robots_txt"
    )
    sitemaps_invalid: int = _count("asnwatch/discovery/sitemaps_invalid")
    feeds_invalid: int = _count("asnwatch/discovery/feeds_invalid")
    xml_entities_refused: int = _count("asnwatch/discovery/xml_entities_refused")
    too_large: int = _count("asnwatch/too_large")
    redirect_loops: int = _count("asnwatch/redirect_loops")
    retries: int = _count("asnwatch/retries")
    pages_repaired: int = _count("asnwatch/pages/charset_wrong", "asnwatch/pages/invalid_bytes")
    deferred: int = _count("asnwatch/articles/deferred")
    #: Stories handed over with further pages missing (stored incomplete, fetched again).
    incomplete: int = _count("asnwatch/articles/incomplete")
    callback_errors: int = _count("spider_exceptions/count")
    responses_ok: int = _count("downloader/response_status_count/200")
    multi_page: int = _count("asnwatch/articles/multi_page")  # stories fetched over pages
    #: Every integer `asnwatch/...` Scrapy stat, without the prefix (peak memory too).
    detail: Mapping[str, int] = field(default_factory=dict, hash=False)

    @classmethod
    def count_names(cls) -> tuple[str, ...]:
        """The public count names, in their stored order."""
        return tuple(f.name for f in fields(cls) if f.name != "detail")

    @classmethod
    def from_scrapy(cls, raw: Mapping[str, Any]) -> Self:
        """The run's counts from a crawl's Scrapy stats (`StatsCollector.get_stats()`)."""
        counts = {
            f.name: sum(int(raw.get(key, 0) or 0) for key in f.metadata["scrapy"])
            for f in fields(cls)
            if f.name != "detail"
        }
        detail = {
            key.removeprefix(ASNWATCH_PREFIX): value
            for key, value in raw.items()
            if key.startswith(ASNWATCH_PREFIX) and isinstance(value, int)
        }
        return cls(**counts, detail=detail)

    @classmethod
    def from_row(cls, row: Mapping[str, Any] | None) -> Self:
        """A stored `crawl_runs.stats` object (empty while a run starts) as counts."""
        row = row or {}
        counts = {name: int(row.get(name, 0) or 0) for name in cls.count_names()}
        detail = row.get("detail") or {}
        return cls(**counts, detail={str(k): int(v) for k, v in detail.items()})

    def as_dict(self) -> dict[str, Any]:
        """The JSON object stored in `crawl_runs.stats`: the counts, then `detail`."""
        stored: dict[str, Any] = {name: getattr(self, name) for name in self.count_names()}
        stored["detail"] = dict(self.detail)
        return stored

    def __add__(self, other: RunStats) -> RunStats:
        """Two runs' counts together (a cycle's). Detail counters add up; `peak_*` take the max."""
        if not isinstance(other, RunStats):
            return NotImplemented
        counts = {name: getattr(self, name) + getattr(other, name) for name in self.count_names()}
        detail = dict(self.detail)
        for key, value in other.detail.items():
            mine = detail.get(key, 0)
            detail[key] = max(mine, value) if key.startswith("peak_") else mine + value
        return RunStats(**counts, detail=detail)

    @classmethod
    def total(cls, stats: Iterable[RunStats]) -> RunStats:
        """The sum of several runs' counts (zero for none)."""
        return sum(stats, cls())

    @property
    def selectors(self) -> SelectorHits:
        """Per configured selector, the article pages it was tried on and matched."""
        pages: dict[str, int] = {}
        matched: dict[str, int] = {}
        for key, value in self.detail.items():
            name, _, what = key.removeprefix(SELECTORS_PREFIX).rpartition("/")
            if key.startswith(SELECTORS_PREFIX) and name:
                if what == "pages":
                    pages[name] = value
                elif what == "matched":
                    matched[name] = value
        return SelectorHits(
            {name: SelectorCount(count, matched.get(name, 0)) for name, count in pages.items()}
        )

    @property
    def pages_ok(self) -> int:
        """Pages answered 200, robots.txt not counted."""
        return self.responses_ok - self.robots_txt_ok
