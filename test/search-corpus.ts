/**
 * A fixed newsroom for the search relevance tests: short Indonesian news articles, each with other forms of roots
 * it contains (`forms`: a search for any of them must find it), and queries with the article expected first.
 */
export interface CorpusArticle {
  key: string
  title: string
  summary?: string
  body: string
  forms: string[]
}

export const corpus: CorpusArticle[] = [
  {
    key: 'bunga',
    title: 'Bank Indonesia Menahan Suku Bunga Acuan',
    summary: 'Bank sentral memilih menunggu data inflasi.',
    body: 'Rapat dewan gubernur memutuskan untuk menahan suku bunga. Keputusan itu diambil setelah pengamat memperkirakan inflasi melambat.',
    forms: ['tahan', 'ditahan', 'pilihan', 'memutuskan', 'putus', 'diputuskan', 'perkiraan', 'amat', 'tunggu', 'ambil'],
  },
  {
    key: 'banjir',
    title: 'Banjir Merendam Ribuan Rumah di Jakarta Utara',
    body: 'Warga mengungsi ke masjid terdekat. Petugas mengevakuasi penduduk dan membagikan bantuan makanan kepada para pengungsi.',
    forms: ['rendam', 'terendam', 'pengungsian', 'dekat', 'bagi', 'pembagian', 'bantu', 'dibantu', 'makan', 'duduk'],
  },
  {
    key: 'pemilu',
    title: 'Komisi Pemilihan Umum Menetapkan Jadwal Kampanye',
    summary: 'Partai politik diminta mematuhi aturan kampanye.',
    body: 'Ketua komisi mengumumkan penetapan jadwal. Para calon dilarang berkampanye di tempat ibadah dan sekolah.',
    forms: ['pilih', 'memilih', 'tetap', 'ditetapkan', 'minta', 'permintaan', 'atur', 'peraturan', 'pengumuman', 'larangan', 'kampanyenya'],
  },
  {
    key: 'korupsi',
    title: 'Penyidik KPK Menangkap Pejabat Dinas Pekerjaan Umum',
    body: 'Penangkapan dilakukan di rumah tersangka. Penyidik menyita uang tunai dan dokumen yang diduga terkait suap proyek jalan.',
    forms: ['tangkap', 'ditangkap', 'jabat', 'jabatan', 'kerja', 'bekerja', 'sita', 'disita', 'kait', 'keterkaitan'],
  },
  {
    key: 'timnas',
    title: 'Timnas Indonesia Memenangkan Pertandingan Melawan Vietnam',
    body: 'Para pemain bermain dengan semangat tinggi. Pelatih memuji pertahanan tim yang tampil disiplin sepanjang laga.',
    forms: ['menang', 'kemenangan', 'tanding', 'bertanding', 'main', 'permainan', 'latih', 'dilatih', 'pujian', 'tahan', 'penampilan'],
  },
  {
    key: 'ekspor',
    title: 'Ekspor Kelapa Sawit Naik Tajam pada Kuartal Ketiga',
    summary: 'Kenaikan harga mendorong pendapatan petani.',
    body: 'Pemerintah memperluas pasar ke Afrika. Para pengusaha berharap kebijakan ekonomi baru memberikan kepastian usaha.',
    forms: ['kenaikan', 'dorongan', 'dapat', 'perluas', 'luas', 'usaha', 'harapan', 'bijak', 'pasti', 'diberikan'],
  },
  {
    key: 'gempa',
    title: 'Gempa Berkekuatan Magnitudo 6,2 Mengguncang Sulawesi',
    body: 'Getaran terasa hingga Makassar. Badan penanggulangan bencana mencatat kerusakan pada puluhan bangunan sekolah.',
    forms: ['kuat', 'kekuatan', 'guncang', 'guncangan', 'rasa', 'dirasakan', 'catat', 'catatan', 'rusak', 'merusak', 'bangun'],
  },
  {
    key: 'vaksin',
    title: 'Kementerian Kesehatan Mempercepat Vaksinasi Anak',
    body: 'Petugas kesehatan mendatangi sekolah dasar. Orang tua diharapkan mendampingi anaknya selama penyuntikan.',
    forms: ['sehat', 'menteri', 'cepat', 'percepatan', 'datang', 'kedatangan', 'harap', 'pendamping', 'suntik', 'anak'],
  },
  {
    key: 'kereta',
    title: 'Kereta Cepat Jakarta–Bandung Melayani Sejuta Penumpang',
    body: 'Operator menambah jadwal perjalanan saat libur panjang. Penumpang mengeluhkan antrean di stasiun Halim.',
    forms: ['layanan', 'pelayanan', 'tumpang', 'tambah', 'penambahan', 'jalan', 'berjalan', 'keluhan', 'antre', 'panjang'],
  },
  {
    key: 'diplomasi',
    title: 'Diplomasi Indonesia di KTT ASEAN Membahas Laut China Selatan',
    body: 'Menteri luar negeri menyampaikan usulan kerja sama maritim. Delegasi negara tetangga menyambut baik pembicaraan itu.',
    forms: ['bahas', 'pembahasan', 'sampai', 'disampaikan', 'usul', 'mengusulkan', 'sambut', 'sambutan', 'bicara', 'berbicara'],
  },
  {
    key: 'berita',
    title: 'Berita Palsu tentang Beras Beredar di Media Sosial',
    body: 'Kepolisian menyelidiki penyebaran berita bohong itu. Masyarakat diminta memeriksa kebenaran informasi sebelum membagikannya.',
    forms: ['edar', 'peredaran', 'polisi', 'selidik', 'penyelidikan', 'sebar', 'disebarkan', 'periksa', 'pemeriksaan', 'benar', 'bagi'],
  },
  {
    key: 'pendidikan',
    title: 'Pemerintah Menaikkan Anggaran Pendidikan Tinggi',
    body: 'Perguruan tinggi negeri menerima tambahan dana untuk beasiswa. Rektor menyambut kenaikan anggaran yang dinilai terlambat.',
    forms: ['perintah', 'naik', 'didik', 'terdidik', 'tinggi', 'ketinggian', 'terima', 'penerimaan', 'tambah', 'nilai', 'lambat'],
  },
]

/** Queries and the article that must come first. */
export const rankedQueries: [string, string][] = [
  ['suku bunga', 'bunga'],
  ['menahan bunga', 'bunga'],
  ['"suku bunga acuan"', 'bunga'],
  ['inflasi', 'bunga'],
  ['banjir jakarta', 'banjir'],
  ['pengungsi', 'banjir'],
  ['bantuan makanan', 'banjir'],
  ['jadwal kampanye', 'pemilu'],
  ['pemilihan umum', 'pemilu'],
  ['sekolah -gempa -vaksinasi', 'pemilu'],
  ['penyidik menangkap', 'korupsi'],
  ['suap', 'korupsi'],
  ['"pekerjaan umum"', 'korupsi'],
  ['timnas vietnam', 'timnas'],
  ['pertandingan', 'timnas'],
  ['pelatih*', 'timnas'],
  ['kelapa sawit', 'ekspor'],
  ['kebijakan ekonomi', 'ekspor'],
  ['ekspor', 'ekspor'],
  ['gempa sulawesi', 'gempa'],
  ['kerusakan bangunan', 'gempa'],
  ['magnitudo', 'gempa'],
  ['vaksinasi anak', 'vaksin'],
  ['kementerian kesehatan', 'vaksin'],
  ['kereta cepat', 'kereta'],
  ['penumpang stasiun', 'kereta'],
  ['diplomasi asean', 'diplomasi'],
  ['laut china selatan', 'diplomasi'],
  ['berita palsu', 'berita'],
  ['berita bohong', 'berita'],
  ['anggaran pendidikan', 'pendidikan'],
  ['beasiswa', 'pendidikan'],
  ['rektor -inflasi', 'pendidikan'],
  ['kampa*', 'pemilu'],
]
