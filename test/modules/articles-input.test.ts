import t from 'tap'
import type { LightMyRequestResponse } from 'fastify'
import { articleFixtures, buildApp, expectedArticle, iso, T0 } from '../article-fixtures.js'
import { assertProblem, type Asserts } from '../problem.js'

// What article writes accept: no mass assignment, strict JSON types with JSON Pointer paths, references that
// must exist, no duplicate bylines. Sanitising, tags and idempotency are in articles-content.test.ts.

/** A 400 whose every error is in the body at exactly the pointers in `paths`. */
function assertInvalid(t: Asserts, res: LightMyRequestResponse, paths: string[]) {
  assertProblem(t, res, 400, 'validation_failed')
  const errors = (res.json() as { errors?: Array<{ in: string; path: string }> }).errors ?? []
  t.same([...new Set(errors.map((e) => `${e.in} ${e.path}`))].sort(), paths.map((p) => `body ${p}`).sort(), `blames ${paths.join(', ')}`)
}

const readOnly: Record<string, unknown> = {
  status: 'published',
  id: 99,
  version: 7,
  publishedAt: iso(T0),
  createdAt: iso(T0),
  updatedAt: iso(T0),
  firstPublishedAt: iso(T0),
  wordCount: 500,
  readingTimeMinutes: 3,
  url: 'https://evil.example/x',
  category: { id: 1 },
  image: null,
}

t.test('mass assignment: read-only fields in a POST or PATCH body are 400, each one', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  await fx.draft()
  const etag = await fx.etag(1)
  for (const [field, value] of Object.entries(readOnly)) {
    const post = await api.call({ method: 'POST', url: '/v1/articles', as: 'write', payload: { title: 'Coba', [field]: value } })
    assertInvalid(t, post, [`/${field}`])
    t.match(post.json(), { errors: [{ in: 'body', path: `/${field}`, message: 'is not an allowed property' }] }, `POST ${field}`)
    const patch = await api.call({
      method: 'PATCH',
      url: '/v1/articles/1',
      as: 'write',
      headers: { 'if-match': etag },
      payload: { [field]: value },
    })
    assertInvalid(t, patch, [`/${field}`])
    const mixed = await api.call({
      method: 'PATCH',
      url: '/v1/articles/1',
      as: 'write',
      headers: { 'if-match': etag },
      payload: { title: 'Judul Baru', [field]: value },
    })
    assertInvalid(t, mixed, [`/${field}`])
  }
  t.same(await fx.ids('/v1/articles', 'write'), [1], 'no POST created anything')
  t.equal(await fx.etag(1), etag, 'no PATCH changed anything')
  t.match((await api.call({ method: 'GET', url: '/v1/articles/1', as: 'write' })).json(), {
    status: 'draft',
    version: 1,
    publishedAt: null,
  })
})

t.test('JSON types are not coerced: wrong types are 400 with a JSON Pointer to each', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  await fx.draft()
  const cases: Array<[Record<string, unknown>, string[]]> = [
    [{ title: 'Coba', categoryId: '5' }, ['/categoryId']],
    [{ title: 'Coba', categoryId: 1.5 }, ['/categoryId']],
    [{ title: 'Coba', categoryId: 0 }, ['/categoryId']],
    [{ title: 5 }, ['/title']],
    [{ title: 'Coba', body: ['<p>x</p>'] }, ['/body']],
    [{ title: 'Coba', tags: 'Rusia' }, ['/tags']],
    [{ title: 'Coba', tags: ['Rusia', 7] }, ['/tags/1']],
    [
      {
        title: 'Coba',
        bylines: [
          { authorId: 1, role: 'writer' },
          { authorId: '2', role: 'writer' },
        ],
      },
      ['/bylines/1/authorId'],
    ],
    [{ title: 'Coba', bylines: [{ authorId: 1, role: 'penulis' }] }, ['/bylines/0/role']],
    [{ title: 'Coba', bylines: [{ authorId: 1 }] }, ['/bylines/0/role']],
    [{ title: 'Coba', bylines: [{ authorId: 1, role: 'writer', name: 'Anton' }] }, ['/bylines/0/name']],
    [{ title: 'Coba', canonicalUrl: 'javascript:alert(1)' }, ['/canonicalUrl']],
    [{ title: 'Coba', language: 'bahasa indonesia' }, ['/language']],
    [{ title: '' }, ['/title']],
    [{ title: '   ' }, ['/title']],
    [{ title: 'x'.repeat(301) }, ['/title']],
    [{ subtitle: 'Tanpa judul' }, ['/title']],
    [{ title: 'Coba', categoryId: '5', bylines: [{ authorId: 'satu', role: 'writer' }] }, ['/categoryId', '/bylines/0/authorId']],
  ]
  for (const [payload, paths] of cases) {
    assertInvalid(t, await api.call({ method: 'POST', url: '/v1/articles', as: 'write', payload }), paths)
  }
  const etag = await fx.etag(1)
  assertInvalid(
    t,
    await api.call({ method: 'PATCH', url: '/v1/articles/1', as: 'write', headers: { 'if-match': etag }, payload: { categoryId: '5' } }),
    ['/categoryId'],
  )
  assertInvalid(
    t,
    await api.call({ method: 'PATCH', url: '/v1/articles/1', as: 'write', headers: { 'if-match': etag }, payload: { title: null } }),
    ['/title'],
  )
  assertProblem(
    t,
    await api.call({ method: 'PATCH', url: '/v1/articles/1', as: 'write', headers: { 'if-match': etag }, payload: {} }),
    400,
    'validation_failed',
  )
  assertProblem(
    t,
    await api.call({
      method: 'POST',
      url: '/v1/articles',
      as: 'write',
      headers: { 'content-type': 'application/json' },
      payload: '{"title": "Coba",',
    }),
    400,
    'validation_failed',
  )
  t.same(await fx.ids('/v1/articles', 'write'), [1], 'nothing was created')
})

t.test('unknown categoryId and authorId are 422 naming each, all at once; duplicate bylines are 422', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const anton = await fx.writer()
  await fx.category('Internasional')
  const refs = (payload: Record<string, unknown>) =>
    api.call({ method: 'POST', url: '/v1/articles', as: 'write', payload: { title: 'Coba', ...payload } })

  assertProblem(t, await refs({ categoryId: 99 }), 422, 'unprocessable', { errors: [{ in: 'body', path: '/categoryId', message: String }] })
  const both = await refs({
    categoryId: 99,
    bylines: [
      { authorId: anton.id, role: 'writer' },
      { authorId: 42, role: 'editor' },
      { authorId: 43, role: 'photographer' },
    ],
  })
  assertProblem(t, both, 422, 'unprocessable')
  t.same(
    both.json().errors.map((e: { path: string }) => e.path),
    ['/categoryId', '/bylines/1/authorId', '/bylines/2/authorId'],
  )

  const duplicate = await refs({
    bylines: [
      { authorId: anton.id, role: 'writer' },
      { authorId: anton.id, role: 'editor' },
      { authorId: anton.id, role: 'writer' },
    ],
  })
  assertProblem(t, duplicate, 422, 'unprocessable')
  t.same(
    duplicate.json().errors.map((e: { path: string }) => e.path),
    ['/bylines/2'],
  )
  t.same(await fx.ids('/v1/articles', 'write'), [], 'nothing was created')

  const ok = await refs({
    categoryId: 1,
    bylines: [
      { authorId: anton.id, role: 'writer' },
      { authorId: anton.id, role: 'editor' },
    ],
  })
  t.equal(ok.statusCode, 201, 'one author in two roles is fine')
  const etag = ok.headers.etag as string
  const patch = await api.call({
    method: 'PATCH',
    url: '/v1/articles/1',
    as: 'write',
    headers: { 'if-match': etag },
    payload: { categoryId: 5, bylines: [{ authorId: 9, role: 'writer' }] },
  })
  assertProblem(t, patch, 422, 'unprocessable')
  t.same(
    patch.json().errors.map((e: { path: string }) => e.path),
    ['/categoryId', '/bylines/0/authorId'],
  )
  t.equal(await fx.etag(1), etag, 'the refused PATCH changed nothing')
})

t.test('PATCH changes only the fields sent; null clears a nullable field; tags and bylines are replaced whole', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const anton = await fx.writer()
  const budi = await fx.author('Budi Santoso')
  await fx.category('Internasional')
  await fx.draft({ subtitle: 'Sub', dateline: 'MINSK', categoryId: 1, tags: ['Rusia', 'Belarusia'] })
  api.clock.now = T0 + 60_000
  const res = await fx.patch(1, {
    subtitle: null,
    categoryId: null,
    tags: ['Energi'],
    bylines: [
      { authorId: budi.id, role: 'writer' },
      { authorId: anton.id, role: 'editor' },
    ],
  })
  t.equal(res.statusCode, 200)
  t.same(
    res.json(),
    expectedArticle({
      dateline: 'MINSK',
      tags: [{ id: 3, slug: 'energi', name: 'Energi' }],
      bylines: [
        { role: 'writer', author: budi },
        { role: 'editor', author: anton },
      ],
      updatedAt: iso(T0 + 60_000),
      version: 2,
    }),
  )
})
