"""What `asnwatch check` found: verdicts per document and source, as text or JSON.

Data only, no I/O: the source checks fill these classes in, `format_report`
and `CheckReport.to_json` render them. The exit code and the one-line reason
of a failed check are decided here, so the CLI only prints.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from typing import Literal

from crawler.check.candidates import Candidate
from crawler.check.fetcher import RequestRecord

Verdict = Literal["OK", "WARN", "FAIL", "OFF"]
_RANK: dict[str, int] = {"OFF": 0, "OK": 1, "WARN": 2, "FAIL": 3}
TEXT_START = 200  # characters of the article's text shown


def worst(verdicts: Iterable[Verdict]) -> Verdict:
    """The most serious verdict (OFF when there is none)."""
    return max(verdicts, key=_RANK.__getitem__, default="OFF")


@dataclass
class DocumentCheck:
    """One document a source fetched (or could not), and what was in it."""

    url: str
    role: str  # e.g. "from robots.txt", "configured", "index child", "search, page 1"
    result: str = ""  # "HTTP 200", or why there is no answer
    verdict: Verdict = "OK"
    hint: str = ""
    kind: str | None = None  # urlset, sitemapindex, feed content type...
    entries: int | None = None  # sitemap/feed entries, or distinct links on an HTML page
    same_site: int | None = None
    matching: int | None = None  # same-site entries/links matching article_url_pattern
    recent: int | None = None  # entries within sitemaps.max_age_days
    first_date: str | None = None
    last_date: str | None = None
    non_matching_examples: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class SourceReport:
    """One discovery source: its documents, its verdict and a one-line summary or hint."""

    name: str
    verdict: Verdict
    summary: str
    documents: list[DocumentCheck] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def conclude(self, ok_summary: str) -> None:
        """The worst document decides; its hint is the summary unless all is well."""
        self.verdict = worst(d.verdict for d in self.documents)
        problem = next((d.hint for d in self.documents if d.verdict == self.verdict), "")
        self.summary = problem if self.verdict != "OK" else ok_summary


@dataclass
class ArticleCheck:
    """The one article fetched and extracted."""

    url: str
    source: str
    matches_pattern: bool
    result: str = ""
    pages_fetched: int = 0
    pages_found: int = 0
    title: str | None = None
    published_at: str | None = None
    author: str | None = None
    canonical: str | None = None
    identity_key: str | None = None
    paragraphs: int = 0
    chars: int = 0
    text_start: str | None = None
    failure: str | None = None
    topic_relevant: bool | None = None
    topic_score: float | None = None
    topic_reason: str | None = None
    matched_terms: list[str] = field(default_factory=list)


@dataclass
class SelectorCheck:
    """One configured selector on the article's pages (`crawler.check.selectors`)."""

    name: str
    verdict: Verdict
    pages: int
    matched: int
    message: str


@dataclass
class SelectorsCheck:
    """The outlet's configured selectors tried on the article: a verdict each, and overall."""

    verdict: Verdict
    summary: str
    selectors: list[SelectorCheck] = field(default_factory=list)


@dataclass
class CheckReport:
    """Everything `asnwatch check` found; `format_report` and `to_json` render it."""

    outlet: str
    name: str
    base_url: str
    article_url_pattern: str
    user_agent: str
    max_requests: int
    sources: list[SourceReport] = field(default_factory=list)
    candidates_found: int = 0
    sample: list[Candidate] = field(default_factory=list)
    article: ArticleCheck | None = None
    selectors: SelectorsCheck | None = None
    requests: list[RequestRecord] = field(default_factory=list)
    #: Why the site could not be reached at all (then no source could be read).
    unreachable: str | None = None

    @property
    def verdict(self) -> Verdict:
        selectors = [self.selectors.verdict] if self.selectors else []
        return worst([*(source.verdict for source in self.sources), *selectors])

    @property
    def extracted(self) -> bool:
        return (
            self.article is not None and self.article.failure is None and bool(self.article.title)
        )

    @property
    def exit_code(self) -> int:
        return 0 if self.verdict != "FAIL" and self.extracted else 1

    @property
    def reason(self) -> str | None:
        """The one-line reason of a failed check (None when it passed)."""
        failed = [s for s in self.sources if s.verdict == "FAIL"]
        if not failed:
            return None if self.extracted else "no article was extracted"
        more = f" (and {len(failed) - 1} more failing source(s))" if len(failed) > 1 else ""
        return f"{failed[0].name}: {failed[0].summary}{more}"

    def to_dict(self) -> dict[str, object]:
        data = asdict(self)
        data.update(verdict=self.verdict, exit_code=self.exit_code, reason=self.reason)
        return data

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=2)


# --- text rendering --------------------------------------------------------------------


def format_report(report: CheckReport) -> str:
    """The report as plain text: a block per source, the sample, the article, the verdicts."""
    lines = [
        f"asnwatch check {report.outlet} ({report.name})",
        f"  site:    {report.base_url}",
        f"  pattern: {report.article_url_pattern}",
        f"  agent:   {report.user_agent}",
    ]
    if report.unreachable:
        return "\n".join([*lines, "", f"Site unreachable: {report.unreachable}", *_tail(report)])
    for source in report.sources:
        lines += ["", source.name]
        if source.name == "article":
            lines += _article_lines(report)
        for doc in source.documents:
            lines += _document_lines(doc)
        lines += [f"  {note}" for note in source.notes]
        lines.append(f"  => {source.verdict:<4} {source.summary}")
    if report.selectors is not None:
        lines += ["", "selectors", *_selector_lines(report.selectors)]
    return "\n".join([*lines, *_tail(report)])


def _tail(report: CheckReport) -> list[str]:
    """The verdicts (one line per source), the requests made and the result."""
    lines = ["", "Verdicts"]
    lines += [f"  {s.verdict:<4}  {s.name:<11} {s.summary}" for s in report.sources]
    if report.selectors is not None:
        lines.append(
            f"  {report.selectors.verdict:<4}  {'selectors':<11} {report.selectors.summary}"
        )
    used = len(report.requests)
    lines += ["", f"Requests ({used}, at most {report.max_requests}; robots.txt obeyed)"]
    lines += [f"  {r.result:<10} {r.url}" for r in report.requests]
    outcome = "OK" if report.exit_code == 0 else f"FAIL: {report.reason}"
    lines += ["", f"Result: {outcome}"]
    return lines


def _document_lines(doc: DocumentCheck) -> list[str]:
    pad = " " * 13
    lines = [f"  {doc.result:<10} {doc.url}  ({doc.role})"]
    counts = _counts(doc)
    if counts:
        lines.append(pad + counts)
    if doc.first_date:
        lines.append(f"{pad}dates {doc.first_date[:10]} .. {(doc.last_date or '')[:10]}")
    lines += [f"{pad}not matching: {url}" for url in doc.non_matching_examples]
    lines += [f"{pad}{note}" for note in doc.notes]
    if doc.verdict != "OK" and doc.hint:
        lines.append(f"{pad}{doc.verdict}: {doc.hint}")
    return lines


def _counts(doc: DocumentCheck) -> str:
    """What a document held, in words: links of a page, children of an index, entries."""
    if doc.entries is None:
        return ""
    if doc.kind == "html":
        return f"{doc.entries} same-site links, {doc.matching} distinct article links match"
    if doc.kind == "sitemapindex":
        return f"sitemapindex: {doc.entries} child sitemaps, {doc.recent} recent enough"
    parts = [f"{doc.entries} entries"]
    if doc.same_site != doc.entries:
        parts.append(f"{doc.same_site} same-site")
    share = f" ({100 * (doc.matching or 0) // doc.same_site}%)" if doc.same_site else ""
    parts.append(f"{doc.matching} match the pattern{share}")
    if doc.recent is not None:
        parts.append(f"{doc.recent} recent enough")
    return f"{doc.kind}: " * bool(doc.kind) + ", ".join(parts)


def _article_lines(report: CheckReport) -> list[str]:
    total = report.candidates_found
    lines = [f"  sample ({len(report.sample)} of {total} article URLs found):"]
    for c in report.sample:
        mark = "matches" if c.matches_pattern else "NO MATCH"
        lines.append(f"    {mark:<8} {c.url}  ({c.source})")
    article = report.article
    if article is None:
        return lines
    origin = "matches the pattern" if article.matches_pattern else "does NOT match the pattern"
    lines.append(f"  {article.result:<10} {article.url}  (from {article.source}; {origin})")
    if article.failure:
        lines.append(f"  failure:    {article.failure}")
        return lines
    text = (article.text_start or "").replace("\n\n", " ¶ ")
    topic = "on topic" if article.topic_relevant else "off topic"
    lines += [
        f"  title:      {article.title}",
        f"  published:  {article.published_at or '-'}",
        f"  author:     {article.author or '-'}",
        f"  canonical:  {article.canonical or '-'}  (identity key {article.identity_key})",
        f"  pages:      {article.pages_fetched} fetched of {article.pages_found}",
        f"  paragraphs: {article.paragraphs} ({article.chars} characters)",
        f"  text:       {text}{'…' if article.chars > TEXT_START else ''}",
        f"  topic:      {topic}, score {article.topic_score}: {article.topic_reason}",
    ]
    return lines


def _selector_lines(check: SelectorsCheck) -> list[str]:
    """Each configured selector with its verdict on the article's pages, then the overall one."""
    lines = [f"  {selector.verdict:<4} {selector.message}" for selector in check.selectors]
    lines.append(f"  => {check.verdict:<4} {check.summary}")
    return lines
