import t from 'tap'
import { articleFixtures, buildApp, hours, iso, minutes, T0 } from '../article-fixtures.js'
import type { TestApp } from '../helper.js'
import { assertProblem } from '../problem.js'

// HTTP caching of articles: strong ETags on every read path, 304s, Cache-Control by caller, ETags that follow
// embedded authors, tags and categories, and If-Match making concurrent writes safe.

const slug = 'lukashenko-sambut-putin-di-minsk'
const paths = [
  '/v1/articles/1',
  `/v1/articles/slug/${slug}`,
  '/v1/articles',
  '/v1/articles/1?include=captions,related',
  '/v1/articles?tag=rusia',
]
const publicPolicy = /^public, max-age=60\b/

async function publishedArticle(t: Parameters<typeof buildApp>[0]) {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const category = await fx.category('Internasional')
  const article = await fx.published({ categoryId: category.id, tags: ['Rusia'] })
  const photo = { role: 'featured', imageUrl: 'https://img.kabar.example/minsk.jpg', text: 'Putin tiba di Minsk.', credit: 'Reuters' }
  await fx.expect({ method: 'POST', url: `/v1/articles/${article.id}/captions`, as: 'write', payload: photo }, 201)
  return { api, fx, article }
}

const get = (api: TestApp, url: string, as?: 'read' | 'write', headers: Record<string, string> = {}) =>
  api.call({ method: 'GET', url, as, headers })

t.test('strong ETags on every read path; If-None-Match → 304 with ETag and Cache-Control', async (t) => {
  const { api } = await publishedArticle(t)
  for (const as of [undefined, 'read', 'write'] as const) {
    const who = as ?? 'public'
    for (const url of paths) {
      const res = await get(api, url, as)
      t.equal(res.statusCode, 200, `${who} ${url}`)
      const etag = res.headers.etag as string
      t.match(etag, /^"[A-Za-z0-9_-]+"$/, 'a strong ETag')
      if (as === undefined) t.match(res.headers['cache-control'], publicPolicy, 'anonymous: public, short max-age')
      else t.equal(res.headers['cache-control'], 'private, no-store', `${who}: private, no-store`)
      t.equal((await get(api, url, as)).headers.etag, etag, 'stable while nothing changes')

      for (const inm of [etag, `W/${etag}`, `"other", ${etag}`, '*']) {
        const again = await get(api, url, as, { 'if-none-match': inm })
        t.equal(again.statusCode, 304, `${who} ${url} If-None-Match: ${inm}`)
        t.equal(again.body, '', 'no body')
        t.equal(again.headers.etag, etag, '304 carries the ETag')
        t.equal(again.headers['cache-control'], res.headers['cache-control'], '304 carries Cache-Control')
      }
      const other = await get(api, url, as, { 'if-none-match': '"something-else"' })
      t.equal(other.statusCode, 200, 'a non-matching If-None-Match gets the body')
      t.equal(other.body, res.body)
    }
  }
  const byId = await get(api, '/v1/articles/1')
  t.equal((await get(api, `/v1/articles/slug/${slug}`)).headers.etag, byId.headers.etag, 'by id and by slug: one representation, one ETag')
  t.not((await get(api, '/v1/articles/1?include=captions')).headers.etag, byId.headers.etag, 'an embed is another representation')
})

t.test('POST, PATCH and actions answer with the ETag a GET then returns', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const created = await api.call({
    method: 'POST',
    url: '/v1/articles',
    as: 'write',
    payload: { title: 'Putin di Minsk', body: '<p>Isi.</p>' },
  })
  t.equal(created.headers.etag, await fx.etag(1), 'POST')
  const patched = await api.call({
    method: 'PATCH',
    url: '/v1/articles/1',
    as: 'write',
    headers: { 'if-match': created.headers.etag as string },
    payload: { subtitle: 'Baru' },
  })
  t.equal(patched.statusCode, 200)
  t.not(patched.headers.etag, created.headers.etag)
  t.equal(patched.headers.etag, await fx.etag(1), 'PATCH')
  t.equal(patched.headers['cache-control'], 'no-store', 'a write response is not cached')
  await fx.patch(1, { bylines: [{ authorId: (await fx.writer()).id, role: 'writer' }] })
  const published = await fx.act(1, 'publish')
  t.equal(published.headers.etag, await fx.etag(1), 'publish')
  t.equal(published.headers.etag, (await get(api, '/v1/articles/1')).headers.etag, 'and the public GET has the same representation')
})

const embedded = [
  {
    what: 'author',
    path: 'authors',
    payload: { name: 'Anton S. Hartono' },
    shows: { bylines: [{ author: { name: 'Anton S. Hartono' } }] },
  },
  { what: 'tag', path: 'tags', payload: { name: 'Federasi Rusia' }, shows: { tags: [{ name: 'Federasi Rusia' }] } },
  { what: 'category', path: 'categories', payload: { name: 'Luar Negeri' }, shows: { category: { name: 'Luar Negeri' } } },
  { what: 'featured caption', path: 'captions', payload: { credit: 'ANTARA' }, shows: { image: { credit: 'ANTARA' } } },
] as const

for (const { what, path, payload, shows } of embedded) {
  t.test(`changing the embedded ${what} changes the article's ETags and body on every path`, async (t) => {
    const { api, fx } = await publishedArticle(t)
    const before = new Map<string, string>()
    for (const as of [undefined, 'write'] as const) {
      for (const url of paths) before.set(`${as} ${url}`, (await get(api, url, as)).headers.etag as string)
    }
    const ifMatch = await fx.etag(1)
    await fx.rename(path, 1, payload)

    for (const as of [undefined, 'write'] as const) {
      for (const url of paths) {
        const old = before.get(`${as} ${url}`)!
        const res = await get(api, url, as, { 'if-none-match': old })
        t.equal(res.statusCode, 200, `${as ?? 'public'} ${url}: the old ETag no longer matches`)
        t.not(res.headers.etag, old)
        const isList = url === '/v1/articles' || url.startsWith('/v1/articles?')
        t.match(isList ? res.json().data[0] : res.json(), shows, 'the new name is embedded')
      }
    }
    const stale = await api.call({
      method: 'PATCH',
      url: '/v1/articles/1',
      as: 'write',
      headers: { 'if-match': ifMatch },
      payload: { subtitle: 'x' },
    })
    assertProblem(t, stale, 412, 'precondition_failed')
    t.equal(stale.headers.etag, await fx.etag(1), 'an If-Match from before the rename is stale: the representation changed')
  })
}

t.test('a scheduled article going live changes its ETag with no write', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  await fx.published({}, T0 + hours(1))
  const before = (await get(api, '/v1/articles/1', 'write')).headers.etag as string
  const listBefore = (await get(api, '/v1/articles', 'write')).headers.etag as string
  api.clock.now = T0 + hours(1)
  const after = await get(api, '/v1/articles/1', 'write', { 'if-none-match': before })
  t.equal(after.statusCode, 200, 'the cached representation did not outlive the schedule')
  t.match(after.json(), { status: 'published', publishedAt: iso(T0 + hours(1)), version: 2 })
  t.not(after.headers.etag, before)
  t.equal((await get(api, '/v1/articles', 'write', { 'if-none-match': listBefore })).statusCode, 200, 'nor did the list')
})

t.test('two PATCHes with the same If-Match: exactly one 200 and one 412', async (t) => {
  const { api, fx } = await publishedArticle(t)
  const etag = await fx.etag(1)
  const { version } = (await get(api, '/v1/articles/1', 'write')).json() as { version: number }
  api.clock.now = T0 + minutes(1)
  const results = await Promise.all(
    ['Putin Tiba di Minsk', 'Lukashenko Jemput Putin'].map((title) =>
      api.call({ method: 'PATCH', url: '/v1/articles/1', as: 'write', headers: { 'if-match': etag }, payload: { title } }),
    ),
  )
  t.same(results.map((res) => res.statusCode).sort(), [200, 412])
  const winner = results.find((res) => res.statusCode === 200)!
  const loser = results.find((res) => res.statusCode === 412)!
  assertProblem(t, loser, 412, 'precondition_failed')
  t.equal(loser.headers.etag, winner.headers.etag, 'the loser learns the current ETag')
  t.same((await get(api, '/v1/articles/1', 'write')).json(), winner.json(), 'the winner is what is stored')
  t.match(winner.json(), { version: version + 1 }, 'one write happened')

  const actions = await Promise.all(
    ['unpublish', 'archive'].map(async (action) =>
      api.call({ method: 'POST', url: `/v1/articles/1/${action}`, as: 'write', headers: { 'if-match': winner.headers.etag as string } }),
    ),
  )
  t.same(actions.map((res) => res.statusCode).sort(), [200, 412], 'the same holds for workflow actions')
  t.match((await get(api, '/v1/articles/1', 'write')).json(), { version: version + 2 }, 'one action happened')
})

t.test('text beyond ASCII: a cached representation sends the same bytes, with their length, as the first read', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const title = 'Lukashenko: “Kami siap” — Putin tiba di Minsk 🇧🇾'
  const article = await fx.published({ title, dateline: 'MINSK, iNews.id –' })
  for (const url of [
    `/v1/articles/${article.id}`,
    `/v1/articles/slug/${article.slug}`,
    '/v1/articles',
    `/v1/articles/${article.id}/ninjs`,
  ]) {
    const first = await get(api, url)
    const cached = await get(api, url)
    t.equal(first.statusCode, 200, url)
    t.equal(cached.rawPayload.compare(first.rawPayload), 0, `${url}: the cached read sends the same bytes`)
    t.equal(Number(cached.headers['content-length']), Buffer.byteLength(first.body, 'utf8'), 'Content-Length counts bytes, not characters')
    t.match(cached.body, title, 'the text survives, emoji and all')
    const head = await api.call({ method: 'HEAD', url })
    t.equal(head.headers['content-length'], cached.headers['content-length'], 'HEAD announces the same length')
  }
})
