"""Synthetic replica data at any scale: thousands of fictional Indonesian articles.

The hand-written ``replica/data`` holds 73 articles, enough for correctness
tests but not to measure how the crawler's cost grows with its work. This
module writes data files in exactly that format (one ``<outlet>.yaml`` per
outlet and an empty ``syndicated.yaml``), so ``Replica(data_dir=...)`` serves
them through the same sites, sitemaps, feeds and listings.

Texts are composed from sentence templates and word lists written for it
(fictional officials, real place names): the template language and the lists
in :mod:`replica.synthetic_words`, on-topic material in
:mod:`replica.synthetic_ontopic`, off-topic desks in :mod:`replica.synthetic_desks`.
The outlets written are the replica's hand-made ones (:data:`replica.sites.SITES`);
:func:`outlet_records` writes the few articles of an outlet served by the generic
renderer. Two properties matter to the benchmarks, and the tests check both:

- on-topic articles pass the topic filter of ``config.yaml`` (ASN, a
  "netral*" word beside it, an election word) and off-topic ones (economy,
  sport, health, schools, roads, culture) do not;
- every article is its own story for the deduplicator: templates alternate
  wording every few words (``[a|b|c]``) and carry fresh names and numbers
  (``{slot}``), so two articles share few 5-word shingles.

Everything is drawn from one seeded ``random.Random``: the same arguments give
byte-identical files.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import yaml

from replica.model import DATA_TODAY, WIB
from replica.sites import SITES
from replica.synthetic_desks import DESKS
from replica.synthetic_ontopic import ON_BODY, ON_LEADS, ON_TITLES
from replica.synthetic_words import person, place, render

__all__ = [
    "SyntheticSummary",
    "generate_records",
    "outlet_records",
    "synthetic_record",
    "synthetic_texts",
    "write_synthetic_data",
]
# ---- outlets -------------------------------------------------------------------------------

#: How each outlet opens its first paragraph (the replica's own data does the same).
DATELINES: dict[str, Callable[[str], str]] = {
    "inilahkoran": lambda city: f"INILAHKORAN, {city} - ",
    "neraca": lambda city: f"{city} - ",
    "abadikini": lambda city: f"Abadikini.com, {city.upper()} – ",
    "sahabat": lambda city: "Sahabat.com - ",
    "nyaringindonesia": lambda city: f"{city.upper()}, NyaringIndonesia.com – ",
}

#: The dateline of an outlet without one of its own above.
GENERIC_DATELINE: Callable[[str], str] = lambda city: f"{city.upper()} - "  # noqa: E731

#: Categories per outlet: on-topic ones, and off-topic ones by desk. Neraca lists only
#: ``makro`` and ``daerah`` (the sections config.yaml's listings read).
ON_CATEGORIES: dict[str, tuple[str, ...]] = {
    "inilahkoran": ("pemerintahan", "politik", "jabar", "bandung-raya"),
    "neraca": ("daerah",),
    "abadikini": ("politik", "nasional", "daerah"),
    "sahabat": ("politik", "pemerintahan", "nasional", "daerah"),
    "nyaringindonesia": ("pemerintahan", "politik", "daerah"),
}
OFF_CATEGORY: dict[str, Callable[[str], str]] = {
    "inilahkoran": lambda desk: "ekonomi" if desk == "ekonomi" else "bandung-raya",
    "neraca": lambda desk: "makro" if desk == "ekonomi" else "daerah",
    "abadikini": lambda desk: desk if desk in ("ekonomi", "olahraga") else "daerah",
    "sahabat": lambda desk: desk,
    "nyaringindonesia": lambda desk: desk if desk != "infrastruktur" else "ragam",
}

GENERIC_ON_CATEGORIES = ("politik", "pemerintahan", "daerah")

#: Inilah Koran splits long stories over pages; every Nth of its on-topic ones is long.
LONG_EVERY = 12
SPAN_DAYS = 180


# ---- one article ----------------------------------------------------------------------------


def _pick_in_order(rng: random.Random, items: tuple[str, ...], count: int) -> list[str]:
    chosen = sorted(rng.sample(range(len(items)), min(count, len(items))))
    return [items[i] for i in chosen]


def synthetic_record(
    rng: random.Random,
    outlet: str,
    number: int,
    *,
    on_topic: bool,
    published: datetime | None = None,
    long: bool = False,
) -> dict[str, Any]:
    """One data-file entry (``replica/data`` format) for `outlet`, id ``<outlet>-<number>``.

    Without `published` the entry has none (``Replica.add_article`` then uses now).
    `long` gives an on-topic story of 13-15 paragraphs split over pages.
    """
    context = place(rng)
    dateline = DATELINES.get(outlet, GENERIC_DATELINE)(context["kota"])
    if on_topic:
        title = render(rng.choice(ON_TITLES), rng, context)
        lead = render(rng.choice(ON_LEADS), rng, context)
        count = rng.randint(12, 14) if long else rng.randint(6, 9)
        body = [render(t, rng, context) for t in _pick_in_order(rng, ON_BODY, count)]
        category = rng.choice(ON_CATEGORIES.get(outlet, GENERIC_ON_CATEGORIES))
    else:
        desk = rng.choice(DESKS)
        title = render(rng.choice(desk.titles), rng, context)
        lead = render(rng.choice(desk.leads), rng, context)
        body = [render(t, rng, context) for t in _pick_in_order(rng, desk.body, rng.randint(5, 7))]
        category = OFF_CATEGORY.get(outlet, str)(desk.name)
    paragraphs = [dateline + lead, *body]
    record: dict[str, Any] = {
        "id": f"{outlet}-{number:05d}",
        "title": title,
        "author": person(rng),
        "category": category,
        "label": "positive" if on_topic else "negative",
        "hard_case": None,
        "paragraphs": paragraphs,
    }
    if published is not None:
        record["published"] = published.isoformat()
    if long:
        cut = len(paragraphs) // 3
        record["page_breaks"] = [cut, 2 * cut] if rng.random() < 0.5 else [cut + 1]
    return record


# ---- a whole data set ---------------------------------------------------------------------


@dataclass
class SyntheticSummary:
    """What was written: per outlet counts, to print beside the benchmark's results."""

    directory: Path
    articles: int = 0
    on_topic: int = 0
    multi_page: int = 0
    per_outlet: dict[str, int] = field(default_factory=dict)


def _on_topic_flags(rng: random.Random, articles: int, share: float) -> list[bool]:
    wanted = round(articles * share)
    chosen = set(rng.sample(range(articles), wanted))
    return [i in chosen for i in range(articles)]


def generate_records(
    articles: int = 2000,
    on_topic_share: float = 1 / 3,
    seed: int = 0,
    outlets: Sequence[str] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """The data-file entries of every outlet (newest first), spread evenly over the outlets.

    ``outlets`` defaults to the hand-made ones (:data:`replica.sites.SITES`).
    Publication dates run back from the day before the data frame's "today" over
    ``SPAN_DAYS``, so every article is in the past whenever the data is served.
    """
    if articles < 0 or not 0 <= on_topic_share <= 1:
        raise ValueError("articles must be >= 0 and on_topic_share within [0, 1]")
    names = tuple(outlets if outlets is not None else SITES)
    rng = random.Random(seed)
    flags = _on_topic_flags(rng, articles, on_topic_share)
    newest = datetime.combine(DATA_TODAY - timedelta(days=1), time(18, 0), WIB)
    per_outlet = {o: -(-(articles - i) // len(names)) for i, o in enumerate(names)}
    records: dict[str, list[dict[str, Any]]] = {outlet: [] for outlet in names}
    on_seen = dict.fromkeys(names, 0)
    for index, on_topic in enumerate(flags):
        outlet = names[index % len(names)]
        own = records[outlet]
        step = timedelta(days=SPAN_DAYS) / max(per_outlet[outlet], 1)
        published = newest - step * len(own) - timedelta(minutes=rng.randint(0, 50))
        long = outlet == "inilahkoran" and on_topic and on_seen[outlet] % LONG_EVERY == 5
        on_seen[outlet] += on_topic
        own.append(
            synthetic_record(
                rng, outlet, len(own) + 1, on_topic=on_topic, published=published, long=long
            )
        )
    return records


def outlet_records(outlet: str, articles: int = 8, seed: int = 0) -> list[dict[str, Any]]:
    """A small data set for one outlet (half on topic, one a day back from yesterday).

    What the replica serves for an outlet it has no data file for; the same
    outlet and seed give the same articles.
    """
    rng = random.Random(f"{seed}:{outlet}")
    newest = datetime.combine(DATA_TODAY - timedelta(days=1), time(18, 0), WIB)
    return [
        synthetic_record(
            rng,
            outlet,
            n + 1,
            on_topic=n % 2 == 0,
            published=newest - timedelta(days=n, minutes=rng.randint(0, 50)),
        )
        for n in range(articles)
    ]


def write_synthetic_data(
    out_dir: Path,
    articles: int = 2000,
    on_topic_share: float = 1 / 3,
    seed: int = 0,
    outlets: Sequence[str] | None = None,
) -> SyntheticSummary:
    """Write a replica data directory of `articles` synthetic articles; its summary.

    Files are replaced, not merged: the directory then holds exactly this data set
    (``<outlet>.yaml`` for each of ``outlets``, by default the hand-made ones, and an
    empty ``syndicated.yaml``; an outlet without a renderer is served by the generic one).
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    summary = SyntheticSummary(directory=out_dir)
    for outlet, entries in generate_records(articles, on_topic_share, seed, outlets).items():
        header = f"# Synthetic replica data for {outlet} (replica/synthetic.py, seed {seed}).\n"
        body = yaml.safe_dump(
            {"outlet": outlet, "articles": entries},
            allow_unicode=True,
            sort_keys=False,
            width=1000,
        )
        (out_dir / f"{outlet}.yaml").write_text(header + body, encoding="utf-8")
        summary.articles += len(entries)
        summary.on_topic += sum(e["label"] == "positive" for e in entries)
        summary.multi_page += sum(bool(e.get("page_breaks")) for e in entries)
        summary.per_outlet[outlet] = len(entries)
    (out_dir / "syndicated.yaml").write_text(
        "# No syndicated copies in synthetic data.\ncopies: []\n", encoding="utf-8"
    )
    return summary


def synthetic_texts(count: int, on_topic_share: float = 1 / 3, seed: int = 0) -> list[str]:
    """`count` article bodies (paragraphs joined as the export joins them), for benchmarks
    that need realistic story texts without serving them."""
    rng = random.Random(seed)
    flags = _on_topic_flags(rng, count, on_topic_share)
    names = tuple(SITES)
    texts = []
    for index, on_topic in enumerate(flags):
        outlet = names[index % len(names)]
        record = synthetic_record(rng, outlet, index + 1, on_topic=on_topic)
        texts.append("\n\n".join(record["paragraphs"]))
    return texts
