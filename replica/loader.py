"""Read the replica's data files (``<outlet>.yaml`` and ``syndicated.yaml``) into articles.

The data directory says which outlets have hand-made articles: one
``<outlet>.yaml`` each (:func:`data_outlets`), no list of names elsewhere.
The files are validated strictly (an unknown key or a missing field names the
file and the entry) because the extraction and topic tests take their gold
standard from them: a silently dropped field would become a wrong test.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import AwareDatetime, ValidationError

from crawler.config.base import StrictModel
from replica.model import OUTLET_NAME, ReplicaArticle, date_shift, slugify

DEFAULT_DATA_DIR = Path(__file__).resolve().parent / "data"
SYNDICATED = "syndicated"

HardCase = Literal[
    "net_neutrality", "tni_polri", "asn_non_election", "election_no_asn", "other_netral"
]


class ArticleRecord(StrictModel):
    """One entry of ``<outlet>.yaml``; ``published`` is in the data frame (2026-11-23 = today)."""

    id: str
    title: str
    author: str
    published: AwareDatetime  # needs a UTC offset: 2026-11-02T08:15:00+07:00
    category: str
    label: Literal["positive", "negative"]
    hard_case: HardCase | None = None
    paragraphs: tuple[str, ...]
    page_breaks: tuple[int, ...] = ()
    slug: str | None = None


class OutletFile(StrictModel):
    """A whole ``<outlet>.yaml``."""

    outlet: str
    articles: tuple[ArticleRecord, ...]


class CopyRecord(StrictModel):
    """One entry of ``syndicated.yaml``: a trimmed republication of another outlet's story."""

    id: str
    outlet: str
    copy_of: str
    published: AwareDatetime  # needs a UTC offset: 2026-11-02T08:15:00+07:00
    first_paragraph: str
    drop_last_paragraphs: int = 0


class SyndicatedFile(StrictModel):
    """The whole ``syndicated.yaml``."""

    copies: tuple[CopyRecord, ...]


def _read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _validate(model: type[StrictModel], data: Any, path: Path) -> Any:
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        raise ValueError(f"{path}: {exc}") from exc


def _unique_slug(slug: str, taken: set[str]) -> str:
    candidate, n = slug, 2
    while candidate in taken:
        candidate, n = f"{slug}-{n}", n + 1
    taken.add(candidate)
    return candidate


def article_from_record(
    record: ArticleRecord | Mapping[str, Any],
    outlet: str,
    shift: timedelta,
    taken_slugs: set[str] | None = None,
) -> ReplicaArticle:
    """Turn one data entry into a served article, shifting its date into the real calendar."""
    if not isinstance(record, ArticleRecord):
        record = ArticleRecord.model_validate(record)
    slug = record.slug or slugify(record.title)
    if taken_slugs is not None:
        slug = _unique_slug(slug, taken_slugs)
    return ReplicaArticle(
        id=record.id,
        outlet=outlet,
        title=record.title,
        author=record.author,
        published=record.published + shift,
        category=record.category,
        slug=slug,
        label=record.label,
        hard_case=record.hard_case,
        paragraphs=record.paragraphs,
        page_breaks=record.page_breaks,
    )


def _copy(
    original: ReplicaArticle, copy: CopyRecord, shift: timedelta, slug: str
) -> ReplicaArticle:
    kept = original.paragraphs[1 : len(original.paragraphs) - copy.drop_last_paragraphs]
    return ReplicaArticle(
        id=copy.id,
        outlet=copy.outlet,
        title=original.title,
        author=original.author,
        published=copy.published + shift,
        category=original.category,
        slug=slug,
        label=original.label,
        hard_case=original.hard_case,
        paragraphs=(copy.first_paragraph, *kept),
        copy_of=original.id,
    )


def data_dir_or_default(data_dir: Path | None) -> Path:
    """``data_dir``, or ``replica/data``; a missing directory is an error."""
    path = Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR
    if not path.is_dir():
        raise FileNotFoundError(f"replica data directory not found: {path}")
    return path


def data_outlets(data_dir: Path | None = None) -> list[str]:
    """The outlets with a ``<outlet>.yaml`` in ``data_dir``, sorted by name."""
    path = data_dir_or_default(data_dir)
    names = sorted(f.stem for f in path.glob("*.yaml") if f.stem != SYNDICATED)
    bad = [name for name in names if not OUTLET_NAME.match(name)]
    if bad:
        raise ValueError(f"{path}: {bad[0]}.yaml does not name an outlet (a-z, 0-9, _)")
    return names


def _outlet_articles(
    path: Path, outlet: str, shift: timedelta, slugs: set[str]
) -> list[ReplicaArticle]:
    parsed: OutletFile = _validate(OutletFile, _read_yaml(path), path)
    if parsed.outlet != outlet:
        raise ValueError(f"{path}: says outlet {parsed.outlet!r}, expected {outlet!r}")
    return [article_from_record(record, outlet, shift, slugs) for record in parsed.articles]


def _syndicated_copies(
    path: Path, articles: list[ReplicaArticle], shift: timedelta, slugs: dict[str, set[str]]
) -> list[ReplicaArticle]:
    parsed: SyndicatedFile = _validate(SyndicatedFile, _read_yaml(path), path)
    by_id = {article.id: article for article in articles}
    copies = []
    for copy in parsed.copies:
        original = by_id.get(copy.copy_of)
        if original is None:
            raise ValueError(f"{path}: {copy.id} copies unknown {copy.copy_of!r}")
        if copy.outlet not in slugs:
            raise ValueError(f"{path}: {copy.id} names unknown outlet {copy.outlet!r}")
        slug = _unique_slug(original.slug, slugs[copy.outlet])
        copies.append(_copy(original, copy, shift, slug))
    return copies


def load_articles(
    data_dir: Path | None = None, *, today: date | None = None
) -> list[ReplicaArticle]:
    """All articles of ``data_dir`` (originals, then syndicated copies), dates shifted to ``today``.

    Each ``<outlet>.yaml`` makes an outlet (:func:`data_outlets`); a syndicated
    copy must belong to one of them. A missing directory is an error.
    """
    data_dir = data_dir_or_default(data_dir)
    shift = date_shift(today)
    outlets = data_outlets(data_dir)
    slugs: dict[str, set[str]] = {outlet: set() for outlet in outlets}
    articles: list[ReplicaArticle] = []
    for outlet in outlets:
        articles += _outlet_articles(data_dir / f"{outlet}.yaml", outlet, shift, slugs[outlet])
    syndicated = data_dir / f"{SYNDICATED}.yaml"
    if syndicated.exists():
        articles += _syndicated_copies(syndicated, articles, shift, slugs)
    check_unique_ids(articles)
    return articles


def check_unique_ids(articles: Iterable[ReplicaArticle]) -> None:
    """Raise ValueError naming the first id used twice (ids key the gold standard)."""
    seen: set[str] = set()
    for article in articles:
        if article.id in seen:
            raise ValueError(f"duplicate article id {article.id!r}")
        seen.add(article.id)
