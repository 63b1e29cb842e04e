import t from 'tap'
import { build, type TestApp } from '../helper.js'
import { assertProblem } from '../problem.js'

// Shared CRUD behaviour is in slugged-resources.test.ts; these are the rules only categories have.

const at = '2026-07-23T10:00:00.000Z'

const category = (api: TestApp, name: string, parentId: number | null = null) =>
  api.call({ method: 'POST', url: '/v1/categories', as: 'write', payload: { name, parentId } })

async function reparent(api: TestApp, id: number, parentId: number | null) {
  const etag = (await api.call({ method: 'GET', url: `/v1/categories/${id}`, as: 'write' })).headers.etag as string
  return api.call({ method: 'PATCH', url: `/v1/categories/${id}`, as: 'write', headers: { 'if-match': etag }, payload: { parentId } })
}

t.test('a parent must exist (422)', async (t) => {
  const api = await build(t)
  assertProblem(t, await category(api, 'Regional', 42), 422, 'unprocessable', { errors: [{ in: 'body', path: '/parentId' }] })
  t.same((await api.call({ method: 'GET', url: '/v1/categories' })).json().data, [], 'nothing was created')

  t.equal((await category(api, 'Nasional')).statusCode, 201)
  const child = await category(api, 'Jawa Barat', 1)
  t.equal(child.statusCode, 201)
  t.same(child.json(), {
    id: 2,
    slug: 'jawa-barat',
    name: 'Jawa Barat',
    description: null,
    parentId: 1,
    createdAt: at,
    updatedAt: at,
    version: 1,
  })
  assertProblem(t, await reparent(api, 2, 99), 422, 'unprocessable', { errors: [{ in: 'body', path: '/parentId' }] })
  t.match((await reparent(api, 2, null)).json(), { id: 2, parentId: null, version: 2 }, 'null detaches it')
})

t.test('parentId cannot form a cycle (422)', async (t) => {
  const api = await build(t)
  await category(api, 'Nasional')
  await category(api, 'Jawa', 1)
  await category(api, 'Bandung', 2)
  for (const [id, parentId] of [
    [1, 1],
    [1, 3],
    [1, 2],
    [2, 3],
  ] as const) {
    assertProblem(t, await reparent(api, id, parentId), 422, 'unprocessable', {
      errors: [{ in: 'body', path: '/parentId', message: 'would create a cycle' }],
    })
  }
  t.same(
    (await api.call({ method: 'GET', url: '/v1/categories' })).json().data.map((c: { parentId: number | null }) => c.parentId),
    [null, 1, 2],
    'unchanged',
  )
  await category(api, 'Regional')
  t.match((await reparent(api, 3, 4)).json(), { id: 3, parentId: 4 }, 'moving to another branch is fine')
  t.match((await reparent(api, 1, 3)).json(), { id: 1, parentId: 3 }, 'and then the former root can go under it')
})

t.test('a category used by an article or with subcategories cannot be deleted (409)', async (t) => {
  const api = await build(t)
  await category(api, 'Internasional')
  await category(api, 'Asia', 1)
  const now = Date.parse(at)
  await api.sql(
    'insert into articles (slug, title, category_id, created_at, updated_at) values (?, ?, 2, ?, ?)',
    'demo-minsk',
    'Demo di Minsk',
    now,
    now,
  )

  const remove = async (id: number) => {
    const etag = (await api.call({ method: 'GET', url: `/v1/categories/${id}`, as: 'write' })).headers.etag as string
    return api.call({ method: 'DELETE', url: `/v1/categories/${id}`, as: 'write', headers: { 'if-match': etag } })
  }
  assertProblem(t, await remove(2), 409, 'conflict')
  assertProblem(t, await remove(1), 409, 'conflict')
  t.equal((await api.call({ method: 'GET', url: '/v1/categories' })).json().data.length, 2, 'both remain')

  await api.sql('delete from articles')
  t.equal((await remove(2)).statusCode, 204)
  t.equal((await remove(1)).statusCode, 204)
})
