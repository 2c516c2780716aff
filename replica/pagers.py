"""Hand-made multi-page stories for the crawl tests of `crawler.discovery.pagelinks`.

Outlet templates paginate stories in many ways; these pages show one way each
(rel=next only, a numbered pager of any class, `/2/` paths, ...), served
through an outlet's fault plan (:meth:`~replica.faultplan.FaultPlan.at`)::

    plan.at(path, PagesByQuery({"": page_one, "page=2": page_two}))
    plan.at(path + "2/", Fault.raw(page_two))

Texts are built from a seed so that no two stories are near duplicates of
each other, and every page carries a marker word (``penanda<seed>x<page>``)
that tells a test which pages a stored story joined.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from urllib.parse import urlsplit

from replica.faults import Wire

_HTML = "text/html; charset=utf-8"
_FILLER = [
    "pemerintah",
    "daerah",
    "warga",
    "kantor",
    "kegiatan",
    "laporan",
    "rapat",
    "dinas",
    "program",
    "anggaran",
    "kecamatan",
    "pelayanan",
    "masyarakat",
    "kepala",
    "bagian",
    "pegawai",
    "jadwal",
    "surat",
    "wilayah",
    "desa",
    "pekan",
    "tahun",
    "bulan",
    "hari",
    "pertemuan",
    "aula",
    "pendopo",
    "sekretariat",
    "kebijakan",
    "aturan",
    "pengawasan",
    "penjelasan",
    "tugas",
    "jabatan",
    "pimpinan",
    "pejabat",
    "publik",
    "sejumlah",
    "beberapa",
    "seluruh",
    "tetap",
    "akan",
    "telah",
    "sudah",
    "masih",
    "menyampaikan",
    "menegaskan",
    "mengingatkan",
    "menyebutkan",
    "menjelaskan",
    "mengatakan",
    "meminta",
]
ON_TOPIC = (
    "Aparatur sipil negara (ASN) diminta menjaga netralitas dan tidak berpihak kepada "
    "kelompok mana pun dalam politik praktis."
)
ELECTION = "Bawaslu mengawasi tahapan pilkada dan kampanye agar ASN tetap netral."


def marker(seed: int, page: int) -> str:
    """The word page `page` of story `seed` carries."""
    return f"penanda{seed}x{page}"


def story_texts(seed: int, pages: int, *, election_on_page_one: bool) -> list[list[str]]:
    """Paragraphs per page: page 1 names ASN neutrality, the election words wait for page 2.

    Without `election_on_page_one`, page 1 alone misses the topic's election words:
    only the joined story is on topic.
    """
    rng = random.Random(seed)
    texts: list[list[str]] = []
    for page in range(1, pages + 1):
        paragraphs = []
        for n in range(3):
            words = rng.choices(_FILLER, k=28)
            paragraphs.append(f"{marker(seed, page)} {' '.join(words)} nomor {seed}{page}{n}.")
        if page == 1:
            paragraphs.insert(0, ON_TOPIC)
        if page == 2 or (page == 1 and election_on_page_one):
            paragraphs.append(ELECTION)
        texts.append(paragraphs)
    return texts


def story_page(
    title: str, paragraphs: Sequence[str], *, pager: str = "", head: str = "", after: str = ""
) -> bytes:
    """One page: the story in `div.entry-content`, a pager inside it, anything `after` it."""
    body = "".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>{escape(title)}</title>"
        f"{head}</head><body><h1 class='entry-title'>{escape(title)}</h1>"
        f"<div class='entry-content'>{body}{pager}</div>{after}</body></html>"
    ).encode()


@dataclass(frozen=True)
class PagesByQuery:
    """One path's pages told apart by their query (``""``: none); any other query is a 404."""

    pages: Mapping[str, bytes]

    def serve(self, wire: Wire) -> None:
        query = urlsplit(wire.handler.path).query
        page = self.pages.get(query)
        if page is None:
            wire.send(404, [("Content-Type", _HTML)], b"<html><body>Not found</body></html>")
            return
        wire.send(200, [("Content-Type", _HTML)], page)
