"""Publication dates of Indonesian news pages, always timezone-aware.

trafilatura keeps only the day of a publication date, and Indonesian outlets
print dates in their own formats (``Kamis, 26/03/2026``, ``Rabu (22/05/24)``,
``26 Maret 2026 14:30 WIB``), so dates are parsed here. A date without a zone
is taken to be in Jakarta time (WIB), where all watched outlets publish.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo

import htmldate
from lxml import etree

from crawler.config.extraction import ExtractionRules
from crawler.content.xpath import compiled, result_text

__all__ = ["JAKARTA", "find_published", "parse_date"]

JAKARTA = ZoneInfo("Asia/Jakarta")

_NAMED_ZONES: dict[str, tzinfo] = {
    "WIB": JAKARTA,
    "WITA": ZoneInfo("Asia/Makassar"),
    "WIT": ZoneInfo("Asia/Jayapura"),
}

# Indonesian and English month names and their usual abbreviations.
_MONTHS: dict[str, int] = {
    **dict.fromkeys(("januari", "january", "jan"), 1),
    **dict.fromkeys(("februari", "pebruari", "february", "feb", "peb"), 2),
    **dict.fromkeys(("maret", "march", "mar"), 3),
    **dict.fromkeys(("april", "apr"), 4),
    **dict.fromkeys(("mei", "may"), 5),
    **dict.fromkeys(("juni", "june", "jun"), 6),
    **dict.fromkeys(("juli", "july", "jul"), 7),
    **dict.fromkeys(("agustus", "august", "agu", "agt", "ags", "aug"), 8),
    **dict.fromkeys(("september", "sept", "sep"), 9),
    **dict.fromkeys(("oktober", "october", "okt", "oct"), 10),
    **dict.fromkeys(("november", "nopember", "nov", "nop"), 11),
    **dict.fromkeys(("desember", "december", "des", "dec"), 12),
}

_ISO = re.compile(
    r"(?<!\d)(?P<y>\d{4})[-/](?P<m>\d{1,2})[-/](?P<d>\d{1,2})"
    r"(?:[T\s]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,]\d+)?)?)?"
    r"\s*(?P<off>Z(?![A-Za-z])|[+-]\d{2}:?\d{2}(?!\d))?"
)
_NUMERIC_DMY = re.compile(
    r"(?<![\d/.-])(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4}|\d{2})(?!\d)"
)
_DAY_MONTH_YEAR = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s+(?P<mon>[A-Za-z]{3,9})\.?,?\s+(?P<y>\d{4})(?!\d)"
)
_MONTH_DAY_YEAR = re.compile(
    r"(?<![A-Za-z])(?P<mon>[A-Za-z]{3,9})\.?\s+(?P<d>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<y>\d{4})(?!\d)"
)
_TIME = re.compile(
    r"(?<![\d/.:])(?P<H>\d{1,2})[:.](?P<M>\d{2})(?:[:.](?P<S>\d{2}))?(?![\d/])"
    r"(?:\s*(?P<ampm>[AaPp])\.?[Mm]\.?(?![A-Za-z]))?"
)
_ZONE_NAME = re.compile(r"(?<![A-Za-z])(?P<name>WITA|WIB|WIT)(?![A-Za-z])")
_ZONE_OFFSET = re.compile(
    r"(?:GMT|UTC)\s*(?P<sign>[+-])\s*(?P<h>\d{1,2})(?::?(?P<m>\d{2}))?|(?<![A-Za-z])(?:GMT|UTC)(?![A-Za-z+-])"
)
_MIN_YEAR, _MAX_YEAR = 1990, 2100


def parse_date(text: str, default_tz: tzinfo = JAKARTA) -> datetime | None:
    """Parse the first date (and time, and zone when given) found in `text`.

    Understands ISO 8601, ``DD/MM/YYYY`` and ``DD/MM/YY`` (with ``/``, ``.`` or
    ``-``), ``26 Maret 2026`` and ``March 26, 2026`` with Indonesian or English
    month names, an optional ``HH:MM`` or ``HH.MM`` time (with AM/PM), and the
    zones WIB, WITA, WIT, ``GMT+7``/``UTC+7`` or an ISO offset. Weekday names and
    separators such as ``|`` or ``(...)`` around the date are ignored. Returns
    None when no valid date is found, never raises on bad input.
    """
    if not text:
        return None
    text = " ".join(text.split())
    for finder in (_iso_date, _numeric_date, _worded_date):
        found = finder(text)
        if found is not None:
            date_parts, rest, offset = found
            return _assemble(date_parts, rest, offset, default_tz)
    return None


def find_published(tree: etree._Element, rules: ExtractionRules) -> datetime | None:
    """The page's publication time, from the most reliable source that has one.

    Machine-readable sources come first (``article:published_time``, JSON-LD
    ``datePublished``, ``<time datetime>``) because they carry the time and zone;
    then the outlet's own ``date_xpath`` text; then a byline date printed just
    under the headline with its time (templates that declare nothing else);
    htmldate's heuristics are the last resort since they sometimes pick a date
    that is not the publication date, and keep only its day.
    """
    for candidate in _date_candidates(tree, rules):
        parsed = parse_date(candidate)
        if parsed is not None:
            return parsed
    return _byline_date(tree) or _htmldate_guess(tree)


# --- parsing helpers -----------------------------------------------------------

_DateParts = tuple[int, int, int]
_Found = tuple[_DateParts, str, str | None]


def _iso_date(text: str) -> _Found | None:
    match = _ISO.search(text)
    if match is None:
        return None
    ymd = (int(match["y"]), int(match["m"]), int(match["d"]))
    if not _valid_day(*ymd):
        return None
    # Keep the matched time and offset in `rest` so the common path reads them.
    time_part = f"{match['H']}:{match['M']}:{match['S'] or '00'}" if match["H"] else ""
    rest = f"{time_part} {text[match.end() :]}"
    return ymd, rest, match["off"]


def _numeric_date(text: str) -> _Found | None:
    for match in _NUMERIC_DMY.finditer(text):
        year = int(match["y"])
        if len(match["y"]) == 2:
            year += 2000
        ymd = (year, int(match["m"]), int(match["d"]))
        if _valid_day(*ymd):
            return ymd, _without(text, match), None
    return None


def _worded_date(text: str) -> _Found | None:
    for pattern in (_DAY_MONTH_YEAR, _MONTH_DAY_YEAR):
        for match in pattern.finditer(text):
            month = _MONTHS.get(match["mon"].lower())
            if month is None:
                continue
            ymd = (int(match["y"]), month, int(match["d"]))
            if _valid_day(*ymd):
                return ymd, _without(text, match), None
    return None


def _without(text: str, match: re.Match[str]) -> str:
    """The text with the date removed, so its digits are not read as a time."""
    return f"{text[: match.start()]} {text[match.end() :]}"


def _valid_day(year: int, month: int, day: int) -> bool:
    if not _MIN_YEAR <= year <= _MAX_YEAR:
        return False
    try:
        datetime(year, month, day)
    except ValueError:
        return False
    return True


def _assemble(ymd: _DateParts, rest: str, offset: str | None, default_tz: tzinfo) -> datetime:
    hour, minute, second = _find_time(rest)
    zone = _offset_zone(offset) if offset else _find_zone(rest)
    return datetime(*ymd, hour, minute, second, tzinfo=zone or default_tz)


def _find_time(text: str) -> tuple[int, int, int]:
    for match in _TIME.finditer(text):
        hour, minute, second = int(match["H"]), int(match["M"]), int(match["S"] or 0)
        ampm = (match["ampm"] or "").lower()
        if ampm and 1 <= hour <= 12:
            hour = hour % 12 + (12 if ampm == "p" else 0)
        if hour < 24 and minute < 60 and second < 60:
            return hour, minute, second
    return 0, 0, 0


def _find_zone(text: str) -> tzinfo | None:
    named = _ZONE_NAME.search(text)
    if named is not None:
        return _NAMED_ZONES[named["name"]]
    offset = _ZONE_OFFSET.search(text)
    if offset is None:
        return None
    if offset["sign"] is None:
        return UTC
    delta = timedelta(hours=int(offset["h"]), minutes=int(offset["m"] or 0))
    if delta >= timedelta(hours=15):
        return None
    return timezone(delta if offset["sign"] == "+" else -delta)


def _offset_zone(offset: str) -> tzinfo | None:
    if offset == "Z":
        return UTC
    digits = offset[1:].replace(":", "")
    delta = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    if delta >= timedelta(hours=15):
        return None
    return timezone(delta if offset[0] == "+" else -delta)


# --- where dates are found in a page -------------------------------------------


_META_PUBLISHED = etree.XPath(
    '//meta[@property="article:published_time" or @name="article:published_time"'
    ' or @itemprop="datePublished"]/@content'
)
_JSON_LD = etree.XPath('//script[@type="application/ld+json"]/text()')
_TIME_PUBLISHED = etree.XPath(
    '//time[@datetime][contains(@class, "publish") or @itemprop="datePublished"]/@datetime'
)
_TIME_ANY = etree.XPath("//time[@datetime]/@datetime")
# The byline sits within the first few text nodes after the headline.
_AFTER_HEADLINE = etree.XPath("(//h1)[1]/following::text()[normalize-space()][position() <= 12]")
_MAX_BYLINE_CHARS = 80


def _date_candidates(tree: etree._Element, rules: ExtractionRules) -> Iterator[str]:
    """Date strings in order of trust; lazy, so cheap sources end the search."""
    yield from (str(value) for value in _META_PUBLISHED(tree))
    for script in _JSON_LD(tree):
        yield from _json_ld_dates(str(script))
    yield from (str(value) for value in _TIME_PUBLISHED(tree))
    yield from (str(value) for value in _TIME_ANY(tree))
    if rules.date_xpath:
        yield from (result_text(result) for result in compiled(rules.date_xpath)(tree))


def _byline_date(tree: etree._Element) -> datetime | None:
    """A short text right after the headline holding a date with its time of day.

    ``Senin, 02 November 2026 | 08:15 WIB``: a date without a time (midnight) is
    left to htmldate, since a day alone under a headline may be an event's date.
    """
    for text in _AFTER_HEADLINE(tree):
        squashed = " ".join(str(text).split())
        if len(squashed) > _MAX_BYLINE_CHARS:
            continue
        parsed = parse_date(squashed)
        if parsed is not None and (parsed.hour, parsed.minute) != (0, 0):
            return parsed
    return None


def _json_ld_dates(script: str) -> Iterator[str]:
    try:
        data = json.loads(script)
    except ValueError:
        return
    yield from _walk_json_ld(data)


def _walk_json_ld(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        value = node.get("datePublished")
        if isinstance(value, str):
            yield value
        for child in node.values():
            if isinstance(child, dict | list):
                yield from _walk_json_ld(child)
    elif isinstance(node, list):
        for child in node:
            yield from _walk_json_ld(child)


def _htmldate_guess(tree: etree._Element) -> datetime | None:
    """htmldate's heuristic guess; it copies the tree before cleaning it."""
    try:
        found = htmldate.find_date(
            tree, extensive_search=True, original_date=True, outputformat="%Y-%m-%d %H:%M:%S"
        )
    except Exception:  # third-party heuristics on any page: a failure means "no date"
        return None
    return parse_date(found) if found else None
