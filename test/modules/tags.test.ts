import t from 'tap'
import { build } from '../helper.js'
import { assertProblem } from '../problem.js'

// Shared CRUD behaviour is in slugged-resources.test.ts; these are the rules only tags have.

const at = '2026-07-23T10:00:00.000Z'

t.test('tag names are unique regardless of case (409)', async (t) => {
  const { call } = await build(t)
  const rusia = await call({ method: 'POST', url: '/v1/tags', as: 'write', payload: { name: 'Rusia' } })
  t.same(rusia.json(), { id: 1, slug: 'rusia', name: 'Rusia', createdAt: at, updatedAt: at, version: 1 })
  for (const name of ['Rusia', 'rusia', 'RUSIA', ' Rusia ']) {
    assertProblem(t, await call({ method: 'POST', url: '/v1/tags', as: 'write', payload: { name, slug: 'rusia-lain' } }), 409, 'conflict', {
      errors: [{ in: 'body', path: '/name', message: 'already exists' }],
    })
  }

  const ukraina = await call({ method: 'POST', url: '/v1/tags', as: 'write', payload: { name: 'Ukraina' } })
  const renameTo = (id: number, etag: string, name: string) =>
    call({ method: 'PATCH', url: `/v1/tags/${id}`, as: 'write', headers: { 'if-match': etag }, payload: { name } })
  assertProblem(t, await renameTo(2, ukraina.headers.etag as string, 'rUSIA'), 409, 'conflict')
  const recased = await renameTo(1, rusia.headers.etag as string, 'RUSIA')
  t.equal(recased.statusCode, 200, 'a tag may change the case of its own name')
  t.same(recased.json(), { id: 1, slug: 'rusia', name: 'RUSIA', createdAt: at, updatedAt: at, version: 2 })
  t.same(
    (await call({ method: 'GET', url: '/v1/tags', as: 'write' })).json().data.map((tag: { name: string }) => tag.name),
    ['RUSIA', 'Ukraina'],
  )
})

t.test('names are trimmed and must not be blank', async (t) => {
  const { call } = await build(t)
  t.same((await call({ method: 'POST', url: '/v1/tags', as: 'write', payload: { name: '  Bank Indonesia ' } })).json(), {
    id: 1,
    slug: 'bank-indonesia',
    name: 'Bank Indonesia',
    createdAt: at,
    updatedAt: at,
    version: 1,
  })
  assertProblem(t, await call({ method: 'POST', url: '/v1/tags', as: 'write', payload: { name: '   ' } }), 400, 'validation_failed', {
    errors: [{ in: 'body', path: '/name' }],
  })
  const etag = (await call({ method: 'GET', url: '/v1/tags/1', as: 'write' })).headers.etag as string
  const renamed = await call({
    method: 'PATCH',
    url: '/v1/tags/1',
    as: 'write',
    headers: { 'if-match': etag },
    payload: { name: ' Bank  Sentral ' },
  })
  t.same(
    renamed.json(),
    { id: 1, slug: 'bank-indonesia', name: 'Bank  Sentral', createdAt: at, updatedAt: at, version: 2 },
    'a patch is trimmed too',
  )
})
