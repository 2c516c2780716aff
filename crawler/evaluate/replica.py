"""Extraction quality measured on the local replica, whose generator knows every true body.

`asnwatch evaluate extraction` prints it; tests/test_extraction_quality.py asserts
the floor on the outlets' own ("home") markup and tests/test_zoo.py the targets on
the template zoo (`replica.zoo`): the same articles rendered in markup config.yaml
was not written for. Pages are rendered in-process by the replica's sites (no
network), each article with all its pages as its template links them, and scored
against the article's gold text. On home, plain `trafilatura.extract(html)` with
default options is scored beside ours on the same pages; on every template, the
topic decision is compared with the one taken on home, since a template must not
change which stories are kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from crawler.config.extraction import ExtractionRules
from crawler.config.model import Config
from crawler.content.extraction import extract_story
from crawler.content.story import ExtractionFailed
from crawler.content.topic import TopicFilter
from crawler.evaluate.extraction import (
    ExtractionEvaluation,
    count_boilerplate,
    evaluate,
    format_report,
    token_f1,
)
from replica import zoo
from replica.model import ReplicaArticle
from replica.server import Replica


def replica_cases(
    replica: Replica, config: Config
) -> Iterator[tuple[str, list[str], str, ExtractionRules]]:
    """(url, pages, gold text, outlet rules) for every article of a started replica."""
    for article, pages in _rendered(replica):
        rules = config.outlets[article.outlet].extraction
        yield replica.article_url(article), pages, article.gold_text, rules


def _rendered(replica: Replica) -> Iterator[tuple[ReplicaArticle, list[str]]]:
    """Every article with its pages' HTML, in the template each outlet renders it in now."""
    for article in replica.articles:
        site = replica.sites[article.outlet]
        targets = site.page_targets(article)
        yield article, [site.handle(target).body.decode("utf-8") for target in targets]


def evaluate_on_replica(config: Config) -> ExtractionEvaluation:
    """Ours against plain trafilatura on the outlets' own markup (the home template)."""
    with Replica(outlets=config.outlets) as replica:
        zoo.use_template(replica, zoo.HOME)
        return evaluate(list(replica_cases(replica, config)), config.extraction)


@dataclass(frozen=True)
class TemplateCase:
    """One article in one template."""

    article_id: str
    outlet: str
    f1: float
    leaked: int
    failure: str | None
    relevant: bool | None  # the topic decision; None when extraction failed
    date_right: bool  # published_at equals the article's publication time


@dataclass(frozen=True)
class TemplateFigures:
    """One template's figures over every article, against the home template's decisions."""

    template: str
    cases: tuple[TemplateCase, ...]
    topic_changed: tuple[str, ...]  # article ids whose topic decision differs from home

    @property
    def mean_f1(self) -> float:
        return sum(case.f1 for case in self.cases) / len(self.cases) if self.cases else 0.0

    @property
    def leaked(self) -> int:
        return sum(case.leaked for case in self.cases)

    @property
    def failures(self) -> tuple[str, ...]:
        return tuple(case.article_id for case in self.cases if case.failure is not None)

    def outlet_mean_f1(self, outlet: str) -> float:
        """Mean token F1 over one outlet's articles (0.0 when it has none)."""
        scores = [case.f1 for case in self.cases if case.outlet == outlet]
        return sum(scores) / len(scores) if scores else 0.0

    @property
    def dates_right(self) -> int:
        return sum(case.date_right for case in self.cases)


def evaluate_templates(config: Config) -> list[TemplateFigures]:
    """Every article rendered in every template (home first), extracted and classified."""
    topic = TopicFilter(config.topic)
    measured: dict[str, tuple[TemplateCase, ...]] = {}
    with Replica(outlets=config.outlets) as replica:
        for name in zoo.TEMPLATE_NAMES:
            zoo.use_template(replica, name)
            measured[name] = tuple(
                _score(replica, article, pages, config, topic)
                for article, pages in _rendered(replica)
            )
        zoo.use_template(replica, zoo.HOME)
    home = {case.article_id: case.relevant for case in measured[zoo.HOME]}
    return [
        TemplateFigures(
            template=name,
            cases=cases,
            topic_changed=tuple(c.article_id for c in cases if c.relevant != home[c.article_id]),
        )
        for name, cases in measured.items()
    ]


def _score(
    replica: Replica, article: ReplicaArticle, pages: list[str], config: Config, topic: TopicFilter
) -> TemplateCase:
    rules = config.outlets[article.outlet].extraction
    try:
        story = extract_story(pages, replica.article_url(article), rules, config.extraction)
    except ExtractionFailed as exc:
        return TemplateCase(article.id, article.outlet, 0.0, 0, exc.reason, None, False)
    text = story.render()
    published = story.published_at
    return TemplateCase(
        article_id=article.id,
        outlet=article.outlet,
        f1=token_f1(text, article.gold_text),
        leaked=count_boilerplate(text),
        failure=None,
        relevant=topic.classify(story.title, story.text).relevant,
        date_right=published is not None and published == article.published,
    )


def format_templates(figures: list[TemplateFigures]) -> str:
    """One line per template, then the articles that missed (F1 < 1, leaks, failures)."""
    lines = [
        "Extraction per replica template (config.yaml is written for 'home')",
        f"{'template':10}{'cases':>6}{'mean F1':>9}{'boilerplate':>13}{'failures':>10}"
        f"{'topic = home':>14}{'date right':>12}",
    ]
    for fig in figures:
        same = len(fig.cases) - len(fig.topic_changed)
        lines.append(
            f"{fig.template:10}{len(fig.cases):>6}{fig.mean_f1:>9.3f}{fig.leaked:>13}"
            f"{len(fig.failures):>10}{f'{same}/{len(fig.cases)}':>14}"
            f"{f'{fig.dates_right}/{len(fig.cases)}':>12}"
        )
    misses = [
        f"  {fig.template}: {case.article_id} F1 {case.f1:.3f}, {case.leaked} boilerplate"
        + (f" [failed: {case.failure}]" if case.failure else "")
        + (" [topic differs]" if case.article_id in fig.topic_changed else "")
        for fig in figures
        for case in fig.cases
        if case.f1 < 1 or case.leaked or case.failure or case.article_id in fig.topic_changed
    ]
    return "\n".join([*lines, *(["", "Articles below 1.000 F1:", *misses] if misses else [])])


def evaluate_extraction_on_replica(config: Config) -> str:
    """The report `asnwatch evaluate extraction` prints: per template, then home in detail."""
    return (
        format_templates(evaluate_templates(config))
        + "\n\n"
        + format_report(evaluate_on_replica(config))
    )
