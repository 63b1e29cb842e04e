import t from 'tap'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { systemClock } from '../../src/lib/clock.js'
import { openStore } from '../../src/store/index.js'
import { runTs } from '../child-process.js'
import { build } from '../helper.js'
import { assertProblem, assertUnauthorized } from '../problem.js'

const T0 = Date.parse('2026-07-23T10:00:00.000Z')
const iso = (ms: number) => new Date(ms).toISOString()

t.test('POST /v1/keys returns the secret once; the key works at its scope', async (t) => {
  const { call } = await build(t)
  const res = await call({
    method: 'POST',
    url: '/v1/keys',
    as: 'admin',
    payload: { name: 'Desk Nasional', scope: 'write', expiresAt: '2027-01-01T00:00:00Z' },
  })
  t.equal(res.statusCode, 201)
  const body = res.json() as { id: number; secret: string }
  t.match(body.secret, /^kbr_[A-Za-z0-9_-]{43,}$/, 'at least 32 random bytes')
  t.same(body, {
    id: 4,
    name: 'Desk Nasional',
    scope: 'write',
    prefix: body.secret.slice(0, 12),
    createdAt: iso(T0),
    expiresAt: '2027-01-01T00:00:00.000Z',
    categories: null,
    secret: body.secret,
  })
  t.equal(res.headers.location, '/v1/keys/4')

  const headers = { authorization: `Bearer ${body.secret}` }
  t.equal((await call({ method: 'POST', url: '/v1/tags', headers, payload: { name: 'Rusia' } })).statusCode, 201, 'it can write')
  t.equal(
    (await call({ method: 'GET', url: '/v1/tags/1', headers: { authorization: `bearer ${body.secret}` } })).headers['cache-control'],
    'private, no-store',
    'the scheme is case-insensitive',
  )
  assertProblem(t, await call({ method: 'GET', url: '/v1/keys', headers }), 403, 'forbidden')
})

t.test('GET /v1/keys lists active keys and never a secret or hash', async (t) => {
  const { call } = await build(t)
  const secret = (await call({ method: 'POST', url: '/v1/keys', as: 'admin', payload: { name: 'Mitra', scope: 'read' } })).json()
    .secret as string
  const res = await call({ method: 'GET', url: '/v1/keys', as: 'admin' })
  t.equal(res.statusCode, 200)
  t.equal(res.headers['cache-control'], 'private, no-store')
  const key = (id: number, name: string, scope: string) => ({
    id,
    name,
    scope,
    prefix: String,
    createdAt: iso(T0),
    expiresAt: null,
    categories: null,
  })
  t.match(res.json(), {
    data: [key(1, 'test read', 'read'), key(2, 'test write', 'write'), key(3, 'test admin', 'admin'), key(4, 'Mitra', 'read')],
    page: { limit: 20, nextCursor: null },
  })
  for (const row of res.json().data)
    t.same(Object.keys(row).sort(), ['categories', 'createdAt', 'expiresAt', 'id', 'name', 'prefix', 'scope'])
  t.notMatch(res.body, secret)
  t.notMatch(res.body, secret.slice(12), 'not even the part after the prefix')

  const paged = await call({ method: 'GET', url: '/v1/keys?limit=3', as: 'admin' })
  t.equal(paged.json().data.length, 3)
  const rest = await call({ method: 'GET', url: `/v1/keys?limit=3&cursor=${paged.json().page.nextCursor}`, as: 'admin' })
  t.same(
    rest.json().data.map((k: { id: number }) => k.id),
    [4],
  )
})

t.test('DELETE /v1/keys/:id revokes at once', async (t) => {
  const { call } = await build(t)
  const created = (await call({ method: 'POST', url: '/v1/keys', as: 'admin', payload: { name: 'Bocor', scope: 'write' } })).json() as {
    id: number
    secret: string
  }
  const headers = { authorization: `Bearer ${created.secret}` }
  t.equal((await call({ method: 'GET', url: '/v1/tags', headers })).statusCode, 200)
  const revoked = await call({ method: 'DELETE', url: `/v1/keys/${created.id}`, as: 'admin' })
  t.equal(revoked.statusCode, 204)
  t.equal(revoked.body, '')
  assertUnauthorized(t, await call({ method: 'GET', url: '/v1/tags', headers }))
  assertUnauthorized(t, await call({ method: 'POST', url: '/v1/tags', headers, payload: { name: 'Rusia' } }))
  t.notOk(
    (await call({ method: 'GET', url: '/v1/keys', as: 'admin' })).json().data.some((k: { id: number }) => k.id === created.id),
    'no longer listed',
  )
  assertProblem(t, await call({ method: 'DELETE', url: `/v1/keys/${created.id}`, as: 'admin' }), 404, 'not_found')
  assertProblem(t, await call({ method: 'DELETE', url: '/v1/keys/999', as: 'admin' }), 404, 'not_found')
})

t.test('an expired key is 401; expiresAt in the past is 422', async (t) => {
  const api = await build(t)
  const later = iso(T0 + 60_000)
  const created = await api.call({
    method: 'POST',
    url: '/v1/keys',
    as: 'admin',
    payload: { name: 'Sementara', scope: 'read', expiresAt: later },
  })
  const headers = { authorization: `Bearer ${created.json().secret}` }
  t.equal((await api.call({ method: 'GET', url: '/v1/tags', headers })).statusCode, 200)
  api.clock.now = T0 + 59_999
  t.equal((await api.call({ method: 'GET', url: '/v1/tags', headers })).statusCode, 200, 'valid until the instant it expires')
  const listed = async () => (await api.call({ method: 'GET', url: '/v1/keys', as: 'admin' })).json().data.map((k: { id: number }) => k.id)
  t.ok((await listed()).includes(created.json().id), 'listed while active')
  api.clock.now = T0 + 60_000
  assertUnauthorized(t, await api.call({ method: 'GET', url: '/v1/tags', headers }))
  t.notOk((await listed()).includes(created.json().id), 'no longer listed once expired')

  for (const expiresAt of [iso(api.clock.now - 1), iso(api.clock.now)]) {
    assertProblem(
      t,
      await api.call({ method: 'POST', url: '/v1/keys', as: 'admin', payload: { name: 'Basi', scope: 'read', expiresAt } }),
      422,
      'unprocessable',
      { errors: [{ in: 'body', path: '/expiresAt' }] },
    )
  }
})

t.test('only admin keys manage keys; bodies are validated', async (t) => {
  const { call } = await build(t)
  const routes = [
    { method: 'GET', url: '/v1/keys' },
    { method: 'POST', url: '/v1/keys', payload: { name: 'X', scope: 'read' } },
    { method: 'DELETE', url: '/v1/keys/1' },
  ] as const
  for (const route of routes) {
    assertUnauthorized(t, await call({ ...route }))
    for (const as of ['read', 'write'] as const) assertProblem(t, await call({ ...route, as }), 403, 'forbidden')
  }
  for (const payload of [
    { name: 'X', scope: 'root' },
    { name: '', scope: 'read' },
    { scope: 'read' },
    { name: 'X', scope: 'read', expiresAt: 'besok' },
    { name: 'X', scope: 'read', secret: 'mine' },
  ]) {
    assertProblem(t, await call({ method: 'POST', url: '/v1/keys', as: 'admin', payload }), 400, 'validation_failed')
  }
  t.equal((await call({ method: 'GET', url: '/v1/keys', as: 'admin' })).json().data.length, 3, 'no key was created or revoked')
})

t.test('the keys CLI prints a secret that works against an app on the same database', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kabar-keys-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const databasePath = join(dir, 'kabar.db')
  const cli = (...args: string[]) => runTs('src/cli/keys.ts', args, { DATABASE_PATH: databasePath })

  const { stdout } = await cli('create', '--name', 'Desk', '--scope', 'admin')
  t.match(stdout, /^Created admin key #1 "Desk"\./)
  const secret = stdout.trim().split('\n').at(-1)!
  t.match(secret, /^kbr_[A-Za-z0-9_-]{43}$/)
  await t.rejects(cli('create', '--name', 'Desk', '--scope', 'root'), { code: 2, stderr: /--scope must be one of read, write, admin/ })

  const app = await buildApp({
    config: loadConfig({}, { logLevel: 'silent' }),
    store: await openStore({ databasePath: databasePath }, { clock: systemClock, lockTimeoutMs: 1000 }),
  })
  t.teardown(() => app.close())
  const res = await app.inject({ method: 'GET', url: '/v1/keys', headers: { authorization: `Bearer ${secret}` } })
  t.equal(res.statusCode, 200)
  t.match(res.json(), {
    data: [{ id: 1, name: 'Desk', scope: 'admin', prefix: secret.slice(0, 12), expiresAt: null }],
    page: { nextCursor: null },
  })
  t.notMatch(res.body, secret)

  // Revoking from the CLI while the app runs (another process, same database) takes effect at once.
  const { stdout: revoked } = await cli('revoke', '--id', '1')
  t.equal(revoked.trim(), 'Revoked key #1')
  assertUnauthorized(t, await app.inject({ method: 'GET', url: '/v1/keys', headers: { authorization: `Bearer ${secret}` } }))
})

t.test('the Location of a new key resolves: GET /v1/keys/{id} shows it until it is revoked', async (t) => {
  const { call } = await build(t)
  const created = await call({ method: 'POST', url: '/v1/keys', as: 'admin', payload: { name: 'Mitra Regional Jabar', scope: 'read' } })
  const { secret, ...key } = created.json() as { secret: string; id: number }
  t.ok(secret)
  const got = await call({ method: 'GET', url: created.headers.location as string, as: 'admin' })
  t.equal(got.statusCode, 200)
  t.same(got.json(), key, 'the key without its secret')
  t.equal((await call({ method: 'DELETE', url: `/v1/keys/${key.id}`, as: 'admin' })).statusCode, 204)
  assertProblem(t, await call({ method: 'GET', url: `/v1/keys/${key.id}`, as: 'admin' }), 404, 'not_found')
  assertProblem(t, await call({ method: 'GET', url: `/v1/keys/${key.id}`, as: 'write' }), 403, 'forbidden')
})
