"""What a spider hands the item pipelines: one article's fetched pages."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from crawler.content.story import ExtractedStory
from crawler.content.topic import TopicVerdict


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
