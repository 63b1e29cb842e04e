/**
 * The disk under the database failing while the server runs: full (a small tmpfs filled up), then read-only (the
 * connection switched to `query_only`, SQLite's own read-only state: a mounted file system cannot be remounted
 * read-only while the database is open for writing). Writes answer problems with their own codes (507
 * storage_full, 503 read_only), readiness follows, nothing acknowledged is lost, and the server recovers by itself.
 */
import { closeSync, openSync, rmSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { systemClock } from '../../src/lib/clock.js'
import { openDatabase } from '../../src/store/sqlite/connect.js'
import { createStore } from '../../src/store/index.js'
import { sqliteDriver } from '../../src/store/sqlite/driver.js'
import { migrateDatabase } from '../../src/store/sqlite/migrate.js'
import { tempDir } from '../fixtures/server-process.js'
import { mountTmpfs, tmpfsUnavailable } from '../fixtures/tmpfs.js'
import { assertProblem } from '../problem.js'

/** Fills the file system at `dir` with one file until it is full. */
function fill(dir: string): string {
  const path = join(dir, 'filler')
  const fd = openSync(path, 'w')
  const chunk = Buffer.alloc(16 * 1024, 1)
  try {
    for (;;) writeSync(fd, chunk)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOSPC') throw error
  } finally {
    closeSync(fd)
  }
  return path
}

t.test('a full disk answers 507, a read-only one 503, and both recover by themselves', { skip: tmpfsUnavailable }, async (t) => {
  const dir = tempDir(t, 'disk')
  mountTmpfs(t, dir, '4m')
  const config = loadConfig({}, { logLevel: 'silent', seedDemo: false, maxEventLoopDelayMs: 0, changePollMs: 0, jobsIntervalMs: 0 })
  const path = join(dir, 'kabar.db')
  const db = openDatabase(path)
  await migrateDatabase(db)
  const app = await buildApp({ config, store: createStore(sqliteDriver(path, db), { clock: systemClock, lockTimeoutMs: 500 }) })
  t.teardown(() => app.close())
  const { secret } = await app.services.keys.create({ scope: 'admin', keyId: null, categories: null }, { name: 'desk', scope: 'write' })
  const auth = { authorization: `Bearer ${secret}` }
  const create = (n: number) =>
    app.inject({
      method: 'POST',
      url: '/v1/articles',
      headers: auth,
      payload: { title: `Berita ${n}`, body: `<p>${'kata '.repeat(400)}</p>` },
    })
  const acknowledged: number[] = []
  for (let n = 0; n < 5; n++) acknowledged.push((await create(n)).json().id)

  const filler = fill(dir)
  let full
  for (let n = 100; n < 200; n++) {
    full = await create(n)
    if (full.statusCode !== 201) break
    acknowledged.push(full.json().id)
  }
  assertProblem(t, full!, 507, 'storage_full')
  rmSync(filler)
  const after = await create(1000)
  t.equal(after.statusCode, 201, 'once space is freed, writes succeed again without a restart')
  acknowledged.push(after.json().id)

  db.$client.pragma('query_only = ON')
  t.equal((await app.inject({ method: 'GET', url: '/ready' })).statusCode, 200, 'ready until a write finds out')
  assertProblem(t, await create(2000), 503, 'read_only')
  assertProblem(t, await app.inject({ method: 'GET', url: '/ready' }), 503, 'unavailable')
  t.equal((await app.inject({ method: 'GET', url: `/v1/articles/${acknowledged[0]}`, headers: auth })).statusCode, 200, 'reads go on')
  db.$client.pragma('query_only = OFF')
  t.equal((await app.inject({ method: 'GET', url: '/ready' })).statusCode, 200, 'ready again')
  t.equal((await create(3000)).statusCode, 201)

  for (const id of acknowledged) {
    const res = await app.inject({ method: 'GET', url: `/v1/articles/${id}`, headers: auth })
    if (res.statusCode !== 200) t.fail(`acknowledged article ${id} answered ${res.statusCode}`)
  }
  t.pass(`all ${acknowledged.length} acknowledged articles are there`)
})
