"""The words of synthetic articles: word lists, the template language, an article's place.

Templates alternate wording (``[a|b|c]``, innermost first) and name slots
(``{slot}``): an article's fixed values (:func:`place`: its region, its
fictional officials) or fresh draws (:data:`FRESH`: numbers, passers-by,
dates). The lists name fictional people and real places. Everything is drawn
from the caller's seeded ``random.Random``, so the same seed gives the same text.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from datetime import date, timedelta

__all__ = ["FRESH", "person", "place", "render"]

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


def person(rng: random.Random) -> str:
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
    "warga": person,
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


# ---- one article's place -------------------------------------------------------------------


def place(rng: random.Random) -> dict[str, str]:
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
    second = person(rng)
    bawaslu = person(rng)
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
