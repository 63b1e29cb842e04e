/**
 * The stemmer's small dictionary (src/domain/indonesian.ts). `knownRoots` settle the readings rules cannot:
 * which consonant meN-/peN- dropped (mengirim ← kirim but mengambil ← ambil), loan roots that start with a
 * cluster (diproses ← proses), roots that end like a suffix (makanan ← makan, berikan ← beri). `keptWords` are
 * never stemmed: loan words and roots that merely look affixed (berita, pertama, sekolah, masalah).
 */
const list = (text: string) => new Set(text.trim().split(/\s+/))

export const knownRoots = list(`
  ada adil ajar akhir aku ambil amat ampun anak angkat angkut antar apa arah atur awas
  baca bagai bagi baik bakar balas bangun bantu baru batas bawa bom beda beli benar beri berangkat besar bicara bijak
  bina buat bongkar buka bunuh buru
  cari cat cek cipta cukur curi
  daftar dapat darat dasar datang dekat dengar didik diri duduk dukung edar
  ekspor evakuasi gabung ganti gelar gerak guna gugat
  hadap hadir hancur harap hasil hati hidup hilang hitung hubung hukum
  ikan ikut impor ingat isi izin
  jabat jadi jaga jalan jamin jawab jelas jual juang
  kabar kait kalah kaji kali kanal kata kejar keluh kembang kena kenal kerja kirim klaim klarifikasi kritik kuasa kuat kumpul
  kurang kutip
  lacak laku lalu lanjut lapor larang latih lawan lepas lihat lindung luas luka lupa
  main makan maju menang masuk mati milik minta minum misi mohon muat muda mulai
  nanti nilai nikah nyata obat olah operasi orang
  paksa pakai pandang panggil pasang pecah pegang pelihara perintah periksa pesan pikir pilih pimpin pindah
  produksi program promosi proses protes pukul pulang punya putus
  rampas rasa rawat rebut rekam rencana rendam renang resmi rugi rumah rusak
  sakit salah sama sampai sapu satu sebut sedia sehat selamat selenggara selesai selidik semangat sepakat serah serang
  siap siar sidang simpan sita soal suara sulit sumbang surat susun
  tahan tahu tambah tampil tanam tanda tangan tangkap tani tanya tarik tata tawar telah temu tembak tempat tentu terima
  terbang tiba tindak tinggal tolak tolong tonton transfer tuduh tugas tulis tunggu tunjuk turun turut tutup
  uang ubah ucap uji ukur ulang umum ungkap upaya urus usaha usul utama
  waris wakil warna wujud
`)

export const keptWords = list(`
  berita beranda berani berapa beberapa berat beras
  ekonomi diplomasi demokrasi distribusi diskusi dialog digital dinamika direktur disiplin dinas
  kemudian keluarga kemarin kelompok kereta kendala kawasan
  masalah sekolah sejarah selatan selasa sekarang semua senjata
  pertama perdana perempuan peristiwa periode perkara perahu pemilu
  menteri mereka terima teroris terminal pemuda pesawat pesisir
  industri investasi informasi organisasi komunikasi politisi polisi teknologi energi strategi
`)
