"""A sixth outlet, added to a config only, reaches every test world without a list to edit.

The config is config.yaml plus `kabarnusa`, shaped like sahabat's entry (sitemaps,
feeds, search) with dated WordPress permalinks: what the replica's generic outlet
serves (replica/sites/generic.py). The replica has no data for it and invents its
articles. What each world does with it:

- the replica serves it on its own port (`tests.world.replica_for`);
- `demo_config` points it at the replica, and refuses a config outlet the
  replica does not serve;
- the crawl world crawls it and stores exactly its on-topic stories (one small
  crawl, the only one in this file);
- the fault kits (`tests/faults/netkit.py`, `statekit.py`) see it: their
  worlds include it and their article helpers work on it;
- the sample helpers skip it with a reason: a sample is a saved real page,
  and a new outlet has none.

It needs no spider file: `crawler.crawl.spiderloader` gives every configured
outlet a spider (tests/test_outlets_as_data.py crawls one through every entry point).
"""

from __future__ import annotations

import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from crawler.config.model import ConfigError, load_config
from crawler.demo import demo_config
from crawler.discovery.urls import canonicalize
from replica import Replica, UnservableOutlet
from replica.sites import GenericSite
from tests import samples
from tests.faults import netkit, statekit
from tests.world import CONFIG_PATH, generic_outlet_entry, make_world, replica_for

SIXTH = "kabarnusa"

pytestmark = pytest.mark.crawl


@pytest.fixture(scope="module")
def sixth_config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = yaml.safe_load(CONFIG_PATH.read_text(encoding="utf-8"))
    data["outlets"][SIXTH] = generic_outlet_entry(data, SIXTH, "Kabar Nusa")
    path = tmp_path_factory.mktemp("sixth") / "config.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def replica(sixth_config: Path) -> Iterator[Replica]:
    with replica_for(sixth_config) as running:
        yield running


def sixth_articles(replica: Replica, label: str) -> list[Any]:
    return [a for a in replica.articles if a.outlet == SIXTH and a.label == label]


def test_the_replica_serves_it_on_its_own_port(replica: Replica, sixth_config: Path) -> None:
    assert set(load_config(sixth_config).outlets) <= set(replica.base_urls)
    ports = {url.rsplit(":", 1)[1] for url in replica.base_urls.values()}
    assert len(ports) == len(replica.base_urls)
    site = replica.sites[SIXTH]
    assert isinstance(site, GenericSite) and site.display_name == "Kabar Nusa"
    assert sixth_articles(replica, "positive") and sixth_articles(replica, "negative")
    robots = site.handle("/robots.txt").body.decode()
    assert f"Sitemap: {replica.base_urls[SIXTH]}/sitemap.xml" in robots
    home = site.handle("/").body.decode()
    assert 'type="application/rss+xml"' in home
    feed = site.handle("/feed/")
    assert feed.status == 200 and b"<rss" in feed.body
    search = site.handle("/?s=netralitas&paged=1").body.decode()
    assert any(a.path() in search for a in sixth_articles(replica, "positive"))


def test_invented_articles_are_the_same_at_every_start(sixth_config: Path) -> None:
    first, second = replica_for(sixth_config), replica_for(sixth_config)
    assert [a.gold_text for a in first.articles] == [a.gold_text for a in second.articles]


def test_demo_config_points_it_at_the_replica(
    replica: Replica, sixth_config: Path, tmp_path: Path
) -> None:
    config = load_config(demo_config(sixth_config, tmp_path, replica.base_urls))
    assert set(config.outlets) == set(load_config(sixth_config).outlets)
    for name, outlet in config.outlets.items():
        assert outlet.base_url == replica.base_urls[name]


def test_demo_config_refuses_an_outlet_the_replica_does_not_serve(
    sixth_config: Path, tmp_path: Path
) -> None:
    # A replica started without the config serves its data's outlets only.
    with Replica() as bare, pytest.raises(ConfigError) as error:
        demo_config(sixth_config, tmp_path, bare.base_urls)
    message = str(error.value)
    assert f"outlets.{SIXTH}: the local replica does not serve this outlet" in message
    assert "\n" not in message
    assert not (tmp_path / "config.yaml").exists()


def test_an_outlet_the_generic_template_cannot_take_is_refused(sixth_config: Path) -> None:
    config = load_config(sixth_config)
    wrong = config.outlets[SIXTH].model_copy(update={"article_url_pattern": r"^/read/\d+/"})
    with pytest.raises(UnservableOutlet, match=rf"outlet '{SIXTH}'.*article_url_pattern"):
        Replica(outlets={**config.outlets, SIXTH: wrong})


def test_the_crawl_world_crawls_it_and_stores_its_on_topic_stories(
    replica: Replica, sixth_config: Path, tmp_path: Path
) -> None:
    world = make_world(tmp_path, replica, base_config=sixth_config)
    result = world.cycle([SIXTH])
    assert [(r.outlet, r.status) for r in result.runs] == [(SIXTH, "ok")]
    stored = world.stored_urls()
    canonical = world.config.outlets[SIXTH].canonical

    def key(article: Any) -> str:
        return canonicalize(replica.article_url(article), canonical)

    assert all(key(a) in stored for a in sixth_articles(replica, "positive"))
    assert not any(key(a) in stored for a in sixth_articles(replica, "negative"))
    assert result.export is not None and result.export.files
    gold = {a.gold_text for a in sixth_articles(replica, "positive")}
    assert {path.read_text(encoding="utf-8") for path in result.export.files} == gold


def test_the_network_fault_kit_sees_it(sixth_config: Path, tmp_path: Path) -> None:
    with replica_for(sixth_config) as replica:  # its own: the case below changes the outlet
        world = netkit.make_world(tmp_path, replica, base_config=sixth_config)
        assert world.config.outlets[SIXTH].base_url == replica.base_urls[SIXTH]
        source = sixth_articles(replica, "positive")[0].id
        plan = replica.faults(SIXTH)
        hidden = netkit.unlisted(replica, plan, source, SIXTH, "uji-tak-terdaftar")
        with urllib.request.urlopen(world.url(SIXTH, hidden.path()), timeout=10) as answer:
            assert hidden.title in answer.read().decode("utf-8")
        added = netkit.republish(replica, source, SIXTH, "uji-terbit-ulang")
        assert replica.article_for_url(replica.article_url(added)) == added


def test_the_state_fault_kit_sees_it(sixth_config: Path, tmp_path: Path) -> None:
    with replica_for(sixth_config) as replica:  # its own: the case below adds articles
        world = statekit.make_world(tmp_path, replica, base_config=sixth_config)
        before = len(world.positives(SIXTH))
        assert before == len(sixth_articles(replica, "positive"))
        statekit.add_articles(replica, SIXTH, 2)
        assert len(world.positives(SIXTH)) == before + 2


def test_the_sample_helpers_skip_it_with_a_reason() -> None:
    assert SIXTH not in samples.SAMPLED_OUTLETS
    with pytest.raises(pytest.skip.Exception, match=rf"{SIXTH}: no sample page"):
        samples.require_sample(SIXTH)
