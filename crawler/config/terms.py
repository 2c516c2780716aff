"""The term syntax of the topic rules, and the word splitting it shares with the texts.

A term is one or more words; a `*` at the start or end of a word allows any letters
there. Terms and texts are split into words the same way (lowercase; hyphens and
slashes separate words), so a term matches what a reader sees as the same words.
The syntax is validated when `config.yaml` loads (`crawler.config.topic`) and applied
by the matcher (`crawler.content.matcher`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["parse_term", "parse_terms", "split_words"]

# Characters that join words without a space in news text ("TNI-Polri", "ASN/PNS"); they
# separate words in texts and terms alike. Replaced one by one: str.replace is far cheaper
# than a regex or str.translate over a long text.
_JOINERS = ("-", "/", "\u2010", "\u2011", "\u2013", "\u2014")
_TERM_WORD = re.compile(r"\*?[^\W_]+\*?")


def split_words(text: str) -> list[str]:
    """Lowercase whitespace-separated tokens, joiners already turned into spaces."""
    low = text.lower()
    for joiner in _JOINERS:
        if joiner in low:
            low = low.replace(joiner, " ")
    return low.split()


def parse_term(term: str) -> tuple[str, ...]:
    """The words of a term as the matcher uses them; ValueError says what is wrong with it."""
    words = tuple(split_words(term))
    if not words:
        raise ValueError(f"term {term!r} is empty")
    for word in words:
        if not _TERM_WORD.fullmatch(word):
            raise ValueError(
                f"term {term!r}: {word!r} is not a word; use letters and digits, with an "
                "optional * at the start or end of a word (regular expressions are not supported)"
            )
    return words


def parse_terms(terms: Iterable[str], field: str) -> list[tuple[str, ...]]:
    """`parse_term` over a list; the error names the field and the index."""
    parsed = []
    for i, term in enumerate(terms):
        try:
            parsed.append(parse_term(term))
        except ValueError as exc:
            raise ValueError(f"{field}[{i}]: {exc}") from None
    return parsed
