"""Measures the topic filter against a labelled set of articles.

The labelled set (`crawler/evaluate/data/topic_labelled.yaml`, shipped with the package) is
the quality gate for the rules in `config.yaml`: after retuning them, `asnwatch evaluate
topic` shows what changed, and the tests fail when precision or recall drop below their
floor. Misclassified items are listed with their score and reason, because a number alone
does not say which rule to fix.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import yaml
from pydantic import ValidationError, model_validator

from crawler.config.base import StrictModel
from crawler.content.topic import TopicFilter

#: The labelled set `asnwatch evaluate topic` and the tests read unless told otherwise.
DEFAULT_LABELLED = Path(__file__).parent / "data" / "topic_labelled.yaml"

__all__ = [
    "DEFAULT_LABELLED",
    "ArticleResult",
    "LabelledArticle",
    "TopicEvaluation",
    "evaluate",
    "format_report",
    "load_labelled",
]

HardCase = Literal[
    "net_neutrality", "tni_polri", "asn_non_election", "election_no_asn", "other_netral"
]


class LabelledArticle(StrictModel):
    """One article of the labelled set; `hard_case` names the trap a negative sets."""

    id: str
    title: str
    text: str
    label: Literal["positive", "negative"]
    hard_case: HardCase | None = None
    note: str | None = None  # why a borderline item got its label

    @model_validator(mode="after")
    def _hard_cases_are_negative(self) -> LabelledArticle:
        if self.hard_case is not None and self.label != "negative":
            raise ValueError(f"hard_case {self.hard_case!r} is only for negative articles")
        return self


@dataclass(frozen=True)
class ArticleResult:
    """The filter's verdict on one labelled article."""

    id: str
    title: str
    expected: bool  # True for a positive
    relevant: bool
    score: float
    reason: str
    hard_case: str | None

    @property
    def correct(self) -> bool:
        return self.expected == self.relevant


@dataclass(frozen=True)
class TopicEvaluation:
    """Confusion counts and per-article results of one evaluation run."""

    results: tuple[ArticleResult, ...]
    threshold: float

    def _count(self, expected: bool, relevant: bool) -> int:
        return sum(r.expected == expected and r.relevant == relevant for r in self.results)

    @property
    def tp(self) -> int:
        return self._count(True, True)

    @property
    def fp(self) -> int:
        return self._count(False, True)

    @property
    def fn(self) -> int:
        return self._count(True, False)

    @property
    def tn(self) -> int:
        return self._count(False, False)

    @property
    def precision(self) -> float:
        """Kept stories that are on topic; 0.0 when nothing is kept (a gate must fail then)."""
        kept = self.tp + self.fp
        return self.tp / kept if kept else 0.0

    @property
    def recall(self) -> float:
        """On-topic stories that are kept; 0.0 when the set has no positives."""
        positives = self.tp + self.fn
        return self.tp / positives if positives else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def misclassified(self) -> tuple[ArticleResult, ...]:
        return tuple(r for r in self.results if not r.correct)


def load_labelled(path: str | Path) -> list[LabelledArticle]:
    """Read a labelled set: a YAML mapping with an `articles:` list.

    Raises ValueError naming the file and the article for any malformed entry or repeated id.
    """
    path = Path(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
        raise ValueError(f"{path}: expected a mapping with an 'articles' list")
    articles: list[LabelledArticle] = []
    seen: set[str] = set()
    for i, entry in enumerate(data["articles"]):
        try:
            article = LabelledArticle.model_validate(entry)
        except ValidationError as exc:
            problems = "; ".join(
                f"{'.'.join(map(str, err['loc'])) or 'entry'}: {err['msg']}" for err in exc.errors()
            )
            raise ValueError(f"{path}: articles[{i}]: {problems}") from None
        if article.id in seen:
            raise ValueError(f"{path}: articles[{i}]: repeated id {article.id!r}")
        seen.add(article.id)
        articles.append(article)
    return articles


def evaluate(articles: Iterable[LabelledArticle], flt: TopicFilter) -> TopicEvaluation:
    """Classify every article and compare with its label."""
    results = []
    for article in articles:
        verdict = flt.classify(article.title, article.text)
        results.append(
            ArticleResult(
                id=article.id,
                title=article.title,
                expected=article.label == "positive",
                relevant=verdict.relevant,
                score=verdict.score,
                reason=verdict.reason,
                hard_case=article.hard_case,
            )
        )
    return TopicEvaluation(results=tuple(results), threshold=flt.rules.threshold)


def _label(expected: bool) -> str:
    return "positive" if expected else "negative"


def format_report(evaluation: TopicEvaluation, closest: int = 3) -> str:
    """A readable report: the numbers, the mistakes, and the closest calls on each side."""
    ev = evaluation
    lines = [
        f"Topic filter on {len(ev.results)} labelled articles (threshold {ev.threshold})",
        f"  precision {ev.precision:.3f}  recall {ev.recall:.3f}  f1 {ev.f1:.3f}",
        f"  tp {ev.tp}  fp {ev.fp}  fn {ev.fn}  tn {ev.tn}",
    ]
    cases = sorted({r.hard_case for r in ev.results if r.hard_case})
    if cases:
        lines.append("Hard negatives rejected:")
        for case in cases:
            group = [r for r in ev.results if r.hard_case == case]
            lines.append(f"  {case:<18} {sum(r.correct for r in group)}/{len(group)}")
    if ev.misclassified:
        lines.append(f"Misclassified ({len(ev.misclassified)}):")
        for r in ev.misclassified:
            case = f", {r.hard_case}" if r.hard_case else ""
            lines.append(f"  [{r.id}] expected {_label(r.expected)}{case}: {r.title}")
            lines.append(f"      score {r.score:.2f}; {r.reason}")
    else:
        lines.append("Misclassified: none")
    kept = sorted((r for r in ev.results if r.expected and r.relevant), key=lambda r: r.score)
    near = sorted(
        (r for r in ev.results if not r.expected and r.reason.startswith("score")),
        key=lambda r: -r.score,
    )
    if kept[:closest]:
        lines.append("Lowest-scoring positives kept:")
        lines.extend(f"  {r.score:6.2f}  [{r.id}] {r.title}" for r in kept[:closest])
    if near[:closest]:
        lines.append("Negatives that passed every required check (rejected on score only):")
        lines.extend(f"  {r.score:6.2f}  [{r.id}] {r.title}" for r in near[:closest])
    return "\n".join(lines)
