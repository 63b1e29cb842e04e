import t from 'tap'
import { build } from '../helper.js'
import { assertProblem, assertUnauthorized } from '../problem.js'

const T0 = '2026-07-23T10:00:00.000Z'
const allow = { webhookAllowHosts: '127.0.0.1' }
const hookUrl = 'http://127.0.0.1:9/hooks/kabar'

t.test('a subscription: created with its secret once, read, listed, changed under If-Match, deleted', async (t) => {
  const { call, clock } = await build(t, allow)
  const res = await call({
    method: 'POST',
    url: '/v1/webhooks',
    as: 'admin',
    payload: { url: hookUrl, resources: ['article'], description: 'Mitra sindikasi' },
  })
  t.equal(res.statusCode, 201)
  t.equal(res.headers.location, '/v1/webhooks/1')
  const created = res.json() as { secret: string }
  t.match(created.secret, /^whsec_[A-Za-z0-9+/]{32}$/, '24 random bytes, base64')
  const expected = {
    id: 1,
    url: hookUrl,
    resources: ['article'],
    categories: null,
    description: 'Mitra sindikasi',
    enabled: true,
    disabledReason: null,
    createdAt: T0,
    updatedAt: T0,
    version: 1,
  }
  t.same(created, { ...expected, secret: created.secret })

  const got = await call({ method: 'GET', url: '/v1/webhooks/1', as: 'admin' })
  t.same(got.json(), expected, 'no secret once created')
  t.notMatch(got.body, created.secret)
  const list = await call({ method: 'GET', url: '/v1/webhooks', as: 'admin' })
  t.same(list.json(), { data: [expected], page: { limit: 20, nextCursor: null } })
  t.notMatch(list.body, created.secret)

  assertProblem(
    t,
    await call({ method: 'PATCH', url: '/v1/webhooks/1', as: 'admin', payload: { description: 'x' } }),
    428,
    'precondition_required',
  )
  assertProblem(
    t,
    await call({ method: 'PATCH', url: '/v1/webhooks/1', as: 'admin', headers: { 'if-match': '"stale"' }, payload: { description: 'x' } }),
    412,
    'precondition_failed',
  )
  clock.now += 60_000
  const patched = await call({
    method: 'PATCH',
    url: '/v1/webhooks/1',
    as: 'admin',
    headers: { 'if-match': got.headers.etag as string },
    payload: { resources: null, categories: [], description: null },
  })
  assertProblem(t, patched, 400, 'validation_failed')
  const changed = await call({
    method: 'PATCH',
    url: '/v1/webhooks/1',
    as: 'admin',
    headers: { 'if-match': got.headers.etag as string },
    payload: { resources: null, description: null, enabled: false },
  })
  t.same(changed.json(), {
    ...expected,
    resources: null,
    description: null,
    enabled: false,
    disabledReason: 'Disabled through the API',
    updatedAt: '2026-07-23T10:01:00.000Z',
    version: 2,
  })
  const enabled = await call({
    method: 'PATCH',
    url: '/v1/webhooks/1',
    as: 'admin',
    headers: { 'if-match': changed.headers.etag as string },
    payload: { enabled: true },
  })
  t.match(enabled.json(), { enabled: true, disabledReason: null, version: 3 })

  assertProblem(t, await call({ method: 'DELETE', url: '/v1/webhooks/1', as: 'admin' }), 428, 'precondition_required')
  const removed = await call({
    method: 'DELETE',
    url: '/v1/webhooks/1',
    as: 'admin',
    headers: { 'if-match': enabled.headers.etag as string },
  })
  t.equal(removed.statusCode, 204)
  assertProblem(t, await call({ method: 'GET', url: '/v1/webhooks/1', as: 'admin' }), 404, 'not_found')
})

t.test('a create with an Idempotency-Key is made once; the same key with another body is 422', async (t) => {
  const { call } = await build(t, allow)
  const send = (url: string) =>
    call({ method: 'POST', url: '/v1/webhooks', as: 'read', headers: { 'idempotency-key': 'hook-1' }, payload: { url } })
  const first = await send(hookUrl)
  const again = await send(hookUrl)
  t.equal(again.statusCode, 201)
  t.equal(again.headers['idempotent-replayed'], 'true')
  t.same(again.json(), first.json(), 'the same subscription, the same secret')
  assertProblem(t, await send(`${hookUrl}/2`), 422, 'unprocessable')
  t.equal((await call({ method: 'GET', url: '/v1/webhooks', as: 'read' })).json().data.length, 1, 'one subscription')
})

t.test('a key sees and manages only its own subscriptions; an admin key every one', async (t) => {
  const { call } = await build(t, allow)
  const partner = (await call({ method: 'POST', url: '/v1/keys', as: 'admin', payload: { name: 'Mitra B', scope: 'read' } })).json()
  const other = { authorization: `Bearer ${partner.secret as string}` }
  const mine = (await call({ method: 'POST', url: '/v1/webhooks', as: 'read', payload: { url: hookUrl } })).json()
  const theirs = (await call({ method: 'POST', url: '/v1/webhooks', headers: other, payload: { url: `${hookUrl}/b` } })).json()
  await call({ method: 'POST', url: '/v1/webhooks', as: 'write', payload: { url: `${hookUrl}/desk` } })

  const ids = async (options: { as?: 'read' | 'admin'; headers?: Record<string, string> }) =>
    (await call({ method: 'GET', url: '/v1/webhooks', ...options })).json().data.map((hook: { id: number }) => hook.id)
  t.same(await ids({ as: 'read' }), [mine.id])
  t.same(await ids({ headers: other }), [theirs.id])
  t.same(await ids({ as: 'admin' }), [1, 2, 3])

  const etag = (await call({ method: 'GET', url: `/v1/webhooks/${theirs.id}`, as: 'admin' })).headers.etag as string
  const hidden = await call({ method: 'GET', url: `/v1/webhooks/${theirs.id}`, as: 'read' })
  const missing = await call({ method: 'GET', url: '/v1/webhooks/99', as: 'read' })
  assertProblem(t, hidden, 404, 'not_found')
  t.equal(hidden.body, missing.body, 'another key’s subscription is the same 404 as a missing one')
  for (const [method, path] of [
    ['PATCH', ''],
    ['DELETE', ''],
    ['POST', '/rotate-secret'],
    ['GET', '/deliveries'],
    ['POST', '/recover'],
  ] as const) {
    const res = await call({
      method,
      url: `/v1/webhooks/${theirs.id}${path}`,
      as: 'read',
      headers: { 'if-match': etag },
      ...(method === 'PATCH' ? { payload: { description: 'x' } } : path === '/recover' ? { payload: { since: T0 } } : {}),
    })
    assertProblem(t, res, 404, 'not_found')
  }
  const paged = await call({ method: 'GET', url: '/v1/webhooks?limit=2', as: 'admin' })
  const rest = await call({ method: 'GET', url: `/v1/webhooks?limit=2&cursor=${paged.json().page.nextCursor as string}`, as: 'admin' })
  t.same(
    rest.json().data.map((hook: { id: number }) => hook.id),
    [3],
  )
  assertUnauthorized(t, await call({ method: 'GET', url: '/v1/webhooks' }))
  assertUnauthorized(t, await call({ method: 'POST', url: '/v1/webhooks', payload: { url: hookUrl } }))
})

t.test('rotate-secret answers a new secret', async (t) => {
  const { call } = await build(t, allow)
  const created = (await call({ method: 'POST', url: '/v1/webhooks', as: 'read', payload: { url: hookUrl } })).json()
  const rotated = await call({ method: 'POST', url: '/v1/webhooks/1/rotate-secret', as: 'read' })
  t.equal(rotated.statusCode, 200)
  t.match(rotated.json(), { secret: /^whsec_/ })
  t.not(rotated.json().secret, created.secret)
  t.same((await call({ method: 'GET', url: '/v1/webhooks/1', as: 'read' })).json().version, 1, 'the subscription itself is unchanged')
})

t.test('bad input: 400 for the schema, 422 for a refused destination or an unknown category', async (t) => {
  const { call } = await build(t, allow)
  const create = (payload: unknown) => call({ method: 'POST', url: '/v1/webhooks', as: 'admin', payload: payload as object })
  assertProblem(t, await create({}), 400, 'validation_failed')
  assertProblem(t, await create({ url: hookUrl, colour: 'red' }), 400, 'validation_failed')
  assertProblem(t, await create({ url: 'ftp://127.0.0.1/x' }), 400, 'validation_failed')
  assertProblem(t, await create({ url: hookUrl, resources: ['caption'] }), 400, 'validation_failed')
  assertProblem(t, await create({ url: hookUrl, categories: ['1'] }), 400, 'validation_failed')
  assertProblem(t, await create({ url: hookUrl, categories: [42] }), 422, 'unprocessable', {
    errors: [{ in: 'body', path: '/categories/0', message: 'no such category' }],
  })
  for (const url of [
    'http://partner.example/hooks',
    'https://localhost/hooks',
    'https://127.0.0.2/hooks',
    'https://10.1.2.3/hooks',
    'https://172.16.0.1/hooks',
    'https://192.168.1.1/hooks',
    'https://100.64.0.1/hooks',
    'https://169.254.169.254/latest/meta-data',
    'https://0.0.0.0/hooks',
    'https://224.0.0.1/hooks',
    'https://[::1]/hooks',
    'https://[::]/hooks',
    'https://[fe80::1]/hooks',
    'https://[fd00::1]/hooks',
    'https://[ff02::1]/hooks',
    'https://[::ffff:127.0.0.1]/hooks',
    'https://[::ffff:a9fe:a9fe]/hooks',
    'https://user:pass@partner.example/hooks',
  ]) {
    const res = await create({ url })
    assertProblem(t, res, 422, 'unprocessable', { errors: [{ in: 'body', path: '/url' }] })
  }
  t.equal((await create({ url: 'https://93.184.215.14/hooks' })).statusCode, 201, 'a public address is fine')
  const etag = (await call({ method: 'GET', url: '/v1/webhooks/1', as: 'admin' })).headers.etag as string
  const patch = await call({
    method: 'PATCH',
    url: '/v1/webhooks/1',
    as: 'admin',
    headers: { 'if-match': etag },
    payload: { url: 'https://[::ffff:10.0.0.1]/hooks' },
  })
  assertProblem(t, patch, 422, 'unprocessable')
  assertProblem(
    t,
    await call({ method: 'POST', url: '/v1/webhooks/1/recover', as: 'admin', payload: { since: 'yesterday' } }),
    400,
    'validation_failed',
  )
  assertProblem(t, await call({ method: 'POST', url: '/v1/webhooks/1/deliveries/7/redeliver', as: 'admin' }), 404, 'not_found')
})
