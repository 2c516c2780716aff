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
"""

from __future__ import annotations

import math
import re
import string
from bisect import bisect_left
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from pydantic import Field, field_validator, model_validator

from crawler.config.base import StrictModel

__all__ = [
    "ProximityRule",
    "TermGroup",
    "TopicFilter",
    "TopicRules",
    "TopicVerdict",
    "parse_term",
]

# Characters that join words without a space in news text ("TNI-Polri", "ASN/PNS"); they
# separate words in texts and terms alike. Replaced one by one: str.replace is far cheaper
# than a regex or str.translate over a long text.
_JOINERS = ("-", "/", "\u2010", "\u2011", "\u2013", "\u2014")
# Stripped from both ends of a word: "(ASN)," is "asn".
_EDGE_PUNCT = string.punctuation + "\u201c\u201d\u2018\u2019\u00ab\u00bb\u2026\u2022\u00b7"
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_TERM_WORD = re.compile(r"\*?[^\W_]+\*?")


def _split(text: str) -> list[str]:
    """Lowercase whitespace-separated tokens, joiners already turned into spaces."""
    low = text.lower()
    for joiner in _JOINERS:
        if joiner in low:
            low = low.replace(joiner, " ")
    return low.split()


def parse_term(term: str) -> tuple[str, ...]:
    """The words of a term as the matcher uses them; ValueError says what is wrong with it."""
    words = tuple(_split(term))
    if not words:
        raise ValueError(f"term {term!r} is empty")
    for word in words:
        if not _TERM_WORD.fullmatch(word):
            raise ValueError(
                f"term {term!r}: {word!r} is not a word; use letters and digits, with an "
                "optional * at the start or end of a word (regular expressions are not supported)"
            )
    return words


def _parse_terms(terms: Iterable[str], field: str) -> list[tuple[str, ...]]:
    parsed = []
    for i, term in enumerate(terms):
        try:
            parsed.append(parse_term(term))
        except ValueError as exc:
            raise ValueError(f"{field}[{i}]: {exc}") from None
    return parsed


class TermGroup(StrictModel):
    """One named kind of evidence (who, what, when...), scored as a whole.

    `terms` use the syntax in the module docstring: whole words, case-insensitive, `*` at a
    word's start or end. A negative `weight` counts the group against the story.
    """

    terms: list[str] = Field(min_length=1)
    weight: float = 1.0

    @field_validator("terms")
    @classmethod
    def _terms_parse(cls, terms: list[str]) -> list[str]:
        _parse_terms(terms, "terms")
        return terms


class ProximityRule(StrictModel):
    """Evidence that terms of two kinds occur close together, e.g. "ASN" near "netral".

    Counts the words of the `first` groups that have a word of the `second` groups within
    `window` words (either side, in the same part: title or text). With `headline`, a `first`
    word in the title counts whenever the story has a `second` word anywhere. Name the rule in
    `TopicRules.required` to make a pair a condition.
    """

    first: list[str] = Field(min_length=1)
    second: list[str] = Field(min_length=1)
    window: int = Field(default=15, ge=1)
    headline: bool = False
    weight: float = 1.0


class TopicRules(StrictModel):
    """The `topic:` key of config.yaml: which stories the crawler keeps.

    `required` lists conditions that must all hold; each is a list of alternatives, names of
    groups or proximity rules (a plain name is a list of one): `[[asn, local_officials],
    [election]]` means "an ASN or village-official term, and an election term".
    `exclude_phrases` use the term syntax and are blanked out of title and text before
    anything is matched. A term may belong to one group only.
    """

    name: str = "asn_neutrality"
    groups: dict[str, TermGroup] = Field(min_length=1)
    proximity: dict[str, ProximityRule] = Field(default_factory=dict)
    required: list[list[str]] = Field(default_factory=list)
    exclude_phrases: list[str] = Field(default_factory=list)
    title_weight: float = Field(default=3.0, ge=0)
    threshold: float

    @field_validator("required", mode="before")
    @classmethod
    def _single_names_are_lists(cls, value: object) -> object:
        if isinstance(value, list):
            return [[item] if isinstance(item, str) else item for item in value]
        return value

    @field_validator("exclude_phrases")
    @classmethod
    def _exclusions_parse(cls, phrases: list[str]) -> list[str]:
        _parse_terms(phrases, "exclude_phrases")
        return phrases

    @model_validator(mode="after")
    def _references_exist(self) -> TopicRules:
        for kind, names in (("groups", self.groups), ("proximity", self.proximity)):
            for name in names:
                if not _NAME.fullmatch(name):
                    raise ValueError(f"{kind}: name {name!r} must be lowercase letters, digits, _")
        if clash := sorted(set(self.groups) & set(self.proximity)):
            raise ValueError(f"proximity: {clash} already name groups; use distinct names")

        def check(names: Sequence[str], where: str, known: Sequence[str], kind: str) -> None:
            if not names:
                raise ValueError(f"{where}: empty list")
            for name in names:
                if name not in known:
                    raise ValueError(
                        f"{where}: unknown {kind} {name!r} (known: {', '.join(known)})"
                    )

        groups = list(self.groups)
        for name, rule in self.proximity.items():
            check(rule.first, f"proximity.{name}.first", groups, "group")
            check(rule.second, f"proximity.{name}.second", groups, "group")
            if both := sorted(set(rule.first) & set(rule.second)):
                raise ValueError(f"proximity.{name}: {both} in both first and second")
        for i, alternatives in enumerate(self.required):
            check(alternatives, f"required[{i}]", [*groups, *self.proximity], "group or rule")
        owner: dict[tuple[str, ...], str] = {}
        for name, group in self.groups.items():
            for words in _parse_terms(group.terms, f"groups.{name}.terms"):
                if owner.setdefault(words, name) != name:
                    raise ValueError(
                        f"groups: term {' '.join(words)!r} is in both {owner[words]!r} and "
                        f"{name!r}; a term may belong to one group only"
                    )
        return self


@dataclass(frozen=True)
class TopicVerdict:
    """The filter's decision on one story, stored with it."""

    relevant: bool
    score: float
    matched_terms: tuple[str, ...]  # distinct matched words, title first, in order of appearance
    reason: str  # e.g. "missing required group: asn|local_officials"


class _Hit(NamedTuple):
    group: str
    start: int  # word position
    end: int
    surface: str  # the matched words, lowercased: "netralitas", "pegawai negeri sipil"


# A phrase as the matcher holds it: (pattern id of each word, group; None for an exclusion).
_Phrase = tuple[tuple[int, ...], str | None]


class _Matcher:
    """Finds excluded phrases and terms in a text: leftmost-longest, whole words, no overlap.

    The only work proportional to the text's length is splitting it and one pass picking the
    positions whose word matches any pattern; everything else runs over the distinct words
    (set operations, one `str.find` per wildcard) or over those few positions.
    """

    def __init__(
        self, terms: Sequence[tuple[tuple[str, ...], str]], exclusions: Sequence[tuple[str, ...]]
    ) -> None:
        # Phrases are (words, group); an exclusion's group is None.
        phrases: list[tuple[tuple[str, ...], str | None]] = [
            *terms,
            *((w, None) for w in exclusions),
        ]
        pattern_id: dict[str, int] = {}
        self._literal: dict[str, int] = {}
        self._wild: list[tuple[int, str, bool, bool]] = []  # id, core, any prefix, any suffix
        compiled = []
        for words, group in phrases:
            for word in words:
                if word not in pattern_id:
                    pid = pattern_id[word] = len(pattern_id)
                    core = word.strip("*")
                    if core == word:
                        self._literal[word] = pid
                    else:
                        self._wild.append((pid, core, word.startswith("*"), word.endswith("*")))
            compiled.append((tuple(pattern_id[w] for w in words), group))
        # Most specific first: more words, then a longer text ("pegawai negeri sipil" before
        # "pegawai negeri").
        order = sorted(
            range(len(phrases)), key=lambda i: (-len(phrases[i][0]), -len(" ".join(phrases[i][0])))
        )
        # Phrases by the pattern id of their first word.
        self._terms: dict[int, list[_Phrase]] = {}
        self._exclusions: dict[int, list[_Phrase]] = {}
        for index in order:
            ids, group = compiled[index]
            by_first = self._exclusions if group is None else self._terms
            by_first.setdefault(ids[0], []).append((ids, group))

    def _word_patterns(self, vocab: set[str]) -> dict[str, frozenset[int]]:
        """Pattern ids matched by each distinct word; words matching none are left out."""
        found: dict[str, set[int]] = {w: {self._literal[w]} for w in vocab & self._literal.keys()}
        if self._wild:
            joined = "\n" + "\n".join(vocab) + "\n"
            for pid, core, any_prefix, any_suffix in self._wild:
                at = joined.find(core)
                while at != -1:
                    start = joined.rfind("\n", 0, at) + 1
                    end = joined.find("\n", at)
                    if (any_prefix or at == start) and (any_suffix or at + len(core) == end):
                        found.setdefault(joined[start:end], set()).add(pid)
                    at = joined.find(core, at + 1)
        return {word: frozenset(ids) for word, ids in found.items()}

    def find(self, text: str) -> list[_Hit]:
        """The term hits of `text`, in order of position, after removing excluded phrases."""
        tokens = _split(text)
        clean = {token: token.strip(_EDGE_PUNCT) for token in set(tokens)}
        patterns = self._word_patterns(set(clean.values()))
        if not patterns:
            return []
        wanted = {token for token, word in clean.items() if word in patterns}
        # The word at each position that matches some pattern; every other word matches none.
        at = {i: clean[token] for i, token in enumerate(tokens) if token in wanted}
        excluded: set[int] = set()
        if starts := _candidates(patterns, self._exclusions):
            free_from = 0
            for pos, word in at.items():
                if pos < free_from or word not in starts:
                    continue
                if found := _longest(starts[word], pos, at, patterns, excluded):
                    free_from = pos + len(found[0])
                    excluded.update(range(pos, free_from))
        hits: list[_Hit] = []
        starts = _candidates(patterns, self._terms)
        free_from = 0
        for pos, word in at.items():
            if pos < free_from or word not in starts or pos in excluded:
                continue
            if found := _longest(starts[word], pos, at, patterns, excluded):
                free_from = pos + len(found[0])
                surface = (
                    word if free_from == pos + 1 else " ".join(at[i] for i in range(pos, free_from))
                )
                hits.append(_Hit(found[1] or "", pos, free_from, surface))
        return hits


def _candidates(
    patterns: dict[str, frozenset[int]], by_first: dict[int, list[_Phrase]]
) -> dict[str, list[_Phrase]]:
    """For each distinct word, the phrases it may start, longest first."""
    starts = {}
    for word, ids in patterns.items():
        phrases = [phrase for pid in ids for phrase in by_first.get(pid, ())]
        if phrases:
            if len(ids) > 1:
                phrases.sort(key=lambda phrase: -len(phrase[0]))
            starts[word] = phrases
    return starts


def _longest(
    phrases: list[_Phrase],
    pos: int,
    at: dict[int, str],
    patterns: dict[str, frozenset[int]],
    excluded: set[int],
) -> _Phrase | None:
    """The first (longest) of `phrases` matching the words from `pos` on, if any."""
    for phrase in phrases:
        ids = phrase[0]
        k = 1
        while k < len(ids):
            word = at.get(pos + k)
            if word is None or ids[k] not in patterns[word] or pos + k in excluded:
                break
            k += 1
        if k == len(ids):
            return phrase
    return None


@dataclass(frozen=True)
class _Unit:
    """One part of a story (title or text): its hits and where each group matched."""

    hits: list[_Hit]
    positions: dict[str, list[int]]  # group name -> start positions, in order

    @classmethod
    def of(cls, hits: list[_Hit]) -> _Unit:
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
            for words in _parse_terms(group.terms, name)
        ]
        exclusions = _parse_terms(rules.exclude_phrases, "exclude_phrases")
        self._matcher = _Matcher(terms, exclusions)

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
