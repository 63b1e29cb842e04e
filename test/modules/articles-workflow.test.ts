import t from 'tap'
import { articleFixtures, buildApp, expectedArticle, hours, iso, minutes, summaryOf, T0, type Action } from '../article-fixtures.js'
import { assertProblem, assertUnauthorized } from '../problem.js'

// The workflow: POST makes a draft; publish (now, backdated, scheduled), unpublish and archive move it.
// Visibility of every hidden state on every read path is in articles-visibility.test.ts.

const slug = 'lukashenko-sambut-putin-di-minsk'

t.test('create → draft → publish → public; unpublish and archive hide it again', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const category = await fx.category('Internasional')
  const anton = await fx.writer()
  const budi = await fx.author('Budi Santoso')
  const created = await api.call({
    method: 'POST',
    url: '/v1/articles',
    as: 'write',
    payload: {
      title: 'Lukashenko Sambut Putin di Minsk',
      subtitle: 'Kunjungan kenegaraan',
      summary: 'Kedua pemimpin membahas energi.',
      body: '<p>MINSK, Kabar – Presiden Belarusia menyambut tamunya.</p>',
      dateline: 'MINSK',
      source: 'Kabar',
      language: 'id',
      categoryId: category.id,
      tags: ['Rusia', 'Belarusia'],
      bylines: [
        { authorId: anton.id, role: 'writer' },
        { authorId: budi.id, role: 'editor' },
      ],
      metaTitle: 'Putin di Minsk',
      metaDescription: 'Lukashenko menyambut Putin.',
      canonicalUrl: 'https://www.kabar.example/internasional/putin-minsk',
    },
  })
  t.equal(created.statusCode, 201)
  t.equal(created.headers.location, '/v1/articles/1')
  const draft = expectedArticle({
    subtitle: 'Kunjungan kenegaraan',
    summary: 'Kedua pemimpin membahas energi.',
    dateline: 'MINSK',
    source: 'Kabar',
    categoryId: 1,
    category,
    metaTitle: 'Putin di Minsk',
    metaDescription: 'Lukashenko menyambut Putin.',
    canonicalUrl: 'https://www.kabar.example/internasional/putin-minsk',
    url: `https://www.kabar.example/internasional/${slug}`,
    tags: [
      { id: 1, slug: 'rusia', name: 'Rusia' },
      { id: 2, slug: 'belarusia', name: 'Belarusia' },
    ],
    bylines: [
      { role: 'writer', author: anton },
      { role: 'editor', author: budi },
    ],
  })
  t.same(created.json(), draft, 'POST always creates a draft')
  assertProblem(t, await api.call({ method: 'GET', url: '/v1/articles/1' }), 404, 'not_found')

  api.clock.now = T0 + minutes(1)
  const publishedRes = await fx.act(1, 'publish')
  t.equal(publishedRes.statusCode, 200)
  const published = { ...draft, status: 'published', publishedAt: iso(T0 + minutes(1)), updatedAt: iso(T0 + minutes(1)), version: 2 }
  t.same(publishedRes.json(), published)
  for (const as of [undefined, 'read'] as const) {
    t.same((await api.call({ method: 'GET', url: '/v1/articles/1', as })).json(), published, `${as ?? 'public'} by id`)
    t.same((await api.call({ method: 'GET', url: `/v1/articles/slug/${slug}`, as })).json(), published, `${as ?? 'public'} by slug`)
    t.same((await api.call({ method: 'GET', url: '/v1/articles', as })).json(), {
      data: [summaryOf(published)],
      page: { limit: 20, nextCursor: null },
    })
  }

  api.clock.now = T0 + minutes(2)
  const unpublished = await fx.act(1, 'unpublish')
  t.equal(unpublished.statusCode, 200)
  t.same(unpublished.json(), { ...draft, updatedAt: iso(T0 + minutes(2)), version: 3 }, 'back to a draft, publishedAt cleared')
  assertProblem(t, await api.call({ method: 'GET', url: '/v1/articles/1' }), 404, 'not_found')
  assertProblem(t, await api.call({ method: 'GET', url: `/v1/articles/slug/${slug}`, as: 'read' }), 404, 'not_found')
  t.same(await fx.ids('/v1/articles'), [])

  api.clock.now = T0 + minutes(3)
  t.equal((await fx.act(1, 'publish')).statusCode, 200)
  t.same(await fx.ids('/v1/articles'), [1], 'published again')
  api.clock.now = T0 + minutes(4)
  const archived = await fx.act(1, 'archive')
  t.equal(archived.statusCode, 200)
  t.same(archived.json(), { ...draft, status: 'archived', publishedAt: iso(T0 + minutes(3)), updatedAt: iso(T0 + minutes(4)), version: 5 })
  assertProblem(t, await api.call({ method: 'GET', url: '/v1/articles/1' }), 404, 'not_found')
  assertProblem(t, await api.call({ method: 'GET', url: `/v1/articles/slug/${slug}`, as: 'read' }), 404, 'not_found')
  t.same(await fx.ids('/v1/articles', 'read'), [])
  t.same((await api.call({ method: 'GET', url: '/v1/articles/1', as: 'write' })).json(), archived.json(), 'a write key still sees it')
})

t.test('a future `at` schedules: hidden until the clock passes it, then published with no job run', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const category = await fx.category('Internasional')
  const draft = await fx.draft({ categoryId: category.id, tags: ['Rusia'] })
  const at = T0 + hours(2)
  const scheduled = await fx.act(draft.id, 'publish', { at: iso(at) })
  t.equal(scheduled.statusCode, 200)
  const writer = await fx.writer()
  const base = expectedArticle({
    categoryId: 1,
    category,
    tags: [{ id: 1, slug: 'rusia', name: 'Rusia' }],
    bylines: [{ role: 'writer', author: writer }],
    url: `https://www.kabar.example/internasional/${slug}`,
    publishedAt: iso(at),
    version: 2,
  })
  t.same(scheduled.json(), { ...base, status: 'scheduled' })

  const hiddenPaths = [
    '/v1/articles/1',
    `/v1/articles/slug/${slug}`,
    '/v1/articles/1?include=captions,related',
    `/v1/articles/slug/${slug}?include=related`,
  ]
  const listPaths = [
    '/v1/articles',
    '/v1/articles?category=internasional',
    '/v1/articles?tag=rusia',
    '/v1/articles?author=anton-suhartono',
    `/v1/articles?publishedBefore=${iso(at + hours(1))}`,
    `/v1/articles?publishedAfter=${iso(T0)}`,
    `/v1/articles?updatedSince=${iso(T0)}`,
  ]
  // Read everything once before the time comes: whatever is cached then must not outlive the schedule.
  const expectHidden = async (when: string) => {
    for (const as of [undefined, 'read'] as const) {
      for (const url of hiddenPaths) assertProblem(t, await api.call({ method: 'GET', url, as }), 404, 'not_found', { detail: String })
      for (const url of listPaths) t.same(await fx.ids(url, as), [], `${when}: ${as ?? 'public'} ${url}`)
    }
  }
  await expectHidden('at once')
  t.same(
    (await api.call({ method: 'GET', url: '/v1/articles/1', as: 'write' })).json(),
    { ...base, status: 'scheduled' },
    'a write key sees it scheduled',
  )
  t.same(await fx.ids('/v1/articles?status=scheduled', 'write'), [1])

  api.clock.now = at - 1
  await expectHidden('a millisecond before')
  t.same(await fx.ids('/v1/articles?status=published', 'write'), [])

  api.clock.now = at
  const live = { ...base, status: 'published' }
  for (const as of [undefined, 'read', 'write'] as const) {
    t.same(
      (await api.call({ method: 'GET', url: '/v1/articles/1', as })).json(),
      live,
      `${as ?? 'public'}: published, same version, no job ran`,
    )
    t.same((await api.call({ method: 'GET', url: `/v1/articles/slug/${slug}`, as })).json(), live)
    for (const url of listPaths)
      t.same((await api.call({ method: 'GET', url, as })).json().data, [summaryOf(live)], `${as ?? 'public'} ${url}`)
  }
  t.same(await fx.ids('/v1/articles?status=published', 'write'), [1])
  t.same(await fx.ids('/v1/articles?status=scheduled', 'write'), [])
  assertProblem(t, await fx.act(1, 'publish'), 409, 'conflict', { detail: String })
})

t.test('a schedule can be cancelled (unpublish) or archived before it goes live', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  await fx.published({}, T0 + hours(1))
  await fx.published({ title: 'Kedua' }, T0 + hours(1))
  t.match((await fx.act(1, 'unpublish')).json(), { status: 'draft', publishedAt: null })
  t.match((await fx.act(2, 'archive')).json(), { status: 'archived' })
  api.clock.now = T0 + hours(2)
  for (const id of [1, 2]) assertProblem(t, await api.call({ method: 'GET', url: `/v1/articles/${id}` }), 404, 'not_found')
  t.same(await fx.ids('/v1/articles'), [], 'neither turned published by itself')
})

t.test('a past `at` publishes at once, recorded as published at `at`', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const writer = await fx.writer()
  await fx.draft()
  const res = await fx.act(1, 'publish', { at: iso(T0 - hours(26)) })
  t.equal(res.statusCode, 200)
  const expected = expectedArticle({
    status: 'published',
    publishedAt: iso(T0 - hours(26)),
    bylines: [{ role: 'writer', author: writer }],
    version: 2,
  })
  t.same(res.json(), expected)
  t.same((await api.call({ method: 'GET', url: '/v1/articles/1' })).json(), expected, 'visible to the public at once')
  t.same(await fx.ids(`/v1/articles?publishedBefore=${iso(T0 - hours(25))}`), [1], 'and listed by its backdated time')
})

t.test('workflow actions require If-Match: 428 without, 412 when stale with the current ETag', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  await fx.draft()
  const stale = await fx.etag(1)
  t.equal((await fx.patch(1, { subtitle: 'Sudah diubah' })).statusCode, 200)
  const current = await fx.etag(1)
  // Each action from a state where it would otherwise succeed.
  const steps: Array<[Action, Action | undefined]> = [
    ['publish', undefined],
    ['unpublish', 'publish'],
    ['archive', undefined],
  ]
  for (const [action, setup] of steps) {
    if (setup) t.equal((await fx.act(1, setup)).statusCode, 200)
    const now = await fx.etag(1)
    const url = `/v1/articles/1/${action}`
    const missing = await api.call({ method: 'POST', url, as: 'write', payload: {} })
    assertProblem(t, missing, 428, 'precondition_required')
    const old = await api.call({ method: 'POST', url, as: 'write', headers: { 'if-match': stale }, payload: {} })
    assertProblem(t, old, 412, 'precondition_failed')
    t.equal(old.headers.etag, now, `${action}: the 412 carries the current ETag`)
    assertProblem(
      t,
      await api.call({ method: 'POST', url, as: 'write', headers: { 'if-match': `W/${now}` } }),
      412,
      'precondition_failed',
      { detail: String },
    )
    t.equal(await fx.etag(1), now, `${action}: nothing changed`)
  }
  t.not(stale, current)
})

t.test('a no-op action is 409 and changes nothing', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  await fx.draft()
  const cases: Array<[Action, Action[]]> = [
    ['unpublish', []],
    ['publish', ['publish']],
    ['archive', ['archive']],
  ]
  for (const [action, before] of cases) {
    for (const step of before) t.equal((await fx.act(1, step)).statusCode, 200)
    const etag = await fx.etag(1)
    const res = await fx.act(1, action)
    assertProblem(t, res, 409, 'conflict')
    t.equal(await fx.etag(1), etag, `${action}: unchanged`)
  }
  t.match((await api.call({ method: 'GET', url: '/v1/articles/1', as: 'write' })).json(), { status: 'archived', version: 3 })
})

t.test('publishing an incomplete article is 422 listing everything missing at once', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  const editor = await fx.author('Citra Lestari')
  for (const body of [
    '',
    '<p>   </p>',
    '<p>&nbsp;</p>',
    '<script>alert("isi")</script>',
    '<p><img src="https://img.kabar.example/a.jpg"></p>',
  ]) {
    const draft = await fx.draft({ title: `Kosong ${body.length}`, body, bylines: [{ authorId: editor.id, role: 'editor' }] })
    const res = await fx.act(draft.id, 'publish')
    assertProblem(t, res, 422, 'unprocessable')
    t.same(
      res.json().errors,
      [
        { in: 'body', path: '/body', message: 'is empty' },
        { in: 'body', path: '/bylines', message: 'needs at least one writer byline' },
      ],
      `body ${JSON.stringify(body)} with only an editor byline`,
    )
    t.match(
      (await api.call({ method: 'GET', url: `/v1/articles/${draft.id}`, as: 'write' })).json(),
      { status: 'draft', version: 1 },
      'still a draft',
    )
  }

  const noBylines = await fx.draft({ title: 'Tanpa penulis', bylines: [] })
  t.same((await fx.act(noBylines.id, 'publish')).json().errors, [
    { in: 'body', path: '/bylines', message: 'needs at least one writer byline' },
  ])
  const noBody = await fx.draft({ title: 'Tanpa isi', body: '' })
  t.same((await fx.act(noBody.id, 'publish')).json().errors, [{ in: 'body', path: '/body', message: 'is empty' }])
  const scheduled = await fx.act(noBody.id, 'publish', { at: iso(T0 + hours(1)) })
  assertProblem(t, scheduled, 422, 'unprocessable', { errors: [{ path: '/body' }] })

  t.equal((await fx.patch(1, { body: '<p>Isi.</p>', bylines: [{ authorId: editor.id, role: 'writer' }] })).statusCode, 200)
  t.match((await fx.act(1, 'publish')).json(), { status: 'published' }, 'publishes once complete')
})

t.test('actions: 404 for a missing article, 401/403 without a write key, 400 for a bad body', async (t) => {
  const api = await buildApp(t)
  const fx = articleFixtures(api)
  await fx.draft()
  const etag = await fx.etag(1)
  for (const action of ['publish', 'unpublish', 'archive']) {
    assertProblem(
      t,
      await api.call({ method: 'POST', url: `/v1/articles/99/${action}`, as: 'write', headers: { 'if-match': etag } }),
      404,
      'not_found',
    )
    assertUnauthorized(t, await api.call({ method: 'POST', url: `/v1/articles/1/${action}`, headers: { 'if-match': etag } }))
    assertProblem(
      t,
      await api.call({ method: 'POST', url: `/v1/articles/1/${action}`, as: 'read', headers: { 'if-match': etag } }),
      403,
      'forbidden',
    )
    assertProblem(
      t,
      await api.call({
        method: 'POST',
        url: `/v1/articles/1/${action}`,
        as: 'write',
        headers: { 'if-match': etag },
        payload: { status: 'published' },
      }),
      400,
      'validation_failed',
      { errors: [{ in: 'body', path: '/status' }] },
    )
  }
  for (const at of ['besok', '2026-07-24', 1785000000000]) {
    assertProblem(
      t,
      await api.call({ method: 'POST', url: '/v1/articles/1/publish', as: 'write', headers: { 'if-match': etag }, payload: { at } }),
      400,
      'validation_failed',
      { errors: [{ in: 'body', path: '/at' }] },
    )
  }
  t.equal(await fx.etag(1), etag, 'nothing changed')
})
