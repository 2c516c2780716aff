"""What extraction yields: a clean story, or the reason there is none."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

__all__ = ["ExtractedStory", "ExtractionFailed"]


@dataclass(frozen=True)
class ExtractedStory:
    """A clean story and what the page says about it."""

    title: str
    author: str | None
    published_at: datetime | None
    canonical_url: str | None
    paragraphs: tuple[str, ...]

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
    """

    def __init__(self, reason: str, message: str = "") -> None:
        super().__init__(f"{reason}: {message}" if message else reason)
        self.reason = reason
        self.message = message
