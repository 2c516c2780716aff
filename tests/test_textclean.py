"""The shared post-clean: each rule removes its noise and keeps the story."""

from __future__ import annotations

import pytest

from crawler.config.extraction import DEFAULT_DROP_LINE_PATTERNS
from crawler.content.textclean import clean_paragraphs, compile_patterns, is_link_spam, normalize

TITLE = "Bupati Sumedang Ingatkan ASN Tidak Ikut Kampanye"
P1 = (
    "SUMEDANG - Bupati Sumedang Rahmat Wiradinata mengingatkan seluruh aparatur sipil negara "
    "agar tidak ikut berkampanye menjelang pemungutan suara."
)
P2 = (
    "Menurut Rahmat, ASN yang terbukti berpihak akan diperiksa oleh Inspektorat dan dapat "
    "dijatuhi hukuman disiplin sesuai peraturan yang berlaku."
)
P3 = (
    '"Netralitas bukan pilihan, melainkan kewajiban setiap pegawai," ujar Rahmat di Gedung '
    "Negara Sumedang, Senin."
)
P4 = (
    "Ia juga meminta para camat memantau unggahan pegawai di media sosial selama masa "
    "kampanye berlangsung hingga hari tenang."
)


def clean(*blocks: list[str], title: str = TITLE) -> list[str]:
    return clean_paragraphs(blocks, title=title, drop_patterns=DEFAULT_DROP_LINE_PATTERNS)


def test_each_block_is_one_paragraph():
    assert clean([P1], [P2], [P3]) == [P1, P2, P3]


def test_line_break_inside_a_sentence_joins_the_halves():
    assert clean(["SUMEDANG - Bupati Sumedang Rahmat Wiradinata", "mengingatkan ASN."]) == [
        "SUMEDANG - Bupati Sumedang Rahmat Wiradinata mengingatkan ASN."
    ]


def test_line_break_after_a_sentence_starts_a_paragraph():
    assert clean([P1, P2]) == [P1, P2]


def test_empty_line_inside_a_block_starts_a_paragraph():
    assert clean(["Kalimat tanpa titik", "", "Paragraf berikutnya."]) == [
        "Kalimat tanpa titik",
        "Paragraf berikutnya.",
    ]


def test_whitespace_inside_lines_is_collapsed():
    assert clean(["  Dua\u00a0 spasi\n di sini.  "]) == ["Dua spasi di sini."]


@pytest.mark.parametrize(
    "noise",
    [
        "Baca Juga : Harga Beras di Pasar Induk Mulai Turun",
        "Baca juga",
        "Halaman :",
        "Halaman : 1 2 3",
        "Editor : Dadang Suryana",
        "0 Komentar",
        "Leave a comment",
        "Back to top button",
        "Adblock Detected",
        "Please consider supporting us by disabling your ad blocker",
    ],
)
def test_shared_patterns_drop_noise_lines(noise):
    assert clean([P1], [noise], [P2]) == [P1, P2]


def test_dropped_line_inside_a_block_keeps_the_rest_of_the_block():
    assert clean([P1, "Baca Juga : Harga Beras Mulai Turun", P2]) == [P1, P2]


def test_sentence_interrupted_by_a_dropped_line_is_joined_again():
    assert clean(
        ["Bupati meminta seluruh ASN", "Baca Juga : Harga Beras Turun", "tetap netral."]
    ) == ["Bupati meminta seluruh ASN tetap netral."]


def test_outlet_pattern_applies_only_when_given():
    blocks = (["NERACA", "Sukabumi - Penjabat Wali Kota meminta ASN netral."],)
    assert clean_paragraphs(blocks, title="", drop_patterns=[r"^\s*NERACA\s*$"]) == [
        "Sukabumi - Penjabat Wali Kota meminta ASN netral."
    ]
    assert clean_paragraphs(blocks, title="", drop_patterns=[]) == [
        "NERACA Sukabumi - Penjabat Wali Kota meminta ASN netral."
    ]


def test_link_spam_line_is_dropped():
    spam = "planet128 pay4d cahaya128 planet128 turbo128 rawit128 planet128 Slot Thailand -"
    assert clean([P1], [P2], [spam]) == [P1, P2]


@pytest.mark.parametrize(
    "line",
    [
        "planet128 pay4d cahaya128 planet128 turbo128 rawit128",
        "slot88 gacor777 maxwin4d slot88 jp99 hoki88 daftar sekarang",
    ],
)
def test_is_link_spam_flags_letter_digit_runs(line):
    assert is_link_spam(line)


@pytest.mark.parametrize(
    "line",
    [
        P1,
        "Pemilu 2024 digelar pada 14 Februari 2024 di 820.161 TPS.",
        "Vaksin COVID-19 dan varian B117 dibahas pada KTT G20 bersama tim U23 di Bali.",
        "planet128 pay4d",  # too short to judge
    ],
)
def test_is_link_spam_keeps_prose(line):
    assert not is_link_spam(line)


def test_repeated_paragraph_is_kept_once_first_place():
    assert clean([P1], [P2], [P3], [P2.upper()], [P4]) == [P1, P2, P3, P4]


def test_headline_repeated_in_body_is_dropped():
    assert clean([TITLE + " "], [P1], [P2]) == [P1, P2]


def test_lead_repeated_in_the_dateline_paragraph_is_dropped():
    lead = "Bupati Sumedang Rahmat Wiradinata mengingatkan seluruh aparatur sipil negara."
    dateline = f"SUMEDANG - {lead} Imbauan itu disampaikan di Gedung Negara."
    assert clean([lead], [TITLE], [dateline], [P2]) == [dateline, P2]


def test_paragraph_repeated_far_below_is_not_taken_for_a_lead():
    # Only the top of the story holds a lead; a later quote of P1 is not one.
    filler = "Rapat koordinasi itu dihadiri para kepala dinas dan camat se-Kabupaten Sumedang."
    later = f"Seperti dikatakan sebelumnya: {normalize(P1)} dan seterusnya."
    story = [P1, P2, P3, P4, filler, later]
    assert clean(*([p] for p in story)) == story


def test_dateline_on_its_own_line_starts_the_first_paragraph():
    body = "Bupati Sumedang meminta ASN menjaga netralitas."
    assert clean(["SUMEDANG, Warta.com –"], [body], [P2]) == [
        f"SUMEDANG, Warta.com – {body}",
        P2,
    ]


def test_article_doubled_with_edits_keeps_the_first_copy_whole():
    first = [P1, P2, P3, P4]
    second = [
        P1.removeprefix("SUMEDANG - "),
        P2.replace("Menurut Rahmat", "Rahmat menegaskan"),
        P3.replace("ujar Rahmat", "kata Rahmat"),
        "Dan " + P4[0].lower() + P4[1:],
    ]
    assert clean(*([p] for p in first + second)) == first


def test_single_closing_paragraph_echoing_the_lead_is_kept():
    echo = P1.removeprefix("SUMEDANG - ")
    assert clean([P1], [P2], [P3], [P4], [echo]) == [P1, P2, P3, P4, echo]


def test_trailing_teasers_with_ellipsis_are_dropped():
    teasers = [
        "WARTA Bandung - Pemprov Jawa Barat resmi membuka pendaftaran beasiswa bagi…",
        "WARTA Depok - Fakultas Kedokteran menyiapkan kegiatan untuk memperingati…",
    ]
    assert clean([P1], [P2], *([t] for t in teasers)) == [P1, P2]


def test_single_final_paragraph_ending_in_ellipsis_is_kept():
    trailing = "Ia lalu terdiam sejenak dan berkata bahwa semuanya belum selesai..."
    assert clean([P1], [P2], [trailing]) == [P1, P2, trailing]


def test_trailing_list_of_headlines_is_dropped():
    headlines = [
        "Ketua Partai Bertemu Presiden, Pengamat: Hanya Tontonan",
        "Ratusan Pekerja Anjungan Lepas Pantai Nyoblos di TPS Tengah Laut",
        "Presiden dari Masa ke Masa, Siapa Terpilih di Pilpres?",
    ]
    ending = P4 + "(Ant)"
    assert clean([P1], [ending], ["0 Komentar"], *([h] for h in headlines)) == [P1, ending]


def test_trailing_list_introduced_by_a_colon_is_kept():
    intro = "Syarat pendaftaran yang harus dipenuhi peserta antara lain:"
    items = ["Fotokopi kartu tanda penduduk", "Pas foto berwarna terbaru", "Surat keterangan sehat"]
    assert clean([P1], [intro], *([i] for i in items)) == [P1, intro, *items]


def test_patterns_are_compiled_once_per_pattern_set():
    patterns = (r"^\s*Foo\s*$", r"^\s*Bar\s*$")
    assert compile_patterns(patterns) is compile_patterns(tuple(patterns))


# --- what the post-clean must leave alone on pages of other kinds ------------------


def test_a_question_or_heading_printed_again_stays():
    question = "Apa yang mendorong Anda menulis tentang birokrasi?"
    heading = "Bahan-bahan"
    blocks = [[P1], [question], [P2], [heading], [P3], [question], [P4], [heading]]
    assert clean(*blocks) == [P1, question, P2, heading, P3, question, P4, heading]


def test_cjk_prose_is_not_taken_for_a_list_of_headlines():
    body = [
        "本日、市は職員の政治的中立に関する新しい指針 Netralitas ASN 2026 を発表した。",
        "指針は選挙期間中の Facebook や Instagram の利用にも及ぶ。",
        "市長は記者会見で「全職員に周知する」と述べた (Kompas TV 中継)。",
        "違反した職員は BKN の規則により懲戒処分の対象となる。",
        "説明会は来週から各区役所で開かれる予定だ。",
    ]
    assert clean(*([line] for line in body)) == body


def test_a_numbered_list_closing_the_story_stays():
    items = [
        f"{n}) Kantor kecamatan {name} buka posko aduan"
        for n, name in enumerate(
            ["Cimahi Utara", "Cimahi Tengah", "Cimahi Selatan", "Padalarang"], start=1
        )
    ]
    assert clean([P1], [P2], *([item] for item in items)) == [P1, P2, *items]


def test_a_trailing_list_longer_than_the_story_is_the_story():
    lines = [
        "Pendataan pegawai honorer di seluruh dinas teknis kabupaten",
        "Pemasangan spanduk imbauan netralitas di kantor kecamatan",
        "Patroli siber atas akun media sosial milik aparatur desa",
        "Penyusunan laporan mingguan untuk Badan Kepegawaian Negara",
        "Sosialisasi aturan kampanye kepada kepala sekolah negeri",
        "Evaluasi kehadiran camat dalam acara partai politik lokal",
    ]
    assert clean([P1], *([line] for line in lines)) == [P1, *lines]


def test_a_huge_table_row_does_not_make_later_quotes_a_second_copy():
    quotes = [
        '"Netralitas bukan pilihan, melainkan kewajiban setiap pegawai," ujar Rahmat.',
        '"Kami akan memeriksa setiap laporan yang masuk ke posko," kata Inspektur Daerah.',
        '"Pegawai yang hadir di acara kampanye wajib memberi klarifikasi," katanya.',
    ]
    row = " | ".join([P1, *quotes, P2, P3, P4] * 6)
    blocks = [[row], [P2], [P3], *([quote] for quote in quotes)]
    assert clean(*blocks) == [row, P2, P3, *quotes]
