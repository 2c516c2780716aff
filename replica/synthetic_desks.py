"""Off-topic material for synthetic articles, by desk (economy, sport, health, schools, ...).

Titles, leads and body paragraphs in the template language of
:mod:`replica.synthetic_words`; none of them is about civil servants in
elections, so the articles fail the topic filter of ``config.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass


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
