"""The article: the first candidate fetched with all its pages, extracted and judged.

Extraction and the topic verdict are the pipeline's own (`extract_story`,
`TopicFilter`), so what the check shows is what the crawl would store.
"""

from __future__ import annotations

from crawler.check.candidates import Candidate
from crawler.check.context import CheckContext
from crawler.check.fetcher import HtmlPage, read_html
from crawler.check.report import TEXT_START, ArticleCheck, SourceReport
from crawler.content.extraction import extract_story
from crawler.content.selectors import SelectorHits
from crawler.content.story import ExtractionFailed
from crawler.content.topic import TopicFilter
from crawler.discovery.pagelinks import page_digests
from crawler.discovery.pager import further_pages
from crawler.discovery.pagewalk import PageWalk
from crawler.discovery.urls import resolve_page_canonical


def check_article(
    ctx: CheckContext, ordered: list[Candidate]
) -> tuple[SourceReport, ArticleCheck | None, SelectorHits | None]:
    """Fetch the best candidate (and its further pages, budget allowing) and extract it.

    Also returns which configured selectors matched its pages, as the extraction
    counted them (None when no page was read), for `crawler.check.selectors`.
    """
    if not ordered:
        return (
            SourceReport(
                "article",
                "FAIL",
                "no article URL found by any source: check discovery and article_url_pattern",
            ),
            None,
            None,
        )
    chosen = ordered[0]
    url = chosen.url
    check = ArticleCheck(url, chosen.source, chosen.matches_pattern)
    report = SourceReport("article", "OK", "")
    fetched = ctx.fetcher.fetch(url)
    check.result = fetched.describe()
    if not fetched.ok:
        report.verdict = "FAIL"
        report.summary = check.failure = f"{fetched.describe()}: {url}"
        return report, check, None
    pages = _further_pages(ctx, read_html(fetched), check, report)
    hits = _extract(ctx, check, pages, fetched.final_url, report)
    return report, check, hits


def _further_pages(
    ctx: CheckContext, first: HtmlPage, check: ArticleCheck, report: SourceReport
) -> list[str]:
    """The story's pages as the crawl hands them to extraction, walked as it walks them."""
    settings, outlet = ctx.outlet.article_pages, ctx.outlet
    walk = PageWalk(first.url, settings.max_pages)
    content_xpath = outlet.extraction.content_xpath
    walk.first_read(page_digests(first.selector, content_xpath))
    pages = [first.text]

    def named(page: HtmlPage) -> list[tuple[int, str]]:
        return further_pages(
            page.selector,
            page.url,
            walk.first_url,
            settings.pager_xpath,
            outlet.canonical,
            base_url=page.base_url,
        )

    walk.add(named(first))
    while (url := walk.next_url()) is not None:
        extra = ctx.fetcher.fetch(url)
        if not extra.ok:
            walk.failed()
            report.notes.append(f"page {walk.number}: {extra.describe()} ({url})")
            break
        page = read_html(extra)
        if walk.read(page_digests(page.selector, content_xpath)):
            pages.append(page.text)
            walk.add(named(page))
        else:
            report.notes.append(f"page {walk.number} repeats an earlier page, left out ({url})")
    check.pages_found = walk.fetched + walk.missing + len(walk.queued)
    check.pages_fetched = len(pages)
    if walk.capped:
        report.notes.append(f"more than {settings.max_pages} pages (article_pages.max_pages)")
    return pages


def _extract(
    ctx: CheckContext, check: ArticleCheck, pages: list[str], url: str, report: SourceReport
) -> SelectorHits | None:
    """Extract the pages as the pipeline does and judge the story with the topic filter.

    Returns the extraction's selector health for these pages (None when no page
    could be read as HTML).
    """
    outlet = ctx.outlet
    try:
        story = extract_story(
            pages,
            url,
            outlet.extraction,
            ctx.config.extraction,
            pager_xpath=outlet.article_pages.pager_xpath,
        )
    except ExtractionFailed as exc:
        check.failure = str(exc)
        report.verdict = "FAIL"
        report.summary = f"extraction failed ({exc.reason}): {url}; check extraction rules"
        return exc.selectors
    check.title, check.author = story.title, story.author
    check.published_at = story.published_at.isoformat() if story.published_at else None
    check.canonical = story.canonical_url
    check.identity_key = resolve_page_canonical(url, story.canonical_url, ctx.outlet.canonical)
    check.paragraphs, check.chars = len(story.paragraphs), len(story.text)
    check.text_start = story.text[:TEXT_START]
    verdict = TopicFilter(ctx.config.topic).classify(story.title, story.text)
    check.topic_relevant, check.topic_score = verdict.relevant, verdict.score
    check.topic_reason, check.matched_terms = verdict.reason, list(verdict.matched_terms)
    if check.pages_fetched < check.pages_found:
        report.notes.append(
            f"only {check.pages_fetched} of {check.pages_found} pages fetched (request budget)"
        )
    topic = "on topic" if verdict.relevant else "off topic"
    if story.published_at is None:
        report.verdict = "WARN"
        report.summary = "extracted, but no publication date found: set extraction.date_xpath"
    else:
        report.summary = (
            f"extracted: {check.paragraphs} paragraph(s), dated {story.published_at.date()}, "
            f"{topic} (score {verdict.score:g})"
        )
    return story.selectors
