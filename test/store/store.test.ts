import { join } from 'node:path'
import Database from 'better-sqlite3'
import t from 'tap'
import { buildApp } from '../../src/app.js'
import { loadConfig } from '../../src/config.js'
import { systemClock } from '../../src/lib/clock.js'
import { seedIfEmpty } from '../../src/seed/demo.js'
import { demoArticles, demoAuthors } from '../../src/seed/demo-content.js'
import { openDatabase } from '../../src/store/sqlite/connect.js'
import { createStore, openStore } from '../../src/store/index.js'
import { sqliteDriver } from '../../src/store/sqlite/driver.js'
import { migrateDatabase, migrateFile } from '../../src/store/sqlite/migrate.js'
import { tempDir, type Teardown } from '../fixtures/server-process.js'

const config = loadConfig({}, { logLevel: 'silent', seedDemo: false, maxEventLoopDelayMs: 0, changePollMs: 0, jobsIntervalMs: 0 })
const appOn = async (t: Teardown, path: string) => {
  const app = await buildApp({ config, store: await openStore({ databasePath: path }, { clock: systemClock, lockTimeoutMs: 2000 }) })
  t.teardown(() => app.close())
  return app
}

t.test("two apps on one file: each applies the other one's changes when it follows the log", async (t) => {
  const path = join(tempDir(t, 'follow'), 'kabar.db')
  const a = await appOn(t, path)
  const b = await appOn(t, path)
  const { secret } = await a.services.keys.create({ scope: 'admin', keyId: null, categories: null }, { name: 'ops', scope: 'write' })
  const auth = { authorization: `Bearer ${secret}` }
  const created = await a.inject({ method: 'POST', url: '/v1/tags', headers: auth, payload: { name: 'Pemilu' } })
  t.equal(created.statusCode, 201)
  const category = await a.inject({ method: 'POST', url: '/v1/categories', headers: auth, payload: { name: 'Nasional' } })
  const author = await a.inject({ method: 'POST', url: '/v1/authors', headers: auth, payload: { name: 'Anton' } })
  const draft = await a.inject({
    method: 'POST',
    url: '/v1/articles',
    headers: auth,
    payload: {
      title: 'Dua Aplikasi',
      body: '<p>Isi.</p>',
      categoryId: category.json().id,
      bylines: [{ authorId: author.json().id, role: 'writer' }],
    },
  })
  const id = draft.json().id as number
  t.equal((await b.inject({ method: 'GET', url: `/v1/articles/${id}` })).statusCode, 404, 'B caches the draft as hidden')
  const published = await a.inject({
    method: 'POST',
    url: `/v1/articles/${id}/publish`,
    headers: { ...auth, 'if-match': draft.headers.etag as string },
  })
  t.equal(published.statusCode, 200)
  t.equal(
    (await b.inject({ method: 'GET', url: `/v1/articles/${id}` })).statusCode,
    404,
    'until it follows the log, B still answers from its cache',
  )
  await b.followChanges()
  t.equal((await b.inject({ method: 'GET', url: `/v1/articles/${id}` })).statusCode, 200, 'after following, B sees the publication')
  await b.followChanges()
  t.equal((await b.inject({ method: 'GET', url: `/v1/articles/${id}` })).json().version, published.json().version)
})

t.test('the demo newsroom is seeded once, whole, under the write lock', async (t) => {
  const path = join(tempDir(t, 'seed'), 'kabar.db')
  const app = await appOn(t, path)
  // Another connection holds the write lock for a moment: seeding waits for it.
  const other = new Database(path)
  other.exec('BEGIN IMMEDIATE')
  setTimeout(() => {
    other.exec('COMMIT')
    other.close()
  }, 100)
  t.equal(await seedIfEmpty(app.store, app.services, systemClock), true)
  t.equal(await seedIfEmpty(app.store, app.services, systemClock), false, 'a second call finds content and seeds nothing')
  const list = await app.inject({ method: 'GET', url: '/v1/articles?limit=100' })
  t.equal(list.json().data.length, demoArticles.filter((a) => a.hoursAgo !== null && a.hoursAgo >= 0).length)
  t.equal((await app.inject({ method: 'GET', url: '/v1/authors?limit=100' })).json().data.length, demoAuthors.length)
})

t.test('a seed that fails part-way leaves nothing behind', async (t) => {
  const path = join(tempDir(t, 'seed-fails'), 'kabar.db')
  const app = await appOn(t, path)
  const failing = {
    ...app.services,
    writer: {
      ...app.services.writer,
      act: async () => {
        throw new Error('disk on fire')
      },
    },
  }
  await t.rejects(seedIfEmpty(app.store, failing, systemClock), /disk on fire/)
  t.equal(await app.store.hasContent(), false, 'the authors and categories written before the failure were rolled back')
})

t.test('migrations: the CLI helper migrates a file; a database without them is not ready', async (t) => {
  const path = join(tempDir(t, 'migrate'), 'kabar.db')
  t.ok((await migrateFile(path)) >= 3, 'every migration applied to a new file')
  t.equal(await migrateFile(path), 0, 'nothing to do the second time')
  const db = openDatabase(':memory:')
  await migrateDatabase(db)
  const bare = createStore(sqliteDriver(':memory:', db), { clock: systemClock, lockTimeoutMs: 0 })
  t.equal(await bare.ready(), true)
  db.$client.exec('drop table __drizzle_migrations')
  t.equal(await bare.ready(), false, 'no migrations journal: not ready')
  await bare.close()
  // A file that holds someone else's tables: the first migration fails, rolls back, and the file is closed again.
  const foreign = join(tempDir(t, 'foreign'), 'other.db')
  const other = new Database(foreign)
  other.exec('create table authors (x)')
  other.close()
  await t.rejects(openStore({ databasePath: foreign }, { clock: systemClock, lockTimeoutMs: 0 }), /already exists/)
  const after = new Database(foreign)
  t.same(
    after.prepare("select name from sqlite_master where type = 'table' order by name").all(),
    [{ name: 'authors' }],
    'nothing of the failed migration remains',
  )
  after.close()
})

t.test("in one process too: a write waits for another connection's write lock, and gives up with 503 past the timeout", async (t) => {
  const path = join(tempDir(t, 'lock'), 'kabar.db')
  const app = await buildApp({ config, store: await openStore({ databasePath: path }, { clock: systemClock, lockTimeoutMs: 150 }) })
  t.teardown(() => app.close())
  const { secret } = await app.services.keys.create({ scope: 'admin', keyId: null, categories: null }, { name: 'ops', scope: 'write' })
  const tag = (name: string) =>
    app.inject({ method: 'POST', url: '/v1/tags', headers: { authorization: `Bearer ${secret}` }, payload: { name } })
  const other = new Database(path)
  other.exec('BEGIN IMMEDIATE')
  setTimeout(() => other.exec('COMMIT'), 50)
  t.equal((await tag('Sebentar')).statusCode, 201, 'a short hold only delays the write')
  other.exec('BEGIN IMMEDIATE')
  const refused = await tag('Terlalu Lama')
  other.exec('COMMIT')
  other.close()
  t.match(refused, { statusCode: 503, headers: { 'retry-after': '1' } })
  t.match(refused.json(), { code: 'unavailable' })
  t.equal((await tag('Terlalu Lama')).statusCode, 201, 'the same write succeeds once the lock is free')
})

t.test('with the poll on, an app follows the other one by itself', async (t) => {
  const path = join(tempDir(t, 'poll'), 'kabar.db')
  const a = await appOn(t, path)
  const b = await buildApp({
    config: { ...config, changePollMs: 20 },
    store: await openStore({ databasePath: path }, { clock: systemClock, lockTimeoutMs: 100 }),
  })
  t.teardown(() => b.close())
  const { secret } = await a.services.keys.create({ scope: 'admin', keyId: null, categories: null }, { name: 'ops', scope: 'write' })
  const category = () => b.inject({ method: 'GET', url: '/v1/articles?category=pemilu' })
  t.same((await category()).json().data, [], 'B caches the empty list')
  const auth = { authorization: `Bearer ${secret}` }
  const created = await a.inject({ method: 'POST', url: '/v1/categories', headers: auth, payload: { name: 'Pemilu' } })
  const author = await a.inject({ method: 'POST', url: '/v1/authors', headers: auth, payload: { name: 'Anton' } })
  const payload = {
    title: 'Hasil Hitung Cepat',
    body: '<p>Isi.</p>',
    categoryId: created.json().id,
    bylines: [{ authorId: author.json().id, role: 'writer' }],
  }
  const draft = await a.inject({ method: 'POST', url: '/v1/articles', headers: auth, payload })
  await a.inject({
    method: 'POST',
    url: `/v1/articles/${draft.json().id}/publish`,
    headers: { ...auth, 'if-match': draft.headers.etag as string },
  })
  const deadline = Date.now() + 1000
  while ((await category()).json().data.length === 0 && Date.now() < deadline) await new Promise((done) => setTimeout(done, 20))
  t.match((await category()).json().data, [{ title: 'Hasil Hitung Cepat' }], 'the list on B shows the article published through A')
})
