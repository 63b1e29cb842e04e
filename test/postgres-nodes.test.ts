/**
 * Several real server processes (nodes) on one PostgreSQL database. Every node follows the change log (a
 * notification at each commit, and a poll as the fallback), so a write through any node is reflected by every
 * other within a second, also after a node's listening connection is cut; the log is read by a tail in commit
 * order with nothing skipped; a node outlives a PostgreSQL restart (cached reads keep answering, writes answer 503
 * meanwhile); start-up on an empty database migrates and seeds once, however many nodes start together.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import pg from 'pg'
import t, { type Test } from 'tap'
import { demoArticles, demoAuthors, demoCategories, demoTags } from '../src/seed/demo-content.js'
import { openPostgres } from '../src/store/postgres/driver.js'
import { dedicatedPostgres, freshDatabase, templateDatabase } from './fixtures/postgres.js'
import {
  createKey,
  eventually,
  repoRoot,
  send,
  sleep,
  startServer,
  type Reply,
  type ServerProcess,
  type Teardown,
} from './fixtures/server-process.js'
import { queryPostgres } from './fixtures/store-under-test.js'

// Eight server processes start in this file; on a busy two-core machine starting them alone can take over a minute.
t.setTimeout(240_000)

type Scope = 'read' | 'write' | 'admin'
type Headers = Record<string, string>

/** The migrated template the suite's PostgreSQL tests copy (the same one test/helper.ts prepares). */
const migratedTemplate = () => templateDatabase('kabar_migrated', async (url) => (await openPostgres(url, { poolMax: 1 })).close())

/** A node on `url`: PostgreSQL is selected by DATABASE_URL, so the SQLite path is never opened. */
const startNode = (t: Teardown, url: string, extra: Record<string, string> = {}) =>
  startServer(t, ':memory:', { DATABASE_URL: url, DATABASE_POOL_MAX: '4', SEED_DEMO: 'false', LOG_LEVEL: 'warn', ...extra })

/** `count` nodes started at the same moment; how long they took to be ready is noted in the output. */
async function startNodes(t: Test, url: string, count: number, extra: Record<string, string> = {}): Promise<ServerProcess[]> {
  const started = Date.now()
  const nodes = await Promise.all(Array.from({ length: count }, () => startNode(t, url, extra)))
  t.comment(`${count} nodes ready in ${Date.now() - started} ms`)
  return nodes
}

/** Creates an API key on `url` with the keys CLI, as an operator does. */
const adminKey = async (url: string, scope: Scope): Promise<Headers> => ({
  authorization: `Bearer ${await createKey(':memory:', scope, `nodes ${scope}`, { DATABASE_URL: url })}`,
})

/** One query on its own connection (the rows as PostgreSQL names the columns). */
const query = queryPostgres

const call = (node: ServerProcess, method: string, path: string, body?: unknown, headers: Headers = {}) =>
  send(node.port, { method, path, body, headers, timeoutMs: 10_000 })

/** What a caller sees of a response: status, ETag and the whole body. */
interface Seen {
  status: number
  etag: string | undefined
  body: unknown
}
const seen = (reply: Reply): Seen => ({ status: reply.status, etag: reply.headers.etag, body: reply.text === '' ? null : reply.json() })

const elapsed = (times: readonly (number | null)[]) =>
  times.map((ms, i) => `node ${i + 1}: ${ms === null ? 'not within the deadline' : `${ms} ms`}`).join(', ')

/**
 * Polls `path` on every node until each answers `expected` (status, ETag and body), for at most `deadlineMs` after
 * `since`. Returns what each node answered last and when (ms after `since`) it first answered `expected`.
 */
async function converge(
  nodes: readonly ServerProcess[],
  path: string,
  expected: Seen,
  since: number,
  { deadlineMs = 1000, headers = {} }: { deadlineMs?: number; headers?: Headers } = {},
): Promise<{ last: Seen[]; times: (number | null)[]; summary: string }> {
  const same = (a: Seen) => JSON.stringify(a) === JSON.stringify(expected)
  const results = await Promise.all(
    nodes.map(async (node) => {
      for (;;) {
        const got = seen(await call(node, 'GET', path, undefined, headers))
        const now = Date.now()
        if (same(got)) return { got, ms: now - since }
        if (now - since >= deadlineMs) return { got, ms: null }
        await sleep(10)
      }
    }),
  )
  const times = results.map((r) => r.ms)
  return { last: results.map((r) => r.got), times, summary: elapsed(times) }
}

/**
 * Reads `path` on every node once their followers have caught up with the last commit (they look at the log every
 * 100 ms): what each node caches now stays cached until the next write, so the write that follows proves an
 * invalidation, not a cold read. Resolves like `converge`, with `expected` what the first node answers.
 */
async function warm(nodes: readonly ServerProcess[], path: string) {
  await sleep(500)
  const expected = seen(await call(nodes[0]!, 'GET', path))
  return { expected, ...(await converge(nodes, path, expected, Date.now())) }
}

const listeners = (url: string) =>
  query<{ pid: number }>(
    url,
    `select pid from pg_stat_activity where datname = current_database() and query ilike 'listen%' order by pid`,
  ).then((rows) => rows.map((row) => row.pid))

interface Newsroom {
  authorId: number
  categoryId: number
  categoryName: string
}

/** An author (a writer byline is needed to publish) and a category, created on `node`. */
async function newsroom(t: Test, node: ServerProcess, auth: Headers): Promise<Newsroom> {
  const author = await call(node, 'POST', '/v1/authors', { name: 'Ratna Wulandari' }, auth)
  const category = await call(node, 'POST', '/v1/categories', { name: 'Internasional' }, auth)
  t.equal(author.status, 201, 'author created')
  t.equal(category.status, 201, 'category created')
  return { authorId: author.json().id as number, categoryId: category.json().id as number, categoryName: 'Internasional' }
}

/** A draft article with everything publishing needs. */
async function draft(t: Test, node: ServerProcess, auth: Headers, room: Newsroom, title: string): Promise<number> {
  const created = await call(
    node,
    'POST',
    '/v1/articles',
    { title, body: '<p>Isi berita.</p>', categoryId: room.categoryId, bylines: [{ authorId: room.authorId, role: 'writer' }] },
    auth,
  )
  t.equal(created.status, 201, `draft "${title}" created`)
  return created.json().id as number
}

/** Runs a write that needs `If-Match`, with the ETag the writing node's GET of `resource` returns now. */
async function writeIfMatch(
  node: ServerProcess,
  auth: Headers,
  resource: string,
  method: string,
  path: string,
  body: unknown,
): Promise<Reply> {
  const current = await call(node, 'GET', resource, undefined, auth)
  return call(node, method, path, body, { ...auth, 'if-match': String(current.headers.etag) })
}

interface Cluster {
  url: string
  auth: Headers
  nodes: [ServerProcess, ServerProcess, ServerProcess]
  room: Newsroom
}

async function publishesEverywhere(t: Test, { auth, nodes, room }: Cluster): Promise<void> {
  const [first, second, third] = nodes
  const id = await draft(t, first, auth, room, 'Pertemuan Menteri Luar Negeri ASEAN di Jakarta')
  const linked = await Promise.all([draft(t, first, auth, room, 'Tautan Pertama'), draft(t, first, auth, room, 'Tautan Kedua')])
  for (const target of linked)
    t.equal(
      (await writeIfMatch(first, auth, `/v1/articles/${target}`, 'POST', `/v1/articles/${target}/publish`, {})).status,
      200,
      'a link target published',
    )
  t.equal(
    (await writeIfMatch(first, auth, `/v1/articles/${id}`, 'PUT', `/v1/articles/${id}/related`, { articleIds: [linked[0]] })).status,
    200,
    'the draft links to the first target',
  )

  const article = `/v1/articles/${id}`
  const withRelated = `/v1/articles/${id}?include=related`
  const publicOn = async (node: ServerProcess, path = article) => seen(await call(node, 'GET', path))
  // Every node has the draft cached as hidden before the write (a cold read would prove nothing).
  const hiddenDraft = await warm(nodes, article)
  t.match(hiddenDraft.expected, { status: 404, body: { status: 404, code: 'not_found' } }, 'the draft is hidden')
  t.same(hiddenDraft.last, [hiddenDraft.expected, hiddenDraft.expected, hiddenDraft.expected], 'on every node')

  await t.test('published through node 1', async (t) => {
    const published = await writeIfMatch(first, auth, article, 'POST', `${article}/publish`, {})
    const since = Date.now()
    t.equal(published.status, 200)
    const expected = await publicOn(first)
    t.match(expected, { status: 200, body: { id, status: 'published', category: { id: room.categoryId, name: room.categoryName } } })
    const { last, summary } = await converge(nodes, article, expected, since)
    t.same(last, [expected, expected, expected], `every node serves the published article within 1 s of the write (${summary})`)
  })

  await t.test('unpublished through node 2', async (t) => {
    const unpublished = await writeIfMatch(second, auth, article, 'POST', `${article}/unpublish`, {})
    const since = Date.now()
    t.equal(unpublished.status, 200)
    const expected = await publicOn(second)
    t.match(expected, { status: 404, body: { status: 404, code: 'not_found' } })
    const { last, summary } = await converge(nodes, article, expected, since)
    t.same(last, [expected, expected, expected], `every node hides the unpublished article within 1 s of the write (${summary})`)
  })

  await t.test('a rename through node 3 of the category the article is in', async (t) => {
    t.equal((await writeIfMatch(third, auth, article, 'POST', `${article}/publish`, {})).status, 200, 'published again')
    const { expected: before, last: warmed } = await warm(nodes, article)
    t.match(before, { status: 200, body: { id, category: { id: room.categoryId, name: room.categoryName } } })
    t.same(warmed, [before, before, before], 'every node has the published article cached')

    const category = `/v1/categories/${room.categoryId}`
    const renamed = await writeIfMatch(third, auth, category, 'PATCH', category, { name: 'Dunia' })
    const since = Date.now()
    t.equal(renamed.status, 200)
    t.match(renamed.json(), { id: room.categoryId, name: 'Dunia', version: 2 })
    const expected = await publicOn(third)
    t.match(expected, { status: 200, body: { id, category: { id: room.categoryId, name: 'Dunia' } } })
    t.not(expected.etag, before.etag, 'the embedded category changes the ETag')
    const { last, summary } = await converge(nodes, article, expected, since)
    t.same(last, [expected, expected, expected], `every node embeds the new category name within 1 s of the write (${summary})`)
  })

  await t.test('a related link changed through node 2', async (t) => {
    const { expected: before, last: warmed } = await warm(nodes, withRelated)
    t.match(before, { status: 200, body: { id, related: [{ position: 0, article: { id: linked[0] } }] } })
    t.equal((before.body as { related: unknown[] }).related.length, 1)
    t.same(warmed, [before, before, before], 'every node has the article with its related link cached')

    const replaced = await writeIfMatch(second, auth, article, 'PUT', `${article}/related`, { articleIds: [linked[1]] })
    const since = Date.now()
    t.equal(replaced.status, 200)
    const expected = await publicOn(second, withRelated)
    t.match(expected, { status: 200, body: { id, related: [{ position: 0, article: { id: linked[1] } }] } })
    t.equal((expected.body as { related: unknown[] }).related.length, 1)
    const { last, summary } = await converge(nodes, withRelated, expected, since)
    t.same(last, [expected, expected, expected], `every node shows the new related link within 1 s of the write (${summary})`)
  })
}

async function survivesListenerLoss(t: Test, { url, auth, nodes, room }: Cluster): Promise<void> {
  const [first, second] = nodes
  const id = await draft(t, first, auth, room, 'Sambungan yang Terputus')
  const article = `/v1/articles/${id}`
  const publicOn = async (node: ServerProcess) => seen(await call(node, 'GET', article))
  const hiddenDraft = await warm(nodes, article)
  t.match(hiddenDraft.expected, { status: 404, body: { status: 404, code: 'not_found' } }, 'the draft is hidden')
  t.same(hiddenDraft.last, [hiddenDraft.expected, hiddenDraft.expected, hiddenDraft.expected], 'on every node')

  const cut = await listeners(url)
  t.equal(cut.length, 3, 'each node has one listening connection')
  const terminated = await query<{ ok: boolean }>(url, 'select pg_terminate_backend(pid) as ok from unnest($1::int[]) as pid', [cut])
  t.same(terminated, [{ ok: true }, { ok: true }, { ok: true }], 'every listening connection is terminated')
  const cutAt = Date.now()

  // At once, while the nodes are still reconnecting.
  const published = await writeIfMatch(second, auth, article, 'POST', `${article}/publish`, {})
  const since = Date.now()
  t.equal(published.status, 200)
  t.comment(`published ${since - cutAt} ms after the cut; listening then: ${(await listeners(url)).length} of 3 nodes`)
  const expected = await publicOn(second)
  t.match(expected, { status: 200, body: { id, status: 'published' } })
  const { last, summary } = await converge(nodes, article, expected, since)
  t.same(last, [expected, expected, expected], `every node serves the article published during the reconnect within 1 s (${summary})`)

  const back = await eventually(async () => {
    const pids = await listeners(url)
    return pids.length === 3 && pids.every((pid) => !cut.includes(pid)) ? pids : undefined
  }, 5000)
  const backAfter = Date.now() - cutAt
  t.ok(back, `every node listens again on a new connection (${back ? `${backAfter} ms after the cut` : 'not within 5 s'})`)

  const unpublished = await writeIfMatch(first, auth, article, 'POST', `${article}/unpublish`, {})
  const again = Date.now()
  t.equal(unpublished.status, 200)
  const hidden = await publicOn(first)
  t.match(hidden, { status: 404, body: { code: 'not_found' } })
  const after = await converge(nodes, article, hidden, again)
  t.same(after.last, [hidden, hidden, hidden], `after the reconnect, every node hides the article within 1 s (${after.summary})`)
}

interface LogRow {
  seq: number
  resource: string
  resourceId: number
  version: number
  reason: string
}

/** Reads the change log the way a consumer tails it, every few milliseconds, until `stop` says how far to read. */
function tailLog(t: Test, url: string) {
  const client = new pg.Client({ connectionString: url })
  client.on('error', () => {})
  const rows: LogRow[] = []
  let polls = 0
  let until: number | undefined
  let last = 0
  const done = (async () => {
    await client.connect()
    while (until === undefined || last < until) {
      const page = await client.query<LogRow>(
        'select seq::int as seq, resource, resource_id::int as "resourceId", version, reason from changes where seq > $1 order by seq',
        [last],
      )
      polls++
      rows.push(...page.rows)
      last = page.rows.at(-1)?.seq ?? last
      await sleep(2)
    }
  })()
  done.catch(() => {})
  // A test that ends early stops the tail before its connection is closed.
  t.teardown(async () => {
    until ??= 0
    await done.catch(() => {})
    await client.end()
  })
  return {
    rows,
    polls: () => polls,
    /** Reads on up to `seq`, then resolves. */
    stop(seq: number): Promise<void> {
      until = seq
      return done
    },
  }
}

async function tailSeesEveryCommit(t: Test, { url, auth, nodes }: Cluster): Promise<void> {
  const tail = tailLog(t, url)
  // Each writer creates a tag or an author, then renames it (If-Match from the create), through its own node.
  const writers = 8
  const perWriter = 50
  const acknowledged: { resource: string; resourceId: number; version: number; created: boolean }[] = []
  const statuses: Record<number, number> = {}
  const failures: string[] = []
  const started = Date.now()
  await Promise.all(
    Array.from({ length: writers }, async (_, w) => {
      const node = nodes[w % nodes.length]!
      let previous: { resource: string; path: string; etag: string } | undefined
      for (let i = 0; i < perWriter; i++) {
        const name = `Beban ${w}-${i}`
        const resource = previous?.resource ?? (i % 4 === 0 ? 'author' : 'tag')
        const reply = previous
          ? await call(node, 'PATCH', previous.path, { name }, { ...auth, 'if-match': previous.etag })
          : await call(node, 'POST', `/v1/${resource}s`, { name }, auth)
        statuses[reply.status] = (statuses[reply.status] ?? 0) + 1
        if (reply.status === 201 || reply.status === 200) {
          const body = reply.json() as { id: number; version: number }
          acknowledged.push({ resource, resourceId: body.id, version: body.version, created: reply.status === 201 })
        } else failures.push(`${name}: ${reply.status} ${reply.text}`)
        previous = reply.status === 201 ? { resource, path: reply.headers.location!, etag: reply.headers.etag! } : undefined
      }
    }),
  )
  const writing = Date.now() - started
  const full = (await query<{ seq: number }>(url, 'select seq::int as seq from changes order by seq')).map((row) => row.seq)
  await tail.stop(full.at(-1) ?? 0)

  t.same(
    statuses,
    { 200: (writers * perWriter) / 2, 201: (writers * perWriter) / 2 },
    `every write is acknowledged${failures.length === 0 ? '' : ` (${failures.length} not, first: ${failures.slice(0, 3).join('; ')})`}`,
  )
  const seqs = tail.rows.map((row) => row.seq)
  t.same(seqs, full, `the tail read the whole log (${full.length} events; ${writing} ms of writing; ${tail.polls()} polls of the tail)`)
  t.ok(
    seqs.every((seq, i) => i === 0 || seq > seqs[i - 1]!),
    'the tail saw the sequence strictly increasing',
  )
  t.equal(new Set(seqs).size, seqs.length, 'the tail saw no event twice')
  const missing = acknowledged.filter(
    (ack) =>
      !tail.rows.some(
        (row) =>
          row.resource === ack.resource &&
          row.resourceId === ack.resourceId &&
          row.version === ack.version &&
          (!ack.created || row.reason === 'created'),
      ),
  )
  t.same(missing, [], `each of the ${acknowledged.length} acknowledged writes has its event in the tail`)
}

/** Long polls of the change feed held open on the other nodes answer with a publication made through the first. */
async function longPollsWakeEverywhere(t: Test, { auth, nodes, room }: Cluster): Promise<void> {
  const [first, ...others] = nodes
  const id = await draft(t, first, auth, room, 'Kabar yang Ditunggu Mitra')
  const cursors = await Promise.all(others.map(async (node) => (await call(node, 'GET', '/v1/changes?limit=1000')).json().page.nextCursor))
  const started = Date.now()
  const polls = others.map((node, i) =>
    send(node.port, { method: 'GET', path: `/v1/changes?after=${cursors[i]}&wait=20`, timeoutMs: 25_000 }),
  )
  await sleep(300)
  t.equal((await writeIfMatch(first, auth, `/v1/articles/${id}`, 'POST', `/v1/articles/${id}/publish`, {})).status, 200)
  for (const reply of await Promise.all(polls)) {
    t.match(reply.json(), { data: [{ resource: 'article', id, transition: 'appear', reason: 'published' }] })
  }
  t.comment(`both long polls answered ${Date.now() - started} ms after they were sent (their wait was 20 s)`)
}

// Starting a node takes seconds, so one cluster of three nodes serves these checks; each makes its own content.
t.test('three nodes on one database', async (t) => {
  const url = await freshDatabase(t, { template: await migratedTemplate() })
  const [auth, nodes] = await Promise.all([adminKey(url, 'admin'), startNodes(t, url, 3)])
  const cluster: Cluster = { url, auth, nodes: nodes as Cluster['nodes'], room: await newsroom(t, nodes[0]!, auth) }
  await t.test('a write through any node is reflected by every node within 1 s', (t) => publishesEverywhere(t, cluster))
  await t.test('after the listening connections are cut, a write still reaches every node within 1 s', (t) =>
    survivesListenerLoss(t, cluster),
  )
  await t.test('eight concurrent writers: a tail of the change log sees every committed event once, in order', (t) =>
    tailSeesEveryCommit(t, cluster),
  )
  await t.test('a long poll of the change feed on another node answers at the commit', (t) => longPollsWakeEverywhere(t, cluster))
})

t.test('PostgreSQL stopped under two running nodes: cached reads answer, writes 503, and all recovers after a restart', async (t) => {
  const server = await dedicatedPostgres(t)
  const url = server.url
  // The first of them (or the CLI) migrates the new database; the others wait for its migration lock.
  const [auth, nodes] = await Promise.all([adminKey(url, 'admin'), startNodes(t, url, 2)])
  const [first] = nodes as [ServerProcess, ServerProcess]
  const room = await newsroom(t, first, auth)
  const id = await draft(t, first, auth, room, 'Redaksi Tetap Mengudara')
  const article = `/v1/articles/${id}`
  t.equal((await writeIfMatch(first, auth, article, 'POST', `${article}/publish`, {})).status, 200, 'published')
  const { expected: cached, last: warmed } = await warm(nodes, article)
  t.match(cached, { status: 200, body: { id, status: 'published' } })
  t.same(warmed, [cached, cached], 'both nodes have the article cached')

  await server.stop()

  const problemShape = { status: 503, code: 'unavailable', title: 'Service unavailable', type: String, detail: String }
  const unavailable = (reply: Reply) => ({
    status: reply.status,
    contentType: reply.headers['content-type'],
    retryAfter: reply.headers['retry-after'],
    body: reply.text === '' ? null : reply.json(),
  })
  const answers503 = { status: 503, contentType: /^application\/problem\+json/, retryAfter: /^[1-9]\d*$/, body: problemShape }
  for (const [n, node] of nodes.entries()) {
    const log = {
      get serverOutput() {
        return node
          .output()
          .split('\n')
          .filter((line) => !line.includes('following the change log failed'))
          .join('\n')
          .slice(-4000)
      },
    }
    t.same(seen(await call(node, 'GET', article)), cached, `node ${n + 1}: a cached read still answers 200, unchanged`, log)
    const write = await call(node, 'POST', '/v1/tags', { name: 'Saat Basis Data Mati' }, auth)
    t.match(unavailable(write), answers503, `node ${n + 1}: a write answers 503 unavailable with Retry-After`, log)
    t.same(Object.keys(unavailable(write).body ?? {}).sort(), ['code', 'detail', 'status', 'title', 'type'], 'a problem and nothing more')
    t.notMatch(write.text, /ECONNREFUSED|127\.0\.0\.1|password|\bat \S+ \(/, 'the problem reveals no internals')
    t.match(unavailable(await call(node, 'GET', '/ready')), answers503, `node ${n + 1}: /ready answers 503 with Retry-After`, log)
  }
  t.ok(
    nodes.every((node) => node.running()),
    'both nodes keep running',
  )

  await server.start()
  // Polled apart: a write that answers 503 creates nothing, so retrying it until it succeeds creates the tag once.
  const recovered = await Promise.all(
    nodes.flatMap((node, n) => [
      eventually(async () => {
        const write = await call(node, 'POST', '/v1/tags', { name: `Setelah Pulih ${n + 1}` }, auth)
        return write.status === 201 ? write.json() : undefined
      }, 5000),
      eventually(async () => {
        const ready = await call(node, 'GET', '/ready')
        return ready.status === 200 ? ready.json() : undefined
      }, 5000),
    ]),
  )
  t.match(
    recovered.map((r) => r?.value),
    [{ name: 'Setelah Pulih 1', version: 1 }, { status: 'ok' }, { name: 'Setelah Pulih 2', version: 1 }, { status: 'ok' }],
    `within 5 s of the restart, without a restart of the nodes, every node writes (201) and is ready (200) (${recovered
      .map((r, i) => `node ${Math.floor(i / 2) + 1} ${i % 2 === 0 ? 'write' : 'ready'}: ${r ? `${r.ms} ms` : 'not within 5 s'}`)
      .join(', ')})`,
  )
  const listening = await eventually(async () => ((await listeners(url)).length === 2 ? true : undefined), 5000)
  t.ok(listening, `both nodes listen again (${listening ? `${listening.ms} ms after the writes succeeded` : 'not within 5 s'})`)

  const unpublished = await writeIfMatch(first, auth, article, 'POST', `${article}/unpublish`, {})
  const since = Date.now()
  t.equal(unpublished.status, 200)
  const hidden = seen(await call(first, 'GET', article))
  t.match(hidden, { status: 404, body: { code: 'not_found' } })
  const { last, summary } = await converge(nodes, article, hidden, since)
  t.same(last, [hidden, hidden], `a write on node 1 after the restart reaches node 2 within 1 s (${summary})`)
})

t.test('three nodes started together on an empty database: all ready, one migration, the demo newsroom once', async (t) => {
  const url = await freshDatabase(t)
  const nodes = await startNodes(t, url, 3, { SEED_DEMO: 'true' })
  t.ok(
    nodes.every((node) => node.running()),
    'none crashed',
  )
  for (const [n, node] of nodes.entries()) {
    const ready = await call(node, 'GET', '/ready')
    t.same({ status: ready.status, body: ready.json() }, { status: 200, body: { status: 'ok' } }, `node ${n + 1} is ready`)
  }

  const journal = JSON.parse(readFileSync(join(repoRoot, 'migrations/postgres/meta/_journal.json'), 'utf8')) as { entries: unknown[] }
  const count = async (sql: string) => (await query<{ n: number }>(url, sql))[0]!.n
  /** Values of `column` that occur more than once in `table`. */
  const duplicates = async (table: string, column: string) =>
    (await query<{ value: string }>(url, `select ${column} as value from ${table} group by ${column} having count(*) > 1 order by 1`)).map(
      (r) => r.value,
    )
  t.same(
    {
      migrations: await count('select count(*)::int as n from __drizzle_migrations'),
      distinctMigrations: await count('select count(distinct hash)::int as n from __drizzle_migrations'),
      authors: await count('select count(*)::int as n from authors'),
      categories: await count('select count(*)::int as n from categories'),
      tags: await count('select count(*)::int as n from tags'),
      articles: await count('select count(*)::int as n from articles'),
      created: await count(`select count(*)::int as n from changes where resource = 'article' and reason = 'created'`),
    },
    {
      migrations: journal.entries.length,
      distinctMigrations: journal.entries.length,
      authors: demoAuthors.length,
      categories: demoCategories.length,
      tags: demoTags.length,
      articles: demoArticles.length,
      created: demoArticles.length,
    },
    'each migration recorded once, the demo newsroom loaded once',
  )
  const twice: Record<string, string[]> = {}
  for (const [table, naming] of [
    ['authors', 'name'],
    ['categories', 'name'],
    ['tags', 'name'],
    ['articles', 'title'],
  ] as const) {
    twice[`${table} slug`] = await duplicates(table, 'slug')
    twice[`${table} ${naming}`] = await duplicates(table, naming)
  }
  t.same(twice, Object.fromEntries(Object.keys(twice).map((key) => [key, []])), 'no slug, name or title twice')

  const lists = await Promise.all(nodes.map(async (node) => seen(await call(node, 'GET', '/v1/articles?limit=100'))))
  const visible = demoArticles.filter((a) => a.hoursAgo !== null && a.hoursAgo >= 0).length
  t.equal((lists[0]!.body as { data: unknown[] }).data.length, visible, 'the published demo articles are listed')
  t.same(lists, [lists[0], lists[0], lists[0]], 'every node serves the same newsroom')
})
