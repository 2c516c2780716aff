"""Which outlets the replica serves, and with which renderer and articles.

Two sources, no list of names: the data directory (each ``<outlet>.yaml``,
:func:`replica.loader.data_outlets`) and, when given, a crawler config's
``outlets`` (what is to be crawled). A configured outlet without a data file
is served by its hand-made renderer if the replica has one (empty), else by
the generic renderer (:mod:`replica.sites.generic`) with invented articles
(:func:`replica.synthetic.outlet_records`); its ``article_url_pattern`` must
then take the generic permalinks, or it could never be crawled, and the
replica refuses it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Protocol

from replica.loader import article_from_record
from replica.model import ReplicaArticle, date_shift
from replica.sites import SITES, Site, build_site
from replica.sites.generic import SAMPLE_PERMALINK, fits
from replica.synthetic import outlet_records


class OutletEntry(Protocol):
    """What the replica reads of a config's outlet entry (``crawler.config.model.OutletConfig``)."""

    @property
    def name(self) -> str: ...

    @property
    def article_url_pattern(self) -> str: ...


class UnservableOutlet(ValueError):
    """A configured outlet the replica cannot serve; the message names it and says why."""


def served_names(data_outlets: list[str], configured: Mapping[str, OutletEntry]) -> list[str]:
    """The configured outlets in their order, then the data's other outlets."""
    return [*configured, *(name for name in data_outlets if name not in configured)]


def invented_articles(
    name: str, entry: OutletEntry, today: date | None, taken_ids: set[str]
) -> list[ReplicaArticle]:
    """The generic outlet's articles for a configured outlet that has no data file."""
    if not fits(entry.article_url_pattern):
        raise UnservableOutlet(
            f"outlet {name!r}: no replica/data/{name}.yaml, and its article_url_pattern "
            f"{entry.article_url_pattern!r} does not match the generic outlet's permalinks "
            f"(like {SAMPLE_PERMALINK})"
        )
    shift = date_shift(today)
    slugs: set[str] = set()
    articles = [article_from_record(record, name, shift, slugs) for record in outlet_records(name)]
    clash = taken_ids & {a.id for a in articles}
    if clash:
        raise UnservableOutlet(f"outlet {name!r}: invented ids {sorted(clash)} are taken")
    return articles


def build_sites(
    names: list[str],
    articles: list[ReplicaArticle],
    configured: Mapping[str, OutletEntry],
    today: date,
) -> dict[str, Site]:
    """One renderer per served outlet, each holding its articles."""
    return {
        name: build_site(
            name,
            [a for a in articles if a.outlet == name],
            today=today,
            display_name=configured[name].name if name in configured else "",
        )
        for name in names
    }


def needs_invented_articles(name: str, data_outlets: list[str]) -> bool:
    """Whether a configured outlet has neither a data file nor a hand-made renderer."""
    return name not in data_outlets and name not in SITES
