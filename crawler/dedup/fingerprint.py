"""Content fingerprints: exact-duplicate hashes and 64-bit SimHash for near duplicates.

Two questions are asked of every new story, in this order:

1. Is the *same text* already stored under another URL? `text_hash` (SHA-256 of the
   normalized text) answers it exactly; the database keeps it unique.
2. Is it a *copy* of a stored story, e.g. an ANTARA story syndicated with another
   dateline, a reworded lead, or its last paragraph trimmed? `simhash64` gives a
   64-bit fingerprint (it names exported files) whose Hamming distance grows with
   the share of text that differs. Candidates come from `minhash_band_values`, an
   LSH band index that finds copies without scanning every story; `containment`
   confirms a candidate on the texts themselves.

   Measured (tests/data/fingerprint/measure.py): a copy with only another dateline
   is 0-3 SimHash bits away, but a reworded lead or a trimmed last paragraph moves
   the fingerprint 6-14 bits, beyond what a pigeonhole index over SimHash chunks
   can serve cheaply; the MinHash bands find all of them.

Why our own SimHash rather than trafilatura's: trafilatura hashes single words, so
two unrelated Indonesian news stories share most of their (frequent) words and come
out only ~11 bits apart. Word shingles make unrelated texts look unrelated (about
32 differing bits, as for random fingerprints) while a copy keeps most of its
shingles. Only the standard library is used, so the fingerprint of a text never
changes with a dependency upgrade: it names exported files and lives in the database.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

__all__ = [
    "SHINGLE_SIZE",
    "containment",
    "fingerprint_hex",
    "from_signed64",
    "hamming",
    "minhash_band_values",
    "normalize_text",
    "shingles",
    "simhash64",
    "text_hash",
    "to_signed64",
]

BITS = 64
MASK64 = (1 << BITS) - 1

#: Words per SimHash feature. 1 (single words) lets unrelated stories on one topic
#: look alike; longer shingles make each edited word cost more features. See
#: tests/data/fingerprint/measure.py for the measurements behind the choice.
SHINGLE_SIZE = 3

# Format characters that hide inside words (soft hyphen, zero-width space/joiners,
# byte-order mark): removed, not turned into spaces, so "netra\u00adlitas" == "netralitas".
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u200e\u200f\u2060\ufeff"))
# Everything that is neither a letter/digit nor whitespace: quotes of every kind,
# dashes, brackets, punctuation, symbols. `_` is a word character for `re`, not for us.
_NON_WORD = re.compile(r"[^\w\s]|_")


def normalize_text(text: str) -> str:
    """The text as far as identity goes: NFKC, casefolded, words separated by one space.

    Punctuation, quotes, dashes and symbols become spaces, so typography an outlet's
    CMS changes (straight vs curly quotes, "-" vs an en dash, non-breaking spaces,
    line breaks between paragraphs) does not make two copies differ.
    """
    text = unicodedata.normalize("NFKC", text).translate(_INVISIBLE).casefold()
    return " ".join(_NON_WORD.sub(" ", text).split())


def text_hash(text: str) -> str:
    """SHA-256 hex of the normalized text: the exact-duplicate key."""
    return hashlib.sha256(normalize_text(text).encode("utf-8")).hexdigest()


def shingles(text: str, size: int) -> set[str]:
    """The distinct `size`-word windows of the normalized text.

    A text shorter than `size` words is one shingle (so a short text is not empty);
    an empty text has none.
    """
    if size < 1:
        raise ValueError(f"shingle size must be >= 1, got {size}")
    words = normalize_text(text).split()
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def _feature_hash(feature: str) -> int:
    # blake2b is in hashlib (no third-party hash), fast, and well mixed in every bit,
    # which SimHash needs: each bit must be an independent coin per feature.
    return int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "big")


def _simhash(features: Iterable[str]) -> int:
    counts = [0] * BITS
    total = 0
    for feature in features:
        h = _feature_hash(feature)
        total += 1
        for bit in range(BITS):
            counts[bit] += (h >> bit) & 1
    fp = 0
    for bit, ones in enumerate(counts):
        if 2 * ones > total:  # majority vote; a tie gives 0
            fp |= 1 << bit
    return fp


def simhash64(text: str) -> int:
    """Charikar SimHash (unsigned 64 bits) over the distinct word 3-shingles of the text.

    Each distinct shingle weighs 1: a paragraph repeated by a broken extraction (see
    seed 001, an article printed twice) does not shift the fingerprint, and no
    frequent phrase dominates. The expected share of differing bits between two
    texts is angle/pi of their shingle sets, roughly 64 * arccos(cosine) / pi bits:
    ~4 bits when 2 % of shingles differ, ~10 when 13 % do (a new lead), ~32 when
    the texts share nothing. An empty text gives 0.
    """
    return _simhash(shingles(text, SHINGLE_SIZE))


def fingerprint_hex(fp: int) -> str:
    """16 lowercase hex digits, zero-padded: the form used in export file names."""
    if not 0 <= fp <= MASK64:
        raise ValueError(f"not an unsigned 64-bit fingerprint: {fp}")
    return f"{fp:016x}"


def hamming(a: int, b: int) -> int:
    """Number of differing bits of two fingerprints (unsigned or signed 64-bit form)."""
    return ((a ^ b) & MASK64).bit_count()


def to_signed64(fp: int) -> int:
    """The unsigned fingerprint as a two's-complement signed value, for a BIGINT column."""
    if not 0 <= fp <= MASK64:
        raise ValueError(f"not an unsigned 64-bit fingerprint: {fp}")
    return fp - (1 << BITS) if fp >= 1 << (BITS - 1) else fp


def from_signed64(value: int) -> int:
    """Inverse of `to_signed64`: a BIGINT column value back to the unsigned fingerprint."""
    if not -(1 << (BITS - 1)) <= value < 1 << (BITS - 1):
        raise ValueError(f"not a signed 64-bit value: {value}")
    return value & MASK64


def containment(a: str, b: str, size: int = 5) -> float:
    """|A ∩ B| / min(|A|, |B|) over the texts' word `size`-shingles, in [0, 1].

    Confirms a near-duplicate candidate on the texts: a trimmed copy is fully contained in
    its original (1.0) even though the original has more text, and stories that only
    share topic vocabulary share almost no 5-word sequences. 0.0 if either is empty.
    """
    sa, sb = shingles(a, size), shingles(b, size)
    if not sa or not sb:
        return 0.0
    return len(sa & sb) / min(len(sa), len(sb))


# MinHash permutations h -> (a*h + b) mod p over the Mersenne prime 2**61 - 1, with
# constants derived from fixed strings: band values must never change between runs.
_PRIME = (1 << 61) - 1


@lru_cache(maxsize=8)
def _permutations(count: int) -> tuple[tuple[int, int], ...]:
    perms = []
    for i in range(count):
        digest = hashlib.blake2b(f"asnwatch-minhash-{i}".encode(), digest_size=16).digest()
        a = int.from_bytes(digest[:8], "big") % (_PRIME - 1) + 1
        b = int.from_bytes(digest[8:], "big") % _PRIME
        perms.append((a, b))
    return tuple(perms)


def minhash_band_values(text: str, bands: int = 20, rows: int = 3) -> list[int]:
    """MinHash LSH band values of the text's word 3-shingles: candidates by Jaccard similarity.

    The candidate index of `crawler.dedup.deduplicator`, for copies that differ by a few words or
    by a whole reworded lead. A SimHash index cannot find the latter cheaply: a
    reworded lead or a trimmed last paragraph moves a fingerprint by ~8-12 bits,
    and a pigeonhole index for that distance reads a large share of all stories.
    Here, two texts with Jaccard similarity J share at least one band with
    probability 1 - (1 - J**rows)**bands; for 20 x 3: J 0.1 -> 2 %, 0.3 -> 42 %,
    0.5 -> 93 %, 0.7 -> 99.98 %. Syndicated and trimmed copies measure J >= 0.7,
    different stories on one topic <= 0.05. Values are 31-bit (they fit a signed
    INTEGER column); an unrelated story matches one by chance with probability
    ~bands / 2**31, so a lookup reads only true candidates, whatever the table size.
    Confirm candidates with `containment`. An empty text has no bands.
    """
    if bands < 1 or rows < 1:
        raise ValueError(f"bands and rows must be >= 1, got {bands} and {rows}")
    hashes = [_feature_hash(s) % _PRIME for s in shingles(text, SHINGLE_SIZE)]
    if not hashes:
        return []
    mins = [min((a * h + b) % _PRIME for h in hashes) for a, b in _permutations(bands * rows)]
    values = []
    for band in range(bands):
        chunk = b"".join(m.to_bytes(8, "big") for m in mins[band * rows : (band + 1) * rows])
        digest = hashlib.blake2b(chunk, digest_size=4).digest()
        values.append(int.from_bytes(digest, "big") & 0x7FFFFFFF)
    return values
