"""A crawl world for tests: the running replica, a config pointed at it, a real database.

`tests/test_crawl.py` and the network fault suite (`tests/faults/netkit.py`) both
crawl the replica the way `asnwatch demo` does; this is the one place that
builds that set-up, so both test the same configuration.

A world starts from a config file (config.yaml unless a test writes another):
`replica_for` serves its outlets, the generic outlet standing in for one the
replica has no data for, and `make_world` points them all at that replica.
So an outlet added to the config reaches every world without a list to edit.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import yaml

from crawler.config.model import Config, load_config
from crawler.demo import demo_config
from crawler.ops.cycle import CycleResult, run_cycle
from crawler.ops.runner import CrawlOptions
from replica.server import Replica
from storage.repository import Repository
from tests.conftest import ROOT

#: The config every world starts from unless a test gives another.
CONFIG_PATH = ROOT / "config.yaml"

#: Politeness off against the replica (never against real sites).
FAST = {"RETRY_BACKOFF_BASE": "0", "DOWNLOAD_DELAY": "0", "AUTOTHROTTLE_ENABLED": "False"}


@dataclass
class World:
    """A replica, a config pointed at it, a database and the result of the last cycle."""

    replica: Replica
    config: Config
    repo: Repository
    options: CrawlOptions
    with_export: bool = True
    result: CycleResult | None = None

    def cycle(self, outlets: list[str] | None = None) -> CycleResult:
        """One real cycle: a `scrapy crawl` subprocess per outlet, then the export."""
        self.result = run_cycle(
            self.config, self.repo, self.options, outlets=outlets, with_export=self.with_export
        )
        return self.result

    def stored_urls(self) -> set[str]:
        return {row["canonical_url"] for row in self.repo.story_rows()}


W = TypeVar("W", bound=World)


def generic_outlet_entry(base: dict[str, Any], name: str, display_name: str) -> dict[str, Any]:
    """A config entry for an outlet the replica serves with its generic WordPress-like site.

    sahabat's entry (the same discovery surfaces) under a new name and URL, with dated
    permalinks and the generic site's content container; its feed is found on the
    homepage. `base` is a loaded config.yaml.
    """
    entry = copy.deepcopy(base["outlets"]["sahabat"])
    entry.update(
        name=display_name,
        base_url=f"https://www.{name}.example",
        article_url_pattern=r"^/\d{4}/\d{2}/\d{2}/[\w-]+/?$",
    )
    entry["discovery"]["feeds"].pop("urls", None)
    entry["extraction"] = {"content_xpath": '//div[contains(@class, "entry-content")]'}
    return entry


def replica_for(config_path: Path = CONFIG_PATH, **options: Any) -> Replica:
    """A replica (not started) serving every outlet of the config; ``options`` go to Replica."""
    return Replica(outlets=load_config(config_path).outlets, **options)


def make_world(
    tmp_path: Path,
    replica: Replica,
    *,
    settings: dict[str, str] | None = None,
    change: Callable[[dict[str, Any]], None] | None = None,
    with_export: bool = True,
    world_type: type[W] = World,  # type: ignore[assignment]
    base_config: Path = CONFIG_PATH,
) -> W:
    """The config `asnwatch demo` writes from `base_config` for the replica (`change` edits it).

    The replica must serve every outlet of `base_config` (`replica_for` does):
    `demo_config` refuses to leave a live URL in a config used against it.
    """
    config_path = demo_config(base_config, tmp_path, replica.base_urls)
    if change is not None:
        data = yaml.safe_load(config_path.read_text(encoding="utf-8"))
        change(data)
        config_path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    config = load_config(config_path)
    repo = Repository.open(config.database.url)
    options = CrawlOptions(
        config_path=config_path,
        settings={**FAST, **(settings or {})},
        log_dir=tmp_path / "logs",
    )
    return world_type(replica, config, repo, options, with_export)
