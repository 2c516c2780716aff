"""The spider's article side: fetch every page of an article, hand one item over.

An article split over several pages (`article_pages` in config) becomes one
`ArticlePage` item holding each page's text, fetched one after the other: the
pages travel in the request meta, so the item leaves only once the last page
has arrived, and the pipelines see the whole story at once. Page bytes that
do not match the declared charset are repaired and counted, not dropped.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.utils.response import get_base_url

from crawler.content.extraction import decode_html
from crawler.crawl.context import SpiderParts, logger
from crawler.crawl.items import ArticlePage
from crawler.discovery.documents import other_article_pages

if TYPE_CHECKING:
    from twisted.python.failure import Failure


class ArticlePages(SpiderParts):
    """Callbacks for an article's first page and its further pages."""

    if TYPE_CHECKING:  # from FailureHandling (crawler/spider_failures.py)

        def article_failed(self, failure: Failure) -> None: ...

    def parse_article(self, response: Response) -> Iterator[Any]:
        """An article's first page: fetch the remaining pages, then hand one item over."""
        self._inc("articles/fetched")
        meta = response.meta
        pages: list[str] = [self._page_text(response)]
        remaining = self._other_pages(response) if isinstance(response, TextResponse) else []
        if remaining:
            yield self._next_page_request(remaining, pages, response, meta)
            return
        yield self._item(response, pages)

    def _other_pages(self, response: TextResponse) -> list[str]:
        """The article's further pages still to fetch (`article_pages` in config)."""
        settings = self.ctx.outlet.article_pages
        return other_article_pages(
            response.selector,
            response.url,
            settings.pager_xpath,
            self.ctx.outlet.canonical,
            base_url=get_base_url(response),
            max_pages=settings.max_pages,
        )

    def _next_page_request(
        self, remaining: list[str], pages: list[str], first: Response, meta: dict[str, Any]
    ) -> Request:
        return Request(
            remaining[0],
            callback=self.parse_article_page,
            errback=self.article_failed,
            dont_filter=True,
            meta={
                "canonical": meta["canonical"],
                "source": meta.get("source", "?"),
                "pages": pages,
                "remaining": remaining[1:],
                "first_url": first.url,
            },
        )

    def parse_article_page(self, response: Response) -> Iterator[Any]:
        meta = response.meta
        pages = [*meta["pages"], self._page_text(response)]
        if meta["remaining"]:
            yield self._next_page_request(meta["remaining"], pages, response, meta)
            return
        yield self._item(response, pages, url=meta["first_url"])

    def _item(self, response: Response, pages: list[str], url: str | None = None) -> ArticlePage:
        return ArticlePage(
            outlet=self.name,
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
        self._inc(f"pages/{page.problem}")
        logger.warning("page text repaired (%s): %s", page.detail, response.url)
        return page.text
