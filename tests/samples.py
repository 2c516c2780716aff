"""The outlets' sample pages, rebuilt at test time from templates and the shared seeds.

Why: the project never keeps real news text in the repository. Each file under
tests/data/samples is a template: page chrome and invented parts (menus, scripts, the
headlines invented where a seed has none) are literal, and every piece of the real
article is a placeholder naming a line of the outlet's seed in ../shared/seeds, which
sits beside the clone (read-only), not inside it:

    {{seed:LINE}}             line LINE of the seed (0-based, over text.split("\\n"))
    {{seed:LINE:START:END}}   line[START:END], when a page uses only part of a line

In .html templates the text is escaped for HTML (&, <, > only, as in a text node) and
every non-ASCII character becomes a numeric character reference, because the sample
pages are pure ASCII the way WordPress writes them (“ as &#8220;). The .expected.txt
templates take the text as it is.

Without the seeds the sample tests are skipped ("../shared/seeds not found"); the
seeds are looked for in $ASNWATCH_SEEDS_DIR, else in shared/seeds beside the clone
(where CI has them). The skip reason names the folder, so a skip is never silent.

A sample is a real page of a real outlet, so an outlet added to config.yaml has none
until someone saves one: tests that run over every configured outlet call
`require_sample`, which skips such an outlet with that reason.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from collections.abc import Sequence
from functools import cache
from pathlib import Path

import pytest

SAMPLES_DIR = Path(__file__).resolve().parent / "data" / "samples"
SEEDS_DIR = Path(
    os.environ.get("ASNWATCH_SEEDS_DIR") or Path(__file__).resolve().parents[2] / "shared" / "seeds"
)

# outlet -> (seed file, its sha256). The templates address lines and character offsets,
# so a changed seed must stop the tests with a clear message rather than a garbled diff.
SEED_FILES: dict[str, tuple[str, str]] = {
    "inilahkoran": (
        "000_04e949784a4e4b20.txt",
        "3e8e9c2043286fe619f49dba71b8244ea08d75489438fbfb4686b1c4eeea1285",
    ),
    "nyaringindonesia": (
        "001_fe47cc72faa85854.txt",
        "c9eb72796ad57f074e3303ccf793ab3f9af52589e0636e1e17e79ce26070cf4b",
    ),
    "sahabat": (
        "002_2640f4416f1fcff1.txt",
        "48509c163ad7311c355d70e7e6c746aa5ae84e6344c261155593db58658bf565",
    ),
    "abadikini": (
        "003_ff296b0237645162.txt",
        "5abbc127eeb6967f4319a14b9b4aa29b8ca91fb205d90d2ed5d31670e8529586",
    ),
    "neraca": (
        "004_cf31137a8a9f90e2.txt",
        "e6fcb8340753a49d44daaaf320e16780599fcfe3b52e448b2accf54e36a9cf33",
    ),
}

#: The outlets with a sample page (and its seed).
SAMPLED_OUTLETS: tuple[str, ...] = tuple(SEED_FILES)

PLACEHOLDER = re.compile(r"\{\{seed:(\d+)(?::(\d+):(\d+))?\}\}")


class TemplateError(ValueError):
    """A template names a seed line or slice that does not exist, or is malformed."""


def html_text(text: str) -> str:
    """Text as the ASCII-only sample pages write it: escaped, non-ASCII as &#N; refs."""
    return html.escape(text, quote=False).encode("ascii", "xmlcharrefreplace").decode("ascii")


def fill(template: str, lines: Sequence[str], *, for_html: bool) -> str:
    """Substitute every placeholder in `template` with its piece of the seed `lines`.

    Strict on purpose: a line or slice outside the seed, an empty slice, or a leftover
    "{{seed" raises, so a template that drifted from its seed cannot pass by accident.
    """

    def piece(match: re.Match[str]) -> str:
        number = int(match[1])
        if number >= len(lines):
            raise TemplateError(f"{match[0]}: the seed has {len(lines)} lines")
        line = lines[number]
        if match[2] is not None:
            start, end = int(match[2]), int(match[3])
            if not start < end <= len(line):
                raise TemplateError(f"{match[0]}: line {number} has {len(line)} characters")
            line = line[start:end]
        return html_text(line) if for_html else line

    filled = PLACEHOLDER.sub(piece, template)
    if "{{seed" in filled:
        raise TemplateError("malformed placeholder: " + filled[filled.index("{{seed") :][:40])
    return filled


def seeds_dir() -> Path:
    """The seeds folder; skips the calling test, naming where it looked, without it."""
    if not SEEDS_DIR.is_dir():
        pytest.skip(f"../shared/seeds not found (looked for {SEEDS_DIR}; set ASNWATCH_SEEDS_DIR)")
    return SEEDS_DIR


def require_sample(outlet: str) -> None:
    """Skip the calling test, saying why, for an outlet that has no sample page."""
    if outlet not in SEED_FILES:
        pytest.skip(
            f"{outlet}: no sample page in tests/data/samples (samples are saved real pages; "
            "see tests/data/samples/README.md)"
        )


@cache
def seed_lines(outlet: str) -> tuple[str, ...]:
    """The outlet's seed split into lines, after checking it is the seed the templates index."""
    name, digest = SEED_FILES[outlet]
    data = (seeds_dir() / name).read_bytes()
    if hashlib.sha256(data).hexdigest() != digest:
        raise TemplateError(f"seed {name} changed: the {outlet} sample templates index its lines")
    return tuple(data.decode("utf-8").split("\n"))


def html_template_path(outlet: str) -> Path:
    return SAMPLES_DIR / f"{outlet}.html"


def expected_template_path(outlet: str) -> Path:
    return SAMPLES_DIR / f"{outlet}.expected.txt"


def sample_html(outlet: str) -> bytes:
    """The outlet's sample page, as the crawler would have downloaded it."""
    template = html_template_path(outlet).read_bytes().decode("utf-8")
    return fill(template, seed_lines(outlet), for_html=True).encode("utf-8")


def sample_expected(outlet: str) -> str:
    """The exact export expected from the outlet's sample page."""
    template = expected_template_path(outlet).read_bytes().decode("utf-8")
    return fill(template, seed_lines(outlet), for_html=False)


def seed_text(outlet: str, template: str) -> str:
    """A short plain-text template (e.g. an expected author) filled from the seed."""
    return fill(template, seed_lines(outlet), for_html=False)
