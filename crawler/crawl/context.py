"""What every part of `OutletSpider` shares: its context, stats prefix, logger, base class.

The spider is assembled from mixins (`crawler/spider_*.py`), each doing one
job; they all count under the same stats prefix and log through one logger,
so a run's stats and log lines read the same whichever part wrote them.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from scrapy import Request

from crawler.config.model import Config, OutletConfig
from storage.repository import Repository

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

#: One logger for every part of the spider, named after the spider module, so an operator
#: filtering run logs on `[crawler.crawl.spider]` sees all of the spider's lines.
logger = logging.getLogger("crawler.crawl.spider")

#: Prefix of the spider's own stats (the run's judge and `crawl_runs` read them).
STAT = "asnwatch/"


@dataclass
class OutletContext:
    """What every component of one outlet's crawl shares (handed over by the spider)."""

    name: str
    config: Config
    outlet: OutletConfig
    repo: Repository
    article_pattern: re.Pattern[str]


@dataclass
class Candidates:
    """What one batch of candidate URLs gave: requests, how many were unseen, how many deferred."""

    requests: list[Request] = field(default_factory=list)
    unseen: int = 0
    deferred: int = 0


class SpiderParts:
    """The base of the spider's mixins: what Scrapy and `OutletSpider` give every part.

    `name` and `crawler` come from `scrapy.Spider`, `ctx` from
    `OutletSpider.from_crawler`; they are only declared here, so the mixins
    shadow nothing of Scrapy's in the spider's MRO.
    """

    name: str
    crawler: Crawler
    ctx: OutletContext

    @property
    def base_url(self) -> str:
        return self.ctx.outlet.base_url

    def _inc(self, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(STAT + key, count)
