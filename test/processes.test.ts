/**
 * Several real server processes on one SQLite file. Each process follows the change log, so a write through any
 * of them is reflected by every other within a second (the poll runs every 100 ms); start-up migrates and seeds
 * once under the write lock, however many processes start together.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3'
import t from 'tap'
import { demoArticles, demoAuthors } from '../src/seed/demo-content.js'
import { createKey, send, sleep, startServer, tempDir, type Reply, type ServerProcess } from './fixtures/server-process.js'

/** Polls `probe` until it holds, for at most one second after the write that should cause it. */
async function within1s(probe: () => Promise<boolean>): Promise<boolean> {
  const deadline = Date.now() + 1000
  for (;;) {
    if (await probe()) return true
    if (Date.now() >= deadline) return false
    await sleep(20)
  }
}

function inspect<T>(path: string, fn: (db: Database.Database) => T): T {
  const db = new Database(path, { readonly: true })
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

t.test('two processes: publish, unpublish and a category rename through A are seen on B within a second', async (t) => {
  const path = join(tempDir(t, 'two'), 'kabar.db')
  const auth = { authorization: `Bearer ${await createKey(path, 'write')}` }
  const a = await startServer(t, path)
  const call = (server: ServerProcess, method: string, url: string, body?: unknown, headers: Record<string, string> = {}) =>
    send(server.port, { method, path: url, body, headers: { ...auth, ...headers } })
  const etagOn = async (server: ServerProcess, url: string) => (await call(server, 'GET', url)).headers.etag as string

  // A writes before B exists: B starts on a database that already has this draft.
  const created = await call(a, 'POST', '/v1/articles', {
    title: 'Kabar dari Dua Proses',
    body: '<p>Isi.</p>',
    categoryId: 1,
    bylines: [{ authorId: 1, role: 'writer' }],
  })
  t.equal(created.status, 201)
  const id = (created.json() as { id: number }).id
  const b = await startServer(t, path)
  const publicOnB = () => send(b.port, { method: 'GET', path: `/v1/articles/${id}` })
  t.equal((await publicOnB()).status, 404, 'B hides the draft (and caches that it is hidden)')

  t.equal((await call(a, 'POST', `/v1/articles/${id}/publish`, {}, { 'if-match': await etagOn(a, `/v1/articles/${id}`) })).status, 200)
  t.ok(await within1s(async () => (await publicOnB()).status === 200), 'published through A: B answers 200 within a second')
  const cached = await publicOnB()
  t.match(cached.headers['cache-control'], /^public/)

  t.equal((await call(a, 'POST', `/v1/articles/${id}/unpublish`, {}, { 'if-match': await etagOn(a, `/v1/articles/${id}`) })).status, 200)
  t.ok(await within1s(async () => (await publicOnB()).status === 404), 'unpublished through A: B answers 404 within a second')

  t.equal((await call(a, 'POST', `/v1/articles/${id}/publish`, {}, { 'if-match': await etagOn(a, `/v1/articles/${id}`) })).status, 200)
  t.ok(await within1s(async () => (await publicOnB()).status === 200))
  const category = (await publicOnB()).json() as { category: { id: number; name: string } }
  const renamed = await call(
    a,
    'PATCH',
    `/v1/categories/${category.category.id}`,
    { name: 'Nasional Baru' },
    { 'if-match': await etagOn(a, `/v1/categories/${category.category.id}`) },
  )
  t.equal(renamed.status, 200)
  t.ok(
    await within1s(async () => {
      const got: Reply = await publicOnB()
      return got.status === 200 && (got.json() as { category: { name: string } }).category.name === 'Nasional Baru'
    }),
    'the category renamed through A shows on B within a second',
  )
})

t.test('three processes started at the same moment on an empty file: one migration, one seed, all ready', async (t) => {
  const path = join(tempDir(t, 'three'), 'kabar.db')
  const servers = await Promise.all([1, 2, 3].map(() => startServer(t, path)))
  t.ok(
    servers.every((server) => server.running()),
    'none crashed',
  )
  for (const server of servers) t.equal((await send(server.port, { method: 'GET', path: '/ready' })).status, 200)
  const counts = inspect(path, (db) => ({
    migrations: (db.prepare('select count(*) as n from __drizzle_migrations').get() as { n: number }).n,
    authors: (db.prepare('select count(*) as n from authors').get() as { n: number }).n,
    articles: (db.prepare('select count(*) as n from articles').get() as { n: number }).n,
    created: (db.prepare(`select count(*) as n from changes where resource = 'article' and reason = 'created'`).get() as { n: number }).n,
  }))
  const journal = inspect(path, (db) => (db.prepare('select count(distinct hash) as n from __drizzle_migrations').get() as { n: number }).n)
  t.same(
    counts,
    { migrations: journal, authors: demoAuthors.length, articles: demoArticles.length, created: demoArticles.length },
    'each migration recorded once, the demo newsroom loaded once',
  )
  for (const server of servers) {
    const list = await send(server.port, { method: 'GET', path: '/v1/articles?limit=100' })
    t.equal(
      (list.json() as { data: unknown[] }).data.length,
      demoArticles.filter((a) => a.hoursAgo !== null && a.hoursAgo >= 0).length,
      'every process serves the same newsroom',
    )
  }
})

t.test('a scheduled publication is recorded in the log once, by one of the processes', async (t) => {
  const path = join(tempDir(t, 'scheduled'), 'kabar.db')
  const auth = { authorization: `Bearer ${await createKey(path, 'write')}` }
  const [a, b] = await Promise.all([startServer(t, path), startServer(t, path)])
  const created = await send(a!.port, {
    method: 'POST',
    path: '/v1/articles',
    headers: auth,
    body: { title: 'Terjadwal', body: '<p>Isi.</p>', bylines: [{ authorId: 1, role: 'writer' }] },
  })
  const id = (created.json() as { id: number }).id
  const at = new Date(Date.now() + 1500).toISOString()
  const published = await send(a!.port, {
    method: 'POST',
    path: `/v1/articles/${id}/publish`,
    headers: { ...auth, 'if-match': created.headers.etag as string },
    body: { at },
  })
  t.match(published.json(), { status: 'scheduled' })
  const reached = () => inspect(path, (db) => db.prepare(`select resource_id as id from changes where reason = 'scheduled_reached'`).all())
  for (let i = 0; i < 100 && reached().length === 0; i++) await sleep(50)
  await sleep(2500)
  t.same(reached(), [{ id }], 'exactly one event, although two processes run the jobs')
  t.equal((await send(b!.port, { method: 'GET', path: `/v1/articles/${id}` })).status, 200, 'and it is public on both')
})
