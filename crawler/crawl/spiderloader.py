"""Scrapy's spider loader for asnwatch: one spider per outlet in the config.

An outlet is data: its `config.yaml` entry drives everything
`crawler.crawl.spider.OutletSpider` does, so an outlet needs no spider file.
`OutletSpiderLoader` (`SPIDER_LOADER_CLASS` in `crawler.crawl.settings`)
reads the config the crawl reads (the `ASNWATCH_CONFIG` setting, else
$ASNWATCH_CONFIG, else ./config.yaml) and offers one spider per configured
outlet, so `scrapy list`, `scrapy crawl NAME` and the runner's
`scrapy crawl` processes all see the same outlets:

- an outlet with a spider class in `SPIDER_MODULES` (the named spiders in
  `spiders/`) gets that class;
- any other outlet gets an `OutletSpider` subclass built here, named after it;
- an `OutletSpider` in `SPIDER_MODULES` whose outlet is not in the config is
  left out: removing an outlet from the config stops it being crawled (its
  stored stories stay, nothing here touches the database);
- a spider in `SPIDER_MODULES` that is not an `OutletSpider` is kept as is.

A config that cannot be read leaves the spiders of `SPIDER_MODULES`: the
spider then reports the config's mistake when it starts, as it would without
this loader. An outlet whose name cannot be a spider name (`valid_spider_name`)
gets no spider; `crawler.ops.runner.check_spiders` names it before any crawl.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.settings import BaseSettings
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.url import url_is_from_any_domain

from crawler.config.model import Config, ConfigError, load_config_cached
from crawler.crawl.spider import OutletSpider

__all__ = ["OutletSpiderLoader", "outlet_spider_class", "valid_spider_name"]

# A spider name is a command-line argument (`scrapy crawl NAME`, so no leading
# dash) and part of a run log's file name (no slash, no space).
SPIDER_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


def valid_spider_name(name: str) -> bool:
    """Whether an outlet named `name` can have a spider."""
    return SPIDER_NAME.fullmatch(name) is not None


def outlet_spider_class(name: str) -> type[OutletSpider]:
    """An `OutletSpider` subclass for the outlet `name` (e.g. "kabar-nusa": KabarNusaSpider)."""
    words = "".join(part.capitalize() for part in re.split(r"[^A-Za-z0-9]+", name))
    prefix = "Outlet" if words[:1].isdigit() else ""
    doc = f"Crawls the outlet {name!r} as its config entry describes (no spider file)."
    attrs: dict[str, Any] = {"name": name, "__module__": __name__, "__doc__": doc}
    return type(f"{prefix}{words}Spider", (OutletSpider,), attrs)


class OutletSpiderLoader:
    """Scrapy's `ISpiderLoader`: the configured outlets' spiders, plus non-outlet spiders."""

    def __init__(self, settings: BaseSettings) -> None:
        files = SpiderLoader.from_settings(settings)
        self._spiders: dict[str, type[Spider]] = {name: files.load(name) for name in files.list()}
        self._hosts: dict[str, str] = {}
        try:
            config = load_config_cached(settings.get("ASNWATCH_CONFIG"))
        except ConfigError:
            return
        self._spiders = self._for_config(config)

    def _for_config(self, config: Config) -> dict[str, type[Spider]]:
        spiders = {
            name: cls
            for name, cls in self._spiders.items()
            if not issubclass(cls, OutletSpider) or name in config.outlets
        }
        for name, outlet in config.outlets.items():
            if not valid_spider_name(name):
                continue
            if name not in spiders:
                spiders[name] = outlet_spider_class(name)
            # The site's domain: its pages may be served with or without "www.".
            host = urlsplit(outlet.base_url).hostname or ""
            self._hosts[name] = host.removeprefix("www.")
        return spiders

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> OutletSpiderLoader:
        return cls(settings)

    def load(self, spider_name: str) -> type[Spider]:
        """The spider class named `spider_name`; KeyError if there is none."""
        try:
            return self._spiders[spider_name]
        except KeyError:
            raise KeyError(f"Spider not found: {spider_name}") from None

    def list(self) -> list[str]:
        """Every spider name, sorted."""
        return sorted(self._spiders)

    def find_by_request(self, request: Request) -> list[str]:
        """The spiders for `request`'s site: an outlet by its base URL's host, others by Scrapy."""
        names = []
        for name, cls in self._spiders.items():
            host = self._hosts.get(name)
            if host is not None:
                if host and url_is_from_any_domain(request.url, [host]):
                    names.append(name)
            elif cls.handles_request(request):
                names.append(name)
        return names
