"""Generic layout repairs before trafilatura: inline promotions, a body split by an ad row."""

from __future__ import annotations

from lxml import html

from crawler.config.extraction import ExtractionRules, SharedExtractionConfig
from crawler.content.extraction import extract_story
from crawler.content.layout import continued_body, drop_link_promos

SENTENCES = [
    "Badan Pengawas Pemilu Kabupaten Garut menerima tujuh laporan dugaan pelanggaran netralitas"
    " aparatur sipil negara selama sepekan terakhir.",
    "Sebagian besar laporan menyangkut unggahan pegawai di media sosial yang mendukung salah satu"
    " pasangan calon bupati.",
    "Ketua Bawaslu Garut mengatakan semua laporan akan diklarifikasi dengan memanggil pegawai"
    " yang bersangkutan dan atasannya.",
    "Hasil klarifikasi akan diteruskan kepada Badan Kepegawaian Negara untuk dijatuhi sanksi"
    " sesuai aturan disiplin pegawai.",
    "Bawaslu juga meminta warga melaporkan pelanggaran melalui posko yang dibuka di setiap"
    " kantor kecamatan hingga hari pemungutan suara.",
    "Menurut dia, jumlah laporan tahun ini naik dibandingkan pemilihan sebelumnya karena warga"
    " makin paham aturan netralitas.",
]


def paragraphs(tree: html.HtmlElement) -> list[str]:
    return [" ".join(p.text_content().split()) for p in tree.iter("p")]


def test_a_paragraph_of_links_with_a_bold_label_is_dropped():
    tree = html.fromstring(
        f"<div><p>{SENTENCES[0]}</p>"
        '<p><strong>Baca Juga:</strong> <a href="/x">Harga Cabai di Garut Turun</a></p>'
        '<p><b>SEE MORE: <a href="/y">Floods close the coastal road for a week</a></b></p>'
        '<p><b>JANGAN LEWATKAN</b><br><b><a href="/1">Banjir Rob Kembali Rendam Pesisir</a>'
        ' [VIDEO]</b><br><b><a href="/2">Harga Beras Naik di Pasar Induk</a> [FOTO]</b></p>'
        f"<p>{SENTENCES[1]}</p></div>"
    )
    drop_link_promos(tree)
    assert paragraphs(tree) == SENTENCES[:2]


def test_a_sentence_with_a_link_stays_even_in_bold():
    sentence = (
        'Aturan itu tertuang dalam <a href="/se">surat edaran bersama lima lembaga</a> yang'
        " terbit bulan lalu."
    )
    bold = (
        "<p><strong>Warga dapat melapor ke posko di setiap kantor kecamatan; lihat"
        ' <a href="/a">daftar posko aduan</a></strong></p>'
    )
    tree = html.fromstring(f"<div><p>{sentence}</p>{bold}</div>")
    drop_link_promos(tree)
    assert len(paragraphs(tree)) == 2


def split_page(before: str = "") -> str:
    first = "".join(f"<p>{s}</p>" for s in SENTENCES[:3])
    second = "".join(f"<p>{s}</p>" for s in SENTENCES[3:])
    return (
        "<html><head><title>Bawaslu Garut Terima Tujuh Laporan</title></head><body>"
        "<h1>Bawaslu Garut Terima Tujuh Laporan</h1>"
        f'{before}<div class="grid"><div class="article-body">{first}</div>'
        '<aside class="rail"><div class="ad">Iklan</div></aside></div>'
        '<div class="ad-row"><span>Advertisement</span></div>'
        f'<div class="grid"><div class="article-body">{second}</div></div>'
        "<footer><p>Hak cipta dilindungi undang-undang.</p></footer></body></html>"
    )


def test_a_body_split_by_an_advertisement_row_is_read_whole():
    story = extract_story(
        [split_page()], "https://example.id/a", ExtractionRules(), SharedExtractionConfig()
    )
    assert list(story.paragraphs) == SENTENCES


def test_a_same_class_block_before_the_story_is_not_joined():
    teaser = '<div class="article-body"><p>Ringkasan dari redaksi untuk pembaca.</p></div>'
    tree = html.fromstring(split_page(before=teaser))
    whole = continued_body(tree, [[SENTENCES[0]]])
    assert whole is not None
    assert "Ringkasan" not in whole.text_content()
    assert all(s in " ".join(whole.text_content().split()) for s in SENTENCES)


def test_a_body_in_one_container_is_left_alone():
    page = "<html><body><div class='body'>" + "".join(f"<p>{s}</p>" for s in SENTENCES)
    tree = html.fromstring(page + "</div></body></html>")
    assert continued_body(tree, [[SENTENCES[0]]]) is None
