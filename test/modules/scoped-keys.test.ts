import t from 'tap'
import { articleFixtures, hours, iso, T0, type ListBody } from '../article-fixtures.js'
import { leadPhoto, partFixtures } from '../article-parts.js'
import { build, type TestApp } from '../helper.js'
import { assertProblem, type Asserts } from '../problem.js'

/**
 * Keys limited to categories (partner keys), through HTTP: a scoped key sees the articles of its categories on
 * every route and gets the same 404 as for a missing article for any other; lists, feeds and sitemaps leave them out.
 */

type Headers = Record<string, string>
/** No key at all. */
const anonymous: Headers = {}
type Test = Parameters<typeof build>[0]

/** A `read` key limited to `categories`, as bearer headers. */
async function scopedKey(api: TestApp, categories: number[]): Promise<{ authorization: string }> {
  const res = await api.call({ method: 'POST', url: '/v1/keys', as: 'admin', payload: { name: 'Mitra', scope: 'read', categories } })
  if (res.statusCode !== 201) throw new Error(`fixture: POST /v1/keys answered ${res.statusCode}: ${res.body}`)
  return { authorization: `Bearer ${res.json().secret as string}` }
}

/**
 * Two desks: `inside` and `sibling` in Nasional, `outside` in Internasional, `loose` in no category; the partner key
 * sees Nasional only. `inside` links to the three others; `outside` has a caption; both changed slug once.
 */
async function newsroom(t: Test) {
  const api = await build(t)
  const fx = articleFixtures(api)
  const parts = partFixtures(api, fx)
  const nasional = await fx.category('Nasional')
  const internasional = await fx.category('Internasional')
  const bylines = [{ authorId: (await fx.author('Rina Wulandari')).id, role: 'writer' }]
  const article = (title: string, categoryId: number | null, tags: string[], hoursAgo: number) =>
    fx.published({ title, categoryId, tags, bylines }, T0 - hours(hoursAgo))
  const outside = await article('Putin Tiba di Minsk', internasional.id, ['Politik', 'Dunia'], 3)
  const loose = await article('Catatan Redaksi Tanpa Rubrik', null, [], 2)
  const sibling = await article('Banjir Surut di Jakarta', nasional.id, [], 4)
  const inside = await article('DPR Sahkan Anggaran', nasional.id, ['Politik'], 1)
  const caption = await parts.caption(outside.id, leadPhoto)
  await parts.link(inside.id, [outside.id, sibling.id, loose.id])
  for (const [id, slug] of [
    [outside.id, 'putin-disambut-lukashenko'],
    [inside.id, 'dpr-sahkan-apbn'],
  ] as const) {
    const res = await fx.patch(id, { slug })
    if (res.statusCode !== 200) throw new Error(`fixture: PATCH slug answered ${res.statusCode}: ${res.body}`)
  }
  const partner = await scopedKey(api, [nasional.id])
  const get = (url: string, headers: Headers = partner) => api.call({ method: 'GET', url, headers })
  const ids = async (url: string, headers: Headers = partner) => {
    const res = await get(url, headers)
    if (res.statusCode !== 200) throw new Error(`fixture: GET ${url} answered ${res.statusCode}: ${res.body}`)
    return (res.json() as ListBody).data.map((a) => a.id)
  }
  const relatedIds = async (url: string, headers: Headers = partner) =>
    ((await get(url, headers)).json() as { data: { article: { id: number } }[] }).data.map((item) => item.article.id)
  return { api, fx, nasional, internasional, inside, sibling, outside, loose, caption, partner, get, ids, relatedIds }
}

/** `url` answers the scoped key exactly as `missing` does: 404, same headers that matter, byte-identical body. */
async function sameAsMissing(t: Asserts, get: (url: string) => ReturnType<TestApp['call']>, url: string, missing: string) {
  const [hidden, absent] = [await get(url), await get(missing)]
  assertProblem(t, hidden, 404, 'not_found')
  t.equal(hidden.body, absent.body, `${url} has the body of ${missing}`)
  t.equal(hidden.headers['content-type'], absent.headers['content-type'])
}

t.test('POST /v1/keys limits a read key to categories; GET /v1/keys shows them; anything else is refused', async (t) => {
  const api = await build(t)
  const fx = articleFixtures(api)
  const nasional = await fx.category('Nasional')
  const ekonomi = await fx.category('Ekonomi')
  const create = (payload: Record<string, unknown>, as: 'admin' | 'write' = 'admin') =>
    api.call({ method: 'POST', url: '/v1/keys', as, payload: { name: 'Mitra Daerah', scope: 'read', ...payload } })

  const res = await create({ categories: [ekonomi.id, nasional.id] })
  t.equal(res.statusCode, 201)
  const secret = res.json().secret as string
  const key = {
    id: 4,
    name: 'Mitra Daerah',
    scope: 'read',
    prefix: secret.slice(0, 12),
    createdAt: iso(T0),
    expiresAt: null,
    categories: [nasional.id, ekonomi.id],
  }
  t.same(res.json(), { ...key, secret }, 'the categories, in id order')
  t.same((await api.call({ method: 'GET', url: '/v1/keys/4', as: 'admin' })).json(), key)
  const listed = async () => (await api.call({ method: 'GET', url: '/v1/keys', as: 'admin' })).json().data as (typeof key)[]
  t.same(
    (await listed()).map((k) => k.categories),
    [null, null, null, [nasional.id, ekonomi.id]],
    'unscoped keys show null',
  )

  for (const scope of ['write', 'admin']) {
    assertProblem(t, await create({ scope, categories: [nasional.id] }), 422, 'unprocessable', {
      errors: [{ in: 'body', path: '/categories', message: 'needs scope read' }],
    })
  }
  assertProblem(t, await create({ categories: [nasional.id, 99] }), 422, 'unprocessable', {
    errors: [{ in: 'body', path: '/categories/1', message: 'no such category' }],
  })
  assertProblem(t, await create({ categories: [] }), 400, 'validation_failed')
  assertProblem(t, await create({ categories: [nasional.id, nasional.id] }), 400, 'validation_failed')
  assertProblem(t, await create({ categories: ['nasional'] }), 400, 'validation_failed')
  assertProblem(t, await create({ categories: [nasional.id] }, 'write'), 403, 'forbidden')
  t.equal((await listed()).length, 4, 'no refused key was created')
})

t.test('a scoped key sees the articles of its categories on every route; any other is the same 404 as a missing one', async (t) => {
  const { api, inside, sibling, outside, loose, caption, get, relatedIds } = await newsroom(t)

  t.match((await get(`/v1/articles/${inside.id}`)).json(), { id: inside.id, slug: 'dpr-sahkan-apbn', category: { slug: 'nasional' } })
  t.match((await get('/v1/articles/slug/dpr-sahkan-apbn?include=captions,related')).json(), { id: inside.id, captions: [] })
  const moved = await get('/v1/articles/slug/dpr-sahkan-anggaran')
  t.equal(moved.statusCode, 301, 'an old slug of an article in scope redirects')
  t.equal(moved.headers.location, '/v1/articles/slug/dpr-sahkan-apbn')
  t.same(await relatedIds(`/v1/articles/${inside.id}/related`), [sibling.id], 'related links out of scope are left out')
  t.match((await get(`/v1/articles/${inside.id}?include=related`)).json().related, [{ position: 0, article: { id: sibling.id } }])
  t.same((await get(`/v1/articles/${inside.id}/captions`)).json(), { data: [] })
  for (const format of ['ninjs', 'jsonld']) {
    t.equal((await get(`/v1/articles/${inside.id}/${format}`)).statusCode, 200, format)
    t.equal((await get(`/v1/articles/slug/dpr-sahkan-apbn/${format}`)).statusCode, 200, `${format} by slug`)
    t.equal((await get(`/v1/articles/slug/dpr-sahkan-anggaran/${format}`)).statusCode, 301, `${format} by old slug`)
  }

  const check = (url: string, missing: string) => sameAsMissing(t, get, url, missing)
  for (const [id, slug] of [
    [outside.id, 'putin-disambut-lukashenko'],
    [loose.id, loose.slug],
  ] as const) {
    for (const tail of ['', '?include=captions,related', '/captions', '/related', '/ninjs', '/jsonld'])
      await check(`/v1/articles/${id}${tail}`, `/v1/articles/999${tail}`)
    for (const tail of ['', '?include=related', '/ninjs', '/jsonld'])
      await check(`/v1/articles/slug/${slug}${tail}`, `/v1/articles/slug/tidak-ada${tail}`)
  }
  await check('/v1/articles/slug/putin-tiba-di-minsk', '/v1/articles/slug/tidak-ada')
  await check('/v1/articles/slug/putin-tiba-di-minsk/ninjs', '/v1/articles/slug/tidak-ada/ninjs')
  await check(`/v1/captions/${caption.id}`, '/v1/captions/999')

  for (const headers of [anonymous, api.as.read]) {
    const who = headers === anonymous ? 'anonymous' : 'an unscoped read key'
    t.equal((await get(`/v1/articles/${outside.id}`, headers)).statusCode, 200, `${who} sees every desk`)
    t.equal((await get(`/v1/captions/${caption.id}`, headers)).statusCode, 200, `${who}: captions`)
    t.equal((await get('/v1/articles/slug/putin-tiba-di-minsk', headers)).statusCode, 301, `${who}: old slugs`)
    t.same(await relatedIds(`/v1/articles/${inside.id}/related`, headers), [outside.id, sibling.id, loose.id], `${who}: related`)
  }
})

t.test('lists with every filter, feeds and sitemaps leave out-of-scope articles out; tags are as the public sees them', async (t) => {
  const { api, inside, sibling, outside, loose, get, ids } = await newsroom(t)
  const all = [inside.id, loose.id, outside.id, sibling.id]
  for (const headers of [anonymous, api.as.read]) t.same(await ids('/v1/articles', headers), all, 'others see every desk')

  const cases: [string, number[]][] = [
    ['/v1/articles', [inside.id, sibling.id]],
    ['/v1/articles?sort=publishedAt', [sibling.id, inside.id]],
    ['/v1/articles?sort=-updatedAt', [inside.id, sibling.id]],
    ['/v1/articles?category=nasional', [inside.id, sibling.id]],
    ['/v1/articles?category=internasional', []],
    ['/v1/articles?tag=politik', [inside.id]],
    ['/v1/articles?tag=dunia', []],
    ['/v1/articles?author=rina-wulandari', [inside.id, sibling.id]],
    [`/v1/articles?publishedAfter=${iso(T0 - hours(5))}&publishedBefore=${iso(T0)}`, [inside.id, sibling.id]],
    [`/v1/articles?updatedSince=${iso(T0 - hours(1))}`, [inside.id, sibling.id]],
    ['/v1/articles?limit=1', [inside.id]],
  ]
  for (const [url, expected] of cases) t.same(await ids(url), expected, url)
  const first = (await get('/v1/articles?limit=1')).json() as ListBody
  t.same(await ids(`/v1/articles?limit=1&cursor=${first.page.nextCursor}`), [sibling.id], 'the next page')
  assertProblem(t, await get('/v1/articles?status=published'), 400, 'validation_failed')

  const hidden = /putin|catatan/i
  for (const url of [
    '/v1/feeds/rss',
    '/v1/feeds/atom',
    '/v1/feeds/json?content=summary',
    '/v1/sitemaps/news.xml',
    '/v1/sitemaps/articles/2026-07.xml',
  ]) {
    const res = await get(url)
    t.equal(res.statusCode, 200, url)
    t.match(res.body, /dpr-sahkan-apbn/, `${url} has the article in scope`)
    t.notMatch(res.body, hidden, `${url} leaves the others out`)
    t.match((await get(url, anonymous)).body, /putin-disambut-lukashenko/, `${url} for anonymous callers is unchanged`)
  }
  for (const url of ['/v1/feeds/rss?category=internasional', '/v1/feeds/atom?tag=dunia', '/v1/feeds/json?author=rina-wulandari']) {
    t.notMatch((await get(url)).body, hidden, `${url} leaves them out`)
  }
  t.match((await get('/v1/sitemaps/index.xml')).body, /2026-07\.xml/)

  const desk = await scopedKey(api, [(await articleFixtures(api).category('Olahraga')).id])
  t.equal((await get('/v1/sitemaps/articles/2026-07.xml', desk)).statusCode, 404, 'a month without articles in scope has no sitemap')
  t.notMatch((await get('/v1/sitemaps/index.xml', desk)).body, /2026-07/, 'nor a place in the index')
  t.same(await ids('/v1/articles', desk), [])

  const tags = (await get('/v1/tags', anonymous)).json()
  t.same((await get('/v1/tags')).json(), tags, 'tags as the public sees them')
  t.equal((await get('/v1/tags/slug/dunia')).statusCode, 200)
})

t.test('caches never serve a scoped key an article that left its categories, nor mix its pages with public ones', async (t) => {
  const { api, fx, nasional, internasional, inside, sibling, outside, loose, partner, get, ids } = await newsroom(t)
  const abroad = await scopedKey(api, [internasional.id])
  const all = [inside.id, loose.id, outside.id, sibling.id]
  const reads = [
    `/v1/articles/${inside.id}`,
    `/v1/articles/${inside.id}?include=related`,
    '/v1/articles/slug/dpr-sahkan-apbn',
    `/v1/articles/${inside.id}/captions`,
    `/v1/articles/${inside.id}/related`,
    `/v1/articles/${inside.id}/ninjs`,
    '/v1/articles/slug/dpr-sahkan-apbn/jsonld',
  ]
  const documents = ['/v1/feeds/rss', '/v1/feeds/json', '/v1/sitemaps/news.xml', '/v1/sitemaps/articles/2026-07.xml']
  const sees = async (headers: Headers, expected: boolean, why: string) => {
    for (const url of reads) t.equal((await get(url, headers)).statusCode, expected ? 200 : 404, `${why}: ${url}`)
    for (const url of documents) t[expected ? 'match' : 'notMatch']((await get(url, headers)).body, /dpr-sahkan-apbn/, `${why}: ${url}`)
  }

  // Public entries first, then each key's: none is served the other's.
  const publicPage = await get('/v1/articles', anonymous)
  t.same(await ids('/v1/articles', anonymous), all)
  t.same(await ids('/v1/articles'), [inside.id, sibling.id])
  t.same(await ids('/v1/articles', abroad), [outside.id])
  t.same(await ids('/v1/articles', anonymous), all, 'the public page is not replaced by a scoped one')
  const scoped = await get('/v1/articles', partner)
  t.not(scoped.headers.etag, publicPage.headers.etag)
  t.equal(
    (await api.call({ method: 'GET', url: '/v1/articles', headers: { ...partner, 'if-none-match': publicPage.headers.etag as string } }))
      .statusCode,
    200,
  )
  await sees(anonymous, true, 'anonymous')
  await sees(partner, true, 'Nasional')
  await sees(abroad, false, 'Internasional')

  t.equal((await fx.patch(inside.id, { categoryId: internasional.id })).statusCode, 200)
  await sees(partner, false, 'Nasional after the move')
  await sees(abroad, true, 'Internasional after the move')
  await sees(anonymous, true, 'anonymous after the move')
  t.same(await ids('/v1/articles'), [sibling.id])
  t.same(await ids('/v1/articles', abroad), [inside.id, outside.id])
  t.same(await ids('/v1/articles?tag=politik', abroad), [inside.id, outside.id])

  t.equal((await fx.patch(inside.id, { categoryId: nasional.id })).statusCode, 200)
  await sees(partner, true, 'Nasional after the move back')
  await sees(abroad, false, 'Internasional after the move back')
  t.same(await ids('/v1/articles'), [inside.id, sibling.id])
})
