"""The replica's per-path faults (replica.faults, replica.faultplan) and the sentinel.

Each test starts its own replica of the small fixture (tests/replicakit.py) on port 0
and talks only to 127.0.0.1.
"""

from __future__ import annotations

import gzip
import http.client
import time
import zlib
from collections.abc import Iterator
from urllib.parse import urljoin, urlsplit

import lxml.html
import pytest
from protego import Protego
from scrapy.utils.sitemap import Sitemap

from replica import Replica
from replica.faultdocs import flood_after, sitemap_flood
from replica.faultplan import LINKS_FEED, LINKS_SITEMAP
from replica.faults import Fault, gzip_of_zeros
from replica.sentinel import Sentinel
from tests.replicakit import fetch, get_ok, mini_replica


@pytest.fixture
def replica() -> Iterator[Replica]:
    with mini_replica() as running:
        yield running


# ---- per-path faults (replica.faults) ----------------------------------------------------------


def test_a_path_fault_breaks_that_path_only_and_heals_after_its_times(replica: Replica) -> None:
    base = replica.base_urls["sahabat"]
    article = replica.article("sahabat-001")
    plan = replica.faults("sahabat").at(article.path(), Fault.status(503, retry_after=7), times=1)
    status, headers, _ = fetch(base + article.path() + "?utm_source=x")  # any query
    assert (status, headers["Retry-After"]) == (503, "7")
    assert fetch(base + "/robots.txt")[0] == 200
    assert fetch(base + article.path())[0] == 200  # healed after one
    assert plan.hits(article.path()) == 2
    assert [r.status for r in replica.requests("sahabat")] == [503, 200, 200]


def test_links_reach_the_homepage_an_extra_sitemap_and_feed(replica: Replica) -> None:
    base = replica.base_urls["neraca"]
    plan = replica.faults("neraca")
    plan.link("/article/1/x", via=("home", "sitemap", "feed")).link("http://127.0.0.1:9/y/")
    plan.feed("/faults/other-feed.xml")
    robots = Protego.parse(get_ok(base + "/robots.txt").decode())
    assert not robots.can_fetch(base + "/private/x", "asnwatch")  # the outlet's own rules kept
    assert list(robots.sitemaps) == [base + LINKS_SITEMAP]
    home = lxml.html.fromstring(get_ok(base + "/"))
    assert {base + "/article/1/x", "http://127.0.0.1:9/y/"} <= {
        urljoin(base, h) for h in home.xpath('//ul[@class="fault-links"]//a/@href')
    }
    feeds = home.xpath('//link[@rel="alternate"][@type="application/rss+xml"]/@href')
    assert {base + LINKS_FEED, base + "/faults/other-feed.xml"} <= set(feeds)
    sitemap = [e["loc"] for e in Sitemap(get_ok(base + LINKS_SITEMAP))]
    assert sitemap == [base + "/article/1/x", "http://127.0.0.1:9/y/"]
    assert b"/article/1/x" in get_ok(base + LINKS_FEED)
    plan.clear()
    assert b"fault-links" not in get_ok(base + "/")


def test_robots_txt_can_be_replaced(replica: Replica) -> None:
    base = replica.base_urls["abadikini"]
    replica.faults("abadikini").disallow_everything().sitemap("/extra.xml")
    robots = Protego.parse(get_ok(base + "/robots.txt").decode())
    assert not robots.can_fetch(base + "/", "asnwatch")
    assert list(robots.sitemaps) == [base + "/extra.xml"]


def test_redirect_fault_points_to_a_path_of_the_outlet_or_elsewhere(replica: Replica) -> None:
    base = replica.base_urls["sahabat"]
    plan = replica.faults("sahabat")
    plan.at("/a/", Fault.redirect("/a/")).at("/b/", Fault.redirect("http://127.0.0.1:9/c/"))
    status, headers, _ = fetch(base + "/a/")
    assert (status, headers["Location"]) == (301, base + "/a/")  # to itself: a loop
    assert fetch(base + "/b/")[1]["Location"] == "http://127.0.0.1:9/c/"


def test_reset_fault_sends_the_headers_and_part_of_the_body(replica: Replica) -> None:
    article = replica.article("sahabat-002")
    replica.faults("sahabat").at(article.path(), Fault.reset(after_bytes=1000))
    split = urlsplit(replica.base_urls["sahabat"])
    conn = http.client.HTTPConnection(split.hostname, split.port, timeout=10)
    try:
        conn.request("GET", article.path())
        response = conn.getresponse()
        assert response.status == 200 and int(response.headers["Content-Length"]) > 1000
        with pytest.raises((http.client.IncompleteRead, ConnectionResetError)):
            response.read()
    finally:
        conn.close()


def test_huge_fault_streams_without_a_length_until_the_client_leaves(replica: Replica) -> None:
    replica.faults("neraca").at("/big", Fault.huge(20_000_000))
    split = urlsplit(replica.base_urls["neraca"])
    conn = http.client.HTTPConnection(split.hostname, split.port, timeout=10)
    try:
        conn.request("GET", "/big")
        response = conn.getresponse()
        assert response.headers["Transfer-Encoding"] == "chunked"
        assert response.headers["Content-Length"] is None
        assert response.read(100_000).startswith(b"<!DOCTYPE html>")
    finally:
        conn.close()  # the server stops writing; the replica stays healthy
    assert fetch(replica.base_urls["neraca"] + "/robots.txt")[0] == 200


def test_gzip_bomb_is_small_on_the_wire_and_a_gigabyte_unpacked() -> None:
    bomb = gzip_of_zeros(1 << 30)
    assert len(bomb) < 2_000_000
    assert int.from_bytes(bomb[-4:], "little") == 1 << 30  # ISIZE
    unpacked = zlib.decompressobj(31).decompress(bomb, 5_000_000)
    assert unpacked == bytes(5_000_000)
    small = gzip_of_zeros(1 << 21)
    assert gzip.decompress(small) == bytes(1 << 21)  # a valid file, CRC and all


def test_path_hang_holds_the_request_until_the_client_hangs_up(replica: Replica) -> None:
    replica.faults("neraca").at("/stuck", Fault.hang())
    held_before = replica.holds("neraca")
    split = urlsplit(replica.base_urls["neraca"])
    conn = http.client.HTTPConnection(split.hostname, split.port, timeout=0.5)
    try:
        conn.request("GET", "/stuck")
        with pytest.raises(TimeoutError):
            conn.getresponse()
        assert replica.hanging("neraca") == 1
        assert fetch(replica.base_urls["neraca"] + "/robots.txt")[0] == 200
    finally:
        conn.close()
    deadline = time.monotonic() + 10
    while replica.hanging("neraca") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert replica.hanging("neraca") == 0
    assert replica.holds("neraca") == held_before + 1  # ever held: released ones too


def test_flood_sitemap_streams_its_urls_after_the_real_ones() -> None:
    chunks = flood_after(lambda base: [base + "/real/"], sitemap_flood(2500, prefix="/f/"))
    parts = list(chunks("http://127.0.0.1:9"))
    assert len(parts) > 3  # streamed in pieces, not one document
    locs = [e["loc"] for e in Sitemap(b"".join(parts))]
    assert locs[:2] == ["http://127.0.0.1:9/real/", "http://127.0.0.1:9/f/000000/"]
    assert len(locs) == 2501 and locs[-1] == "http://127.0.0.1:9/f/002499/"


def test_sentinel_records_every_connection_and_request_line() -> None:
    with Sentinel() as sentinel:
        split = urlsplit(sentinel.url)
        conn = http.client.HTTPConnection(split.hostname, split.port, timeout=5)
        try:
            conn.request("GET", "/rahasia")
            assert conn.getresponse().read() == b"sentinel"
        finally:
            conn.close()
        assert sentinel.events == ["connection", "GET /rahasia HTTP/1.1"]
