"""What the replica's tests share: the small data fixture, its config, plain HTTP helpers.

Every test starts its own replica on port 0 from the small fixture in
tests/data/replica_mini/ (plus the generic outlet for any configured outlet
the fixture has no data for) and talks only to 127.0.0.1.
"""

from __future__ import annotations

import http.client
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from email.message import Message
from pathlib import Path
from urllib.parse import urlsplit

import lxml.html
import yaml

from crawler.config.model import load_config
from replica import Replica
from tests.conftest import ROOT

MINI = Path(__file__).resolve().parent / "data" / "replica_mini"
TODAY = date(2026, 11, 23)  # the data frame's today: dates are served as written
CONFIG = yaml.safe_load((ROOT / "config.yaml").read_text(encoding="utf-8"))["outlets"]
CONFIGURED = load_config(ROOT / "config.yaml").outlets
NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
    "atom": "http://www.w3.org/2005/Atom",
}


@contextmanager
def mini_replica() -> Iterator[Replica]:
    """The replica of the small fixture, started; stopped on leaving."""
    with Replica(MINI, outlets=CONFIGURED, today=TODAY) as running:
        yield running


def fetch(url: str, headers: dict[str, str] | None = None) -> tuple[int, Message, bytes]:
    """GET without following redirects; refuses anything but the loopback replica."""
    split = urlsplit(url)
    assert split.hostname == "127.0.0.1", url
    conn = http.client.HTTPConnection(split.hostname, split.port, timeout=10)
    try:
        target = split.path + (f"?{split.query}" if split.query else "")
        conn.request("GET", target, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def get_ok(url: str) -> bytes:
    status, _, body = fetch(url)
    assert status == 200, (url, status)
    return body


def content_block(page: bytes, outlet: str) -> lxml.html.HtmlElement:
    (block,) = lxml.html.fromstring(page).xpath(CONFIG[outlet]["extraction"]["content_xpath"])
    return block


def body_paragraphs(block: lxml.html.HtmlElement) -> list[str]:
    """The ``<p>`` directly in the content block, minus inline ``Baca Juga`` lines."""
    texts = [p.text_content() for p in block.xpath("./p")]
    return [t for t in texts if not t.startswith("Baca Juga") and t != "NERACA"]
