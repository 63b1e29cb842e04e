import pg from 'pg'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig, type Config } from '../../src/config.js'
import { systemClock } from '../../src/lib/clock.js'
import { DatabaseUnusable, openStore } from '../../src/store/index.js'
import { writeLockKey } from '../../src/store/postgres/driver.js'
import { dedicatedPostgres } from '../fixtures/postgres.js'
import { eventually, type Teardown } from '../fixtures/server-process.js'
import { freshPostgres } from '../helper.js'

// The PostgreSQL store in process: several apps on one database follow each other through NOTIFY and the log,
// a lost listening connection is replaced and caught up, writes wait for the write lock and give up with 503,
// and a database that goes away answers 503 (cached reads keep answering) until it is back.

const settings = (overrides: Partial<Config> = {}) =>
  loadConfig({}, { logLevel: 'silent', seedDemo: false, maxEventLoopDelayMs: 0, changePollMs: 250, jobsIntervalMs: 0, ...overrides })

async function appOn(t: Teardown, url: string, overrides: Partial<Config> = {}) {
  const config = settings({ databaseUrl: url, ...overrides })
  const app = await buildApp({ config, store: await openStore(config, { clock: systemClock, lockTimeoutMs: config.writeLockTimeoutMs }) })
  t.teardown(() => app.close())
  return app
}

const adminOf = async (app: Awaited<ReturnType<typeof appOn>>) => {
  const { secret } = await app.services.keys.create({ scope: 'admin', keyId: null, categories: null }, { name: 'ops', scope: 'write' })
  return { authorization: `Bearer ${secret}` }
}

/** How long until `probe` holds, polled every 10 ms; fails past `deadlineMs`. */
async function within(deadlineMs: number, probe: () => Promise<boolean>): Promise<number> {
  const held = await eventually(async () => (await probe()) || undefined, deadlineMs, 10)
  if (held === null) throw new Error(`not within ${deadlineMs} ms`)
  return held.ms
}

t.test('a write on one app reaches the cache of another at once, and again after its listener is cut off', async (t) => {
  const url = await freshPostgres(t)
  const a = await appOn(t, url)
  const b = await appOn(t, url, { changePollMs: 250 })
  const auth = await adminOf(a)
  const created = await a.inject({ method: 'POST', url: '/v1/categories', headers: auth, payload: { name: 'Nasional' } })
  t.equal(created.statusCode, 201)
  const { id } = created.json()
  const nameOn = async (app: typeof a) => (await app.inject({ method: 'GET', url: `/v1/categories/${id}` })).json().name
  t.equal(await nameOn(b), 'Nasional')

  const rename = async (name: string) => {
    const etag = (await a.inject({ method: 'GET', url: `/v1/categories/${id}` })).headers.etag as string
    const res = await a.inject({ method: 'PATCH', url: `/v1/categories/${id}`, headers: { ...auth, 'if-match': etag }, payload: { name } })
    t.equal(res.statusCode, 200)
  }
  await rename('Dalam Negeri')
  const first = await within(1000, async () => (await nameOn(b)) === 'Dalam Negeri')
  t.ok(first <= 1000, `B follows within a second (${first} ms)`)

  // Every node's listening connection is cut off; B's comes back and catches up from the log.
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  t.teardown(() => admin.end())
  const cut = await admin.query(`select pg_terminate_backend(pid) as cut from pg_stat_activity where query ilike 'listen %'`)
  t.ok(cut.rows.length >= 2, `both listening connections were cut off (${cut.rows.length})`)
  await rename('Nusantara')
  const again = await within(1000, async () => (await nameOn(b)) === 'Nusantara')
  t.ok(again <= 1000, `B follows again (${again} ms)`)
})

t.test('a write waits for the write lock another connection holds, then answers 503 with Retry-After', async (t) => {
  const url = await freshPostgres(t)
  const app = await appOn(t, url, { writeLockTimeoutMs: 200 })
  const auth = await adminOf(app)
  const holder = new pg.Client({ connectionString: url })
  await holder.connect()
  t.teardown(() => holder.end())
  await holder.query(`begin; select pg_advisory_xact_lock(${writeLockKey})`)
  const started = Date.now()
  const refused = await app.inject({ method: 'POST', url: '/v1/tags', headers: auth, payload: { name: 'Pemilu' } })
  t.equal(refused.statusCode, 503)
  t.equal(refused.json().code, 'unavailable')
  t.ok(refused.headers['retry-after'], 'Retry-After')
  t.ok(Date.now() - started >= 150, 'it waited for the lock first')
  await holder.query('rollback')
  t.equal((await app.inject({ method: 'POST', url: '/v1/tags', headers: auth, payload: { name: 'Pemilu' } })).statusCode, 201)
})

t.test('PostgreSQL stopped: cached reads answer, writes and readiness answer 503, all recover when it is back', async (t) => {
  const server = await dedicatedPostgres(t)
  const url = await freshDatabaseOn(t, server.url)
  const app = await appOn(t, url)
  const auth = await adminOf(app)
  const created = await app.inject({ method: 'POST', url: '/v1/authors', headers: auth, payload: { name: 'Anton Suhartono' } })
  t.equal(created.statusCode, 201)
  const article = await app.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload: { title: 'Banjir di Jakarta' } })
  const path = `/v1/articles/${article.json().id}`
  t.equal((await app.inject({ method: 'GET', url: path, headers: auth })).statusCode, 200, 'cached')

  await server.stop()
  t.equal((await app.inject({ method: 'GET', url: path, headers: auth })).statusCode, 200, 'the cached article still answers')
  for (const res of [
    await app.inject({ method: 'POST', url: '/v1/tags', headers: auth, payload: { name: 'Banjir' } }),
    await app.inject({ method: 'GET', url: '/ready' }),
    await app.inject({ method: 'GET', url: '/v1/authors/1' }),
  ]) {
    t.equal(res.statusCode, 503, res.body)
    t.equal(res.json().code, 'unavailable')
    t.ok(res.headers['retry-after'], 'Retry-After')
  }

  await server.start()
  const recovered = await within(10_000, async () => (await app.inject({ method: 'GET', url: '/ready' })).statusCode === 200)
  t.pass(`ready again ${recovered} ms after the restart`)
  t.equal((await app.inject({ method: 'POST', url: '/v1/tags', headers: auth, payload: { name: 'Banjir' } })).statusCode, 201)
})

t.test('a database that cannot be reached at start-up is one line naming DATABASE_URL, without its password', async (t) => {
  const server = await dedicatedPostgres(t)
  await server.stop()
  const where = new URL(server.url)
  where.username = 'kabar'
  where.password = 'rahasia'
  const url = where.toString()
  const failure = await openStore({ databasePath: ':memory:', databaseUrl: url }, { clock: systemClock, lockTimeoutMs: 100 }).catch(
    (error: unknown) => error,
  )
  t.ok(failure instanceof DatabaseUnusable)
  t.match((failure as Error).message, /^DATABASE_URL=postgres:\/\/kabar@127\.0\.0\.1:\d+\/postgres cannot be used: /)
  t.notMatch((failure as Error).message, /rahasia/)
})

/** A fresh database on a dedicated server (the shared server's `freshDatabase` is for the shared one). */
async function freshDatabaseOn(t: Teardown, serverUrl: string): Promise<string> {
  const admin = new pg.Client({ connectionString: serverUrl })
  await admin.connect()
  await admin.query('create database kabar')
  await admin.end()
  return serverUrl.replace(/\/postgres$/, '/kabar')
}
