"""Security, network side: no request leaves the outlet, XML entities are never resolved.

A sentinel server on another 127.0.0.1 port records every connection made to
it. One real crawl of sahabat meets every way a page can point there: links
on the homepage, sitemap, sitemap-index and feed entries, a robots.txt
`Sitemap:` line, a feed link in the page head, a redirect, external entities
and an external DTD in sitemaps and feeds. The sentinel must receive nothing;
nothing from /etc/passwd may reach the database.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from replica.faultdocs import (
    doctype,
    external_entity,
    rss_xml,
    sitemap_index_xml,
    sitemap_xml,
)
from replica.faults import Fault
from replica.model import ReplicaArticle
from replica.sentinel import Sentinel
from tests.faults.netkit import World, make_world, republish, unlisted
from tests.world import replica_for

pytestmark = pytest.mark.crawl

OUTLET = "sahabat"
PASSWD = "file:///etc/passwd"
PASSWD_LINE = "root:x:0:0"
XML = "application/xml; charset=utf-8"
RSS = "application/rss+xml; charset=utf-8"

XXE_SITEMAP = "/faults/xxe-sitemap.xml"
XXE_FEED = "/faults/xxe-feed.xml"
PE_FEED = "/faults/pe-feed.xml"
DTD_SITEMAP = "/faults/dtd-sitemap.xml"
INDEX = "/faults/indeks-sitemap.xml"
REDIRECTED = "/2026/11/22/pindah-ke-situs-lain/"


@dataclass
class Crawl:
    world: World
    sentinel: Sentinel
    articles: dict[str, ReplicaArticle]


def offsite(sentinel: Sentinel, name: str) -> str:
    """A URL on the sentinel shaped like one of the outlet's article URLs."""
    return f"{sentinel.url}/2026/11/22/{name}/"


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    with replica_for() as replica, Sentinel() as sentinel:
        plan = replica.faults(OUTLET)
        # Links elsewhere in every discovery place.
        plan.link(offsite(sentinel, "tautan-beranda"), via=("home",))
        plan.link(offsite(sentinel, "entri-sitemap"), via=("sitemap",))
        plan.link(offsite(sentinel, "entri-feed"), via=("feed",))
        plan.sitemap(f"{sentinel.url}/sitemap.xml")  # a robots.txt Sitemap: line
        plan.feed(f"{sentinel.url}/feed/")  # <link rel="alternate"> in the homepage head
        plan.at(INDEX, Fault.raw(sitemap_index_xml([f"{sentinel.url}/anak-sitemap.xml"]), XML))
        plan.sitemap(INDEX)
        plan.at(REDIRECTED, Fault.redirect(offsite(sentinel, "tujuan-pengalihan"))).link(REDIRECTED)

        articles = {
            case: unlisted(replica, plan, source, OUTLET, f"keamanan-{case}")
            for case, source in [
                ("xxe_sitemap", "neraca-002"),
                ("xxe_feed", "neraca-007"),
                ("pe_feed", "neraca-010"),
                ("dtd_sitemap", "neraca-014"),
            ]
        }
        # External entities: the password file and the sentinel, declared and used.
        entities = external_entity("berkas", PASSWD) + external_entity(
            "jaringan", f"{sentinel.url}/entitas"
        )

        def listing(case: str, extra: str = "") -> list[str]:
            return [replica.base_urls[OUTLET] + articles[case].path() + extra]

        plan.at(
            XXE_SITEMAP,
            Fault.raw(
                sitemap_xml(
                    listing("xxe_sitemap"),
                    prolog=doctype("urlset", entities),
                    extra="<url><loc>&berkas;</loc></url><url><loc>&jaringan;</loc></url>\n",
                ),
                XML,
            ),
        ).sitemap(XXE_SITEMAP)
        plan.at(
            XXE_FEED,
            Fault.raw(
                rss_xml(
                    listing("xxe_feed"),
                    prolog=doctype("rss", entities),
                    extra="<item><title>&berkas;</title><link>&jaringan;</link></item>\n",
                ),
                RSS,
            ),
        ).feed(XXE_FEED)
        parameter = f'<!ENTITY % luar SYSTEM "{sentinel.url}/parameter.dtd"> %luar;'
        plan.at(
            PE_FEED, Fault.raw(rss_xml(listing("pe_feed"), prolog=doctype("rss", parameter)), RSS)
        ).feed(PE_FEED)
        external_dtd = f'<!DOCTYPE urlset SYSTEM "{sentinel.url}/sitemap.dtd">\n'
        plan.at(
            DTD_SITEMAP, Fault.raw(sitemap_xml(listing("dtd_sitemap"), prolog=external_dtd), XML)
        ).sitemap(DTD_SITEMAP)

        # An article page (HTML) declaring the same entities, and using one in its text.
        article = republish(replica, "inilahkoran-001", OUTLET, "keamanan-html-entitas")
        articles["html"] = article

        def with_entities(body: bytes) -> bytes:
            declared = f"<!DOCTYPE html [{entities}]>".encode()
            return body.replace(b"<!DOCTYPE html>", declared, 1).replace(
                b"</p>", b" &berkas;&jaringan;</p>", 1
            )

        plan.at(article.path(), Fault.rewrite(with_entities))

        world = make_world(tmp_path_factory.mktemp("security"), replica)
        world.cycle([OUTLET])
        yield Crawl(world, sentinel, articles)


def test_the_sentinel_on_another_port_receives_nothing(crawl: Crawl) -> None:
    """links, entries, redirects and entities pointing at another host: it receives no request"""
    assert crawl.world.run(OUTLET).status == "ok", crawl.world.run(OUTLET).error
    assert crawl.sentinel.events == []
    assert crawl.world.missing_positives(OUTLET) == []


@pytest.mark.parametrize(
    ("source", "name"),
    [
        ("homepage", "tautan-beranda"),
        ("sitemap", "entri-sitemap"),
        ("feed", "entri-feed"),
        ("robots", "sitemap.xml"),
        ("sitemap", "anak-sitemap.xml"),
        ("homepage feed link", "feed/"),
    ],
    ids=["homepage-link", "sitemap-entry", "feed-entry", "robots-sitemap", "index-child", "feed"],
)
def test_offsite_candidates_are_skipped_counted_and_logged(
    crawl: Crawl, source: str, name: str
) -> None:
    """an offsite link, sitemap, index, feed or robots.txt entry: skipped unrequested, counted"""
    world = crawl.world
    assert world.detail(OUTLET)["discovery/offsite_skipped"] >= 6
    lines = world.log_lines(OUTLET, f"offsite {source} entry skipped", crawl.sentinel.url)
    assert [line for line in lines if name in line]


def test_a_redirect_to_another_host_is_blocked(crawl: Crawl) -> None:
    """an article redirecting to another host: blocked before the request, counted, logged"""
    world = crawl.world
    assert world.run(OUTLET).stats["offsite_blocked"] == 1
    lines = world.log_lines(OUTLET, "offsite request blocked", "tujuan-pengalihan")
    assert lines and world.url(OUTLET, REDIRECTED) in lines[0]


@pytest.mark.parametrize(
    ("case", "path", "kind"),
    [
        ("xxe_sitemap", XXE_SITEMAP, "sitemap"),
        ("xxe_feed", XXE_FEED, "feed"),
        ("pe_feed", PE_FEED, "feed"),
    ],
    ids=["sitemap", "feed", "feed-parameter-entity"],
)
def test_a_document_declaring_external_entities_is_refused_unresolved(
    crawl: Crawl, case: str, path: str, kind: str
) -> None:
    """a sitemap or feed declaring external entities (a file, a URL): refused, nothing resolved"""
    world = crawl.world
    assert world.run(OUTLET).stats["xml_entities_refused"] == 3
    assert world.log_lines(OUTLET, f"{kind} ignored", "XML entities", world.url(OUTLET, path))
    assert world.stored(crawl.articles[case]) is None  # nothing in it is used


def test_a_sitemap_naming_an_external_dtd_is_read_without_fetching_it(crawl: Crawl) -> None:
    """a sitemap whose DOCTYPE names a DTD on another host: the DTD never fetched, entries used"""
    world = crawl.world
    assert world.stored(crawl.articles["dtd_sitemap"]) is not None
    assert not [e for e in crawl.sentinel.events if "sitemap.dtd" in e]


def test_no_stored_text_holds_the_password_file(crawl: Crawl) -> None:
    """entities naming /etc/passwd in sitemaps, feeds and an article page: nothing of it stored"""
    world = crawl.world
    rows = world.repo.story_rows()
    assert rows
    leaked = [r["canonical_url"] for r in rows if PASSWD_LINE in r["text"] + r["title"]]
    assert leaked == []
    assert not [r.path for r in world.replica.requests(OUTLET) if "root:" in r.path]
    html = world.stored(crawl.articles["html"])  # the page with entities is stored, inert
    assert html is not None and "&berkas;" in html["text"]
