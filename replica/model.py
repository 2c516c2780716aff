"""The replica's article: one story as an outlet serves it, with its true body.

The true body (``paragraphs``) is what a perfect extraction must export, so the
extraction tests use :attr:`ReplicaArticle.gold_text` as their gold standard.
Dates in the data files are written in a fixed frame (2026-11-23 = "today") and
shifted to the real calendar when loaded, so "recent" stays recent whenever
the tests run.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone

#: Western Indonesian Time: every outlet prints its dates in it.
WIB = timezone(timedelta(hours=7), "WIB")

#: The date in the data files' frame that maps to the real today.
DATA_TODAY = date(2026, 11, 23)

#: What an outlet name looks like (config.yaml's keys, data file stems, spider names).
OUTLET_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

# Numeric article ids of the outlets that put one in their URLs: the id's
# number plus a per-outlet offset, so URLs look like the real sites' ones.
_NUMERIC_ID_BASE = {"inilahkoran": 217000, "neraca": 208000}


def date_shift(today: date | None = None) -> timedelta:
    """The offset that moves the data frame's dates to the real calendar."""
    return (today or datetime.now(WIB).date()) - DATA_TODAY


def now_wib() -> datetime:
    """The current time in WIB, to the second (HTTP dates have no finer grain)."""
    return datetime.now(WIB).replace(microsecond=0)


def slugify(title: str, max_len: int = 80) -> str:
    """A WordPress-like slug: lowercase ASCII words joined by hyphens, cut at a word."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_title.lower())
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > max_len:
            break
        slug = candidate
    return slug or "artikel"


@dataclass(frozen=True)
class ReplicaArticle:
    """One story served by one outlet; ``published`` is already shifted to the real calendar."""

    id: str
    outlet: str
    title: str
    author: str
    published: datetime
    category: str
    slug: str
    label: str
    hard_case: str | None
    paragraphs: tuple[str, ...]
    page_breaks: tuple[int, ...] = ()
    copy_of: str | None = None

    def __post_init__(self) -> None:
        if not OUTLET_NAME.match(self.outlet):
            raise ValueError(f"{self.id}: {self.outlet!r} is not an outlet name")
        if self.published.tzinfo is None:
            raise ValueError(f"{self.id}: published must carry a time zone")
        if not self.paragraphs:
            raise ValueError(f"{self.id}: an article needs at least one paragraph")
        breaks = list(self.page_breaks)
        if breaks != sorted(set(breaks)) or any(not 0 < b < len(self.paragraphs) for b in breaks):
            raise ValueError(f"{self.id}: page_breaks must rise and fall inside the paragraphs")

    @property
    def gold_text(self) -> str:
        """Exactly what a perfect extraction exports: headline, blank line, paragraphs."""
        return self.title + "\n\n" + "\n\n".join(self.paragraphs)

    @property
    def numeric_id(self) -> int:
        """The number in inilahkoran/neraca URLs, stable for a given article id."""
        match = re.search(r"(\d+)$", self.id)
        number = (
            int(match.group(1))
            if match
            else int(hashlib.sha1(self.id.encode()).hexdigest()[:6], 16) % 90000 + 10000
        )
        return _NUMERIC_ID_BASE.get(self.outlet, 0) + number

    @property
    def pages(self) -> tuple[tuple[str, ...], ...]:
        """The paragraphs split at ``page_breaks``: one tuple per page of a multi-page article."""
        bounds = [0, *self.page_breaks, len(self.paragraphs)]
        return tuple(self.paragraphs[a:b] for a, b in itertools.pairwise(bounds))

    @property
    def local_published(self) -> datetime:
        """The publication time as the outlet prints it (WIB)."""
        return self.published.astimezone(WIB)

    def path(self) -> str:
        """Its URL path under the outlet's permalink scheme (the one config.yaml expects).

        Outlets without a scheme of their own (WordPress themes and the generic
        outlet, :mod:`replica.sites.generic`) use dated permalinks ``/Y/m/d/<slug>/``.
        """
        when = self.local_published
        if self.outlet == "inilahkoran":
            return f"/berita/{self.category}/{self.numeric_id}/{self.slug}"
        if self.outlet == "neraca":
            return f"/article/{self.numeric_id}/{self.slug}"
        if self.outlet == "nyaringindonesia":
            return f"/{self.slug}/"
        return f"/{when:%Y/%m/%d}/{self.slug}/"
