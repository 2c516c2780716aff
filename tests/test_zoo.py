"""The template zoo: every outlet's articles in markup config.yaml was not written for.

Real outlets change templates without notice. The replica renders each article in
its outlet's own markup ("home") or in a zoo template (`replica.zoo`); config.yaml
stays written for home, so on the zoo the crawler stands on its generic extraction,
metadata and pager detection alone. Targets on every zoo template: mean token F1 of
at least 0.98 for every outlet, no boilerplate line, no failure, the same topic
decision as on home; and a real crawl finds every on-topic story, each multi-page
story joined whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from lxml import html

from crawler.config.model import load_config
from crawler.discovery.urls import canonicalize
from crawler.evaluate.replica import TemplateFigures, evaluate_templates, format_templates
from replica import zoo
from replica.server import Replica
from tests.conftest import CONFIGURED_OUTLETS, ROOT
from tests.world import World, make_world, replica_for

F1_TARGET = 0.98
ZOO_TEMPLATES = tuple(name for name in zoo.TEMPLATE_NAMES if name != zoo.HOME)
CONFIG = load_config(ROOT / "config.yaml")


@pytest.fixture(scope="module")
def figures() -> dict[str, TemplateFigures]:
    return {fig.template: fig for fig in evaluate_templates(CONFIG)}


@pytest.fixture(scope="module")
def replica() -> Iterator[Replica]:
    with Replica(outlets=CONFIG.outlets) as served:
        yield served


# ---- the zoo itself ---------------------------------------------------------------------


def test_every_outlet_has_at_least_three_templates_besides_its_own() -> None:
    assert len(ZOO_TEMPLATES) >= 3


def test_a_seed_spreads_articles_over_every_template_the_same_way_each_time() -> None:
    ids = [f"outlet-{n:03d}" for n in range(60)]
    chosen = [zoo.template_for(i, 7) for i in ids]
    assert set(chosen) == set(zoo.TEMPLATE_NAMES)
    assert chosen == [zoo.template_for(i, 7) for i in ids]
    assert chosen != [zoo.template_for(i, 8) for i in ids]
    assert zoo.parse_choice("seed:7") == 7
    with pytest.raises(ValueError):
        zoo.parse_choice("no-such-template")


@pytest.mark.parametrize("template", ZOO_TEMPLATES)
@pytest.mark.parametrize("outlet", CONFIGURED_OUTLETS)
def test_zoo_pages_escape_the_selectors_config_yaml_was_written_for(
    replica: Replica, outlet: str, template: str
) -> None:
    site = replica.sites[outlet]
    article = site.snapshot()[0]
    rules = CONFIG.outlets[outlet].extraction
    site.set_template(zoo.HOME)
    home = html.fromstring(site.handle(site.page_targets(article)[0]).body)
    site.set_template(template)
    try:
        page = html.fromstring(site.handle(site.page_targets(article)[0]).body)
    finally:
        site.set_template(zoo.HOME)
    if rules.content_xpath:
        assert home.xpath(rules.content_xpath)
        assert not page.xpath(rules.content_xpath)
    assert article.title in page.text_content()


@pytest.mark.parametrize("template", ZOO_TEMPLATES)
def test_every_page_of_a_multi_page_story_is_served_and_known(
    replica: Replica, template: str
) -> None:
    site = replica.sites["inilahkoran"]
    article = next(a for a in site.snapshot() if len(a.pages) > 1)
    site.set_template(template)
    try:
        targets = site.page_targets(article)
        assert len(targets) == len(article.pages)
        for target, paragraphs in zip(targets, article.pages, strict=True):
            text = html.fromstring(site.handle(target).body).text_content()
            assert all(paragraph in text for paragraph in paragraphs)
            assert site.article_for(target) == article
        past_end = zoo.ZOO[template].page_href(article.path(), len(article.pages) + 1)
        assert site.handle(past_end).status == 404
    finally:
        site.set_template(zoo.HOME)


# ---- extraction on every template -------------------------------------------------------


@pytest.mark.parametrize("template", ZOO_TEMPLATES)
def test_extraction_on_templates_nobody_configured_meets_the_targets(
    figures: dict[str, TemplateFigures], template: str
) -> None:
    fig = figures[template]
    report = format_templates([fig])
    assert len(fig.cases) == len(figures[zoo.HOME].cases) >= 60
    assert not fig.failures, report
    assert fig.leaked == 0, report
    for outlet in CONFIGURED_OUTLETS:
        assert fig.outlet_mean_f1(outlet) >= F1_TARGET, (outlet, report)
    assert not fig.topic_changed, report


def test_the_home_template_stays_perfect(figures: dict[str, TemplateFigures]) -> None:
    home = figures[zoo.HOME]
    assert home.mean_f1 == 1.0
    assert home.leaked == 0


# ---- crawls over every template ---------------------------------------------------------


@pytest.fixture(params=ZOO_TEMPLATES)
def zoo_world(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[World]:
    with replica_for() as served:
        zoo.use_template(served, request.param)
        yield make_world(tmp_path, served)


def _key(world: World, url: str) -> str:
    outlet = next(n for n, b in world.replica.base_urls.items() if url.startswith(b))
    return canonicalize(url, world.config.outlets[outlet].canonical)


@pytest.mark.crawl
def test_a_crawl_in_any_template_finds_every_on_topic_story_whole(zoo_world: World) -> None:
    result = zoo_world.cycle()
    assert {r.outlet: r.status for r in result.runs} == dict.fromkeys(CONFIGURED_OUTLETS, "ok")
    rows = {row["canonical_url"]: row for row in zoo_world.repo.story_rows()}
    positives = [a for a in zoo_world.replica.articles if a.label == "positive"]
    keys = {a.id: _key(zoo_world, zoo_world.replica.article_url(a)) for a in positives}
    assert not [a.id for a in positives if keys[a.id] not in rows]
    multi_page = [a for a in positives if len(a.pages) > 1]
    assert multi_page
    unjoined = [a.id for a in multi_page if rows[keys[a.id]]["text"] != "\n\n".join(a.paragraphs)]
    assert not unjoined, "multi-page stories stored without all their pages"
