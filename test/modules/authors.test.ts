import t from 'tap'
import { build } from '../helper.js'
import { assertProblem } from '../problem.js'

// Shared CRUD behaviour is in slugged-resources.test.ts; these are the rules only authors have.

const anton = {
  name: 'Anton Suhartono',
  bio: 'Wartawan desk internasional.',
  avatarUrl: 'https://img.kabar.example/anton.jpg',
  email: 'anton@kabar.example',
}
const at = '2026-07-23T10:00:00.000Z'
const publicView = {
  id: 1,
  slug: 'anton-suhartono',
  name: anton.name,
  bio: anton.bio,
  avatarUrl: anton.avatarUrl,
  createdAt: at,
  updatedAt: at,
  version: 1,
}

t.test('email is shown only to write and admin keys, on every read route', async (t) => {
  const { call } = await build(t)
  t.same((await call({ method: 'POST', url: '/v1/authors', as: 'write', payload: anton })).json(), { ...publicView, email: anton.email })
  for (const as of [undefined, 'read', 'write', 'admin'] as const) {
    const keyed = as === 'write' || as === 'admin'
    const expected = keyed ? { ...publicView, email: anton.email } : publicView
    t.same((await call({ method: 'GET', url: '/v1/authors/1', as })).json(), expected, `${as ?? 'public'} by id`)
    t.same((await call({ method: 'GET', url: '/v1/authors/slug/anton-suhartono', as })).json(), expected, `${as ?? 'public'} by slug`)
    t.same(
      (await call({ method: 'GET', url: '/v1/authors', as })).json(),
      { data: [expected], page: { limit: 20, nextCursor: null } },
      `${as ?? 'public'} list`,
    )
  }
  const publicTag = (await call({ method: 'GET', url: '/v1/authors/1' })).headers.etag
  const writeTag = (await call({ method: 'GET', url: '/v1/authors/1', as: 'write' })).headers.etag
  t.not(publicTag, writeTag, 'the two representations have different ETags')
})

t.test('email must be an address; avatarUrl must be http(s); null clears them', async (t) => {
  const { call } = await build(t)
  for (const payload of [
    { name: 'A', email: 'not-an-email' },
    { name: 'A', avatarUrl: 'javascript:alert(1)' },
    { name: 'A', email: 'a'.repeat(250) + '@x.id' },
  ]) {
    assertProblem(t, await call({ method: 'POST', url: '/v1/authors', as: 'write', payload }), 400, 'validation_failed')
  }
  const created = await call({ method: 'POST', url: '/v1/authors', as: 'write', payload: anton })
  const cleared = await call({
    method: 'PATCH',
    url: '/v1/authors/1',
    as: 'write',
    headers: { 'if-match': created.headers.etag as string },
    payload: { email: null, avatarUrl: null },
  })
  t.same(cleared.json(), { ...publicView, avatarUrl: null, email: null, version: 2 })
})

t.test('an author with bylines cannot be deleted (409) until the bylines are gone', async (t) => {
  const { sql, call } = await build(t)
  await call({ method: 'POST', url: '/v1/authors', as: 'write', payload: anton })
  const now = Date.parse(at)
  const [article] = await sql<{ id: number }>(
    'insert into articles (slug, title, created_at, updated_at) values (?, ?, ?, ?) returning id',
    'demo-minsk',
    'Demo di Minsk',
    now,
    now,
  )
  await sql(`insert into bylines (article_id, position, author_id, role) values (?, 0, 1, 'writer')`, article!.id)

  const etag = (await call({ method: 'GET', url: '/v1/authors/1', as: 'write' })).headers.etag as string
  assertProblem(t, await call({ method: 'DELETE', url: '/v1/authors/1', as: 'write', headers: { 'if-match': etag } }), 409, 'conflict')
  t.equal((await call({ method: 'GET', url: '/v1/authors/1' })).statusCode, 200, 'the author is still there')

  await sql('delete from bylines where article_id = ?', article!.id)
  t.equal((await call({ method: 'DELETE', url: '/v1/authors/1', as: 'write', headers: { 'if-match': etag } })).statusCode, 204)
})
