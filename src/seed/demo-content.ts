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
]

export const demoTags = [
  'Rusia', 'Belarusia', 'Ukraina', 'Pemilu 2029', 'DPR', 'Rupiah', 'Bank Indonesia', 'IHSG', 'Timnas Indonesia',
  'Bulu Tangkis', 'Kecerdasan Buatan', 'Startup', 'Banjir', 'Bali', 'Jakarta', 'ASEAN',
]
