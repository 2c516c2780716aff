"""robots.txt as the crawler and `asnwatch check` read it: its rules and its `Sitemap:` lines.

The rules are parsed by `RobotsRules`, Scrapy's Protego parser: the crawl's
`ROBOTSTXT_PARSER` (crawler/crawl/settings.py) names this class, and the check
builds it from the body it fetched, so both obey the same reading of a file.
`Sitemap:` lines are read as Scrapy reads them (relative URLs resolved against
robots.txt's own URL).
"""

from __future__ import annotations

from scrapy.robotstxt import ProtegoRobotParser
from scrapy.utils.sitemap import sitemap_urls_from_robots


class RobotsRules(ProtegoRobotParser):
    """The Allow/Disallow rules and Crawl-delay of one robots.txt (Protego)."""

    @classmethod
    def parse(cls, body: bytes) -> RobotsRules:
        """The rules of a robots.txt body, outside a crawl."""
        return cls(body, None)


def robots_sitemaps(body: bytes, url: str) -> list[str]:
    """The sitemaps a robots.txt names (`Sitemap:` lines), absolute, in file order."""
    return list(sitemap_urls_from_robots(body, base_url=url))
