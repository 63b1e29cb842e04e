import t from 'tap'
import { build } from '../helper.js'
import { assertProblem } from '../problem.js'

const create = (key: string, name: string) =>
  ({ method: 'POST', url: '/v1/tags', as: 'write', headers: { 'idempotency-key': key }, payload: { name } }) as const

t.test('a retry with the same key and body replays the first result and creates nothing', async (t) => {
  const { call } = await build(t)
  const first = await call(create('4f1c-retry', 'Rusia'))
  t.equal(first.statusCode, 201)
  t.equal(first.headers['idempotent-replayed'], undefined)
  for (let i = 0; i < 2; i++) {
    const retry = await call(create('4f1c-retry', 'Rusia'))
    t.equal(retry.statusCode, 201, 'same status')
    t.equal(retry.body, first.body, 'same body, same id')
    t.equal(retry.headers.location, first.headers.location)
    t.equal(retry.headers.etag, first.headers.etag)
    t.equal(retry.headers['idempotent-replayed'], 'true')
  }
  t.same(
    (await call({ method: 'GET', url: '/v1/tags', as: 'write' })).json().data.map((tag: { id: number }) => tag.id),
    [1],
    'one tag',
  )
})

t.test('the same body with its properties in another order is the same request', async (t) => {
  const { call } = await build(t)
  const post = (payload: object) =>
    call({ method: 'POST', url: '/v1/tags', as: 'write', headers: { 'idempotency-key': 'urutan' }, payload })
  const first = await post({ name: 'Rusia', slug: 'rusia' })
  const again = await post({ slug: 'rusia', name: 'Rusia' })
  t.equal(again.statusCode, 201)
  t.equal(again.headers['idempotent-replayed'], 'true', 'replayed, not refused')
  t.equal(again.body, first.body)
})

t.test('the same key with a different body is 422', async (t) => {
  const { call } = await build(t)
  await call(create('4f1c', 'Rusia'))
  assertProblem(t, await call(create('4f1c', 'Ukraina')), 422, 'unprocessable')
  t.equal((await call({ method: 'GET', url: '/v1/tags', as: 'write' })).json().data.length, 1, 'nothing created')
  t.equal((await call(create('5a2d', 'Ukraina'))).statusCode, 201, 'a new key is a new request')
})

t.test('keys belong to the caller; failures are not remembered; records expire after 24 hours', async (t) => {
  const { call, clock } = await build(t)
  await call(create('shared', 'Rusia'))
  const other = await call({ ...create('shared', 'Rusia'), as: 'admin' })
  assertProblem(t, other, 409, 'conflict', { detail: 'A tag named "Rusia" already exists' })

  assertProblem(t, await call(create('late', 'rusia')), 409, 'conflict')
  const etag = (await call({ method: 'GET', url: '/v1/tags/1', as: 'write' })).headers.etag as string
  t.equal((await call({ method: 'DELETE', url: '/v1/tags/1', as: 'write', headers: { 'if-match': etag } })).statusCode, 204)
  t.equal((await call(create('late', 'rusia'))).statusCode, 201, 'the failed attempt did not burn the key')

  clock.now += 25 * 60 * 60 * 1000
  t.match((await call(create('shared', 'Belarusia'))).json(), { name: 'Belarusia' }, 'an expired key is free again')
})

t.test('a malformed Idempotency-Key is 400', async (t) => {
  const { call } = await build(t)
  assertProblem(t, await call(create('with space', 'Rusia')), 400, 'validation_failed', {
    errors: [{ in: 'header', path: '/idempotency-key' }],
  })
  assertProblem(t, await call(create('k'.repeat(256), 'Rusia')), 400, 'validation_failed')
  t.same((await call({ method: 'GET', url: '/v1/tags', as: 'write' })).json().data, [])
})
