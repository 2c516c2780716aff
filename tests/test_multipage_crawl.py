"""Multi-page stories without a pager selector, crawled for real against the replica.

One outlet without `pager_xpath` (abadikini) carries hand-made stories paginated
in different ways (replica.pagers); one first cycle is shared by the read-only
tests, and a second cycle completes the stories a failing page left incomplete.
Page 1 of most stories misses the topic's election words: such a story is stored
only when its pages were joined.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import text

from replica.faults import Fault
from replica.pagers import PagesByQuery, marker, story_page, story_texts
from tests.world import World, make_world, replica_for

pytestmark = pytest.mark.crawl

OUTLET = "abadikini"
MAX_PAGES = 4
DAY = "/2026/01/05/"
PATHS = {
    "relnext": DAY + "asn-relnext-hanya/",
    "pager": DAY + "asn-pager-kelas-lain/",
    "slash": DAY + "asn-halaman-garis-miring/",
    "guards": DAY + "asn-satu-halaman/",
    "loop": DAY + "asn-halaman-berputar/",
    "repeat": DAY + "asn-halaman-berulang/",
    "capped": DAY + "asn-terlalu-banyak-halaman/",
    "broken": DAY + "asn-halaman-rusak/",
    "broken_off_topic": DAY + "asn-halaman-rusak-lain/",
}
SEEDS = {name: 11 + i for i, name in enumerate(PATHS)}


def _pages(name: str, count: int, *, election_on_page_one: bool = False) -> list[list[str]]:
    return story_texts(SEEDS[name], count, election_on_page_one=election_on_page_one)


def _numbered(path: str, count: int, current: int, href: Any) -> str:
    links = [
        f"<span>{n}</span>" if n == current else f'<a href="{href(path, n)}">{n}</a>'
        for n in range(1, count + 1)
    ]
    return f'<div class="pagination">Halaman : {" ".join(links)}</div>'


def _query(path: str, n: int) -> str:
    return f"{path}?page={n}" if n > 1 else path


def _slash(path: str, n: int) -> str:
    return f"{path}{n}/" if n > 1 else path


def _title(name: str) -> str:
    return f"ASN diminta netral: cerita {name}"


def _by_query(name: str, count: int, **kwargs: Any) -> PagesByQuery:
    """Pages `?page=N` of one path, each with a numbered pager of a class no config names."""
    path, texts = PATHS[name], _pages(name, count, **kwargs)
    return PagesByQuery(
        {
            ("" if n == 1 else f"page={n}"): story_page(
                _title(name), texts[n - 1], pager=_numbered(path, count, n, _query)
            )
            for n in range(1, count + 1)
        }
    )


def _rel_next_chain(name: str, count: int, next_of: Any) -> PagesByQuery:
    texts = _pages(name, count)
    pages = {}
    for n in range(1, count + 1):
        target = next_of(n)
        head = f'<link rel="next" href="{target}">' if target else ""
        pages["" if n == 1 else f"page={n}"] = story_page(_title(name), texts[n - 1], head=head)
    return PagesByQuery(pages)


def _plant(replica: Any) -> None:
    plan = replica.faults(OUTLET)
    relnext = PATHS["relnext"]
    plan.at(
        relnext, _rel_next_chain("relnext", 3, lambda n: _query(relnext, n + 1) if n < 3 else None)
    )
    plan.at(PATHS["pager"], _by_query("pager", 3))
    slash, texts = PATHS["slash"], _pages("slash", 3)
    for n in range(1, 4):
        pager = _numbered(slash, 3, n, _slash).replace("Halaman :", "Page")
        plan.at(_slash(slash, n), Fault.raw(story_page(_title("slash"), texts[n - 1], pager=pager)))
    _plant_guards(plan)
    loop = PATHS["loop"]
    plan.at(loop, _rel_next_chain("loop", 2, lambda n: _query(loop, 2) if n == 1 else loop))
    repeat = _by_query("repeat", 3)
    plan.at(PATHS["repeat"], PagesByQuery({**repeat.pages, "page=3": repeat.pages["page=2"]}))
    capped = PATHS["capped"]
    plan.at(
        capped, _rel_next_chain("capped", 6, lambda n: _query(capped, n + 1) if n < 6 else None)
    )
    _plant_slash_story(plan, "broken", election_on_page_one=True, broken=True)
    _plant_slash_story(plan, "broken_off_topic", election_on_page_one=False, broken=True)
    for path in PATHS.values():
        plan.link(path, via=("sitemap",))


def _plant_guards(plan: Any) -> None:
    """A one-page story among links a generic pager must not follow."""
    path = PATHS["guards"]
    related = path.rstrip("/") + "-2/"
    after = (
        f'<div class="related"><a href="{related}">ASN diminta netral jelang pilkada, '
        'cerita lain</a></div><div class="pagination">Halaman <a href="/berita?page=2">2</a> '
        f'<a href="/page/2/">2</a> <a href="{path}?cpage=2">2</a></div>'
    )
    texts = _pages("guards", 1, election_on_page_one=True)
    plan.at(path, PagesByQuery({"": story_page(_title("guards"), texts[0], after=after)}))
    plan.at(related, Fault.raw(story_page("Cerita lain", ["Cerita lain."])))


def _plant_slash_story(plan: Any, name: str, *, election_on_page_one: bool, broken: bool) -> None:
    """Three `/N/` pages; page 2 answers 500 while `broken`."""
    path, texts = PATHS[name], _pages(name, 3, election_on_page_one=election_on_page_one)
    for n in range(1, 4):
        page = story_page(_title(name), texts[n - 1], pager=_numbered(path, 3, n, _slash))
        plan.at(_slash(path, n), Fault.status(500) if broken and n == 2 else Fault.raw(page))


def _limit_pages(data: dict[str, Any]) -> None:
    data["outlets"][OUTLET].setdefault("article_pages", {})["max_pages"] = MAX_PAGES


@pytest.fixture(scope="module")
def crawled(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    """One first cycle of the outlet with every hand-made story planted."""
    with replica_for() as replica:
        _plant(replica)
        world = make_world(tmp_path_factory.mktemp("multipage"), replica, change=_limit_pages)
        world.cycle([OUTLET])
        yield world


def _story(world: World, name: str) -> dict[str, Any] | None:
    url = world.replica.base_urls[OUTLET] + PATHS[name]
    rows = [r for r in world.repo.story_rows() if r["canonical_url"].rstrip("/") == url.rstrip("/")]
    return rows[0] if rows else None


def _joined(world: World, name: str) -> list[int]:
    """The page numbers whose marker the stored story holds."""
    row = _story(world, name)
    assert row is not None, f"{name} not stored"
    return [n for n in range(1, 8) if marker(SEEDS[name], n) in row["text"]]


def _requested(world: World, path: str) -> list[str]:
    return [r.path for r in world.replica.requests(OUTLET) if r.path.split("?")[0] == path]


def _detail(world: World) -> dict[str, int]:
    assert world.result is not None
    return world.result.runs[0].stats["detail"]


def test_the_cycle_completes(crawled: World) -> None:
    assert crawled.result is not None and crawled.result.status == "ok", crawled.result


@pytest.mark.parametrize("name", ["relnext", "pager", "slash"])
def test_pages_found_without_a_selector_are_joined_in_order(crawled: World, name: str) -> None:
    """rel=next only, a numbered ?page=N pager of another class, /2/ pages: all joined."""
    assert _joined(crawled, name) == [1, 2, 3]
    row = _story(crawled, name)
    assert row is not None and row["pages_missing"] == 0
    first, last = marker(SEEDS[name], 1), marker(SEEDS[name], 3)
    assert row["text"].index(first) < row["text"].index(last)


def test_related_stories_listing_pagers_and_comment_pages_are_not_followed(
    crawled: World,
) -> None:
    assert _joined(crawled, "guards") == [1]
    path = PATHS["guards"]
    assert _requested(crawled, path) == [path]
    assert crawled.replica.faults(OUTLET).hits(path.rstrip("/") + "-2/") == 0
    assert not [
        r for r in crawled.replica.requests(OUTLET) if r.path in ("/berita?page=2", "/page/2/")
    ]


def test_a_pager_pointing_back_is_no_loop(crawled: World) -> None:
    path = PATHS["loop"]
    assert _joined(crawled, "loop") == [1, 2]
    assert sorted(_requested(crawled, path)) == sorted([path, path + "?page=2"])


def test_a_page_repeating_an_earlier_one_adds_nothing(crawled: World) -> None:
    row = _story(crawled, "repeat")
    assert row is not None
    assert row["text"].count(marker(SEEDS["repeat"], 2)) == 3  # once per paragraph
    assert _detail(crawled).get("pages/repeated", 0) >= 1


def test_no_more_than_max_pages_are_fetched(crawled: World) -> None:
    path = PATHS["capped"]
    assert _joined(crawled, "capped") == list(range(1, MAX_PAGES + 1))
    assert path + f"?page={MAX_PAGES + 1}" not in _requested(crawled, path)
    assert _detail(crawled).get("articles/pages_capped", 0) >= 1


def test_a_failing_page_leaves_the_story_incomplete_then_the_next_cycle_completes_it(
    crawled: World,
) -> None:
    """A further page answering 500: stored incomplete, not exported, completed next cycle."""
    world = crawled
    row = _story(world, "broken")
    assert row is not None and row["pages_missing"] == 1
    assert _joined(world, "broken") == [1, 3]
    assert _story(world, "broken_off_topic") is None  # judged on part of its text: not final
    assert world.result is not None and world.result.runs[0].stats["incomplete"] == 2
    assert row["id"] not in _exported(world)

    plan = world.replica.faults(OUTLET)
    _plant_slash_story(plan, "broken", election_on_page_one=True, broken=False)
    _plant_slash_story(plan, "broken_off_topic", election_on_page_one=False, broken=False)
    world.replica.clear_log()
    world.cycle([OUTLET])

    completed = _story(world, "broken")
    assert completed is not None and completed["id"] == row["id"]
    assert completed["pages_missing"] == 0 and _joined(world, "broken") == [1, 2, 3]
    assert _joined(world, "broken_off_topic") == [1, 2, 3]
    assert row["id"] in _exported(world)
    # Whole stories are not fetched again.
    assert _requested(world, PATHS["relnext"]) == []


def _exported(world: World) -> set[int]:
    with world.repo.engine.connect() as conn:
        return {r[0] for r in conn.execute(text("SELECT story_id FROM exports"))}


def _give_up_after_two(data: dict[str, Any]) -> None:
    _limit_pages(data)
    data.setdefault("crawl", {})["incomplete_story_attempts"] = 2


def test_a_page_that_never_comes_back_is_given_up_after_the_configured_attempts(
    tmp_path: Any,
) -> None:
    """crawl.incomplete_story_attempts: 2 fetches, then the story is exported as it is."""
    with replica_for() as replica:
        plan = replica.faults(OUTLET)
        _plant_slash_story(plan, "broken", election_on_page_one=True, broken=True)
        plan.link(PATHS["broken"], via=("sitemap",))
        world = make_world(tmp_path, replica, change=_give_up_after_two)
        path = PATHS["broken"]
        for cycle in (1, 2, 3):
            replica.clear_log()
            world.cycle([OUTLET])
            row = _story(world, "broken")
            assert row is not None and row["pages_missing"] == 1, cycle
            fetched = _requested(world, path)
            if cycle == 1:
                assert fetched == [path] and row["id"] not in _exported(world)
            elif cycle == 2:
                assert fetched == [path] and row["id"] in _exported(world)
            else:
                assert fetched == []  # given up: not fetched again
        assert _joined(world, "broken") == [1, 3]
