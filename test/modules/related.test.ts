import t from 'tap'
import { articleFixtures, buildApp as build, hours, iso, T0, type ArticleBody } from '../article-fixtures.js'
import { inlinePhoto, leadPhoto, partFixtures } from '../article-parts.js'
import { assertProblem, assertUnauthorized } from '../problem.js'

const setup = async (t: Parameters<typeof build>[0]) => {
  const api = await build(t)
  const fx = articleFixtures(api)
  const parts = partFixtures(api, fx)
  /** The article as a summary (what lists and related items show): the editor's detail without `body`. */
  const summary = async (id: number): Promise<ArticleBody> => {
    const { body: _body, ...rest } = (await fx.expect({ method: 'GET', url: `/v1/articles/${id}`, as: 'write' }, 200)).json() as ArticleBody
    return rest
  }
  /** `{ data }` as the related routes answer, for these articles in this order. */
  const listOf = async (ids: number[]) => ({
    data: await Promise.all(ids.map(async (id, position) => ({ position, source: 'editor', article: await summary(id) }))),
  })
  const version = async (id: number) => (await summary(id)).version
  return { api, fx, parts, summary, listOf, version }
}

t.test("PUT replaces the whole list in the order given and answers with it and the article's new ETag", async (t) => {
  const { api, fx, parts, listOf, version } = await setup(t)
  const [a, b, c] = [await fx.published({ title: 'Satu' }), await fx.published({ title: 'Dua' }), await fx.published({ title: 'Tiga' })]
  const parent = await fx.published({ title: 'Induk' })
  const before = await version(parent.id)

  const put = await parts.related('PUT', parent.id, { articleIds: [c.id, a.id, b.id] })
  t.equal(put.statusCode, 200)
  t.same(put.json(), await listOf([c.id, a.id, b.id]), 'the new list, whole, in the order given')
  t.equal(put.headers.etag, await fx.etag(parent.id), "ETag is the parent article's new ETag")
  t.equal(await version(parent.id), before + 1, "the article's version moved")
  t.same((await api.call({ method: 'GET', url: `/v1/articles/${parent.id}/related` })).json(), put.json(), 'GET reads back the same list')

  const again = await api.call({
    method: 'PUT',
    url: `/v1/articles/${parent.id}/related`,
    as: 'write',
    headers: { 'if-match': put.headers.etag as string },
    payload: { articleIds: [c.id, a.id, b.id] },
  })
  t.equal(again.statusCode, 200, "the response's ETag is good for the next If-Match")
  t.same(again.json(), put.json(), 'PUT is idempotent: the same list twice gives the same order')
  t.equal(again.headers.etag, await fx.etag(parent.id))

  const emptied = await parts.related('PUT', parent.id, { articleIds: [] })
  t.same(emptied.json(), { data: [] }, 'an empty list removes every link')
  t.same((await api.call({ method: 'GET', url: `/v1/articles/${parent.id}/related`, as: 'read' })).json(), { data: [] })
})

t.test('POST inserts one at a position (default last); DELETE removes one, 404 when not linked', async (t) => {
  const { fx, parts, listOf, version } = await setup(t)
  const [a, b, c, d, e] = [
    await fx.draft({ title: 'A' }),
    await fx.draft({ title: 'B' }),
    await fx.draft({ title: 'C' }),
    await fx.draft({ title: 'D' }),
    await fx.draft({ title: 'E' }),
  ]
  const parent = await fx.draft({ title: 'Induk' })
  await parts.link(parent.id, [a.id, b.id])

  const first = await parts.related('POST', parent.id, { articleId: c.id, position: 0 })
  t.equal(first.statusCode, 200)
  t.same(first.json(), await listOf([c.id, a.id, b.id]), 'position 0 goes first')
  t.equal(first.headers.etag, await fx.etag(parent.id), "ETag is the parent article's new ETag")
  t.equal(await version(parent.id), 3, 'created, linked, one POST')
  t.same((await parts.related('POST', parent.id, { articleId: d.id })).json(), await listOf([c.id, a.id, b.id, d.id]), 'no position: last')
  t.same(
    (await parts.related('POST', parent.id, { articleId: e.id, position: 2 })).json(),
    await listOf([c.id, a.id, e.id, b.id, d.id]),
    'in the middle',
  )

  const removed = await parts.related('DELETE', parent.id, undefined, a.id)
  t.equal(removed.statusCode, 200)
  t.same(removed.json(), await listOf([c.id, e.id, b.id, d.id]), 'the others keep their order, without a gap')
  t.equal(removed.headers.etag, await fx.etag(parent.id), "ETag is the parent article's new ETag")
  t.equal(await version(parent.id), 6, 'three POSTs, then the DELETE')
  assertProblem(t, await parts.related('DELETE', parent.id, undefined, a.id), 404, 'not_found')
  assertProblem(t, await parts.related('DELETE', parent.id, undefined, 999), 404, 'not_found')
  t.same(
    (await parts.related('POST', parent.id, { articleId: a.id, position: 99 })).json(),
    await listOf([c.id, e.id, b.id, d.id, a.id]),
    'a position past the end means last',
  )
})

t.test('rules: no self-link, targets exist (422), no duplicates (409), at most 20 (422); a refused write changes nothing', async (t) => {
  const { fx, parts, version } = await setup(t)
  const targets: number[] = []
  for (let n = 1; n <= 21; n++) targets.push((await fx.draft({ title: `Terkait ${n}` })).id)
  const parent = await fx.draft({ title: 'Induk' })
  const [a, b] = targets as [number, number]
  await parts.link(parent.id, [a])
  const unchanged = async (message: string) => {
    t.same(await parts.relatedIds(parent.id, 'write'), [a], `${message}: the list is unchanged`)
    t.equal(await version(parent.id), 2, `${message}: the version is unchanged`)
  }

  assertProblem(t, await parts.related('PUT', parent.id, { articleIds: [a, parent.id] }), 422, 'unprocessable', {
    errors: [{ in: 'body', path: '/articleIds/1' }],
  })
  assertProblem(t, await parts.related('POST', parent.id, { articleId: parent.id }), 422, 'unprocessable', {
    errors: [{ in: 'body', path: '/articleId' }],
  })
  await unchanged('self-link')
  assertProblem(t, await parts.related('PUT', parent.id, { articleIds: [999, a, 998] }), 422, 'unprocessable', {
    errors: [{ path: '/articleIds/0' }, { path: '/articleIds/2' }],
  })
  assertProblem(t, await parts.related('POST', parent.id, { articleId: 999 }), 422, 'unprocessable', { errors: [{ path: '/articleId' }] })
  await unchanged('unknown target')
  assertProblem(t, await parts.related('POST', parent.id, { articleId: a }), 409, 'conflict')
  assertProblem(t, await parts.related('PUT', parent.id, { articleIds: [b, a, b] }), 409, 'conflict')
  await unchanged('duplicate')
  assertProblem(t, await parts.related('PUT', parent.id, { articleIds: targets }), 422, 'unprocessable')
  await unchanged('21 links')
  assertProblem(t, await parts.related('PUT', parent.id, { articleIds: [a, '2'] }), 400, 'validation_failed')
  assertProblem(t, await parts.related('POST', parent.id, { articleId: b, position: -1 }), 400, 'validation_failed')
  assertProblem(t, await parts.related('POST', parent.id, { articleId: b, note: 'x' }), 400, 'validation_failed')
  await unchanged('schema violation')

  t.equal((await parts.related('PUT', parent.id, { articleIds: targets.slice(0, 20) })).statusCode, 200, '20 links are fine')
  assertProblem(t, await parts.related('POST', parent.id, { articleId: targets[20] }), 422, 'unprocessable')
  t.same(await parts.relatedIds(parent.id, 'write'), targets.slice(0, 20), 'the 21st was not added')
})

t.test("writes need the parent article's If-Match: 428 without, 412 stale; keys need the write scope", async (t) => {
  const { api, fx, parts, version } = await setup(t)
  const [a, b] = [await fx.published({ title: 'Satu' }), await fx.published({ title: 'Dua' })]
  const parent = await fx.published({ title: 'Induk' })
  await parts.link(parent.id, [a.id])
  const stale = await fx.etag(parent.id)
  await parts.caption(parent.id, leadPhoto)
  const current = await fx.etag(parent.id)
  t.not(current, stale, 'a caption write moved the article ETag')

  const writes = [
    { method: 'PUT', url: `/v1/articles/${parent.id}/related`, payload: { articleIds: [b.id] } },
    { method: 'POST', url: `/v1/articles/${parent.id}/related`, payload: { articleId: b.id } },
    { method: 'DELETE', url: `/v1/articles/${parent.id}/related/${a.id}` },
  ] as const
  for (const write of writes) {
    assertProblem(t, await api.call({ ...write, as: 'write' }), 428, 'precondition_required')
    const refused = await api.call({ ...write, as: 'write', headers: { 'if-match': stale } })
    assertProblem(t, refused, 412, 'precondition_failed')
    t.equal(refused.headers.etag, current, `${write.method}: the 412 carries the current ETag`)
    assertUnauthorized(t, await api.call({ ...write, headers: { 'if-match': current } }))
    assertProblem(t, await api.call({ ...write, as: 'read', headers: { 'if-match': current } }), 403, 'forbidden')
  }
  t.same(await parts.relatedIds(parent.id, 'write'), [a.id], 'nothing changed')
  t.equal(await version(parent.id), 4, 'created, published, linked, a caption: no refused write counted')
  assertProblem(
    t,
    await api.call({
      method: 'PUT',
      url: '/v1/articles/999/related',
      as: 'write',
      headers: { 'if-match': current },
      payload: { articleIds: [a.id] },
    }),
    404,
    'not_found',
  )
})

t.test('the public view skips hidden targets and renumbers positions; editors see every link', async (t) => {
  const { api, fx, parts, listOf } = await setup(t)
  const a = await fx.published({ title: 'Terbit' })
  const draft = await fx.draft({ title: 'Masih draf' })
  const c = await fx.published({ title: 'Terbit juga' })
  const scheduled = await fx.draft({ title: 'Terjadwal' })
  await fx.publish(scheduled.id, T0 + hours(1))
  const parent = await fx.published({ title: 'Induk' })
  await parts.link(parent.id, [a.id, draft.id, c.id, scheduled.id])

  for (const as of [undefined, 'read'] as const) {
    t.same(
      (await api.call({ method: 'GET', url: `/v1/articles/${parent.id}/related`, as })).json(),
      await listOf([a.id, c.id]),
      `${as ?? 'public'}: visible ones, positions 0, 1`,
    )
    t.same(
      (await api.call({ method: 'GET', url: `/v1/articles/${parent.id}?include=related`, as })).json().related,
      (await listOf([a.id, c.id])).data,
      `${as ?? 'public'}: the embed too`,
    )
  }
  t.same(
    (await api.call({ method: 'GET', url: `/v1/articles/${parent.id}/related`, as: 'write' })).json(),
    await listOf([a.id, draft.id, c.id, scheduled.id]),
    'editors see all four',
  )

  api.clock.now = T0 + hours(1)
  t.same(await parts.relatedIds(parent.id), [a.id, c.id, scheduled.id], 'a scheduled target appears when its time comes')
  t.match((await api.call({ method: 'GET', url: `/v1/articles/${parent.id}/related` })).json(), {
    data: [{ position: 0 }, { position: 1 }, { position: 2, article: { id: scheduled.id, status: 'published' } }],
  })
  t.same(
    (await api.call({ method: 'GET', url: `/v1/articles/${parent.id}?include=related` }))
      .json()
      .related.map((r: { article: { id: number } }) => r.article.id),
    [a.id, c.id, scheduled.id],
    'the embed read before is not served stale',
  )

  t.equal((await fx.act(a.id, 'unpublish')).statusCode, 200)
  t.same(
    (await api.call({ method: 'GET', url: `/v1/articles/${parent.id}/related` })).json(),
    await listOf([c.id, scheduled.id]),
    'an unpublished target leaves the public view at once',
  )
  t.same(await parts.relatedIds(parent.id, 'write'), [a.id, draft.id, c.id, scheduled.id], 'and stays linked for editors')

  const hidden = await fx.draft({ title: 'Induk draf' })
  await parts.link(hidden.id, [a.id])
  assertProblem(t, await api.call({ method: 'GET', url: `/v1/articles/${hidden.id}/related` }), 404, 'not_found')
  assertProblem(t, await api.call({ method: 'GET', url: `/v1/articles/${hidden.id}/related`, as: 'read' }), 404, 'not_found')
  assertProblem(t, await api.call({ method: 'GET', url: '/v1/articles/999/related', as: 'write' }), 404, 'not_found')
})

t.test('deleting an article removes every link to it; the remaining order is unchanged', async (t) => {
  const { api, fx, parts, listOf } = await setup(t)
  const [a, x, b, c] = [
    await fx.published({ title: 'A' }),
    await fx.published({ title: 'X' }),
    await fx.published({ title: 'B' }),
    await fx.published({ title: 'C' }),
  ]
  const [one, two] = [await fx.published({ title: 'Induk satu' }), await fx.published({ title: 'Induk dua' })]
  await parts.link(one.id, [a.id, x.id, b.id])
  await parts.link(two.id, [x.id, c.id])
  t.same(await parts.relatedIds(one.id), [a.id, x.id, b.id], 'warm the public view before the delete')

  t.equal(
    (await api.call({ method: 'DELETE', url: `/v1/articles/${x.id}`, as: 'write', headers: { 'if-match': await fx.etag(x.id) } }))
      .statusCode,
    204,
  )
  t.same((await api.call({ method: 'GET', url: `/v1/articles/${one.id}/related` })).json(), await listOf([a.id, b.id]))
  t.same((await api.call({ method: 'GET', url: `/v1/articles/${two.id}/related`, as: 'write' })).json(), await listOf([c.id]))
  t.same(
    (await parts.related('POST', one.id, { articleId: c.id, position: 1 })).json(),
    await listOf([a.id, c.id, b.id]),
    'positions still count from the remaining links',
  )

  t.equal(
    (await api.call({ method: 'DELETE', url: `/v1/articles/${two.id}`, as: 'write', headers: { 'if-match': await fx.etag(two.id) } }))
      .statusCode,
    204,
  )
  t.same(await parts.relatedIds(one.id), [a.id, c.id, b.id], "deleting a parent leaves other parents' links alone")
})

t.test('include=captions,related embeds both, by id and by slug, in either order', async (t) => {
  const { api, fx, parts, summary, listOf } = await setup(t)
  const internasional = await fx.category('Internasional')
  const editor = await fx.author('Rahmat Fiansyah')
  const writer = await fx.writer()
  const target = await fx.draft({
    title: 'Putin Tiba di Minsk',
    categoryId: internasional.id,
    tags: ['Rusia'],
    bylines: [
      { authorId: writer.id, role: 'writer' },
      { authorId: editor.id, role: 'editor' },
    ],
  })
  const image = await parts.caption(target.id, leadPhoto)
  await fx.publish(target.id, T0 - hours(1))
  const other = await fx.published({ title: 'Gas Rusia' })
  const parent = await fx.draft({ title: 'Lukashenko Sambut Putin', categoryId: internasional.id })
  const captions = [await parts.caption(parent.id, leadPhoto), await parts.caption(parent.id, inlinePhoto(1))]
  await parts.link(parent.id, [target.id, other.id])
  await fx.publish(parent.id)

  const plain = await api.call({ method: 'GET', url: `/v1/articles/${parent.id}` })
  const both = await api.call({ method: 'GET', url: `/v1/articles/${parent.id}?include=captions,related` })
  const expected = { ...plain.json(), captions, related: (await listOf([target.id, other.id])).data }
  t.same(both.json(), expected, 'the article with all captions in order and the related items')
  t.not(both.headers.etag, plain.headers.etag, 'an embed is another representation')
  t.notOk('captions' in plain.json() || 'related' in plain.json(), 'no embeds unless asked for')

  const swapped = await api.call({ method: 'GET', url: `/v1/articles/${parent.id}?include=related,captions` })
  t.same(swapped.json(), both.json(), 'include=related,captions is the same request')
  t.equal(swapped.headers.etag, both.headers.etag)
  const bySlug = await api.call({ method: 'GET', url: `/v1/articles/slug/${parent.slug}?include=captions,related` })
  t.same(bySlug.json(), expected, 'by slug')
  t.equal(bySlug.headers.etag, both.headers.etag)
  t.same((await api.call({ method: 'GET', url: `/v1/articles/${parent.id}?include=captions` })).json(), { ...plain.json(), captions })
  t.same((await api.call({ method: 'GET', url: `/v1/articles/slug/${parent.slug}?include=related` })).json(), {
    ...plain.json(),
    related: expected.related,
  })
  assertProblem(t, await api.call({ method: 'GET', url: `/v1/articles/${parent.id}?include=comments` }), 400, 'validation_failed')

  t.match(
    both.json().related[0],
    {
      position: 0,
      article: {
        id: target.id,
        title: 'Putin Tiba di Minsk',
        category: internasional,
        tags: [{ slug: 'rusia', name: 'Rusia' }],
        bylines: [
          { role: 'writer', author: writer },
          { role: 'editor', author: editor },
        ],
        image,
        publishedAt: iso(T0 - hours(1)),
        url: `https://www.kabar.example/internasional/${target.slug}`,
      },
    },
    'a related item is an article summary with category, bylines, image and publishedAt',
  )
  t.notOk('body' in both.json().related[0].article, 'a summary has no body')
  t.same(both.json().related[0].article, await summary(target.id))
})

t.test('include=captions,related runs the same number of queries for 1 related link as for 20', async (t) => {
  const countFor = async (links: number) => {
    const { api, fx, parts } = await setup(t)
    const categories = [await fx.category('Internasional'), await fx.category('Ekonomi')]
    const editor = await fx.author('Rahmat Fiansyah')
    const bylines = [
      { authorId: (await fx.writer()).id, role: 'writer' },
      { authorId: editor.id, role: 'editor' },
    ]
    const ids: number[] = []
    for (let n = 0; n < links; n++) {
      const target = await fx.draft({ title: `Terkait ${n}`, categoryId: categories[n % 2]!.id, tags: [`Topik ${n}`, 'Rusia'], bylines })
      await parts.caption(target.id, leadPhoto)
      await parts.caption(target.id, inlinePhoto(n))
      await fx.publish(target.id)
      ids.push(target.id)
    }
    const parent = await fx.draft({ title: 'Induk', categoryId: categories[0]!.id, tags: ['Rusia'], bylines })
    await parts.caption(parent.id, leadPhoto)
    await parts.caption(parent.id, inlinePhoto(99))
    await parts.link(parent.id, ids)
    await fx.publish(parent.id) // a write: every cached representation and summary is dropped

    const url = `/v1/articles/${parent.id}?include=captions,related`
    let res: Awaited<ReturnType<typeof api.call>> | undefined
    const cold = (
      await api.statementsDuring(async () => {
        res = await api.call({ method: 'GET', url })
      })
    ).sql.length
    t.equal(res?.json().related.length, links, `${links}: every link is embedded`)
    const warm = (await api.statementsDuring(() => api.call({ method: 'GET', url }))).sql.length
    t.ok(cold > warm, `${links}: the first read was cold (${cold} statements, then ${warm})`)
    return cold
  }
  const one = await countFor(1)
  const twenty = await countFor(20)
  t.equal(twenty, one, `a fixed number of statements (${one}), whatever the number of links`)
})
