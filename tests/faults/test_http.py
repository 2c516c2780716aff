"""HTTP faults: error statuses, Retry-After, redirects gone wrong, hangs, resets, robots.txt.

One replica, one real cycle of three outlets: sahabat answers each fault on
some paths (the rest healthy), neraca's robots.txt disallows everything,
inilahkoran's robots.txt answers 500. Each test then checks one case.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from replica.faults import Fault, FaultBehaviour
from replica.model import ReplicaArticle
from replica.sentinel import Sentinel
from tests.faults.netkit import World, make_world, republish
from tests.world import replica_for

pytestmark = pytest.mark.crawl

OUTLET = "sahabat"
NO_ROBOTS = "neraca"  # robots.txt: Disallow: /
BROKEN_ROBOTS = "inilahkoran"  # robots.txt: HTTP 500

# case -> (source article, fault, times): None times = every request.
ARTICLE_FAULTS: dict[str, tuple[str, FaultBehaviour, int | None]] = {
    "404": ("neraca-002", Fault.status(404), None),
    "410": ("neraca-002", Fault.status(410), None),
    "500": ("neraca-002", Fault.status(500), None),
    "500_once": ("neraca-007", Fault.status(500), 1),
    "503_retry_after": ("neraca-010", Fault.status(503, retry_after=1), 1),
    "503_come_back_tomorrow": ("neraca-002", Fault.status(503, retry_after=86400), None),
    "429_retry_after": ("neraca-014", Fault.status(429, retry_after=1), 1),
    "reset_once": ("inilahkoran-001", Fault.reset(after_bytes=3000), 1),
    "reset": ("neraca-002", Fault.reset(after_bytes=3000), None),
}
STORED_AFTER_RETRY = ["500_once", "503_retry_after", "429_retry_after", "reset_once"]
NEVER_STORED = [c for c in ARTICLE_FAULTS if c not in STORED_AFTER_RETRY]

LOOP = "/2026/11/22/putar-putar/"  # redirects to itself
LOOP_A, LOOP_B = "/2026/11/22/bolak-balik/", "/2026/11/22/balik-bolak/"  # to each other
OFFSITE = "/2026/11/22/pindah-situs/"  # redirects to the sentinel
HANG = "/2026/11/22/server-macet/"  # accepted, never answered


@dataclass
class Crawl:
    world: World
    articles: dict[str, ReplicaArticle]
    sentinel: Sentinel


@pytest.fixture(scope="module")
def crawl(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Crawl]:
    with replica_for() as replica, Sentinel() as sentinel:
        plan = replica.faults(OUTLET)
        articles = {}
        for case, (source, fault, times) in ARTICLE_FAULTS.items():
            article = republish(replica, source, OUTLET, f"uji-http-{case.replace('_', '-')}")
            articles[case] = article
            plan.at(article.path(), fault, times=times)
        plan.at(LOOP, Fault.redirect(LOOP)).link(LOOP)
        plan.at(LOOP_A, Fault.redirect(LOOP_B)).at(LOOP_B, Fault.redirect(LOOP_A)).link(LOOP_A)
        plan.at(OFFSITE, Fault.redirect(f"{sentinel.url}/2026/11/22/pindah-situs/")).link(OFFSITE)
        plan.at(HANG, Fault.hang()).link(HANG)
        replica.faults(NO_ROBOTS).disallow_everything()
        replica.faults(BROKEN_ROBOTS).at("/robots.txt", Fault.status(500))
        world = make_world(tmp_path_factory.mktemp("http"), replica)
        world.cycle([OUTLET, NO_ROBOTS, BROKEN_ROBOTS])
        yield Crawl(world, articles, sentinel)


def url(crawl: Crawl, case_or_path: str) -> str:
    article = crawl.articles.get(case_or_path)
    return crawl.world.url(OUTLET, article.path() if article else case_or_path)


def test_http_faults_leave_the_run_ok_and_the_healthy_articles_stored(crawl: Crawl) -> None:
    """every HTTP fault on one outlet at once: the run completes ok, its good articles stored"""
    world = crawl.world
    assert world.run(OUTLET).status == "ok", world.run(OUTLET).error
    never = {crawl.articles[c].id for c in NEVER_STORED}
    assert world.missing_positives(OUTLET, exclude=never) == []
    assert all(world.stored(crawl.articles[c]) is None for c in NEVER_STORED)


@pytest.mark.parametrize("status", ["404", "410"])
def test_a_gone_article_is_counted_and_remembered(crawl: Crawl, status: str) -> None:
    """an article answering 404 or 410: counted, remembered as gone (never refetched), not stored"""
    world = crawl.world
    assert world.detail(OUTLET).get(f"http_errors/{status}", 0) >= 1
    assert world.seen_status(OUTLET, crawl.articles[status].path()) == "gone"
    assert world.log_lines(OUTLET, f"article HTTP {status}", url(crawl, status))


def test_a_500_is_retried_then_counted_and_left_for_the_next_cycle(crawl: Crawl) -> None:
    """an article answering 500 every time: retried, counted, not marked seen (next cycle tries)"""
    world, path = crawl.world, crawl.articles["500"].path()
    assert world.replica.faults(OUTLET).hits(path) == 2  # RETRY_TIMES=1 in these tests
    assert world.detail(OUTLET).get("http_errors/500", 0) >= 1
    assert world.seen_status(OUTLET, path) is None
    assert world.log_lines(OUTLET, "retrying", "HTTP 500", url(crawl, "500"))
    assert world.log_lines(OUTLET, "article HTTP 500", url(crawl, "500"))


@pytest.mark.parametrize(
    ("case", "status"),
    [("500_once", "500"), ("503_retry_after", "503"), ("429_retry_after", "429")],
    ids=["500", "503-retry-after", "429-retry-after"],
)
def test_a_passing_error_is_retried_and_the_article_stored(
    crawl: Crawl, case: str, status: str
) -> None:
    """a 500, a 503 with Retry-After or a 429 with Retry-After, once: retried, counted, stored"""
    world = crawl.world
    assert world.stored(crawl.articles[case]) is not None
    assert world.replica.faults(OUTLET).hits(crawl.articles[case].path()) == 2
    assert world.detail(OUTLET).get(f"retries/{status}", 0) >= 1
    lines = world.log_lines(OUTLET, "retrying", f"HTTP {status}", url(crawl, case))
    assert lines
    if case != "500_once":
        assert "(Retry-After: 1)" in lines[0]


def test_a_retry_after_beyond_the_limit_gives_the_url_up_until_the_next_cycle(
    crawl: Crawl,
) -> None:
    """a 503 asking to come back in a day: given up this run, counted, left for the next cycle"""
    world, path = crawl.world, crawl.articles["503_come_back_tomorrow"].path()
    assert world.replica.faults(OUTLET).hits(path) == 1  # no waiting, no retry
    assert world.detail(OUTLET).get("retry_after_too_long", 0) == 1
    assert world.seen_status(OUTLET, path) is None
    assert world.log_lines(OUTLET, "giving up", "Retry-After", url(crawl, "503_come_back_tomorrow"))


@pytest.mark.parametrize("path", [LOOP, LOOP_A], ids=["to-itself", "two-pages"])
def test_a_redirect_loop_is_counted_and_logged(crawl: Crawl, path: str) -> None:
    """a redirect loop (a page to itself, two pages to each other): stopped, counted, logged"""
    world = crawl.world
    assert world.run(OUTLET).stats["redirect_loops"] == 2  # both loops
    assert world.replica.faults(OUTLET).hits(path) == 1
    assert world.log_lines(OUTLET, "redirect loop", world.url(OUTLET, path))


def test_a_redirect_offsite_is_blocked_before_any_request(crawl: Crawl) -> None:
    """a redirect to another host: blocked before it is followed, counted, the sentinel untouched"""
    world = crawl.world
    assert crawl.sentinel.events == []
    assert world.run(OUTLET).stats["offsite_blocked"] >= 1
    lines = world.log_lines(OUTLET, "offsite request blocked", crawl.sentinel.url)
    assert lines and f"redirected from {world.url(OUTLET, OFFSITE)}" in lines[0]


def test_a_server_that_never_answers_times_out_and_the_crawl_goes_on(crawl: Crawl) -> None:
    """a server that accepts and never answers: timed out, retried once, counted, the run goes on"""
    world = crawl.world
    assert world.replica.faults(OUTLET).hits(HANG) == 2
    assert world.detail(OUTLET).get("retries/DownloadTimeoutError", 0) == 1
    assert world.run(OUTLET).stats["fetch_errors"] >= 1
    lines = world.log_lines(OUTLET, "article fetch failed", world.url(OUTLET, HANG))
    assert lines and "took longer than" in lines[0]
    deadline = time.monotonic() + 5  # the replica notices a hang-up within a poll (50 ms)
    while world.replica.hanging(OUTLET) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert world.replica.hanging(OUTLET) == 0  # the crawler hung up; nothing is left held


def test_a_reset_mid_body_once_is_retried_and_stored(crawl: Crawl) -> None:
    """a connection reset mid-body, once: the cut body is not used, retried at once, stored whole"""
    world, article = crawl.world, crawl.articles["reset_once"]
    row = world.stored(article)
    assert row is not None and row["text"] == "\n\n".join(article.paragraphs)
    assert world.detail(OUTLET).get("retries/ResponseDataLossError", 0) >= 1
    assert world.log_lines(OUTLET, "retrying", "ResponseDataLossError", url(crawl, "reset_once"))


def test_a_reset_mid_body_every_time_is_counted_and_left_for_the_next_cycle(
    crawl: Crawl,
) -> None:
    """a connection reset mid-body every time: counted, nothing stored, left for the next cycle"""
    world, path = crawl.world, crawl.articles["reset"].path()
    assert world.replica.faults(OUTLET).hits(path) == 2
    assert world.seen_status(OUTLET, path) is None
    assert world.log_lines(OUTLET, "article fetch failed", url(crawl, "reset"))


def test_robots_txt_disallowing_everything_means_nothing_is_fetched(crawl: Crawl) -> None:
    """robots.txt disallowing everything: nothing but robots.txt fetched, run failed saying why"""
    world = crawl.world
    run = world.run(NO_ROBOTS)
    assert {r.path for r in world.replica.requests(NO_ROBOTS)} == {"/robots.txt"}
    assert run.status == "failed"
    assert "robots.txt forbids every page" in (run.error or "")
    assert run.stats["robots_forbidden"] >= 1
    base = world.replica.base_urls[NO_ROBOTS]
    assert world.log_lines(NO_ROBOTS, "forbidden by robots.txt", f"{base}/")


def test_robots_txt_answering_500_means_nothing_is_fetched(crawl: Crawl) -> None:
    """robots.txt answering 500: complete disallow (RFC 9309), nothing fetched, run failed"""
    world = crawl.world
    run = world.run(BROKEN_ROBOTS)
    assert {r.path for r in world.replica.requests(BROKEN_ROBOTS)} == {"/robots.txt"}
    assert run.status == "failed"
    assert "robots.txt could not be read" in (run.error or "")
    assert run.stats["robots_unavailable"] == 1
    robots = world.url(BROKEN_ROBOTS, "/robots.txt")
    assert world.log_lines(BROKEN_ROBOTS, "robots.txt unavailable (HTTP 500)", robots)
