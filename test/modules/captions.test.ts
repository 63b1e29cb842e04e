import t from 'tap'
import { articleFixtures, buildApp as build, hours, iso, T0 } from '../article-fixtures.js'
import { inlinePhoto, leadPhoto, partFixtures } from '../article-parts.js'
import { assertProblem, assertUnauthorized } from '../problem.js'

const setup = async (t: Parameters<typeof build>[0]) => {
  const api = await build(t)
  const fx = articleFixtures(api)
  return { api, fx, parts: partFixtures(api, fx) }
}

t.test('POST creates a caption: 201, Location, ETag and the whole caption, which GET returns unchanged', async (t) => {
  const { api, fx } = await setup(t)
  const article = await fx.draft()
  const res = await api.call({ method: 'POST', url: `/v1/articles/${article.id}/captions`, as: 'write', payload: leadPhoto })
  t.equal(res.statusCode, 201)
  const expected = { id: 1, articleId: article.id, position: 0, ...leadPhoto, createdAt: iso(T0), updatedAt: iso(T0), version: 1 }
  t.same(res.json(), expected)
  t.equal(res.headers.location, '/v1/captions/1')
  t.match(res.headers.etag, /^"[^"]+"$/, 'a strong ETag')

  const got = await api.call({ method: 'GET', url: '/v1/captions/1', as: 'write' })
  t.same(got.json(), expected)
  t.equal(got.headers.etag, res.headers.etag, 'GET has the ETag the POST gave')
  t.equal(
    (await api.call({ method: 'GET', url: '/v1/captions/1', as: 'write', headers: { 'if-none-match': res.headers.etag as string } }))
      .statusCode,
    304,
  )

  const bare = await api.call({ method: 'POST', url: `/v1/articles/${article.id}/captions`, as: 'write', payload: inlinePhoto(1) })
  t.same(
    bare.json(),
    {
      id: 2,
      articleId: article.id,
      role: 'inline',
      position: 1,
      imageUrl: inlinePhoto(1).imageUrl,
      text: null,
      altText: null,
      credit: null,
      photographer: null,
      width: null,
      height: null,
      createdAt: iso(T0),
      updatedAt: iso(T0),
      version: 1,
    },
    'optional fields default to null, position to last',
  )
})

t.test('POST refuses bad input and unknown articles', async (t) => {
  const { api, fx } = await setup(t)
  const article = await fx.draft()
  const post = (payload: unknown, as: 'read' | 'write' | 'public' = 'write', id = article.id) =>
    api.call({
      method: 'POST',
      url: `/v1/articles/${id}/captions`,
      as: as === 'public' ? undefined : as,
      payload: payload as Record<string, unknown>,
    })

  for (const imageUrl of [
    'javascript:alert(1)',
    'file:///etc/passwd',
    'data:image/png;base64,iVBORw0KGgo=',
    'ftp://img.kabar.example/minsk.jpg',
    `https://img.kabar.example/${'a'.repeat(2040)}.jpg`,
  ]) {
    assertProblem(t, await post({ role: 'inline', imageUrl }), 400, 'validation_failed', { errors: [{ in: 'body', path: '/imageUrl' }] })
  }
  assertProblem(t, await post({ role: 'hero', imageUrl: leadPhoto.imageUrl }), 400, 'validation_failed')
  assertProblem(t, await post({ imageUrl: leadPhoto.imageUrl }), 400, 'validation_failed')
  assertProblem(t, await post({ ...inlinePhoto(1), caption: 'unknown property' }), 400, 'validation_failed')
  assertProblem(t, await post({ ...inlinePhoto(1), width: '1200' }), 400, 'validation_failed', { errors: [{ path: '/width' }] })
  assertProblem(t, await post(inlinePhoto(1), 'write', 999), 404, 'not_found')
  assertUnauthorized(t, await post(inlinePhoto(1), 'public'))
  assertProblem(t, await post(inlinePhoto(1), 'read'), 403, 'forbidden')
  t.same(await partFixtures(api, fx).captionOrder(article.id), [], 'nothing was created')
})

t.test('an article holds at most 50 captions (422); a retried POST with its Idempotency-Key creates nothing', async (t) => {
  const { api, fx, parts } = await setup(t)
  const article = await fx.draft()
  const post = (payload: Record<string, unknown>, headers: Record<string, string> = {}) =>
    api.call({ method: 'POST', url: `/v1/articles/${article.id}/captions`, as: 'write', headers, payload })
  const first = await post(leadPhoto, { 'idempotency-key': 'foto-utama' })
  const retried = await post(leadPhoto, { 'idempotency-key': 'foto-utama' })
  t.equal(retried.statusCode, 201)
  t.same(retried.json(), first.json(), 'the retry replays the first result')
  assertProblem(t, await post({ ...leadPhoto, credit: 'ANTARA' }, { 'idempotency-key': 'foto-utama' }), 422, 'unprocessable')
  for (let n = 1; n < 50; n++) await parts.caption(article.id, inlinePhoto(n))
  assertProblem(t, await post(inlinePhoto(50)), 422, 'unprocessable')
  t.equal((await parts.captionOrder(article.id)).length, 50)
})

t.test('captions list in position order: an insert at a position pushes the others down, PATCH position moves one', async (t) => {
  const { api, fx, parts } = await setup(t)
  const article = await fx.draft()
  const [a, b, c] = [
    await parts.caption(article.id, inlinePhoto(1)),
    await parts.caption(article.id, inlinePhoto(2)),
    await parts.caption(article.id, inlinePhoto(3)),
  ]
  t.same(
    await parts.captionOrder(article.id),
    [
      [a.id, 0],
      [b.id, 1],
      [c.id, 2],
    ],
    'appended in order',
  )

  const d = await parts.caption(article.id, { ...inlinePhoto(4), position: 0 })
  t.equal(d.position, 0)
  t.same(
    await parts.captionOrder(article.id),
    [
      [d.id, 0],
      [a.id, 1],
      [b.id, 2],
      [c.id, 3],
    ],
    'position 0 pushes the others down',
  )
  t.match(
    (await api.call({ method: 'GET', url: `/v1/captions/${a.id}`, as: 'write' })).json(),
    { position: 1, version: 2 },
    'a caption that moved has a new version',
  )

  const moved = await parts.patchCaption(c.id, { position: 1 })
  t.equal(moved.statusCode, 200)
  t.match(moved.json(), { id: c.id, position: 1, version: 3 }, 'moved down by the insert, then up by the PATCH')
  t.same(
    await parts.captionOrder(article.id),
    [
      [d.id, 0],
      [c.id, 1],
      [a.id, 2],
      [b.id, 3],
    ],
    'PATCH position moves one',
  )

  t.match((await parts.patchCaption(d.id, { position: 50 })).json(), { position: 3 }, 'a position past the end means last')
  t.same(await parts.captionOrder(article.id), [
    [c.id, 0],
    [a.id, 1],
    [b.id, 2],
    [d.id, 3],
  ])
  const e = await parts.caption(article.id, { ...inlinePhoto(5), position: 2 })
  t.same(
    await parts.captionOrder(article.id),
    [
      [c.id, 0],
      [a.id, 1],
      [e.id, 2],
      [b.id, 3],
      [d.id, 4],
    ],
    'an insert in the middle',
  )

  const list = await api.call({ method: 'GET', url: `/v1/articles/${article.id}/captions`, as: 'write' })
  t.same(
    list.json().data.map((x: { imageUrl: string }) => x.imageUrl),
    [3, 1, 5, 2, 4].map((n) => inlinePhoto(n).imageUrl),
    'whole captions, in order',
  )
})

t.test("PATCH and DELETE need the caption's If-Match: 428 without, 412 stale", async (t) => {
  const { api, fx, parts } = await setup(t)
  const article = await fx.draft()
  const first = await api.call({ method: 'POST', url: `/v1/articles/${article.id}/captions`, as: 'write', payload: leadPhoto })
  const etag = first.headers.etag as string
  const second = await parts.caption(article.id, inlinePhoto(2))
  const patch = (headers: Record<string, string>, payload: Record<string, unknown> = { credit: 'ANTARA' }) =>
    api.call({ method: 'PATCH', url: '/v1/captions/1', as: 'write', headers, payload })
  const remove = (headers: Record<string, string>, id = 1) =>
    api.call({ method: 'DELETE', url: `/v1/captions/${id}`, as: 'write', headers })

  assertProblem(t, await patch({}), 428, 'precondition_required')
  assertProblem(t, await patch({ 'if-match': await fx.etag(article.id) }), 412, 'precondition_failed')
  assertProblem(t, await patch({ 'if-match': etag }, {}), 400, 'validation_failed')
  assertProblem(t, await patch({ 'if-match': etag }, { imageUrl: 'javascript:alert(1)' }), 400, 'validation_failed', {
    errors: [{ path: '/imageUrl' }],
  })
  assertProblem(t, await patch({ 'if-match': etag }, { articleId: 2 }), 400, 'validation_failed')

  api.clock.now = T0 + hours(1)
  const changed = await patch({ 'if-match': etag }, { credit: 'ANTARA', text: null, photographer: 'Rivan Awal Lingga' })
  t.equal(changed.statusCode, 200)
  t.same(changed.json(), {
    id: 1,
    articleId: article.id,
    position: 0,
    ...leadPhoto,
    credit: 'ANTARA',
    text: null,
    photographer: 'Rivan Awal Lingga',
    createdAt: iso(T0),
    updatedAt: iso(T0 + hours(1)),
    version: 2,
  })
  t.equal(changed.headers.etag, await parts.captionEtag(1), 'the PATCH answers with the new ETag')
  t.not(changed.headers.etag, etag)

  const stale = await patch({ 'if-match': etag })
  assertProblem(t, stale, 412, 'precondition_failed')
  t.equal(stale.headers.etag, changed.headers.etag, 'a 412 carries the current ETag')

  const racing = await Promise.all([
    patch({ 'if-match': changed.headers.etag as string }, { credit: 'A' }),
    patch({ 'if-match': changed.headers.etag as string }, { credit: 'B' }),
  ])
  t.same(racing.map((r) => r.statusCode).sort(), [200, 412], 'two writes with the same ETag: exactly one wins')
  const current = await parts.captionEtag(1)

  assertProblem(t, await remove({}), 428, 'precondition_required')
  assertProblem(t, await remove({ 'if-match': etag }), 412, 'precondition_failed')
  t.equal((await remove({ 'if-match': current })).statusCode, 204)
  assertProblem(t, await api.call({ method: 'GET', url: '/v1/captions/1', as: 'write' }), 404, 'not_found')
  assertProblem(t, await remove({ 'if-match': current }), 404, 'not_found')
  assertProblem(t, await patch({ 'if-match': current }), 404, 'not_found')
  t.same(await parts.captionOrder(article.id), [[second.id, 0]], 'the others close the gap')
})

t.test('at most one featured caption: a second is 409 by POST and by PATCH; switching is explicit', async (t) => {
  const { api, fx, parts } = await setup(t)
  const article = await fx.draft()
  const lead = await parts.caption(article.id, leadPhoto)
  const other = { ...leadPhoto, imageUrl: 'https://img.kabar.example/2026/07/minsk-2.jpg', credit: 'ANTARA' }
  assertProblem(
    t,
    await api.call({ method: 'POST', url: `/v1/articles/${article.id}/captions`, as: 'write', payload: other }),
    409,
    'conflict',
  )
  const inline = await parts.caption(article.id, { ...other, role: 'inline' })
  assertProblem(t, await parts.patchCaption(inline.id, { role: 'featured' }), 409, 'conflict')
  t.match(
    (await parts.patchCaption(lead.id, { role: 'featured', credit: 'Reuters/Pool' })).json(),
    { role: 'featured', credit: 'Reuters/Pool' },
    'the featured one may stay featured',
  )
  t.match((await fx.expect({ method: 'GET', url: `/v1/articles/${article.id}`, as: 'write' }, 200)).json(), { image: { id: lead.id } })

  t.match((await parts.patchCaption(lead.id, { role: 'inline' })).json(), { id: lead.id, role: 'inline' })
  t.match(
    (await fx.expect({ method: 'GET', url: `/v1/articles/${article.id}`, as: 'write' }, 200)).json(),
    { image: null },
    'no featured caption, no image',
  )
  t.match((await parts.patchCaption(inline.id, { role: 'featured' })).json(), { id: inline.id, role: 'featured' })
  t.match((await fx.expect({ method: 'GET', url: `/v1/articles/${article.id}`, as: 'write' }, 200)).json(), {
    image: { id: inline.id, credit: 'ANTARA' },
  })

  const another = await fx.draft({ title: 'Artikel lain' })
  t.match(await parts.caption(another.id, leadPhoto), { role: 'featured' }, 'one featured caption per article, not per site')
})

t.test('captions of an article the caller cannot see are 404; write keys see them', async (t) => {
  const { api, fx, parts } = await setup(t)
  const draft = await fx.draft()
  const caption = await parts.caption(draft.id, leadPhoto)
  const scheduled = await fx.draft({ title: 'Terjadwal' })
  const later = await parts.caption(scheduled.id, leadPhoto)
  await fx.publish(scheduled.id, T0 + hours(2))

  for (const as of [undefined, 'read'] as const) {
    for (const [articleId, captionId] of [
      [draft.id, caption.id],
      [scheduled.id, later.id],
    ]) {
      assertProblem(t, await api.call({ method: 'GET', url: `/v1/articles/${articleId}/captions`, as }), 404, 'not_found')
      assertProblem(t, await api.call({ method: 'GET', url: `/v1/captions/${captionId}`, as }), 404, 'not_found')
    }
    assertProblem(t, await api.call({ method: 'GET', url: '/v1/captions/999', as }), 404, 'not_found')
  }
  t.same((await api.call({ method: 'GET', url: `/v1/articles/${draft.id}/captions`, as: 'write' })).json(), { data: [caption] })
  t.same((await api.call({ method: 'GET', url: `/v1/captions/${caption.id}`, as: 'write' })).json(), caption)
  assertProblem(t, await api.call({ method: 'GET', url: '/v1/articles/999/captions', as: 'write' }), 404, 'not_found')

  await fx.publish(draft.id)
  api.clock.now = T0 + hours(2)
  for (const [articleId, captionId] of [
    [draft.id, caption.id],
    [scheduled.id, later.id],
  ]) {
    const list = await api.call({ method: 'GET', url: `/v1/articles/${articleId}/captions` })
    t.match(list.json(), { data: [{ id: captionId, articleId }] }, 'published: public callers see the captions')
    t.match(list.headers['cache-control'], /^public, max-age=/)
    t.match((await api.call({ method: 'GET', url: `/v1/captions/${captionId}`, as: 'read' })).json(), { id: captionId, articleId })
  }
})

t.test('deleting the article deletes its captions', async (t) => {
  const { api, fx, parts } = await setup(t)
  const article = await fx.draft()
  const kept = await fx.draft({ title: 'Tetap ada' })
  const [lead, inline, other] = [
    await parts.caption(article.id, leadPhoto),
    await parts.caption(article.id, inlinePhoto(1)),
    await parts.caption(kept.id, leadPhoto),
  ]
  t.equal(
    (
      await api.call({
        method: 'DELETE',
        url: `/v1/articles/${article.id}`,
        as: 'write',
        headers: { 'if-match': await fx.etag(article.id) },
      })
    ).statusCode,
    204,
  )
  for (const id of [lead.id, inline.id])
    assertProblem(t, await api.call({ method: 'GET', url: `/v1/captions/${id}`, as: 'write' }), 404, 'not_found')
  assertProblem(t, await api.call({ method: 'GET', url: `/v1/articles/${article.id}/captions`, as: 'write' }), 404, 'not_found')
  t.same((await api.call({ method: 'GET', url: `/v1/captions/${other.id}`, as: 'write' })).json(), other, "another article's caption stays")
})

t.test("the featured caption is the article's image in detail, in lists and in related items", async (t) => {
  const { api, fx, parts } = await setup(t)
  const target = await fx.published({ title: 'Putin Tiba di Minsk' })
  const parent = await fx.published({ title: 'Lukashenko Sambut Putin' })
  await parts.caption(target.id, inlinePhoto(1))
  const image = await parts.caption(target.id, leadPhoto)
  await parts.link(parent.id, [target.id])

  const detail = (await api.call({ method: 'GET', url: `/v1/articles/${target.id}` })).json()
  t.same(detail.image, image, 'detail: the featured caption, whole')
  t.same(
    (await api.call({ method: 'GET', url: '/v1/articles' })).json().data.map((a: { id: number; image: unknown }) => [a.id, a.image]),
    [
      [parent.id, null],
      [target.id, image],
    ],
    'list summaries',
  )
  t.match(
    (await api.call({ method: 'GET', url: `/v1/articles/${parent.id}/related` })).json(),
    { data: [{ position: 0, article: { id: target.id, image } }] },
    'related items',
  )
  t.match(
    (await api.call({ method: 'GET', url: `/v1/articles/${parent.id}?include=related` })).json(),
    { image: null, related: [{ article: { id: target.id, image } }] },
    'embedded related items',
  )

  const changed = (await parts.patchCaption(image.id, { credit: 'ANTARA' })).json()
  t.same((await api.call({ method: 'GET', url: `/v1/articles/${target.id}` })).json().image, changed, 'a caption change shows at once')
  t.match(
    (await api.call({ method: 'GET', url: `/v1/articles/${parent.id}/related` })).json(),
    { data: [{ article: { image: { credit: 'ANTARA' } } }] },
    'also in related items',
  )
})

t.test("the article's ETag and version change when a caption is created, changed or deleted", async (t) => {
  const { api, fx, parts } = await setup(t)
  const article = await fx.published()
  const read = async () => {
    const res = await api.call({ method: 'GET', url: `/v1/articles/${article.id}` })
    return { etag: res.headers.etag, version: res.json().version as number, updatedAt: res.json().updatedAt as string }
  }
  const seen = [await read()]
  t.equal(seen[0]!.version, 2, 'created and published')

  api.clock.now = T0 + hours(1)
  const caption = await parts.caption(article.id, leadPhoto)
  seen.push(await read())
  api.clock.now = T0 + hours(2)
  await parts.patchCaption(caption.id, { credit: 'ANTARA' })
  seen.push(await read())
  api.clock.now = T0 + hours(3)
  const removed = await api.call({
    method: 'DELETE',
    url: `/v1/captions/${caption.id}`,
    as: 'write',
    headers: { 'if-match': await parts.captionEtag(caption.id) },
  })
  t.equal(removed.statusCode, 204)
  seen.push(await read())

  t.same(
    seen.map((s) => s.version),
    [2, 3, 4, 5],
    'every caption write moves the version',
  )
  t.same(
    seen.map((s) => s.updatedAt),
    [0, 1, 2, 3].map((h) => iso(T0 + hours(h))),
    'and updatedAt',
  )
  t.equal(new Set(seen.map((s) => s.etag)).size, 4, 'and the ETag')
  t.match(
    (await api.call({ method: 'GET', url: `/v1/articles/${article.id}` })).json(),
    { image: null },
    'the deleted featured caption is no longer the image',
  )

  const refused = await api.call({
    method: 'POST',
    url: `/v1/articles/${article.id}/captions`,
    as: 'write',
    payload: { role: 'inline', imageUrl: 'ftp://x.example/a.jpg' },
  })
  t.equal(refused.statusCode, 400)
  t.equal((await read()).version, 5, 'a refused write changes nothing')
})
