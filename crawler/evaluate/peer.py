"""The generic extraction scored on a peer benchmark of real pages, beside trafilatura.

The benchmark is a folder of real article pages nobody wrote selectors for
(`html/<id>.html.gz`) and their gold bodies (`ground-truth.json`: `{id: {"url",
"articleBody"}}`), the layout of scrapinghub's article-extraction-benchmark.
The project keeps a development half beside the repository
(`../shared/peer-bench/aeb-dev`, or `$ASNWATCH_PEER_BENCH`); the other half is
held back to check the figure on pages nobody tuned for.

Scoring follows the benchmark's own description: tokens are `\\w+` matches; a
text is the multiset of its overlapping 4-token shingles (a shorter text is one
shingle); per page, precision and recall of the shared shingles (both 1.0 when
nothing differs); precision is averaged over pages with a prediction, recall
over pages with a gold text (an empty prediction counts as recall 0), and F1 is
taken of the two means. Our side is `extract_story` with no selectors (the
generic path a new or changed template gets), body paragraphs only; the
reference is `trafilatura.extract(html, include_comments=False)`.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import trafilatura

from crawler.config.extraction import ExtractionRules, SharedExtractionConfig
from crawler.content.extraction import extract_story
from crawler.content.story import ExtractionFailed

__all__ = [
    "PeerPage",
    "PeerScore",
    "default_peer_bench",
    "evaluate_peer_bench",
    "format_peer_report",
    "is_peer_bench",
    "load_peer_bench",
    "peer_bench_places",
    "score",
]

_TOKEN = re.compile(r"\w+")
_SHINGLE = 4
PEER_BENCH_ENV = "ASNWATCH_PEER_BENCH"


@dataclass(frozen=True)
class PeerPage:
    """One benchmark page: its id, URL, raw HTML bytes and gold body."""

    page_id: str
    url: str
    html: bytes
    gold: str


@dataclass(frozen=True)
class PeerScore:
    """Mean precision and recall over the pages, F1 of the two, and empty predictions."""

    precision: float
    recall: float
    f1: float
    empty: int
    pages: int


def peer_bench_places(repo_root: Path) -> list[Path]:
    """Where the benchmark is looked for: `$ASNWATCH_PEER_BENCH`, then beside the repository."""
    configured = os.environ.get(PEER_BENCH_ENV)
    places = [Path(configured)] if configured else []
    places.append(repo_root.parent / "shared" / "peer-bench" / "aeb-dev")
    return places


def is_peer_bench(folder: Path) -> bool:
    return (folder / "ground-truth.json").is_file()


def default_peer_bench(repo_root: Path) -> Path | None:
    """The first of `peer_bench_places` that holds a benchmark, if any."""
    return next((path for path in peer_bench_places(repo_root) if is_peer_bench(path)), None)


def load_peer_bench(folder: Path) -> list[PeerPage]:
    """The benchmark's pages, in id order; a page listed without its file is an error."""
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for page_id in sorted(truth):
        path = folder / "html" / f"{page_id}.html.gz"
        html = gzip.decompress(path.read_bytes())
        entry = truth[page_id]
        pages.append(PeerPage(page_id, entry.get("url", ""), html, entry.get("articleBody", "")))
    return pages


def _shingles(text: str) -> Counter[tuple[str, ...]]:
    tokens = _TOKEN.findall(text)
    if len(tokens) < _SHINGLE:
        return Counter([tuple(tokens)]) if tokens else Counter()
    return Counter(tuple(tokens[i : i + _SHINGLE]) for i in range(len(tokens) - _SHINGLE + 1))


def page_score(predicted: str, gold: str) -> tuple[float | None, float | None]:
    """(precision, recall) of one page; None where the benchmark leaves the page out."""
    ours, theirs = _shingles(predicted), _shingles(gold)
    shared = (ours & theirs).total()
    extra, missed = ours.total() - shared, theirs.total() - shared
    if extra == 0 and missed == 0:
        return 1.0, 1.0
    precision = shared / (shared + extra) if shared + extra else None
    recall = shared / (shared + missed) if shared + missed else None
    return precision, recall


def score(pairs: Iterable[tuple[str, str]]) -> PeerScore:
    """The benchmark's figure for (predicted, gold) pairs."""
    precisions: list[float] = []
    recalls: list[float] = []
    empty = pages = 0
    for predicted, gold in pairs:
        pages += 1
        empty += not predicted.strip()
        precision, recall = page_score(predicted, gold)
        if precision is not None:
            precisions.append(precision)
        if recall is not None:
            recalls.append(recall)
    p = sum(precisions) / len(precisions) if precisions else 0.0
    r = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    return PeerScore(p, r, f1, empty, pages)


def ours(page: PeerPage, shared: SharedExtractionConfig) -> str:
    """Our body paragraphs for a page, with no selectors; empty when extraction fails."""
    try:
        return extract_story([page.html], page.url, ExtractionRules(), shared).text
    except ExtractionFailed:
        return ""


def plain_trafilatura(page: PeerPage) -> str:
    text = page.html.decode("utf-8", errors="replace")
    return trafilatura.extract(text, include_comments=False) or ""


def evaluate_peer_bench(
    pages: Sequence[PeerPage],
    shared: SharedExtractionConfig,
    reference: Callable[[PeerPage], str] = plain_trafilatura,
) -> tuple[PeerScore, PeerScore, list[tuple[str, str, str]]]:
    """(our score, the reference's score, per page (id, our text, reference text))."""
    rows = [(page.page_id, ours(page, shared), reference(page)) for page in pages]
    golds = [page.gold for page in pages]
    mine = score(zip((row[1] for row in rows), golds, strict=True))
    theirs = score(zip((row[2] for row in rows), golds, strict=True))
    return mine, theirs, rows


def format_peer_report(folder: Path, mine: PeerScore, theirs: PeerScore) -> str:
    """The lines `asnwatch evaluate extraction` prints for the peer benchmark."""
    return "\n".join(
        [
            f"Peer benchmark ({mine.pages} real pages, no selectors): {folder}",
            f"  {'':<38}{'precision':>10}{'recall':>8}{'F1':>7}{'empty':>7}",
            _row("asnwatch (generic path)", mine),
            _row("trafilatura (include_comments=False)", theirs),
        ]
    )


def _row(name: str, result: PeerScore) -> str:
    return (
        f"  {name:<38}{result.precision:>10.3f}{result.recall:>8.3f}"
        f"{result.f1:>7.3f}{result.empty:>7}"
    )
