"""On-topic material for synthetic articles: civil servants' neutrality in elections.

Titles, leads and body paragraphs in the template language of
:mod:`replica.synthetic_words`. Each one names ASN, a "netral*" word and an
election word close together, so the articles pass the topic filter of
``config.yaml``.
"""

from __future__ import annotations

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
