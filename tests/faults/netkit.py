"""What the network-side fault tests share: a replica with faults, a real crawl, its log.

Each test module starts one replica, breaks chosen paths of one or two
outlets (`replica.faults(outlet)`), runs one real cycle (one `scrapy crawl`
subprocess per outlet, a real SQLite database) and then checks, case by
case, the four things the suite promises: the run completed, its stats
counted the problem, the healthy articles were stored, nothing bad was
stored, and the crawl's log names the problem and the URL.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

from crawler.discovery.urls import canonicalize
from crawler.ops.runlogs import run_log_path
from replica.faultplan import FaultPlan
from replica.faults import Fault
from replica.model import ReplicaArticle, now_wib
from replica.server import Replica
from replica.sites.wordpress import WordPressSite
from storage.repository import RunRow
from tests.world import CONFIG_PATH
from tests.world import World as BaseWorld
from tests.world import make_world as base_world

#: On top of tests.world.FAST: short time-outs and one retry, so faults cost seconds.
SETTINGS = {"DOWNLOAD_TIMEOUT": "3", "RETRY_TIMES": "1"}


class World(BaseWorld):
    """A crawl world with what the fault cases read: each run's counts, its log, stories."""

    def run(self, outlet: str) -> RunRow:
        """The outlet's run in the last cycle."""
        assert self.result is not None, "no cycle ran"
        return next(r for r in self.result.runs if r.outlet == outlet)

    def detail(self, outlet: str) -> dict[str, int]:
        """The run's raw ``asnwatch/*`` counts (prefix removed)."""
        return self.run(outlet).stats["detail"]

    def log(self, outlet: str) -> str:
        """The crawl log of the outlet's run in the last cycle."""
        assert self.options.log_dir is not None
        run = self.run(outlet)
        return run_log_path(self.options.log_dir, run.id, outlet).read_text(errors="replace")

    def log_lines(self, outlet: str, *needles: str) -> list[str]:
        """The log lines (not tracebacks' continuation lines) holding every needle."""
        return [
            line
            for line in self.log(outlet).splitlines()
            if re.match(r"\d{4}-\d\d-\d\d ", line) and all(n in line for n in needles)
        ]

    def url(self, outlet: str, path: str) -> str:
        return self.replica.base_urls[outlet] + path

    def key(self, outlet: str, path_or_url: str) -> str:
        url = path_or_url if "://" in path_or_url else self.url(outlet, path_or_url)
        return canonicalize(url, self.config.outlets[outlet].canonical)

    def stories(self) -> dict[str, dict[str, Any]]:
        """Every stored story row by canonical URL."""
        return {row["canonical_url"]: row for row in self.repo.story_rows()}

    def stored(self, article: ReplicaArticle) -> dict[str, Any] | None:
        return self.stories().get(self.key(article.outlet, article.path()))

    def seen_status(self, outlet: str, path: str) -> str | None:
        return self.repo.seen_status(self.key(outlet, path))

    def missing_positives(self, outlet: str, exclude: set[str] = frozenset()) -> list[str]:
        """Ids of the outlet's on-topic articles that were not stored (``exclude``: faulty ones)."""
        stories = self.stories()
        return [
            a.id
            for a in self.replica.articles
            if a.outlet == outlet
            and a.label == "positive"
            and a.id not in exclude
            and self.key(outlet, a.path()) not in stories
        ]


def make_world(
    tmp_path: Path,
    replica: Replica,
    *,
    settings: dict[str, str] | None = None,
    change: Callable[[dict[str, Any]], None] | None = None,
    base_config: Path = CONFIG_PATH,
) -> World:
    """A world for the fault cases: no export, quick failures (`SETTINGS`)."""
    return base_world(
        tmp_path,
        replica,
        settings={**SETTINGS, **(settings or {})},
        change=change,
        with_export=False,
        world_type=World,
        base_config=base_config,
    )


_QUOTED = re.compile(r'"([^"]*)"')


def curly_quotes(text: str) -> str:
    """Typographic quotes, as newsrooms type them: non-ASCII text for charset tests."""
    return _QUOTED.sub("\u201c\\1\u201d", text)


def borrowed(
    replica: Replica,
    source_id: str,
    outlet: str,
    slug: str,
    *,
    minutes_ago: int = 30,
    change: Callable[[str], str] | None = None,
) -> ReplicaArticle:
    """A copy of another outlet's article for ``outlet``, under a new slug (not published).

    Fault tests need articles of their own (a page to break, a gold text to
    compare with); the replica's other outlets, not crawled in those tests,
    lend theirs. ``change`` rewrites each paragraph (e.g. :func:`curly_quotes`).
    """
    source = replica.article(source_id)
    paragraphs = tuple(change(p) for p in source.paragraphs) if change else source.paragraphs
    return dataclasses.replace(
        source,
        id=f"{outlet}-{slug}",
        outlet=outlet,
        slug=slug,
        published=now_wib() - timedelta(minutes=minutes_ago),
        paragraphs=paragraphs,
        page_breaks=(),
        copy_of=None,
    )


def republish(
    replica: Replica, source_id: str, outlet: str, slug: str, **options: Any
) -> ReplicaArticle:
    """Publish a :func:`borrowed` article: it shows on the outlet's homepage, feed and sitemap."""
    return replica.add_article(borrowed(replica, source_id, outlet, slug, **options))


def unlisted(
    replica: Replica, plan: FaultPlan, source_id: str, outlet: str, slug: str, **options: Any
) -> ReplicaArticle:
    """A :func:`borrowed` article served at its path but listed nowhere by the outlet.

    Only what the test adds (a sitemap, a feed) leads to it, so its being
    stored proves that document was read.
    """
    article = borrowed(replica, source_id, outlet, slug, **options)
    site = replica.sites[outlet]
    assert isinstance(site, WordPressSite)
    plan.at(article.path(), Fault.raw(lambda _: site.article_response(article, False).body))
    return article
