"""`asnwatch extract` on saved pages: txt and JSON lines, multi-page stories, failures, exit codes.

Each test runs `python -m crawler.cli.main extract` as a subprocess with the
repository's config.yaml, on pages it writes into tmp_path (and, when present,
on a page of the peer benchmark, whose JSON line must be what `extract_story`
gives in process). The last tests cover what `asnwatch evaluate extraction`
prints of the peer benchmark when it is absent.
"""

from __future__ import annotations

import gzip
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from crawler.cli.cmd_diagnose import peer_report
from crawler.cli.common import CliError
from crawler.config.extraction import ExtractionRules
from crawler.config.model import load_config
from crawler.content.extraction import extract_story
from crawler.evaluate import peer
from crawler.evaluate.peer import PEER_BENCH_ENV, default_peer_bench, load_peer_bench
from tests.conftest import ROOT

SHARED = load_config(ROOT / "config.yaml").extraction

LEAD = (
    "Pemerintah Kabupaten Garut mengingatkan seluruh aparatur sipil negara untuk menjaga "
    "netralitas menjelang pemilihan kepala daerah serentak tahun ini."
)
SECOND = (
    "Sekretaris daerah menegaskan bahwa pegawai yang terbukti ikut berkampanye akan "
    "dilaporkan kepada Badan Kepegawaian Negara dan Bawaslu untuk ditindak sesuai aturan."
)
THIRD = (
    "Bawaslu kabupaten membuka posko pengaduan di setiap kecamatan agar warga dapat "
    "melaporkan dugaan pelanggaran netralitas pegawai secara langsung maupun daring."
)
FOURTH = (
    "Satuan tugas pengawasan juga memantau unggahan pegawai di media sosial selama masa "
    "kampanye, termasuk grup percakapan warga dan akun pribadi para pejabat daerah."
)


def page(title: str, paragraphs: list[str]) -> str:
    """A plain news page: headline, byline and date in meta tags, paragraphs in <article>."""
    body = "".join(f"<p>{text}</p>" for text in paragraphs)
    return (
        f"<html><head><title>{title}</title>"
        '<meta name="author" content="Asep Saepudin">'
        '<meta property="article:published_time" content="2026-11-20T09:30:00+07:00">'
        f"</head><body><nav><a href='/'>Beranda</a></nav><article><h1>{title}</h1>{body}"
        "</article><footer>Hak cipta dilindungi undang-undang.</footer></body></html>"
    )


def extract(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "crawler.cli.main",
            "--config",
            str(ROOT / "config.yaml"),
            "extract",
            *map(str, args),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def json_lines(stdout: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in stdout.splitlines()]


@pytest.fixture
def pages(tmp_path: Path) -> dict[str, Path]:
    """A plain page, a gzipped one, the two pages of one story, and a broken file."""
    plain = tmp_path / "plain.html"
    plain.write_text(page("Pemkab Garut Ingatkan ASN", [LEAD, SECOND, THIRD]), encoding="utf-8")
    packed = tmp_path / "packed.html.gz"
    packed.write_bytes(gzip.compress(page("Bawaslu Buka Posko", [THIRD, FOURTH, LEAD]).encode()))
    first, second = tmp_path / "story-1.html", tmp_path / "story-2.html"
    first.write_text(page("Satgas Netralitas ASN", [LEAD, SECOND]), encoding="utf-8")
    second.write_text(page("Satgas Netralitas ASN", [THIRD, FOURTH]), encoding="utf-8")
    broken = tmp_path / "broken.html.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00 not really gzip")
    return {"plain": plain, "packed": packed, "first": first, "second": second, "broken": broken}


def test_txt_prints_each_story_in_the_export_layout_under_its_file(
    pages: dict[str, Path],
) -> None:
    done = extract(pages["plain"], pages["packed"], "--outlet", "sahabat")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        f"==> {pages['plain']} <==\nPemkab Garut Ingatkan ASN\n\n{LEAD}\n\n{SECOND}\n\n{THIRD}\n"
        f"\n==> {pages['packed']} <==\nBawaslu Buka Posko\n\n{THIRD}\n\n{FOURTH}\n\n{LEAD}\n"
    )


def test_one_file_prints_its_story_alone(pages: dict[str, Path]) -> None:
    done = extract(pages["plain"])
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"Pemkab Garut Ingatkan ASN\n\n{LEAD}\n\n{SECOND}\n\n{THIRD}\n"


def test_jsonl_gives_one_object_per_file_with_its_metadata(pages: dict[str, Path]) -> None:
    done = extract(pages["plain"], pages["packed"], "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    plain, packed = json_lines(done.stdout)
    assert plain == {
        "file": str(pages["plain"]),
        "url": pages["plain"].resolve().as_uri(),
        "title": "Pemkab Garut Ingatkan ASN",
        "text": f"{LEAD}\n\n{SECOND}\n\n{THIRD}",
        "author": "Asep Saepudin",
        "published_at": "2026-11-20T09:30:00+07:00",
        "pages": 1,
    }
    assert packed["title"] == "Bawaslu Buka Posko" and packed["url"].startswith("file://")


def test_url_makes_the_files_the_pages_of_one_story_in_order(pages: dict[str, Path]) -> None:
    url = "https://warta.example/2026/11/20/satgas-netralitas-asn/"
    done = extract(pages["first"], pages["second"], "--url", url, "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    (story,) = json_lines(done.stdout)
    assert story["url"] == url and story["pages"] == 2
    assert story["text"] == "\n\n".join([LEAD, SECOND, THIRD, FOURTH])
    assert story["title"] == "Satgas Netralitas ASN"


def test_a_broken_or_missing_file_fails_alone_naming_the_file(
    pages: dict[str, Path], tmp_path: Path
) -> None:
    missing = tmp_path / "missing.html"
    done = extract(pages["plain"], pages["broken"], missing, "--format", "jsonl")
    assert done.returncode == 1
    plain, broken, gone = json_lines(done.stdout)
    assert "error" not in plain and plain["title"] == "Pemkab Garut Ingatkan ASN"
    assert broken["title"] is None and broken["error"]
    assert gone["error"] == f"cannot read {missing}: No such file or directory"
    errors = done.stderr.strip().splitlines()
    assert len(errors) == 2 and "Traceback" not in done.stderr
    assert str(pages["broken"]) in errors[0] and str(missing) in errors[1]


def test_a_page_without_a_story_fails_as_extraction_does(tmp_path: Path) -> None:
    short = tmp_path / "short.html"
    short.write_text(page("Pendek", ["Hanya satu kalimat."]), encoding="utf-8")
    done = extract(short)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.strip() == f"asnwatch: extract {short}: too_short: " + (
        f"19 characters in {short.resolve().as_uri()}, fewer than 300"
    )


def test_an_unknown_outlet_is_a_one_line_error(pages: dict[str, Path]) -> None:
    done = extract(pages["plain"], "--outlet", "nowhere")
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("asnwatch: error: unknown outlet 'nowhere'")


def test_a_peer_bench_page_gives_what_extract_story_gives(tmp_path: Path) -> None:
    folder = default_peer_bench(ROOT)
    if folder is None:
        pytest.skip("peer benchmark not found (set ASNWATCH_PEER_BENCH)")
    bench_page = load_peer_bench(folder)[0]
    path = folder / "html" / f"{bench_page.page_id}.html.gz"
    done = extract(path, "--url", bench_page.url, "--format", "jsonl")
    assert done.returncode == 0, done.stderr
    story = extract_story([bench_page.html], bench_page.url, ExtractionRules(), SHARED)
    (row,) = json_lines(done.stdout)
    assert row == {
        "file": str(path),
        "url": bench_page.url,
        "title": story.title,
        "text": story.text,
        "author": story.author,
        "published_at": story.published_at.isoformat() if story.published_at else None,
        "pages": 1,
    }


# ---- `asnwatch evaluate extraction`: the peer benchmark's part ---------------------------------


def test_an_absent_peer_bench_is_a_note_naming_where_it_was_looked_for(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(PEER_BENCH_ENV, str(tmp_path / "nowhere"))
    monkeypatch.setattr(peer, "default_peer_bench", lambda repo_root: None)
    note = peer_report(load_config(ROOT / "config.yaml"), None)
    assert note == (
        f"peer benchmark not found (looked in {tmp_path / 'nowhere'}, "
        f"{ROOT.parent / 'shared' / 'peer-bench' / 'aeb-dev'})"
    )


def test_a_peer_bench_folder_given_without_a_benchmark_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CliError, match=f"peer benchmark not found \\(looked in {tmp_path}\\)"):
        peer_report(load_config(ROOT / "config.yaml"), tmp_path)
