"""The shared post-clean step: what trafilatura and the outlet's selectors let through.

Everything here is generic and data-driven: line patterns come from
config.yaml (shared and per outlet), and the remaining rules are structural
(a paragraph repeated, a whole article pasted twice, a run of teasers after
the story). No rule names an outlet; an outlet's peculiarities belong in its
`extraction` section of config.yaml.

Input is a list of blocks, one per HTML block element (``<p>``, heading, list
item...), each a list of the lines its ``<br>`` tags separate. Output is the
story's paragraphs in order.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache

__all__ = [
    "clean_paragraphs",
    "compile_patterns",
    "is_link_spam",
    "normalize",
]

# A line ending like a sentence (or a credit such as "(Ant)") is story text; a
# headline may end in "?" or "!", so those do not count for the headline list.
_SENTENCE_END = re.compile(r"[.…\"”’'»)\]。．」』）]$")
_PARAGRAPH_END = re.compile(r"[.!?…\"”’'»)\]。．！？」』）]$")
_ELLIPSIS_END = re.compile(r"(…|\.\.\.)$")
# A dateline printed apart from its paragraph: "JAKARTA -", "INILAHKORAN, Cimahi –".
_DATELINE_ONLY = re.compile(r"^\S.{0,78}\s[-–—]$")
_MIXED_TOKEN = re.compile(r"^(?=[^\W\d_]*\d)(?=\d*[^\W\d_])\w+$")
_WORD = re.compile(r"\w+")
# An item of the story's own list: numbered ("3)", "12.", "#4") or a printed link.
_LIST_ITEM = re.compile(r"^(?:#?\d{1,3}[.)]\s|https?://)")

_LEAD_WINDOW = 3  # a lead/teaser is one of the first few paragraphs...
_LEAD_LOOKAHEAD = 4  # ...repeated inside one of the next few
_MIN_REPEAT_WORDS = 5  # shorter paragraphs are too generic to call repeats
# An exact repeat is dropped only when it is a statement of some length: a question, heading,
# label or short line may recur in a story (an interview's questions, "Ingredients").
_MIN_REPEATED_STATEMENT_WORDS = 8
_NEAR_DUPLICATE = 0.8  # share of the shorter paragraph's words found in the other
_DOUBLED_SHARE = 0.8  # share of a tail that must repeat the head to be a second copy
_TEASER_MAX_CHARS = 400
_HEADLINE_MAX_WORDS = 25
_MIN_TRAILER_LINES = 3
_SPAM_MIN_TOKENS = 6
_SPAM_MIXED_SHARE = 0.5


@lru_cache(maxsize=64)
def compile_patterns(patterns: tuple[str, ...]) -> tuple[re.Pattern[str], ...]:
    """Compile line patterns once per distinct set (config rules are immutable)."""
    return tuple(re.compile(pattern) for pattern in patterns)


def normalize(text: str) -> str:
    """Case- and punctuation-blind form of a text, for comparing paragraphs."""
    return " ".join(_WORD.findall(text.casefold()))


def is_link_spam(line: str) -> bool:
    """True for a run of injected link words such as ``planet128 pay4d turbo128``.

    Such runs are mostly tokens mixing letters and digits, which real prose
    rarely has (a year or a count is all digits, a word all letters).
    """
    tokens = line.split()
    if len(tokens) < _SPAM_MIN_TOKENS:
        return False
    mixed = sum(1 for token in tokens if _MIXED_TOKEN.match(token))
    return mixed / len(tokens) >= _SPAM_MIXED_SHARE


def clean_paragraphs(
    blocks: Iterable[Sequence[str]], title: str, drop_patterns: Sequence[str]
) -> list[str]:
    """Turn extracted blocks into the story's paragraphs, without boilerplate.

    `drop_patterns` are regular expressions (shared ones and the outlet's);
    a line any of them matches is removed before lines are joined, so a
    ``Baca Juga`` line inside a paragraph goes without taking its paragraph
    (and a sentence it interrupted is joined again).
    """
    patterns = compile_patterns(tuple(drop_patterns))
    paragraphs: list[str] = []
    for block in blocks:
        lines = [_squash(line) for line in block]
        paragraphs.extend(_join_lines([ln for ln in lines if not ln or not _dropped(ln, patterns)]))
    paragraphs = _drop_headline(paragraphs, title)
    paragraphs = _merge_dateline(paragraphs)
    # A second printing first, while its exact repeats still mark where it starts
    # (it may open with the first paragraph minus its dateline).
    paragraphs = _drop_second_copy(paragraphs)
    paragraphs = _drop_repeats(paragraphs)
    paragraphs = _drop_repeated_lead(paragraphs)
    return _drop_trailers(paragraphs)


# --- lines ---------------------------------------------------------------------


def _squash(line: str) -> str:
    """Collapse whitespace (including no-break spaces) and trim."""
    return " ".join(line.split())


def _dropped(line: str, patterns: Sequence[re.Pattern[str]]) -> bool:
    return is_link_spam(line) or any(pattern.search(line) for pattern in patterns)


def _join_lines(lines: Sequence[str]) -> list[str]:
    """Rebuild paragraphs from the lines of one block.

    An empty line (``<br><br>``, or a dropped line) always ends a paragraph. A
    single ``<br>`` ends one only after a complete sentence: one in the middle
    of a sentence is a layout break, and the two halves are joined with a space.
    """
    paragraphs: list[str] = []
    current = ""
    for line in lines:
        if not line:
            if current:
                paragraphs.append(current)
            current = ""
        elif current and not _PARAGRAPH_END.search(current):
            current = f"{current} {line}"
        else:
            if current:
                paragraphs.append(current)
            current = line
    if current:
        paragraphs.append(current)
    return paragraphs


# --- paragraphs ----------------------------------------------------------------


def _merge_dateline(paragraphs: list[str]) -> list[str]:
    """Keep a dateline printed on its own as the start of the paragraph it opens."""
    for i in range(min(_LEAD_WINDOW, len(paragraphs) - 1)):
        if _DATELINE_ONLY.match(paragraphs[i]):
            merged = f"{paragraphs[i]} {paragraphs[i + 1]}"
            return [*paragraphs[:i], merged, *paragraphs[i + 2 :]]
    return paragraphs


def _drop_headline(paragraphs: list[str], title: str) -> list[str]:
    headline = normalize(title)
    if not headline:
        return paragraphs
    return [p for p in paragraphs if normalize(p) != headline]


def _drop_repeats(paragraphs: list[str]) -> list[str]:
    """Keep the first of paragraphs that are equal once normalized."""
    seen: set[str] = set()
    kept = []
    for paragraph in paragraphs:
        key = normalize(paragraph)
        if key in seen and _is_statement(paragraph):
            continue
        seen.add(key)
        kept.append(paragraph)
    return kept


def _is_statement(paragraph: str) -> bool:
    """A sentence of prose: long enough and ending like a statement (not "?", not a label)."""
    return (
        len(paragraph.split()) >= _MIN_REPEATED_STATEMENT_WORDS
        and _SENTENCE_END.search(paragraph) is not None
    )


def _drop_repeated_lead(paragraphs: list[str]) -> list[str]:
    """Drop a lead or teaser standing alone above the paragraph that contains it.

    Pages often print the lead sentence (or the summary) above the body, whose
    first paragraph then repeats it after the dateline.
    """
    drop: set[int] = set()
    for i in range(min(_LEAD_WINDOW, len(paragraphs))):
        lead = normalize(paragraphs[i])
        if len(lead.split()) < _MIN_REPEAT_WORDS:
            continue
        later = paragraphs[i + 1 : i + 1 + _LEAD_LOOKAHEAD]
        if any(_contains(normalize(other), lead) for other in later):
            drop.add(i)
    return [p for i, p in enumerate(paragraphs) if i not in drop]


def _contains(text: str, part: str) -> bool:
    return len(text) > len(part) and f" {part} " in f" {text} "


def _drop_second_copy(paragraphs: list[str]) -> list[str]:
    """Drop a second copy of the whole article (edited slightly), keeping the first.

    A copy starts at a paragraph repeating one of the first two paragraphs, and
    nearly all of what follows repeats the paragraphs before it (exactly or
    reworded); a single closing paragraph echoing the lead is not a copy and stays.
    """
    bags = [Counter(normalize(p).split()) for p in paragraphs]
    for start in range(2, len(paragraphs) - 1):
        if not any(_near_duplicate(bags[start], bags[k]) for k in (0, 1)):
            continue
        head, tail = bags[:start], bags[start:]
        repeated = sum(1 for bag in tail if any(_near_duplicate(bag, h) for h in head))
        if repeated >= _DOUBLED_SHARE * len(tail):
            return paragraphs[:start]
    return paragraphs


def _near_duplicate(a: Counter[str], b: Counter[str]) -> bool:
    shorter, longer = sorted((a.total(), b.total()))
    if shorter < _MIN_REPEAT_WORDS or shorter < _NEAR_DUPLICATE * longer / 2:
        return False
    return (a & b).total() >= _NEAR_DUPLICATE * shorter


def _drop_trailers(paragraphs: list[str]) -> list[str]:
    """Strip what follows the story: teaser runs and bare lists of headlines."""
    while True:
        end = _teaser_run_start(paragraphs)
        if end == len(paragraphs):
            end = _headline_list_start(paragraphs)
        if end == len(paragraphs):
            return paragraphs
        paragraphs = paragraphs[:end]


def _teaser_run_start(paragraphs: list[str]) -> int:
    """Start of a trailing run of two or more short teasers cut off with an ellipsis."""
    start = len(paragraphs)
    while (
        start > 1
        and len(paragraphs[start - 1]) <= _TEASER_MAX_CHARS
        and _ELLIPSIS_END.search(paragraphs[start - 1])
    ):
        start -= 1
    return start if len(paragraphs) - start >= 2 else len(paragraphs)


def _headline_list_start(paragraphs: list[str]) -> int:
    """Start of a trailing list of other stories' headlines (no sentence ends).

    A list introduced by a line ending in ``:`` is the story's own list and stays.
    """
    start = len(paragraphs)
    while (
        start > 1
        and not _SENTENCE_END.search(paragraphs[start - 1])
        and not paragraphs[start - 1].endswith(":")
        and len(paragraphs[start - 1].split()) <= _HEADLINE_MAX_WORDS
    ):
        start -= 1
    run = paragraphs[start:]
    if sum(1 for line in run if _LIST_ITEM.match(line)) * 2 >= len(run):
        return len(paragraphs)  # numbered items or printed links: the story's own list
    headlines = sum(1 for line in run if len(line.split()) >= 3)
    if headlines < _MIN_TRAILER_LINES or paragraphs[start - 1].endswith(":"):
        return len(paragraphs)
    if sum(map(len, run)) > sum(map(len, paragraphs[:start])):
        return len(paragraphs)  # a "trailer" longer than the story is the story
    return start
