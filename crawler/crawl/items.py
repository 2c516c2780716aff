"""What a spider hands the item pipelines: one article's fetched pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from crawler.content.story import ExtractedStory
from crawler.content.topic import TopicVerdict


@dataclass(frozen=True)
class RawPage:
    """One HTTP exchange as the outlet answered it: what the evidence archive keeps.

    The body is the payload Scrapy handed over (transfer and content encodings
    undone), so its digest is the digest of the page as read.
    """

    url: str
    status: int
    #: Response headers in the order served (repeated names kept).
    headers: tuple[tuple[str, str], ...]
    body: bytes
    #: The request as sent (method is always GET for pages).
    request_headers: tuple[tuple[str, str], ...]
    fetched_at: datetime


@dataclass
class ArticlePage:
    """An article as fetched: all its pages in order (multi-page articles are one item).

    `canonical` is the identity key of the URL the spider requested; the
    pipelines may replace it with the page's own same-site rel=canonical.
    The later fields are filled in by the pipelines as the item moves along.
    """

    outlet: str
    url: str
    canonical: str
    pages: list[str]
    source: str
    fetched_at: datetime
    #: Further pages named but not fetched: the story is incomplete and is fetched again.
    pages_missing: int = 0
    keys: list[str] = field(default_factory=list)  # every key to mark seen with the outcome
    story: ExtractedStory | None = None
    verdict: TopicVerdict | None = None
    #: Every page as served, in order, for the evidence archive (crawler.evidence).
    raw_pages: list[RawPage] = field(default_factory=list)
    #: The stored story's id once the storage step kept it (stored, duplicate or completed).
    story_id: int | None = None
