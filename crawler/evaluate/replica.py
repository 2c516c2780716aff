"""Extraction quality measured on the local replica, whose generator knows every true body.

`asnwatch evaluate extraction` prints it; tests/test_extraction_quality.py
asserts the floor (mean token F1 >= 0.97, no boilerplate line). Pages are
rendered in-process by the replica's sites (no network), each article with
all its pages, and scored against the article's gold text, beside plain
`trafilatura.extract(html)` with default options on the same pages.
"""

from __future__ import annotations

from collections.abc import Iterator

from crawler.config.extraction import ExtractionRules
from crawler.config.model import Config
from crawler.evaluate.extraction import ExtractionEvaluation, evaluate, format_report
from replica.server import Replica


def replica_cases(
    replica: Replica, config: Config
) -> Iterator[tuple[str, list[str], str, ExtractionRules]]:
    """(url, pages, gold text, outlet rules) for every article of a started replica."""
    for article in replica.articles:
        site = replica.sites[article.outlet]
        path = article.path()
        if len(article.pages) > 1:
            targets = [f"{path}?page={n}" for n in range(1, len(article.pages) + 1)]
        else:
            targets = [path]
        pages = [site.handle(target).body.decode("utf-8") for target in targets]
        rules = config.outlets[article.outlet].extraction
        yield replica.article_url(article), pages, article.gold_text, rules


def evaluate_on_replica(config: Config) -> ExtractionEvaluation:
    with Replica(outlets=config.outlets) as replica:
        return evaluate(list(replica_cases(replica, config)), config.extraction)


def evaluate_extraction_on_replica(config: Config) -> str:
    """The report `asnwatch evaluate extraction` prints."""
    return format_report(evaluate_on_replica(config))
