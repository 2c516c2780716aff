"""The five replica outlets, keyed by the outlet names config.yaml uses."""

from __future__ import annotations

from replica.sites.abadikini import Abadikini
from replica.sites.base import Site
from replica.sites.inilahkoran import InilahKoran
from replica.sites.neraca import Neraca
from replica.sites.nyaringindonesia import NyaringIndonesia
from replica.sites.sahabat import Sahabat

SITES: dict[str, type[Site]] = {
    site.name: site for site in (InilahKoran, Neraca, Abadikini, Sahabat, NyaringIndonesia)
}

__all__ = ["SITES", "Site"]
