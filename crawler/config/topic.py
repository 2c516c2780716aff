"""The `topic:` key of `config.yaml`: the rules the topic filter scores stories by.

How the rules are applied (matching, weights, proximity, the threshold) is described
in `crawler.content.topic`; the term syntax in `crawler.config.terms`. Everything a
rule names (groups, proximity rules, terms) is checked here, when the config loads.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import Field, field_validator, model_validator

from crawler.config.base import StrictModel
from crawler.config.terms import parse_terms

__all__ = ["ProximityRule", "TermGroup", "TopicRules"]

_NAME = re.compile(r"[a-z][a-z0-9_]*")


class TermGroup(StrictModel):
    """One named kind of evidence (who, what, when...), scored as a whole.

    `terms` use the term syntax (`crawler.config.terms`): whole words, case-insensitive,
    `*` at a word's start or end. A negative `weight` counts the group against the story.
    """

    terms: list[str] = Field(min_length=1)
    weight: float = 1.0

    @field_validator("terms")
    @classmethod
    def _terms_parse(cls, terms: list[str]) -> list[str]:
        parse_terms(terms, "terms")
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
        parse_terms(phrases, "exclude_phrases")
        return phrases

    @model_validator(mode="after")
    def _references_exist(self) -> TopicRules:
        for kind, names in (("groups", self.groups), ("proximity", self.proximity)):
            for name in names:
                if not _NAME.fullmatch(name):
                    raise ValueError(f"{kind}: name {name!r} must be lowercase letters, digits, _")
        if clash := sorted(set(self.groups) & set(self.proximity)):
            raise ValueError(f"proximity: {clash} already name groups; use distinct names")
        groups = list(self.groups)
        for name, rule in self.proximity.items():
            _check_names(rule.first, f"proximity.{name}.first", groups, "group")
            _check_names(rule.second, f"proximity.{name}.second", groups, "group")
            if both := sorted(set(rule.first) & set(rule.second)):
                raise ValueError(f"proximity.{name}: {both} in both first and second")
        for i, alternatives in enumerate(self.required):
            _check_names(
                alternatives, f"required[{i}]", [*groups, *self.proximity], "group or rule"
            )
        owner: dict[tuple[str, ...], str] = {}
        for name, group in self.groups.items():
            for words in parse_terms(group.terms, f"groups.{name}.terms"):
                if owner.setdefault(words, name) != name:
                    raise ValueError(
                        f"groups: term {' '.join(words)!r} is in both {owner[words]!r} and "
                        f"{name!r}; a term may belong to one group only"
                    )
        return self


def _check_names(names: Sequence[str], where: str, known: Sequence[str], kind: str) -> None:
    """Raise ValueError unless `names` is a non-empty list of `known` names."""
    if not names:
        raise ValueError(f"{where}: empty list")
    for name in names:
        if name not in known:
            raise ValueError(f"{where}: unknown {kind} {name!r} (known: {', '.join(known)})")
