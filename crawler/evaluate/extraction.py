"""How much better our extraction is than trafilatura's defaults, measured.

Each case is an article (its pages) with a hand-checked gold text in the
export layout. Our export (`extract_story(...).render()`) and a plain
``trafilatura.extract(html)`` with default options are both scored against
it by bag-of-words F1, and both are searched for boilerplate lines known to
leak from the watched outlets (docs/outlets.md). The plain output has no headline;
that costs it a few tokens of recall, as it would cost the real export.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

import trafilatura

from crawler.config.extraction import ExtractionRules, SharedExtractionConfig
from crawler.content.extraction import extract_story
from crawler.content.story import ExtractionFailed

__all__ = [
    "BOILERPLATE_PATTERNS",
    "CaseResult",
    "ExtractionEvaluation",
    "count_boilerplate",
    "evaluate",
    "format_report",
    "token_f1",
]

_WORD = re.compile(r"\w+")

# Noise markers seen in the outlets' pages (docs/outlets.md), one line each.
BOILERPLATE_PATTERNS: tuple[re.Pattern[str], ...] = tuple(
    re.compile(pattern, re.IGNORECASE)
    for pattern in (
        r"^\s*Baca juga\b",
        r"^\s*(Halaman|Page)\s*:",
        r"^\s*(Editor|Penulis|Reporter|Pewarta)\s*:",
        r"^\s*\d+\s+Komentar\s*$",
        r"^\s*Leave a (comment|reply)\b",
        r"^\s*Back to top( button)?\s*$",
        r"^\s*Adblock Detected\s*$",
        r"disabling your ad ?blocker",
        r"(\b[a-z]+\d+[a-z]*\b\W+){4,}",  # injected link spam: planet128 pay4d turbo128 ...
        r"^\s*NERACA\s*$",
        r"^\s*NERACA\s+[A-Z][\w ]*\s+[-–]\s.*(…|\.\.\.)\s*$",  # teasers of other stories
    )
)


def token_f1(predicted: str, gold: str) -> float:
    """F1 of the two texts' bags of lower-cased word tokens (1.0 when both are empty)."""
    ours, theirs = (
        Counter(_WORD.findall(predicted.casefold())),
        Counter(_WORD.findall(gold.casefold())),
    )
    if not ours and not theirs:
        return 1.0
    overlap = (ours & theirs).total()
    if overlap == 0:
        return 0.0
    precision, recall = overlap / ours.total(), overlap / theirs.total()
    return 2 * precision * recall / (precision + recall)


def count_boilerplate(text: str) -> int:
    """Lines of `text` that match a known boilerplate marker."""
    return sum(
        1
        for line in text.splitlines()
        if line.strip() and any(pattern.search(line) for pattern in BOILERPLATE_PATTERNS)
    )


@dataclass(frozen=True)
class CaseResult:
    url: str
    f1_ours: float
    f1_plain: float
    leaked_ours: int
    leaked_plain: int
    failure: str | None  # our ExtractionFailed reason, None when a story came out


@dataclass(frozen=True)
class ExtractionEvaluation:
    cases: tuple[CaseResult, ...]

    @property
    def mean_f1_ours(self) -> float:
        return _mean(case.f1_ours for case in self.cases)

    @property
    def mean_f1_plain(self) -> float:
        return _mean(case.f1_plain for case in self.cases)

    @property
    def leaked_ours(self) -> int:
        return sum(case.leaked_ours for case in self.cases)

    @property
    def leaked_plain(self) -> int:
        return sum(case.leaked_plain for case in self.cases)

    @property
    def failures(self) -> tuple[CaseResult, ...]:
        return tuple(case for case in self.cases if case.failure is not None)


def _mean(values: Iterable[float]) -> float:
    values = list(values)
    return sum(values) / len(values) if values else 0.0


def evaluate(
    cases: Iterable[tuple[str, list[str], str, ExtractionRules]],
    shared: SharedExtractionConfig,
) -> ExtractionEvaluation:
    """Score each (url, pages, gold_text, rules) case; a failed extraction scores 0."""
    results = []
    for url, pages, gold, rules in cases:
        failure = None
        try:
            ours = extract_story(pages, url, rules, shared).render()
        except ExtractionFailed as exc:
            ours, failure = "", exc.reason
        plain = "\n".join(text for text in (_plain(page) for page in pages) if text)
        results.append(
            CaseResult(
                url=url,
                f1_ours=token_f1(ours, gold),
                f1_plain=token_f1(plain, gold),
                leaked_ours=count_boilerplate(ours),
                leaked_plain=count_boilerplate(plain),
                failure=failure,
            )
        )
    return ExtractionEvaluation(cases=tuple(results))


def _plain(page: str | bytes) -> str:
    """trafilatura with default options: the baseline we must beat."""
    try:
        return trafilatura.extract(page) or ""
    except Exception:  # the baseline failing on a page just scores it empty
        return ""


def format_report(evaluation: ExtractionEvaluation) -> str:
    """A plain-text table: totals first, then one line per case."""
    lines = [
        f"Extraction quality on {len(evaluation.cases)} case(s)",
        f"{'':24}{'ours':>10}{'plain':>10}",
        f"{'mean token F1':24}{evaluation.mean_f1_ours:>10.3f}{evaluation.mean_f1_plain:>10.3f}",
        f"{'boilerplate lines':24}{evaluation.leaked_ours:>10}{evaluation.leaked_plain:>10}",
        f"{'failures':24}{len(evaluation.failures):>10}",
        "",
        f"{'F1 ours':>8} {'F1 plain':>8} {'leaks ours':>10} {'leaks plain':>11}  url",
    ]
    for case in evaluation.cases:
        note = f"  [failed: {case.failure}]" if case.failure else ""
        lines.append(
            f"{case.f1_ours:>8.3f} {case.f1_plain:>8.3f} {case.leaked_ours:>10} "
            f"{case.leaked_plain:>11}  {case.url}{note}"
        )
    return "\n".join(lines)
