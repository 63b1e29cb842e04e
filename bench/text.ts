import type { Random } from './random.js'

/**
 * Indonesian-looking newsroom text: headlines, sentences, HTML paragraph bodies, names.
 * Made from word lists and a seeded PRNG, so it is deterministic and costs nothing to download.
 */

const functionWords = [
  'yang',
  'dan',
  'di',
  'itu',
  'dengan',
  'untuk',
  'tidak',
  'ini',
  'dari',
  'dalam',
  'akan',
  'pada',
  'juga',
  'ke',
  'karena',
  'tersebut',
  'bisa',
  'ada',
  'mereka',
  'lebih',
  'sudah',
  'atau',
  'saat',
  'oleh',
  'menjadi',
  'telah',
  'sebagai',
  'masih',
  'hal',
  'sangat',
  'bahwa',
  'namun',
  'agar',
  'kami',
  'kita',
  'para',
  'hingga',
  'setelah',
  'sejak',
  'antara',
  'serta',
  'terhadap',
  'secara',
  'belum',
  'hanya',
  'sementara',
  'meski',
  'bagi',
  'tetap',
]

const contentWords = [
  'pemerintah',
  'presiden',
  'menteri',
  'masyarakat',
  'warga',
  'daerah',
  'kota',
  'provinsi',
  'kabupaten',
  'negara',
  'tahun',
  'bulan',
  'pekan',
  'hari',
  'jam',
  'orang',
  'anak',
  'sekolah',
  'rumah',
  'sakit',
  'pasien',
  'dokter',
  'harga',
  'beras',
  'minyak',
  'listrik',
  'bahan',
  'bakar',
  'pasar',
  'pedagang',
  'petani',
  'nelayan',
  'buruh',
  'pekerja',
  'perusahaan',
  'investasi',
  'ekonomi',
  'pertumbuhan',
  'inflasi',
  'anggaran',
  'pajak',
  'utang',
  'ekspor',
  'impor',
  'produksi',
  'kebijakan',
  'program',
  'bantuan',
  'sosial',
  'pembangunan',
  'jalan',
  'tol',
  'jembatan',
  'bandara',
  'pelabuhan',
  'kereta',
  'cepat',
  'kendaraan',
  'lalu',
  'lintas',
  'kemacetan',
  'banjir',
  'gempa',
  'hujan',
  'cuaca',
  'musim',
  'kemarau',
  'kebakaran',
  'hutan',
  'lahan',
  'polisi',
  'petugas',
  'aparat',
  'penyidik',
  'tersangka',
  'kasus',
  'korupsi',
  'pengadilan',
  'hakim',
  'jaksa',
  'sidang',
  'putusan',
  'hukuman',
  'penjara',
  'partai',
  'politik',
  'pemilu',
  'calon',
  'kepala',
  'wakil',
  'rakyat',
  'dewan',
  'anggota',
  'rapat',
  'pembahasan',
  'rancangan',
  'undang',
  'aturan',
  'peraturan',
  'keputusan',
  'pernyataan',
  'keterangan',
  'wartawan',
  'konferensi',
  'pers',
  'acara',
  'kegiatan',
  'pertemuan',
  'kunjungan',
  'kerja',
  'sama',
  'kesepakatan',
  'perjanjian',
  'hubungan',
  'luar',
  'negeri',
  'dunia',
  'internasional',
  'nasional',
  'regional',
  'wilayah',
  'perbatasan',
  'keamanan',
  'pertahanan',
  'militer',
  'tentara',
  'pasukan',
  'perang',
  'konflik',
  'damai',
  'pengungsi',
  'korban',
  'jiwa',
  'luka',
  'kerusakan',
  'bangunan',
  'tim',
  'pemain',
  'pelatih',
  'pertandingan',
  'laga',
  'gol',
  'babak',
  'kemenangan',
  'kekalahan',
  'klasemen',
  'liga',
  'piala',
  'turnamen',
  'juara',
  'medali',
  'atlet',
  'stadion',
  'penonton',
  'suporter',
  'teknologi',
  'digital',
  'aplikasi',
  'layanan',
  'data',
  'internet',
  'jaringan',
  'ponsel',
  'pengguna',
  'platform',
  'keamanan',
  'siber',
  'film',
  'musik',
  'lagu',
  'konser',
  'penyanyi',
  'artis',
  'penggemar',
  'festival',
  'budaya',
  'wisata',
  'wisatawan',
  'pantai',
  'gunung',
  'kesehatan',
  'penyakit',
  'vaksin',
  'obat',
  'gizi',
  'pendidikan',
  'siswa',
  'guru',
  'mahasiswa',
  'kampus',
  'beasiswa',
  'ujian',
  'kurikulum',
  'lingkungan',
  'sampah',
  'air',
  'bersih',
  'udara',
  'polusi',
  'energi',
  'terbarukan',
  'tambang',
  'nikel',
  'batu',
  'bara',
  'sawit',
  'kopi',
  'kakao',
  'gula',
  'daging',
  'telur',
  'cabai',
  'bawang',
  'stok',
  'pasokan',
  'permintaan',
  'kenaikan',
  'penurunan',
  'angka',
  'persen',
  'triliun',
  'miliar',
  'juta',
  'ribu',
  'rupiah',
  'dolar',
  'sektor',
  'usaha',
  'kecil',
  'menengah',
  'pelaku',
  'pelanggan',
  'konsumen',
  'produk',
  'merek',
  'penjualan',
  'laba',
]

const verbs = [
  'mengatakan',
  'menyatakan',
  'menjelaskan',
  'menegaskan',
  'mengungkapkan',
  'menyampaikan',
  'menambahkan',
  'meminta',
  'mendorong',
  'memastikan',
  'menyiapkan',
  'melakukan',
  'meningkatkan',
  'menurunkan',
  'membangun',
  'memperbaiki',
  'menolak',
  'mendukung',
  'menerima',
  'memberikan',
  'mengirim',
  'menangkap',
  'memeriksa',
  'menyelidiki',
  'mengumumkan',
  'meresmikan',
  'meninjau',
  'menghadiri',
  'membahas',
  'menyetujui',
  'menargetkan',
  'mencatat',
  'mengalami',
  'menghadapi',
  'mengantisipasi',
  'mengimbau',
  'menanggapi',
  'membantah',
  'mengakui',
  'menilai',
]

const attributions = ['kata', 'ujar', 'ungkap', 'tutur', 'jelas', 'tegas', 'imbuh']

const places = [
  'Jakarta',
  'Surabaya',
  'Bandung',
  'Medan',
  'Semarang',
  'Makassar',
  'Palembang',
  'Denpasar',
  'Yogyakarta',
  'Malang',
  'Balikpapan',
  'Samarinda',
  'Pontianak',
  'Banjarmasin',
  'Manado',
  'Padang',
  'Pekanbaru',
  'Batam',
  'Jayapura',
  'Kupang',
  'Mataram',
  'Ambon',
  'Bogor',
  'Bekasi',
  'Depok',
  'Tangerang',
  'Solo',
  'Cirebon',
  'Aceh',
  'Lampung',
]

const foreignPlaces = [
  'Minsk',
  'Kyiv',
  'Moskow',
  'Washington',
  'New York',
  'London',
  'Paris',
  'Berlin',
  'Beijing',
  'Tokyo',
  'Seoul',
  'Singapura',
  'Kuala Lumpur',
  'Bangkok',
  'Manila',
  'Canberra',
  'Sydney',
  'Riyadh',
  'Kairo',
  'Gaza',
  'Doha',
  'Jenewa',
]

const subjects = [
  'Presiden',
  'Wakil Presiden',
  'Menteri Keuangan',
  'Menteri Kesehatan',
  'Menteri Pendidikan',
  'Gubernur',
  'Wali Kota',
  'Bupati',
  'DPR',
  'KPK',
  'Polri',
  'TNI',
  'BMKG',
  'BPS',
  'Bank Indonesia',
  'OJK',
  'Pertamina',
  'PLN',
  'Timnas Indonesia',
  'Persib',
  'Persija',
  'Arema',
  'Warga',
  'Petani',
  'Nelayan',
  'Mahasiswa',
  'Pedagang',
  'Ojol',
  'Guru Honorer',
  'Harga Beras',
  'Harga Cabai',
  'Rupiah',
  'IHSG',
  'Startup Lokal',
  'Artis',
  'Penyanyi Dangdut',
  'Pemprov',
  'Pemkot',
  'Kejagung',
  'Basarnas',
  'BNPB',
  'Kemenkes',
  'Kemendikbud',
  'Kemenhub',
  'Polisi',
  'Hakim',
  'Jaksa',
]

const headlineVerbs = [
  'Tinjau',
  'Umumkan',
  'Minta',
  'Tolak',
  'Dukung',
  'Resmikan',
  'Selidiki',
  'Bantah',
  'Akui',
  'Siapkan',
  'Targetkan',
  'Desak',
  'Tangkap',
  'Periksa',
  'Bahas',
  'Sepakati',
  'Luncurkan',
  'Evaluasi',
  'Kritik',
  'Sambut',
  'Janjikan',
  'Naikkan',
  'Turunkan',
  'Perpanjang',
  'Hentikan',
  'Tunda',
  'Percepat',
  'Waspadai',
  'Antisipasi',
  'Gelar',
]

const headlineObjects = [
  'Proyek Jalan Tol',
  'Kebijakan Baru',
  'Anggaran 2025',
  'Bantuan Sosial',
  'Subsidi BBM',
  'Tarif Listrik',
  'Harga Tiket Pesawat',
  'Kasus Korupsi',
  'Dugaan Suap',
  'Program Makan Bergizi',
  'Kereta Cepat',
  'Ibu Kota Nusantara',
  'Pembangunan Bendungan',
  'Impor Beras',
  'Ekspor Nikel',
  'Upah Minimum',
  'Rekrutmen CPNS',
  'Kurikulum Merdeka',
  'Vaksinasi Anak',
  'Stunting',
  'Banjir Rob',
  'Kebakaran Hutan',
  'Gempa Susulan',
  'Cuaca Ekstrem',
  'Mudik Lebaran',
  'Arus Balik',
  'Harga Emas',
  'Suku Bunga',
  'Utang Luar Negeri',
  'Pajak Kendaraan',
  'Layanan Digital',
  'Judi Online',
  'Pinjol Ilegal',
  'Narkoba',
  'Sampah Plastik',
  'Polusi Udara',
  'Transportasi Umum',
  'Jadwal Liga 1',
  'Piala AFF',
  'Kualifikasi Piala Dunia',
  'Konser Akbar',
  'Festival Budaya',
  'Wisata Pantai',
  'Sertifikasi Halal',
  'Energi Surya',
]

const tails = [
  'Warga Minta Kepastian',
  'Ini Kata Pengamat',
  'Begini Penjelasannya',
  'DPR Beri Catatan',
  'Target Rampung Akhir Tahun',
  'Ribuan Warga Terdampak',
  'Pemerintah Siapkan Anggaran',
  'Polisi Dalami Motif',
  'Harga Diprediksi Naik',
  'Netizen Heboh',
  'Pelaku Usaha Waswas',
  'Simak Jadwalnya',
  'Ada Aturan Baru',
  'Begini Respons Istana',
  'Dua Orang Diamankan',
  'Antrean Mengular',
  'Pengamat Ingatkan Risiko',
  'Berlaku Mulai Pekan Depan',
]

const firstNames = [
  'Agus',
  'Budi',
  'Citra',
  'Dewi',
  'Eko',
  'Fitri',
  'Gilang',
  'Hendra',
  'Indah',
  'Joko',
  'Kartika',
  'Lestari',
  'Made',
  'Nur',
  'Putri',
  'Rina',
  'Sri',
  'Teguh',
  'Umar',
  'Wahyu',
  'Yudi',
  'Zainal',
  'Ayu',
  'Bambang',
  'Dian',
  'Fajar',
  'Galih',
  'Hadi',
  'Intan',
  'Kurniawan',
  'Lukman',
  'Maya',
  'Nadia',
  'Oki',
  'Rahmat',
  'Siti',
  'Tri',
  'Vina',
  'Wulan',
  'Yoga',
]

const lastNames = [
  'Santoso',
  'Wijaya',
  'Saputra',
  'Lestari',
  'Pratama',
  'Hidayat',
  'Nugroho',
  'Kusuma',
  'Siregar',
  'Nasution',
  'Harahap',
  'Simanjuntak',
  'Sihombing',
  'Wibowo',
  'Setiawan',
  'Purnomo',
  'Suryadi',
  'Hakim',
  'Rahman',
  'Syahputra',
  'Utami',
  'Permana',
  'Gunawan',
  'Halim',
  'Tanjung',
  'Sinaga',
  'Manurung',
  'Pangaribuan',
  'Firmansyah',
  'Ramadhan',
  'Kurniasih',
  'Handayani',
  'Maharani',
  'Anggraini',
  'Mahendra',
  'Wicaksono',
  'Prasetyo',
  'Susanto',
  'Irawan',
  'Fauzi',
]

export const categorySeeds: readonly { name: string; description: string; weight: number; parent?: string }[] = [
  { name: 'Nasional', description: 'Berita politik, pemerintahan dan peristiwa nasional', weight: 16 },
  { name: 'Internasional', description: 'Kabar dari mancanegara', weight: 10 },
  { name: 'Ekonomi', description: 'Ekonomi makro, keuangan dan pasar', weight: 10 },
  { name: 'Bisnis', description: 'Korporasi, industri dan UMKM', weight: 6, parent: 'Ekonomi' },
  { name: 'Megapolitan', description: 'Jakarta dan sekitarnya', weight: 8 },
  { name: 'Daerah', description: 'Berita dari seluruh provinsi', weight: 8 },
  { name: 'Hukum', description: 'Kriminal, peradilan dan penegakan hukum', weight: 7 },
  { name: 'Politik', description: 'Partai, parlemen dan pemilu', weight: 6, parent: 'Nasional' },
  { name: 'Olahraga', description: 'Kabar olahraga dalam dan luar negeri', weight: 6 },
  { name: 'Sepak Bola', description: 'Liga 1, timnas dan liga Eropa', weight: 7, parent: 'Olahraga' },
  { name: 'Teknologi', description: 'Gawai, internet dan startup', weight: 4 },
  { name: 'Otomotif', description: 'Mobil, motor dan transportasi', weight: 3 },
  { name: 'Hiburan', description: 'Film, musik dan televisi', weight: 4 },
  { name: 'Seleb', description: 'Kabar para pesohor', weight: 3, parent: 'Hiburan' },
  { name: 'Gaya Hidup', description: 'Tren, mode dan keluarga', weight: 3 },
  { name: 'Kesehatan', description: 'Medis, gizi dan kebugaran', weight: 3 },
  { name: 'Pendidikan', description: 'Sekolah, kampus dan beasiswa', weight: 2 },
  { name: 'Travel', description: 'Destinasi dan perjalanan', weight: 2 },
  { name: 'Kuliner', description: 'Makanan dan tempat makan', weight: 2 },
  { name: 'Sains', description: 'Ilmu pengetahuan dan lingkungan', weight: 1 },
]

const tagHeads = [
  'Banjir',
  'Gempa',
  'Harga',
  'Pilkada',
  'Kasus',
  'Festival',
  'Liga',
  'Timnas',
  'Mudik',
  'Cuaca',
  'Subsidi',
  'Proyek',
  'Pajak',
  'Vaksin',
  'Konser',
  'Wisata',
  'Sidang',
  'Demo',
  'Kebakaran',
  'Tarif',
]

const tagTails = [
  'Jakarta',
  'Bandung',
  'Surabaya',
  'Medan',
  'Bali',
  'Papua',
  'Aceh',
  'Makassar',
  'Semarang',
  'Kalimantan',
  'Sumatera',
  'Sulawesi',
  '2024',
  '2025',
  'Beras',
  'BBM',
  'Listrik',
  'Emas',
  'Cabai',
  'Nasional',
  'Daerah',
  'Internasional',
  'Lebaran',
  'Natal',
  'Akhir Tahun',
]

/** Up to 500 distinct tag names (`Banjir Jakarta`, `Harga BBM`, …): every head × tail pair, in a seeded order. */
export function tagNames(random: Random, count: number): string[] {
  const all: string[] = []
  for (const head of tagHeads) for (const tail of tagTails) all.push(`${head} ${tail}`)
  if (count > all.length) throw new Error(`At most ${all.length} tags can be generated`)
  for (let i = all.length - 1; i > 0; i--) {
    const j = random.int(0, i)
    ;[all[i], all[j]] = [all[j] as string, all[i] as string]
  }
  return all.slice(0, count)
}

/** Distinct person names (`Dewi Siregar`), at most firstNames × lastNames. */
export function personNames(random: Random, count: number): string[] {
  const seen = new Set<string>()
  while (seen.size < count) seen.add(`${random.pick(firstNames)} ${random.pick(lastNames)}`)
  return [...seen]
}

export function personName(random: Random): string {
  return `${random.pick(firstNames)} ${random.pick(lastNames)}`
}

/** A slug as the API would derive it from ASCII text: lowercase words joined by hyphens, at most 120 characters. */
export function slugOf(text: string): string {
  const base = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
  if (base.length <= 120) return base
  const cut = base.slice(0, 121)
  return cut.slice(0, cut.lastIndexOf('-'))
}

const capitalise = (word: string): string => word.charAt(0).toUpperCase() + word.slice(1)

/** A headline: `Gubernur Tinjau Banjir Rob di Semarang, Warga Minta Kepastian`. */
export function headline(random: Random): string {
  const place = random.chance(0.8) ? random.pick(places) : random.pick(foreignPlaces)
  let title = `${random.pick(subjects)} ${random.pick(headlineVerbs)} ${random.pick(headlineObjects)} di ${place}`
  if (random.chance(0.6)) title += `, ${random.pick(tails)}`
  return title
}

export function dateline(random: Random, category: string): string {
  return (category === 'Internasional' ? random.pick(foreignPlaces) : random.pick(places)).toUpperCase()
}

function number(random: Random): string {
  const kind = random.int(0, 3)
  if (kind === 0) return `${random.int(2, 98)} persen`
  if (kind === 1) return `Rp${random.int(1, 999)} ${random.pick(['ribu', 'juta', 'miliar', 'triliun'])}`
  if (kind === 2) return `${random.int(2, 5000).toLocaleString('id-ID')} orang`
  return `tahun ${random.int(2015, 2026)}`
}

/** One sentence of 8–22 words, with the odd quote, name, place or number. */
export function sentence(random: Random): string {
  const length = random.int(8, 22)
  const words: string[] = []
  for (let i = 0; i < length; i++) {
    const r = random.float()
    if (r < 0.38) words.push(random.pick(functionWords))
    else if (r < 0.86) words.push(random.pick(contentWords))
    else if (r < 0.93) words.push(random.pick(verbs))
    else if (r < 0.96) words.push(random.pick(places))
    else if (r < 0.98) words.push(personName(random))
    else words.push(number(random))
    if (i > 3 && i < length - 2 && random.chance(0.06)) words[words.length - 1] += ','
  }
  const text = capitalise(words.join(' '))
  if (random.chance(0.12)) return `"${text}," ${random.pick(attributions)} ${personName(random)}.`
  return `${text}.`
}

export interface Body {
  html: string
  wordCount: number
}

const countWords = (text: string): number => text.split(/\s+/).filter((w) => w.length > 0).length

/** An HTML body of `<p>` paragraphs, about `targetBytes` long, with the occasional emphasis and "Baca juga" link. */
export function articleBody(random: Random, targetBytes: number, relatedUrl: () => string): Body {
  const paragraphs: string[] = []
  let bytes = 0
  let words = 0
  while (bytes < targetBytes) {
    let text: string
    if (paragraphs.length === 2 && random.chance(0.5)) {
      const title = headline(random)
      text = `<strong>Baca juga:</strong> <a href="${relatedUrl()}">${title}</a>`
      words += countWords(title) + 2
    } else {
      const count = random.int(2, 4)
      const sentences: string[] = []
      for (let i = 0; i < count; i++) sentences.push(sentence(random))
      text = sentences.join(' ')
      words += countWords(text)
      if (random.chance(0.1)) text = text.replace(/^(\S+ \S+)/, '<em>$1</em>')
    }
    const paragraph = `<p>${text}</p>`
    paragraphs.push(paragraph)
    bytes += paragraph.length
  }
  return { html: paragraphs.join('\n'), wordCount: words }
}

/**
 * Search queries in this vocabulary, in turn one word, two words (both must match) and a quoted phrase (a headline's
 * multi-word subject or object, e.g. `"bantuan sosial"`), as readers type them: lowercase.
 */
export function searchQueries(random: Random, count: number): string[] {
  const phrases = [...subjects, ...headlineObjects].filter((p) => p.includes(' ')).map((p) => p.toLowerCase())
  const queries: string[] = []
  for (let i = 0; i < count; i++) {
    if (i % 3 === 0) queries.push(random.pick(contentWords))
    else if (i % 3 === 1) queries.push(`${random.pick(contentWords)} ${random.pick(contentWords)}`)
    else queries.push(`"${random.pick(phrases)}"`)
  }
  return queries
}
