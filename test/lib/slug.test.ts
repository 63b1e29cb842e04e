import t from 'tap'
import { maxSlugLength, slugFrom, uniqueSlug } from '../../src/lib/slug.js'

const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/

t.test('slugs from Indonesian titles: diacritics folded, house rules, apostrophes dropped', async (t) => {
  t.equal(slugFrom('Demo di Minsk, Belarusia'), 'demo-di-minsk-belarusia')
  t.equal(slugFrom('Ekonomi & Bisnis: Rupiah Naik 5%'), 'ekonomi-dan-bisnis-rupiah-naik-5-persen')
  t.equal(slugFrom("Jum'at Berkah di Masjid Istiqlal"), 'jumat-berkah-di-masjid-istiqlal')
  t.equal(slugFrom('Kafé Bàli di Nusa Tenggara'), 'kafe-bali-di-nusa-tenggara')
  t.equal(slugFrom('Ｐｅｍｉｌｕ ２０２９'), 'pemilu-2029', 'full-width forms are normalised')
  t.equal(slugFrom('!!! ???'), '', 'nothing usable gives an empty slug (the caller falls back)')
})

t.test('long titles are cut on a word boundary at 120 characters', async (t) => {
  const words = slugFrom(Array(30).fill('panjang').join(' '))
  t.ok(words.length <= maxSlugLength)
  t.match(words, slugPattern)
  t.equal(words, Array(15).fill('panjang').join('-'), 'whole words only')
  t.equal(slugFrom('a'.repeat(200)), 'a'.repeat(120), 'one long word is cut hard')
})

t.test('uniqueSlug adds -2, -3… and keeps room for the suffix', async (t) => {
  t.equal(await uniqueSlug('rusia', () => false), 'rusia')
  const taken = new Set(['rusia', 'rusia-2'])
  t.equal(await uniqueSlug('rusia', (s) => taken.has(s)), 'rusia-3')

  const long = `${'x'.repeat(117)}-ab`
  const unique = await uniqueSlug(long, (s) => s === long)
  t.equal(unique, `${'x'.repeat(117)}-2`, 'cut to fit, without a dangling hyphen')
  t.ok(unique.length <= maxSlugLength)
  t.match(unique, slugPattern)
})
