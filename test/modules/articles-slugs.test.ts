import t from 'tap'
import { articleFixtures, buildApp, hours, iso, T0 } from '../article-fixtures.js'
import { assertProblem } from '../problem.js'

// Article slugs: derived from Indonesian titles, unique, explicit ones checked, and the old slugs of a
// published article kept answering with a 301 to the current one.

t.test('slugs are derived from Indonesian titles: diacritics folded, house rules, punctuation dropped', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const cases: Array<[string, string]> = [
    ['Ekonomi Tumbuh 5% & Rupiah Menguat', 'ekonomi-tumbuh-5-persen-dan-rupiah-menguat'],
    ["Café Ñusantara: Jum'at Berkah", 'cafe-nusantara-jumat-berkah'],
    ['Jum’at Keramat — “Doa” di Masjid Istiqlal!', 'jumat-keramat-doa-di-masjid-istiqlal'],
    ['  São Tomé, Šibenik & Łódź?  ', 'sao-tome-sibenik-dan-lodz'],
    ['Harga BBM Naik Rp1.000/Liter (Update)', 'harga-bbm-naik-rp1-000-liter-update'],
    ['Ｆｕｌｌｗｉｄｔｈ Ｔｅｋｓ', 'fullwidth-teks'],
    ['!!!', 'artikel'],
  ]
  for (const [title, slug] of cases) t.equal((await fx.draft({ title })).slug, slug, title)

  const long = (await fx.draft({ title: `${'Pemerintah Umumkan Kebijakan Baru '.repeat(8)}Hari Ini` })).slug
  t.ok(long.length <= 120, `at most 120 characters (${long.length})`)
  t.match(long, /^pemerintah-umumkan-kebijakan-baru-(?:[a-z]+-)*[a-z]+$/, 'cut on a word boundary')
})

t.test('derived slugs that collide get -2, -3; an explicit one that collides is 409 slug_taken', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const derived = []
  for (const title of [
    'Ekonomi Tumbuh 5% & Rupiah Menguat',
    'Ekonomi tumbuh 5 persen dan rupiah menguat',
    'Ékonomi Tumbuh 5% & Rupiah Menguat!',
  ]) {
    derived.push((await fx.draft({ title })).slug)
  }
  t.same(derived, [
    'ekonomi-tumbuh-5-persen-dan-rupiah-menguat',
    'ekonomi-tumbuh-5-persen-dan-rupiah-menguat-2',
    'ekonomi-tumbuh-5-persen-dan-rupiah-menguat-3',
  ])

  const explicit = await api.call({
    method: 'POST',
    url: '/v1/articles',
    as: 'write',
    payload: { title: 'Lain', slug: 'ekonomi-tumbuh-5-persen-dan-rupiah-menguat-2' },
  })
  assertProblem(t, explicit, 409, 'slug_taken')
  assertProblem(t, await fx.patch(1, { slug: 'ekonomi-tumbuh-5-persen-dan-rupiah-menguat-3' }), 409, 'slug_taken')
  t.equal((await fx.patch(1, { slug: 'ekonomi-tumbuh-5-persen-dan-rupiah-menguat' })).statusCode, 200, 'keeping its own slug is fine')
  t.equal((await fx.draft({ title: 'Lain', slug: 'ekonomi-tumbuh' })).slug, 'ekonomi-tumbuh', 'a free explicit slug is used as given')
  t.same(await fx.ids('/v1/articles', 'write'), [4, 3, 2, 1], 'the refused create made nothing')

  for (const slug of ['Ekonomi', 'ekonomi--tumbuh', '-ekonomi', 'ekonomi_tumbuh', 'a'.repeat(121), '']) {
    assertProblem(
      t,
      await api.call({ method: 'POST', url: '/v1/articles', as: 'write', payload: { title: 'Lain', slug } }),
      400,
      'validation_failed',
      { errors: [{ in: 'body', path: '/slug' }] },
    )
  }
})

t.test('after a published article changes slug, the old slug answers 301 to the new one', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  await fx.published({ title: 'Putin Tiba di Minsk' })
  t.equal((await fx.patch(1, { slug: 'putin-disambut-lukashenko' })).statusCode, 200)

  for (const as of [undefined, 'read', 'write'] as const) {
    const moved = await api.call({ method: 'GET', url: '/v1/articles/slug/putin-tiba-di-minsk', as })
    t.equal(moved.statusCode, 301, `${as ?? 'public'}: 301`)
    t.equal(moved.headers.location, '/v1/articles/slug/putin-disambut-lukashenko')
    const withQuery = await api.call({ method: 'GET', url: '/v1/articles/slug/putin-tiba-di-minsk?include=captions', as })
    t.equal(withQuery.headers.location, '/v1/articles/slug/putin-disambut-lukashenko?include=captions', 'the query string is kept')
    t.match((await api.call({ method: 'GET', url: moved.headers.location as string, as })).json(), {
      id: 1,
      slug: 'putin-disambut-lukashenko',
    })
  }

  // A second change: both old slugs point at the newest one, and taking an old slug back works.
  t.equal((await fx.patch(1, { slug: 'lukashenko-sambut-putin' })).statusCode, 200)
  for (const old of ['putin-tiba-di-minsk', 'putin-disambut-lukashenko']) {
    const res = await api.call({ method: 'GET', url: `/v1/articles/slug/${old}` })
    t.equal(res.statusCode, 301, old)
    t.equal(res.headers.location, '/v1/articles/slug/lukashenko-sambut-putin')
  }
  t.equal((await fx.patch(1, { slug: 'putin-tiba-di-minsk' })).statusCode, 200, 'the article may take its own old slug back')
  t.match((await api.call({ method: 'GET', url: '/v1/articles/slug/putin-tiba-di-minsk' })).json(), { id: 1 })
  t.equal(
    (await api.call({ method: 'GET', url: '/v1/articles/slug/lukashenko-sambut-putin' })).headers.location,
    '/v1/articles/slug/putin-tiba-di-minsk',
  )

  // Once the article is hidden, its old slugs say nothing to the public either.
  t.equal((await fx.act(1, 'unpublish')).statusCode, 200)
  for (const as of [undefined, 'read'] as const) {
    assertProblem(t, await api.call({ method: 'GET', url: '/v1/articles/slug/putin-disambut-lukashenko', as }), 404, 'not_found')
  }
  t.equal(
    (await api.call({ method: 'GET', url: '/v1/articles/slug/putin-disambut-lukashenko', as: 'write' })).statusCode,
    301,
    'a write key still follows it',
  )
})

t.test("a draft's old slug is simply gone, and free for others", async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  await fx.draft({ title: 'Putin Tiba di Minsk' })
  t.equal((await fx.patch(1, { slug: 'putin-di-minsk' })).statusCode, 200)
  for (const as of [undefined, 'read', 'write'] as const) {
    assertProblem(t, await api.call({ method: 'GET', url: '/v1/articles/slug/putin-tiba-di-minsk', as }), 404, 'not_found')
  }
  t.equal((await fx.draft({ title: 'Putin Tiba di Minsk' })).slug, 'putin-tiba-di-minsk', 'another article derives it')

  // A schedule that never went live is no publication either.
  await fx.published({ title: 'Jadwal Kunjungan' }, T0 + hours(5))
  t.equal((await fx.patch(3, { slug: 'jadwal-kunjungan-putin' })).statusCode, 200)
  assertProblem(t, await api.call({ method: 'GET', url: '/v1/articles/slug/jadwal-kunjungan', as: 'write' }), 404, 'not_found')
})

t.test('a schedule moved later never made the article public: its old slug is not kept', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  await fx.published({ title: 'Jadwal Kunjungan' }, T0 + hours(5))
  t.match(
    (await fx.act(1, 'publish', { at: iso(T0 + hours(10)) })).json(),
    { status: 'scheduled', publishedAt: iso(T0 + hours(10)) },
    'rescheduled',
  )
  api.clock.now = T0 + hours(6)
  assertProblem(t, await api.call({ method: 'GET', url: '/v1/articles/1' }), 404, 'not_found', { detail: String })
  t.equal((await fx.patch(1, { slug: 'jadwal-kunjungan-baru' })).statusCode, 200)
  const old = await api.call({ method: 'GET', url: '/v1/articles/slug/jadwal-kunjungan', as: 'write' })
  t.same(
    { status: old.statusCode, location: old.headers.location },
    { status: 404, location: undefined },
    'no redirect is kept for a slug never public',
  )
  t.equal((await fx.draft({ title: 'Jadwal Kunjungan' })).slug, 'jadwal-kunjungan', 'the old slug is free for another article')
})

t.test('an old slug of a published article cannot be taken by another article', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  await fx.published({ title: 'Putin Tiba di Minsk' })
  t.equal((await fx.patch(1, { slug: 'putin-di-minsk' })).statusCode, 200)
  const other = await fx.draft({ title: 'Lain' })

  assertProblem(
    t,
    await api.call({ method: 'POST', url: '/v1/articles', as: 'write', payload: { title: 'Baru', slug: 'putin-tiba-di-minsk' } }),
    409,
    'slug_taken',
  )
  assertProblem(t, await fx.patch(other.id, { slug: 'putin-tiba-di-minsk' }), 409, 'slug_taken')
  t.equal((await fx.draft({ title: 'Putin Tiba di Minsk' })).slug, 'putin-tiba-di-minsk-2', 'a derived slug steps around it')
  t.equal(
    (await api.call({ method: 'GET', url: '/v1/articles/slug/putin-tiba-di-minsk' })).headers.location,
    '/v1/articles/slug/putin-di-minsk',
    'the redirect still stands',
  )

  // A slug that was once published, even if the article is now archived, stays reserved.
  t.equal((await fx.act(1, 'archive')).statusCode, 200)
  assertProblem(t, await fx.patch(other.id, { slug: 'putin-tiba-di-minsk' }), 409, 'slug_taken')
})
