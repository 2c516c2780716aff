"""The spider's article side: fetch every page of an article, hand one item over.

An article split over several pages becomes one `ArticlePage` item holding each
page's text in order, fetched one after the other: the pages and the walk
through them (`crawler.discovery.pagewalk.PageWalk`) travel in the request
meta, so the item leaves only once the last page is in, and the pipelines (topic
filter and dedup included) see the whole story at once. Further pages come from
the outlet's `article_pages.pager_xpath` when it matches, else from rel=next and
numbered pagers (`crawler.discovery.pager.further_pages`); each page read may
name more.

A further page that cannot be fetched does not lose the story nor mark it
gone: it is counted (`articles/pages_missing`), the remaining pages are still
fetched, and the item leaves with `pages_missing` set, so the story is stored
as incomplete and fetched again next cycle (`storage.seen`).
Page bytes that do not match the declared charset are repaired and counted.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.utils.response import get_base_url
from twisted.python.failure import Failure

from crawler.content.decoding import decode_html
from crawler.crawl.context import OutletContext, SpiderStats, logger
from crawler.crawl.failures import FetchFailure
from crawler.crawl.items import ArticlePage
from crawler.discovery.pagelinks import page_digests
from crawler.discovery.pager import further_pages
from crawler.discovery.pagewalk import PageWalk


class ArticleAssembler:
    """Turns an article's first page and its further pages into one item."""

    def __init__(
        self,
        ctx: OutletContext,
        stats: SpiderStats,
        *,
        page_callback: Callable[..., Any],
        page_errback: Callable[..., Any],
        count_failure: Callable[[Failure], FetchFailure],
    ) -> None:
        self._ctx = ctx
        self._stats = stats
        # The spider's methods for a further page and its failure (requests name spider
        # methods); a first page's failure is the candidate filter's errback.
        self._page_callback = page_callback
        self._page_errback = page_errback
        self._count_failure = count_failure  # the spider's FailureCounter: one way to count

    def first_page(self, response: Response) -> Iterator[Any]:
        """An article's first page: fetch the pages it names, then hand one item over."""
        self._stats.inc("articles/fetched")
        walk = PageWalk(response.url, self._ctx.outlet.article_pages.max_pages)
        if isinstance(response, TextResponse):
            walk.first_read(self._digests(response))
            walk.add(self._named_pages(response, walk))
        meta = {**response.meta, "first_url": response.url}
        yield self._next(walk, [self._page_text(response)], meta)

    def further_page(self, result: Response) -> Iterator[Any]:
        """A further page: fetch the next, or hand the story over."""
        meta = result.meta
        walk: PageWalk = meta["walk"]
        pages = list(meta["pages"])
        if isinstance(result, TextResponse) and not walk.read(self._digests(result)):
            self._stats.inc("pages/repeated")
            logger.info("page repeats an earlier page, left out: %s", result.url)
        else:
            pages.append(self._page_text(result))
            if isinstance(result, TextResponse):
                walk.add(self._named_pages(result, walk))
        yield self._next(walk, pages, meta)

    def page_failed(self, failure: Failure) -> Iterator[Any]:
        """A further page that could not be fetched: counted, noted missing; the story goes on."""
        meta = failure.request.meta  # type: ignore[attr-defined]
        walk: PageWalk = meta["walk"]
        failed = self._count_failure(failure)
        walk.failed()
        self._stats.inc("articles/pages_missing")
        url = failure.request.url  # type: ignore[attr-defined]
        logger.warning(
            "page %d of a story could not be fetched (%s): %s; the story stays incomplete",
            walk.number,
            failed.detail or failed.kind + (f" {failed.status}" if failed.status else ""),
            url,
        )
        yield self._next(walk, meta["pages"], meta)

    def _named_pages(self, response: TextResponse, walk: PageWalk) -> list[tuple[int, str]]:
        outlet = self._ctx.outlet
        return further_pages(
            response.selector,
            response.url,
            walk.first_url,
            outlet.article_pages.pager_xpath,
            outlet.canonical,
            base_url=get_base_url(response),
        )

    def _digests(self, response: TextResponse) -> frozenset[str]:
        return page_digests(response.selector, self._ctx.outlet.extraction.content_xpath)

    def _next(
        self, walk: PageWalk, pages: list[str], meta: dict[str, Any]
    ) -> Request | ArticlePage:
        """The request for the walk's next page, or the item when there is none."""
        url = walk.next_url()
        if url is None:
            return self._item(walk, pages, meta)
        return Request(
            url,
            callback=self._page_callback,
            errback=self._page_errback,
            dont_filter=True,
            meta={
                "canonical": meta["canonical"],
                "source": meta.get("source", "?"),
                "pages": pages,
                "walk": walk,
                "first_url": meta["first_url"],
            },
        )

    def _item(self, walk: PageWalk, pages: list[str], meta: dict[str, Any]) -> ArticlePage:
        if walk.capped:
            self._stats.inc("articles/pages_capped")
            logger.warning(
                "story has more than %d pages (article_pages.max_pages), kept the first %d: %s",
                walk.max_pages,
                walk.max_pages,
                walk.first_url,
            )
        if walk.missing:
            self._stats.inc("articles/incomplete")
        return ArticlePage(
            outlet=self._ctx.name,
            url=meta["first_url"],
            canonical=meta["canonical"],
            pages=pages,
            source=meta.get("source", "?"),
            fetched_at=datetime.now(UTC),
            pages_missing=walk.missing,
        )

    def _page_text(self, response: Response) -> str:
        """The page as text; bytes that do not fit the declared charset are repaired, counted."""
        if not isinstance(response, TextResponse):
            return response.body.decode("utf-8", errors="replace")
        page = decode_html(response.body, response.encoding)
        if page.problem is None:
            return response.text
        self._stats.inc(f"pages/{page.problem}")
        logger.warning("page text repaired (%s): %s", page.detail, response.url)
        return page.text
