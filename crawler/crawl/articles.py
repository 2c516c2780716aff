"""The spider's article side: fetch every page of an article, hand one item over.

An article split over several pages (`article_pages` in config) becomes one
`ArticlePage` item holding each page's text, fetched one after the other: the
pages travel in the request meta, so the item leaves only once the last page
has arrived, and the pipelines see the whole story at once. Page bytes that
do not match the declared charset are repaired and counted, not dropped.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.utils.response import get_base_url

from crawler.content.decoding import decode_html
from crawler.crawl.context import OutletContext, SpiderStats, logger
from crawler.crawl.items import ArticlePage
from crawler.discovery.pager import other_article_pages


class ArticleAssembler:
    """Turns an article's first page and its further pages into one item."""

    def __init__(
        self,
        ctx: OutletContext,
        stats: SpiderStats,
        *,
        page_callback: Callable[..., Any],
        errback: Callable[..., Any],
    ) -> None:
        self._ctx = ctx
        self._stats = stats
        self._page_callback = page_callback
        self._errback = errback

    def first_page(self, response: Response) -> Iterator[Any]:
        """An article's first page: fetch the remaining pages, then hand one item over."""
        self._stats.inc("articles/fetched")
        pages: list[str] = [self._page_text(response)]
        remaining = self._other_pages(response) if isinstance(response, TextResponse) else []
        if remaining:
            yield self._next_page_request(remaining, pages, response, response.meta)
            return
        yield self._item(response, pages)

    def further_page(self, response: Response) -> Iterator[Any]:
        """A further page: fetch the next one, or hand the whole article over."""
        meta = response.meta
        pages = [*meta["pages"], self._page_text(response)]
        if meta["remaining"]:
            yield self._next_page_request(meta["remaining"], pages, response, meta)
            return
        yield self._item(response, pages, url=meta["first_url"])

    def _other_pages(self, response: TextResponse) -> list[str]:
        """The article's further pages still to fetch (`article_pages` in config)."""
        settings = self._ctx.outlet.article_pages
        return other_article_pages(
            response.selector,
            response.url,
            settings.pager_xpath,
            self._ctx.outlet.canonical,
            base_url=get_base_url(response),
            max_pages=settings.max_pages,
        )

    def _next_page_request(
        self, remaining: list[str], pages: list[str], current: Response, meta: dict[str, Any]
    ) -> Request:
        return Request(
            remaining[0],
            callback=self._page_callback,
            errback=self._errback,
            dont_filter=True,
            meta={
                "canonical": meta["canonical"],
                "source": meta.get("source", "?"),
                "pages": pages,
                "remaining": remaining[1:],
                "first_url": meta.get("first_url", current.url),
            },
        )

    def _item(self, response: Response, pages: list[str], url: str | None = None) -> ArticlePage:
        return ArticlePage(
            outlet=self._ctx.name,
            url=url or response.url,
            canonical=response.meta["canonical"],
            pages=pages,
            source=response.meta.get("source", "?"),
            fetched_at=datetime.now(UTC),
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
