"""Synthetic replica data at any scale: thousands of fictional Indonesian articles.

The hand-written ``replica/data`` holds 73 articles, enough for correctness
tests but not to measure how the crawler's cost grows with its work. This
module writes data files in exactly that format (one ``<outlet>.yaml`` per
outlet and an empty ``syndicated.yaml``), so ``Replica(data_dir=...)`` serves
them through the same sites, sitemaps, feeds and listings.

Texts are composed from sentence templates and word lists written for this
module (fictional officials, real place names). The outlets written are the
replica's hand-made ones (:data:`replica.sites.SITES`); :func:`outlet_records`
writes the few articles of an outlet served by the generic renderer. Two
properties matter to the benchmarks, and the tests check both:

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
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import yaml

from replica.model import DATA_TODAY, WIB
from replica.sites import SITES

__all__ = [
    "SyntheticSummary",
    "generate_records",
    "outlet_records",
    "synthetic_record",
    "synthetic_texts",
    "write_synthetic_data",
]

# ---- word lists ------------------------------------------------------------------------------


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FIRST_NAMES = _words(
    "Asep Dedi Rina Yuni Hendra Agus Siti Dewi Bambang Rudi Wawan Lilis Nurul Fajar Taufik "
    "Rahmat Indra Yanti Eka Iwan Heri Sri Tuti Andi Budi Joko Ratna Maya Irfan Galih Cecep Ujang "
    "Neneng Euis Dadang Mulyadi Ahmad Rizal Fitri Novi Sandi Teguh Yudi Ridwan Arief Hasan Lukman "
    "Wulan Anisa Reza Gilang Tatang Enung Ayi Yayat Kokom Imas Engkus Deden Omay"
)
LAST_NAMES = _words(
    "Suryana Hidayat Permana Gunawan Setiawan Kurniawan Saputra Rahayu Lestari Wibowo Santoso "
    "Nugraha Firmansyah Sudrajat Hermawan Maulana Ramdani Sopandi Simanjuntak Siregar Nasution "
    "Harahap Pratama Wijaya Kusuma Purnama Syahputra Hakim Iskandar Munandar Sembiring Tarigan "
    "Pohan Daulay Rosadi Sukmana Fauzi Mulyana Apriadi Hendrawan Rukmana Somantri Wiradinata "
    "Hasibuan Lubis Mahendra Kartika Anggara Ardiansyah Budiman"
)
REGENCIES = (
    *_words(
        "Garut Tasikmalaya Ciamis Sumedang Majalengka Kuningan Cianjur Sukabumi Subang Purwakarta "
        "Karawang Bekasi Bogor Indramayu Cirebon Pangandaran Lebak Pandeglang Serang Tangerang "
        "Brebes Tegal Banyumas Cilacap Kebumen Magelang Klaten Sragen Jember Banyuwangi Malang "
        "Kediri Lumajang Simalungun Gowa Bone Bantul Sleman Grobogan Pati"
    ),
    "Bandung Barat",
    "Deli Serdang",
    "Lampung Selatan",
    "Ogan Ilir",
)
CITIES = _words(
    "Bandung Cimahi Depok Bogor Bekasi Cirebon Tasikmalaya Banjar Sukabumi Serang Cilegon "
    "Semarang Surakarta Malang Medan Palembang Makassar Padang Pekanbaru Balikpapan Pontianak "
    "Jambi Bengkulu Mataram Kupang Manado Ambon Tegal Pekalongan Salatiga"
)
VILLAGES = _words(
    "Cibiru Sukamaju Mekarsari Sindangsari Karangsari Cijambe Sukaresmi Margahayu Cikadu Pasirjati "
    "Sukagalih Cimanggu Jatisari Tanjungsari Sirnagalih Sukamulya Babakan Cileungsi Gunungsari "
    "Mekarwangi Kertajaya Sumberjaya Wanasari Ciherang Pamoyanan Nagrak Legok Cipeundeuy"
)
MONTHS = _words(
    "Januari Februari Maret April Mei Juni Juli Agustus September Oktober November Desember"
)
WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
VENUES = (
    "aula kantor {pemda_pendek}",
    "Pendopo {kota}",
    "halaman kompleks perkantoran {pemda_pendek}",
    "Gedung Serbaguna {kota}",
    "ruang rapat Sekretariat Daerah {kota}",
    "aula Badan Kepegawaian {kota}",
    "Gedung Dakwah {kota}",
    "lapangan apel {pemda_pendek}",
)
EVENTS = (
    "apel pagi gabungan",
    "rapat koordinasi pengawasan",
    "sosialisasi netralitas",
    "bimbingan teknis kepegawaian",
    "rapat pimpinan perangkat daerah",
    "halalbihalal pegawai",
    "apel kesiapsiagaan",
)
COMMODITIES = (
    "cabai merah",
    "cabai rawit",
    "bawang merah",
    "beras medium",
    "telur ayam",
    "daging ayam",
    "minyak goreng",
    "gula pasir",
    "tomat",
    "kentang",
)
MARKETS = ("Baru", "Induk", "Kosambi", "Kemis", "Sederhana", "Anyar", "Cikurubuk", "Kanoman")
SPORTS = ("sepak bola", "bola voli", "futsal", "bola basket", "sepak takraw", "bulu tangkis")
VENUES_SPORT = ("Jalak Harupat", "Wibawa Mukti", "Pakansari", "Singaperbangsa", "Arcamanik")

# ---- the template language -------------------------------------------------------------------

_ALT = re.compile(r"\[([^\[\]]*)\]")
_SLOT = re.compile(r"\{(\w+)\}")


def _thousands(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",")


def _weekday_date(rng: random.Random) -> str:
    day = date(2026, 1, 1) + timedelta(days=rng.randrange(320))
    return f"{WEEKDAYS[day.weekday()]} ({day.day}/{day.month}/{day.year})"


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


#: Slots drawn afresh at every use (names, numbers, dates).
FRESH: dict[str, Callable[[random.Random], str]] = {
    "n": lambda r: str(r.randint(3, 96)),
    "n_kecil": lambda r: str(r.randint(2, 9)),
    "n_kecil2": lambda r: str(r.randint(10, 42)),
    "n_besar": lambda r: _thousands(r.randint(120, 4800)),
    "persen": lambda r: _decimal(r.uniform(1.2, 38.0)),
    "harga": lambda r: _thousands(r.randrange(12_000, 95_000, 500)),
    "miliar": lambda r: _decimal(r.uniform(1.5, 95.0)),
    "juta": lambda r: _decimal(r.uniform(1.0, 12.0)),
    "km": lambda r: _decimal(r.uniform(1.1, 14.0)),
    "umur": lambda r: str(r.randint(24, 67)),
    "skor": lambda r: "{}-{}".format(*sorted(r.sample(range(6), 2), reverse=True)),
    "hari": _weekday_date,
    "tanggal_lalu": lambda r: f"{r.randint(1, 28)} {r.choice(MONTHS)}",
    "bulan": lambda r: r.choice(MONTHS),
    "warga": _name,
    "desa": lambda r: r.choice(VILLAGES),
    "desa2": lambda r: r.choice(VILLAGES),
    "pasar": lambda r: r.choice(MARKETS),
    "acara": lambda r: r.choice(EVENTS),
}


def render(template: str, rng: random.Random, context: dict[str, str]) -> str:
    """Expand ``[a|b]`` alternatives (innermost first), then ``{slot}`` values.

    A slot is the article's fixed value (``context``: its place, its officials)
    or a fresh draw (``FRESH``: numbers, passers-by, dates); a venue may itself
    name slots, so slots are expanded until none is left.
    """
    text = template
    while "[" in text:
        text = _ALT.sub(lambda m: rng.choice(m.group(1).split("|")), text)

    def slot(match: re.Match[str]) -> str:
        name = match.group(1)
        if name in context:
            return context[name]
        if name in FRESH:
            return FRESH[name](rng)
        raise KeyError(f"unknown template slot {{{name}}}")

    for _ in range(3):
        text = _SLOT.sub(slot, text)
    return " ".join(text.split())


# ---- on-topic material: civil servants' neutrality in elections -------------------------------

ON_TITLES = (
    "{jabatan_t} {kota} Ingatkan {n_besar} ASN Jaga Netralitas Jelang {pilkada_t}",
    "Bawaslu {kota} Temukan {n} Dugaan Pelanggaran Netralitas ASN di {pilkada_t}",
    "{pemda_pendek} Gelar Ikrar Netralitas ASN Hadapi {pilkada_t}",
    "ASN {kota} Diminta Tetap Netral, {n} Pegawai Sudah Diperiksa",
    "BKN Jatuhkan Sanksi ke {n} ASN {kota} karena Tidak Netral",
    "Netralitas ASN di {pilkada_t}: {pemda_pendek} Buka Kanal Pengaduan",
    "{n} ASN {kota} Dilaporkan Tak Netral Selama Kampanye {pilkada_t}",
    "Jelang {pilkada_t}, Ribuan ASN {kota} Teken Pakta Integritas Netralitas",
)

ON_LEADS = (
    "{jabatan} {wilayah}, {pejabat}, [meminta|mengingatkan|menginstruksikan|mengimbau] "
    "[seluruh|ribuan|para] aparatur sipil negara (ASN) di lingkungan {pemda} [agar menjaga|untuk "
    "menjaga|supaya memegang teguh|agar menjunjung tinggi] netralitas [selama|menjelang|sepanjang] "
    "tahapan {pilkada}. [Pesan itu|Imbauan tersebut|Penegasan itu|Instruksi itu] disampaikan "
    "[saat|dalam|pada] {acara} di {venue}, {hari}, yang [diikuti|dihadiri] [sekitar|lebih dari|"
    "tidak kurang dari|hampir] {n_besar} [pegawai|peserta|aparatur].",
    "Badan Pengawas Pemilu (Bawaslu) {wilayah} [menemukan|mencatat|menerima laporan] {n} dugaan "
    "pelanggaran netralitas aparatur sipil negara (ASN) [selama|sejak awal|dalam] [masa kampanye|"
    "tahapan] {pilkada}. [Temuan itu|Data tersebut|Angka itu] [diungkapkan|disampaikan|dipaparkan] "
    "{bawaslu_jabatan}, {bawaslu_nama}, [dalam|saat] [rapat koordinasi|konferensi pers|rapat "
    "evaluasi] di {venue}, {hari}.",
    "{pemda} [menggelar|menyelenggarakan|mengadakan] [apel|deklarasi|ikrar] netralitas aparatur "
    "sipil negara (ASN) [yang diikuti|bersama] {n_besar} pegawai [dari seluruh perangkat daerah|"
    "dari berbagai dinas dan kecamatan|di lingkungan pemerintahan setempat] [menjelang|jelang|"
    "menghadapi] {pilkada}. [Kegiatan|Acara] [itu|tersebut] [berlangsung|digelar] di {venue}, "
    "{hari}, dan dipimpin langsung oleh {jabatan} {pejabat}.",
    "[Seorang|Dua|Tiga|Sejumlah] [pegawai negeri sipil|aparatur sipil negara] di {wilayah} "
    "[diperiksa|dipanggil|dimintai klarifikasi oleh] Bawaslu setelah [diduga|disebut] [ikut "
    "berkampanye|menghadiri kampanye|berfoto bersama|mengunggah dukungan untuk] [salah satu "
    "pasangan calon|seorang bakal calon|pasangan calon nomor urut {n_kecil}] dalam {pilkada}. "
    "[Pemeriksaan|Klarifikasi] [itu|tersebut] [berkaitan dengan|menyangkut] dugaan pelanggaran "
    "netralitas ASN yang [dilaporkan warga|ditemukan pengawas kecamatan|viral di media sosial] "
    "pada {tanggal_lalu}.",
    "Badan Kepegawaian Negara (BKN) [menjatuhkan|merekomendasikan] [sanksi|hukuman] disiplin "
    "[kepada|terhadap] {n} aparatur sipil negara (ASN) [di {wilayah}|dari {pemda}] yang "
    "[terbukti|dinyatakan] melanggar [ketentuan|aturan|prinsip] netralitas dalam {pilkada}. "
    "[Keputusan|Rekomendasi] [itu|tersebut] [diumumkan|disampaikan] {jabatan} {wilayah}, "
    "{pejabat}, {hari}.",
)

#: Body paragraphs in story order; an article keeps a subset, order preserved.
ON_BODY = (
    # the rules
    "[Menurut|Kata] {pejabat_pendek}, [kewajiban|keharusan] ASN untuk [bersikap netral|tidak "
    "berpihak|menjaga jarak dari kepentingan politik] [sudah diatur tegas|telah diatur jelas|"
    "tertuang] dalam Undang-Undang Nomor 20 Tahun 2023 tentang Aparatur Sipil Negara. [Selain itu|"
    "Di samping itu|Aturan tersebut diperkuat oleh] Peraturan Pemerintah Nomor 94 Tahun 2021 "
    "tentang Disiplin PNS [yang mengatur|dengan] [sanksi berjenjang|beragam jenis hukuman] "
    "[mulai dari|dari] teguran tertulis [hingga|sampai] pemberhentian.",
    "Ia [menambahkan|menjelaskan|mengingatkan], [pemerintah pusat|Kementerian PANRB bersama "
    "Kemendagri, BKN, dan Bawaslu] [telah menerbitkan|sudah mengeluarkan] surat keputusan bersama "
    "tentang pedoman [pembinaan dan pengawasan|pengawasan] netralitas pegawai [ASN|aparatur] "
    "[dalam|selama] [pemilihan|penyelenggaraan pemilihan] kepala daerah. [Pedoman itu|Aturan "
    "tersebut] [memuat|merinci] [contoh|daftar] perbuatan yang [dilarang|tidak boleh dilakukan], "
    "[termasuk|terutama] di media sosial.",
    "{pejabat_pendek} [menegaskan|menyebut|mengatakan] netralitas bukan [sekadar|hanya] "
    "[imbauan|slogan|formalitas], [melainkan|tetapi] [kewajiban hukum|bagian dari sumpah jabatan|"
    "amanat undang-undang] yang [melekat pada|mengikat] setiap [pegawai|aparatur]. [Pegawai|ASN] "
    "tetap [boleh|berhak] [menggunakan hak pilih|mencoblos] di tempat pemungutan suara, "
    "[tetapi|namun] tidak [boleh|diperkenankan] [menunjukkan|menampakkan|menyatakan] "
    "[dukungan|keberpihakan] [di depan umum|secara terbuka].",
    # the official's words
    '"[Saya ingatkan|Saya tegaskan|Sekali lagi saya sampaikan], ASN itu [pelayan|abdi] [semua '
    "warga|seluruh masyarakat], bukan [pelayan|tim sukses] [salah satu calon|kandidat tertentu]. "
    "[Kalau|Jika|Bila] ada yang [coba-coba|nekat|terbukti] [berpihak|ikut berkampanye], [kami "
    "tidak akan ragu|kami akan segera] [memproses|menindak|menjatuhkan sanksi kepada] yang "
    'bersangkutan," [kata|ujar|tegas] {pejabat_pendek}.',
    '"[Netralitas|Kenetralan] ini [menyangkut|soal] [kepercayaan publik|marwah birokrasi|nama baik '
    "institusi]. [Pilihan politik|Pilihan] [silakan|cukup] [disimpan|dibawa] [di dalam hati|ke "
    "bilik suara], [jangan|tidak perlu] [dipamerkan|diumbar] di [kantor|media sosial|grup "
    'percakapan]," ujar {pejabat_pendek} [di hadapan peserta|kepada wartawan|seusai acara].',
    '"[Jangan|Tolong jangan] ada [lagi alasan tidak tahu|yang beralasan tidak paham aturan]. '
    "[Semua|Seluruh] [pegawai|kepala perangkat daerah] [sudah|telah] [menerima|kami kirimi] "
    "[surat edaran|salinan aturan] [netralitas|soal netralitas], [jadi|sehingga] tidak ada "
    '[toleransi|pengecualian] [bagi|untuk] yang [melanggar|berpihak]," kata {pejabat_pendek}.',
    # what is forbidden
    "[Sejumlah|Beberapa] [perbuatan|tindakan] yang [dilarang|masuk kategori pelanggaran] "
    "[antara lain|di antaranya] [berfoto bersama|berswafoto dengan] [bakal calon|pasangan calon] "
    "sambil [mengacungkan jari|menunjukkan simbol dukungan], [memakai|mengenakan] atribut "
    "[kampanye|partai], [serta|hingga] [menghadiri|ikut dalam] [deklarasi|kegiatan kampanye] "
    "[kandidat|pasangan calon]. [Memberi tanda suka|Menyukai], [mengomentari|menanggapi], dan "
    "[membagikan|meneruskan] unggahan kampanye di media sosial [juga termasuk|pun tergolong] "
    "[pelanggaran|larangan].",
    "[Larangan|Pembatasan] [itu|tersebut] [juga|pun] berlaku [bagi pegawai yang sedang cuti|di "
    "luar jam kerja|di lingkungan keluarga pegawai]. [Menurut|Kata] {pejabat_pendek}, [fasilitas "
    "dinas|kendaraan dinas|ruang rapat kantor] [tidak boleh|dilarang] [dipakai|digunakan] untuk "
    "[pertemuan|kegiatan] [tim pemenangan|relawan kandidat], [sekecil|sesederhana] apa pun "
    "[kegiatannya|bentuknya].",
    # cases and sanctions
    "[Berdasarkan|Menurut] data Bawaslu {wilayah}, [hingga|sampai] {tanggal_lalu} "
    "[tercatat|terdapat] {n} [laporan|temuan] dugaan pelanggaran netralitas ASN. [Dari jumlah "
    "itu|Di antaranya], {n_kecil} [kasus|perkara] [telah diteruskan|sudah direkomendasikan] ke "
    "Badan Kepegawaian Negara, [sementara|sedangkan] [sisanya|sebagian lain] [masih dalam|tengah "
    "menjalani] [proses klarifikasi|kajian awal].",
    "[Sanksi|Hukuman] [yang dijatuhkan|bagi pelanggar] [bervariasi|berjenjang], [mulai dari|dari] "
    "[teguran lisan|teguran tertulis] [hingga|sampai] [penundaan kenaikan pangkat|penurunan "
    "jabatan] [selama|hingga] {n_kecil} tahun. [Untuk pelanggaran berat|Bila pelanggarannya "
    "berat], [pegawai|ASN] [dapat|bisa] [diberhentikan|dijatuhi pemberhentian] tidak dengan "
    "hormat.",
    "{bawaslu_jabatan}, {bawaslu_nama}, [mengatakan|menjelaskan|menyebutkan] [sebagian besar|"
    "mayoritas|kebanyakan] [pelanggaran|temuan] [terjadi|ditemukan] di media sosial. "
    "[Modusnya|Bentuknya] [beragam|bermacam-macam], [mulai dari|dari] [mengunggah foto|membagikan "
    "video] [bersama|dukungan untuk] [bakal calon|pasangan calon] [hingga|sampai] [menjadi "
    "admin|mengelola] [grup|akun] [relawan|pendukung].",
    # how to report
    "[Untuk memperkuat|Guna memperketat] pengawasan, {pemda} [membuka|menyediakan] [kanal|saluran] "
    "pengaduan [bagi masyarakat|untuk warga]. Laporan dugaan pelanggaran [dapat|bisa] "
    "[disampaikan|dikirim] [melalui|lewat] [nomor layanan|aplikasi pengaduan|surat tertulis] "
    "[yang diumumkan di|di] [akun resmi|laman resmi] {pemda_pendek}, [dengan jaminan|dan] "
    "identitas pelapor [dirahasiakan|dijamin kerahasiaannya].",
    "{pejabat_pendek} [juga|pun] [meminta|mengajak] [masyarakat|warga|tokoh masyarakat] "
    "[ikut|turut] [mengawasi|memantau] [perilaku|sikap] [pegawai|ASN] [selama|sepanjang] [masa "
    "kampanye|tahapan pemilihan]. [Menurutnya|Ia menilai], [pengawasan internal|mata pengawas] "
    "[saja|semata] [tidak akan cukup|terbatas] untuk menjangkau {n_besar} pegawai [yang "
    "tersebar|tersebar] di {n_kecil2} kecamatan.",
    # contract staff are civil servants too
    "[Ia|{pejabat_pendek}] [juga|pun] [meluruskan|menyinggung] [anggapan keliru|pemahaman yang "
    "salah] bahwa [pegawai pemerintah dengan perjanjian kerja (PPPK)|pegawai PPPK] tidak terikat "
    "aturan netralitas. [Padahal|Faktanya], [PPPK juga berstatus ASN|PPPK termasuk ASN] sehingga "
    "[memikul|memiliki] [kewajiban|larangan] yang sama [untuk tidak berpihak|agar tidak berpihak] "
    "[kepada|pada] [peserta pemilihan|pasangan calon] [mana pun|manapun].",
    # the election supervisor's words
    '"[Kami|Bawaslu] [akan terus|terus] [memantau|mengawasi] [aktivitas|gerak-gerik] '
    "[pegawai|ASN], [baik|termasuk] di lapangan [maupun|dan] di media sosial. [Setiap|Semua] "
    "[temuan|laporan] [akan kami|pasti kami] [klarifikasi|tindak lanjuti] dan "
    '[rekomendasikan|teruskan] ke BKN [jika|bila] [terbukti|memenuhi unsur]," kata {bawaslu_nama}.',
    # closing
    "[Kegiatan|Acara] [tersebut|itu] [ditutup|diakhiri] dengan [penandatanganan pakta "
    "integritas|pembacaan ikrar netralitas|deklarasi netralitas] [oleh|yang diikuti] "
    "[seluruh|para] [peserta|kepala perangkat daerah|camat dan lurah]. {pejabat_pendek} berharap "
    "{pilkada} [berjalan|berlangsung] [tanpa|bebas dari] [catatan pelanggaran|pelanggaran] "
    "[dari|oleh] [pegawai|aparatur] {pemda_pendek}.",
    "[Sebagai langkah lanjut|Ke depan], {pemda_pendek} [akan|berencana] [menggelar|mengadakan] "
    "[sosialisasi|bimbingan teknis] [serupa|lanjutan] [di setiap|ke] kecamatan [hingga|sampai] "
    "[akhir|pertengahan] {bulan}. [Materinya|Isinya] [mencakup|meliputi] [aturan|rambu-rambu] "
    "netralitas, [contoh kasus|kasus-kasus] [yang pernah|yang] [terjadi|ditangani] [di daerah "
    "lain|sebelumnya], [serta|dan] [tata cara|mekanisme] pelaporan.",
)

# ---- off-topic material, by desk ----------------------------------------------------------------


@dataclass(frozen=True)
class Desk:
    """An off-topic beat: its titles, leads and body paragraphs."""

    name: str
    titles: tuple[str, ...]
    leads: tuple[str, ...]
    body: tuple[str, ...]


DESKS: tuple[Desk, ...] = (
    Desk(
        "ekonomi",
        titles=(
            "Harga {komoditas_t} di {kota} Naik {persen} Persen dalam Sepekan",
            "Inflasi {kota} {bulan} Tercatat {persen} Persen, Pangan Jadi Penyumbang Utama",
            "{n_besar} Pelaku UMKM {kota} Terima Bantuan Modal Usaha",
        ),
        leads=(
            "Harga {komoditas} di [sejumlah pasar tradisional|pasar-pasar] {wilayah} [terus "
            "merangkak naik|naik signifikan|melonjak] dalam [sepekan|dua pekan|sebulan] terakhir. "
            "[Di Pasar {pasar}|Di pasar induk setempat], [komoditas itu|harganya] kini "
            "[dijual|dibanderol] Rp {harga} per kilogram, [naik|lebih mahal] [sekitar|hampir] "
            "{persen} persen [dibandingkan|dari] [bulan lalu|awal {bulan}].",
            "Badan Pusat Statistik (BPS) {wilayah} [mencatat|melaporkan] inflasi [tahunan|bulanan] "
            "[pada|per] {bulan} [sebesar|mencapai] {persen} persen. [Kelompok makanan, minuman, "
            "dan tembakau|Komponen bahan pangan bergejolak] [menjadi penyumbang terbesar|memberi "
            "andil terbesar], [diikuti|disusul] [transportasi|perumahan dan listrik].",
        ),
        body=(
            "[Kepala|Plt Kepala] Dinas [Perdagangan dan Perindustrian|Koperasi, UKM, dan "
            "Perdagangan] {wilayah}, {narasumber}, [mengatakan|menyebut|menjelaskan] kenaikan "
            "[dipicu|disebabkan] [berkurangnya pasokan|cuaca buruk di daerah sentra|naiknya ongkos "
            "angkut]. [Menurutnya|Ia menilai], [kondisi|situasi] [itu|tersebut] "
            "[diperkirakan|diprediksi] [berlangsung|bertahan] [hingga|sampai] "
            "[pertengahan|akhir] {bulan}.",
            '"[Kami|Pemerintah daerah] [sudah|telah] [berkoordinasi|berkomunikasi] dengan '
            "[distributor|Bulog|para pemasok] [agar|supaya] [stok|pasokan] [tetap aman|terjaga]. "
            "[Operasi pasar|Pasar murah] [akan kami gelar|juga digelar] di {n_kecil} titik [mulai "
            'pekan depan|dalam waktu dekat]," ujar {narasumber_pendek}.',
            "[Sejumlah|Para] pedagang [mengeluhkan|mengaku resah dengan] [turunnya|sepinya] "
            "[jumlah pembeli|daya beli]. {warga} ({umur}), pedagang [sayuran|bumbu dapur|sembako] "
            "di [pasar setempat|Pasar {pasar}], [mengaku|menyebut] [omzetnya|penjualannya] "
            '[turun|anjlok] [hampir|sekitar] {persen} persen. "[Pembeli|Pelanggan] sekarang '
            '[beli|membeli] [setengah|seperempat] kilo saja, [biasanya|dulu] [satu|dua] kilo," '
            "katanya.",
            "[Selain itu|Di sisi lain], {pemda_pendek} [menyalurkan|menggulirkan] [bantuan "
            "modal|pinjaman lunak] [bagi|kepada] {n_besar} pelaku usaha mikro [dengan total|"
            "senilai] Rp {miliar} miliar. [Bantuan itu|Program tersebut] [diharapkan|ditujukan "
            "untuk] [menjaga|mendorong] [perputaran ekonomi|daya saing usaha kecil] [di tengah|"
            "menghadapi] [kenaikan harga|perlambatan ekonomi].",
            "[Ekonom|Pengamat ekonomi] [dari|asal] [Universitas Padjadjaran|perguruan tinggi "
            "setempat], {warga}, [menilai|berpendapat] [lonjakan|gejolak] harga "
            "[kali ini|tersebut] "
            "[bersifat musiman|belum mengkhawatirkan]. [Namun|Meski begitu], ia "
            "[mengingatkan|meminta] [pemerintah daerah|dinas terkait] [memperbaiki|membenahi] "
            "[rantai distribusi|data stok] [agar|supaya] [lonjakan serupa|kejadian yang sama] "
            "[tidak terulang|bisa diantisipasi] [menjelang|saat] [hari besar|akhir tahun].",
            '"[Kalau|Jika] harga [terus naik|tidak turun], [kami|warung kami] [terpaksa|mau tidak '
            "mau] [mengurangi|memperkecil] [porsi|takaran] [atau|bahkan] [menaikkan harga "
            "jual|menutup sementara usaha]. [Untung|Keuntungan] [sekarang|saat ini] [tipis "
            'sekali|hampir tidak ada]," [kata|ujar] {warga}, [pemilik warung makan|pedagang pecel '
            "lele] di [dekat|sekitar] [pasar|terminal] {kota}.",
            "[Dari sisi|Di tingkat] [petani|produsen], [kenaikan|lonjakan] harga [belum "
            "tentu|tidak selalu] [dinikmati|dirasakan]. [Ketua|Pengurus] [kelompok tani|gabungan "
            "kelompok tani] di {desa}, {warga}, [menyebut|mengatakan] [harga di tingkat "
            "petani|harga jual dari kebun] [hanya|cuma] [naik|bertambah] [sedikit|tipis], "
            "[sementara|padahal] [ongkos|biaya] [pupuk|pestisida] dan [upah buruh tani|sewa "
            "lahan] [juga ikut naik|ikut merangkak].",
            "[Pemerintah daerah|{pemda_pendek}] [juga|pun] [menyiapkan|mengalokasikan] "
            "[anggaran|dana] [belanja tidak terduga|cadangan] [sebesar|senilai] Rp {miliar} "
            "miliar [untuk|guna] [subsidi ongkos angkut|menekan selisih harga] [komoditas|bahan "
            "pokok]. [Skema|Program] [itu|tersebut] [pernah|sudah pernah] [diterapkan|dijalankan] "
            "[tahun lalu|pada 2025] dan [dinilai|dianggap] [cukup efektif|berhasil] "
            "[meredam|menahan] [gejolak|kenaikan] harga.",
        ),
    ),
    Desk(
        "olahraga",
        titles=(
            "Tim {cabor_t} {kota} Juara Turnamen Antarkabupaten",
            "{kota} Tundukkan {kota2} {skor} di Final Kejuaraan {cabor_t}",
            "{n} Atlet {cabor_t} {kota} Siap Berlaga di Porprov",
        ),
        leads=(
            "[Tim|Skuad] {cabor} {kota} [berhasil|sukses] [menjuarai|menjadi juara] "
            "[turnamen antarkabupaten|kejuaraan tingkat provinsi|turnamen piala bupati] setelah "
            "[menundukkan|mengalahkan] {kota2} [dengan skor|] {skor} [pada laga final|di partai "
            "puncak] di [Stadion|GOR] {stadion}, {hari}. [Kemenangan|Gelar] [itu|tersebut] "
            "[menjadi|merupakan] [yang pertama|gelar pertama] [bagi|untuk] {kota} dalam {n_kecil} "
            "tahun terakhir.",
        ),
        body=(
            "Pelatih {kota}, {narasumber}, [mengaku|menyebut] [kunci kemenangan|keberhasilan] "
            "[timnya|anak asuhnya] [terletak pada|ada pada] [kedisiplinan|kekompakan|persiapan "
            "fisik] [selama|sepanjang] [pemusatan latihan|masa persiapan] {n_kecil} bulan. "
            '"[Anak-anak|Para pemain] [bermain|tampil] sesuai [instruksi|rencana]. [Saya bangga|'
            'Kami bersyukur] [dengan|atas] [kerja keras|perjuangan] mereka," ujarnya.',
            "[Pertandingan|Laga] [berjalan|berlangsung] [ketat|sengit] [sejak|dari] [awal|menit "
            "pertama]. {kota} [sempat tertinggal pada babak pertama sebelum membalikkan "
            "keadaan|lebih dulu unggul di set pertama dan terus menjaga keunggulan] "
            "[lewat|melalui] "
            "[serangan balik cepat|permainan kolektif] [yang dimotori|yang digerakkan] [kapten "
            "tim|pemain muda] {warga}.",
            "[Ribuan|Ratusan] [penonton|suporter] [memadati|memenuhi] [tribun|stadion] [sejak "
            "sore|sejak siang]. [Panitia|Penyelenggara] [mencatat|menyebut] [sekitar|lebih dari] "
            "{n_besar} tiket [terjual|habis terjual], [angka tertinggi|jumlah terbanyak] "
            "[sejak turnamen ini digelar|dalam beberapa musim terakhir].",
            "[Ketua|Sekretaris] [KONI|pengurus cabang olahraga] {kota}, {narasumber2}, "
            "[berharap|menyatakan] [prestasi|gelar] [ini|tersebut] [menjadi|jadi] [modal|bekal] "
            "[menghadapi|jelang] [Pekan Olahraga Provinsi|kejuaraan nasional] [tahun depan|"
            "mendatang]. [Pihaknya|KONI] [berjanji|akan] [menambah|meningkatkan] "
            "[anggaran|dukungan] [pembinaan|untuk pembinaan] atlet [usia muda|muda].",
            "[Bagi|Untuk] {kota2}, [kekalahan|hasil] [ini|itu] [menjadi|jadi] [bahan evaluasi|"
            "pelajaran berharga]. [Manajer tim|Asisten pelatih] {kota2}, {warga}, [mengakui|"
            "menyebut] [timnya|pemainnya] [kelelahan|kehilangan konsentrasi] [setelah|usai] "
            "[menjalani|melakoni] {n_kecil} [laga|pertandingan] dalam [sepekan|sepuluh hari].",
            "[Sepanjang|Selama] [turnamen|kejuaraan], {kota} [tampil|bermain] "
            "[impresif|konsisten] dengan [mencatat|membukukan] {n_kecil} kemenangan [tanpa|dan "
            "hanya satu kali] [kekalahan|imbang]. [Lini belakang|Pertahanan] [tim|mereka] "
            "[menjadi|tercatat sebagai] [yang terbaik|paling solid] [setelah|karena] [hanya|cuma] "
            "[kebobolan|kemasukan] {n_kecil} [gol|poin] [dari|sepanjang] [fase grup|babak "
            "penyisihan] [hingga|sampai] final.",
            "[Usai|Seusai] [laga|pertandingan], [para pemain|seluruh pemain] [diarak|melakukan "
            "pawai] [keliling kota|menuju alun-alun] [menggunakan|dengan] [mobil bak "
            "terbuka|kendaraan terbuka]. [Warga|Masyarakat] [tumpah ruah|berjajar] di [sepanjang "
            "jalan|pinggir jalan] [sambil|seraya] [membentangkan|mengibarkan] [spanduk|bendera] "
            "[berwarna|dengan warna] [kebesaran tim|khas tim].",
            "[Panitia|Penyelenggara] [juga|pun] [memberikan|menyerahkan] [penghargaan|gelar] "
            "[pemain terbaik|top skor] [kepada|untuk] {warga}, [pemain|atlet] [berusia|yang baru "
            "berusia] {umur} tahun. [Ia|Dia] [mengaku|menyebut] [tidak menyangka|belum percaya] "
            "[bisa|dapat] [meraih|mendapat] [penghargaan|gelar] [itu|tersebut] [pada|di] "
            "[turnamen pertamanya|musim debutnya].",
        ),
    ),
    Desk(
        "kesehatan",
        titles=(
            "Kasus DBD di {kota} Tembus {n_besar}, Dinkes Gencarkan Fogging",
            "Dinkes {kota} Catat Lonjakan Kasus Demam Berdarah",
            "{n_besar} Posyandu di {kota} Gelar Penimbangan Serentak",
        ),
        leads=(
            "Dinas Kesehatan {wilayah} [mencatat|melaporkan] {n_besar} kasus demam berdarah "
            "dengue (DBD) [sejak awal tahun|dari Januari] [hingga|sampai] {bulan}, "
            "[naik|meningkat] {persen} persen [dibandingkan|dari] [periode yang sama tahun "
            "lalu|tahun sebelumnya]. [Kasus|Sebaran kasus] [terbanyak|tertinggi] [ditemukan|"
            "tercatat] di [Kecamatan|wilayah] {desa} dan {desa2}.",
            "[Sebanyak|Tercatat] {n_besar} posyandu di {wilayah} [menggelar|mengadakan] "
            "penimbangan balita serentak [selama|sepanjang] [sepekan|bulan] {bulan}. [Kegiatan|"
            "Program] [itu|tersebut] [menjadi bagian dari|termasuk dalam] [upaya|gerakan] "
            "[menurunkan|menekan] [angka stunting|prevalensi stunting] yang [kini|saat ini] "
            "[mencapai|tercatat] {persen} persen.",
        ),
        body=(
            "Kepala Dinas Kesehatan {wilayah}, {narasumber}, [mengatakan|menjelaskan] "
            "[lonjakan|peningkatan] kasus [dipicu|dipengaruhi] [curah hujan tinggi|musim "
            "pancaroba|genangan air] di [sejumlah|banyak] [permukiman|kawasan padat]. "
            "[Pihaknya|Dinkes] [telah|sudah] [melakukan|menggelar] [pengasapan|fogging] di "
            "{n_kecil2} [titik|kelurahan] [dan|serta] [membagikan|menyebarkan] [bubuk abate|"
            "larvasida] [kepada|ke] warga.",
            '"[Fogging|Pengasapan] itu hanya [membunuh|mematikan] nyamuk dewasa. [Yang paling '
            "penting|Kuncinya] [tetap|adalah] [gerakan|kebiasaan] [menguras, menutup, dan "
            'mendaur ulang|3M Plus] di rumah masing-masing," ujar {narasumber_pendek}.',
            "Di [RSUD|rumah sakit umum daerah] {kota}, [jumlah pasien|pasien] [DBD|demam berdarah] "
            "[yang dirawat|rawat inap] [mencapai|tercatat] {n} orang [per|pada] {hari}. "
            "[Sebagian besar|Mayoritas] [merupakan|adalah] anak-anak [usia sekolah dasar|berusia "
            "di bawah 14 tahun].",
            "[Selain itu|Di samping itu], [Dinkes|pemerintah daerah] [menggencarkan|"
            "mengintensifkan] [pemeriksaan gizi|pemberian makanan tambahan] [bagi|untuk] "
            "[balita|ibu hamil] di {n_besar} posyandu. [Angka stunting|Prevalensi stunting] "
            "{wilayah} [ditargetkan|diupayakan] [turun|menurun] [di bawah|hingga] {n_kecil2} "
            "persen [pada|tahun] 2027.",
            "{warga} ({umur}), warga [Kelurahan|Desa] {desa}, [mengaku|bercerita] [anaknya|"
            "putranya] [sempat dirawat|dirawat] [selama|hingga] {n_kecil} hari [karena|akibat] "
            '[demam tinggi|DBD]. "[Awalnya|Mulanya] [dikira|saya kira] [demam biasa|flu biasa], '
            '[ternyata|rupanya] trombositnya [turun|anjlok]," katanya.',
            "[Dinas Kesehatan|Dinkes] [juga|pun] [mengaktifkan|menghidupkan kembali] [juru "
            "pemantau jentik|gerakan satu rumah satu jumantik] di [setiap|tiap] [RT|rukun warga]. "
            "[Petugas|Kader] [mendatangi|mengunjungi] [rumah warga|permukiman] [sepekan "
            "sekali|setiap Jumat] [untuk|guna] [memeriksa|mengecek] [bak mandi|tempat penampungan "
            "air] dan [barang bekas|wadah] yang [bisa|berpotensi] [menjadi sarang|menampung "
            "jentik] nyamuk.",
            "[Puskesmas|Sejumlah puskesmas] di {wilayah} [diminta|diinstruksikan] [siaga|bersiap] "
            "[menghadapi|mengantisipasi] [lonjakan pasien|peningkatan kunjungan]. "
            "[Stok|Persediaan] [cairan infus|obat-obatan] dan [alat tes|reagen] [trombosit|darah] "
            "[dipastikan|disebut] [mencukupi|aman] [hingga|sampai] [akhir|pertengahan] {bulan}, "
            "[kata|menurut] {narasumber_pendek}.",
            "[Ketua|Pengurus] [Ikatan Dokter Anak Indonesia|IDAI] [cabang|wilayah] {kota}, "
            "{narasumber2}, [mengimbau|meminta] [orang tua|para orang tua] [segera|secepatnya] "
            "[membawa|memeriksakan] anak ke [fasilitas kesehatan|puskesmas] [bila|jika] "
            "[demam|panas tinggi] [tidak turun|berlangsung] [lebih dari|selama] [dua|tiga] hari. "
            "[Penanganan|Perawatan] [yang terlambat|yang telat], [katanya|menurutnya], "
            "[bisa|dapat] [berakibat fatal|membahayakan nyawa].",
        ),
    ),
    Desk(
        "pendidikan",
        titles=(
            "{n} Ruang Kelas SD di {kota} Rusak Berat",
            "Disdik {kota} Usulkan Rehabilitasi {n} Sekolah Rusak",
            "{n_besar} Pelajar {kota} Terima Beasiswa Pemerintah Daerah",
        ),
        leads=(
            "[Sebanyak|Tercatat] {n} [ruang kelas|gedung sekolah dasar] di {wilayah} [dalam "
            "kondisi|mengalami] [rusak berat|rusak sedang hingga berat] dan [membutuhkan|"
            "memerlukan] [perbaikan segera|rehabilitasi]. [Data itu|Hal itu] [diungkapkan|"
            "disampaikan] [Kepala Dinas Pendidikan|Kadisdik] {wilayah}, {narasumber}, dalam "
            "[rapat|rapat kerja] [bersama|dengan] [Komisi IV DPRD|DPRD], {hari}.",
        ),
        body=(
            "[Menurut|Kata] {narasumber_pendek}, [anggaran|dana] [rehabilitasi|perbaikan] [tahun "
            "ini|yang tersedia] [hanya|baru] [cukup|mampu] [untuk|memperbaiki] {n_kecil} "
            "[ruang|sekolah]. [Sisanya|Selebihnya] [diusulkan|akan diajukan] [melalui|lewat] "
            "[dana alokasi khusus|bantuan provinsi] [tahun depan|pada 2027].",
            "Di [SDN|SD Negeri] {n_kecil} {desa}, [misalnya|contohnya], [siswa|murid] kelas "
            "[tiga|empat|lima] [terpaksa|harus] [belajar|menumpang belajar] di [perpustakaan|"
            "musala sekolah|teras] [karena|lantaran] [atap|plafon] [kelas mereka|ruang kelasnya] "
            "[ambruk|jebol] [sejak|pada] {bulan} lalu.",
            "[Kepala sekolah|Kepala SDN setempat], {warga}, [berharap|meminta] [perbaikan|"
            'rehabilitasi] [segera|secepatnya] [dilakukan|direalisasikan]. "[Kami khawatir|Kami '
            "waswas] [saat hujan|kalau hujan deras], [anak-anak|murid] [tidak nyaman|tidak bisa "
            'fokus] [belajar|menerima pelajaran]," ujarnya.',
            "[Selain|Di samping] [perbaikan sekolah|rehabilitasi], {pemda_pendek} [juga|pun] "
            "[menyalurkan|memberikan] beasiswa [kepada|bagi] {n_besar} [siswa|pelajar] [dari "
            "keluarga kurang mampu|berprestasi] [dengan nilai|senilai] Rp {juta} juta [per "
            "siswa|per tahun].",
            "[Anggota|Ketua] Komisi IV DPRD {wilayah}, {narasumber2}, [meminta|mendesak] [dinas|"
            "pemerintah daerah] [memprioritaskan|mendahulukan] sekolah [yang paling parah|dengan "
            "kerusakan terberat]. [Ia|Dia] [juga|pun] [mengusulkan|mendorong] [pendataan ulang|"
            "verifikasi lapangan] [agar|supaya] [anggaran|bantuan] [tepat sasaran|tidak salah "
            "alamat].",
            "[Data|Catatan] [dinas|Disdik] [menunjukkan|memperlihatkan] [sebagian "
            "besar|mayoritas] [gedung|bangunan] sekolah [yang rusak|tersebut] "
            "[dibangun|didirikan] [pada|di] [era 1980-an|dekade 1980-an dan 1990-an] dan [belum "
            "pernah|tidak pernah] [direhabilitasi|direnovasi] [secara menyeluruh|total]. "
            "[Kerusakan|Kondisi itu] [diperparah|makin buruk] [oleh|karena] [rayap|hujan deras] "
            "dan [gempa|angin kencang] [beberapa tahun terakhir|belakangan ini].",
            "[Komite sekolah|Orang tua murid] [di|pada] [sejumlah|beberapa] sekolah "
            "[sempat|bahkan] [berswadaya|bergotong royong] [memperbaiki|menambal] [atap|dinding] "
            "[kelas|ruang belajar] [yang bocor|yang retak]. [Namun|Tetapi], [menurut|kata] "
            "{warga}, [ketua komite|anggota komite] [SDN|SD Negeri] {n_kecil} {desa}, "
            "[swadaya|iuran] [warga|orang tua] [hanya|cuma] [cukup|mampu] [untuk|menutup] "
            "[perbaikan ringan|kerusakan kecil].",
            "[Selain|Di samping] [gedung|bangunan], [dinas|Disdik] [juga|pun] "
            "[mencatat|menemukan] [kekurangan|keterbatasan] [meja dan kursi|mebel sekolah] "
            "[di|pada] {n_kecil2} sekolah. [Pengadaan|Pembelian] [mebel|perlengkapan] "
            "[itu|tersebut] [direncanakan|dijadwalkan] [melalui|lewat] [anggaran perubahan|APBD "
            "perubahan] [tahun ini|2026] [dengan nilai|senilai] Rp {miliar} miliar.",
        ),
    ),
    Desk(
        "infrastruktur",
        titles=(
            "Perbaikan Jalan {desa}-{desa2} di {kota} Capai {persen} Persen",
            "Jembatan Penghubung {desa} di {kota} Ditargetkan Rampung {bulan}",
            "{pemda_pendek} Kebut Perbaikan {n_kecil} Ruas Jalan Rusak",
        ),
        leads=(
            "[Perbaikan|Pembangunan] [jalan|jembatan] [penghubung|di ruas] {desa}-{desa2} di "
            "{wilayah} [ditargetkan|diharapkan] [rampung|selesai] [pada|sebelum] [akhir|"
            "pertengahan] {bulan}. [Proyek|Pekerjaan] [senilai|dengan anggaran] Rp {miliar} "
            "miliar [itu|tersebut] [kini|saat ini] [memasuki|sudah memasuki] tahap [pengecoran|"
            "pengaspalan|pemasangan rangka baja] dengan [progres|kemajuan fisik] {persen} persen.",
        ),
        body=(
            "Kepala Dinas [Pekerjaan Umum dan Penataan Ruang|PUPR] {wilayah}, {narasumber}, "
            "[mengatakan|menjelaskan] [pekerjaan|proyek] [sempat|sempat terhambat] [cuaca|hujan "
            "deras] [pada|di] [awal|pertengahan] {bulan}. [Untuk mengejar target|Agar tidak "
            "terlambat], [kontraktor|pelaksana] [menambah|memperbanyak] [jumlah pekerja|pekerja] "
            "dan [memberlakukan|menerapkan] [sistem lembur|kerja dua sif].",
            "[Jalan|Ruas] [sepanjang|dengan panjang] {km} kilometer [itu|tersebut] "
            "[merupakan|menjadi] [akses utama|jalur vital] [warga|petani] [untuk|dalam] "
            "[mengangkut|membawa] hasil [panen|bumi] ke [pasar|kota kecamatan]. [Selama|Sebelum] "
            "[diperbaiki|perbaikan], [waktu tempuh|perjalanan] [bisa|dapat] [mencapai|memakan] "
            "{n_kecil} jam [karena|akibat] [jalan berlubang|kerusakan parah].",
            "{warga} ({umur}), [sopir angkutan|petani] asal {desa}, [menyambut baik|mengapresiasi] "
            '[perbaikan|proyek] [itu|tersebut]. "[Dulu|Sebelumnya] [kalau hujan|saat musim hujan] '
            "[kendaraan|mobil] [sering|kerap] [terperosok|terjebak lumpur]. [Sekarang|Nanti] "
            '[mudah-mudahan|semoga] [lancar|tidak lagi]," katanya.',
            "[Selain|Di samping] [jalan|ruas itu], {pemda_pendek} [juga|pun] [memperbaiki|"
            "membangun] {n_kecil} jembatan [gantung|desa] dan [saluran drainase|tembok penahan "
            "tanah] di [sejumlah|beberapa] [kecamatan|titik rawan longsor]. [Total|Seluruh] "
            "[anggaran|dana] infrastruktur [tahun ini|2026] [mencapai|sebesar] Rp {miliar} "
            "miliar.",
            "[Pengawas proyek|Konsultan pengawas], {narasumber2}, [memastikan|menjamin] [mutu|"
            "kualitas] [beton|aspal] [sesuai|memenuhi] [spesifikasi|standar teknis]. [Sampel|"
            "Contoh] [material|beton] [diuji|diperiksa] di [laboratorium|balai pengujian] [setiap|"
            "tiap] {n_kecil} hari [sebelum|agar] [pekerjaan dilanjutkan|hasilnya awet].",
            "[Selama|Sepanjang] [pengerjaan|proyek berlangsung], [arus lalu lintas|kendaraan] "
            "[dialihkan|diatur] [secara|dengan sistem] [buka-tutup|satu jalur]. "
            "[Petugas|Personel] [Dinas Perhubungan|Dishub] {wilayah} [disiagakan|ditempatkan] di "
            "[kedua ujung|dua titik] [ruas|jalan] [untuk|guna] [mengatur|mengurai] "
            "[antrean|kepadatan] [kendaraan|arus], [terutama|khususnya] [pada|di] [jam sibuk|pagi "
            "dan sore hari].",
            "[Kepala Desa|Kades] {desa}, {narasumber2}, [mengatakan|menyebut] "
            "[warganya|masyarakatnya] [sudah|telah] [lama|bertahun-tahun] [menantikan|menunggu] "
            "[perbaikan|pembangunan] [itu|tersebut]. [Pihak desa|Pemerintah desa] [bahkan|juga] "
            "[sempat|pernah] [mengusulkan|mengajukan] [perbaikan|proyek] [itu|tersebut] "
            "[dalam|melalui] [musrenbang|musyawarah perencanaan pembangunan] [selama|hingga] "
            "{n_kecil} tahun [berturut-turut|berturut].",
            "[Dinas PUPR|Pemerintah daerah] [mencatat|menyebut] [masih ada|tersisa] "
            "[sekitar|kurang lebih] {n_kecil2} kilometer [jalan|ruas jalan] [kabupaten|milik "
            "daerah] [dalam kondisi|yang] [rusak sedang|rusak berat]. "
            "[Perbaikannya|Penanganannya] [akan|bakal] [dilakukan|dikerjakan] [secara "
            "bertahap|bertahap] [hingga|sampai] [2028|tiga tahun ke depan] [sesuai|menyesuaikan] "
            "[kemampuan|ketersediaan] [anggaran|keuangan daerah].",
        ),
    ),
    Desk(
        "budaya",
        titles=(
            "Festival Budaya {kota} ke-{edisi} Dipadati Ribuan Pengunjung",
            "{n} Sanggar Seni Meriahkan Kirab Budaya {kota}",
            "Kunjungan Wisatawan ke {kota} Ditargetkan Tembus {n_besar} Ribu",
        ),
        leads=(
            "[Ribuan|Ratusan] [warga|pengunjung] [memadati|memenuhi] [alun-alun|kawasan pusat "
            "kota] {kota} [untuk menyaksikan|menonton] [Festival|Pergelaran] [Budaya|Seni] {kota} "
            "ke-{edisi}, {hari}. [Festival|Acara] [tahunan|rutin] [itu|tersebut] "
            "[menampilkan|menyuguhkan] [kirab|parade] [seni|budaya] [dari|oleh] {n} [sanggar|"
            "kelompok seni] [dari berbagai desa|se-{wilayah}].",
        ),
        body=(
            "[Ketua panitia|Kepala Dinas Pariwisata dan Kebudayaan] {wilayah}, {narasumber}, "
            "[mengatakan|menyebut] [festival|acara] [ini|tersebut] [bertujuan|digelar untuk] "
            "[melestarikan|mengenalkan] [kesenian tradisional|budaya lokal] [kepada|bagi] "
            "[generasi muda|anak-anak muda]. [Tahun ini|Kali ini], [panitia|penyelenggara] "
            "[menghadirkan|menambah] [lomba|pertunjukan] [kuliner|tari] [tradisional|khas daerah].",
            "[Pelaku UMKM|Pedagang kuliner] [ikut|turut] [kebagian rezeki|merasakan dampak]. "
            "{warga} ({umur}), [penjual|pedagang] [makanan khas|oleh-oleh], [mengaku|menyebut] "
            "[dagangannya|penjualannya] [laris|meningkat] [hingga|sampai] [dua|tiga] kali lipat "
            "[selama|sepanjang] [festival|acara] [berlangsung|digelar].",
            "[Dinas Pariwisata|Pemerintah daerah] [menargetkan|berharap] [kunjungan wisatawan|"
            "jumlah wisatawan] [tahun ini|pada 2026] [mencapai|menembus] {n_besar} ribu orang. "
            "[Hingga|Sampai] {bulan}, [jumlah kunjungan|kunjungan] [tercatat|sudah] {n} ribu "
            "[orang|wisatawan], [didominasi|sebagian besar] [wisatawan|pengunjung] [dari|asal] "
            "[Jakarta dan Bandung|kota-kota sekitar].",
            "[Salah satu|Sebuah] [penampilan|pertunjukan] yang [paling|banyak] [menyedot "
            "perhatian|ditunggu] [adalah|ialah] [tari kolosal|pertunjukan angklung] yang "
            "[melibatkan|dibawakan] {n_besar} [pelajar|penari]. [Latihannya|Persiapannya] "
            "[berlangsung|memakan waktu] [hampir|sekitar] {n_kecil} bulan [di bawah asuhan|"
            "dipandu] [seniman senior|budayawan] {warga}.",
            "[Wisatawan|Pengunjung] asal [Jakarta|Bekasi|Bandung], {warga}, [mengaku|menyebut] "
            "[sengaja|khusus] [datang|berkunjung] [untuk|demi] [festival ini|acara tersebut]. "
            '"[Suasananya|Acaranya] [meriah|ramai] [tapi|dan] [tertib|teratur]. [Tahun depan|'
            'Kalau ada lagi] [saya|kami] [pasti|ingin] [datang lagi|kembali]," ujarnya.',
            "[Pada|Di] [malam puncak|penutupan festival], [panitia|penyelenggara] "
            "[menggelar|menghadirkan] [pertunjukan|pentas] [wayang golek|sendratari] [semalam "
            "suntuk|hingga larut malam] [dengan|yang] [menampilkan|menghadirkan] [dalang|seniman] "
            "[muda|kenamaan] {warga}. [Lakon|Cerita] yang [dibawakan|dipentaskan] "
            "[mengangkat|bercerita tentang] [kisah|legenda] [asal-usul|sejarah] {kota}.",
            "[Untuk|Guna] [menjaga|memastikan] [kenyamanan|keamanan] [pengunjung|penonton], "
            "[panitia|penyelenggara] [menyediakan|menyiapkan] [kantong parkir|lahan parkir] di "
            "{n_kecil} [lokasi|titik] dan [pos kesehatan|posko medis] [di sekitar|dekat] "
            "[panggung utama|area festival]. [Petugas kebersihan|Relawan] [juga|pun] "
            "[disiagakan|dikerahkan] [agar|supaya] [sampah|kawasan festival] [tidak|tak] "
            "[menumpuk|kotor] [selepas|setelah] acara.",
            "[Budayawan|Pegiat seni] {kota}, {narasumber2}, [mengapresiasi|menyambut baik] "
            "[konsistensi|kesungguhan] [pemerintah daerah|panitia] [menggelar|mengadakan] "
            "[festival|acara] [setiap tahun|tahunan] [ini|tersebut]. [Namun|Meski demikian], "
            "[ia|dia] [berharap|meminta] [sanggar-sanggar kecil|kelompok seni di desa] "
            "[mendapat|memperoleh] [pendampingan|pembinaan] [sepanjang tahun|berkelanjutan], "
            "[bukan|tidak] [hanya|sekadar] [menjelang|saat] festival.",
        ),
    ),
)

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


def _place(rng: random.Random) -> dict[str, str]:
    """A region and its fictional officials: the fixed slots of one article."""
    if rng.random() < 0.6:
        kota = rng.choice(REGENCIES)
        wilayah, pemda, pemda_pendek = (
            f"Kabupaten {kota}",
            f"Pemerintah Kabupaten {kota}",
            (f"Pemkab {kota}"),
        )
        kepala = "Bupati"
        pilkada = rng.choice(
            [f"Pilkada {kota}", f"Pilbup {kota}", f"pemilihan bupati {kota}", "Pilkada serentak"]
        )
    else:
        kota = rng.choice(CITIES)
        wilayah, pemda, pemda_pendek = f"Kota {kota}", f"Pemerintah Kota {kota}", f"Pemkot {kota}"
        kepala = "Wali Kota"
        pilkada = rng.choice(
            [
                f"Pilkada {kota}",
                f"Pilwalkot {kota}",
                f"pemilihan wali kota {kota}",
                "Pilkada serentak",
            ]
        )
    jabatan, jabatan_t = rng.choice(
        [
            ("Sekretaris Daerah", "Sekda"),
            (f"Penjabat {kepala}", f"Pj {kepala}"),
            ("Kepala Badan Kepegawaian dan Pengembangan SDM", "Kepala BKPSDM"),
            ("Inspektur Daerah", "Inspektur"),
            ("Asisten Pemerintahan Setda", "Asisten Pemerintahan"),
            (f"Wakil {kepala}", f"Wakil {kepala}"),
        ]
    )
    first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
    second = _name(rng)
    bawaslu = _name(rng)
    pilkada_t = pilkada[0].upper() + pilkada[1:]
    return {
        "kota": kota,
        "kota2": rng.choice([c for c in (*CITIES, *REGENCIES) if c != kota]),
        "wilayah": wilayah,
        "pemda": pemda,
        "pemda_pendek": pemda_pendek,
        "pilkada": pilkada,
        "pilkada_t": pilkada_t if not pilkada.startswith("pemilihan") else f"Pilkada {kota}",
        "jabatan": jabatan,
        "jabatan_t": jabatan_t,
        "pejabat": f"{first} {last}",
        "pejabat_pendek": first,
        "narasumber": f"{first} {last}",
        "narasumber_pendek": first,
        "narasumber2": second,
        "bawaslu_nama": bawaslu,
        "bawaslu_jabatan": rng.choice(
            [
                f"Ketua Bawaslu {wilayah}",
                f"Anggota Bawaslu {wilayah}",
                f"Koordinator Divisi Pencegahan Bawaslu {wilayah}",
            ]
        ),
        "venue": rng.choice(VENUES),
        "komoditas": (komoditas := rng.choice(COMMODITIES)),
        "komoditas_t": komoditas.title(),
        "cabor": (cabor := rng.choice(SPORTS)),
        "cabor_t": cabor.title(),
        "stadion": rng.choice(VENUES_SPORT),
        "edisi": str(rng.randint(2, 30)),
    }


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
    context = _place(rng)
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
        "author": _name(rng),
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
