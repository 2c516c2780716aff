"""Fingerprints: exact keys, SimHash distances on realistic copies, MinHash bands.

The article fixtures in tests/data/fingerprint/ are invented Indonesian news
stories; tests/data/fingerprint/measure.py prints the distances these tests rely on.
"""

from __future__ import annotations

import hashlib
import itertools
from pathlib import Path

import pytest

from crawler.dedup.fingerprint import (
    containment,
    fingerprint_hex,
    from_signed64,
    hamming,
    minhash_band_values,
    normalize_text,
    simhash64,
    text_hash,
    to_signed64,
)

DATA = Path(__file__).parent / "data" / "fingerprint"
DEFAULT_DISTANCE = 3  # SimHash bits a copy with another dateline moves (measure.py: 0-3)


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.splitlines() if p.strip()]


def _trimmed(text: str) -> str:
    """The copy an outlet prints when it drops the last paragraph."""
    return "\n\n".join(_paragraphs(text)[:-1])


def _dateline_swapped(text: str) -> str:
    """The ANTARA text under another outlet's dateline, with "(Ant)" appended."""
    first, *rest = _paragraphs(text)
    rest[-1] += " (Ant)"
    return "\n\n".join(["Sahabat.com - " + first.split(" - ", 1)[1], *rest])


def _stories() -> dict[str, str]:
    return {p.stem: p.read_text("utf-8") for p in sorted(DATA.glob("*.txt")) if "." not in p.stem}


def _syndicated() -> dict[str, str]:
    return {p.name.split(".")[0]: p.read_text("utf-8") for p in DATA.glob("*.syndicated.txt")}


STORIES = _stories()
SYNDICATED = _syndicated()
DATELINE_COPIES = [(n, STORIES[n], _dateline_swapped(STORIES[n])) for n in sorted(SYNDICATED)]
EDITED_COPIES = [
    (f"{n} {kind}", STORIES[n], copy)
    for n, synd in sorted(SYNDICATED.items())
    for kind, copy in (
        ("trimmed", _trimmed(STORIES[n])),
        ("syndicated", synd),
        ("syndicated+trimmed", _trimmed(synd)),
    )
]
ALL_COPIES = [*DATELINE_COPIES, *EDITED_COPIES]
DIFFERENT = [(f"{a}~{b}", STORIES[a], STORIES[b]) for a, b in itertools.combinations(STORIES, 2)]
SAME_TOPIC = [case for case in DIFFERENT if case[0].count("asn_") == 2]


def _ids(cases: list[tuple[str, str, str]]) -> list[str]:
    return [name for name, _, _ in cases]


def test_fixtures_cover_the_cases_the_measurements_need() -> None:
    assert len(STORIES) >= 6
    assert len(SYNDICATED) >= 3
    assert len(SAME_TOPIC) >= 6
    assert all(220 <= len(t.split()) <= 350 for t in STORIES.values())


# --- normalize_text / text_hash ---------------------------------------------------------


def test_normalize_collapses_whitespace_and_line_breaks() -> None:
    assert normalize_text("  ASN\u00a0 netral\n\n\tdi  Pemilu \r\n") == "asn netral di pemilu"


def test_normalize_casefolds() -> None:
    assert normalize_text("NETRALITAS Asn") == normalize_text("netralitas ASN")


def test_normalize_unifies_straight_and_curly_quotes() -> None:
    assert normalize_text("\u201cASN harus netral,\u201d ujarnya.") == "asn harus netral ujarnya"
    assert normalize_text('"ASN harus netral," ujarnya.') == "asn harus netral ujarnya"
    assert normalize_text("\u2018Jum\u2019at\u2019") == normalize_text("'Jum'at'")


def test_normalize_unifies_dashes() -> None:
    variants = ["Garut - Bawaslu", "Garut \u2013 Bawaslu", "Garut \u2014 Bawaslu", "Garut-Bawaslu"]
    assert {normalize_text(v) for v in variants} == {"garut bawaslu"}


def test_normalize_drops_soft_hyphens_and_zero_width_characters_inside_words() -> None:
    assert normalize_text("netra\u00adlitas a\u200bs\u200dn\ufeff") == "netralitas asn"


def test_normalize_applies_nfkc() -> None:
    assert normalize_text("\uff21\uff33\uff2e \ufb01\u2460") == "asn fi1"  # fullwidth, ligature


def test_text_hash_is_sha256_of_the_normalized_text() -> None:
    expected = hashlib.sha256(b"asn harus netral").hexdigest()
    assert text_hash("  \u201cASN   harus NETRAL\u201d\n") == expected


def test_text_hash_ignores_typography_but_not_words() -> None:
    original = STORIES["asn_garut"]
    retyped = original.replace('"', "\u201d").replace("\n\n", "\n").upper()
    assert text_hash(retyped) == text_hash(original)
    assert text_hash(original.replace("14 aparatur", "15 aparatur")) != text_hash(original)


# --- simhash64 ----------------------------------------------------------------------------


def test_simhash_of_a_stored_story_never_changes() -> None:
    # Fingerprints name exported files and live in the database: a change to the
    # algorithm (shingles, hash, normalization) must be deliberate, with a migration.
    assert fingerprint_hex(simhash64(STORIES["asn_garut"])) == "b0310e1c416a7e79"
    assert simhash64("Netralitas ASN dijaga") == 0x3FE095ED14EBEF8D


def test_simhash_of_empty_text_is_zero() -> None:
    assert simhash64("") == 0
    assert simhash64(" \u201c \u201d - ") == 0


def test_simhash_ignores_typography() -> None:
    text = STORIES["asn_sleman"]
    assert simhash64(text.replace('"', "\u201c").replace(" - ", " \u2013 ")) == simhash64(text)


def test_an_article_printed_twice_keeps_its_fingerprint() -> None:
    # Seed 001 holds its whole article twice: distinct shingles weigh once.
    text = STORIES["asn_bkn"]
    assert hamming(simhash64(text), simhash64(text + "\n" + text)) <= DEFAULT_DISTANCE


@pytest.mark.parametrize(("name", "original", "copy"), DATELINE_COPIES, ids=_ids(DATELINE_COPIES))
def test_copy_with_another_dateline_is_within_the_default_distance(
    name: str, original: str, copy: str
) -> None:
    assert hamming(simhash64(original), simhash64(copy)) <= DEFAULT_DISTANCE


@pytest.mark.parametrize(("name", "original", "copy"), EDITED_COPIES, ids=_ids(EDITED_COPIES))
def test_reworded_or_trimmed_copy_is_far_closer_than_any_different_story(
    name: str, original: str, copy: str
) -> None:
    # Measured: such copies are 6-14 bits apart, beyond the default 3 (see measure.py);
    # different stories are at least 22 apart.
    assert hamming(simhash64(original), simhash64(copy)) <= 15


@pytest.mark.parametrize(("name", "a", "b"), DIFFERENT, ids=_ids(DIFFERENT))
def test_different_stories_are_far_apart(name: str, a: str, b: str) -> None:
    assert hamming(simhash64(a), simhash64(b)) >= 20


# --- containment --------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "original", "copy"), ALL_COPIES, ids=_ids(ALL_COPIES))
def test_copies_are_confirmed_by_containment(name: str, original: str, copy: str) -> None:
    assert containment(original, copy) >= 0.85


@pytest.mark.parametrize(("name", "a", "b"), DIFFERENT, ids=_ids(DIFFERENT))
def test_different_stories_share_almost_no_five_word_sequences(name: str, a: str, b: str) -> None:
    assert containment(a, b) <= 0.05


def test_containment_of_a_trimmed_copy_is_complete_and_symmetric() -> None:
    original = STORIES["asn_garut"]
    assert containment(original, _trimmed(original)) == 1.0
    assert containment(_trimmed(original), original) == 1.0


def test_containment_with_an_empty_text_is_zero() -> None:
    assert containment("", STORIES["asn_garut"]) == 0.0
    assert containment("...", "") == 0.0


def test_containment_counts_shared_shingles_of_the_given_size() -> None:
    # 4 three-word shingles each; "c d e" and "d e f" are shared.
    assert containment("a b c d e f", "c d e f g h", size=3) == pytest.approx(2 / 4)


# --- minhash_band_values ------------------------------------------------------------------


def _shared(a: str, b: str) -> int:
    return sum(x == y for x, y in zip(minhash_band_values(a), minhash_band_values(b), strict=True))


@pytest.mark.parametrize(("name", "original", "copy"), ALL_COPIES, ids=_ids(ALL_COPIES))
def test_every_copy_shares_a_minhash_band_with_its_original(
    name: str, original: str, copy: str
) -> None:
    assert _shared(original, copy) >= 1


@pytest.mark.parametrize(("name", "a", "b"), DIFFERENT, ids=_ids(DIFFERENT))
def test_different_stories_share_no_minhash_band(name: str, a: str, b: str) -> None:
    assert _shared(a, b) == 0


def test_minhash_band_values_are_stable_31_bit_integers() -> None:
    values = minhash_band_values(STORIES["asn_bkn"], bands=20, rows=3)
    assert len(values) == 20
    assert all(0 <= v < 2**31 for v in values)
    assert minhash_band_values("Netralitas ASN", bands=3, rows=2) == [
        1047241115,
        782019759,
        1491246230,
    ]


def test_minhash_of_empty_text_has_no_bands() -> None:
    assert minhash_band_values("  -- ") == []


# --- storage forms --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("unsigned", "signed"),
    [(0, 0), (1, 1), (2**63 - 1, 2**63 - 1), (2**63, -(2**63)), (2**64 - 1, -1)],
)
def test_signed_round_trip(unsigned: int, signed: int) -> None:
    assert to_signed64(unsigned) == signed
    assert from_signed64(signed) == unsigned


@pytest.mark.parametrize("value", [-1, 2**64])
def test_to_signed64_rejects_values_outside_64_bits(value: int) -> None:
    with pytest.raises(ValueError):
        to_signed64(value)


@pytest.mark.parametrize("value", [2**63, -(2**63) - 1])
def test_from_signed64_rejects_values_outside_bigint(value: int) -> None:
    with pytest.raises(ValueError):
        from_signed64(value)


def test_hamming_is_the_same_on_signed_forms() -> None:
    a, b = 2**64 - 1, 0x0F
    assert hamming(a, b) == 60
    assert hamming(to_signed64(a), to_signed64(b)) == 60
    assert hamming(5, 5) == 0


@pytest.mark.parametrize(
    ("fp", "text"),
    [(0, "0000000000000000"), (0xABC, "0000000000000abc"), (2**64 - 1, "ffffffffffffffff")],
)
def test_fingerprint_hex_is_16_lowercase_zero_padded_digits(fp: int, text: str) -> None:
    assert fingerprint_hex(fp) == text


def test_fingerprint_hex_rejects_a_signed_value() -> None:
    with pytest.raises(ValueError):
        fingerprint_hex(-1)
