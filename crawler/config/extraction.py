"""Extraction rules in `config.yaml`: per outlet (`outlets.<name>.extraction`) and shared.

Every outlet-specific choice of the extractor (`crawler.content.extraction`) lives
here as data, validated when the config loads: an XPath or a pattern that does not
compile is a config error naming its key, not an exception on every page.
"""

from __future__ import annotations

from pydantic import Field, field_validator

from crawler.config.base import StrictModel, XPathExpr, valid_regex, valid_xpath

__all__ = ["DEFAULT_DROP_LINE_PATTERNS", "ExtractionRules", "SharedExtractionConfig"]

#: Lines dropped from every outlet's text: boilerplate the watched outlets share.
DEFAULT_DROP_LINE_PATTERNS: tuple[str, ...] = (
    r"^\s*Baca [Jj]uga\b.*$",
    r"^\s*(Halaman|Page)\s*:?\s*[\d\s]*$",
    r"^\s*Editor\s*:.*$",
    r"^\s*(Penulis|Reporter|Pewarta)\s*:.*$",
    r"^\s*\d+\s+Komentar\s*$",
    r"^\s*Leave a (comment|Reply)\s*$",
    r"^\s*Back to top button\s*$",
    r"^\s*Adblock Detected\s*$",
    r"^\s*Please consider supporting us by disabling your ad blocker.*$",
    r"^\s*(Share|Bagikan)\s*:?\s*$",
)


class ExtractionRules(StrictModel):
    """One outlet's extraction rules: ``outlets.<name>.extraction`` in config.yaml."""

    content_xpath: XPathExpr | None = None
    title_xpath: XPathExpr | None = None
    prune_xpath: list[str] = []
    drop_line_patterns: list[str] = []
    date_xpath: XPathExpr | None = None
    author_xpath: XPathExpr | None = None

    # Lists are checked whole, so an error names the key (not the key and an index).
    @field_validator("prune_xpath")
    @classmethod
    def _valid_xpaths(cls, values: list[str]) -> list[str]:
        return [valid_xpath(value) for value in values]

    @field_validator("drop_line_patterns")
    @classmethod
    def _valid_patterns(cls, values: list[str]) -> list[str]:
        return [valid_regex(value) for value in values]


class SharedExtractionConfig(StrictModel):
    """Settings every outlet shares: the top-level ``extraction`` key."""

    min_chars: int = Field(default=300, ge=0)
    drop_line_patterns: list[str] = list(DEFAULT_DROP_LINE_PATTERNS)

    @field_validator("drop_line_patterns")
    @classmethod
    def _valid_patterns(cls, values: list[str]) -> list[str]:
        return [valid_regex(value) for value in values]
