"""The outlet's configured selectors tried on the checked article: OK or WARN each.

The crawl counts selector health over a whole run and `asnwatch status` warns
about a selector that matched none of its pages; the check judges the same
selectors on the article it fetched, in the same words
(`crawler.content.selectors`). The counts are extraction's own, from the one
`extract_story` call of `crawler.check.article` on the pages it walked (outlet
rules and pager), so a selector matches here exactly when it would in the crawl.

A pager that matched nothing on one story is not a warning: most stories are on
one page, so the check cannot tell a vanished pager from a story without one
(``OFF``); a whole run without a pager match shows in `asnwatch status`.
"""

from __future__ import annotations

from crawler.check.context import CheckContext
from crawler.check.report import ArticleCheck, SelectorCheck, SelectorsCheck, worst
from crawler.content import selectors
from crawler.content.selectors import SelectorCount, SelectorHits

__all__ = ["check_selectors"]


def check_selectors(
    ctx: CheckContext, article: ArticleCheck | None, hits: SelectorHits | None
) -> SelectorsCheck:
    """Each configured selector, judged on the checked article's selector health (`hits`)."""
    pager_xpath = ctx.outlet.article_pages.pager_xpath
    names = selectors.configured(ctx.outlet.extraction, pager_xpath)
    if not names:
        return SelectorsCheck("OFF", "no selector configured: extraction is generic")
    if article is None or not article.pages_fetched:
        return SelectorsCheck("OFF", "no article page fetched to try the selectors on")
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
