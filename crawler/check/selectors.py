"""The outlet's configured selectors tried on the checked article: OK or WARN each.

The crawl counts selector health over a whole run and `asnwatch status` warns
about a selector that matched none of its pages; the check judges the same
selectors on the article it fetched, in the same words
(`crawler.content.selectors`). The counts are extraction's own: the pages go
through `extract_story` with the outlet's rules and pager, so a selector
matches here exactly when it would in the crawl.

The article's pages are the ones `crawler.check.article` fetched:
`RecordingFetcher` keeps the answers it got while recording, so judging the
selectors costs no request.

A pager that matched nothing on one story is not a warning: most stories are on
one page, so the check cannot tell a vanished pager from a story without one
(``OFF``); a whole run without a pager match shows in `asnwatch status`.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from crawler.check.context import CheckContext
from crawler.check.fetcher import Fetched, Fetcher
from crawler.check.report import SelectorCheck, SelectorsCheck, worst
from crawler.content import selectors
from crawler.content.extraction import extract_story
from crawler.content.selectors import SelectorCount, SelectorHits
from crawler.content.story import ExtractionFailed

__all__ = ["RecordingFetcher", "check_selectors"]


class RecordingFetcher(Fetcher):
    """The check's fetcher, keeping the usable answers it gets while `recording`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._recorded: list[Fetched] | None = None

    @contextmanager
    def recording(self) -> Iterator[list[Fetched]]:
        """The answers (HTTP 200, in fetch order) got inside the ``with`` block."""
        self._recorded = recorded = []
        try:
            yield recorded
        finally:
            self._recorded = None

    def fetch(
        self,
        url: str,
        *,
        robots_txt: bool = False,
        reserve: int = 0,
        max_bytes: int | None = None,
    ) -> Fetched:
        answer = super().fetch(url, robots_txt=robots_txt, reserve=reserve, max_bytes=max_bytes)
        if self._recorded is not None and answer.ok:
            self._recorded.append(answer)
        return answer


def check_selectors(ctx: CheckContext, pages: list[Fetched]) -> SelectorsCheck:
    """Each configured selector on the article's pages (first page first)."""
    pager_xpath = ctx.outlet.article_pages.pager_xpath
    names = selectors.configured(ctx.outlet.extraction, pager_xpath)
    if not names:
        return SelectorsCheck("OFF", "no selector configured: extraction is generic")
    if not pages:
        return SelectorsCheck("OFF", "no article page fetched to try the selectors on")
    hits = _hits(ctx, pages, pager_xpath)
    if hits is None:
        return SelectorsCheck("OFF", "the article's pages could not be read as HTML")
    checks = [_judge(name, hits.counts.get(name, SelectorCount())) for name in names]
    verdict = worst(check.verdict for check in checks)
    warned = [check.message for check in checks if check.verdict == "WARN"]
    if warned:
        more = f" (and {len(warned) - 1} more)" if len(warned) > 1 else ""
        summary = warned[0] + more
    else:
        matched = [c.name for c in checks if c.verdict == "OK"]
        unjudged = [f"{c.name} (no pager on this story)" for c in checks if c.verdict == "OFF"]
        parts = [f"matched: {', '.join(matched)}"] * bool(matched)
        parts += [f"not judged: {', '.join(unjudged)}"] * bool(unjudged)
        summary = "; ".join(parts)
    return SelectorsCheck(verdict, summary, checks)


def _hits(ctx: CheckContext, pages: list[Fetched], pager_xpath: str | None) -> SelectorHits | None:
    """Extraction's selector health for these pages; None when a page is not HTML."""
    bodies = [page.body for page in pages]
    rules, shared = ctx.outlet.extraction, ctx.config.extraction
    try:
        story = extract_story(bodies, pages[0].final_url, rules, shared, pager_xpath=pager_xpath)
    except ExtractionFailed as exc:
        return exc.selectors
    return story.selectors


def _judge(name: str, count: SelectorCount) -> SelectorCheck:
    noun = "page" if count.pages == 1 else "pages"
    warning = count.warning(name)
    if warning is None:
        message = f"{name} matched {count.matched} of {count.pages} {noun}"
        return SelectorCheck(name, "OK", count.pages, count.matched, message)
    if name == "pager_xpath":
        message = (
            f"{name} matched 0 of {count.pages} {noun}: no pager on this story (normal for a "
            "story on one page; `asnwatch status` warns when a whole run finds none)"
        )
        return SelectorCheck(name, "OFF", count.pages, count.matched, message)
    return SelectorCheck(name, "WARN", count.pages, count.matched, warning)
