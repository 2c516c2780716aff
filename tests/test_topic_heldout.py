"""The topic filter on a held-out set: the replica's articles, written apart from its rules."""

from __future__ import annotations

from crawler.config.model import load_config
from crawler.content.topic import TopicFilter
from replica.loader import load_articles
from tests.conftest import ROOT


def test_topic_filter_on_the_replica_articles() -> None:
    flt = TopicFilter(load_config(ROOT / "config.yaml").topic)
    articles = load_articles()
    verdicts = [(a, flt.classify(a.title, "\n\n".join(a.paragraphs))) for a in articles]
    tp = sum(1 for a, v in verdicts if v.relevant and a.label == "positive")
    fp = sum(1 for a, v in verdicts if v.relevant and a.label != "positive")
    fn = sum(1 for a, v in verdicts if not v.relevant and a.label == "positive")
    assert tp / (tp + fp) >= 0.95
    assert tp / (tp + fn) >= 0.95
    hard = [a.id for a, v in verdicts if a.hard_case and v.relevant]
    assert not hard
