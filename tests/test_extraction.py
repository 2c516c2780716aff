"""Pages to stories: multi-page stories, named failures, paragraphs and metadata, rules, scoring.

The outlet samples are in test_extraction_samples.py.
"""

from __future__ import annotations

import gzip
import random

import pydantic
import pytest

from crawler.config.extraction import ExtractionRules, SharedExtractionConfig
from crawler.content.extraction import extract_story
from crawler.content.story import ExtractedStory, ExtractionFailed
from crawler.evaluate.extraction import evaluate, format_report, token_f1
from tests.extractionkit import CONFIG, SHARED, rules_for

# --- multi-page stories ------------------------------------------------------------

HEADLINE = "Pemkab Garut Bentuk Satgas Pengawasan Netralitas ASN"
LEAD = "Pemerintah Kabupaten Garut membentuk satuan tugas untuk mengawasi netralitas ASN."
BODY = [
    f"GARUT - {LEAD} Satgas itu diketuai Sekretaris Daerah Garut, Nurdin Hidayat.",
    "Nurdin mengatakan satgas akan menerima laporan masyarakat melalui layanan pesan singkat"
    " dan kanal pengaduan daring yang disiapkan Diskominfo.",
    '"Setiap laporan akan kami verifikasi paling lama tiga hari kerja," kata Nurdin di'
    " Pendopo Garut, Kamis.",
    "Menurut dia, pegawai yang terbukti melanggar akan diproses oleh tim pemeriksa dan"
    " hasilnya dilaporkan kepada Badan Kepegawaian Negara.",
    "Satgas juga akan menggelar sosialisasi ke 42 kecamatan sebelum masa kampanye dimulai"
    " agar seluruh pegawai memahami batasan yang berlaku.",
]


def inilah_page(paragraphs: list[str], number: int) -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return f"""<!DOCTYPE html><html><head><title>{HEADLINE} - Inilah Koran</title>
<meta property="og:title" content="{HEADLINE}"></head><body>
<nav><a href="/">Home</a> <a href="/berita/garut">Garut</a></nav>
<h1>{HEADLINE}</h1>
<div class="detail-content">
<div class="detail-lead"><p>{LEAD}</p></div>
<figure><img src="/img/satgas.jpg"><div class="image-title">{HEADLINE}</div>
<figcaption>Satgas netralitas ASN Garut saat dilantik. (istimewa)</figcaption></figure>
<div class="detail-text">{body}
<p><strong>Baca Juga :</strong> Harga Cabai di Garut Turun Jelang Akhir Pekan</p></div>
<div class="pagination-detail">Halaman : <a href="?page=1">1</a> <a href="?page=2">2</a></div>
<p>Halaman : {number}</p>
<div class="editor">Editor : <a href="/editor/rina">Rina Marlina</a></div>
</div><footer>Copyright 2024 Inilah Koran</footer></body></html>"""


def test_multi_page_story_is_joined_in_order_without_repeated_header():
    pages = [inilah_page(BODY[:3], 1), inilah_page(BODY[3:], 2)]
    story = extract_story(
        pages, "https://www.inilahkoran.com/berita/garut/1/x", rules_for("inilahkoran"), SHARED
    )
    assert story.paragraphs == tuple(BODY)
    assert story.render() == HEADLINE + "\n\n" + "\n\n".join(BODY)


def test_multi_page_order_follows_the_given_pages():
    pages = [inilah_page(BODY[3:], 2), inilah_page(BODY[:3], 1)]
    story = extract_story(
        pages, "https://www.inilahkoran.com/berita/garut/1/x", rules_for("inilahkoran"), SHARED
    )
    assert story.paragraphs == (*BODY[3:], *BODY[:3])


def test_multi_page_with_an_unparsable_page_fails():
    pages = [inilah_page(BODY[:3], 1), b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8]
    with pytest.raises(ExtractionFailed) as failure:
        extract_story(
            pages, "https://www.inilahkoran.com/berita/garut/1/x", rules_for("inilahkoran"), SHARED
        )
    assert failure.value.reason == "unparsable"


# --- failures ----------------------------------------------------------------------

URL = "https://warta.example/2024/01/05/berita/"


def test_page_without_text_fails_as_empty():
    page = (
        "<html><head><title>Judul</title><script>var a = 1;</script></head>"
        '<body><div class="entry-content"><img src="a.jpg"></div></body></html>'
    )
    with pytest.raises(ExtractionFailed) as failure:
        extract_story([page], URL, ExtractionRules(), SHARED)
    assert failure.value.reason == "empty"


def test_no_pages_fails_as_empty():
    with pytest.raises(ExtractionFailed) as failure:
        extract_story([], URL, ExtractionRules(), SHARED)
    assert failure.value.reason == "empty"


def test_short_text_fails_as_too_short():
    page = (
        "<html><head><title>Judul Singkat</title></head><body><article>"
        "<p>Pemkot menggelar apel netralitas ASN pada Senin pagi di halaman balai kota.</p>"
        "</article></body></html>"
    )
    with pytest.raises(ExtractionFailed) as failure:
        extract_story([page], URL, ExtractionRules(), SHARED)
    assert failure.value.reason == "too_short"
    assert "300" in str(failure.value)


def test_min_chars_is_the_threshold():
    page = inilah_page(BODY, 1)
    length = len("\n\n".join(BODY))
    lenient = SharedExtractionConfig(min_chars=length)
    strict = SharedExtractionConfig(min_chars=length + 1)
    assert extract_story([page], URL, rules_for("inilahkoran"), lenient).paragraphs == tuple(BODY)
    with pytest.raises(ExtractionFailed):
        extract_story([page], URL, rules_for("inilahkoran"), strict)


@pytest.mark.parametrize(
    "page",
    [
        random.Random(7).randbytes(20_000),
        b"\x89PNG\r\n\x1a\n" + random.Random(8).randbytes(5_000),
        gzip.compress(random.Random(9).randbytes(5_000)),
        b"%PDF-1.4\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 100,
        b'{"status": "ok", "items": []}',
    ],
    ids=["random", "png", "gzip", "pdf", "json"],
)
def test_garbage_page_fails_as_unparsable(page):
    with pytest.raises(ExtractionFailed) as failure:
        extract_story([page], URL, ExtractionRules(), SHARED)
    assert failure.value.reason == "unparsable"


def test_extraction_failed_carries_reason_and_message():
    failure = ExtractionFailed("too_short", "12 characters")
    assert (failure.reason, failure.message, str(failure)) == (
        "too_short",
        "12 characters",
        "too_short: 12 characters",
    )


# --- paragraphs, title, canonical ----------------------------------------------------

STORY = [
    "BANDUNG - Badan Kepegawaian Daerah Jawa Barat mencatat tiga laporan dugaan pelanggaran"
    " netralitas ASN sepanjang bulan ini.",
    "Kepala BKD Jawa Barat, Wahyu Permana, mengatakan ketiga laporan itu masih diverifikasi"
    " bersama Bawaslu provinsi.",
    '"Kami tidak akan ragu memberi sanksi bila pelanggaran terbukti," ujar Wahyu di Bandung,'
    " Selasa.",
]


def article(body: str, head: str = "") -> str:
    return (
        f"<html><head><title>Laporan Netralitas ASN</title>{head}</head>"
        f"<body><article>{body}</article></body></html>"
    )


def test_each_p_is_one_paragraph_and_br_does_not_break_a_sentence():
    first, second = STORY[0].split(" tiga laporan ")
    body = f"<p>{first}<br>\ntiga laporan {second}</p><p>{STORY[1]}</p><p>{STORY[2]}</p>"
    story = extract_story(
        [article(body)], URL, ExtractionRules(), SharedExtractionConfig(min_chars=0)
    )
    assert story.paragraphs == tuple(STORY)


def test_double_br_separates_paragraphs_inside_one_p():
    body = f"<p>{STORY[0]}<br><br>{STORY[1]}<br><br>{STORY[2]}</p>"
    story = extract_story(
        [article(body)], URL, ExtractionRules(), SharedExtractionConfig(min_chars=0)
    )
    assert story.paragraphs == tuple(STORY)


def test_text_is_paragraphs_and_render_adds_headline_without_final_newline():
    story = ExtractedStory("Judul", None, None, None, ("Satu.", "Dua."))
    assert story.text == "Satu.\n\nDua."
    assert story.render() == "Judul\n\nSatu.\n\nDua."


def test_title_xpath_overrides_meta_title():
    head = '<meta property="og:title" content="Judul dari Meta">'
    body = '<h2 class="judul">Judul dari Halaman</h2>' + "".join(f"<p>{p}</p>" for p in STORY)
    rules = ExtractionRules(title_xpath='//h2[@class="judul"]')
    story = extract_story([article(body, head)], URL, rules, SharedExtractionConfig(min_chars=0))
    assert story.title == "Judul dari Halaman"


def test_site_name_is_removed_from_the_page_title():
    head = '<meta property="og:site_name" content="Warta Kota">'
    html = article("".join(f"<p>{p}</p>" for p in STORY), head).replace(
        "<title>Laporan Netralitas ASN</title>",
        "<title>BKD Jabar Terima Tiga Laporan | Warta Kota</title>",
    )
    story = extract_story([html], URL, ExtractionRules(), SharedExtractionConfig(min_chars=0))
    assert story.title == "BKD Jabar Terima Tiga Laporan"


def test_canonical_prefers_rel_canonical_and_keeps_another_host():
    head = (
        '<meta property="og:url" content="https://warta.example/og">'
        '<link rel="canonical" href="https://www.antaranews.example/berita/123">'
    )
    body = "".join(f"<p>{p}</p>" for p in STORY)
    story = extract_story(
        [article(body, head)], URL, ExtractionRules(), SharedExtractionConfig(min_chars=0)
    )
    assert story.canonical_url == "https://www.antaranews.example/berita/123"


def test_canonical_is_none_when_the_page_declares_none_usable():
    head = '<link rel="canonical" href="javascript:void(0)">'
    body = "".join(f"<p>{p}</p>" for p in STORY)
    story = extract_story(
        [article(body, head)], URL, ExtractionRules(), SharedExtractionConfig(min_chars=0)
    )
    assert story.canonical_url is None
    assert story.author is None


def test_author_xpath_wins_over_meta_author():
    head = '<meta name="author" content="Redaksi">'
    body = '<div class="byline">Oleh: <b>Asep Saepudin</b></div>' + "".join(
        f"<p>{p}</p>" for p in STORY
    )
    rules = ExtractionRules(author_xpath='//div[@class="byline"]/b')
    story = extract_story([article(body, head)], URL, rules, SharedExtractionConfig(min_chars=0))
    assert story.author == "Asep Saepudin"


# --- configuration -------------------------------------------------------------------


@pytest.mark.parametrize("outlet", sorted(CONFIG["outlets"]))
def test_config_extraction_rules_validate(outlet):
    assert isinstance(rules_for(outlet), ExtractionRules)


def test_invalid_drop_pattern_is_a_validation_error():
    with pytest.raises(pydantic.ValidationError, match="invalid regular expression"):
        ExtractionRules(drop_line_patterns=["^Baca (Juga"])
    with pytest.raises(pydantic.ValidationError, match="invalid regular expression"):
        SharedExtractionConfig(drop_line_patterns=["[unclosed"])


def test_invalid_xpath_is_a_validation_error():
    with pytest.raises(pydantic.ValidationError, match="invalid XPath"):
        ExtractionRules(content_xpath='//div[@class="x"')
    with pytest.raises(pydantic.ValidationError, match="invalid XPath"):
        ExtractionRules(prune_xpath=["//figcaption", "//*[["])
    with pytest.raises(pydantic.ValidationError, match="invalid XPath"):
        ExtractionRules(author_xpath="//dc:creator/text()")  # prefix unknown until run


def test_xpath_selecting_a_value_is_a_validation_error():
    with pytest.raises(pydantic.ValidationError, match="must select nodes or text"):
        ExtractionRules(date_xpath="count(//span)")


def test_unknown_rule_key_is_rejected():
    with pytest.raises(pydantic.ValidationError):
        ExtractionRules.model_validate({"content_xpth": "//div"})


# --- evaluation ----------------------------------------------------------------------


def test_token_f1_scores_bags_of_words():
    assert token_f1("Satu dua tiga", "satu, DUA tiga!") == 1.0
    assert token_f1("satu dua", "tiga empat") == 0.0
    assert token_f1("satu dua", "satu dua tiga empat") == pytest.approx(2 / 3)
    assert token_f1("", "") == 1.0


def test_failed_case_scores_zero_and_is_reported():
    cases = [(URL, ["<html><body><p>pendek</p></body></html>"], "Judul\n\nIsi.", ExtractionRules())]
    evaluation = evaluate(cases, SHARED)
    assert evaluation.cases[0].f1_ours == 0.0
    assert [case.failure for case in evaluation.failures] == ["too_short"]
    assert "failed: too_short" in format_report(evaluation)
