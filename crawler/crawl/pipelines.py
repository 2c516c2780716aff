"""Item pipelines: extract, keep on-topic, store once.

An `ArticlePage` goes through three small steps. Whatever happens to it,
its URL keys are marked seen (extraction failed, off-topic, stored or
duplicate), so it is never fetched again; every outcome is counted in the
crawl's stats (`asnwatch/articles/...`) and logged with its URL.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from typing import Any

from scrapy import Spider
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.http import Response
from scrapy.logformatter import LogFormatter, LogFormatterResult
from sqlalchemy.exc import OperationalError
from twisted.python.failure import Failure

from crawler.content.extraction import extract_story
from crawler.content.selectors import SelectorHits
from crawler.content.story import ExtractionFailed
from crawler.content.topic import TopicFilter
from crawler.crawl.context import OutletContext
from crawler.crawl.items import ArticlePage
from crawler.dedup.deduplicator import (
    Deduplicator,
    Outcome,
    new_story,
    story_bands,
)
from crawler.discovery.urls import canonicalize, resolve_page_canonical
from storage.db import database_error_reason, readonly_connection
from storage.repository import NewStory
from storage.seen import INCOMPLETE

logger = logging.getLogger(__name__)


class _Step:
    """Shared plumbing: the crawler, the outlet context, stats."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> _Step:
        return cls(crawler)

    @property
    def ctx(self) -> OutletContext:
        return self.crawler.spider.ctx  # type: ignore[union-attr]

    def inc(self, key: str) -> None:
        self.crawler.stats.inc_value(f"asnwatch/articles/{key}")  # type: ignore[union-attr]

    def drop(self, item: ArticlePage, status: str, reason: str) -> DropItem:
        """Mark the item's keys seen with `status` and return the DropItem to raise.

        An incomplete story (a further page missing) is marked `incomplete` instead,
        whatever dropped it: judged on part of its text, it is fetched again.
        """
        repo = self.ctx.repo
        if item.pages_missing:
            status, reason = INCOMPLETE, f"{status} with {item.pages_missing} page(s) missing"
        try:
            # One transaction for all its keys: all marked, or none (see write_failed).
            with repo.engine.begin() as conn:
                for key in item.keys or [item.canonical]:
                    repo.mark_seen(key, item.outlet, status=status, reason=reason, conn=conn)
        except OperationalError as exc:
            return self.write_failed(item, exc)
        return DropItem(f"{status}: {item.url}: {reason}")

    def write_failed(self, item: ArticlePage, exc: OperationalError) -> DropItem:
        """A database locked or gone: count it, say where, and let the next cycle retry.

        Nothing of the item was written (its transaction rolled back), so its
        URL is not seen and the next cycle fetches it again.
        """
        self.inc("store_failed")
        reason = database_error_reason(exc)
        logger.error("database write failed, fetched again next cycle: %s (%s)", item.url, reason)
        return DropItem(f"store_failed: {item.url}: {reason}")


class OutcomeLogFormatter(LogFormatter):
    """Scrapy's log formatter, but a dropped item is one line, not a dump of the item.

    Every drop is an expected outcome the pipelines already logged with its
    URL (extraction failed, off topic); Scrapy's WARNING line added the whole
    item, raw HTML included: tens of kilobytes per off-topic article, every run.
    """

    def dropped(
        self,
        item: Any,
        exception: BaseException,
        response: Response | Failure | None,
        spider: Spider,
    ) -> LogFormatterResult:
        return {
            "level": logging.INFO,
            "msg": "Dropped: %(exception)s",
            "args": {"exception": exception},
        }


class ExtractionPipeline(_Step):
    """Clean text and metadata; resolves the page's own same-site canonical URL.

    Counts selector health too (`crawler.content.selectors`): per configured
    selector, ``asnwatch/selectors/<name>/pages`` it was tried on and
    ``.../matched``, for failed extractions as well (a template change often
    ends in one); and ``asnwatch/articles/multi_page`` for stories over pages.
    """

    def process_item(self, item: ArticlePage) -> ArticlePage:
        ctx = self.ctx
        item.keys = [item.canonical]
        if len(item.pages) > 1:
            self.inc("multi_page")
        try:
            story = extract_story(
                item.pages,
                item.url,
                ctx.outlet.extraction,
                ctx.config.extraction,
                pager_xpath=ctx.outlet.article_pages.pager_xpath,
            )
        except ExtractionFailed as exc:
            self.count_selectors(exc.selectors)
            self.inc("extraction_failed")
            logger.warning("extraction failed: %s: %s", item.url, exc)
            raise self.drop(item, "extraction_failed", str(exc)) from None
        self.count_selectors(story.selectors)
        page_key = resolve_page_canonical(item.url, story.canonical_url, ctx.outlet.canonical)
        if page_key != item.canonical:
            item.keys.append(page_key)
            item.canonical = page_key
        fetched_key = canonicalize(item.url, ctx.outlet.canonical)
        if fetched_key not in item.keys:
            item.keys.append(fetched_key)  # after a redirect: the URL we ended at
        item.story = story
        return item

    def count_selectors(self, hits: SelectorHits | None) -> None:
        """Add one story's selector health to the run's stats (0 matches counted too)."""
        stats = self.crawler.stats
        assert stats is not None
        for name, count in (hits or SelectorHits()).counts.items():
            stats.inc_value(f"asnwatch/selectors/{name}/pages", count.pages)
            stats.inc_value(f"asnwatch/selectors/{name}/matched", count.matched)


class TopicPipeline(_Step):
    """Keeps stories on the configured topic; the rest are remembered as irrelevant."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._filter: TopicFilter | None = None

    def process_item(self, item: ArticlePage) -> ArticlePage:
        if self._filter is None:
            self._filter = TopicFilter(self.ctx.config.topic)
        assert item.story is not None
        verdict = self._filter.classify(item.story.title, item.story.text)
        item.verdict = verdict
        if not verdict.relevant:
            self.inc("irrelevant")
            logger.debug("off topic (%.2f, %s): %s", verdict.score, verdict.reason, item.url)
            raise self.drop(item, "irrelevant", verdict.reason)
        self.inc("relevant")
        return item


class StoragePipeline(_Step):
    """Fingerprints the story and stores it once (see `crawler.dedup.deduplicator`)."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._dedup: Deduplicator | None = None

    def process_item(self, item: ArticlePage) -> ArticlePage:
        if self._dedup is None:
            self._dedup = Deduplicator(self.ctx.repo, self.ctx.config.dedup)
        story, verdict = item.story, item.verdict
        assert story is not None and verdict is not None
        new = new_story(
            outlet=item.outlet,
            canonical_url=item.canonical,
            url=item.url,
            title=story.title,
            author=story.author,
            published_at=story.published_at,
            fetched_at=item.fetched_at,
            text=story.text,
            score=verdict.score,
            matched_terms=verdict.matched_terms,
        )
        if item.pages_missing:
            new = replace(new, pages_missing=item.pages_missing)
            self.inc("stored_incomplete")
        try:
            if self._complete(new, item.keys):
                return item
            result = self._dedup.store(new, item.keys)
        except OperationalError as exc:
            raise self.write_failed(item, exc) from None
        if result.outcome == "stored":
            self.inc("stored")
            logger.info("stored story %s: %s", result.story_id, item.url)
        elif result.outcome == "duplicate":
            self.inc("duplicates")
            logger.info("duplicate of story %s: %s", result.duplicate_of, item.url)
        else:
            self.inc("already_stored")
        return item

    def _complete(self, new: NewStory, keys: list[str]) -> bool:
        """Refetched: put the story into the row stored while pages were missing, if any.

        Under the story writer's lock, like `Deduplicator.store`: the row keeps its id
        and its URL, and is judged again as primary or copy with its own old bands
        gone (it must not find itself). Its keys are marked with the outcome, so a
        story now whole is not fetched again.
        """
        assert self._dedup is not None
        repo = self.ctx.repo
        with readonly_connection(repo.engine) as conn:
            if repo.incomplete_story_id(conn, new.canonical_url) is None:
                return False  # the usual case, answered without the writer's lock
        with repo.story_writer() as conn:
            story_id = repo.incomplete_story_id(conn, new.canonical_url)
            if story_id is None:
                return False
            bands = story_bands(new.text)
            repo.delete_story_bands(conn, story_id)
            primary = self._dedup.find_primary(conn, new, bands)
            primary = None if primary == story_id else primary
            repo.replace_story_text(conn, story_id, new, primary, bands)
            outcome: Outcome = "duplicate" if primary is not None else "stored"
            for key in keys:
                repo.mark_seen(key, new.outlet, status=outcome, story_id=story_id, conn=conn)
        self.inc("completed" if not new.pages_missing else "still_incomplete")
        logger.info(
            "story %s refetched as %s (%d page(s) missing)", story_id, outcome, new.pages_missing
        )
        return True
