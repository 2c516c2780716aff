"""The replica's outlet renderers: a hand-made one per known outlet, the generic one for any other.

A renderer's outlet name is its class's ``name`` (the name config.yaml uses);
:data:`SITES` is keyed by it, so the names are written once, in the classes.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from replica.model import ReplicaArticle
from replica.sites.abadikini import Abadikini
from replica.sites.base import Site
from replica.sites.generic import GenericSite
from replica.sites.inilahkoran import InilahKoran
from replica.sites.neraca import Neraca
from replica.sites.nyaringindonesia import NyaringIndonesia
from replica.sites.sahabat import Sahabat

#: The hand-made renderers, by outlet name.
SITES: dict[str, type[Site]] = {
    site.name: site for site in (InilahKoran, Neraca, Abadikini, Sahabat, NyaringIndonesia)
}


def build_site(
    name: str,
    articles: Iterable[ReplicaArticle],
    *,
    today: date | None = None,
    display_name: str = "",
) -> Site:
    """The outlet's hand-made renderer if it has one, else a :class:`GenericSite` named ``name``."""
    if name in SITES:
        return SITES[name](articles, today=today)
    return GenericSite(articles, name=name, display_name=display_name, today=today)


__all__ = ["SITES", "GenericSite", "Site", "build_site"]
