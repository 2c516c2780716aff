"""Publication dates: Indonesian formats parse, zones are right, sources rank."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import trafilatura
from lxml.html import HtmlElement

from crawler.config.extraction import ExtractionRules
from crawler.content.dates import JAKARTA, find_published, parse_date

MAKASSAR = ZoneInfo("Asia/Makassar")
JAYAPURA = ZoneInfo("Asia/Jayapura")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-03-26T14:30:00+07:00", datetime(2026, 3, 26, 14, 30, tzinfo=JAKARTA)),
        ("2024-05-22T16:40:12Z", datetime(2024, 5, 22, 16, 40, 12, tzinfo=UTC)),
        ("2026-03-26 14:30:00", datetime(2026, 3, 26, 14, 30, tzinfo=JAKARTA)),
        ("2026-03-26", datetime(2026, 3, 26, tzinfo=JAKARTA)),
        ("Kamis, 26/03/2026", datetime(2026, 3, 26, tzinfo=JAKARTA)),
        ("Rabu (22/05/24)", datetime(2024, 5, 22, tzinfo=JAKARTA)),
        ("26 Maret 2026 14:30 WIB", datetime(2026, 3, 26, 14, 30, tzinfo=JAKARTA)),
        ("Senin, 3 Nov 2026 | 09:15 WIB", datetime(2026, 11, 3, 9, 15, tzinfo=JAKARTA)),
        ("Selasa, 29 Oktober 2024 - 14.30 WIB", datetime(2024, 10, 29, 14, 30, tzinfo=JAKARTA)),
        ("12 Agustus 2024 10:05 WITA", datetime(2024, 8, 12, 10, 5, tzinfo=MAKASSAR)),
        ("1 Januari 2025 08:00 WIT", datetime(2025, 1, 1, 8, 0, tzinfo=JAYAPURA)),
        ("March 26, 2026 2:30 PM", datetime(2026, 3, 26, 14, 30, tzinfo=JAKARTA)),
        ("26 August 2024", datetime(2024, 8, 26, tzinfo=JAKARTA)),
        ("Jumat, 9 Feb 2024 19:00 GMT+7", datetime(2024, 2, 9, 19, 0, tzinfo=JAKARTA)),
    ],
)
def test_parse_date_reads_each_format(text, expected):
    parsed = parse_date(text)
    assert parsed == expected
    assert parsed.utcoffset() == expected.utcoffset()


def test_wita_and_wit_are_one_and_two_hours_ahead_of_wib():
    wib = parse_date("12 Agustus 2024 10:00 WIB")
    assert parse_date("12 Agustus 2024 11:00 WITA") == wib
    assert parse_date("12 Agustus 2024 12:00 WIT") == wib


def test_date_without_zone_uses_the_default_zone():
    assert parse_date("Kamis, 26/03/2026").tzinfo is JAKARTA
    utc = parse_date("Kamis, 26/03/2026", default_tz=UTC)
    assert utc == datetime(2026, 3, 26, tzinfo=UTC)


def test_iso_offset_is_kept_not_replaced():
    assert parse_date("2024-05-22T16:40:12+00:00").utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "text",
    ["", "tanpa tanggal", "31/02/2024", "Jumat (25/8)", "45 Maret 2024", "12 Foo 2024", "1/1/1850"],
)
def test_parse_date_returns_none_without_a_valid_date(text):
    assert parse_date(text) is None


def page(head: str = "", body: str = "") -> HtmlElement:
    return trafilatura.load_html(
        f"<html><head><title>Berita</title>{head}</head>"
        f"<body><article><h1>Judul</h1>{body}<p>Isi berita.</p></article></body></html>"
    )


META = '<meta property="article:published_time" content="2024-01-02T08:00:00+07:00">'
JSON_LD = '<script type="application/ld+json">{"@graph": [{"@type": "NewsArticle",'
JSON_LD += ' "datePublished": "2024-01-03T08:00:00+07:00"}]}</script>'
TIME = '<time datetime="2024-01-04T08:00:00+07:00">4 Januari 2024</time>'
PRINTED = '<div class="date"><span>Jumat, 05/01/2024</span></div>'
RULES = ExtractionRules(date_xpath='//div[contains(@class, "date")]/span/text()')


def test_meta_published_time_comes_first():
    tree = page(head=META + JSON_LD, body=TIME + PRINTED)
    assert find_published(tree, RULES) == datetime(2024, 1, 2, 8, tzinfo=JAKARTA)


def test_json_ld_comes_before_time_element():
    tree = page(head=JSON_LD, body=TIME + PRINTED)
    assert find_published(tree, RULES) == datetime(2024, 1, 3, 8, tzinfo=JAKARTA)


def test_time_element_comes_before_outlet_xpath():
    tree = page(body=TIME + PRINTED)
    assert find_published(tree, RULES) == datetime(2024, 1, 4, 8, tzinfo=JAKARTA)


def test_outlet_date_xpath_reads_printed_indonesian_date():
    tree = page(body=PRINTED)
    assert find_published(tree, RULES) == datetime(2024, 1, 5, tzinfo=JAKARTA)


def test_htmldate_is_the_last_resort():
    tree = page(body='<p class="meta">Dipublikasikan: 12 Maret 2024</p>')
    assert find_published(tree, ExtractionRules()) == datetime(2024, 3, 12, tzinfo=JAKARTA)


def test_page_without_any_date_gives_none():
    assert find_published(page(), ExtractionRules()) is None


def test_unparsable_structured_date_falls_through_to_the_next_source():
    bad_meta = '<meta property="article:published_time" content="segera">'
    tree = page(head=bad_meta, body=PRINTED)
    assert find_published(tree, RULES) == datetime(2024, 1, 5, tzinfo=JAKARTA)
