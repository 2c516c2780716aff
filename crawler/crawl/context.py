"""What the spider's collaborators share: the outlet's context, the stats, the logger.

`OutletSpider` builds one `OutletContext` and one `SpiderStats` per crawl and
hands them to each collaborator it constructs; all of them count under the
same stats prefix and log through one logger, so a run's stats and log lines
read the same whichever part wrote them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.statscollectors import StatsCollector

from crawler.config.model import Config, OutletConfig
from storage.repository import Repository

#: One logger for every part of the spider, named after the spider module, so an operator
#: filtering run logs on `[crawler.crawl.spider]` sees all of the spider's lines.
logger = logging.getLogger("crawler.crawl.spider")

#: Prefix of the spider's own stats (the run's judge and `crawl_runs` read them).
STAT = "asnwatch/"


@dataclass
class OutletContext:
    """What every component of one outlet's crawl shares (built by the spider)."""

    name: str
    config: Config
    outlet: OutletConfig
    repo: Repository
    article_pattern: re.Pattern[str]

    @property
    def base_url(self) -> str:
        return self.outlet.base_url


@dataclass
class Candidates:
    """What one batch of candidate URLs gave: requests, how many were unseen, how many deferred."""

    requests: list[Request] = field(default_factory=list)
    unseen: int = 0
    deferred: int = 0


class SpiderStats:
    """The spider's own counters in the crawler's stats, all under `STAT`.

    Built with the crawler before the crawl starts; Scrapy sets the crawler's
    stats collector only then, so it is looked up at each count.
    """

    def __init__(self, crawler: Crawler) -> None:
        self._crawler = crawler

    @property
    def _stats(self) -> StatsCollector:
        stats = self._crawler.stats
        assert stats is not None, "the crawl has not started"
        return stats

    def inc(self, key: str, count: int = 1) -> None:
        self._stats.inc_value(STAT + key, count)

    def get(self, key: str) -> int:
        return int(self._stats.get_value(STAT + key, 0))
