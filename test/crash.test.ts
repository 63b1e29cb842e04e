/**
 * Crash safety on the real process: a burst of concurrent creates over HTTP, `kill -9` at a random moment,
 * restart on the same database (the SQLite file, or PostgreSQL with KABAR_TEST_STORE=postgres). Nothing
 * acknowledged may be lost or changed, the database stays consistent, and an acknowledged Idempotency-Key replays
 * the original resource instead of creating a second one.
 */
import http from 'node:http'
import { isDeepStrictEqual } from 'node:util'
import t, { type Test } from 'tap'
import { onSqlite } from './helper.js'
import { send, sizeOf, type Reply, type ServerProcess } from './fixtures/server-process.js'
import { serverDatabase } from './fixtures/store-under-test.js'

interface Resource {
  path: string
  table: string
  /** The column holding the unique label each create carries. */
  labelColumn: string
  body(label: string): Record<string, unknown>
}

const RESOURCES: Record<'tags' | 'articles', Resource> = {
  tags: { path: '/v1/tags', table: 'tags', labelColumn: 'name', body: (label) => ({ name: label }) },
  articles: {
    path: '/v1/articles',
    table: 'articles',
    labelColumn: 'title',
    body: (label) => ({ title: label, body: `<p>${label}: MINSK, iNews.id – isi berita yang lengkap.</p>` }),
  },
}
/** The resource the burst creates. */
const RESOURCE = RESOURCES.articles

const ROUNDS = 3
const WORKERS = 12
const LABEL = 'crash'

interface Attempt {
  label: string
  idempotencyKey?: string
  body: Record<string, unknown>
  reply?: Reply
  error?: string
}

interface Acknowledged {
  attempt: Attempt
  id: number
  location: string
  etag: string
  body: unknown
}

const database = await serverDatabase(t, 'crash')
const secret = await database.createKey('write', 'crash')
const auth = { authorization: `Bearer ${secret}` }
const acknowledged: Acknowledged[] = []

function create(server: ServerProcess, agent: http.Agent, attempt: Attempt): Promise<Reply> {
  return send(server.port, {
    method: 'POST',
    path: RESOURCE.path,
    agent,
    body: attempt.body,
    headers: { ...auth, ...(attempt.idempotencyKey ? { 'idempotency-key': attempt.idempotencyKey } : {}) },
  })
}

/** Rows whose label satisfies `condition` (`= ?`, `like ?`), counted through a side connection while (or after) the server runs. */
async function count(condition: string, value: string): Promise<number> {
  const [row] = await database.query<{ n: number }>(
    `select count(*) as n from "${RESOURCE.table}" where "${RESOURCE.labelColumn}" ${condition}`,
    value,
  )
  return row!.n
}

const countLabel = (label: string) => count('= ?', label)

/**
 * Creates from WORKERS concurrent keep-alive clients until `killAfter` creates have been acknowledged, then
 * SIGKILLs the server with requests still in flight. Returns every attempt; a 201 is an acknowledgement.
 */
async function burst(server: ServerProcess, round: number, killAfter: number): Promise<{ attempts: Attempt[]; acks: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: WORKERS })
  const attempts: Attempt[] = []
  let acks = 0
  let killed = false
  const kill = () => {
    if (killed) return
    killed = true
    server.child.kill('SIGKILL')
  }
  const guard = setTimeout(kill, 30_000)
  await Promise.all(
    Array.from({ length: WORKERS }, async (_, worker) => {
      for (let i = 0; !killed; i++) {
        const label = `${LABEL} ${round}-${worker}-${i}`
        const attempt: Attempt = {
          label,
          body: RESOURCE.body(label),
          ...(i % 2 === 0 ? { idempotencyKey: `${LABEL}-${round}-${worker}-${i}` } : {}),
        }
        attempts.push(attempt)
        try {
          attempt.reply = await create(server, agent, attempt)
        } catch (error) {
          attempt.error = (error as NodeJS.ErrnoException).code ?? String(error)
          if (!killed) t.fail(`request failed before the kill: ${attempt.error}`)
          return
        }
        // The kill lands a random few milliseconds after the threshold, with the other workers' requests in flight.
        if (attempt.reply.status === 201 && ++acks === killAfter) setTimeout(kill, Math.random() * 15)
        if (attempt.reply.status !== 201) {
          t.fail(`create answered ${attempt.reply.status} before the kill: ${attempt.reply.text}`)
          return
        }
      }
    }),
  )
  clearTimeout(guard)
  agent.destroy()
  return { attempts, acks }
}

/** Runs `fn` over `items`, `width` at a time. */
async function inParallel<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < items.length) await fn(items[next++]!)
    }),
  )
}

/** Over HTTP: each acknowledged create is present and unchanged, and its Idempotency-Key replays it. */
async function verifyAcknowledged(tt: Test, server: ServerProcess, acks: Acknowledged[]): Promise<void> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 })
  let unchanged = 0
  let replayed = 0
  await inParallel(acks, 8, async (ack) => {
    const got = await send(server.port, { method: 'GET', path: ack.location, headers: auth, agent })
    if (got.status === 200 && isDeepStrictEqual(got.json(), ack.body) && got.headers.etag === ack.etag) unchanged++
    else tt.fail(`acknowledged ${ack.location} (${ack.attempt.label}) is now ${got.status} ${got.text}`, { acknowledged: ack.body })
    if (!ack.attempt.idempotencyKey) return
    const again = await create(server, agent, ack.attempt)
    const same =
      again.status === 201 &&
      again.headers['idempotent-replayed'] === 'true' &&
      again.headers.location === ack.location &&
      again.headers.etag === ack.etag &&
      isDeepStrictEqual(again.json(), ack.body)
    if (same) replayed++
    else tt.fail(`retrying ${ack.attempt.idempotencyKey} answered ${again.status} ${again.text}`)
  })
  agent.destroy()
  tt.equal(
    unchanged,
    acks.length,
    `all ${acks.length} acknowledged creates of the round are present, whole and unchanged (GET = 201 body and ETag)`,
  )
  tt.equal(
    replayed,
    acks.filter((a) => a.attempt.idempotencyKey).length,
    `all ${replayed} of their Idempotency-Keys replay the original (same id, 201, same body)`,
  )
}

/** In the database: every create acknowledged in any round so far is still there, at the acknowledged version. */
async function verifyStored(tt: Test): Promise<void> {
  const rows = await database.query<{ id: number; label: string; version: number; updatedAt: number }>(
    `select id, "${RESOURCE.labelColumn}" as label, version, updated_at as "updatedAt" from "${RESOURCE.table}"`,
  )
  const stored = new Map(rows.map((row) => [row.id, row]))
  const missing = acknowledged.filter((ack) => {
    const found = stored.get(ack.id)
    const body = ack.body as { version: number; updatedAt: string }
    return (
      !found ||
      found.label !== ack.attempt.label ||
      found.version !== body.version ||
      new Date(found.updatedAt).toISOString() !== body.updatedAt
    )
  })
  tt.same(
    missing.map((m) => m.location),
    [],
    `all ${acknowledged.length} creates acknowledged so far are stored, unchanged`,
  )
}

async function verifyDatabase(tt: Test): Promise<void> {
  // The file is SQLite's to keep consistent through the kill. On PostgreSQL the process killed holds no storage:
  // the database server rolls back the open transactions of the connections that dropped, and checks every
  // foreign key at each statement, so these two checks have no counterpart there.
  if (onSqlite) {
    tt.same(await database.query('pragma integrity_check'), [{ integrity_check: 'ok' }], 'integrity_check is ok')
    tt.same(await database.query('pragma foreign_key_check'), [], 'foreign_key_check is empty')
  }
  const duplicated = await database.query(
    `select "${RESOURCE.labelColumn}" as label, count(*) as n from "${RESOURCE.table}" where "${RESOURCE.labelColumn}" like ? group by 1 having count(*) > 1`,
    `${LABEL} %`,
  )
  tt.same(duplicated, [], 'no create landed twice')
  // The change log commits with the writes: one event per stored article, none for work the kill cut off.
  const events = await database.query<{ id: number; n: number }>(
    `select resource_id as id, count(*) as n from changes where resource = 'article' and reason = 'created' group by resource_id order by resource_id`,
  )
  const stored = (await database.query<{ id: number }>('select id from articles order by id')).map((row) => row.id)
  tt.same(
    events.map((e) => e.id),
    stored,
    `a created event for each of the ${stored.length} stored articles, and for no other`,
  )
  tt.ok(
    events.every((e) => e.n === 1),
    'exactly one each',
  )
}

let server = await database.start()
for (let round = 1; round <= ROUNDS; round++) {
  // Kill moments spread over the rounds: early, middle and late in a burst (in acknowledged creates).
  const killAfter = 5 + (round - 1) * 40 + Math.floor(Math.random() * 40)
  await t.test(`round ${round}: kill -9 a few ms after acknowledged create #${killAfter}, restart, nothing lost`, async (tt) => {
    const { attempts, acks } = await burst(server, round, killAfter)
    const exit = await server.exited
    tt.equal(exit.signal, 'SIGKILL', 'the server died by SIGKILL, in the burst')

    for (const attempt of attempts) {
      if (attempt.reply?.status !== 201) continue
      const body = attempt.reply.json() as { id: number }
      acknowledged.push({ attempt, id: body.id, location: attempt.reply.headers.location!, etag: String(attempt.reply.headers.etag), body })
    }
    const unanswered = attempts.filter((a) => a.reply === undefined)
    tt.ok(acks >= killAfter, `${acks} creates acknowledged before the kill`)

    server = await database.start()
    await verifyDatabase(tt)
    await verifyStored(tt)
    await verifyAcknowledged(
      tt,
      server,
      acknowledged.filter((a) => a.attempt.label.startsWith(`${LABEL} ${round}-`)),
    )

    // Requests cut by the kill: the write either committed or not, never half, never twice.
    // With an Idempotency-Key the client's retry settles it: exactly one resource afterwards.
    let committedUnanswered = 0
    let settled = 0
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 })
    for (const attempt of unanswered) {
      const before = await countLabel(attempt.label)
      if (before > 1) tt.fail(`${attempt.label} committed ${before} times`)
      committedUnanswered += before
      if (!attempt.idempotencyKey) continue
      const retry = await create(server, agent, attempt)
      const replayed = retry.headers['idempotent-replayed'] === 'true'
      const after = await countLabel(attempt.label)
      if (retry.status === 201 && replayed === (before === 1) && after === 1) settled++
      else
        tt.fail(
          `retrying the cut ${attempt.idempotencyKey} (committed: ${before}) answered ${retry.status}, replayed: ${replayed}, rows: ${after}`,
        )
    }
    tt.equal(
      settled,
      unanswered.filter((a) => a.idempotencyKey).length,
      `all ${settled} cut requests with an Idempotency-Key settle on retry to exactly one resource (replayed iff it had committed)`,
    )
    agent.destroy()
    const rows = await count('like ?', `${LABEL} ${round}-%`)
    tt.comment(
      `round ${round}: ${attempts.length} creates sent, ${acks} acknowledged, ${unanswered.length} cut by the kill ` +
        `(${committedUnanswered} of them had committed), ${rows} rows of this round after restart and retries`,
    )
  })
}

t.test(`a clean stop after the crashes leaves a ${onSqlite ? 'checkpointed, consistent file' : 'consistent database'}`, async (tt) => {
  server.child.kill('SIGTERM')
  const exit = await server.exited
  tt.same(exit, { code: 0, signal: null }, 'exit 0 on SIGTERM')
  // Closing SQLite checkpoints its WAL into the file. PostgreSQL keeps its own WAL, and every commit it
  // acknowledged is in it whether the server closes its connections or is killed: nothing is left to finish.
  if (onSqlite) {
    const wal = await sizeOf(`${database.path}-wal`)
    tt.ok(wal === null || wal === 0, `the WAL is checkpointed (size ${wal ?? 'absent'})`)
  }
  await verifyDatabase(tt)
  await verifyStored(tt)
  const stored = await count('like ?', `${LABEL} %`)
  tt.ok(stored >= acknowledged.length, `${stored} rows stored for ${acknowledged.length} acknowledged creates`)
})
