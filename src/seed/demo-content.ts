/** The demo newsroom: a small Indonesian national portal. All text written for Kabar's demo. */

export const demoCategories = [
  { name: 'Nasional', slug: 'nasional', description: 'Politik, hukum dan pemerintahan dari seluruh Nusantara.' },
  { name: 'Internasional', slug: 'internasional', description: 'Kabar dari luar negeri: diplomasi, konflik dan peristiwa dunia.' },
  { name: 'Ekonomi', slug: 'ekonomi', description: 'Pasar, keuangan, bisnis dan kebijakan ekonomi.' },
  { name: 'Olahraga', slug: 'olahraga', description: 'Sepak bola, bulu tangkis dan cabang olahraga lainnya.' },
  { name: 'Teknologi', slug: 'teknologi', description: 'Gawai, internet dan industri digital.' },
  { name: 'Regional', slug: 'regional', description: 'Berita dari jaringan media daerah.' },
]

export const demoAuthors = [
  { name: 'Anton Suhartono', bio: 'Wartawan desk internasional sejak 2012.', email: 'anton.suhartono@kabar.example' },
  { name: 'Dewi Lestari Putri', bio: 'Redaktur pelaksana desk nasional.', email: 'dewi.putri@kabar.example' },
  { name: 'Rizky Ramadhan', bio: 'Meliput pasar modal dan perbankan.', email: 'rizky.ramadhan@kabar.example' },
  { name: 'Siti Nurhaliza Rahman', bio: 'Redaktur desk olahraga.', email: 'siti.rahman@kabar.example' },
  { name: 'Bayu Aji Pratama', bio: 'Pewarta foto.', email: 'bayu.pratama@kabar.example' },
  { name: 'Made Wirawan', bio: 'Koresponden Bali dan Nusa Tenggara.', email: 'made.wirawan@kabar.example' },
  { name: 'Yohana Sitompul', bio: 'Editor desk teknologi.', email: 'yohana.sitompul@kabar.example' },
  { name: 'Rahmat Hidayat', bio: 'Redaktur senior, penyunting naskah nasional dan olahraga.', email: 'rahmat.hidayat@kabar.example' },
]

export const demoTags = [
  'Rusia',
  'Belarusia',
  'Ukraina',
  'Pemilu 2029',
  'DPR',
  'Rupiah',
  'Bank Indonesia',
  'IHSG',
  'Timnas Indonesia',
  'Bulu Tangkis',
  'Kecerdasan Buatan',
  'Startup',
  'Banjir',
  'Bali',
  'Jakarta',
  'ASEAN',
]

export interface DemoPhoto {
  imageUrl: string
  text: string
  credit: string
  photographer?: string
  altText: string
  role?: 'featured' | 'inline'
}

export interface DemoArticle {
  title: string
  category: string
  dateline: string
  summary: string
  paragraphs: string[]
  tags: string[]
  /** Indexes into demoAuthors: the writer, then the editor credit. */
  writer: number
  editor: number
  /** Hours before the seed time it was published; negative = scheduled that many hours ahead; null = draft. */
  hoursAgo: number | null
  photos: DemoPhoto[]
  /** Titles of other demo articles, in the order editors chose. */
  related: string[]
}

const img = (name: string) => `https://img.kabar.example/2026/07/${name}.jpg`

export const demoArticles: DemoArticle[] = [
  {
    title: 'Lukashenko Sambut Putin di Minsk, Bahas Pasokan Gas dan Kerja Sama Nuklir',
    category: 'internasional',
    dateline: 'MINSK',
    writer: 0,
    editor: 1,
    hoursAgo: 1,
    summary: 'Kedua pemimpin membahas harga gas untuk 2027 dan pembangunan unit kedua PLTN Astravets.',
    paragraphs: [
      'Presiden Belarusia Alexander Lukashenko menyambut Presiden Rusia Vladimir Putin di Istana Kemerdekaan, Minsk, Selasa (22/7/2026). Pertemuan tertutup itu berlangsung hampir tiga jam.',
      'Menurut juru bicara kepresidenan, pembicaraan berfokus pada harga gas untuk tahun depan serta rencana pembangunan unit kedua pembangkit listrik tenaga nuklir Astravets.',
      'Kedua negara juga menandatangani enam nota kesepahaman, antara lain di bidang logistik, pertanian dan pendidikan tinggi.',
    ],
    tags: ['Rusia', 'Belarusia'],
    photos: [
      {
        imageUrl: img('minsk-lukashenko-putin'),
        text: 'Presiden Belarusia Alexander Lukashenko berjabat tangan dengan Presiden Rusia Vladimir Putin di Minsk.',
        credit: 'Reuters',
        altText: 'Dua kepala negara berjabat tangan di depan bendera',
      },
    ],
    related: [
      'Ukraina Minta Tambahan Sistem Pertahanan Udara Jelang Musim Dingin',
      'Menlu ASEAN Sepakati Pedoman Baru Kode Etik Laut China Selatan',
      'Harga Minyak Dunia Naik Tipis Usai Data Stok AS',
    ],
  },
  {
    title: 'Ukraina Minta Tambahan Sistem Pertahanan Udara Jelang Musim Dingin',
    category: 'internasional',
    dateline: 'KIEV',
    writer: 0,
    editor: 1,
    hoursAgo: 5,
    summary: 'Pemerintah Ukraina khawatir serangan ke jaringan listrik kembali meningkat saat suhu turun.',
    paragraphs: [
      'Menteri Pertahanan Ukraina meminta negara-negara mitra mempercepat pengiriman sistem pertahanan udara sebelum musim dingin tiba.',
      'Ia menyebut perlindungan gardu induk dan pembangkit listrik sebagai prioritas utama agar warga tidak kembali mengalami pemadaman panjang.',
      'Sejumlah negara Eropa menyatakan siap menambah bantuan, meski jadwal pengiriman belum diumumkan.',
    ],
    tags: ['Ukraina', 'Rusia'],
    photos: [
      {
        imageUrl: img('kiev-pertahanan-udara'),
        text: 'Petugas memeriksa peluncur rudal pertahanan udara di pinggiran Kiev.',
        credit: 'AFP',
        altText: 'Peluncur rudal di lapangan berumput',
      },
    ],
    related: ['Lukashenko Sambut Putin di Minsk, Bahas Pasokan Gas dan Kerja Sama Nuklir'],
  },
  {
    title: 'Menlu ASEAN Sepakati Pedoman Baru Kode Etik Laut China Selatan',
    category: 'internasional',
    dateline: 'KUALA LUMPUR',
    writer: 0,
    editor: 1,
    hoursAgo: 20,
    summary: 'Pedoman itu mempercepat perundingan yang sudah berjalan lebih dari dua dasawarsa.',
    paragraphs: [
      'Para menteri luar negeri ASEAN menyepakati pedoman baru untuk mempercepat perundingan kode etik di Laut China Selatan.',
      'Menteri Luar Negeri Indonesia menyebut kesepakatan itu sebagai langkah maju, meski sejumlah pasal penting masih harus dirundingkan.',
      'Pertemuan berikutnya dijadwalkan berlangsung di Jakarta pada awal tahun depan.',
    ],
    tags: ['ASEAN'],
    photos: [
      {
        imageUrl: img('kl-menlu-asean'),
        text: 'Para menteri luar negeri ASEAN berfoto bersama di Kuala Lumpur.',
        credit: 'ANTARA',
        photographer: 'Bayu Aji Pratama',
        altText: 'Sepuluh menteri berdiri berjajar',
      },
    ],
    related: ['Lukashenko Sambut Putin di Minsk, Bahas Pasokan Gas dan Kerja Sama Nuklir'],
  },
  {
    title: 'DPR Sahkan Revisi UU Pemilu, Ambang Batas Parlemen Turun Jadi 3 Persen',
    category: 'nasional',
    dateline: 'JAKARTA',
    writer: 1,
    editor: 7,
    hoursAgo: 3,
    summary: 'Rapat paripurna menyetujui revisi setelah pembahasan selama enam bulan.',
    paragraphs: [
      'Dewan Perwakilan Rakyat mengesahkan revisi Undang-Undang Pemilu dalam rapat paripurna, Rabu (23/7/2026).',
      'Salah satu perubahan utama adalah penurunan ambang batas parlemen dari 4 persen menjadi 3 persen untuk Pemilu 2029.',
      'Sejumlah fraksi menyampaikan catatan, terutama terkait jadwal tahapan dan pendanaan penyelenggara.',
      'Pemerintah menyatakan akan segera menyusun aturan turunan bersama Komisi Pemilihan Umum.',
    ],
    tags: ['DPR', 'Pemilu 2029'],
    photos: [
      {
        imageUrl: img('dpr-paripurna'),
        text: 'Suasana rapat paripurna DPR di Kompleks Parlemen, Senayan, Jakarta.',
        credit: 'Kabar',
        photographer: 'Bayu Aji Pratama',
        altText: 'Ruang sidang penuh anggota dewan',
      },
      {
        imageUrl: img('dpr-ketua-palu'),
        text: 'Ketua DPR mengetuk palu tanda pengesahan.',
        credit: 'Kabar',
        photographer: 'Bayu Aji Pratama',
        altText: 'Tangan memegang palu sidang',
        role: 'inline',
      },
    ],
    related: ['KPU Mulai Verifikasi Partai Politik Calon Peserta Pemilu 2029', 'Banjir Rendam Ribuan Rumah di Jakarta Timur'],
  },
  {
    title: 'KPU Mulai Verifikasi Partai Politik Calon Peserta Pemilu 2029',
    category: 'nasional',
    dateline: 'JAKARTA',
    writer: 1,
    editor: 7,
    hoursAgo: 26,
    summary: 'Sebanyak 31 partai mendaftar untuk mengikuti tahapan verifikasi administrasi.',
    paragraphs: [
      'Komisi Pemilihan Umum memulai verifikasi administrasi terhadap 31 partai politik yang mendaftar sebagai calon peserta Pemilu 2029.',
      'Ketua KPU menegaskan verifikasi dilakukan secara terbuka dan hasilnya dapat dipantau publik melalui laman resmi.',
      'Partai yang lolos tahap administrasi akan menjalani verifikasi faktual di seluruh provinsi.',
    ],
    tags: ['Pemilu 2029'],
    photos: [
      {
        imageUrl: img('kpu-verifikasi'),
        text: 'Petugas KPU memeriksa berkas pendaftaran partai politik.',
        credit: 'ANTARA',
        altText: 'Tumpukan map di atas meja',
      },
    ],
    related: ['DPR Sahkan Revisi UU Pemilu, Ambang Batas Parlemen Turun Jadi 3 Persen'],
  },
  {
    title: 'Banjir Rendam Ribuan Rumah di Jakarta Timur',
    category: 'nasional',
    dateline: 'JAKARTA',
    writer: 1,
    editor: 7,
    hoursAgo: 8,
    summary: 'Hujan deras sejak dini hari membuat Kali Cipinang meluap.',
    paragraphs: [
      'Banjir setinggi hingga 1,5 meter merendam ribuan rumah di sejumlah kelurahan di Jakarta Timur setelah hujan deras sejak dini hari.',
      'Badan Penanggulangan Bencana Daerah mencatat lebih dari 2.000 warga mengungsi ke masjid dan sekolah terdekat.',
      'Petugas gabungan mengerahkan perahu karet untuk mengevakuasi warga lanjut usia dan anak-anak.',
    ],
    tags: ['Banjir', 'Jakarta'],
    photos: [
      {
        imageUrl: img('banjir-jaktim'),
        text: 'Warga menggunakan perahu karet melintasi banjir di Cipinang Melayu.',
        credit: 'Kabar',
        photographer: 'Bayu Aji Pratama',
        altText: 'Perahu karet di jalan yang tergenang',
      },
    ],
    related: ['BMKG Peringatkan Cuaca Ekstrem di Bali dan Nusa Tenggara'],
  },
  {
    title: 'BMKG Peringatkan Cuaca Ekstrem di Bali dan Nusa Tenggara',
    category: 'regional',
    dateline: 'DENPASAR',
    writer: 5,
    editor: 1,
    hoursAgo: 12,
    summary: 'Gelombang tinggi hingga 4 meter diperkirakan terjadi di perairan selatan.',
    paragraphs: [
      'Badan Meteorologi, Klimatologi, dan Geofisika mengeluarkan peringatan dini cuaca ekstrem untuk wilayah Bali dan Nusa Tenggara selama tiga hari ke depan.',
      'Nelayan diimbau tidak melaut, sementara penyeberangan Padangbai–Lembar berpotensi ditunda.',
      'Pemerintah daerah menyiagakan posko di sejumlah pelabuhan.',
    ],
    tags: ['Bali'],
    photos: [
      {
        imageUrl: img('denpasar-gelombang'),
        text: 'Gelombang tinggi menghantam pantai di Kuta, Bali.',
        credit: 'Kabar',
        photographer: 'Made Wirawan',
        altText: 'Ombak besar pecah di pantai',
      },
    ],
    related: ['Banjir Rendam Ribuan Rumah di Jakarta Timur', 'Festival Seni Bali Kembali Digelar dengan 40 Sanggar'],
  },
  {
    title: 'Festival Seni Bali Kembali Digelar dengan 40 Sanggar',
    category: 'regional',
    dateline: 'DENPASAR',
    writer: 5,
    editor: 1,
    hoursAgo: 50,
    summary: 'Festival tahunan itu menampilkan tari, tabuh dan pameran kriya.',
    paragraphs: [
      'Festival Seni Bali kembali digelar di Taman Budaya Denpasar dengan menghadirkan 40 sanggar dari seluruh kabupaten.',
      'Panitia memperkirakan lebih dari 50.000 pengunjung datang selama sebulan penyelenggaraan.',
      'Tahun ini festival juga menghadirkan pameran kriya perak dan tenun endek.',
    ],
    tags: ['Bali'],
    photos: [
      {
        imageUrl: img('festival-seni-bali'),
        text: 'Penari membawakan tari pendet pada pembukaan festival.',
        credit: 'Kabar',
        photographer: 'Made Wirawan',
        altText: 'Penari berbusana adat Bali',
      },
    ],
    related: ['BMKG Peringatkan Cuaca Ekstrem di Bali dan Nusa Tenggara'],
  },
  {
    title: 'Rupiah Menguat ke Level Rp15.800 per Dolar AS',
    category: 'ekonomi',
    dateline: 'JAKARTA',
    writer: 2,
    editor: 1,
    hoursAgo: 2,
    summary: 'Penguatan didorong arus masuk modal asing ke pasar obligasi.',
    paragraphs: [
      'Nilai tukar rupiah ditutup menguat 0,4 persen ke level Rp15.800 per dolar AS pada perdagangan Rabu sore.',
      'Analis menilai penguatan dipicu arus masuk modal asing ke pasar surat berharga negara setelah rilis data inflasi yang lebih rendah dari perkiraan.',
      'Bank Indonesia menyatakan akan terus menjaga stabilitas nilai tukar sesuai fundamental.',
    ],
    tags: ['Rupiah', 'Bank Indonesia'],
    photos: [
      {
        imageUrl: img('rupiah-menguat'),
        text: 'Petugas menghitung uang pecahan rupiah di sebuah tempat penukaran valuta asing.',
        credit: 'ANTARA',
        altText: 'Tangan menghitung lembaran uang',
      },
    ],
    related: ['Bank Indonesia Tahan Suku Bunga Acuan di 5,75 Persen', 'IHSG Ditutup Naik Tipis, Saham Perbankan Jadi Penopang'],
  },
  {
    title: 'Bank Indonesia Tahan Suku Bunga Acuan di 5,75 Persen',
    category: 'ekonomi',
    dateline: 'JAKARTA',
    writer: 2,
    editor: 1,
    hoursAgo: 30,
    summary: 'Keputusan diambil untuk menjaga inflasi tetap dalam sasaran.',
    paragraphs: [
      'Rapat Dewan Gubernur Bank Indonesia memutuskan mempertahankan suku bunga acuan di level 5,75 persen.',
      'Gubernur BI menyebut keputusan itu konsisten dengan upaya menjaga inflasi dalam sasaran 2,5 plus minus 1 persen.',
      'Pelaku pasar sebelumnya memperkirakan suku bunga tidak berubah hingga akhir tahun.',
    ],
    tags: ['Bank Indonesia'],
    photos: [
      {
        imageUrl: img('bi-suku-bunga'),
        text: 'Gubernur Bank Indonesia memberikan keterangan pers di Jakarta.',
        credit: 'Kabar',
        photographer: 'Bayu Aji Pratama',
        altText: 'Pejabat berbicara di depan mikrofon',
      },
    ],
    related: ['Rupiah Menguat ke Level Rp15.800 per Dolar AS'],
  },
  {
    title: 'IHSG Ditutup Naik Tipis, Saham Perbankan Jadi Penopang',
    category: 'ekonomi',
    dateline: 'JAKARTA',
    writer: 2,
    editor: 1,
    hoursAgo: 4,
    summary: 'Indeks menguat 0,2 persen di tengah aksi beli investor asing.',
    paragraphs: [
      'Indeks Harga Saham Gabungan ditutup naik 0,2 persen ke level 7.412 pada akhir perdagangan.',
      'Saham-saham perbankan besar menjadi penopang utama, sementara sektor energi bergerak melemah.',
      'Investor asing mencatatkan pembelian bersih sekitar Rp600 miliar di seluruh pasar.',
    ],
    tags: ['IHSG'],
    photos: [
      {
        imageUrl: img('ihsg-layar'),
        text: 'Layar pergerakan saham di Bursa Efek Indonesia, Jakarta.',
        credit: 'Reuters',
        altText: 'Layar besar berisi angka saham',
      },
    ],
    related: ['Rupiah Menguat ke Level Rp15.800 per Dolar AS'],
  },
  {
    title: 'Harga Minyak Dunia Naik Tipis Usai Data Stok AS',
    category: 'ekonomi',
    dateline: 'NEW YORK',
    writer: 2,
    editor: 1,
    hoursAgo: 15,
    summary: 'Persediaan minyak mentah AS turun lebih besar dari perkiraan.',
    paragraphs: [
      'Harga minyak mentah dunia naik tipis setelah data menunjukkan persediaan di Amerika Serikat turun lebih besar dari perkiraan analis.',
      'Minyak Brent naik 0,6 persen, sementara WTI menguat 0,5 persen.',
    ],
    tags: [],
    photos: [
      {
        imageUrl: img('kilang-minyak'),
        text: 'Kilang minyak di Texas, Amerika Serikat.',
        credit: 'Reuters',
        altText: 'Cerobong kilang pada senja hari',
      },
    ],
    related: [],
  },
  {
    title: 'Timnas Indonesia Taklukkan Vietnam 2-1 di Kualifikasi Piala Asia',
    category: 'olahraga',
    dateline: 'JAKARTA',
    writer: 3,
    editor: 7,
    hoursAgo: 6,
    summary: 'Dua gol di babak kedua membawa Garuda memimpin klasemen grup.',
    paragraphs: [
      'Timnas Indonesia menang 2-1 atas Vietnam dalam laga kualifikasi Piala Asia di Stadion Utama Gelora Bung Karno.',
      'Sempat tertinggal di babak pertama, Indonesia membalikkan keadaan lewat dua gol dalam rentang sepuluh menit.',
      'Kemenangan itu membawa Indonesia memimpin klasemen sementara grup dengan tujuh poin.',
    ],
    tags: ['Timnas Indonesia'],
    photos: [
      {
        imageUrl: img('timnas-vietnam'),
        text: 'Pemain Timnas Indonesia merayakan gol ke gawang Vietnam.',
        credit: 'Kabar',
        photographer: 'Bayu Aji Pratama',
        altText: 'Para pemain berpelukan di lapangan',
      },
      {
        imageUrl: img('gbk-suporter'),
        text: 'Suporter memadati tribun Stadion Utama Gelora Bung Karno.',
        credit: 'Kabar',
        photographer: 'Bayu Aji Pratama',
        altText: 'Tribun penuh penonton berbaju merah',
        role: 'inline',
      },
    ],
    related: ['Ganda Putra Indonesia Melaju ke Final Indonesia Open'],
  },
  {
    title: 'Ganda Putra Indonesia Melaju ke Final Indonesia Open',
    category: 'olahraga',
    dateline: 'JAKARTA',
    writer: 3,
    editor: 7,
    hoursAgo: 28,
    summary: 'Pasangan ganda putra menang rubber game atas unggulan kedua.',
    paragraphs: [
      'Pasangan ganda putra Indonesia melaju ke final Indonesia Open setelah menang rubber game atas unggulan kedua asal Denmark.',
      'Di final, mereka akan menghadapi pasangan Malaysia yang menjadi juara bertahan.',
    ],
    tags: ['Bulu Tangkis'],
    photos: [
      {
        imageUrl: img('bulutangkis-ganda'),
        text: 'Ganda putra Indonesia merayakan kemenangan di Istora Senayan.',
        credit: 'ANTARA',
        altText: 'Dua pemain bulu tangkis mengangkat raket',
      },
    ],
    related: ['Timnas Indonesia Taklukkan Vietnam 2-1 di Kualifikasi Piala Asia'],
  },
  {
    title: 'Startup Kecerdasan Buatan Lokal Raih Pendanaan Rp500 Miliar',
    category: 'teknologi',
    dateline: 'JAKARTA',
    writer: 6,
    editor: 1,
    hoursAgo: 10,
    summary: 'Dana segar akan dipakai untuk membangun model bahasa Indonesia.',
    paragraphs: [
      'Sebuah perusahaan rintisan kecerdasan buatan asal Jakarta meraih pendanaan seri B senilai Rp500 miliar.',
      'Pendirinya mengatakan dana tersebut akan dipakai untuk melatih model bahasa yang memahami bahasa Indonesia dan bahasa daerah.',
      'Putaran pendanaan dipimpin oleh modal ventura asal Singapura.',
    ],
    tags: ['Kecerdasan Buatan', 'Startup'],
    photos: [
      {
        imageUrl: img('startup-ai'),
        text: 'Para pengembang bekerja di kantor perusahaan rintisan di Jakarta Selatan.',
        credit: 'Kabar',
        photographer: 'Bayu Aji Pratama',
        altText: 'Ruang kerja dengan banyak layar',
      },
    ],
    related: ['Pemerintah Siapkan Aturan Perlindungan Data untuk Layanan AI'],
  },
  {
    title: 'Pemerintah Siapkan Aturan Perlindungan Data untuk Layanan AI',
    category: 'teknologi',
    dateline: 'JAKARTA',
    writer: 6,
    editor: 1,
    hoursAgo: 40,
    summary: 'Rancangan aturan mewajibkan transparansi data pelatihan.',
    paragraphs: [
      'Kementerian Komunikasi dan Digital menyiapkan aturan turunan Undang-Undang Pelindungan Data Pribadi khusus untuk layanan kecerdasan buatan.',
      'Rancangan aturan itu mewajibkan penyedia layanan menjelaskan sumber data pelatihan dan memberi hak keberatan bagi pemilik data.',
    ],
    tags: ['Kecerdasan Buatan'],
    photos: [],
    related: ['Startup Kecerdasan Buatan Lokal Raih Pendanaan Rp500 Miliar'],
  },
  {
    title: 'Jalan Tol Trans Sumatra Ruas Baru Dibuka Jelang Libur Sekolah',
    category: 'nasional',
    dateline: 'PALEMBANG',
    writer: 1,
    editor: 7,
    hoursAgo: 60,
    summary: 'Ruas sepanjang 74 kilometer memangkas waktu tempuh hingga dua jam.',
    paragraphs: [
      'Pemerintah meresmikan ruas baru Jalan Tol Trans Sumatra sepanjang 74 kilometer menjelang libur sekolah.',
      'Ruas tersebut diperkirakan memangkas waktu tempuh antarkota hingga dua jam.',
    ],
    tags: [],
    photos: [
      {
        imageUrl: img('tol-sumatra'),
        text: 'Kendaraan melintas di ruas baru Jalan Tol Trans Sumatra.',
        credit: 'ANTARA',
        altText: 'Jalan tol lengang di antara perkebunan',
      },
    ],
    related: [],
  },
  {
    title: 'Pasar Modal Syariah Tumbuh 18 Persen Sepanjang Semester I',
    category: 'ekonomi',
    dateline: 'JAKARTA',
    writer: 2,
    editor: 1,
    hoursAgo: 70,
    summary: 'Jumlah investor saham syariah menembus 150.000 orang.',
    paragraphs: [
      'Kapitalisasi pasar saham syariah tumbuh 18 persen sepanjang semester pertama tahun ini.',
      'Otoritas bursa mencatat jumlah investor saham syariah menembus 150.000 orang.',
    ],
    tags: ['IHSG'],
    photos: [
      {
        imageUrl: img('pasar-syariah'),
        text: 'Pengunjung mengikuti edukasi pasar modal syariah di Jakarta.',
        credit: 'Kabar',
        altText: 'Peserta seminar duduk di ruangan',
      },
    ],
    related: ['IHSG Ditutup Naik Tipis, Saham Perbankan Jadi Penopang'],
  },
  {
    title: 'Laporan Khusus: Menakar Kesiapan Ibu Kota Nusantara Menyambut ASN',
    category: 'nasional',
    dateline: 'NUSANTARA',
    writer: 1,
    editor: 7,
    hoursAgo: -24,
    summary: 'Laporan mendalam tentang hunian, transportasi dan layanan publik di IKN.',
    paragraphs: [
      'Gelombang pertama aparatur sipil negara dijadwalkan pindah ke Ibu Kota Nusantara dalam beberapa bulan ke depan.',
      'Tim Kabar menelusuri kesiapan hunian, transportasi umum dan layanan kesehatan di kawasan inti pemerintahan.',
    ],
    tags: [],
    photos: [
      {
        imageUrl: img('ikn-kawasan-inti'),
        text: 'Kawasan inti pusat pemerintahan Ibu Kota Nusantara dari udara.',
        credit: 'Kabar',
        photographer: 'Bayu Aji Pratama',
        altText: 'Gedung-gedung baru di tengah hutan',
      },
    ],
    related: [],
  },
  {
    title: 'Draf: Wawancara Eksklusif Pelatih Timnas',
    category: 'olahraga',
    dateline: 'JAKARTA',
    writer: 3,
    editor: 7,
    hoursAgo: null,
    summary: 'Bahan wawancara yang masih disunting.',
    paragraphs: ['Catatan wawancara masih disunting oleh redaksi.'],
    tags: ['Timnas Indonesia'],
    photos: [],
    related: [],
  },
]
