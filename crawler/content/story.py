"""What extraction yields: a clean story, or the reason there is none."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from crawler.content.selectors import SelectorHits

__all__ = ["ExtractedStory", "ExtractionFailed"]


@dataclass(frozen=True)
class ExtractedStory:
    """A clean story and what the page says about it.

    `selectors` tells which configured selectors matched its pages (template
    health, `crawler.content.selectors`); it plays no part in the text.
    """

    title: str
    author: str | None
    published_at: datetime | None
    canonical_url: str | None
    paragraphs: tuple[str, ...]
    selectors: SelectorHits = field(default_factory=SelectorHits, compare=False)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def render(self) -> str:
        """The export file's content: headline, blank line, paragraphs; no final newline."""
        return f"{self.title}\n\n{self.text}"


class ExtractionFailed(Exception):
    """No story in these pages; `reason` is short and machine-friendly.

    Reasons: ``empty`` (no text), ``too_short`` (text below min_chars),
    ``unparsable`` (not an HTML page), ``no_title`` (no headline anywhere).
    `selectors` holds the selector health of pages that were read before the
    story was refused (None when a page could not be read at all): a failure
    is often what a template change leads to.
    """

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(f"{reason}: {message}" if message else reason)
        self.reason = reason
        self.message = message
        self.selectors: SelectorHits | None = None
