import t, { type Test } from 'tap'
import { articleFixtures, buildApp, hours, iso, minutes, T0 } from '../article-fixtures.js'
import { assertProblem } from '../problem.js'

// Public callers and `read` keys see only published articles whose time has come; every other article is a 404
// exactly like a missing one, on every path. `write` keys see everything and may filter by status.

const statuses = ['draft', 'scheduled', 'published', 'archived'] as const

/** One visible article and one of each hidden kind, all in the same category, tag and author. */
async function newsroom(t: Test) {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  await fx.category('Internasional')
  const fields = (title: string) => ({ title, categoryId: 1, tags: ['Rusia'] })
  const visible = await fx.published(fields('Tayang'), T0 - hours(1))
  const draft = await fx.draft(fields('Draf'))
  const scheduled = await fx.published(fields('Terjadwal'), T0 + hours(1))
  const unpublished = await fx.published(fields('Ditarik'), T0 - hours(2))
  api.clock.now = T0 + minutes(1)
  t.equal((await fx.act(unpublished.id, 'unpublish')).statusCode, 200)
  const archived = await fx.published(fields('Diarsipkan'), T0 - hours(3))
  t.equal((await fx.act(archived.id, 'archive')).statusCode, 200)
  api.clock.now = T0 + minutes(2)
  const hidden = { draft, scheduled, unpublished, archived }
  return { api, fx, visible, hidden }
}

t.test('a hidden article is 404 to public and read callers on every path, like a missing one', async (t) => {
  const { api, visible, hidden } = await newsroom(t)
  const missing = await api.call({ method: 'GET', url: '/v1/articles/999' })
  assertProblem(t, missing, 404, 'not_found')
  const missingSlug = await api.call({ method: 'GET', url: '/v1/articles/slug/tidak-ada' })

  const includes = ['', '?include=captions', '?include=related', '?include=captions,related', '?include=related,captions']
  for (const as of [undefined, 'read'] as const) {
    const who = as ?? 'public'
    for (const [kind, article] of Object.entries(hidden)) {
      for (const include of includes) {
        const byId = await api.call({ method: 'GET', url: `/v1/articles/${article.id}${include}`, as })
        t.equal(byId.statusCode, 404, `${who}: ${kind} by id${include}`)
        t.same(byId.json(), missing.json(), 'indistinguishable from a missing article')
        const bySlug = await api.call({ method: 'GET', url: `/v1/articles/slug/${article.slug}${include}`, as })
        t.equal(bySlug.statusCode, 404, `${who}: ${kind} by slug${include}`)
        t.same(bySlug.json(), missingSlug.json())
      }
    }
    t.equal(
      (await api.call({ method: 'GET', url: `/v1/articles/${visible.id}?include=captions,related`, as })).statusCode,
      200,
      `${who}: the visible one is found`,
    )
  }
})

t.test('lists never show a hidden article to public and read callers, with or without each filter', async (t) => {
  const { fx, visible } = await newsroom(t)
  const lists = [
    '/v1/articles',
    '/v1/articles?category=internasional',
    '/v1/articles?tag=rusia',
    '/v1/articles?author=anton-suhartono',
    `/v1/articles?publishedAfter=${iso(T0 - hours(48))}`,
    `/v1/articles?publishedBefore=${iso(T0 + hours(48))}`,
    `/v1/articles?updatedSince=${iso(T0 - hours(48))}`,
    `/v1/articles?publishedAfter=${iso(T0 - hours(48))}&publishedBefore=${iso(T0 + hours(48))}&category=internasional&tag=rusia&author=anton-suhartono`,
    '/v1/articles?sort=publishedAt',
    '/v1/articles?sort=-updatedAt',
    '/v1/articles?sort=updatedAt',
    '/v1/articles?limit=1',
  ]
  for (const as of [undefined, 'read'] as const) {
    for (const url of lists) t.same(await fx.ids(url, as), [visible.id], `${as ?? 'public'}: ${url}`)
  }
  // The same filters show everything to a write key: the filters match the hidden ones too.
  for (const url of lists.slice(0, 4)) t.same((await fx.ids(url, 'write')).sort(), [1, 2, 3, 4, 5], `write: ${url}`)
})

t.test('the status filter is 400 for public and read callers', async (t) => {
  const { api } = await newsroom(t)
  for (const as of [undefined, 'read'] as const) {
    for (const status of statuses) {
      assertProblem(t, await api.call({ method: 'GET', url: `/v1/articles?status=${status}`, as }), 400, 'validation_failed', {
        errors: [{ in: 'query', path: '/status' }],
      })
    }
  }
  assertProblem(t, await api.call({ method: 'GET', url: '/v1/articles?status=deleted', as: 'write' }), 400, 'validation_failed', {
    errors: [{ in: 'query', path: '/status' }],
  })
})

t.test('write keys see every status and filter by each', async (t) => {
  const { api, fx, visible, hidden } = await newsroom(t)
  const expected = {
    draft: [hidden.unpublished.id, hidden.draft.id],
    scheduled: [hidden.scheduled.id],
    published: [visible.id],
    archived: [hidden.archived.id],
  }
  for (const as of ['write', 'admin'] as const) {
    for (const status of statuses) t.same(await fx.ids(`/v1/articles?status=${status}`, as), expected[status], `${as}: status=${status}`)
    for (const [kind, article] of Object.entries(hidden)) {
      const res = await api.call({ method: 'GET', url: `/v1/articles/slug/${article.slug}?include=captions,related`, as })
      t.equal(res.statusCode, 200, `${as}: ${kind} by slug`)
      t.match(res.json(), { id: article.id, status: kind === 'unpublished' ? 'draft' : kind, captions: [], related: [] })
    }
  }
  t.same(
    await fx.ids('/v1/articles?status=draft&category=internasional&tag=rusia', 'write'),
    expected.draft,
    'status combines with other filters',
  )
})

t.test('related links to hidden articles are left out of embeds for public and read callers', async (t) => {
  const { api, fx, visible, hidden } = await newsroom(t)
  const other = await fx.published({ title: 'Tayang Juga' }, T0 - hours(1))
  const targets = [hidden.draft.id, other.id, hidden.scheduled.id, hidden.archived.id]
  await fx.expect(
    {
      method: 'PUT',
      url: `/v1/articles/${visible.id}/related`,
      as: 'write',
      headers: { 'if-match': await fx.etag(visible.id) },
      payload: { articleIds: targets },
    },
    200,
  )

  const related = async (as?: 'read' | 'write') => {
    const res = await api.call({ method: 'GET', url: `/v1/articles/${visible.id}?include=related`, as })
    t.equal(res.statusCode, 200)
    return (res.json().related as Array<{ position: number; article: { id: number } }>).map((item) => [item.position, item.article.id])
  }
  for (const as of [undefined, 'read'] as const) {
    t.same(await related(as), [[0, other.id]], `${as ?? 'public'}: only the visible target, renumbered`)
    const list = await api.call({ method: 'GET', url: `/v1/articles/${visible.id}/related`, as })
    t.same(
      list.json().data.map((item: { position: number; article: { id: number } }) => [item.position, item.article.id]),
      [[0, other.id]],
      `${as ?? 'public'}: the related list too`,
    )
  }
  t.same(
    await related('write'),
    targets.map((id, position) => [position, id]),
    'write: every target in editor order',
  )

  api.clock.now = T0 + hours(1)
  t.same(
    await related(),
    [
      [0, other.id],
      [1, hidden.scheduled.id],
    ],
    'the scheduled target appears once its time comes',
  )
})
