"""Measure the fingerprints on the fixture articles.

Run from the repository root: `.venv/bin/python tests/data/fingerprint/measure.py`.

The fixtures are invented Indonesian news stories (~250-330 words, 7 paragraphs):
four on ASN neutrality (different events, much shared vocabulary), one on election
logistics, two unrelated. `NAME.syndicated.txt` is NAME as another outlet prints it:
new dateline, reworded lead, "(Ant)" appended, curly quotes, single line breaks.
Copies derived here: the dateline swapped only, the last paragraph trimmed, and both.

One SimHash distance is one draw of a noisy estimate, so the distances are also
measured under 100 different feature-hash salts (the same texts, other random
hyperplanes): that shows how often a copy falls within a given distance.
"""

from __future__ import annotations

import itertools
import statistics
from collections.abc import Callable
from pathlib import Path

from crawler.dedup.fingerprint import (
    SHINGLE_SIZE,
    _simhash,
    containment,
    hamming,
    minhash_band_values,
    shingles,
    simhash64,
)

HERE = Path(__file__).parent
SALTS = 100


def paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.splitlines() if p.strip()]


def trimmed(text: str) -> str:
    return "\n\n".join(paragraphs(text)[:-1])


def dateline_swapped(text: str) -> str:
    first, *rest = paragraphs(text)
    rest[-1] += " (Ant)"
    return "\n\n".join(["Sahabat.com - " + first.split(" - ", 1)[1], *rest])


def load() -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    originals = [p for p in sorted(HERE.glob("*.txt")) if "." not in p.stem]
    stories = {p.stem: p.read_text("utf-8") for p in originals}
    copies: list[tuple[str, str, str]] = []
    for path in sorted(HERE.glob("*.syndicated.txt")):
        name = path.name.split(".")[0]
        original, syndicated = stories[name], path.read_text("utf-8")
        copies += [
            ("dateline", original, dateline_swapped(original)),
            ("trimmed", original, trimmed(original)),
            ("syndicated", original, syndicated),
            ("syndicated+trimmed", original, trimmed(syndicated)),
        ]
    return stories, copies


def salted(salt: int) -> Callable[[str], int]:
    def fingerprint(text: str) -> int:
        return _simhash(f"{salt}\x00{s}" for s in shingles(text, SHINGLE_SIZE))

    return fingerprint


def jaccard(a: str, b: str) -> float:
    sa, sb = shingles(a, SHINGLE_SIZE), shingles(b, SHINGLE_SIZE)
    return len(sa & sb) / len(sa | sb)


def shared_bands(a: str, b: str) -> int:
    return sum(x == y for x, y in zip(minhash_band_values(a), minhash_band_values(b), strict=True))


def main() -> None:
    stories, copies = load()
    topic = [n for n in stories if n.startswith("asn_")]
    groups: dict[str, list[tuple[str, str]]] = {}
    for kind, a, b in copies:
        groups.setdefault(kind, []).append((a, b))
    for a, b in itertools.combinations(stories, 2):
        kind = "same topic" if a in topic and b in topic else "different topic"
        groups.setdefault(kind, []).append((stories[a], stories[b]))

    print(
        f"{'pairs':20} {'n':>3} {'simhash min/med/max':>20} {'salted p5/p50/p95':>18}"
        f" {'P(<=3)':>7} {'P(<=7)':>7} {'contain5 min/max':>17} {'jacc3 min/max':>14}"
        f" {'shared bands min/max':>20}"
    )
    for kind, pairs in groups.items():
        exact = [hamming(simhash64(a), simhash64(b)) for a, b in pairs]
        noisy = sorted(hamming(fp(a), fp(b)) for fp in map(salted, range(SALTS)) for a, b in pairs)
        cont = [containment(a, b) for a, b in pairs]
        jacc = [jaccard(a, b) for a, b in pairs]
        bands = [shared_bands(a, b) for a, b in pairs]
        pct = [noisy[int(q * (len(noisy) - 1))] for q in (0.05, 0.5, 0.95)]
        within = [sum(d <= k for d in noisy) / len(noisy) for k in (3, 7)]
        print(
            f"{kind:20} {len(pairs):>3}"
            f" {min(exact):>6}/{statistics.median(exact):>5}/{max(exact):>4}"
            f" {pct[0]:>8}/{pct[1]:>3}/{pct[2]:>4} {within[0]:>7.2f} {within[1]:>7.2f}"
            f" {min(cont):>9.2f}/{max(cont):.2f} {min(jacc):>8.2f}/{max(jacc):.2f}"
            f" {min(bands):>14}/{max(bands)}"
        )


if __name__ == "__main__":
    main()
