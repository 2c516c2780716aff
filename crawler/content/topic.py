"""The topic filter: keeps stories about the neutrality of civil servants (ASN) in elections.

Rules, not a trained model: every decision can be explained from `config.yaml` (`topic:`), and a
user retunes it there without code. How a story is scored:

1. Title and text are split into lowercase words. Hyphens and slashes separate words
   ("TNI-Polri" is "tni polri"); punctuation around a word is dropped.
2. Excluded phrases ("netralitas internet", "karbon netral") are blanked out first, so another
   sense of "netral" can never count, not even through proximity.
3. Terms are matched on whole words only ("asn" never matches inside "asnawi"). A term is one or
   more words; a `*` at the start or end of a word allows any letters there ("netral*" matches
   netral, netralitas; "ketidaknetral*" matches ketidaknetralan). Deliberately no regular
   expressions: the people who retune the lists should be able to read them, and matching
   whole words through set lookups is what keeps the filter fast (a regex alternation of ~150
   terms scanned a 5,000-word text 10-50 times slower). Where two terms could match at one
   place, the longer one wins; each word counts for at most one term.
4. Each group adds `weight * sqrt(hits)`, a hit in the title counting `title_weight` times. The
   square root gives diminishing returns, so an article repeating "ASN" thirty times does not
   outweigh one that names ASN, neutrality and the election once each. A negative weight marks
   a competing subject (TNI/Polri): the more a story is about them, the lower its score.
5. Each proximity rule counts words of its `first` groups that have a word of its `second`
   groups within `window` words, and adds `weight * sqrt(count)`: "ASN ... netral" in one
   sentence is the evidence that the neutrality is the civil servants' own. With `headline`,
   a `first` word in the title is near every `second` word of the story: a headline names the
   story's subject, and later sentences refer to it as "mereka" or "pegawai".
6. A story is relevant when each `required` entry is met (an entry lists alternatives, groups
   or proximity rules, at least one of which must have matched) and the score reaches
   `threshold`. The verdict keeps the score, the matched terms and the reason.

The rules' model and its validation are in `crawler.config.topic`, the term syntax and word
splitting (steps 1 and 3) in `crawler.config.terms`, the matching (steps 2 and 3) in
`crawler.content.matcher`; this module scores and decides (steps 4 to 6).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass

from crawler.config.terms import parse_terms
from crawler.config.topic import ProximityRule, TopicRules
from crawler.content.matcher import Hit, Matcher

__all__ = ["TopicFilter", "TopicVerdict"]


@dataclass(frozen=True)
class TopicVerdict:
    """The filter's decision on one story, stored with it."""

    relevant: bool
    score: float
    matched_terms: tuple[str, ...]  # distinct matched words, title first, in order of appearance
    reason: str  # e.g. "missing required group: asn|local_officials"


@dataclass(frozen=True)
class _Unit:
    """One part of a story (title or text): its hits and where each group matched."""

    hits: list[Hit]
    positions: dict[str, list[int]]  # group name -> start positions, in order

    @classmethod
    def of(cls, hits: list[Hit]) -> _Unit:
        positions: dict[str, list[int]] = {}
        for hit in hits:
            positions.setdefault(hit.group, []).append(hit.start)
        return cls(hits, positions)

    def select(self, groups: list[str]) -> list[int]:
        """Start positions of hits of any of `groups`, in order."""
        if len(groups) == 1:
            return self.positions.get(groups[0], [])
        return sorted(pos for group in groups for pos in self.positions.get(group, ()))


class TopicFilter:
    """Scores stories against `TopicRules`; everything is prepared once, in the constructor."""

    def __init__(self, rules: TopicRules) -> None:
        self.rules = rules
        terms = [
            (words, name)
            for name, group in rules.groups.items()
            for words in parse_terms(group.terms, name)
        ]
        exclusions = parse_terms(rules.exclude_phrases, "exclude_phrases")
        self._matcher = Matcher(terms, exclusions)

    def classify(self, title: str, text: str) -> TopicVerdict:
        """Decide whether one story is on topic, and say why."""
        title_unit = _Unit.of(self._matcher.find(title))
        body_unit = _Unit.of(self._matcher.find(text))
        tw = self.rules.title_weight

        counts: dict[str, float] = {}
        parts: list[tuple[str, float]] = []
        for name, group in self.rules.groups.items():
            counts[name] = n = tw * len(title_unit.select([name])) + len(body_unit.select([name]))
            if n:
                parts.append((name, group.weight * math.sqrt(n)))
        for name, rule in self.rules.proximity.items():
            counts[name] = n = self._near(title_unit, body_unit, rule)
            if n:
                parts.append((name, rule.weight * math.sqrt(n)))
        score = round(sum(value for _, value in parts), 4)

        missing = self._missing(counts)
        relevant = missing is None and score >= self.rules.threshold
        if missing is not None:
            reason = missing
        else:
            relation = ">=" if relevant else "<"
            detail = ", ".join(f"{name} {value:+.1f}" for name, value in parts)
            reason = f"score {score:.2f} {relation} {self.rules.threshold} ({detail})"
        matched = [hit.surface for unit in (title_unit, body_unit) for hit in unit.hits]
        return TopicVerdict(
            relevant=relevant,
            score=score,
            matched_terms=tuple(dict.fromkeys(matched)),
            reason=reason,
        )

    def _missing(self, counts: dict[str, float]) -> str | None:
        """The first `required` entry the story does not meet, or None."""
        for alternatives in self.rules.required:
            if not any(counts[name] for name in alternatives):
                kind = "group" if all(n in self.rules.groups for n in alternatives) else "rule"
                return f"missing required {kind}: {'|'.join(alternatives)}"
        return None

    def _near(self, title: _Unit, body: _Unit, rule: ProximityRule) -> float:
        """`first` hits with a `second` hit near them; a title hit counts title_weight times."""
        t_first, t_second = title.select(rule.first), title.select(rule.second)
        b_first, b_second = body.select(rule.first), body.select(rule.second)
        if rule.headline and (t_second or b_second):
            in_title = len(t_first)
        else:
            in_title = _count_near(t_first, t_second, rule.window)
        return self.rules.title_weight * in_title + _count_near(b_first, b_second, rule.window)


def _count_near(first: list[int], second: list[int], window: int) -> int:
    """How many positions in `first` have one in `second` (sorted) within `window`."""
    n = 0
    if second:
        for pos in first:
            i = bisect_left(second, pos - window)
            if i < len(second) and second[i] <= pos + window:
                n += 1
    return n
