"""The replica's request log, its data loading and `python -m replica`.

Each test starts its own replica of the small fixture (tests/replicakit.py) on port 0
and talks only to 127.0.0.1.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml

from replica import Replica
from replica.loader import DEFAULT_DATA_DIR, data_outlets, load_articles
from replica.sites import SITES
from tests.conftest import ROOT
from tests.replicakit import CONFIG, MINI, TODAY, fetch, get_ok, mini_replica


@pytest.fixture
def replica() -> Iterator[Replica]:
    with mini_replica() as running:
        yield running


# ---- request log -------------------------------------------------------------------------------


def test_request_log_records_each_request_and_its_headers(replica: Replica) -> None:
    article = replica.article("inilahkoran-001")
    url = replica.article_url(article)
    fetch(replica.base_urls["inilahkoran"] + "/robots.txt", {"User-Agent": "asnwatch-test"})
    fetch(url + "?page=2", {"If-None-Match": '"x"', "If-Modified-Since": "Mon, 02 Nov 2026"})
    fetch(replica.article_url(replica.article("sahabat-001")) + "amp/")

    first, second, _ = replica.request_log
    assert (first.outlet, first.method, first.path, first.status) == (
        "inilahkoran",
        "GET",
        "/robots.txt",
        200,
    )
    assert first.user_agent == "asnwatch-test"
    assert second.path == article.path() + "?page=2"
    assert (second.if_none_match, second.if_modified_since) == ('"x"', "Mon, 02 Nov 2026")
    assert [r.path for r in replica.article_requests("inilahkoran")] == [second.path]
    assert [r.outlet for r in replica.article_requests()] == ["inilahkoran", "sahabat"]
    assert len(replica.requests("sahabat")) == 1
    replica.clear_log()
    assert replica.request_log == []


# ---- data loading ------------------------------------------------------------------------------


def test_dates_are_shifted_so_the_data_frames_today_is_today() -> None:
    shifted = {a.id: a for a in load_articles(MINI, today=date(2027, 1, 1))}
    original = {a.id: a for a in load_articles(MINI, today=TODAY)}
    for article_id, article in shifted.items():
        delta = article.published - original[article_id].published
        assert delta == timedelta(days=(date(2027, 1, 1) - TODAY).days)
        assert article.local_published.time() == original[article_id].local_published.time()


def test_syndicated_copy_replaces_the_dateline_and_drops_the_tail() -> None:
    articles = {a.id: a for a in load_articles(MINI, today=TODAY)}
    copy, original = articles["abadikini-901"], articles["sahabat-001"]
    assert copy.copy_of == "sahabat-001" and copy.title == original.title
    assert copy.paragraphs[0].startswith("Abadikini.com, JAKARTA – ")
    assert copy.paragraphs[1:] == original.paragraphs[1:-1]


def test_loader_rejects_an_unknown_key_naming_the_file(tmp_path: Path) -> None:
    data = yaml.safe_load((MINI / "neraca.yaml").read_text(encoding="utf-8"))
    data["articles"][0]["titel"] = "typo"
    (tmp_path / "neraca.yaml").write_text(yaml.safe_dump(data), encoding="utf-8")
    with pytest.raises(ValueError, match=r"(?s)neraca\.yaml.*titel"):
        load_articles(tmp_path)


def test_real_replica_data_has_unique_ids_and_enough_articles() -> None:
    present = data_outlets(DEFAULT_DATA_DIR)
    if missing := sorted(set(SITES) - set(present)):
        pytest.skip(f"replica/data incomplete: no data file for {missing}")
    articles = load_articles(DEFAULT_DATA_DIR)  # raises on a duplicate id
    assert len(articles) >= 60
    assert {a.outlet for a in articles} == set(present)
    for article in articles:
        assert re.match(CONFIG[article.outlet]["article_url_pattern"], article.path()), article.id


# ---- command line ------------------------------------------------------------------------------


def test_python_m_replica_serves_and_writes_its_port_file(tmp_path: Path) -> None:
    port_file = tmp_path / "ports.json"
    command = [sys.executable, "-m", "replica", "--data", str(MINI), "--port-file", str(port_file)]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while not port_file.exists() and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        base_urls = json.loads(port_file.read_text(encoding="utf-8"))
        assert set(base_urls) == set(data_outlets(MINI))
        assert b"User-agent: *" in get_ok(base_urls["neraca"] + "/robots.txt")
    finally:
        process.terminate()
        process.communicate(timeout=20)
    assert process.returncode == 0
    assert not port_file.exists()
