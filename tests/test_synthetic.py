"""Synthetic replica data (replica/synthetic.py) and the opt-in page weight (replica/weight.py).

The benchmarks trust these properties: the data loads as replica data, the
topic filter tells its on-topic from its off-topic articles, the deduplicator
keeps its articles apart, and padded pages still extract to the gold text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from crawler.config.model import Config, load_config
from crawler.content.extraction import extract_story
from crawler.content.topic import TopicFilter
from crawler.dedup.deduplicator import Deduplicator, new_story
from replica import weight
from replica.server import Replica
from replica.sites import SITES
from replica.synthetic import generate_records, write_synthetic_data
from replica.synthetic_words import render
from storage.repository import Repository
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def config() -> Config:
    return load_config(ROOT / "config.yaml")


@pytest.fixture
def padded() -> Iterator[None]:
    previous = weight.page_weight()
    weight.set_page_weight((60, 150))
    try:
        yield
    finally:
        weight.set_page_weight(previous)


def test_same_seed_writes_identical_files(tmp_path: Path) -> None:
    first = write_synthetic_data(tmp_path / "a", articles=60, seed=3)
    write_synthetic_data(tmp_path / "b", articles=60, seed=3)
    for name in [*SITES, "syndicated"]:
        a = (tmp_path / "a" / f"{name}.yaml").read_bytes()
        assert a == (tmp_path / "b" / f"{name}.yaml").read_bytes()
    assert first.articles == 60


def test_data_directory_is_served_with_the_asked_size_and_share(tmp_path: Path) -> None:
    total = 50 * len(SITES)
    summary = write_synthetic_data(tmp_path, articles=total, on_topic_share=1 / 3, seed=1)
    replica = Replica(tmp_path)
    articles = replica.articles
    assert len(articles) == total == summary.articles
    assert sum(a.label == "positive" for a in articles) == round(total / 3) == summary.on_topic
    assert {o: sum(a.outlet == o for a in articles) for o in SITES} == dict.fromkeys(SITES, 50)
    assert any(a.page_breaks for a in articles if a.outlet == "inilahkoran")
    assert len({a.path() for a in articles}) == total


def test_neraca_articles_are_all_in_the_sections_its_listings_read() -> None:
    records = generate_records(300, seed=2)["neraca"]
    assert {r["category"] for r in records} <= {"makro", "daerah"}


def test_topic_filter_keeps_on_topic_and_drops_off_topic_articles(config: Config) -> None:
    topic = TopicFilter(config.topic)
    wrong = [
        record["id"]
        for records in generate_records(400, seed=4).values()
        for record in records
        if topic.classify(record["title"], "\n\n".join(record["paragraphs"])).relevant
        != (record["label"] == "positive")
    ]
    assert wrong == []


def test_deduplicator_stores_every_synthetic_story_as_its_own(
    config: Config, sqlite_url: str
) -> None:
    repo = Repository.open(sqlite_url)
    dedup = Deduplicator(repo, config.dedup)
    outcomes = []
    records = generate_records(300, on_topic_share=1.0, seed=5)
    for records_of_outlet in records.values():
        for record in records_of_outlet:
            text = "\n\n".join(record["paragraphs"])
            url = f"https://x.example/{record['id']}"
            story = new_story(
                outlet="x",
                canonical_url=url,
                url=url,
                title=record["title"],
                fetched_at=datetime.now(UTC),
                text=text,
                score=8.0,
                matched_terms=[],
            )
            outcomes.append(dedup.store(story, [url]).outcome)
    repo.close()
    assert outcomes.count("stored") == 300


def test_render_expands_alternatives_and_slots_and_rejects_unknown_slots() -> None:
    import random

    text = render("[a|b] {kota} [x [y|z]|w]", random.Random(0), {"kota": "Garut"})
    assert re.fullmatch(r"[ab] Garut (x [yz]|w)", text)
    with pytest.raises(KeyError):
        render("{tidak_ada}", random.Random(0), {})


def test_pages_are_unpadded_unless_a_weight_is_set(tmp_path: Path) -> None:
    assert weight.page_weight() is None
    write_synthetic_data(tmp_path, articles=10, seed=6)
    replica = Replica(tmp_path)
    article = replica.articles[0]
    assert len(replica.sites[article.outlet].handle(article.path()).body) < 40_000


@pytest.mark.usefixtures("padded")
def test_padded_pages_weigh_60_to_150_kb_and_still_extract_to_the_gold_text(
    tmp_path: Path, config: Config
) -> None:
    write_synthetic_data(tmp_path, articles=40, seed=7)
    replica = Replica(tmp_path)
    replica.start()
    try:
        for article in replica.articles:
            site = replica.sites[article.outlet]
            pages = [
                site.handle(article.path() + (f"?page={n}" if n > 1 else "")).body
                for n in range(1, len(article.pages) + 1)
            ]
            assert 60 * 1024 <= len(pages[0]) <= 151 * 1024
            story = extract_story(
                [p.decode() for p in pages],
                replica.article_url(article),
                config.outlets[article.outlet].extraction,
                config.extraction,
            )
            assert story.text == "\n\n".join(article.paragraphs), article.id
    finally:
        replica.stop()


@pytest.mark.usefixtures("padded")
def test_padding_adds_no_link_an_outlet_would_take_for_an_article(config: Config) -> None:
    padding = "".join("".join(weight.page_padding(seed, 0)) for seed in (1, 2, 3))
    links = re.findall(r'href="(/[^"]*)"', padding)
    assert links
    for outlet, entry in config.outlets.items():
        pattern = re.compile(entry.article_url_pattern)
        assert not [link for link in links if pattern.search(link)], outlet


@pytest.mark.usefixtures("padded")
def test_a_padded_page_is_the_same_at_every_rendering(tmp_path: Path) -> None:
    write_synthetic_data(tmp_path, articles=10, seed=9)
    bodies = set()
    for _ in range(2):
        replica = Replica(tmp_path)
        article = replica.articles[3]
        bodies.add(replica.sites[article.outlet].handle(article.path()).body)
    assert len(bodies) == 1
