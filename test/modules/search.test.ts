import t, { type Test } from 'tap'
import { rebuildSearchIndex } from '../../src/modules/search/reindex.js'
import { systemCaller } from '../../src/domain/access.js'
import { articleFixtures, buildApp, hours, minutes, T0 } from '../article-fixtures.js'
import type { TestApp } from '../helper.js'
import { assertProblem } from '../problem.js'

// GET /v1/search through HTTP: who sees what, the syntax, snippets, the index after every kind of write, paging.

interface Hit {
  score: number
  snippets: { title?: string; body?: string }
  article: { id: number; title: string; tags: { name: string }[]; category: { name: string } | null }
}

async function searchAs(api: TestApp, q: string, as?: 'read' | 'write' | 'admin', extra = '', headers = {}) {
  const res = await api.call({ method: 'GET', url: `/v1/search?q=${encodeURIComponent(q)}${extra}`, as, headers })
  return res
}
const titles = async (api: TestApp, q: string, as?: 'read' | 'write', extra = '') => {
  const res = await searchAs(api, q, as, extra)
  if (res.statusCode !== 200) throw new Error(res.body)
  return (res.json().data as Hit[]).map((hit) => hit.article.title)
}

async function newsroom(t: Test) {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const nasional = await fx.category('Nasional')
  await fx.category('Dunia')
  const fields = (title: string, categoryId = nasional.id) => ({ title, categoryId, body: '<p>Laporan banjir terbaru.</p>' })
  await fx.published(fields('Banjir tayang'), T0 - hours(1))
  await fx.published(fields('Banjir dunia', 2), T0 - hours(1))
  await fx.draft(fields('Banjir draf'))
  await fx.published(fields('Banjir terjadwal'), T0 + hours(1))
  const archived = await fx.published(fields('Banjir arsip'), T0 - hours(2))
  api.clock.now = T0 + minutes(1)
  t.equal((await fx.act(archived.id, 'archive')).statusCode, 200)
  return { api, fx, nasional }
}

t.test(
  'each caller searches what it may see: public and read keys published articles, scoped keys their categories, editors all',
  async (t) => {
    const { api, nasional } = await newsroom(t)
    const published = ['Banjir dunia', 'Banjir tayang']
    t.same((await titles(api, 'banjir')).sort(), published, 'anonymous')
    t.same((await titles(api, 'banjir', 'read')).sort(), published, 'read key')
    t.same((await titles(api, 'banjir', 'write')).sort(), [
      'Banjir arsip',
      'Banjir draf',
      'Banjir dunia',
      'Banjir tayang',
      'Banjir terjadwal',
    ])
    const scoped = await api.app.services.keys.create(systemCaller, { name: 'mitra', scope: 'read', categories: [nasional.id] })
    const res = await searchAs(api, 'banjir', undefined, '', { authorization: `Bearer ${scoped.secret}` })
    t.same(
      (res.json().data as Hit[]).map((hit) => hit.article.title),
      ['Banjir tayang'],
      'a scoped key: only its categories',
    )
    for (const status of ['draft', 'scheduled', 'archived', 'published'] as const) {
      assertProblem(t, await searchAs(api, 'banjir', 'read', `&status=${status}`), 400, 'validation_failed')
      t.equal(
        (await titles(api, 'banjir', 'write', `&status=${status}`)).length,
        status === 'published' ? 2 : 1,
        `editors filter by ${status}`,
      )
    }
    api.clock.now = T0 + hours(2)
    t.same(
      (await titles(api, 'banjir')).sort(),
      ['Banjir dunia', 'Banjir tayang', 'Banjir terjadwal'],
      'a scheduled article once its time comes',
    )
    t.same(await titles(api, 'banjir', undefined, '&category=dunia'), ['Banjir dunia'], 'the list filters apply')
    t.same(await titles(api, 'banjir', undefined, '&category=tidak-ada'), [], 'an unknown slug matches nothing')
  },
)

t.test('syntax: words, phrases, prefixes, exclusions, and anything else taken literally', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  await fx.published({ title: 'Harga beras naik di pasar', body: '<p>Pedagang beras mengeluhkan kenaikan harga.</p>' })
  await fx.published({ title: 'Harga cabai turun', body: '<p>Petani cabai merugi; pasar sepi.</p>' })
  await fx.published({ title: 'Pasar saham menguat', body: '<p>Indeks naik: investor asing masuk (AND OR NEAR).</p>' })
  const cases: [string, string[]][] = [
    ['harga pasar', ['Harga beras naik di pasar', 'Harga cabai turun']],
    ['"harga beras"', ['Harga beras naik di pasar']],
    ['"beras harga"', []],
    ['cab*', ['Harga cabai turun']],
    ['pasar -cabai -saham', ['Harga beras naik di pasar']],
    ['-"pasar saham" pasar', ['Harga beras naik di pasar', 'Harga cabai turun']],
    ['kenaikan', ['Harga beras naik di pasar', 'Pasar saham menguat']],
    ['AND OR NEAR', ['Pasar saham menguat']],
    ['saham: (indeks) ^asing', ['Pasar saham menguat']],
    ['ÍNDÉKS', ['Pasar saham menguat']],
  ]
  for (const [q, expected] of cases) t.same((await titles(api, q)).sort(), expected, q)
  const malformed = ['"harga beras', '-harga', '-harga -"pasar saham"', '*', 'harga *', 'a*', '!!! ???', '-cab*']
  for (const q of malformed) {
    const res = await searchAs(api, q)
    assertProblem(t, res, 400, 'validation_failed')
    t.match(res.json(), { detail: /^The search query cannot be read: /, errors: [{ in: 'query', path: '/q' }] }, q)
  }
  assertProblem(t, await searchAs(api, ''), 400, 'validation_failed')
  assertProblem(t, await searchAs(api, 'a'.repeat(201)), 400, 'validation_failed')
  t.equal((await searchAs(api, 'harga '.repeat(33).trim())).statusCode, 200, '200 characters')
})

t.test('snippets mark the matched words and escape everything else', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const words = Array.from({ length: 40 }, (_, i) => `kata${i}`).join(' ')
  await fx.published({
    title: 'Menteri <b>"Keuangan"</b> & pajak',
    body: `<p>${words} Menteri keuangan menjelaskan &lt;script&gt; pajak ${words}</p>`,
  })
  const [hit] = (await searchAs(api, 'keuangan pajak')).json().data as Hit[]
  t.same(hit!.snippets, {
    title: 'Menteri &lt;b&gt;&quot;<mark>Keuangan</mark>&quot;&lt;/b&gt; &amp; <mark>pajak</mark>',
    body: '…kata33 kata34 kata35 kata36 kata37 kata38 kata39 Menteri <mark>keuangan</mark> menjelaskan &lt;script&gt; <mark>pajak</mark> kata0 kata1 kata2 kata3 kata4 kata5 kata6 kata7 kata8 kata9 kata10 kata11 kata12 kata13 kata14 kata15 kata16 kata17…',
  })
  t.ok(hit!.score > 0)
  const [titleOnly] = (await searchAs(api, 'menteri')).json().data as Hit[]
  t.match(titleOnly!.snippets.title, /<mark>Menteri<\/mark>/)
  const [bodyOnly] = (await searchAs(api, 'menjelaskan')).json().data as Hit[]
  t.notOk('title' in bodyOnly!.snippets, 'no title snippet without a match in it')
})

t.test('the index follows every write: create, edit, publish, unpublish, delete, and renames of what articles show', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const category = await fx.category('Ekonomi')
  const draft = await fx.draft({ title: 'Gempa di Cianjur', body: '<p>Warga mengungsi.</p>', categoryId: category.id, tags: ['Bencana'] })
  t.same(await titles(api, 'gempa', 'write'), ['Gempa di Cianjur'], 'created: editors find the draft')
  t.same(await titles(api, 'gempa'), [], 'the public does not')
  await fx.publish(draft.id)
  t.same(await titles(api, 'pengungsi'), ['Gempa di Cianjur'], 'published')
  t.equal((await fx.patch(draft.id, { title: 'Longsor di Cianjur', body: '<p>Jalan tertutup.</p>' })).statusCode, 200)
  t.same(await titles(api, 'gempa'), [], 'edited: the old words are gone')
  t.same(await titles(api, 'ditutup'), ['Longsor di Cianjur'], 'the new ones are found')
  t.equal((await fx.patch(draft.id, { summary: 'Ringkasan tentang tanah bergerak' })).statusCode, 200)
  t.same(await titles(api, 'gerakan tanah'), ['Longsor di Cianjur'], 'the summary is indexed')
  await fx.rename('categories', category.id, { name: 'Bisnis' })
  const tag = (await api.call({ method: 'GET', url: '/v1/tags/slug/bencana' })).json() as { id: number }
  await fx.rename('tags', tag.id, { name: 'Bencana Alam' })
  const [hit] = (await searchAs(api, 'longsor')).json().data as Hit[]
  t.match(hit!.article, { category: { name: 'Bisnis' }, tags: [{ name: 'Bencana Alam' }] }, 'renames show in the results')
  t.equal((await fx.act(draft.id, 'unpublish')).statusCode, 200)
  t.same(await titles(api, 'longsor'), [], 'unpublished')
  t.same(await titles(api, 'longsor', 'write'), ['Longsor di Cianjur'])
  const etag = await fx.etag(draft.id)
  t.equal(
    (await api.call({ method: 'DELETE', url: `/v1/articles/${draft.id}`, as: 'write', headers: { 'if-match': etag } })).statusCode,
    204,
  )
  t.same(await titles(api, 'longsor', 'write'), [], 'deleted')
  t.same(await api.sql(onSqliteOrPostgres(api)), [], 'no index row is left behind')
})

const onSqliteOrPostgres = (api: TestApp) =>
  api.app.store.dialect === 'sqlite'
    ? 'select rowid from article_search union all select rowid from article_search_heads'
    : 'select article_id from article_search'

t.test('a rebuild a migration asks for runs in the background, batch by batch, while writes index themselves', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  for (const title of ['Banjir di Medan', 'Banjir di Padang', 'Banjir di Palu']) await fx.published({ title })
  // What an upgrade leaves: an empty index and the marker (migrations/sqlite/…_search-pairs.sql).
  if (api.app.store.dialect === 'sqlite') {
    await api.sql(`insert into article_search (article_search) values ('delete-all')`)
    await api.sql(`insert into article_search_heads (article_search_heads) values ('delete-all')`)
  } else await api.sql('delete from article_search')
  await api.sql(`insert into markers (name, value) values ('search_rebuild', 0)`)
  t.same(await titles(api, 'banjir'), [], 'the old articles are not indexed yet')
  await fx.published({ title: 'Banjir di Bima' })
  t.same(await titles(api, 'banjir'), ['Banjir di Bima'], 'a new write indexes itself')

  const op = { kind: 'resumeSearchRebuild', limit: 2 } as const
  t.equal(await api.app.store.writeOne(op), 2, 'one batch')
  t.same(await titles(api, 'banjir'), ['Banjir di Bima', 'Banjir di Padang', 'Banjir di Medan'])
  await api.app.runJobs()
  t.same(await titles(api, 'banjir'), ['Banjir di Bima', 'Banjir di Palu', 'Banjir di Padang', 'Banjir di Medan'], 'the jobs finish it')
  t.same(await api.sql(`select value from markers where name = 'search_rebuild'`), [], 'and the marker goes')
  t.equal(await api.app.store.writeOne(op), 0, 'nothing is left to do')

  // `npm run search:reindex` empties the index and fills it again, in batches.
  t.equal(await rebuildSearchIndex(api.app.store, 3), 4, 'a full rebuild indexes every article')
  t.same(await titles(api, 'banjir'), ['Banjir di Bima', 'Banjir di Palu', 'Banjir di Padang', 'Banjir di Medan'])
})

t.test('pages follow the cursor over the ranked top without duplicates; newer articles rank first among equals', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  for (let i = 0; i < 25; i++) await fx.published({ title: `Pemilu ${i}`, body: '<p>Laporan pemilihan.</p>' }, T0 - hours(24 * (25 - i)))
  const seen: string[] = []
  let url = `/v1/search?q=pemilu&limit=10`
  for (;;) {
    const res = await api.call({ method: 'GET', url })
    const body = res.json() as { data: Hit[]; page: { nextCursor: string | null } }
    seen.push(...body.data.map((hit) => hit.article.title))
    if (body.page.nextCursor === null) break
    t.match(res.headers.link, /rel="next"/)
    url = `/v1/search?q=pemilu&limit=10&cursor=${body.page.nextCursor}`
  }
  t.same(
    seen,
    Array.from({ length: 25 }, (_, i) => `Pemilu ${24 - i}`),
    'every match once, newest first',
  )
  assertProblem(t, await api.call({ method: 'GET', url: '/v1/search?q=pemilu&cursor=bm90LWEtY3Vyc29y' }), 400, 'validation_failed')
})
